"""Shared options and input parsing: --json, the app, dates in the user's zone."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

import click

from followup.bootstrap import App, build
from followup.cli import console
from followup.domain.errors import ValidationError
from followup.domain.records import dates, fields
from followup.domain.records.zones import check_zone, localize

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


def parse_when(text: str, tz: str, now: datetime, field: str) -> datetime:
    """An instant from ISO 8601 or a phrase ("tomorrow 2pm", "Tue 14:00") in zone `tz`.

    A naive ISO time is read in `tz`; phrases are read relative to `now`, preferring the
    future, and echoed back on stderr so the user sees what was understood. A local time
    in a DST gap is moved forward, one in a fold takes the first occurrence: both say so.
    """
    raw = text.strip()
    if not raw:
        raise ValidationError(field, "a date and time is required")
    key = check_zone(tz)
    if dates.iso_shaped(raw):
        value = dates.read_iso(raw, field)
        if not isinstance(value, datetime):
            value = datetime.combine(value, time(9, 0))
        if value.tzinfo is not None:
            return value
        return _local(value, key, field)
    dates.check_phrase(raw, field)
    import dateparser  # ~0.2 s to import: only when a phrase needs it

    local_now = now.astimezone(ZoneInfo(key)).replace(tzinfo=None)
    try:
        result = dateparser.parse(
            raw,
            languages=["en"],
            settings={"RELATIVE_BASE": local_now, "PREFER_DATES_FROM": "future"},
        )
    except (OverflowError, ValueError):
        result = None
    if result is None:
        raise ValidationError(field, f"cannot read {raw!r} as a date; {dates.HINT}")
    found = _local(fields.in_range(field, result), key, field)
    click.echo(f"{field}: read {raw!r} as {console.moment(found, key)}", err=True)
    return found


def _local(wall: datetime, key: str, field: str) -> datetime:
    """A wall-clock time in zone `key`, with a note when DST makes it ambiguous."""
    moment, note = localize(wall, key)
    if note:
        click.echo(f"note: {field}: {note}", err=True)
    return moment


def parse_day(text: str, tz: str, now: datetime, field: str) -> date:
    """A calendar date from ISO 8601 or a phrase ("next Friday")."""
    raw = text.strip()
    if dates.iso_shaped(raw):
        value = dates.read_iso(raw, field)
        return value.date() if isinstance(value, datetime) else value
    return parse_when(raw, tz, now, field).date()
