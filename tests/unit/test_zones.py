"""Time zones: IANA checked, Windows mapped, path-like keys refused."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.domain.errors import ValidationError
from followup.domain.records.zones import ABBREVIATIONS, check_zone, label, localize, zone_country

IANA = sorted(zoneinfo.available_timezones())


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Europe/London", "Europe/London"),
        ("Pacific Standard Time", "America/Los_Angeles"),
        ("W. Europe Standard Time", "Europe/Berlin"),
        ("Tokyo Standard Time", "Asia/Tokyo"),
        ("utc", "UTC"),
        ("UTC", "UTC"),  # also a Windows name: the IANA one wins
        ("GMT", "GMT"),
    ],
)
def test_known_names_map_to_iana(name: str, key: str) -> None:
    assert check_zone(name) == key


@pytest.mark.parametrize(
    "bad", ["Mars/Olympus", "../../etc/passwd", "/etc/localtime", "", "Europe/"]
)
def test_unknown_or_path_like_zones_are_refused(bad: str) -> None:
    with pytest.raises(ValidationError):
        check_zone(bad, "--tz")


def test_country_derived_only_when_unambiguous() -> None:
    assert zone_country("America/Chicago") == "US"
    assert zone_country("Asia/Tokyo") == "JP"
    assert zone_country("UTC") is None


@given(st.sampled_from([z for z in IANA if z.casefold() not in ABBREVIATIONS]))
def test_every_iana_zone_is_accepted(name: str) -> None:
    assert check_zone(name) == name


@pytest.mark.parametrize("name", ["EST", "MST", "HST", "EST5EDT", "PST", "cet", "IST"])
def test_abbreviations_are_refused_with_the_zone_they_mean(name: str) -> None:
    with pytest.raises(ValidationError, match=r"abbreviation.*use an IANA name such as \w+/"):
        check_zone(name, "--tz")


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("Etc/GMT+5", "UTC\u221205:00"),
        ("Etc/GMT-5", "UTC+05:00"),
        ("UTC", "UTC"),
        ("Etc/UTC", "UTC"),
        ("Europe/Berlin", "Europe/Berlin"),
    ],
)
def test_fixed_offsets_are_labelled_with_their_true_sign(key: str, shown: str) -> None:
    assert label(key) == shown


def test_a_time_in_a_dst_gap_moves_forward_and_says_so() -> None:
    moment, note = localize(datetime(2027, 3, 14, 2, 30), "America/New_York")
    assert (moment.hour, moment.minute) == (3, 30)
    assert moment.utcoffset() == timedelta(hours=-4)
    assert "02:30 on 2027-03-14 does not exist" in note
    assert "read as 03:30 UTC\u221204:00" in note


def test_a_time_in_a_fold_takes_the_first_occurrence_and_says_how_to_get_the_second() -> None:
    moment, note = localize(datetime(2027, 11, 7, 1, 30), "America/New_York")
    assert moment.utcoffset() == timedelta(hours=-4)  # EDT, the first 01:30
    assert "happens twice" in note
    assert "2027-11-07T01:30-05:00" in note
    second = datetime.fromisoformat("2027-11-07T01:30-05:00")
    assert second - moment == timedelta(hours=1)


def test_an_ordinary_time_has_no_note() -> None:
    moment, note = localize(datetime(2027, 6, 7, 14, 0), "Europe/London")
    assert note == ""
    assert moment.utcoffset() == timedelta(hours=1)


@given(st.text(max_size=40))
def test_arbitrary_text_is_a_zone_or_a_clear_error(text: str) -> None:
    try:
        key = check_zone(text)
    except ValidationError as exc:
        assert "time zone" in str(exc)
    else:
        zoneinfo.ZoneInfo(key)
