"""`followup sync`: notice replies, over IMAP (read-only) or from exported mail."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.exit_codes import ExitCode
from followup.cli.options import json_option, pass_app
from followup.services.mail import replies

if TYPE_CHECKING:
    from followup.domain.records.followups import Message


@click.command("sync")
@click.option("--mbox", type=click.Path(path_type=Path), help="Read an exported mbox file.")
@click.option("--eml", type=click.Path(path_type=Path), help="Read a folder of .eml files.")
@click.option(
    "--watch", is_flag=True, help="Keep watching over IMAP IDLE and record replies as they come."
)
@click.option(
    "--max-seconds",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="With --watch: stop after this many seconds (for cron and tests).",
)
@json_option
@pass_app
def sync(
    app: App,
    mbox: Path | None,
    eml: Path | None,
    watch: bool,
    max_seconds: float | None,
    as_json: bool,
) -> None:
    """Find replies to your follow-ups and record them; a reply stops the nudges.

    With no option it searches your IMAP folders read-only (nothing is marked read) for
    mail that answers a Message-ID followup sent, or comes from a contact you wrote to.
    Each reply is recorded once, however often you run it. With --watch it stays
    connected and waits for new mail (IDLE), reconnecting when the server drops it,
    until Ctrl-C or --max-seconds.

    \b
    Example:
      followup sync
      followup sync --watch
      followup sync --mbox ~/Downloads/export.mbox
    """
    if mbox and eml:
        raise click.UsageError("give --mbox or --eml, not both")
    if watch and (mbox or eml):
        raise click.UsageError("--watch reads IMAP; it cannot be used with --mbox or --eml")
    if max_seconds is not None and not watch:
        raise click.UsageError("--max-seconds needs --watch")
    if watch:
        _watch(app, max_seconds, as_json)
        return
    report = replies.sync(
        app, mbox=None if mbox is None else str(mbox), eml=None if eml is None else str(eml)
    )
    if as_json:
        _emit_json(report)
        return
    _show(app, report)
    console.out(f"{len(report.recorded)} new replies; {report.looked_at} mails looked at")


def _watch(app: App, max_seconds: float | None, as_json: bool) -> None:
    """`sync --watch`: the service's IDLE loop, printing each batch as it lands."""
    report = replies.WatchReport()
    stopped = False
    try:
        replies.follow(
            app,
            replies.WatchOptions(
                max_seconds=max_seconds,
                on_start=lambda folder: click.echo(
                    console.safe(f"watching {folder} for replies; Ctrl-C stops"), err=True
                ),
                on_batch=(lambda batch: None) if as_json else (lambda batch: _show(app, batch)),
                on_problem=lambda problem: console.warn(console.safe(f"{problem}; waiting it out")),
                report=report,
            ),
        )
    except KeyboardInterrupt:
        stopped = True
    if as_json:
        _emit_json(report)
    else:
        click.echo(f"stopped watching; {len(report.recorded)} new replies", err=True)
    if stopped:
        raise click.exceptions.Exit(ExitCode.INTERRUPTED)


def _show(app: App, report: replies.SyncReport) -> None:
    from followup.domain.mail.stop_requests import describe

    for entry in report.drafts_sent:
        console.out(console.safe(f"sent from your Drafts: {entry.subject!r} (outbox {entry.id})"))
    for message in report.recorded:
        contact = app.store.contacts.get(message.contact_id)
        subject = message.subject or "(no subject)"
        console.out(console.safe(f"reply from {contact.name}: {subject}"))
        stop = report.stops.get(message.id or 0)
        if stop is not None:
            console.out(console.safe(f"  {describe(stop)}"))
    for problem in report.warnings:
        console.warn(console.safe(f"recorded, though malformed: {problem}"))
    for problem in report.skipped:
        console.warn(console.safe(problem))


def _emit_json(report: replies.SyncReport) -> None:
    console.emit_json(
        {
            "looked_at": report.looked_at,
            "recorded": [_json(m, report) for m in report.recorded],
            "skipped": report.skipped,  # never one that is also recorded
            "warnings": report.warnings,
            "drafts_sent": [e.id for e in report.drafts_sent],
        }
    )


def _json(message: Message, report: replies.SyncReport) -> dict[str, object]:
    stop = report.stops.get(message.id or 0)
    return {
        "contact": message.contact_id,
        "followup": message.followup_id,
        "application": message.application_id,
        "subject": message.subject,
        "at": message.at.isoformat(),
        "stop": None if stop is None else {"why": stop.stop.value, "phrase": stop.phrase},
    }
