"""PackageHolidays: weekends from our own table must match the `holidays` package."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import holidays
import pytest
from holidays import registry

from followup.adapters.calendar.holidays import WEEKENDS, PackageHolidays

CODES = sorted(entry[1] for entry in registry.COUNTRIES.values())


def test_every_countrys_weekend_matches_the_package() -> None:
    calendar = PackageHolidays()
    wrong = {
        code: (calendar.weekend(code), frozenset(holidays.country_holidays(code).weekend))
        for code in CODES
        if calendar.weekend(code) != frozenset(holidays.country_holidays(code).weekend)
    }
    assert wrong == {}, "update WEEKENDS for this version of the holidays package"
    assert set(WEEKENDS) <= set(CODES)


@pytest.mark.parametrize(
    ("country", "weekend"),
    [
        ("SA", {4, 5}),  # Friday and Saturday
        (" ae ", {5, 6}),
        ("IR", {4}),
        ("BN", {4, 6}),
        ("uk", {5, 6}),  # an alias of GB
        ("XX", {5, 6}),  # unknown: Saturday and Sunday, as before; check_country reports it
        ("", {5, 6}),
    ],
)
def test_weekend_reads_codes_as_the_rest_of_the_adapter_does(
    country: str, weekend: set[int]
) -> None:
    assert PackageHolidays().weekend(country) == frozenset(weekend)


def test_learning_a_weekend_does_not_import_the_package() -> None:
    """The agenda asks every recipient's weekend; the package costs ~70 ms to load."""
    code = (
        "import sys\n"
        "from followup.adapters.calendar.holidays import PackageHolidays\n"
        "assert PackageHolidays().weekend('SA') == {4, 5}\n"
        "assert 'holidays' not in sys.modules, 'weekend() imported holidays'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_holidays_still_come_from_the_package() -> None:
    calendar = PackageHolidays()
    assert calendar.holiday("GB", date(2026, 8, 31)) == "Late Summer Bank Holiday"
    assert calendar.holiday("SA", date(2026, 9, 23)) is not None  # Saudi National Day
    assert calendar.holiday("GB", date(2026, 9, 1)) is None
