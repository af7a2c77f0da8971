"""`followup sync`: notice replies, over IMAP (read-only) or from exported mail."""

from __future__ import annotations

from pathlib import Path

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.options import json_option, pass_app
from followup.domain.errors import ValidationError
from followup.services import replies


@click.command("sync")
@click.option("--mbox", type=click.Path(path_type=Path), help="Read an exported mbox file.")
@click.option("--eml", type=click.Path(path_type=Path), help="Read a folder of .eml files.")
@json_option
@pass_app
def sync(app: App, mbox: Path | None, eml: Path | None, as_json: bool) -> None:
    """Find replies to your follow-ups and record them; a reply stops the nudges.

    With no option it searches your IMAP folders read-only (nothing is marked read) for
    mail that answers a Message-ID followup sent, or comes from a contact you wrote to.
    Each reply is recorded once, however often you run it.

    \b
    Example:
      followup sync
      followup sync --mbox ~/Downloads/export.mbox
    """
    if mbox and eml:
        raise click.UsageError("give --mbox or --eml, not both")
    kit = app.mail
    now = app.clock.now()
    profile = app.store.get_profile()
    me = kit.settings.from_email or (profile.email if profile else "")
    if mbox is not None:
        report = replies.record(app.store, kit.outbox, kit.read_mbox(str(mbox)), now=now, me=me)
    elif eml is not None:
        mails = kit.read_eml_dir(str(eml))
        report = replies.record(app.store, kit.outbox, mails, now=now, me=me)
    else:
        mailbox = kit.mailbox()
        if mailbox is None:
            raise ValidationError(
                "sync", "no IMAP account configured; run `followup mail setup`, or use --mbox/--eml"
            )
        report = replies.sync_imap(app.store, kit.outbox, mailbox, now=now, me=me)
    if report.recorded:
        app.replan()  # replies reset the cadence count and stop the nudges (CAD-007)
    if as_json:
        console.emit_json(
            {
                "looked_at": report.looked_at,
                "recorded": [
                    {
                        "contact": m.contact_id,
                        "followup": m.followup_id,
                        "subject": m.subject,
                        "at": m.at.isoformat(),
                    }
                    for m in report.recorded
                ],
                "skipped": report.skipped,
            }
        )
        return
    for message in report.recorded:
        contact = app.store.get_contact(message.contact_id)
        subject = message.subject or "(no subject)"
        console.out(console.safe(f"reply from {contact.name}: {subject}"))
    for problem in report.skipped:
        console.warn(console.safe(problem))
    console.out(f"{len(report.recorded)} new replies; {report.looked_at} mails looked at")
