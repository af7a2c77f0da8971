"""What every SQLite repository shares: the database, and reads and writes through it
with SQLite's errors put in the store's terms."""

from __future__ import annotations

import builtins
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from followup.adapters.store.database import Database, translate
from followup.domain.errors import Conflict, NotFound


class Table:
    """What every SQLite repository shares: the database, reads and writes."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        try:
            with self.db.transaction() as conn:
                yield conn
        except sqlite3.IntegrityError as exc:
            raise Conflict(str(exc)) from None

    def _read(self, sql: str, args: Sequence[Any] = ()) -> builtins.list[tuple[Any, ...]]:
        try:
            return self.db.conn.execute(sql, args).fetchall()
        except OverflowError:
            # A number beyond SQLite's 64-bit integers (an id from a URL, say) names no row.
            return []
        except sqlite3.Error as exc:
            raise translate(exc, self.db.path) from None

    def _stream(
        self, sql: str, args: Sequence[Any] = ()
    ) -> Iterator[builtins.list[tuple[Any, ...]]]:
        """`_read`'s rows in batches: a whole-table read (a planning run's) then builds its
        records without holding every raw row beside them (issue 16, peak memory), and
        without resuming a generator for each of its hundreds of thousands of rows."""
        try:
            cursor = self.db.conn.execute(sql, args)
            while batch := cursor.fetchmany(2048):
                yield batch
        except OverflowError:
            return
        except sqlite3.Error as exc:
            raise translate(exc, self.db.path) from None

    def _by_ids(
        self, columns: str, table: str, ids: Iterable[int]
    ) -> builtins.list[tuple[Any, ...]]:
        """Rows of `table` with these ids, in chunks that stay under SQLite's variable limit."""
        return self._where_in(columns, table, "id", ids)

    def _where_in(
        self, columns: str, table: str, column: str, values: Iterable[Any]
    ) -> builtins.list[tuple[Any, ...]]:
        """Rows of `table` whose `column` is one of `values`, in chunks that stay under
        SQLite's variable limit."""
        wanted = sorted(set(values))
        rows: builtins.list[tuple[Any, ...]] = []
        for start in range(0, len(wanted), 900):
            part = wanted[start : start + 900]
            marks = ",".join("?" * len(part))
            rows += self._read(f"SELECT {columns} FROM {table} WHERE {column} IN ({marks})", part)
        return rows

    def _require(self, table: str, kind: str, key: int | None) -> None:
        if (
            key is None
            or not self.db.conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (key,)).fetchone()
        ):
            raise NotFound(kind, key)
