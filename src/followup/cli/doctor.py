"""`followup doctor`: check the interpreter, TLS, database and config."""

from __future__ import annotations

import click

from followup.bootstrap import App, database_status
from followup.cli import console
from followup.cli.exit_codes import ExitCode
from followup.cli.options import json_option, pass_app
from followup.domain.errors import DomainError
from followup.services import doctor as checks


@click.command("doctor")
@json_option
@pass_app
def doctor(app: App, as_json: bool) -> None:
    """Self-check: Python's email fixes, expat, TLS, the database, the config, and
    whether anything runs the outbox while messages are scheduled.

    Exits 1 when a check fails; a warning does not fail it. Passwords are never shown.

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

    def keyring() -> str:
        try:
            return app.mail.keyring()
        except DomainError as exc:  # a database not migrated yet: the other checks say so
            return f"not checked: {exc}"

    def server() -> list[checks.Check]:
        # PostgreSQL has no database file: say where it is and whether it is migrated.
        where, migrations = database_status(app.settings)
        return checks.server_checks(where, [m.name for m in migrations if not m.applied_at])

    found = checks.run(
        database=app.settings.database,
        config=app.settings.config_path,
        integrity=integrity,
        mail=mail,
        keyring=keyring,
        server=server if app.settings.database_url else None,
    )
    if all(c.ok for c in found if c.name == "database: integrity_check"):
        found.append(checks.plan_check(lambda: checks.repair_plans(app)))
    found.append(_outbox(app))
    if as_json:
        console.emit_json(
            [{"name": c.name, "ok": c.ok, "warn": c.warn, "detail": c.detail} for c in found]
        )
    else:
        for check in found:
            mark = ("warn" if check.warn else "ok  ") if check.ok else "FAIL"
            console.out(console.safe(f"{mark} {check.name}: {check.detail}"))
    if not all(c.ok for c in found):
        raise click.exceptions.Exit(ExitCode.FAILED)


def _outbox(app: App) -> checks.Check:
    """Scheduled messages with no outbox run for an hour (issue 14)."""
    from followup.domain.mail.outbox import State
    from followup.services.mail import send as sending

    try:
        waiting = len(app.mail.outbox.entries([State.QUEUED, State.RETRY]))
        return checks.outbox_check(waiting, sending.last_run(app), app.clock.now())
    except DomainError as exc:
        return checks.Check("outbox: runner", False, str(exc))
