"""`followup db`: the database's numbered migrations, on SQLite or PostgreSQL."""

from __future__ import annotations

import click

from followup import bootstrap
from followup.cli import console
from followup.settings import Settings


@click.group("db")
def db() -> None:
    """The database: apply and show its migrations (SQLite or PostgreSQL).

    FOLLOWUP_DATABASE picks the database: a file path (SQLite, the default) or a
    postgresql:// URL (then FOLLOWUP_ACCOUNT picks the account: an id, or a name).

    \b
    Example:
      followup db status
    """


@db.command("migrate")
def migrate() -> None:
    """Apply every pending migration, in one transaction.

    SQLite also migrates whenever it opens; PostgreSQL only here, so that one process
    upgrades the shared schema before new servers and workers start.

    \b
    Example:
      FOLLOWUP_DATABASE=postgresql://followup@db/followup followup db migrate
    """
    where, applied = bootstrap.migrate_database(Settings.from_env())
    for name in applied:
        console.out(console.safe(f"applied {name}"))
    console.out(console.safe(f"{where}: up to date"))


@db.command("status")
def status() -> None:
    """Show every migration and when it was applied.

    \b
    Example:
      followup db status
    """
    where, migrations = bootstrap.database_status(Settings.from_env())
    console.out(console.safe(f"database: {where}"))
    for m in migrations:
        state = f"applied {m.applied_at}" if m.applied_at else "pending"
        console.out(console.safe(f"{m.number:04d}  {m.name:<24}  {state}"))
