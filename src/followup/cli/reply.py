"""`followup reply`: record a reply that did not come by email."""

from __future__ import annotations

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.options import json_option, parse_when, pass_app, user_zone
from followup.domain.records.followups import Channel
from followup.services.mail import replies


@click.group()
def reply() -> None:
    """Replies from contacts; a reply resets the follow-up clock (CAD-007).

    \b
    Example:
      followup reply add --contact grace@acme.com --note "called, decision Friday"
    """


@reply.command("add")
@click.option("--contact", "contact_ref", required=True, help="Contact id or email.")
@click.option("--at", "when", help="When they replied (default: now).")
@click.option("--note", default="", help="What they said.")
@click.option(
    "--channel",
    type=click.Choice([c.value for c in Channel]),
    default=Channel.OTHER.value,
    show_default=True,
    help="How they replied.",
)
@json_option
@pass_app
def add(
    app: App, contact_ref: str, when: str | None, note: str, channel: str, as_json: bool
) -> None:
    """Record a reply by hand: a phone call, a LinkedIn message, a word at an event.

    \b
    Example:
      followup reply add --contact 4 --at "yesterday 3pm" --channel phone
    """
    now = app.clock.now()
    at = parse_when(when, user_zone(app), now, "--at") if when else now
    message = replies.add_manual(app, contact_ref, at=at, note=note, channel=Channel(channel))
    if as_json:
        console.emit_json(
            {"id": message.id, "contact": message.contact_id, "at": message.at.isoformat()}
        )
        return
    contact = app.store.contacts.get(message.contact_id)
    console.out(console.safe(f"recorded a reply from {contact.name} at {at.isoformat()}"))
