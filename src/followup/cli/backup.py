"""`followup export` and `followup import`: everything out, and back in."""

from __future__ import annotations

from pathlib import Path

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.options import json_option, pass_app
from followup.services import backup


@click.command()
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (0600, atomically) instead of stdout.",
)
@pass_app
def export(app: App, fmt: str, output: Path | None) -> None:
    """Export every record, for a backup or another tool.

    \b
    Example:
      followup export --format json -o backup.json
    """
    text = backup.dumps(backup.export_data(app.store))
    if output is None:
        click.echo(text, nl=False)
    else:
        backup.write_private(output, text)
        console.out(f"Wrote {output}")


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@json_option
@pass_app
def import_(app: App, file: Path, as_json: bool) -> None:
    """Load a JSON export into an empty database.

    \b
    Example:
      FOLLOWUP_DATABASE=restored.db followup import backup.json
    """
    counts = backup.import_file(app.store, file)
    if as_json:
        console.emit_json(counts)
    else:
        console.out("Imported " + ", ".join(f"{n} {kind}" for kind, n in counts.items()) + ".")
