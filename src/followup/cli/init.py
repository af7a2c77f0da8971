"""`followup init`: record who you are."""

from __future__ import annotations

import sys

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.options import json_option, pass_app
from followup.domain.records.zones import zone_country
from followup.services.records import profile as profiles


def _system_zone() -> str | None:
    """The machine's zone name, when it is an IANA name."""
    try:
        from pathlib import Path

        target = Path("/etc/localtime").resolve()
        parts = target.parts
        if "zoneinfo" in parts:
            return "/".join(parts[parts.index("zoneinfo") + 1 :])
    except OSError:
        return None
    return None


@click.command()
@click.option("--name", help="Your full name, as you sign your mail.")
@click.option("--email", help="The address you send follow-ups from.")
@click.option("--tz", help="Your time zone (IANA, e.g. Europe/Berlin).")
@click.option("--country", help="Your country (ISO code, e.g. DE); derived from --tz if left out.")
@click.option("--signature", help="Lines to sign your notes with (phone, LinkedIn).")
@click.option("--skills", help="Your skills, comma-separated.")
@json_option
@pass_app
def init(
    app: App,
    name: str | None,
    email: str | None,
    tz: str | None,
    country: str | None,
    signature: str | None,
    skills: str | None,
    as_json: bool,
) -> None:
    """Record who you are. Run it again to change an answer.

    On a terminal it asks for what is missing; otherwise the flags given are enough.

    \b
    Example:
      followup init --name "Ada Lovelace" --email ada@example.org --tz Europe/London --country GB
    """
    current = app.store.profile.get()
    if sys.stdin.isatty() and current is None:
        name = name or click.prompt("Your name")
        email = email or click.prompt("Your email")
        tz = tz or click.prompt("Your time zone", default=_system_zone() or "UTC")
        if country is None and not zone_country(tz):
            country = click.prompt("Your country (ISO code)")
    elif current is None and tz is None:
        tz = _system_zone()
    saved = profiles.save(
        app,
        name=name,
        email=email,
        tz=tz,
        country=country,
        signature=signature,
        skills=skills,
    )
    if as_json:
        console.emit_json(
            {
                "name": saved.name,
                "email": saved.email,
                "tz": saved.tz,
                "country": saved.country,
                "signature": saved.signature,
                "skills": saved.skills,
            }
        )
        return
    console.out(
        f"Saved your profile: {console.safe(saved.name)} <{saved.email}>, "
        f"{saved.tz}, {saved.country}."
    )
    console.out(f"Data folder: {app.settings.home}")
