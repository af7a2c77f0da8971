"""Invite files read with icalendar 7 and recurring-ical-events: the real CalendarSource.

Hazards this adapter exists for (reliability.md §1.9, §3 D1-D13), and where each is met:
- an unknown TZID without VTIMEZONE comes back as a *naive* datetime, silently;
- icalendar caches a custom VTIMEZONE process-wide by TZID, so a second file's
  "Customized Time Zone" would get the first file's offsets: zones are resolved
  per file, from the wall time and the TZID (`ics_zones`);
- bad values fail lazily (on `.dt`), with varied exception types: every property is
  read inside the try block and any failure becomes one ValidationError naming the file
  (`ics_events`, and here);
- unbounded or sub-daily RRULEs: expansion is lazy, windowed and capped (`ics_recurrence`);
- an invite inside an email, in any encoding, or not a calendar at all (`ics_carrier`).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from followup.adapters.calendar.ics_carrier import calendar_in_email, check_shape, decode, is_email
from followup.adapters.calendar.ics_events import (
    EventError,
    label_of,
    prop_text,
    read_event,
    reason,
)
from followup.adapters.calendar.ics_recurrence import bounded_expand
from followup.adapters.calendar.ics_zones import Zones, iana_key
from followup.domain.errors import TooLarge, ValidationError
from followup.domain.imports.invite import Invite, InviteEvent, ReadOptions, Skipped
from followup.domain.records.zones import check_zone


class IcsCalendar:
    """CalendarSource over .ics files and .eml messages carrying an invite."""

    def read(self, path: Path, options: ReadOptions) -> Invite:
        """Parse the invite file at `path`; any problem is one ValidationError naming it."""
        source = str(path)
        try:
            size = path.stat().st_size
            if size > options.max_bytes:
                raise TooLarge(source, _too_large(size, options.max_bytes))
            with path.open("rb") as handle:
                data = handle.read(options.max_bytes + 1)  # the file may grow after stat()
        except FileNotFoundError:
            raise ValidationError(source, "no such file") from None
        except IsADirectoryError:
            raise ValidationError(source, "is a folder, not a file") from None
        except OSError as exc:
            raise ValidationError(source, f"cannot be read: {exc.strerror or exc}") from None
        return parse_invite(data, source, options)


def _too_large(size: int, limit: int) -> str:
    return f"is {size / 1_048_576:.1f} MB; the limit for an invite is {limit / 1_048_576:.0f} MB"


def parse_invite(data: bytes, source: str, options: ReadOptions) -> Invite:
    """Parse invite bytes (.ics text, or an email carrying one); errors name `source`."""
    if len(data) > options.max_bytes:
        raise TooLarge(source, _too_large(len(data), options.max_bytes))
    if not data.strip():
        raise ValidationError(source, "is empty")
    notes: list[str] = []
    if is_email(data, source):
        data = calendar_in_email(data, source)
        notes.append("read from the calendar invite inside the email")
    text = decode(data, source, notes)
    check_shape(text, source, options)
    import icalendar  # ~60 ms: only when an invite is read

    with warnings.catch_warnings():
        # icalendar warns about guessed zones and deprecated forms; zones are resolved
        # here, and a warning must never become a traceback.
        warnings.simplefilter("ignore")
        try:
            calendar = icalendar.Calendar.from_ical(text)
        except Exception as exc:  # icalendar raises ValueError, KeyError, IndexError ...
            raise ValidationError(source, f"is not a valid calendar: {reason(exc)}") from None
        try:
            return _read_calendar(calendar, source, options, notes)
        except (ValidationError, EventError):
            raise
        except Exception as exc:
            raise ValidationError(source, f"is not a valid calendar: {reason(exc)}") from None


def _read_calendar(calendar: Any, source: str, options: ReadOptions, notes: list[str]) -> Invite:
    method = prop_text(calendar.get("METHOD")).upper()
    vtimezones: dict[str, Any] = {}
    for component in calendar.walk("VTIMEZONE"):
        tzid = prop_text(component.get("TZID"))
        if tzid:
            vtimezones.setdefault(tzid, component)
    x_wr = iana_key(prop_text(calendar.get("X-WR-TIMEZONE")))
    zones = Zones(
        default_tz=check_zone(options.default_tz), vtimezones=vtimezones, calendar_tz=x_wr
    )
    components = [c for c in calendar.subcomponents if c.name == "VEVENT"]
    series: dict[str, list[Any]] = {}
    singles: list[Any] = []
    for component in components:
        uid = prop_text(component.get("UID"))
        if uid and ("RRULE" in component or "RDATE" in component):
            series.setdefault(uid, []).insert(0, component)  # the master first
        else:
            singles.append(component)
    # Overrides (RECURRENCE-ID) of a series in this file belong to the series expansion.
    for component in list(singles):
        uid = prop_text(component.get("UID"))
        if uid in series and "RECURRENCE-ID" in component:
            series[uid].append(component)
            singles.remove(component)

    events: list[InviteEvent] = []
    skipped: list[Skipped] = []
    for component in singles:
        try:
            events.append(read_event(component, method, zones))
        except EventError as exc:
            skipped.append(Skipped(reason=f"{label_of(component)}: {exc}"))
        except Exception as exc:  # a broken property (D3): that event only
            skipped.append(Skipped(reason=f"{label_of(component)}: {reason(exc)}"))
    for uid, parts in series.items():
        try:
            found, note = bounded_expand(parts, method, zones, options)
            events.extend(found)
            if note:
                notes.append(note)
        except EventError as exc:
            skipped.append(Skipped(reason=f"{label_of(parts[0])}: {exc}"))
        except Exception as exc:
            skipped.append(Skipped(reason=f"{label_of(parts[0])} ({uid}): {reason(exc)}"))
    events.sort(key=lambda e: (e.start, e.source_uid))
    return Invite(
        source=source,
        events=tuple(events),
        skipped=tuple(skipped),
        notes=tuple(dict.fromkeys(notes)),
    )


class MemoryCalendar:
    """The in-memory twin: invites already parsed, looked up by path."""

    def __init__(self, invites: dict[str, Invite] | None = None) -> None:
        self.invites = dict(invites or {})

    def add(self, path: str | Path, invite: Invite) -> None:
        self.invites[str(path)] = invite

    def read(self, path: Path, options: ReadOptions) -> Invite:
        """The invite stored under `path`, or the same error as for a missing file."""
        try:
            return self.invites[str(path)]
        except KeyError:
            raise ValidationError(str(path), "no such file") from None
