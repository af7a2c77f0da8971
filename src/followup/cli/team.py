"""`followup team`: set up team mode (an organisation on PostgreSQL) and serve it."""

from __future__ import annotations

import json

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.options import json_option, pass_app
from followup.services.team import users


@click.group("team")
def team() -> None:
    """Team mode: one organisation of candidates, coaches and admins on PostgreSQL.

    Team mode needs FOLLOWUP_DATABASE=postgresql://... (run `followup db migrate` first).

    \b
    Example:
      followup team init --org "Northfield Careers" --admin admin@northfield.ac.uk
    """


@team.command("init")
@click.option("--org", required=True, help="The organisation's name.")
@click.option("--admin", "admin", required=True, help="The first admin's email address.")
@pass_app
def init(app: App, org: str, admin: str) -> None:
    """Create the organisation and its first admin.

    \b
    Example:
      followup team init --org "Northfield Careers" --admin admin@northfield.ac.uk
      followup user password admin@northfield.ac.uk
    """
    user = users.init(app.team, app.clock.now(), org, admin)
    console.out(console.safe(f"organisation {org.strip()} created; admin {user.email}"))


@team.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8766, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="The public name browsers use to reach it, e.g. behind a proxy (repeatable).",
)
@click.option(
    "--proxy-trusted",
    "proxies",
    multiple=True,
    metavar="ADDRESS",
    help="A reverse proxy's address whose X-Forwarded-For names the client (repeatable).",
)
@pass_app
def serve(
    app: App, host: str, port: int, allow_hosts: tuple[str, ...], proxies: tuple[str, ...]
) -> None:
    """Serve team mode's web app: sign-in, the candidate's pages, the coach's caseload.

    Behind a reverse proxy, name it with --proxy-trusted so the per-address sign-in limit
    counts the client's address, not the proxy's; from anyone else X-Forwarded-For is
    ignored.

    \b
    Example:
      followup team serve --host 0.0.0.0 --port 8766 --allow-host careers.example.edu
      followup team serve --allow-host careers.example.edu --proxy-trusted 127.0.0.1
    """
    app.team  # noqa: B018 - fail now, in one line, when team mode is not set up
    import uvicorn

    from followup.web.team.app import create_team_app

    console.out(console.safe(f"followup team mode on http://{host}:{port}/"))
    trusted = frozenset(p.strip() for p in proxies if p.strip())
    # uvicorn's own X-Forwarded-For handling trusts 127.0.0.1 by default: ours decides.
    uvicorn.run(
        create_team_app(app, host, port, allow_hosts, trusted_proxies=trusted),
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=False,
    )


@team.group("settings")
def settings_group() -> None:
    """The organisation's settings: policy, lint rules enforced, voice, holidays.

    \b
    Example:
      followup team settings set policy.thank_you_min_delay_hours 3
      followup team settings set lint.enforce '["LINT-012"]'
      followup team settings set holidays.observed '["2026-12-07 Closure day"]'
      followup team settings set compose.tone warm --candidates-may-override
    """


@settings_group.command("show")
@json_option
@pass_app
def settings_show(app: App, as_json: bool) -> None:
    """List the organisation's settings and which a candidate may override.

    \b
    Example:
      followup team settings show --json
    """
    from followup.services.team import settings

    entries = settings.organisation(app.team)
    if as_json:
        console.emit_json([{"key": e.key, "value": e.value, "overridable": e.overridable}
                           for e in entries])  # fmt: skip
        return
    if not entries:
        console.out("no organisation settings: every candidate has followup's defaults")
    for e in entries:
        may = "candidates may override" if e.overridable else "for everyone"
        console.out(console.safe(f"{e.key} = {json.dumps(e.value)}  ({may})"))


@settings_group.command("set")
@click.argument("key")
@click.argument("value")
@click.option("--candidates-may-override", "overridable", is_flag=True,
              help="Let each candidate set their own value.")  # fmt: skip
@pass_app
def settings_set(app: App, key: str, value: str, overridable: bool) -> None:
    """Set one organisation setting. VALUE reads as JSON when it can (3, true,
    ["LINT-012"]), else as text ("08:00-18:00"). Keys: policy.<key> (docs/policy.md),
    lint.enforce, compose.tone, compose.panel_notes, compose.sign_off, holidays.country,
    holidays.observed.

    \b
    Example:
      followup team settings set policy.business_hours 08:30-17:30
    """
    from followup.services.team import settings

    entry = settings.set_org(app.team, app.holidays, app.clock.now(), key,
                             settings.parse_value(value), overridable=overridable)  # fmt: skip
    may = "candidates may override it" if entry.overridable else "for everyone"
    console.out(console.safe(f"{entry.key} = {json.dumps(entry.value)} ({may})"))


@settings_group.command("unset")
@click.argument("key")
@pass_app
def settings_unset(app: App, key: str) -> None:
    """Remove one organisation setting: followup's default applies again.

    \b
    Example:
      followup team settings unset policy.business_hours
    """
    from followup.services.team import settings

    settings.unset_org(app.team, key)
    console.out(console.safe(f"{key.strip()} removed"))
