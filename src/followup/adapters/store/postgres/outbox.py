"""The outbox on PostgreSQL: one account's queue, claimed with FOR UPDATE SKIP LOCKED.

The sender lock is a session advisory lock keyed by the account, held on a connection
of its own: it is released when that connection closes, so a killed sender frees it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime

from followup.adapters.store.outbox import (
    OUTBOX_COLUMNS,
    TRIED,
    Busy,
    outbox_values,
    read_entry,
)
from followup.adapters.store.postgres.records import marks
from followup.adapters.store.postgres.session import Repository, fits
from followup.domain.errors import Conflict, NotFound
from followup.domain.mail.outbox import OutboxEntry, State, claim, recover
from followup.domain.records.stamps import from_text, to_text

_SELECT = f"SELECT id, {OUTBOX_COLUMNS} FROM outbox WHERE account_id = %s"
_SENDER_LOCK = 0x6F7574  # "out": the advisory lock's first key; the account is the second


class PostgresOutbox(Repository):
    """Outbox for one account (the `outbox` and `imap_seen` tables)."""

    def add(self, entry: OutboxEntry) -> OutboxEntry:
        try:
            with self.session.write() as conn:
                row = conn.execute(
                    f"INSERT INTO outbox (account_id, id, {OUTBOX_COLUMNS}) VALUES ({marks(21)})"
                    " RETURNING id",
                    (self.account, None, *outbox_values(entry)),
                ).fetchone()
        except Conflict as exc:
            raise Conflict(f"already in the outbox: {entry.message_id} ({exc})") from None
        assert row is not None
        return replace(entry, id=row[0])

    def save(self, entry: OutboxEntry) -> OutboxEntry:
        if not fits(entry.id):
            raise NotFound("outbox entry", entry.id if entry.id is not None else "without id")
        sets = ", ".join(f"{c.strip()} = %s" for c in OUTBOX_COLUMNS.split(","))
        with self.session.write() as conn:
            cur = conn.execute(
                f"UPDATE outbox SET {sets} WHERE account_id = %s AND id = %s",
                (*outbox_values(entry), self.account, entry.id),
            )
            if cur.rowcount != 1:
                raise NotFound("outbox entry", entry.id)
        return entry

    def get(self, entry_id: int) -> OutboxEntry:
        rows = self._read(_SELECT + " AND id = %s", (entry_id,)) if fits(entry_id) else []
        if not rows:
            raise NotFound("outbox entry", entry_id)
        return read_entry(rows[0])

    def find(self, message_id: str) -> OutboxEntry | None:
        rows = self._read(_SELECT + " AND message_id = %s", (message_id,))
        return read_entry(rows[0]) if rows else None

    def find_for_followup(self, followup_id: int) -> OutboxEntry | None:
        if not fits(followup_id):
            return None
        rows = self._read(_SELECT + " AND followup_id = %s", (followup_id,))
        return read_entry(rows[0]) if rows else None

    def entries(self, states: Sequence[State] | None = None) -> list[OutboxEntry]:
        if states is None:
            rows = self._read(_SELECT + " ORDER BY id")
        else:
            rows = self._read(
                _SELECT + " AND state = ANY(%s) ORDER BY id", ([s.value for s in states],)
            )
        return [read_entry(r) for r in rows]

    def last_submission(self, other_than: int | None) -> datetime | None:
        rows = self._read(
            "SELECT MAX(COALESCE(sent_at, updated_at)) FROM outbox WHERE account_id = %s"
            " AND via = 'smtp' AND attempts > 0 AND id IS DISTINCT FROM %s::bigint"
            " AND state = ANY(%s)",
            (other_than if fits(other_than) else None, [s.value for s in TRIED]),
        )
        return from_text(rows[0][0]) if rows and rows[0][0] else None

    def claim(self, now: datetime) -> OutboxEntry | None:
        """Take the next due entry and mark it `sending`; rows another transaction is
        claiming are skipped, not waited for."""
        with self.session.write() as conn:
            row = conn.execute(
                _SELECT + " AND state IN ('queued', 'retry') AND next_attempt_at <= %s"
                " ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED",
                (self.account, to_text(now)),
            ).fetchone()
            if row is None:
                return None
            entry = claim(read_entry(row), now)
            conn.execute(
                "UPDATE outbox SET state = %s, phase = %s, attempts = %s, updated_at = %s"
                " WHERE account_id = %s AND id = %s",
                (
                    entry.state.value,
                    entry.phase.value,
                    entry.attempts,
                    to_text(now),
                    self.account,
                    entry.id,
                ),
            )
        return entry

    def recover(self, now: datetime) -> list[OutboxEntry]:
        """Apply crash recovery to every `sending` row; call only while holding `lock()`."""
        changed = []
        with self.session.transaction():
            for entry in self.entries([State.SENDING]):
                after = recover(entry, now)
                self.save(after)
                changed.append(after)
        return changed

    def seen(self, key: str) -> bool:
        return bool(
            self._read("SELECT 1 FROM imap_seen WHERE account_id = %s AND key = %s", (key,))
        )

    def mark_seen(self, key: str, now: datetime) -> None:
        with self.session.write() as conn:
            conn.execute(
                "INSERT INTO imap_seen (account_id, key, seen_at) VALUES (%s, %s, %s)"
                " ON CONFLICT DO NOTHING",
                (self.account, key, to_text(now)),
            )

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.session.transaction():
            yield

    def seen_log(self) -> dict[str, datetime]:
        rows = self._read("SELECT key, seen_at FROM imap_seen WHERE account_id = %s ORDER BY key")
        return {str(key): datetime.fromisoformat(str(at)) for key, at in rows}

    def restore(self, entries: Sequence[OutboxEntry], seen: dict[str, datetime]) -> None:
        """Insert a backup's rows as they are (ids too); joins the caller's transaction."""
        try:
            with self.session.write() as conn, conn.cursor() as cur:
                cur.executemany(
                    f"INSERT INTO outbox (account_id, id, {OUTBOX_COLUMNS}) VALUES ({marks(21)})",
                    [(self.account, entry.id, *outbox_values(entry)) for entry in entries],
                )
                cur.executemany(
                    "INSERT INTO imap_seen (account_id, key, seen_at) VALUES (%s, %s, %s)",
                    [(self.account, key, to_text(at)) for key, at in seen.items()],
                )
        except Conflict as exc:
            raise Conflict(f"cannot restore the outbox: {exc}") from None

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Be this account's only sender, or raise `Busy` at once."""
        with self.session.db.pool.connection() as conn:
            row = conn.execute(
                "SELECT pg_try_advisory_lock(%s, %s)", (_SENDER_LOCK, self.account)
            ).fetchone()
            if not row or not row[0]:
                raise Busy("another followup process is sending; try again shortly")
            try:
                yield
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s, %s)", (_SENDER_LOCK, self.account))
