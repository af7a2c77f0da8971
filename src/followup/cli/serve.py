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
    allow_hosts: tuple[str, ...],
) -> None:
    """Start the web app: today, pipeline, interviews, drafts, habits, settings.

    It listens on 127.0.0.1 only, unless --host says otherwise; then it prints a login
    token that the browser must give first. Stop it with Ctrl-C.

    \b
    Example:
      followup serve
      followup serve --port 9000 --no-browser
    """
    import threading
    import webbrowser

    import uvicorn  # the web stack is imported only by this command

    from followup.web import create_app
    from followup.web.outbox import OutboxWorker
    from followup.web.security import is_loopback

    worker = None if no_outbox else OutboxWorker(app)
    asgi = create_app(
        app,
        host=host,
        port=port,
        extra_hosts=allow_hosts,
        outbox=worker,
    )
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/"  # noqa: S104
    access = asgi.access
    if access.needs_login:
        console.out(f"followup: listening on {host}:{port}; beyond this computer.")
        console.out(f"Sign in at {url}login with this token: {access.login_token}")
    else:
        console.out(f"followup: open {url} (Ctrl-C to stop)")
    if not no_browser and is_loopback(host):
        threading.Timer(0.8, webbrowser.open, args=(url,)).start()
    uvicorn.run(asgi, host=host, port=port, log_level="warning", access_log=False)
