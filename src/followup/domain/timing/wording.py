"""How timing reasons name moments, days, zones and durations."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from followup.domain.records.zones import label

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short(t: datetime) -> str:
    """`Wed 25 Nov 09:00`: how reasons name a moment. Locale-free, and much faster than
    strftime, which matters when planning hundreds of thousands of follow-ups."""
    return f"{_DAYS[t.weekday()]} {t.day} {_MONTHS[t.month - 1]} {t.hour:02d}:{t.minute:02d}"


def short_day(d: date) -> str:
    """`Wed 25 Nov`."""
    return f"{_DAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]}"


def city(zone_name: str) -> str:
    """`America/New_York` -> `New York`: how a zone is named in sentences."""
    if zone_name.startswith("Etc/") or zone_name in ("UTC", "GMT"):
        return label(zone_name)  # "UTC−05:00", never the sign-inverted "GMT+5"
    return zone_name.rsplit("/", 1)[-1].replace("_", " ")


def hours_text(delta: timedelta) -> str:
    """`2 hours`, `1 hour`, `30 minutes`."""
    hours = delta.total_seconds() / 3600
    if hours == 1:
        return "1 hour"
    return f"{hours:g} hours" if hours >= 1 else f"{round(hours * 60)} minutes"
