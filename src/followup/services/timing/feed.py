"""The calendar feed: open follow-ups as events, and the secret token in the feed's URL."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from followup.domain.errors import ValidationError
from followup.domain.timing.agenda import CalendarEvent, event
from followup.services.deps import Deps
from followup.services.timing import planning


def calendar_events(deps: Deps, now: datetime) -> list[CalendarEvent]:
    """Every open follow-up as a calendar event at its due time, with an alarm."""
    policy = deps.policies
    policies = planning._policies(policy)
    listed = planning._agenda(deps, now, include_all=True)  # as stored: exporting plans nothing
    minutes = policies.default.calendar_alarm_minutes
    return [event(item, minutes) for item in listed.items]


def export_calendar(deps: Deps, now: datetime, path: Path) -> int:
    """Write the feed of open follow-ups to `path`; returns how many events it holds."""
    if path.suffix.lower() != ".ics":
        raise ValidationError("FILE", f"{path.name!r} should end in .ics")
    events = calendar_events(deps, now)
    deps.calendar_feed.write(path, events)
    return len(events)


CALENDAR_TOKEN = "web.calendar_token"  # noqa: S105 - the meta key, not the token


def calendar_token(deps: Deps) -> str:
    """The secret in the calendar feed's URL, made on first use."""
    token = deps.store.get_meta(CALENDAR_TOKEN)
    return token or rotate_calendar_token(deps)


def rotate_calendar_token(deps: Deps) -> str:
    """A new random feed token; the old feed URL stops working at once."""
    import secrets

    token = secrets.token_urlsafe(32)
    deps.store.set_meta(CALENDAR_TOKEN, token)
    return token


def calendar_token_ok(deps: Deps, token: str) -> bool:
    """Whether `token` is the feed's current token (compared in constant time)."""
    import hmac

    current = deps.store.get_meta(CALENDAR_TOKEN) or ""
    return bool(current) and hmac.compare_digest(token.encode(), current.encode())
