"""The outbox repository: SQLite (`SqliteOutbox`) and its in-memory twin (`MemoryOutbox`).

The claim is one `BEGIN IMMEDIATE` transaction, so two processes never claim the same
row (A13). A process lock (`flock` beside the database) keeps a second `outbox run`
from "recovering" rows that a live sender is still working on.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from followup.adapters.store.database import Database
from followup.adapters.store.twin import Repository, Twin
from followup.domain.errors import Conflict, NotFound, Unavailable
from followup.domain.mail.outbox import (
    OutboxEntry,
    Phase,
    RecipientResult,
    State,
    Via,
    claim,
    is_due,
    recover,
)
from followup.domain.records.stamps import from_text, opt_from_text, to_text

# The states of an entry that reached (or tried to reach) the SMTP server: the throttle's past.
TRIED = (State.SENT, State.SENT_PARTIAL, State.RETRY, State.FAILED, State.UNKNOWN)
OUTBOX_COLUMNS = (
    "message_id, followup_id, via, sender, recipients, subject, raw, state, phase, attempts, "
    "created_at, scheduled_at, next_attempt_at, updated_at, results, last_error, sent_at, "
    "location, copy_pending"
)


def outbox_values(entry: OutboxEntry) -> tuple[object, ...]:
    return (
        entry.message_id,
        entry.followup_id,
        entry.via.value,
        entry.sender,
        json.dumps(list(entry.recipients)),
        entry.subject,
        entry.raw,
        entry.state.value,
        entry.phase.value,
        entry.attempts,
        to_text(entry.created_at),
        to_text(entry.scheduled_at),
        to_text(entry.next_attempt_at),
        to_text(entry.updated_at),
        json.dumps([[r.address, r.code, r.text] for r in entry.results]),
        entry.last_error,
        None if entry.sent_at is None else to_text(entry.sent_at),
        entry.location,
        int(entry.copy_pending),
    )


def read_entry(row: Sequence[Any]) -> OutboxEntry:
    (
        id_,
        message_id,
        followup_id,
        via,
        sender,
        recipients,
        subject,
        raw,
        state,
        phase,
        attempts,
        created_at,
        scheduled_at,
        next_attempt_at,
        updated_at,
        results,
        last_error,
        sent_at,
        location,
        copy_pending,
    ) = tuple(row)
    created = opt_from_text(str(created_at))
    scheduled = opt_from_text(str(scheduled_at))
    next_at = opt_from_text(str(next_attempt_at))
    updated = opt_from_text(str(updated_at))
    assert created and scheduled and next_at and updated
    return OutboxEntry(
        id=int(str(id_)),
        message_id=str(message_id),
        followup_id=None if followup_id is None else int(str(followup_id)),
        via=Via(str(via)),
        sender=str(sender),
        recipients=tuple(json.loads(str(recipients))),
        subject=str(subject),
        raw=bytes(raw),
        state=State(str(state)),
        phase=Phase(str(phase)),
        attempts=int(str(attempts)),
        created_at=created,
        scheduled_at=scheduled,
        next_attempt_at=next_at,
        updated_at=updated,
        results=tuple(
            RecipientResult(address=a, code=int(c), text=t) for a, c, t in json.loads(str(results))
        ),
        last_error=str(last_error),
        sent_at=opt_from_text(None if sent_at is None else str(sent_at)),
        location=str(location),
        copy_pending=bool(copy_pending),
    )


class Busy(Unavailable):
    """Another process holds the sender lock."""


class SqliteOutbox:
    """The outbox in the followup database (migration 0002_outbox.sql)."""

    def __init__(self, db: Database, *, lock_path: Path | None = None) -> None:
        self.db = db
        self.lock_path = lock_path or db.path.with_name(db.path.name + ".sender.lock")

    def add(self, entry: OutboxEntry) -> OutboxEntry:
        try:
            with self.db.transaction() as conn:
                cur = conn.execute(
                    f"INSERT INTO outbox ({OUTBOX_COLUMNS}) VALUES ({', '.join('?' * 19)})",
                    outbox_values(entry),
                )
        except sqlite3.IntegrityError as exc:
            raise Conflict(f"already in the outbox: {entry.message_id} ({exc})") from None
        return replace(entry, id=cur.lastrowid)

    def save(self, entry: OutboxEntry) -> OutboxEntry:
        if entry.id is None:
            raise NotFound("outbox entry", "without id")
        sets = ", ".join(f"{c.strip()} = ?" for c in OUTBOX_COLUMNS.split(","))
        with self.db.transaction() as conn:
            cur = conn.execute(
                f"UPDATE outbox SET {sets} WHERE id = ?", (*outbox_values(entry), entry.id)
            )
        if cur.rowcount != 1:
            raise NotFound("outbox entry", entry.id)
        return entry

    def get(self, entry_id: int) -> OutboxEntry:
        row = self.db.conn.execute(
            f"SELECT id, {OUTBOX_COLUMNS} FROM outbox WHERE id = ?", (entry_id,)
        ).fetchone()
        if row is None:
            raise NotFound("outbox entry", entry_id)
        return read_entry(row)

    def find(self, message_id: str) -> OutboxEntry | None:
        row = self.db.conn.execute(
            f"SELECT id, {OUTBOX_COLUMNS} FROM outbox WHERE message_id = ?", (message_id,)
        ).fetchone()
        return None if row is None else read_entry(row)

    def find_for_followup(self, followup_id: int) -> OutboxEntry | None:
        row = self.db.conn.execute(
            f"SELECT id, {OUTBOX_COLUMNS} FROM outbox WHERE followup_id = ?", (followup_id,)
        ).fetchone()
        return None if row is None else read_entry(row)

    def entries(self, states: Sequence[State] | None = None) -> list[OutboxEntry]:
        sql = f"SELECT id, {OUTBOX_COLUMNS} FROM outbox"
        params: list[object] = []
        if states is not None:
            sql += f" WHERE state IN ({', '.join('?' * len(states))})"
            params = [s.value for s in states]
        return [read_entry(r) for r in self.db.conn.execute(sql + " ORDER BY id", params)]

    def last_submission(self, other_than: int | None) -> datetime | None:
        row = self.db.conn.execute(
            "SELECT MAX(COALESCE(sent_at, updated_at)) FROM outbox WHERE via = 'smtp' "
            f"AND attempts > 0 AND id IS NOT ? AND state IN ({', '.join('?' * len(TRIED))})",
            (other_than, *[s.value for s in TRIED]),
        ).fetchone()
        return from_text(row[0]) if row and row[0] else None

    def claim(self, now: datetime) -> OutboxEntry | None:
        """Atomically take the next due entry and mark it `sending` (BEGIN IMMEDIATE)."""
        with self.db.transaction() as conn:
            row = conn.execute(
                f"SELECT id, {OUTBOX_COLUMNS} FROM outbox WHERE state IN ('queued', 'retry') "
                "AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 1",
                (to_text(now),),
            ).fetchone()
            if row is None:
                return None
            entry = claim(read_entry(row), now)
            conn.execute(
                "UPDATE outbox SET state = ?, phase = ?, attempts = ?, updated_at = ? "
                "WHERE id = ? AND state IN ('queued', 'retry')",
                (entry.state.value, entry.phase.value, entry.attempts, to_text(now), entry.id),
            )
        return entry

    def recover(self, now: datetime) -> list[OutboxEntry]:
        """Apply crash recovery to every `sending` row; call only while holding `lock()`."""
        changed = []
        with self.db.transaction():
            for entry in self.entries([State.SENDING]):
                after = recover(entry, now)
                self.save(after)
                changed.append(after)
        return changed

    def seen(self, key: str) -> bool:
        row = self.db.conn.execute("SELECT 1 FROM imap_seen WHERE key = ?", (key,)).fetchone()
        return row is not None

    def mark_seen(self, key: str, now: datetime) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO imap_seen (key, seen_at) VALUES (?, ?)", (key, to_text(now))
            )

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing: the store's transaction (one connection), joined if open."""
        with self.db.transaction():
            yield

    def seen_log(self) -> dict[str, datetime]:
        rows = self.db.conn.execute("SELECT key, seen_at FROM imap_seen ORDER BY key")
        return {str(key): from_text(str(at)) for key, at in rows}

    def restore(self, entries: Sequence[OutboxEntry], seen: dict[str, datetime]) -> None:
        """Insert a backup's rows as they are (ids too); joins the caller's transaction."""
        try:
            with self.db.transaction() as conn:
                conn.executemany(
                    f"INSERT INTO outbox (id, {OUTBOX_COLUMNS}) VALUES ({', '.join('?' * 20)})",
                    [(entry.id, *outbox_values(entry)) for entry in entries],
                )
                conn.executemany(
                    "INSERT INTO imap_seen (key, seen_at) VALUES (?, ?)",
                    [(key, to_text(at)) for key, at in seen.items()],
                )
        except sqlite3.IntegrityError as exc:
            raise Conflict(f"cannot restore the outbox: {exc}") from None

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Be the only sender on this database, or raise `Busy` at once."""
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise Busy("another followup process is sending; try again shortly") from None
            yield
        finally:
            os.close(fd)  # closing releases the flock


class MemoryOutbox(Repository):
    """The in-memory twin, with the same uniqueness and claim rules; its tables are the
    memory store's it belongs to (a fresh one when made alone)."""

    def __init__(self, twin: Twin | None = None) -> None:
        super().__init__(twin or Twin())
        self._mutex = self._twin.mutex
        self._sender = threading.Lock()

    def add(self, entry: OutboxEntry) -> OutboxEntry:
        with self._mutex:
            rows = self._t.outbox
            for row in rows.values():
                same_followup = entry.followup_id is not None and row.followup_id == (
                    entry.followup_id
                )
                if row.message_id == entry.message_id or same_followup:
                    raise Conflict(f"already in the outbox: {entry.message_id}")
            stored = replace(entry, id=max(rows, default=0) + 1)  # restored ids may skip
            rows[stored.id or 0] = stored
            return stored

    def save(self, entry: OutboxEntry) -> OutboxEntry:
        with self._mutex:
            if entry.id not in self._t.outbox:
                raise NotFound("outbox entry", entry.id)
            self._t.outbox[entry.id] = entry
            return entry

    def get(self, entry_id: int) -> OutboxEntry:
        with self._mutex:
            if entry_id not in self._t.outbox:
                raise NotFound("outbox entry", entry_id)
            return self._t.outbox[entry_id]

    def find(self, message_id: str) -> OutboxEntry | None:
        with self._mutex:
            return next((r for r in self._t.outbox.values() if r.message_id == message_id), None)

    def find_for_followup(self, followup_id: int) -> OutboxEntry | None:
        with self._mutex:
            return next((r for r in self._t.outbox.values() if r.followup_id == followup_id), None)

    def entries(self, states: Sequence[State] | None = None) -> list[OutboxEntry]:
        with self._mutex:
            return [r for r in self._t.outbox.values() if states is None or r.state in states]

    def last_submission(self, other_than: int | None) -> datetime | None:
        with self._mutex:
            times = [
                e.sent_at or e.updated_at
                for e in self._t.outbox.values()
                if e.via is Via.SMTP and e.attempts > 0 and e.state in TRIED and e.id != other_than
            ]
        return max(times, default=None)

    def claim(self, now: datetime) -> OutboxEntry | None:
        with self._mutex:
            due = sorted(
                (r for r in self._t.outbox.values() if is_due(r, now)),
                key=lambda r: (r.next_attempt_at, r.id or 0),
            )
            if not due:
                return None
            entry = claim(due[0], now)
            self._t.outbox[entry.id or 0] = entry
            return entry

    def recover(self, now: datetime) -> list[OutboxEntry]:
        with self._mutex:
            rows = self._t.outbox
            changed = [recover(r, now) for r in rows.values() if r.state is State.SENDING]
            for entry in changed:
                rows[entry.id or 0] = entry
            return changed

    def seen(self, key: str) -> bool:
        return key in self._t.seen

    def mark_seen(self, key: str, now: datetime) -> None:
        self._t.seen.setdefault(key, now)

    def transaction(self) -> AbstractContextManager[None]:
        """All-or-nothing over the whole memory store; holds the mutex, as BEGIN IMMEDIATE
        holds the write lock."""
        return self._twin.transaction()

    def seen_log(self) -> dict[str, datetime]:
        with self._mutex:
            return dict(sorted(self._t.seen.items()))

    def restore(self, entries: Sequence[OutboxEntry], seen: dict[str, datetime]) -> None:
        """Add a backup's rows under SQLite's uniqueness rules; nothing changes on a conflict."""
        with self._mutex:
            rows, log = dict(self._t.outbox), dict(self._t.seen)
            for entry in entries:
                new_id = entry.id if entry.id is not None else max(rows, default=0) + 1
                stored = replace(entry, id=new_id)
                for row in rows.values():
                    same_followup = stored.followup_id is not None and (
                        row.followup_id == stored.followup_id
                    )
                    if row.id == stored.id or row.message_id == stored.message_id or same_followup:
                        raise Conflict(f"cannot restore the outbox: {stored.message_id} clashes")
                rows[stored.id or 0] = stored
            for key, at in seen.items():
                if key in log:
                    raise Conflict(f"cannot restore the outbox: {key} is already seen")
                log[key] = at
            self._t.outbox, self._t.seen = rows, log

    @contextmanager
    def lock(self) -> Iterator[None]:
        if not self._sender.acquire(blocking=False):
            raise Busy("another sender is running; try again shortly")
        try:
            yield
        finally:
            self._sender.release()
