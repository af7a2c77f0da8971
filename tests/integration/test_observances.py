"""Dates of the holidays a contact may observe (HOLIDAY-005), from the `holidays` package."""

from __future__ import annotations

from datetime import date

import pytest

from followup.adapters.calendar.observances import MemoryObservances, PackageObservances
from followup.domain.network.greetings import OBSERVANCES


@pytest.mark.parametrize(
    ("holiday", "year", "day"),
    [
        ("christmas", 2026, date(2026, 12, 25)),
        ("kwanzaa", 2026, date(2026, 12, 26)),
        ("hanukkah", 2026, date(2026, 12, 5)),
        ("hanukkah", 2027, date(2027, 12, 25)),  # the run that starts in that year
        ("diwali", 2026, date(2026, 11, 8)),
        ("lunar new year", 2026, date(2026, 2, 17)),
        ("eid al-fitr", 2026, date(2026, 3, 20)),
        ("eid al-fitr", 2027, date(2027, 3, 9)),  # "(estimated)" ahead of the moon sighting
        ("rosh hashanah", 2026, date(2026, 9, 12)),
    ],
)
def test_known_holidays_have_dates(holiday: str, year: int, day: date) -> None:
    assert PackageObservances().date_of(holiday, year) == day


def test_every_listed_observance_has_a_date_next_year() -> None:
    observances = PackageObservances()
    missing = [name for name in OBSERVANCES if observances.date_of(name, 2027) is None]
    assert missing == []


def test_unknown_holidays_have_none_and_the_twin_reads_its_table() -> None:
    assert PackageObservances().date_of("festivus", 2026) is None
    twin = MemoryObservances({("diwali", 2026): date(2026, 11, 8)})
    assert twin.date_of("diwali", 2026) == date(2026, 11, 8)
    assert twin.date_of("christmas", 2030) == date(2030, 12, 25)
    assert twin.date_of("diwali", 2027) is None
