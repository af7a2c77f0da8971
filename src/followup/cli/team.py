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
@pass_app
def serve(app: App, host: str, port: int, allow_hosts: tuple[str, ...]) -> None:
    """Serve team mode's web app: sign-in, the candidate's pages, the coach's caseload.

    \b
    Example:
      followup team serve --host 0.0.0.0 --port 8766 --allow-host careers.example.edu
    """
    app.team  # noqa: B018 - fail now, in one line, when team mode is not set up
    import uvicorn

    from followup.web.team.app import create_team_app

    console.out(console.safe(f"followup team mode on http://{host}:{port}/"))
    uvicorn.run(
        create_team_app(app, host, port, allow_hosts), host=host, port=port, log_level="warning"
    )
