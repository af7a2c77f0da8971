"""`followup send`: lint a follow-up, queue it in the outbox, and send it (now or later)."""

from __future__ import annotations

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.exit_codes import ExitCode
from followup.cli.options import json_option, parse_when, pass_app, user_zone
from followup.cli.outbox import entry_json
from followup.domain.mail.outbox import State, Via
from followup.services.mail import outbox as outbox_service
from followup.services.mail import send as sending


@click.command("send")
@click.argument("followup_id", type=int)
@click.option(
    "--via",
    type=click.Choice([v.value for v in Via]),
    default=Via.SMTP.value,
    show_default=True,
    help="SMTP server, your Drafts folder (IMAP), or an .eml file.",
)
@click.option("--at", "when", help="Send at this time (ISO 8601 or 'tomorrow 9am').")
@click.option("--force", is_flag=True, help="Send despite lint errors or the cadence guard.")
@click.option("--now", "at_once", is_flag=True, help="Send at once, outside the window or past it.")
@json_option
@pass_app
def send(
    app: App,
    followup_id: int,
    via: str,
    when: str | None,
    force: bool,
    at_once: bool,
    as_json: bool,
) -> None:
    """Send a follow-up: its stored draft, or a fresh one when there is none.

    It is linted first: warnings are shown, and error-level findings and cadence-guard
    refusals block it unless --force. It gets a Message-ID now and goes into the outbox,
    which sends it at most once; see `followup outbox` for its state.

    Sending keeps the timing: outside the follow-up's window, or outside the recipient's
    business hours, it is scheduled for the recommended time, said in both zones, and
    `followup outbox run` (or `followup serve`) sends it then. Past the latest time it is
    refused until you say --now (late beats never, TIMING-001).

    \b
    Example:
      followup send 12
      followup send 12 --now
      followup send 12 --at "tomorrow 9am"
      followup send 12 --via drafts
    """
    if when and at_once:
        raise click.UsageError("say --at or --now, not both")
    at = parse_when(when, user_zone(app), app.clock.now(), "--at") if when else None
    sent = sending.send_followup(
        app,
        followup_id,
        sending.SendOptions(via=Via(via), at=at, force=force, now=at_once, via_field="--via"),
    )
    entry = sent.entry
    for warning in sent.warnings:
        console.warn(console.safe(warning))
    if not sent.created:
        console.warn(f"follow-up {followup_id} is already in the outbox; not queued twice")
    if sent.busy:
        console.warn(f"{sent.busy}; the message stays queued")
    if sent.timing is not None and sent.timing.scheduled and not as_json:
        console.out(f"scheduled for {sent.timing.when()}: {sent.timing.decision.reason}")
        console.out(
            "`followup outbox run` (cron, a timer, or `followup serve`) sends it then; "
            "`followup send` with --now sends it at once"
        )
    failed = entry.state in (State.FAILED, State.UNKNOWN, State.RETRY)
    if as_json:
        shown = entry_json(entry)
        if sent.timing is not None:
            shown["timing"] = {
                "action": sent.timing.decision.action.value,
                "at": sent.timing.decision.at.isoformat(),
                "when": sent.timing.when(),
                "reason": sent.timing.decision.reason,
            }
        shown["warnings"] = list(sent.warnings)
        console.emit_json(shown)
    elif failed:
        click.echo(f"error: {console.safe(outbox_service.describe(entry))}", err=True)
    else:
        console.out(console.safe(outbox_service.describe(entry)))
    if failed:
        raise click.exceptions.Exit(ExitCode.FAILED)
