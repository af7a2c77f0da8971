"""One PostgreSQL database: a connection pool, numbered migrations, and transactions that
run inside one account's wall (issue 18).

psycopg is imported here only, and this module only when a `postgresql://` URL is given,
so the personal SQLite CLI never pays for it. Every transaction sets `followup.account`
with `set_config(..., true)`: it lasts exactly as long as the transaction, so a pooled
connection never carries one account's scope into another's work.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from followup.adapters.store.database import Migration
from followup.domain.errors import Unavailable
from followup.domain.records.stamps import to_text

if TYPE_CHECKING:
    import psycopg
    from psycopg_pool import ConnectionPool

_MIGRATION = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
# Any 64-bit number unique to followup: held while migrating, so two hosts upgrading at
# once apply each migration exactly once.
_MIGRATION_LOCK = 0x666F6C6C6F777570  # "followup"
_ACCOUNT_LOCK = 0x666F6C6C6F777571  # held while finding or creating an account by name


class PostgresDatabase:
    """A pool of connections to one database with followup's schema."""

    def __init__(self, url: str, *, min_size: int = 1, max_size: int = 10) -> None:
        try:
            import psycopg
            from psycopg_pool import ConnectionPool
        except ImportError:  # pragma: no cover - the extra is part of the test install
            raise Unavailable(
                "PostgreSQL support is not installed: pip install 'followup[postgres]'"
            ) from None
        self.url = url
        try:  # one direct try first: a pool would keep retrying a server that is not there
            psycopg.connect(url, connect_timeout=10).close()
        except psycopg.Error as exc:
            raise Unavailable(
                f"cannot reach PostgreSQL at {safe_url(url)}: {_first_line(exc)}"
            ) from None
        self.pool: ConnectionPool[Any] = ConnectionPool(
            url,
            min_size=min_size,
            max_size=max_size,
            kwargs={"autocommit": True},
            open=False,
            name="followup",
        )
        try:
            self.pool.open(wait=True, timeout=10)
        except Exception as exc:
            self.pool.close()
            raise Unavailable(
                f"cannot reach PostgreSQL at {safe_url(url)}: {_first_line(exc)}"
            ) from None

    def close(self) -> None:
        self.pool.close()

    @contextmanager
    def transaction(self, account_id: int | None) -> Iterator[psycopg.Connection[Any]]:
        """One all-or-nothing transaction, scoped to `account_id` (None: no account's rows
        are visible, only the tables without personal data)."""
        with self.pool.connection() as conn, conn.transaction():
            if account_id is not None:
                conn.execute(
                    "SELECT set_config('followup.account', %s, true)", (str(int(account_id)),)
                )
            yield conn

    def migrate(self) -> list[str]:
        """Apply every pending migration in one transaction; return their names."""
        shipped = shipped_migrations()
        with self.pool.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            applied = {row[0] for row in conn.execute("SELECT id FROM schema_migrations")}
            done = []
            for migration, sql in shipped:
                if migration.number in applied:
                    continue
                conn.execute(sql)  # our own shipped file, never user text
                conn.execute(
                    "INSERT INTO schema_migrations (id, name, applied_at) VALUES (%s, %s, %s)",
                    (migration.number, migration.name, _now()),
                )
                done.append(migration.name)
        return done

    def status(self) -> list[Migration]:
        """Every shipped migration, with its applied time where it was applied."""
        with self.pool.connection() as conn:
            exists = conn.execute("SELECT to_regclass('schema_migrations')").fetchone()
            applied: dict[int, str] = {}
            if exists and exists[0]:
                applied = {
                    row[0]: row[1]
                    for row in conn.execute("SELECT id, applied_at FROM schema_migrations")
                }
        return [
            Migration(m.number, m.name, applied.get(m.number, "")) for m, _ in shipped_migrations()
        ]

    def integrity(self) -> str:
        """ "ok" when the server answers (PostgreSQL checks its own pages)."""
        with self.pool.connection() as conn:
            conn.execute("SELECT 1")
        return "ok"

    def add_account(self, name: str = "") -> int:
        """A new account (a candidate); returns its id."""
        with self.transaction(None) as conn:
            row = conn.execute(
                "INSERT INTO accounts (name, created_at) VALUES (%s, %s) RETURNING id",
                (name, _now()),
            ).fetchone()
        assert row is not None
        return int(row[0])

    def account(self, ref: str) -> int:
        """The id of account `ref`: an id that must exist, or a name (created when new)."""
        ref = ref.strip() or "default"
        with self.transaction(None) as conn:
            if ref.isascii() and ref.isdigit():
                row = conn.execute(
                    "SELECT id FROM accounts WHERE id = %s", (min(int(ref), 2**63 - 1),)
                ).fetchone()
                if row is None:
                    raise Unavailable(f"FOLLOWUP_ACCOUNT: no account {ref} in this database")
                return int(row[0])
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_ACCOUNT_LOCK,))
            row = conn.execute(
                "SELECT id FROM accounts WHERE name = %s ORDER BY id LIMIT 1", (ref,)
            ).fetchone()
            if row is None:
                row = conn.execute(
                    "INSERT INTO accounts (name, created_at) VALUES (%s, %s) RETURNING id",
                    (ref, _now()),
                ).fetchone()
        assert row is not None
        return int(row[0])


def shipped_migrations() -> list[tuple[Migration, str]]:
    """The migrations beside this module, in order, with their SQL."""
    import importlib.resources

    folder = importlib.resources.files("followup.adapters.store") / "postgres" / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION.match(entry.name)
        if match:
            sql = entry.read_text(encoding="utf-8")
            found.append((Migration(int(match.group(1)), entry.name), sql))
    return sorted(found, key=lambda pair: pair[0].number)


def _now() -> str:
    return to_text(datetime.now(UTC), seconds=True)


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
