"""Reading dates the user types: ISO 8601 and phrases, in the user's zone (issue 2 §4)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.cli.options import parse_day, parse_when
from followup.domain.errors import ValidationError

ZONES = ["Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"]
NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)  # a Wednesday
naive = st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2099, 12, 31))
offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))


@given(moment=naive, offset=offsets)
def test_iso_with_an_offset_is_that_instant(moment: datetime, offset: timezone) -> None:
    aware = moment.replace(tzinfo=offset)
    assert parse_when(aware.isoformat(), "Asia/Tokyo", NOW, "--end") == aware


@given(moment=naive, zone=st.sampled_from(ZONES))
def test_naive_iso_is_read_in_the_users_zone(moment: datetime, zone: str) -> None:
    parsed = parse_when(moment.isoformat(), zone, NOW, "--end")
    assert parsed.replace(tzinfo=None) == moment
    assert parsed.tzinfo == ZoneInfo(zone)


@given(day=st.dates(min_value=date(1971, 1, 1), max_value=date(2099, 12, 31)))
def test_iso_dates_are_days(day: date) -> None:
    assert parse_day(day.isoformat(), "UTC", NOW, "--decision-by") == day


@pytest.mark.parametrize(
    ("phrase", "zone", "expected"),
    [
        ("tomorrow 2pm", "Europe/London", datetime(2026, 11, 26, 14, 0)),
        ("today 3pm", "America/New_York", datetime(2026, 11, 25, 15, 0)),
        ("Friday 09:30", "Asia/Kolkata", datetime(2026, 11, 27, 9, 30)),
    ],
)
def test_phrases_are_read_relative_to_now_in_the_zone(
    phrase: str, zone: str, expected: datetime
) -> None:
    parsed = parse_when(phrase, zone, NOW, "--at")
    assert parsed.replace(tzinfo=None) == expected
    assert parsed.utcoffset() == ZoneInfo(zone).utcoffset(expected)


def test_a_weekday_means_the_next_one() -> None:
    assert parse_when("Tue 14:00", "UTC", NOW, "--at").date() == date(2026, 12, 1)


@pytest.mark.parametrize("bad", ["when pigs fly", "2026-02-30", "", "   "])
def test_unreadable_dates_name_the_field(bad: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_day(bad, "UTC", NOW, "--decision-by") if "-" in bad else parse_when(
            bad, "UTC", NOW, "--at"
        )
    assert info.value.field in ("--at", "--decision-by")
