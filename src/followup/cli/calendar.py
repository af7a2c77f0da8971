"""`followup calendar`: open follow-ups as an iCalendar feed."""

from __future__ import annotations

from pathlib import Path

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.options import json_option, pass_app
from followup.services.timing import feed


@click.group()
def calendar() -> None:
    """The calendar feed of open follow-ups.

    \b
    Example:
      followup calendar export ~/followups.ics
    """


@calendar.command("export")
@click.argument("file", metavar="FILE.ics", type=click.Path(dir_okay=False, path_type=Path))
@json_option
@pass_app
def export(app: App, file: Path, as_json: bool) -> None:
    """Write every open follow-up as an event at its recommended time, with an alarm.

    UIDs are stable, so importing the file again updates the events instead of
    duplicating them. The file is replaced atomically and readable only by you.

    \b
    Example:
      followup calendar export followups.ics
    """
    count = feed.export_calendar(app, app.clock.now(), file)
    if as_json:
        console.emit_json({"path": str(file), "events": count})
        return
    console.out(f"Wrote {count} event{'s' if count != 1 else ''} to {console.safe(file)}.")
