"""`followup lint`: check a follow-up message for the mistakes that cost offers."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.exit_codes import ExitCode
from followup.cli.options import get_app, parse_when, user_zone
from followup.domain.errors import ValidationError
from followup.domain.records import fields
from followup.domain.records.followups import Kind
from followup.domain.writing.context import NoteContext
from followup.domain.writing.lint.linter import Finding, Severity, explain
from followup.services.writing import lint as checking

KINDS = [k.value for k in Kind]
_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


@click.command("lint")
@click.argument("file", required=False, metavar="[FILE|-]")
@click.option(
    "--context",
    "context_path",
    metavar="DEBRIEF",
    help="Debrief file (TOML or JSON) saying what the note should be about.",
)
@click.option(
    "--followup",
    "followup_id",
    type=int,
    metavar="ID",
    help="Take the context (and, without FILE, the draft) from a stored follow-up.",
)
@click.option(
    "--kind", metavar="KIND", help=f"Kind of message (default thank-you): {', '.join(KINDS)}."
)
@click.option("--to", metavar="NAME", help="The interviewer it is for (default: the first).")
@click.option(
    "--sent-at",
    "sent_at_text",
    metavar="WHEN",
    help="When it goes or went (default: now; an .eml's Date header).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option(
    "--select",
    multiple=True,
    metavar="RULES",
    help="Only these rules or groups (comma-separated; ALL for every rule).",
)
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules or groups.")
@click.option("--explain", "explain_rule", metavar="RULE", help="Explain a rule and exit.")
def lint(
    file: str | None,
    context_path: str | None,
    followup_id: int | None,
    kind: str | None,
    to: str | None,
    sent_at_text: str | None,
    fmt: str,
    as_json: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    explain_rule: str | None,
) -> None:
    """Check a follow-up message: tone, facts, form and timing, ruff-style.

    The input is plain text whose optional first line `Subject: ...` gives the subject,
    or an .eml file; `-` reads standard input. Exit code 0: no errors; 1: at least one
    error-level finding; 2: bad input.

    \b
    Examples:
      followup lint note.txt --context debrief.toml --to "Maria Lopez"
      followup lint draft.eml --format json --ignore spelling
      followup lint --followup 12
      followup lint --explain pushy-tone
    """
    if explain_rule is not None:
        if not explain_rule.strip():
            raise ValidationError("--explain", "give a rule name, such as pushy-tone")
        console.out(explain(explain_rule).rstrip())
        return
    if context_path and followup_id is not None:
        raise ValidationError("--followup", "give --context or --followup, not both")
    app = get_app()
    wanted_kind = checking.parse_kind(kind) if kind else None
    context: NoteContext | None = None
    zone = ""
    if context_path:
        from followup.services.records.interviews import read_debrief  # the one debrief loader

        parsed = read_debrief(Path(context_path))
        zone = parsed.tz
        others = checking.other_companies(app.store, parsed.company) if _has_database(app) else ()
        # Without --to, coordinator thanks are checked against the coordinator, as composed.
        context = parsed.context(to, kind=wanted_kind or Kind.THANK_YOU, other_companies=others)
    elif to and followup_id is None:  # a stored follow-up knows its recipient
        context = checking.context_for_recipient(to)
    message: checking.Message | None = None
    if followup_id is None or file is not None:  # else the stored draft is linted
        if file is None:
            if sys.stdin.isatty():
                raise ValidationError("FILE", "give a file, - for standard input, or --followup ID")
            file = "-"
        message = checking.read_note(app, file)
    report = checking.lint_note(
        app,
        message,
        checking.LintRequest(
            context=context,
            followup_id=followup_id,
            kind=wanted_kind,
            select=checking.split_rules(select),
            ignore=checking.split_rules(ignore),
            sent_at=_sent_at(app, sent_at_text, zone) if sent_at_text else None,
            now=app.clock.now(),
        ),
    )
    if as_json or fmt == "json":
        console.emit_json(report.as_dict())
    else:
        _text(report)
    if report.has_errors:
        raise click.exceptions.Exit(ExitCode.FAILED)


def _has_database(app: App) -> bool:
    """Whether there are records to read: a PostgreSQL database, or an existing SQLite
    file (lint never creates one just to look)."""
    return bool(app.settings.database_url) or app.settings.database.exists()


def _sent_at(app: App, text: str, zone: str) -> datetime:
    """--sent-at: ISO 8601 or a phrase, read in the interview's zone or the user's."""
    try:
        parsed = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        if parsed.tzinfo is not None:
            return fields.in_range("--sent-at", parsed)
    except ValueError:
        pass
    if not zone:
        # The profile's zone, without creating a database just to read it.
        zone = user_zone(app) if _has_database(app) else "UTC"
    return parse_when(text, zone, app.clock.now(), "--sent-at")


def _text(report: checking.Report) -> None:
    name = console.safe(report.name)
    for finding in report.findings:
        console.out(_line(name, finding))
        suggestion = finding.suggestion
        if suggestion:
            console.out(f"    help: {console.safe(suggestion)}")
    counts = {s: sum(f.severity is s for f in report.findings) for s in Severity}
    total = len(report.findings)
    if total == 0:
        console.out(f"All checks passed ({report.words} words).")
        return
    parts = [f"{n} {s.value}{'s' if n != 1 else ''}" for s, n in counts.items() if n]
    console.out(
        f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) "
        f"in {report.words} words."
    )


def _line(name: str, finding: Finding) -> str:
    severity = click.style(finding.severity.value, fg=_COLOURS[finding.severity], bold=True)
    rule = click.style(finding.rule, bold=True)
    return (
        f"{name}:{finding.line}:{finding.column} {severity} {rule} {console.safe(finding.message)}"
    )
