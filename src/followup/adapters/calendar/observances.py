"""When the holidays a contact observes fall (HOLIDAY-005), and an in-memory twin.

Fixed-date holidays are constants; moving ones (Diwali, Eid, Hanukkah, Lunar New
Year...) come from the `holidays` package, read from a country that lists them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

# canonical name -> a fixed (month, day), or (country, the package's name, category)
_FIXED: Mapping[str, tuple[int, int]] = {
    "christmas": (12, 25),
    "orthodox christmas": (1, 7),
    "kwanzaa": (12, 26),
}
_LOOKUP: Mapping[str, tuple[str, str, str]] = {
    "hanukkah": ("IL", "Hanukkah", "school"),
    "diwali": ("IN", "Diwali", "public"),
    "lunar new year": ("CN", "Chinese New Year (Spring Festival)", "public"),
    "eid al-fitr": ("AE", "Eid al-Fitr", "public"),
    "eid al-adha": ("AE", "Eid al-Adha", "public"),
    "rosh hashanah": ("IL", "Rosh Hashanah", "public"),
    "nowruz": ("IR", "Nowruz", "public"),
    "vesak": ("SG", "Vesak Day", "public"),
}


class PackageObservances:
    """`Observances` from fixed dates and the `holidays` package, cached per name and year."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, int], date | None] = {}

    def date_of(self, holiday: str, year: int) -> date | None:
        key = (holiday, year)
        if key not in self._cache:
            self._cache[key] = self._find(holiday, year)
        return self._cache[key]

    def _find(self, holiday: str, year: int) -> date | None:
        if holiday in _FIXED:
            month, day = _FIXED[holiday]
            return date(year, month, day)
        source = _LOOKUP.get(holiday)
        if source is None:
            return None
        import holidays

        country, name, category = source
        table = holidays.country_holidays(
            country, years=(year - 1, year), categories=(category,), language="en_US"
        )
        # Lunar calendars ahead of official announcements are marked "(estimated)":
        # close enough for a greeting.
        days = {
            d
            for d, names in table.items()
            if name in (n.replace("(estimated)", "").strip() for n in names.split(";"))
        }
        # The first day of a run that starts in `year` (Hanukkah spans the new year).
        starts = sorted(d for d in days if d.year == year and d - timedelta(days=1) not in days)
        return starts[0] if starts else None


class MemoryObservances:
    """`Observances` from a fixed table: {(name, year): date}."""

    def __init__(self, table: Mapping[tuple[str, int], date] | None = None) -> None:
        self._table = dict(table or {})

    def date_of(self, holiday: str, year: int) -> date | None:
        if (holiday, year) in self._table:
            return self._table[(holiday, year)]
        if holiday in _FIXED:
            month, day = _FIXED[holiday]
            return date(year, month, day)
        return None
