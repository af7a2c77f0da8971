"""Invite files read with icalendar 7 and recurring-ical-events: the real CalendarSource.

Hazards this module exists for (reliability.md §1.9, §3 D1-D13):
- an unknown TZID without VTIMEZONE comes back as a *naive* datetime, silently;
- icalendar caches a custom VTIMEZONE process-wide by TZID, so a second file's
  "Customized Time Zone" would get the first file's offsets: zones are resolved
  here, per file, from the wall time and the TZID;
- bad values fail lazily (on `.dt`), with varied exception types: every property is
  read inside the try block and any failure becomes one ValidationError naming the file;
- unbounded or sub-daily RRULEs: expansion is lazy, windowed and capped.
"""

from __future__ import annotations

import email
import email.policy
import re
import warnings
import zoneinfo
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from email.message import EmailMessage
from itertools import islice
from pathlib import Path
from typing import Any

from followup.domain.errors import TooLarge, ValidationError
from followup.domain.imports.attendees import person
from followup.domain.imports.invite import (
    Invite,
    InviteEvent,
    Person,
    ReadOptions,
    Skipped,
    fallback_uid,
)
from followup.domain.imports.invite_text import description_text, meeting_link, summary_text
from followup.domain.records import fields
from followup.domain.records.zones import check_zone

_SUBDAILY = frozenset({"SECONDLY", "MINUTELY", "HOURLY"})
_SCAN = 64 * 1024  # bytes looked at to tell an email from a calendar


class _EventError(Exception):
    """One event cannot be imported; the others still can (reliability D3)."""


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
    if _is_email(data, source):
        data = _calendar_in_email(data, source)
        notes.append("read from the calendar invite inside the email")
    text = _decode(data, source, notes)
    _check_shape(text, source, options)
    import icalendar  # ~60 ms: only when an invite is read

    with warnings.catch_warnings():
        # icalendar warns about guessed zones and deprecated forms; zones are resolved
        # here, and a warning must never become a traceback.
        warnings.simplefilter("ignore")
        try:
            calendar = icalendar.Calendar.from_ical(text)
        except Exception as exc:  # icalendar raises ValueError, KeyError, IndexError ...
            raise ValidationError(source, f"is not a valid calendar: {_reason(exc)}") from None
        try:
            return _read_calendar(calendar, source, options, notes)
        except (ValidationError, _EventError):
            raise
        except Exception as exc:
            raise ValidationError(source, f"is not a valid calendar: {_reason(exc)}") from None


def _reason(exc: BaseException) -> str:
    """A library exception as a short phrase a person can act on."""
    text = " ".join(str(exc).split())
    broken = re.match(r"Cannot access '\w+' on broken property '([\w-]+)'[^:]*:\s*(.*)$", text)
    if broken:
        text = f"{broken[1]} is not valid ({broken[2]})"
    elif isinstance(exc, KeyError):
        text = f"{text.strip(chr(39))} is missing"
    text = text or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


# --- the file as bytes ----------------------------------------------------------------


def _is_email(data: bytes, source: str) -> bool:
    if source.lower().endswith(".eml"):
        return True
    head = data[:_SCAN].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:15].upper().startswith(b"BEGIN:VCALENDAR"):
        return False
    return bool(
        re.match(rb"^[A-Za-z][A-Za-z0-9-]*:[ \t]", head)
        and re.search(rb"(?im)^(?:content-type|mime-version|from|subject):", head)
    )


def _calendar_in_email(data: bytes, source: str) -> bytes:
    """The first text/calendar part or .ics attachment of an email."""
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        for part in message.walk():
            if part.is_multipart():
                continue
            content_type = part.get_content_type()
            filename = (part.get_filename() or "").lower()
            if content_type in ("text/calendar", "application/ics") or filename.endswith(".ics"):
                payload = part.get_payload(decode=True)
                if isinstance(payload, bytes) and payload.strip():
                    return payload
    except Exception as exc:
        raise ValidationError(source, f"is not a readable email: {_reason(exc)}") from None
    raise ValidationError(
        source, "is an email without a calendar invite (no text/calendar part or .ics attachment)"
    )


def _decode(data: bytes, source: str, notes: list[str]) -> str:
    if b"\x00" in data[:_SCAN] or data[:4] in (b"\xd0\xcf\x11\xe0", b"PK\x03\x04", b"%PDF"):
        raise ValidationError(source, "is a binary file, not a calendar (.ics) file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    notes.append("the file is not UTF-8; read as Windows-1252")
    return text


def _check_shape(text: str, source: str, options: ReadOptions) -> None:
    """Refuse what is not one whole calendar before the parser sees it."""
    begins = len(re.findall(r"(?im)^BEGIN:VCALENDAR\s*$", text))
    if begins == 0:
        raise ValidationError(source, "is not a calendar file (no BEGIN:VCALENDAR)")
    if begins > 1:
        raise ValidationError(
            source,
            f"holds {begins} calendars (BEGIN:VCALENDAR); an invite holds one: "
            "export the single event and import that",
        )
    if not re.search(r"(?im)^END:VCALENDAR\s*$", text):
        raise ValidationError(source, "is cut short: END:VCALENDAR is missing")
    events = len(re.findall(r"(?im)^BEGIN:VEVENT\s*$", text))
    if events == 0:
        raise ValidationError(source, "holds no events (no VEVENT)")
    if events > options.max_events:
        raise TooLarge(
            source,
            f"holds {events:,} events; an invite file may hold {options.max_events:,} "
            "(is it a whole calendar export?)",
        )


# --- zones --------------------------------------------------------------------------


@dataclass
class _Zones:
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
        key = _iana(tzid)
        if key:
            return zoneinfo.ZoneInfo(key), key, ""
        component = self.vtimezones.get(tzid)
        custom = _custom_zone(component, at) if component is not None else None
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
        return (
            zoneinfo.ZoneInfo(fallback),
            fallback,
            (
                f"unknown time zone {tzid!r} with no definition in the file: times read in "
                f"{whose} {fallback}; check them"
            ),
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


def _custom_zone(component: Any, at: datetime) -> tzinfo | None:
    """The zone a VTIMEZONE block defines, built afresh (never icalendar's shared cache)."""
    import icalendar

    try:
        zone: tzinfo = icalendar.timezone.tzp.create_timezone(component)
        at.replace(tzinfo=zone).utcoffset()
    except Exception:  # a broken VTIMEZONE is treated as no definition at all
        return None
    return zone


def _iana(tzid: str) -> str:
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


# --- events -------------------------------------------------------------------------


def _read_calendar(calendar: Any, source: str, options: ReadOptions, notes: list[str]) -> Invite:
    method = _text(calendar.get("METHOD")).upper()
    vtimezones: dict[str, Any] = {}
    for component in calendar.walk("VTIMEZONE"):
        tzid = _text(component.get("TZID"))
        if tzid:
            vtimezones.setdefault(tzid, component)
    x_wr = _iana(_text(calendar.get("X-WR-TIMEZONE")))
    zones = _Zones(
        default_tz=check_zone(options.default_tz), vtimezones=vtimezones, calendar_tz=x_wr
    )
    components = [c for c in calendar.subcomponents if c.name == "VEVENT"]
    series: dict[str, list[Any]] = {}
    singles: list[Any] = []
    for component in components:
        uid = _text(component.get("UID"))
        if uid and ("RRULE" in component or "RDATE" in component):
            series.setdefault(uid, []).insert(0, component)  # the master first
        else:
            singles.append(component)
    # Overrides (RECURRENCE-ID) of a series in this file belong to the series expansion.
    for component in list(singles):
        uid = _text(component.get("UID"))
        if uid in series and "RECURRENCE-ID" in component:
            series[uid].append(component)
            singles.remove(component)

    events: list[InviteEvent] = []
    skipped: list[Skipped] = []
    for component in singles:
        try:
            events.append(_event(component, method, zones))
        except _EventError as exc:
            skipped.append(Skipped(reason=f"{_label(component)}: {exc}"))
        except Exception as exc:  # a broken property (D3): that event only
            skipped.append(Skipped(reason=f"{_label(component)}: {_reason(exc)}"))
    for uid, parts in series.items():
        try:
            found, note = _expand(parts, method, zones, options)
            events.extend(found)
            if note:
                notes.append(note)
        except _EventError as exc:
            skipped.append(Skipped(reason=f"{_label(parts[0])}: {exc}"))
        except Exception as exc:
            skipped.append(Skipped(reason=f"{_label(parts[0])} ({uid}): {_reason(exc)}"))
    events.sort(key=lambda e: (e.start, e.source_uid))
    return Invite(
        source=source,
        events=tuple(events),
        skipped=tuple(skipped),
        notes=tuple(dict.fromkeys(notes)),
    )


def _label(component: Any) -> str:
    try:
        summary = summary_text(_text(component.get("SUMMARY")))[0]
    except Exception:
        summary = ""
    return f"event {summary!r}" if summary else "an event with no title"


def _text(value: Any) -> str:
    """A property's text; the first one when the property is repeated."""
    if value is None:
        return ""
    if isinstance(value, list):
        return _text(value[0]) if value else ""
    return str(value)


def _instant(
    component: Any, name: str, zones: _Zones, *, wall: bool = False
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
        raise _EventError(f"has {len(prop)} {name} properties; an event has one")
    value = prop.dt  # raises for an invalid date such as 20240230 (D3)
    if not isinstance(value, datetime):
        if isinstance(value, date):
            raise _EventError("is an all-day event; an interview needs a time of day")
        raise _EventError(f"{name} is not a date and time")
    tzid = _text(prop.params.get("TZID")) if hasattr(prop, "params") else ""
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


def _event(component: Any, method: str, zones: _Zones) -> InviteEvent:
    """One VEVENT (or one expanded occurrence) as an InviteEvent; bad ones raise."""
    started = _instant(component, "DTSTART", zones)
    if started is None:
        raise _EventError("has no start time (DTSTART)")
    start, tz, start_note = started
    zone_notes = [n for n in (start_note,) if n]
    ended = _instant(component, "DTEND", zones)
    if ended is not None:
        end, _, end_note = ended
        if end_note and end_note not in zone_notes:
            zone_notes.append(end_note)
    elif component.get("DURATION") is not None:
        duration = component.get("DURATION").dt
        if not isinstance(duration, timedelta):
            raise _EventError("has a DURATION that is not a length of time")
        end = start + duration
    else:
        end = start
        zone_notes.append("the invite gives no end time; the end is set to the start")
    if end < start:
        raise _EventError(f"ends ({end.isoformat()}) before it starts ({start.isoformat()})")
    if end - start > fields.MAX_INTERVIEW:
        raise _EventError("lasts more than 24 hours; that is not an interview")

    recurrence_id = ""
    recurrence = (
        _instant(component, "RECURRENCE-ID", zones) if "RECURRENCE-ID" in component else None
    )
    if recurrence is not None:
        recurrence_id = (
            recurrence[0].astimezone(zoneinfo.ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")
        )

    summary, summary_notes = summary_text(_text(component.get("SUMMARY")))
    description, description_notes = description_text(_text(component.get("DESCRIPTION")))
    location = fields.line("location", _text(component.get("LOCATION")), limit=fields.LINE_MAX)
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
            links.extend(_text(v) for v in (value if isinstance(value, list) else [value]))
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
        sequence = int(_text(component.get("SEQUENCE")) or 0)
    except ValueError:
        raise _EventError("has a SEQUENCE that is not a number") from None
    uid = fields.line("UID", _text(component.get("UID")), limit=1_000)
    if not uid:
        uid = fallback_uid(summary, start, organizer.email if organizer else "")
        zone_notes.append("the invite has no UID; a re-import matches it by title and time")
    return InviteEvent(
        uid=uid,
        recurrence_id=recurrence_id,
        sequence=max(0, sequence),
        method=method,
        status=_text(component.get("STATUS")).upper()[:20],
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
        _text(params.get("CN")),
        str(value),
        role=_text(params.get("ROLE")),
        kind=_text(params.get("CUTYPE")),
    )


# --- recurrence ---------------------------------------------------------------------


def _expand(
    parts: list[Any], method: str, zones: _Zones, options: ReadOptions
) -> tuple[list[InviteEvent], str]:
    """The occurrences of one recurring series inside the window, at most the cap."""
    import icalendar
    import recurring_ical_events

    master = parts[0]
    rules = master.get("RRULE")
    rules = rules if isinstance(rules, list) else [rules] if rules is not None else []
    started = _instant(master, "DTSTART", zones, wall=True)
    if started is None:
        raise _EventError("has no start time (DTSTART)")
    shifted = _screen(rules, started[0], options)
    unbounded = any(rule.get("UNTIL") is None and rule.get("COUNT") is None for rule in rules)
    # Rewrite the times in the zones resolved for this file, so the expansion cannot use
    # another file's cached zone nor mix naive and aware datetimes.
    mini = icalendar.Calendar()
    mini.add("PRODID", "-//followup//import//EN")
    mini.add("VERSION", "2.0")
    zone_notes: list[str] = []
    for part in parts:
        fixed = part.copy()
        for sub in part.subcomponents:
            fixed.add_component(sub)
        for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
            if name in part:
                found = _instant(part, name, zones, wall=True)
                assert found is not None
                moment = found[0]
                if shifted is not None and part is master and name != "RECURRENCE-ID":
                    moment = shifted + (moment - started[0])  # same length, later start
                del fixed[name]
                fixed.add(name, moment)
                if found[2] and found[2] not in zone_notes:
                    zone_notes.append(found[2])
        for name in ("EXDATE", "RDATE"):
            if name in part:
                del fixed[name]
                moments = _moments(part, name, zones)
                if moments:
                    fixed.add(name, moments)
        mini.add_component(fixed)
    query = recurring_ical_events.of(mini)
    window = options.window_end
    events: list[InviteEvent] = []
    hit_cap = False
    cap = options.max_occurrences
    for occurrence in islice(query.after(options.window_start), cap + 1):
        start = occurrence.get("DTSTART").dt
        if isinstance(start, datetime) and start > window:
            break
        if len(events) == options.max_occurrences:
            hit_cap = True
            break
        event = _event(occurrence, method, zones)
        if not event.recurrence_id:
            event = _with_recurrence(event)
        notes = tuple(dict.fromkeys((*zone_notes, *event.zone_notes)))
        events.append(_replace_notes(event, notes))
    label = _label(master)
    first, last = options.window_start.date(), options.window_end.date()
    cap = options.max_occurrences
    note = ""
    if unbounded and hit_cap:
        note = (
            f"{label} repeats without end; only the first {cap} occurrences from {first} are listed"
        )
    elif unbounded:
        note = f"{label} repeats without end; only occurrences from {first} to {last} are listed"
    elif hit_cap:
        note = (
            f"{label} repeats more than {cap} times; only the first {cap} from {first} are listed"
        )
    if not events:
        raise _EventError(f"has no occurrence between {first} and {last}")
    return events, note


# Occurrences walked before the window; each costs about 70 µs in recurring-ical-events, so a
# daily series begun in 1900 took 3.3 s before this (and BYSECOND lists ran for minutes).
MAX_WALK = 5_000
_MONTH_DAYS = {
    1: 31,
    2: 29,
    3: 31,
    4: 30,
    5: 31,
    6: 30,
    7: 31,
    8: 31,
    9: 30,
    10: 31,
    11: 30,
    12: 31,
}


def _screen(rules: list[Any], start: datetime, options: ReadOptions) -> datetime | None:
    """Refuse series that are no interview or too costly to walk (D8); maybe a later start.

    Returns the last occurrence before the window when the series began so long ago that
    walking to the window would be slow: expanding from there gives the same occurrences.
    """
    for rule in rules:
        freq = _text(rule.get("FREQ")).upper()
        if freq in _SUBDAILY:
            raise _EventError(f"repeats {freq.lower()}; that is not an interview")
        if any(len(rule.get(part) or []) > 1 for part in ("BYHOUR", "BYMINUTE", "BYSECOND")):
            raise _EventError("repeats several times a day; that is not an interview")
        count = rule.get("COUNT")
        if count and int(_first(count)) > MAX_WALK:
            raise _EventError(f"repeats {int(_first(count)):,} times; that is not an interview")
        months, days = rule.get("BYMONTH") or [], rule.get("BYMONTHDAY") or []
        if (
            months
            and days
            and all(int(d) > 0 for d in days)
            and not any(int(d) <= _MONTH_DAYS.get(int(m), 31) for m in months for d in days)
        ):
            raise _EventError("repeats on a date that never occurs")
    if not rules or any(rule.get("COUNT") for rule in rules):
        return None  # RDATEs are bounded by the file size, COUNT by MAX_WALK
    from dateutil.rrule import rrulestr

    tz = start.tzinfo
    begin = options.window_start.astimezone(tz).replace(tzinfo=None)
    wall = start.replace(tzinfo=None)
    lines: list[str] = []
    for rule in rules:
        until = rule.get("UNTIL")
        if until:
            last = _first(until)
            if not isinstance(last, datetime):
                last = datetime.combine(last, datetime.min.time())
            last = last.astimezone(tz).replace(tzinfo=None) if last.tzinfo else last
            if last < begin and len(rules) == 1:
                return None  # ends before the window; the expansion finds nothing quickly
        text = rule.to_ical().decode()
        lines.append("RRULE:" + re.sub(r"(?:^|;)UNTIL=[^;]*", "", text).lstrip(";"))
    try:
        series = rrulestr("\n".join(lines), dtstart=wall, forceset=True)
    except (ValueError, TypeError) as exc:
        raise _EventError(f"RRULE is not valid ({_reason(exc)})") from None
    walked = 0
    for moment in series:
        if moment >= begin or walked > MAX_WALK:
            break
        walked += 1
    if walked <= MAX_WALK:
        return None
    last_before = series.before(begin)
    return last_before.replace(tzinfo=tz) if last_before is not None else None


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list | tuple) else value


def _moments(
    component: Any, name: str, zones: _Zones
) -> list[datetime | tuple[datetime, datetime | timedelta]]:
    """EXDATE/RDATE values (RDATE periods too) as aware datetimes in this file's zones."""
    values = component.get(name)
    out: list[datetime | tuple[datetime, datetime | timedelta]] = []
    for entry in values if isinstance(values, list) else [values]:
        tzid = _text(entry.params.get("TZID")) if hasattr(entry, "params") else ""
        for item in getattr(entry, "dts", []):
            moment = item.dt
            if isinstance(moment, tuple):  # RDATE;VALUE=PERIOD: (start, end or duration)
                begin, until = moment
                out.append(
                    (
                        _aware(begin, tzid, name, zones),
                        until if isinstance(until, timedelta) else _aware(until, tzid, name, zones),
                    )
                )
            else:
                out.append(_aware(moment, tzid, name, zones))
    return out


def _aware(moment: object, tzid: str, name: str, zones: _Zones) -> datetime:
    if not isinstance(moment, datetime):
        raise _EventError(f"{name} holds a date without a time")
    if tzid:
        tz = zones.resolve(tzid, moment.replace(tzinfo=None))[0]
        return moment.replace(tzinfo=None).replace(tzinfo=tz)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zones.floating()[0])
    return moment


def _with_recurrence(event: InviteEvent) -> InviteEvent:
    stamp = event.start.astimezone(zoneinfo.ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")
    return replace(event, recurrence_id=stamp)


def _replace_notes(event: InviteEvent, notes: tuple[str, ...]) -> InviteEvent:
    return replace(event, zone_notes=notes)


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
