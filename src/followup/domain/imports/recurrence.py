"""Recurrence rules screened before any library expands them (issue 17 §2, reliability D8).

dateutil walks a rule one period at a time and never gives up: `INTERVAL=0` never advances,
a secondly rule in a VTIMEZONE is walked from 1601 to the interview, second by second, and a
filter that never matches (BYYEARDAY=366 on a daily rule) walks to year 9999. An interview
repeats daily, weekly, monthly or yearly, so anything else is refused here, before expansion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

# Periods an interview series may step by; a time zone's rules are yearly (RFC 5545 §3.6.5).
EVENT_FREQS = frozenset({"DAILY", "WEEKLY", "MONTHLY", "YEARLY"})
ZONE_FREQS = frozenset({"YEARLY"})
MAX_INTERVAL = 1_000
# Parts a real invite or time zone uses; BYYEARDAY, BYWEEKNO and sub-daily lists can make
# dateutil walk to year 9999 looking for a match.
_PARTS = frozenset(
    {
        "FREQ",
        "INTERVAL",
        "COUNT",
        "UNTIL",
        "WKST",
        "BYDAY",
        "BYMONTH",
        "BYMONTHDAY",
        "BYSETPOS",
        "BYHOUR",
        "BYMINUTE",
        "BYSECOND",
    }
)
MAX_LIST = 31  # values in one BY part: every day of a month at most


def rule_problem(rule: Mapping[str, Sequence[object]], *, zone: bool = False) -> str:
    """Why a recurrence rule cannot be expanded safely, or "" when it can.

    `rule` maps each part (FREQ, INTERVAL, BYDAY...) to its values, as icalendar reads them;
    `zone` is for the rules of a VTIMEZONE, which only ever repeat yearly.
    """
    freq = str(_first(rule.get("FREQ")) or "").upper()
    allowed = ZONE_FREQS if zone else EVENT_FREQS
    if not freq:
        return "RRULE has no FREQ"
    if freq not in allowed:
        what = "a time zone's rule" if zone else "an interview"
        return f"repeats {freq.lower()}; that is not {what}"
    unknown = sorted(str(k).upper() for k in rule if str(k).upper() not in _PARTS)
    if unknown:
        return f"RRULE uses {', '.join(unknown)}, which no invite needs"
    raw = _first(rule.get("INTERVAL"))
    if raw is not None:
        try:
            interval = int(str(raw))
        except ValueError:
            return f"RRULE INTERVAL={raw} is not a number"
        if not 1 <= interval <= MAX_INTERVAL:
            return f"RRULE INTERVAL={interval} is out of range (1 to {MAX_INTERVAL})"
    for part in ("BYHOUR", "BYMINUTE", "BYSECOND"):
        if len(rule.get(part) or ()) > 1:
            return "repeats several times a day; that is not an interview"
    for part in ("BYDAY", "BYMONTH", "BYMONTHDAY", "BYSETPOS"):
        if len(rule.get(part) or ()) > MAX_LIST:
            return f"RRULE {part} lists more than {MAX_LIST} values"
    # A position past the candidates of every period never matches: dateutil would walk
    # to year 9999 looking for it.
    most = _PERIOD.get(freq, 1)
    days = rule.get("BYDAY") or ()
    if freq in ("DAILY", "WEEKLY") and days:
        most = min(most, len(days))
    for raw in rule.get("BYSETPOS") or ():
        position = _number(raw)
        if position is None or position == 0 or abs(position) > most:
            return f"RRULE BYSETPOS={raw} never matches"
    for raw in rule.get("BYMONTHDAY") or ():
        day = _number(raw)
        if day is None or day == 0 or abs(day) > 31:
            return f"RRULE BYMONTHDAY={raw} is not a day of a month"
    return ""


_PERIOD = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 31, "YEARLY": 366}


def _number(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def _first(values: Sequence[object] | None) -> object:
    if values is None:
        return None
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        return values
    return values[0] if values else None
