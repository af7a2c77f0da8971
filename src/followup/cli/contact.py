"""`followup contact`: interviewers, recruiters, hiring managers, referrers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any, TypeVar

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.options import json_option, pass_app
from followup.domain.records.model import Contact, ContactRole
from followup.services.records import contacts

F = TypeVar("F", bound=Callable[..., Any])

_details = [
    click.option("--email", help="Their email address."),
    click.option("--title", help="Their job title."),
    click.option("--company", help="Company name (created if new)."),
    click.option("--tz", help="Their time zone (IANA)."),
    click.option("--country", help="Their country (ISO code), for public holidays."),
    click.option(
        "--role", type=click.Choice([r.value for r in ContactRole]), help="What they are to you."
    ),
    click.option("--notes", help="Anything worth remembering."),
    click.option("--observes", help="Holidays they observe, comma-separated (HOLIDAY-005)."),
    # The structured name (issue 15 §1, docs/debrief.md); "" clears a part.
    click.option(
        "--honorific", help='Mr., Ms., Mx., Dr., Prof. or another short title; "" clears.'
    ),
    click.option("--given-name", help='Their given (first) name; "" clears.'),
    click.option("--family-name", help='Their family name, e.g. "García López"; "" clears.'),
    click.option(
        "--name-order",
        type=click.Choice(["given-first", "family-first"]),
        help="How `name` is written (default given-first).",
    ),
    click.option("--salutation", help='The exact words after "Dear", e.g. Tanaka-san; "" clears.'),
]


def _with_details(func: F) -> F:
    for option in reversed(_details):
        func = option(func)
    return func


def _show(contact: Contact, as_json: bool) -> None:
    if as_json:
        console.emit_json(asdict(contact))
        return
    console.fields(
        [
            ("id", contact.id),
            ("name", contact.name),
            ("email", contact.email),
            ("title", contact.title),
            ("company", contact.company_id),
            ("tz", contact.tz),
            ("country", contact.country),
            ("role", contact.role),
            ("tier", contact.tier),
            ("honorific", contact.honorific),
            ("given name", contact.given_name),
            ("family name", contact.family_name),
            ("name order", contact.name_order),
            ("salutation", contact.salutation),
            ("notes", contact.notes),
            ("do not contact", "yes" if contact.do_not_contact else "no"),
        ]
    )


@click.group()
def contact() -> None:
    """People you meet: interviewers, recruiters, hiring managers, referrers.

    \b
    Example:
      followup contact add "Grace Hopper" --email grace@acme.com --company Acme
    """


@contact.command("add")
@click.argument("name")
@_with_details
@click.option("--merge", is_flag=True, help="If the email is on file, update that contact.")
@json_option
@pass_app
def add(app: App, name: str, merge: bool, as_json: bool, **details: str | None) -> None:
    """Add a contact. An email already on file is refused unless --merge.

    \b
    Example:
      followup contact add "Grace Hopper" --email grace@acme.com --title "Eng Manager"
    """
    _show(contacts.add(app, name, merge=merge, **details), as_json)


@contact.command("list")
@click.option("--company", help="Only this company's contacts.")
@json_option
@pass_app
def list_(app: App, company: str | None, as_json: bool) -> None:
    """List contacts.

    \b
    Example:
      followup contact list --company Acme
    """
    found = contacts.listing(app, company)
    if as_json:
        console.emit_json([asdict(c) for c in found])
        return
    console.table(
        ["id", "name", "email", "title", "role"],
        [(c.id, c.name, c.email, c.title, c.role) for c in found],
        title="contacts",
    )


@contact.command("show")
@click.argument("ref")
@json_option
@pass_app
def show(app: App, ref: str, as_json: bool) -> None:
    """Show one contact, by id or email.

    \b
    Example:
      followup contact show grace@acme.com
    """
    _show(contacts.resolve(app, ref), as_json)


@contact.command("edit")
@click.argument("ref")
@click.option("--name", help="A new name.")
@_with_details
@click.option(
    "--do-not-contact/--contact-ok",
    "do_not_contact",
    default=None,
    help="They asked not to be contacted: no notes are planned and nothing is sent to them.",
)
@json_option
@pass_app
def edit(app: App, ref: str, as_json: bool, **changes: str | bool | None) -> None:
    """Change a contact's details; only the options given change.

    \b
    Examples:
      followup contact edit 3 --tz America/Los_Angeles
      followup contact edit 3 --honorific Mr. --family-name Tanaka --name-order family-first
      followup contact edit 3 --salutation ""
      followup contact edit 3 --do-not-contact
    """
    _show(contacts.edit(app, ref, **changes), as_json)


@contact.command("tier")
@click.argument("ref")
@click.argument("tier", metavar="close|regular|light|none")
@json_option
@pass_app
def tier(app: App, ref: str, tier: str, as_json: bool) -> None:
    """Set how often to keep in touch: close (6 weeks), regular (90 days), light (180 days),
    or none to leave them out of your network (NURTURE-001).

    \b
    Example:
      followup contact tier 3 close
    """
    from followup.services.network import set_tier

    _show(set_tier(app, ref, tier), as_json)
