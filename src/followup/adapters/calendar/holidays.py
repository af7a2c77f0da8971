"""Public holidays from the `holidays` package, cached per country and year; a memory twin."""

from __future__ import annotations

import difflib
import json
import os
import re
import threading
import warnings
from collections.abc import Mapping
from datetime import date
from functools import cached_property
from pathlib import Path

from followup.domain.errors import ValidationError

# Holidays observed across a whole country only; some countries keep major bank holidays
# per subdivision, so pick the most populous one (England has Easter Monday and the
# August bank holiday, which the UK-wide list lacks).
DEFAULT_SUBDIVISIONS: Mapping[str, str] = {"GB": "ENG"}
_ALIASES: Mapping[str, str] = {"UK": "GB", "EL": "GR"}
_SAT_SUN = frozenset({5, 6})
# Countries whose weekend is not Saturday and Sunday (Monday is 0), as the `holidays`
# package (0.109) has them; a test checks this table against the package for every country.
# Asking the package means importing it and building a country calendar: ~70 ms per run.
_FRI_SAT = frozenset({4, 5})
WEEKENDS: Mapping[str, frozenset[int]] = {
    **dict.fromkeys(("AF", "BD", "BH", "DJ", "DZ", "EG", "IL", "IQ", "JO"), _FRI_SAT),
    **dict.fromkeys(("KW", "MR", "MV", "OM", "QA", "SA", "SD", "SY", "YE"), _FRI_SAT),
    **dict.fromkeys(("AI", "CD", "HK", "KN", "NE", "PY", "TK", "VE"), frozenset({6})),  # Sunday
    "BN": frozenset({4, 6}),  # Friday and Sunday
    "IR": frozenset({4}),  # Friday
}


class PackageHolidays:
    """`HolidayCalendar` backed by the `holidays` package (offline, about 250 countries)."""

    def __init__(
        self, subdivisions: Mapping[str, str] | None = None, *, cache: Path | None = None
    ) -> None:
        self._subdivisions = dict(DEFAULT_SUBDIVISIONS if subdivisions is None else subdivisions)
        self._years: dict[tuple[str, int], dict[date, str]] = {}
        self._government: dict[tuple[str, int], dict[date, str]] = {}
        # Country-years already computed, kept on disk: the package costs about 70 ms to
        # import and build a calendar, which a short command (the agenda) need not pay.
        self._cache = cache
        self._disk: dict[str, dict[str, str]] | None = None
        self._lock = threading.RLock()  # a government table reads the public one

    @cached_property
    def _names(self) -> dict[str, str]:
        """Alpha-2 code -> English country name, for error messages and close matches."""
        from holidays import registry

        names: dict[str, str] = {}
        for entry in registry.COUNTRIES.values():
            class_name, code = entry[0], entry[1]
            names[code] = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", class_name)
        return names

    def _code(self, country: str) -> str | None:
        code = country.strip().upper()
        code = _ALIASES.get(code, code)
        return code if code in self._names else None

    def check_country(self, country: str) -> str:
        code = self._code(country)
        if code is not None:
            return code
        raise ValidationError("country", _unknown_country(country, self._names))

    def holiday(self, country: str, day: date) -> str | None:
        key = (country, day.year)
        table = self._years.get(key)
        if table is None:
            table = self._years[key] = self._cached(country, day.year)
        return table.get(day)

    def government_holiday(self, country: str, day: date) -> str | None:
        # The package's `government` category: days official offices close that are not
        # public holidays for everyone (Canada's Remembrance Day, for example).
        key = (country, day.year)
        table = self._government.get(key)
        if table is None:
            table = self._government[key] = self._cached(country, day.year, "government")
        return table.get(day)

    def _cached(self, country: str, year: int, category: str = "public") -> dict[date, str]:
        if self._cache is None:
            return self._load(country, year, category)
        with self._lock:  # the web app asks from several threads
            if self._disk is None:
                self._disk = _read_cache(self._cache, self._stamp())
            entry = f"{country}|{year}" if category == "public" else f"{country}|{year}|{category}"
            found = self._disk.get(entry)
            if found is not None:
                return {date.fromisoformat(d): name for d, name in found.items()}
            table = self._load(country, year, category)
            self._disk[entry] = {d.isoformat(): name for d, name in table.items()}
            _write_cache(self._cache, self._stamp(), self._disk)
            return table

    def _stamp(self) -> str:
        """What the cached tables were computed with: the package's files and our rules."""
        import importlib.util

        spec = importlib.util.find_spec("holidays")
        origin = Path(spec.origin) if spec is not None and spec.origin else None
        mtime = origin.stat().st_mtime_ns if origin is not None and origin.exists() else 0
        return f"{origin}:{mtime}:{sorted(self._subdivisions.items())}"

    def weekend(self, country: str) -> frozenset[int]:
        # An unknown country gets Saturday and Sunday, as before; check_country reports it.
        code = country.strip().upper()
        return WEEKENDS.get(_ALIASES.get(code, code), _SAT_SUN)

    def _load(self, country: str, year: int, category: str = "public") -> dict[date, str]:
        code = self._code(country) if country else None
        if code is None:
            return {}  # an unknown country has no known holidays; check_country reports it
        import holidays

        if category != "public":
            supported = getattr(holidays.country_holidays(code), "supported_categories", ())
            if category not in supported:
                return {}

        with warnings.catch_warnings():
            # Outside the years a country's rules cover, the package warns and returns none;
            # "no known holidays" is the right answer, and a warning would reach the user.
            warnings.filterwarnings("ignore", message="Requested Holidays are available only")
            table = holidays.country_holidays(
                code,
                subdiv=self._subdivisions.get(code),
                years=year,
                language="en_US",
                categories=(category,),
            )
        found = {d: name.split(";")[0].strip() for d, name in table.items()}
        if category != "public":
            public = self._years.get((country, year))
            if public is None:
                public = self._years[(country, year)] = self._cached(country, year)
            found = {d: name for d, name in found.items() if d not in public}
        return found


def _read_cache(path: Path, stamp: str) -> dict[str, dict[str, str]]:
    """The cached tables, or none when the file is missing, unreadable or stale."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("stamp") != stamp:
        return {}
    tables = data.get("tables")
    return tables if isinstance(tables, dict) else {}


def _write_cache(path: Path, stamp: str, tables: Mapping[str, Mapping[str, str]]) -> None:
    """Best effort, atomically: a cache that cannot be written is only slower."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"stamp": stamp, "tables": tables}, out)
        partial.replace(path)
    except OSError:
        pass


class MemoryHolidays:
    """`HolidayCalendar` from fixed tables: {country: {date: name}} for public holidays,
    and the same for holidays only government offices keep."""

    def __init__(
        self,
        table: Mapping[str, Mapping[date, str]] | None = None,
        weekends: Mapping[str, frozenset[int]] | None = None,
        government: Mapping[str, Mapping[date, str]] | None = None,
    ) -> None:
        self._table = {k.upper(): dict(v) for k, v in (table or {}).items()}
        self._weekends = dict(weekends or {})
        self._government = {k.upper(): dict(v) for k, v in (government or {}).items()}

    def government_holiday(self, country: str, day: date) -> str | None:
        return self._government.get(country.upper(), {}).get(day)

    def check_country(self, country: str) -> str:
        code = country.strip().upper()
        known = set(self._table) | set(self._weekends)
        if code in known:
            return code
        raise ValidationError("country", _unknown_country(country, {c: c for c in known}))

    def holiday(self, country: str, day: date) -> str | None:
        return self._table.get(country.upper(), {}).get(day)

    def weekend(self, country: str) -> frozenset[int]:
        return self._weekends.get(country.upper(), _SAT_SUN)


def _unknown_country(country: str, names: Mapping[str, str]) -> str:
    """`unknown country code 'XU'; close matches: US (United States), ...`."""
    text = country.strip()
    upper = text.upper()
    by_name = {name.casefold(): code for code, name in names.items()}
    matches: list[str] = []
    if len(text) > 2:
        # A name typed instead of a code: match it against the names.
        for name in difflib.get_close_matches(text.casefold(), list(by_name), n=5, cutoff=0.6):
            matches.append(by_name[name])
    else:
        matches = difflib.get_close_matches(upper, list(names), n=6, cutoff=0.5)
        # Two-letter codes are too short for difflib alone: codes sharing the first letter
        # and then the second letter come next.
        for code in sorted(names):
            if len(matches) >= 6:
                break
            if code not in matches and upper[:1] == code[:1]:
                matches.append(code)
    shown = ", ".join(
        f"{code} ({names[code]})" if names[code] != code else code for code in matches[:6]
    )
    hint = f"; close matches: {shown}" if shown else ""
    return f"unknown country code {text!r}{hint}"
