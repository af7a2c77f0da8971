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
@json_option
@pass_app
def send(
    app: App, followup_id: int, via: str, when: str | None, force: bool, as_json: bool
) -> None:
    """Send a follow-up: its stored draft, or a fresh one when there is none.

    It is linted first: error-level findings and cadence-guard refusals block it unless
    --force. It gets a Message-ID now and goes into the outbox, which sends it at most
    once; see `followup outbox` for its state.

    \b
    Example:
      followup send 12
      followup send 12 --at "tomorrow 9am"
      followup send 12 --via drafts
    """
    at = parse_when(when, user_zone(app), app.clock.now(), "--at") if when else None
    sent = sending.send_followup(
        app, followup_id, sending.SendOptions(via=Via(via), at=at, force=force, via_field="--via")
    )
    entry = sent.entry
    if not sent.created:
        console.warn(f"follow-up {followup_id} is already in the outbox; not queued twice")
    if sent.busy:
        console.warn(f"{sent.busy}; the message stays queued")
    failed = entry.state in (State.FAILED, State.UNKNOWN, State.RETRY)
    if as_json:
        console.emit_json(entry_json(entry))
    elif failed:
        click.echo(f"error: {console.safe(outbox_service.describe(entry))}", err=True)
    else:
        console.out(console.safe(outbox_service.describe(entry)))
    if failed:
        raise click.exceptions.Exit(ExitCode.FAILED)
