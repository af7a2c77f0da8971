"""`followup export` and `followup import`: everything out, and back in."""

from __future__ import annotations

from pathlib import Path

import click

from followup.bootstrap import App
from followup.cli import console, interview_import
from followup.cli.options import json_option, pass_app
from followup.services import backup


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv"]),
    default="json",
    show_default=True,
    help="json: every record; csv: the applications, for a spreadsheet.",
)
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
      followup export --format csv -o applications.csv
    """
    if fmt == "csv":
        text = interview_import.export_csv_text(app)
    else:
        text = backup.dumps(backup.export_data(app.store, app.news, app.mail.outbox))
    if output is None:
        click.echo(text, nl=False)
    else:
        backup.write_private(output, text)
        console.out(f"Wrote {output}")


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--from",
    "source",
    type=click.Choice(["json", "csv"]),
    default="json",
    show_default=True,
    help="json: a followup export; csv: another tracker's or a spreadsheet's applications.",
)
@click.option("--map", "mapping", multiple=True, help="With csv: FIELD=COLUMN; repeatable.")
@click.option("--stage", "stages", multiple=True, help='With csv: "THEIR WORD=stage".')
@click.option("--dry-run", is_flag=True, help="With csv: show what would change; write nothing.")
@json_option
@pass_app
def import_(
    app: App,
    file: Path,
    source: str,
    mapping: tuple[str, ...],
    stages: tuple[str, ...],
    dry_run: bool,
    as_json: bool,
) -> None:
    """Load a JSON export into an empty database, or applications from a CSV file.

    \b
    Examples:
      FOLLOWUP_DATABASE=restored.db followup import backup.json
      followup import --from csv huntr.csv --dry-run
      followup import --from csv jobs.csv --map role="Job Title" --stage "Ghosted=closed"
    """
    if source == "csv":
        interview_import.import_csv(app, file, mapping, stages, dry_run, as_json)
        return
    if mapping or stages or dry_run:
        raise click.UsageError("--map, --stage and --dry-run go with --from csv")
    counts = backup.import_file(app.store, app.news, app.mail.outbox, file)
    if as_json:
        console.emit_json(counts)
    else:
        parts = (f"{n} {_LABELS.get(kind, kind)}" for kind, n in counts.items())
        console.out("Imported " + ", ".join(parts) + ".")


# The text output's words for the JSON count keys (the backup's section names).
_LABELS = {
    "feed_states": "feed states",
    "news_items": "news items",
    "outbox": "outbox entries",
    "imap_seen": "seen mails",
}
