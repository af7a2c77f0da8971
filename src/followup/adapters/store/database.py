"""One SQLite database file: connection settings, migrations and transactions.

Every connection runs WAL with synchronous=FULL, foreign keys and a busy timeout
(reliability.md §1.2). Writes take `BEGIN IMMEDIATE`, so a busy database is found
at BEGIN rather than halfway through. Files are created 0600 in a 0700 folder.
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from followup.domain.errors import Unavailable
from followup.domain.records.stamps import to_text

BUSY_TIMEOUT_MS = 5_000
_MIGRATION = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
_FOLDER = Path(__file__).with_name("migrations")


@dataclass(frozen=True, slots=True)
class Migration:
    """A numbered migration shipped with followup, and when it was applied (if it was);
    both engines report theirs this way."""

    number: int
    name: str
    applied_at: str = ""


class Database:
    """An open SQLite file with followup's schema applied."""

    def __init__(self, path: Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.path = path
        self._depth = 0
        _create_private(path)
        # Read-only media (a backup disk, a read-only mount): open for reading, so reads
        # and `export` still work; any write then fails with one "read-only" line.
        self.read_only = not os.access(path, os.W_OK)
        target: str | Path = path
        if self.read_only:
            # Without a writable folder SQLite cannot make the WAL index: read the file
            # as it stands (nothing can be writing to it there).
            flags = "mode=ro" if os.access(path.parent, os.W_OK) else "immutable=1"
            target = f"{path.resolve().as_uri()}?{flags}"
        try:
            self.conn = sqlite3.connect(
                target,
                isolation_level=None,
                timeout=busy_timeout_ms / 1000,
                check_same_thread=False,
                uri=self.read_only,
            )
        except sqlite3.Error as exc:
            raise translate(exc, path) from None
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not self.read_only:
                if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = FULL")
            self.applied_on_open = self.migrate()
        except sqlite3.Error as exc:
            self.conn.close()
            raise translate(exc, path) from None
        except BaseException:
            self.conn.close()
            raise

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All-or-nothing; nested calls join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from None
        self._depth = 1
        try:
            yield self.conn
        except BaseException as exc:
            self._depth = 0
            # SQLite may already have rolled back itself (disk full): only roll back if open.
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error) and not isinstance(exc, sqlite3.IntegrityError):
                raise translate(exc, self.path) from None
            raise
        else:
            self._depth = 0
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise translate(exc, self.path) from None

    def migrate(self) -> list[str]:
        """Apply every pending numbered migration in one transaction; return their names."""
        conn = self.conn
        exists = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
        ).fetchone()
        applied: set[int] = set()
        if exists:
            applied = {row[0] for row in conn.execute("SELECT id FROM schema_migrations")}
        else:
            _refuse_foreign(conn, self.path)
        shipped = _shipped_numbers()
        if shipped is not None and shipped <= applied:
            _refuse_future(applied, shipped, self.path)
            return []  # the usual open: nothing to read, nothing to do
        available = _migrations()
        _refuse_future(applied, {n for n, _, _ in available}, self.path)
        pending = [(n, name, sql) for n, name, sql in available if n not in applied]
        if not pending:
            return []
        if self.read_only:
            raise Unavailable(
                f"database {self.path} is read-only and needs a schema upgrade; "
                "open it once where it can be written"
            )
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            # Re-read inside the write lock: another process may have migrated meanwhile.
            applied = {row[0] for row in conn.execute("SELECT id FROM schema_migrations")}
            done = []
            for number, name, sql in pending:
                if number in applied:
                    continue
                for statement in _statements(sql):
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)",
                    (number, name, to_text(datetime.now(UTC), seconds=True)),
                )
                done.append(name)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return done

    def status(self) -> list[Migration]:
        """Every shipped migration with its applied time ("" when pending), and any applied
        one this version does not ship (a newer followup migrated this file)."""
        applied = {
            row[0]: (row[1], row[2])
            for row in self.conn.execute("SELECT id, name, applied_at FROM schema_migrations")
        }
        shipped = {n: name for n, name, _ in _migrations()}
        return [
            Migration(n, shipped.get(n) or applied[n][0], applied.get(n, ("", ""))[1])
            for n in sorted(set(shipped) | set(applied))
        ]

    def integrity(self) -> str:
        """`PRAGMA integrity_check`: "ok" when the file is sound, else its first findings
        (a file too damaged to check says so, rather than raising)."""
        try:
            rows = self.conn.execute("PRAGMA integrity_check(5)").fetchall()
        except sqlite3.DatabaseError as exc:
            return f"corrupt: {exc}"
        return "; ".join(str(row[0]) for row in rows) or "ok"


def _refuse_foreign(conn: sqlite3.Connection, path: Path) -> None:
    """A file with tables but no migration record belongs to another program: adding
    followup's tables to it would damage it."""
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name LIMIT 4"
        )
    ]
    if names:
        raise Unavailable(
            f"{path} is not a followup database (it holds other tables: {', '.join(names)}); "
            "set FOLLOWUP_DATABASE to a new file"
        )


def _refuse_future(applied: set[int], known: set[int], path: Path) -> None:
    """A schema newer than this version knows: its writes could lose what it stores."""
    newer = applied - known
    if newer and known and max(newer) > max(known):
        raise Unavailable(
            f"database {path} has schema version {max(applied)}, newer than this followup "
            f"knows ({max(known)}); upgrade followup to use it"
        )


def _shipped_numbers() -> set[int] | None:
    """The numbers of the migrations beside this module, from the folder listing alone;
    None when the package is not on a file system (then `_migrations` finds out)."""
    try:
        names = [entry.name for entry in _FOLDER.iterdir()]
    except OSError:
        return None
    return {int(m.group(1)) for m in map(_MIGRATION.match, names) if m}


def _migrations() -> list[tuple[int, str, str]]:
    """Every migration with its SQL; importlib.resources also reads from zipped packages."""
    import importlib.resources  # costs ~3 ms, so only when something may be pending

    folder = importlib.resources.files("followup.adapters.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (our migrations keep `;` out of strings); a
    trigger's body, whose statements end in `;` too, stays whole."""
    lines = [line for line in sql.splitlines() if not line.lstrip().startswith("--")]
    statements: list[str] = []
    pending = ""
    for part in "\n".join(lines).split(";"):
        pending += part + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                statements.append(pending.strip().removesuffix(";"))
            pending = ""
    if pending.strip(" \n;"):
        statements.append(pending.strip().removesuffix(";"))
    return statements


def _create_private(path: Path) -> None:
    """Create the folder 0700 and the file 0600 before SQLite does, so it never exists wider."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        os.close(fd)
    except PermissionError:
        if not path.exists():
            raise Unavailable(f"cannot create the database {path}: permission denied") from None
    except OSError as exc:
        if exc.errno == errno.EROFS and path.is_file():
            return  # read-only media: opened for reading
        raise Unavailable(f"cannot open the database {path}: {exc.strerror}") from None
    # WAL side files are created by SQLite with the main file's mode bits.


def translate(exc: sqlite3.Error, path: Path) -> Unavailable:
    """Turn an SQLite failure into one line the user can act on."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return Unavailable(
            f"database busy: another followup is writing to {path}; nothing was written, try again"
        )
    if "readonly" in text or "read-only" in text:
        return Unavailable(f"database {path} is read-only; nothing was saved")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return Unavailable(
            f"database {path} is corrupt; nothing was changed. `followup doctor` lists the "
            "recovery steps"
        )
    if ("disk" in text and "full" in text) or "database or disk is full" in text:
        return Unavailable(f"disk full while writing {path}; nothing was saved")
    if "unable to open" in text:
        return Unavailable(f"cannot open the database {path}")
    return Unavailable(f"database error in {path}: {exc}")
