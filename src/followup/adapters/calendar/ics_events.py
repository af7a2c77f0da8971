"""One VEVENT read into an InviteEvent: its times in this file's zones, text, link and people."""

from __future__ import annotations

import re
import zoneinfo
from datetime import UTC, date, datetime, timedelta
from typing import Any

from followup.adapters.calendar.ics_zones import Zones
from followup.domain.imports.attendees import person
from followup.domain.imports.invite import InviteEvent, Person, fallback_uid
from followup.domain.imports.invite_text import description_text, meeting_link, summary_text
from followup.domain.records import fields


class EventError(Exception):
    """One event cannot be imported; the others still can (reliability D3)."""


def reason(exc: BaseException) -> str:
    """A library exception as a short phrase a person can act on."""
    text = " ".join(str(exc).split())
    broken = re.match(r"Cannot access '\w+' on broken property '([\w-]+)'[^:]*:\s*(.*)$", text)
    if broken:
        text = f"{broken[1]} is not valid ({broken[2]})"
    elif isinstance(exc, KeyError):
        text = f"{text.strip(chr(39))} is missing"
    text = text or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def label_of(component: Any) -> str:
    try:
        summary = summary_text(prop_text(component.get("SUMMARY")))[0]
    except Exception:
        summary = ""
    return f"event {summary!r}" if summary else "an event with no title"


def prop_text(value: Any) -> str:
    """A property's text; the first one when the property is repeated."""
    if value is None:
        return ""
    if isinstance(value, list):
        return prop_text(value[0]) if value else ""
    return str(value)


def instant(
    component: Any, name: str, zones: Zones, *, wall: bool = False
) -> tuple[datetime, str, str] | None:
    """(aware datetime, zone key, note) for DTSTART/DTEND/RECURRENCE-ID; None when absent.

    The instant is returned in UTC (D5/D6): a wall time in a DST gap or fold never compares
    equal to anything in another zone, so zone-local values would mislead comparisons;
    `key` is the zone to show it in. `wall=True` keeps the file's wall time and zone, for
    rewriting a series before its expansion.
    """
    prop = component.get(name)
    if prop is None:
        return None
    if isinstance(prop, list):
        raise EventError(f"has {len(prop)} {name} properties; an event has one")
    value = prop.dt  # raises for an invalid date such as 20240230 (D3)
    if not isinstance(value, datetime):
        if isinstance(value, date):
            raise EventError("is an all-day event; an interview needs a time of day")
        raise EventError(f"{name} is not a date and time")
    if not fields.YEAR_MIN <= value.year <= fields.YEAR_MAX:
        # Near year 1 or 9999 a zone shift or a planning window would overflow.
        raise EventError(
            f"{name} is in year {value.year}, out of range "
            f"(from {fields.YEAR_MIN} to {fields.YEAR_MAX})"
        )
    tzid = prop_text(prop.params.get("TZID")) if hasattr(prop, "params") else ""
    if tzid:
        tz, key, note = zones.resolve(tzid, value.replace(tzinfo=None))
        moment = value.replace(tzinfo=None).replace(tzinfo=tz)
    elif value.tzinfo is not None and value.utcoffset() is not None:
        moment, note = value, ""
        key = getattr(value.tzinfo, "key", "") or (
            "UTC" if value.utcoffset() == timedelta(0) else zones.default_tz
        )
    else:
        tz, key, note = zones.floating()
        moment = value.replace(tzinfo=tz)
    return (moment if wall else moment.astimezone(UTC)), key, note


def read_event(component: Any, method: str, zones: Zones) -> InviteEvent:
    """One VEVENT (or one expanded occurrence) as an InviteEvent; bad ones raise."""
    started = instant(component, "DTSTART", zones)
    if started is None:
        raise EventError("has no start time (DTSTART)")
    start, tz, start_note = started
    zone_notes = [n for n in (start_note,) if n]
    ended = instant(component, "DTEND", zones)
    if ended is not None:
        end, _, end_note = ended
        if end_note and end_note not in zone_notes:
            zone_notes.append(end_note)
    elif component.get("DURATION") is not None:
        duration = component.get("DURATION").dt
        if not isinstance(duration, timedelta):
            raise EventError("has a DURATION that is not a length of time")
        end = start + duration
    else:
        end = start
        zone_notes.append("the invite gives no end time; the end is set to the start")
    if end < start:
        raise EventError(f"ends ({end.isoformat()}) before it starts ({start.isoformat()})")
    if end - start > fields.MAX_INTERVIEW:
        raise EventError("lasts more than 24 hours; that is not an interview")

    recurrence_id = ""
    recurrence = (
        instant(component, "RECURRENCE-ID", zones) if "RECURRENCE-ID" in component else None
    )
    if recurrence is not None:
        recurrence_id = (
            recurrence[0].astimezone(zoneinfo.ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")
        )

    summary, summary_notes = summary_text(prop_text(component.get("SUMMARY")))
    description, description_notes = description_text(prop_text(component.get("DESCRIPTION")))
    location = fields.line("location", prop_text(component.get("LOCATION")), limit=fields.LINE_MAX)
    links = [location]
    for name in (
        "X-GOOGLE-CONFERENCE",
        "CONFERENCE",
        "URL",
        "X-MICROSOFT-SKYPETEAMSMEETINGURL",
        "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK",
    ):
        value = component.get(name)
        if value is not None:
            links.extend(prop_text(v) for v in (value if isinstance(value, list) else [value]))
    links.append(description)
    link = meeting_link(*links)

    organizer = _person(component.get("ORGANIZER"))
    attendees_raw = component.get("ATTENDEE")
    if attendees_raw is None:
        attendees_raw = []
    elif not isinstance(attendees_raw, list):
        attendees_raw = [attendees_raw]
    attendees = tuple(p for p in (_person(a) for a in attendees_raw) if p is not None)

    try:
        sequence = int(prop_text(component.get("SEQUENCE")) or 0)
    except ValueError:
        raise EventError("has a SEQUENCE that is not a number") from None
    if sequence >= 2**31:  # RFC 5545 says "integer": a 32-bit one, and storage has 64 bits
        raise EventError(f"has a SEQUENCE of {sequence}, out of range")
    uid = fields.line("UID", prop_text(component.get("UID")), limit=1_000)
    if not uid:
        uid = fallback_uid(summary, start, organizer.email if organizer else "")
        zone_notes.append("the invite has no UID; a re-import matches it by title and time")
    return InviteEvent(
        uid=uid,
        recurrence_id=recurrence_id,
        sequence=max(0, sequence),
        method=method,
        status=prop_text(component.get("STATUS")).upper()[:20],
        start=start,
        end=end,
        tz=tz,
        zone_notes=tuple(zone_notes),
        summary=summary,
        description=description,
        location=location,
        meeting_url=link,
        organizer=organizer,
        attendees=attendees,
        text_notes=summary_notes + description_notes,
    )


def _person(value: Any) -> Person | None:
    if value is None:
        return None
    params = getattr(value, "params", {})
    return person(
        prop_text(params.get("CN")),
        str(value),
        role=prop_text(params.get("ROLE")),
        kind=prop_text(params.get("CUTYPE")),
    )
