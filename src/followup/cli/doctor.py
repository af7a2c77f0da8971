"""`followup doctor`: check the interpreter, TLS, database and config."""

from __future__ import annotations

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.exit_codes import ExitCode
from followup.cli.options import json_option, pass_app
from followup.services import doctor as checks


@click.command("doctor")
@json_option
@pass_app
def doctor(app: App, as_json: bool) -> None:
    """Self-check: Python's email fixes, expat, TLS, the database and the config.

    Exits 1 when a check fails. Passwords are never shown.

    \b
    Example:
      followup doctor
    """

    def mail() -> str:
        settings = app.mail.settings
        parts = [
            f"smtp {settings.smtp.label} ({settings.smtp.tls})" if settings.smtp else "no smtp",
            f"imap {settings.imap.label} ({settings.imap.tls})" if settings.imap else "no imap",
        ]
        return "; ".join(parts)

    def integrity() -> str:
        db = getattr(app.store, "db", None)
        return db.integrity() if db is not None else "ok"

    found = checks.run(
        database=app.settings.database,
        config=app.settings.config_path,
        integrity=integrity,
        mail=mail,
        keyring=app.mail.keyring,
    )
    if all(c.ok for c in found if c.name == "database: integrity_check"):
        found.append(checks.plan_check(lambda: checks.repair_plans(app)))
    if as_json:
        console.emit_json([{"name": c.name, "ok": c.ok, "detail": c.detail} for c in found])
    else:
        for check in found:
            mark = "ok  " if check.ok else "FAIL"
            console.out(console.safe(f"{mark} {check.name}: {check.detail}"))
    if not all(c.ok for c in found):
        raise click.exceptions.Exit(ExitCode.FAILED)
