"""Shared options and input parsing: --json, the app, dates in the user's zone."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

import click

from followup.bootstrap import App, build
from followup.domain.errors import ValidationError
from followup.domain.records.zones import check_zone

F = TypeVar("F", bound=Callable[..., Any])

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


def get_app(ctx: click.Context | None = None) -> App:
    """The App for this command line run, built once and closed when the run ends."""
    ctx = ctx or click.get_current_context()
    root = ctx.find_root()
    if not isinstance(root.obj, App):
        root.obj = build()
        root.call_on_close(root.obj.close)
    return root.obj


def pass_app(func: F) -> F:
    """Call the command with the App as its first argument."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(get_app(), *args, **kwargs)

    return cast(F, wrapper)


def user_zone(app: App, override: str | None = None) -> str:
    """The zone to read the user's times in: --tz, else the profile's, else UTC."""
    if override:
        return check_zone(override, "--tz")
    profile = app.store.profile.get()
    return profile.tz if profile else "UTC"


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_when(text: str, tz: str, now: datetime, field: str) -> datetime:
    """An instant from ISO 8601 or a phrase ("tomorrow 2pm", "Tue 14:00") in zone `tz`.

    A naive ISO time is read in `tz`; phrases are read relative to `now`, preferring the future.
    """
    raw = text.strip()
    if not raw:
        raise ValidationError(field, "a date and time is required")
    zone = ZoneInfo(check_zone(tz))
    try:
        if _ISO_DATE.match(raw):
            return datetime.combine(date.fromisoformat(raw), time(9, 0), tzinfo=zone)
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)
    except ValueError:
        pass
    import dateparser  # ~0.2 s to import: only when a phrase needs it

    local_now = now.astimezone(zone).replace(tzinfo=None)
    result = dateparser.parse(
        raw,
        languages=["en"],
        settings={
            "RELATIVE_BASE": local_now,
            "TIMEZONE": zone.key,
            "RETURN_AS_TIMEZONE_AWARE": True,
            "PREFER_DATES_FROM": "future",
        },
    )
    if result is None:
        raise ValidationError(
            field,
            f"cannot read {raw!r} as a date; use ISO 8601 such as 2026-11-24T15:00 "
            "or a phrase such as 'tomorrow 2pm'",
        )
    found: datetime = result
    return found.astimezone(zone) if found.tzinfo else found.replace(tzinfo=zone)


def parse_day(text: str, tz: str, now: datetime, field: str) -> date:
    """A calendar date from ISO 8601 or a phrase ("next Friday")."""
    raw = text.strip()
    if _ISO_DATE.match(raw):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise ValidationError(field, f"{raw!r} is not a real date") from None
    return parse_when(raw, tz, now, field).date()
