"""Recurring invites: series screened (D8), then expanded lazily inside the window, capped."""

from __future__ import annotations

import re
import time
import zoneinfo
from dataclasses import replace
from datetime import datetime, timedelta
from itertools import islice
from typing import Any

from followup.adapters.calendar.ics_events import (
    EventError,
    instant,
    label_of,
    prop_text,
    read_event,
    reason,
)
from followup.adapters.calendar.ics_zones import Zones
from followup.domain.imports.invite import InviteEvent, ReadOptions
from followup.domain.imports.recurrence import rule_problem

# Wall-clock time one series may take to expand, whatever the rule (issue 17 §2).
TIME_BUDGET = 2.0


def bounded_expand(
    parts: list[Any], method: str, zones: Zones, options: ReadOptions
) -> tuple[list[InviteEvent], str]:
    """`expand`, given up after TIME_BUDGET seconds even when one step of the library never
    returns (a filter that never matches walks to year 9999): the import goes on without it."""
    import threading

    outcome: list[tuple[list[InviteEvent], str]] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(expand(parts, method, zones, options))
        except BaseException as exc:  # handed to the caller's thread below
            failure.append(exc)

    worker = threading.Thread(target=run, name="invite-expansion", daemon=True)
    worker.start()
    worker.join(TIME_BUDGET + 0.5)
    if worker.is_alive():
        # The thread cannot be stopped; daemon, it ends with the library's walk or the process.
        raise EventError(_too_slow())
    if failure:
        raise failure[0]
    return outcome[0]


def _too_slow() -> str:
    return f"takes more than {TIME_BUDGET:.0f} s to expand; that is not an interview"


def expand(
    parts: list[Any], method: str, zones: Zones, options: ReadOptions
) -> tuple[list[InviteEvent], str]:
    """The occurrences of one recurring series inside the window, at most the cap."""
    import icalendar
    import recurring_ical_events

    master = parts[0]
    rules = master.get("RRULE")
    rules = rules if isinstance(rules, list) else [rules] if rules is not None else []
    started = instant(master, "DTSTART", zones, wall=True)
    if started is None:
        raise EventError("has no start time (DTSTART)")
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
                found = instant(part, name, zones, wall=True)
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
    deadline = time.monotonic() + TIME_BUDGET
    for occurrence in islice(query.after(options.window_start), cap + 1):
        _in_time(deadline)
        start = occurrence.get("DTSTART").dt
        if isinstance(start, datetime) and start > window:
            break
        if len(events) == options.max_occurrences:
            hit_cap = True
            break
        event = read_event(occurrence, method, zones)
        if not event.recurrence_id:
            event = _with_recurrence(event)
        notes = tuple(dict.fromkeys((*zone_notes, *event.zone_notes)))
        events.append(_replace_notes(event, notes))
    label = label_of(master)
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
        raise EventError(f"has no occurrence between {first} and {last}")
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
        problem = rule_problem(rule)
        if problem:
            raise EventError(problem)
        count = rule.get("COUNT")
        if count and int(_first(count)) > MAX_WALK:
            raise EventError(f"repeats {int(_first(count)):,} times; that is not an interview")
        months, days = rule.get("BYMONTH") or [], rule.get("BYMONTHDAY") or []
        if (
            months
            and days
            and not any(abs(int(d)) <= _MONTH_DAYS.get(int(m), 31) for m in months for d in days)
        ):
            raise EventError("repeats on a date that never occurs")
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
        raise EventError(f"RRULE is not valid ({reason(exc)})") from None
    walked = 0
    deadline = time.monotonic() + TIME_BUDGET
    for moment in series:
        _in_time(deadline)
        if moment >= begin or walked > MAX_WALK:
            break
        walked += 1
    if walked <= MAX_WALK:
        return None
    last_before = series.before(begin)
    return last_before.replace(tzinfo=tz) if last_before is not None else None


def _in_time(deadline: float) -> None:
    """Stop a series whose expansion outlasts the budget: each step is cheap once screened,
    so only a pathological rule gets here."""
    if time.monotonic() > deadline:
        raise EventError(_too_slow())


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list | tuple) else value


def _moments(
    component: Any, name: str, zones: Zones
) -> list[datetime | tuple[datetime, datetime | timedelta]]:
    """EXDATE/RDATE values (RDATE periods too) as aware datetimes in this file's zones."""
    values = component.get(name)
    out: list[datetime | tuple[datetime, datetime | timedelta]] = []
    for entry in values if isinstance(values, list) else [values]:
        tzid = prop_text(entry.params.get("TZID")) if hasattr(entry, "params") else ""
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


def _aware(moment: object, tzid: str, name: str, zones: Zones) -> datetime:
    if not isinstance(moment, datetime):
        raise EventError(f"{name} holds a date without a time")
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
