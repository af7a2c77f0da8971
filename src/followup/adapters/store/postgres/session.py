"""What every PostgreSQL repository of one store shares: the database, the account, and
the transaction open on this thread (so nested transactions join the outer one).

Every statement names the account (`account_id = %s`) even though row-level security
already hides other accounts' rows: the query filter is the first wall, RLS the second.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import psycopg

from followup.domain.errors import (
    Conflict,
    DomainError,
    NotFound,
    Unavailable,
    ValidationError,
)

if TYPE_CHECKING:
    from followup.adapters.store.postgres.database import PostgresDatabase

Row = tuple[Any, ...]
_BIGINT = range(-(2**63), 2**63)


def fits(key: int | None) -> bool:
    """Whether `key` can be an id (a BIGINT): a bigger number from a URL names no row,
    and asking PostgreSQL would abort the transaction instead of finding nothing."""
    return key is not None and key in _BIGINT


def ids(keys: Iterable[int]) -> list[int]:
    """The distinct keys that can be ids, sorted."""
    return sorted({k for k in keys if fits(k)})


class Session:
    """One account's view of one database; shared by a store's repositories."""

    def __init__(self, db: PostgresDatabase, account_id: int) -> None:
        self.db = db
        self.account = account_id
        self._local = threading.local()  # the open transaction belongs to its thread only

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Connection[Any]]:
        """All-or-nothing in this account's wall; nested calls join the outer one."""
        outer: psycopg.Connection[Any] | None = getattr(self._local, "conn", None)
        if outer is not None:
            yield outer
            return
        try:
            with self.db.transaction(self.account) as conn:
                self._local.conn = conn
                try:
                    yield conn
                finally:
                    self._local.conn = None
        except psycopg.OperationalError as exc:
            raise Unavailable(f"PostgreSQL failed: {_first_line(exc)}") from None

    @contextmanager
    def write(self) -> Iterator[psycopg.Connection[Any]]:
        """A write: its own transaction, or a savepoint inside the open one, so a refused
        write (a duplicate, say) leaves the caller's transaction usable."""
        try:
            outer: psycopg.Connection[Any] | None = getattr(self._local, "conn", None)
            if outer is None:
                with self.transaction() as conn:
                    yield conn
            else:
                with outer.transaction():
                    yield outer
        except psycopg.errors.IntegrityError as exc:
            raise Conflict(_first_line(exc)) from None
        except psycopg.DataError as exc:
            raise _data_error(exc) from None

    def read(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        try:
            with self.transaction() as conn:
                return conn.execute(sql, (self.account, *args)).fetchall()
        except psycopg.DataError as exc:
            raise _data_error(exc) from None

    def require(
        self, conn: psycopg.Connection[Any], table: str, kind: str, key: int | None
    ) -> None:
        """Raise NotFound unless this account has row `key` in `table`."""
        if (
            not fits(key)
            or not conn.execute(
                f"SELECT 1 FROM {table} WHERE account_id = %s AND id = %s",
                (self.account, key),
            ).fetchone()
        ):
            raise NotFound(kind, key)


class Repository:
    """Base of every PostgreSQL repository: the session it works through."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.account = session.account

    def _read(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        """Rows for `sql`, whose first placeholder is the account."""
        return self.session.read(sql, args)


def _data_error(exc: psycopg.DataError) -> DomainError:
    """A value PostgreSQL cannot hold, as one line."""
    if "NUL" in str(exc):
        # SQLite keeps U+0000 in text; PostgreSQL's text type cannot hold it at all.
        return ValidationError(
            "text", "contains a NUL character (U+0000): PostgreSQL cannot store it"
        )
    return Conflict(f"PostgreSQL refused a value: {_first_line(exc)}")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
