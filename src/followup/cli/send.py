"""`followup send`: lint a follow-up, queue it in the outbox, and send it (now or later)."""

from __future__ import annotations

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.exit_codes import ExitCode
from followup.cli.options import json_option, parse_when, pass_app, user_zone
from followup.cli.outbox import run_now
from followup.domain.errors import ValidationError
from followup.domain.outbox import State, Via, is_due
from followup.services import sending


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
    now = app.clock.now()
    kit = app.mail
    settings = kit.settings
    route = Via(via)
    if route is Via.SMTP and settings.smtp is None:
        raise ValidationError("--via", "no SMTP account configured; run `followup mail setup`")
    if route is Via.DRAFTS and settings.imap is None:
        raise ValidationError("--via", "no IMAP account configured; run `followup mail setup`")
    profile = app.store.get_profile()
    sender = sending.Sender(
        name=settings.from_name or (profile.name if profile else ""),
        email=settings.from_email or (profile.email if profile else ""),
    )
    at = parse_when(when, user_zone(app), now, "--at") if when else None
    entry, created = sending.queue(
        app.store,
        kit.outbox,
        followup_id,
        sender=sender,
        now=now,
        via=route,
        at=at,
        force=force,
        gate=sending.standard_gate(
            app.store,
            config=app.settings.config,
            policies=app.policies,
            holidays=app.holidays,
            now=now,
            at=at,
        ),
        drafter=sending.standard_drafter(app.store, app.clock, app.renderer),
    )
    if not created:
        console.warn(f"follow-up {followup_id} is already in the outbox; not queued twice")
    if is_due(entry, app.clock.now()):
        run_now(app)
        entry = kit.outbox.get(entry.id or 0)
    failed = entry.state in (State.FAILED, State.UNKNOWN, State.RETRY)
    if as_json:
        from followup.cli.outbox import _row

        console.emit_json(_row(entry))
    elif failed:
        click.echo(f"error: {console.safe(sending.describe(entry))}", err=True)
    else:
        console.out(console.safe(sending.describe(entry)))
    if failed:
        raise click.exceptions.Exit(ExitCode.FAILED)
