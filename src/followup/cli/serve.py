"""`followup serve`: the local web app over the same services as the CLI."""

from __future__ import annotations

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.options import pass_app


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option("--no-browser", is_flag=True, help="Do not open the web browser.")
@click.option("--no-outbox", is_flag=True, help="Do not send queued mail from the server.")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Server processes sharing the port (then mail is sent by `followup worker`).",
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Another host name the browser may use to reach it (repeatable).",
)
@pass_app
def serve(
    app: App,
    host: str,
    port: int,
    no_browser: bool,
    no_outbox: bool,
    workers: int,
    allow_hosts: tuple[str, ...],
) -> None:
    """Start the web app: today, pipeline, interviews, drafts, habits, settings.

    It listens on 127.0.0.1 only, unless --host says otherwise; then it prints a login
    token that the browser must give first. Stop it with Ctrl-C. GET /healthz answers
    load balancers: 200 when the database is reachable and migrated, else 503.

    With --workers N, N processes serve the same port (for a shared PostgreSQL); they
    send no mail themselves. Several hosts behind one proxy share logins when they are
    given the same FOLLOWUP_WEB_SECRET.

    \b
    Example:
      followup serve
      followup serve --port 9000 --no-browser
      followup serve --host 0.0.0.0 --workers 4 --no-browser
    """
    import os
    import secrets
    import threading
    import webbrowser

    import uvicorn  # the web stack is imported only by this command

    from followup.web import create_app
    from followup.web.outbox import OutboxWorker
    from followup.web.security import is_loopback
    from followup.web.server import shared_secret

    secret = shared_secret(os.environ) or secrets.token_bytes(32)
    # Several processes must not each run the outbox: `followup worker` claims the sends.
    worker = None if no_outbox or workers > 1 else OutboxWorker(app)
    asgi = create_app(
        app,
        host=host,
        port=port,
        extra_hosts=allow_hosts,
        outbox=worker,
        secret=secret,
    )
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/"  # noqa: S104
    access = asgi.access
    if access.needs_login:
        console.out(f"followup: listening on {host}:{port}; beyond this computer.")
        console.out(f"Sign in at {url}login with this token: {access.login_token}")
        if not allow_hosts:
            # Only this machine's names are served: a public or proxied name gets 400 (G8).
            console.out(
                "Only this machine's names are served; reached under another name"
                " (a proxy, DNS), start it with --allow-host NAME."
            )
    else:
        console.out(f"followup: open {url} (Ctrl-C to stop)")
    if not no_browser and is_loopback(host):
        threading.Timer(0.8, webbrowser.open, args=(url,)).start()
    if workers == 1:
        uvicorn.run(asgi, host=host, port=port, log_level="warning", access_log=False)
        return
    _serve_processes(app, asgi.access.login_token, secret, host, port, allow_hosts, workers)


def _serve_processes(
    app: App,
    login_token: str | None,
    secret: bytes,
    host: str,
    port: int,
    allow_hosts: tuple[str, ...],
    workers: int,
) -> None:
    """uvicorn's process manager: each worker builds its own app from the environment,
    with this process's login token and secret, so any of them serves any request."""
    import json
    import os

    import uvicorn

    from followup.web.server import SERVE_ENV

    app.close()  # the workers open their own connections
    os.environ[SERVE_ENV] = json.dumps(
        {
            "host": host,
            "port": port,
            "login_token": login_token,
            "extra_hosts": list(allow_hosts),
            "secret": secret.hex(),
        }
    )
    console.out(f"{workers} server processes; they send no mail: `followup worker` does.")
    uvicorn.run(
        "followup.web.server:from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )
