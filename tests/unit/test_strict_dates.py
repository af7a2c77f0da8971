"""Issue 17 §2: dates are read strictly, or not at all; phrases are echoed back; DST gaps
and folds are noted; fixed offsets show as UTC−05:00."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from followup.cli import console
from followup.cli.options import parse_day, parse_when
from followup.domain.errors import ValidationError
from followup.domain.timing.wording import city

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)  # a Wednesday


@pytest.mark.parametrize(
    "bad", ["2026-13-01", "2026-02-30", "2026-11-24T25:00", "2026-1-1", "20261324T1000"]
)
def test_invalid_iso_is_an_error_not_a_phrase(bad: str) -> None:
    """Before: "2026-13-01" went to the phrase reader and came back as 13 January."""
    with pytest.raises(ValidationError) as info:
        parse_when(bad, "UTC", NOW, "--at")
    assert info.value.field == "--at" and repr(bad) in info.value.problem


@pytest.mark.parametrize(
    ("phrase", "word"), [("yesterday 25pm", "25pm"), ("-1", "-1"), ("tomorrow banana", "banana")]
)
def test_a_phrase_with_unused_words_is_an_error(phrase: str, word: str) -> None:
    """Before: "yesterday 25pm" was yesterday at the current time, "-1" a date next year."""
    with pytest.raises(ValidationError) as info:
        parse_when(phrase, "UTC", NOW, "--at")
    assert repr(word) in info.value.problem


@pytest.mark.parametrize("bad", ["9999-12-31", "0001-01-01", "9999-12-31T23:59+00:00"])
def test_years_out_of_range_are_refused_in_both_readers(bad: str) -> None:
    for reader in (parse_when, parse_day):
        with pytest.raises(ValidationError, match="out of range"):
            reader(bad, "UTC", NOW, "--end")


def test_a_phrase_is_echoed_back(capsys: pytest.CaptureFixture[str]) -> None:
    found = parse_when("yesterday 3pm", "Europe/London", NOW, "--end")
    assert found == datetime(2026, 11, 24, 15, 0, tzinfo=found.tzinfo)
    assert capsys.readouterr().err == "--end: read 'yesterday 3pm' as Tue 24 Nov 2026 15:00 GMT\n"


def test_iso_is_not_echoed(capsys: pytest.CaptureFixture[str]) -> None:
    parse_when("2026-11-24T15:00", "Europe/London", NOW, "--end")
    assert capsys.readouterr().err == ""


def test_a_time_in_the_dst_gap_is_moved_with_a_note(capsys: pytest.CaptureFixture[str]) -> None:
    found = parse_when("2026-03-08T02:30", "America/New_York", NOW, "--end")
    assert found.utcoffset() == timedelta(hours=-4) and (found.hour, found.minute) == (3, 30)
    assert "does not exist in America/New_York" in capsys.readouterr().err


def test_a_time_in_the_fold_says_which(capsys: pytest.CaptureFixture[str]) -> None:
    found = parse_when("2026-11-01T01:30", "America/New_York", NOW, "--end")
    assert found.utcoffset() == timedelta(hours=-4)
    err = capsys.readouterr().err
    assert "happens twice" in err and "2026-11-01T01:30-05:00" in err


@pytest.mark.parametrize("abbreviation", ["EST", "MST"])
def test_abbreviations_are_refused_with_the_zone(abbreviation: str) -> None:
    with pytest.raises(ValidationError, match="America/"):
        parse_when("2026-11-24T15:00", abbreviation, NOW, "--end")


def test_a_fixed_offset_shows_as_utc_minus_not_gmt_plus() -> None:
    moment = datetime(2026, 11, 24, 15, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert console.moment(moment, "Etc/GMT+5").endswith("15:00 UTC\u221205:00")
    assert city("Etc/GMT+5") == "UTC\u221205:00"


def test_a_valid_day_still_reads() -> None:
    assert parse_day("2026-12-04", "UTC", NOW, "--decision-by") == date(2026, 12, 4)
