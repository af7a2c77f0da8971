"""Time zones for one invite file: IANA and Windows names, then the file's own VTIMEZONEs.

icalendar caches a custom VTIMEZONE process-wide by TZID, so a second file's
"Customized Time Zone" would get the first file's offsets: zones are resolved here,
per file, from the wall time and the TZID (reliability.md §1.9).
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Any

from followup.domain.errors import ValidationError
from followup.domain.imports.recurrence import rule_problem
from followup.domain.records.zones import check_zone


@dataclass
class Zones:
    """Resolves TZIDs for one file: IANA and Windows names, then the file's own VTIMEZONEs."""

    default_tz: str
    vtimezones: dict[str, Any]
    calendar_tz: str = ""  # X-WR-TIMEZONE, when it names a real zone
    cache: dict[str, tuple[tzinfo, str, str]] = field(default_factory=dict)

    def resolve(self, tzid: str, at: datetime) -> tuple[tzinfo, str, str]:
        """(tzinfo, IANA key to show, note) for a TZID; unknown ones fall back with a note."""
        if tzid in self.cache:
            return self.cache[tzid]
        found = self._lookup(tzid, at)
        self.cache[tzid] = found
        return found

    def _lookup(self, tzid: str, at: datetime) -> tuple[tzinfo, str, str]:
        key = iana_key(tzid)
        if key:
            return zoneinfo.ZoneInfo(key), key, ""
        component = self.vtimezones.get(tzid)
        problem = zone_problem(component) if component is not None else ""
        custom = _custom_zone(component, at) if component is not None and not problem else None
        if custom is not None:
            offset = at.replace(tzinfo=custom).utcoffset()
            if offset is not None:
                shown = _zone_for_offset(offset, self.default_tz, at)
                return (
                    custom,
                    shown,
                    (
                        f"time zone {tzid!r} is defined in the file itself "
                        f"(UTC{_hhmm(offset)} at the start); shown as {shown}"
                    ),
                )
        fallback = self.calendar_tz or self.default_tz
        whose = "the calendar's zone" if self.calendar_tz else "your zone"
        what = (
            f"time zone {tzid!r} is defined in the file with a rule that cannot be used ({problem})"
            if problem
            else f"unknown time zone {tzid!r} with no definition in the file"
        )
        return (
            zoneinfo.ZoneInfo(fallback),
            fallback,
            f"{what}: times read in {whose} {fallback}; check them",
        )

    def floating(self) -> tuple[tzinfo, str, str]:
        """Times with no zone at all: the calendar's X-WR-TIMEZONE, else the candidate's zone."""
        if self.calendar_tz:
            return (
                zoneinfo.ZoneInfo(self.calendar_tz),
                self.calendar_tz,
                (
                    f"the times carry no zone; read in the calendar's zone {self.calendar_tz} "
                    "(X-WR-TIMEZONE)"
                ),
            )
        return (
            zoneinfo.ZoneInfo(self.default_tz),
            self.default_tz,
            (
                f"the times carry no zone (floating); read in your zone {self.default_tz}; "
                "check them"
            ),
        )


def zone_problem(component: Any) -> str:
    """Why a VTIMEZONE's rules cannot be used, or "": a zone's RRULEs are yearly, and a
    secondly one would be walked from 1601 to the interview, second by second (issue 17)."""
    for part in component.subcomponents:
        rules = part.get("RRULE")
        for rule in rules if isinstance(rules, list) else [rules] if rules is not None else []:
            problem = rule_problem(rule, zone=True)
            if problem:
                return problem
    return ""


def _custom_zone(component: Any, at: datetime) -> tzinfo | None:
    """The zone a VTIMEZONE block defines, built afresh (never icalendar's shared cache)."""
    import icalendar

    try:
        zone: tzinfo = icalendar.timezone.tzp.create_timezone(component)
        at.replace(tzinfo=zone).utcoffset()
    except Exception:  # a broken VTIMEZONE is treated as no definition at all
        return None
    return zone


def iana_key(tzid: str) -> str:
    """The IANA key for a TZID: plain, Windows, quoted, or "/vendor/Europe/Berlin"; else ""."""
    raw = tzid.strip().strip('"').strip()
    candidates = [raw]
    if "/" in raw:
        parts = [p for p in raw.split("/") if p]
        candidates += ["/".join(parts[i:]) for i in range(len(parts))]
    for candidate in candidates:
        try:
            return check_zone(candidate)
        except ValidationError:
            continue
    return ""


def _zone_for_offset(offset: timedelta, default_tz: str, at: datetime) -> str:
    """An IANA key to show a custom zone in: the candidate's if it agrees, else Etc/GMT±N."""
    if at.replace(tzinfo=zoneinfo.ZoneInfo(default_tz)).utcoffset() == offset:
        return default_tz
    hours, rest = divmod(int(offset.total_seconds()), 3600)
    if rest == 0 and -12 <= hours <= 14:
        return "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"  # POSIX inverts the sign
    return "UTC"


def _hhmm(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
