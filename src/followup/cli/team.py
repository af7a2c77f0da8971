"""`followup team`: set up team mode (an organisation on PostgreSQL) and serve it."""

from __future__ import annotations

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.options import pass_app
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
