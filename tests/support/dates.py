"""Dates for tests that run on the real clock (CLI subprocesses, servers): an interview that
ended on the last weekday before today, so what it plans is still current on any day the
suite runs (a follow-up more than `stale_after_days` past due is never created)."""

from __future__ import annotations

from datetime import date, timedelta


def last_weekday(today: date | None = None) -> date:
    """The last Monday-to-Friday before `today`."""
    day = (today or date.today()) - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


RECENT_DAY = last_weekday()
RECENT_END = f"{RECENT_DAY.isoformat()}T15:00"  # local time, as a user types `--end`
RECENT_START = f"{RECENT_DAY.isoformat()}T14:00"
