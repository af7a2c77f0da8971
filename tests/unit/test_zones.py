"""Time zones: IANA checked, Windows mapped, path-like keys refused."""

from __future__ import annotations

import zoneinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.domain.errors import ValidationError
from followup.domain.records.zones import check_zone, zone_country

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


@given(st.sampled_from(IANA))
def test_every_iana_zone_is_accepted(name: str) -> None:
    assert check_zone(name) == name


@given(st.text(max_size=40))
def test_arbitrary_text_is_a_zone_or_a_clear_error(text: str) -> None:
    try:
        key = check_zone(text)
    except ValidationError as exc:
        assert "time zone" in str(exc)
    else:
        zoneinfo.ZoneInfo(key)
