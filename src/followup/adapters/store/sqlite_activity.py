"""What happens around the records on SQLite: the follow-ups planned and the messages
sent and received (the records themselves are in `sqlite`)."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from followup.adapters.store.sqlite_rows import (
    FOLLOWUP,
    INSERT_FOLLOWUP,
    MESSAGE,
    MESSAGE_PLANNED,
    followup_args,
    message_args,
    read_followup,
    read_message,
    with_id,
)
from followup.adapters.store.sqlite_table import Table
from followup.domain.errors import Conflict, NotFound
from followup.domain.records.followups import FollowUp, Message, Status
from followup.domain.records.stamps import to_text


class SqliteFollowUps(Table):
    def save(self, followups: Iterable[FollowUp]) -> builtins.list[FollowUp]:
        saved = []
        with self._write() as conn:
            for f in followups:
                if f.id is None:
                    cur = conn.execute(INSERT_FOLLOWUP, (None, *followup_args(f)))
                    saved.append(with_id(f, cur.lastrowid))
                else:
                    cur = conn.execute(
                        "UPDATE followups SET key = ?, kind = ?, application_id = ?,"
                        " interview_id = ?, contact_id = ?, earliest = ?, recommended = ?,"
                        " latest = ?, status = ?, reason = ?, snoozed_until = ?, pinned = ?,"
                        " note = ?, subject = ?, body = ?, created_at = ?, updated_at = ?"
                        " WHERE id = ?",
                        (*followup_args(f), f.id),
                    )
                    if cur.rowcount == 0:
                        raise NotFound("follow-up", f.id)
                    saved.append(f)
        return saved

    def load(self, followups: Iterable[FollowUp]) -> None:
        with self._write() as conn:
            conn.executemany(INSERT_FOLLOWUP, [(f.id, *followup_args(f)) for f in followups])

    def get(self, followup_id: int) -> FollowUp:
        rows = self._read(f"SELECT {FOLLOWUP} FROM followups WHERE id = ?", (followup_id,))
        if not rows:
            raise NotFound("follow-up", followup_id)
        return read_followup(rows[0])

    def list(
        self,
        statuses: Sequence[Status] | None = None,
        application_id: int | None = None,
        contact_id: int | None = None,
        due_before: datetime | None = None,
        limit: int | None = None,
    ) -> builtins.list[FollowUp]:
        where: builtins.list[str] = []
        args: builtins.list[Any] = []
        if statuses is not None:
            where.append(f"status IN ({','.join('?' * len(statuses))})")
            args.extend(s.value for s in statuses)
        if application_id is not None:
            where.append("application_id = ?")
            args.append(application_id)
        if contact_id is not None:
            where.append("contact_id = ?")
            args.append(contact_id)
        if due_before is not None:
            where.append("recommended < ?")
            args.append(to_text(due_before))
        sql = f"SELECT {FOLLOWUP} FROM followups"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY recommended, id"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return [read_followup(r) for rows in self._stream(sql, args) for r in rows]

    def with_keys(self, keys: Iterable[str]) -> builtins.list[FollowUp]:
        # By the unique key index: a few thousand lookups instead of reading a long history
        # (issue 16). No status filter in the SQL: with one, SQLite chose the status index
        # and the lookups became scans.
        found = [read_followup(r) for r in self._where_in(FOLLOWUP, "followups", "key", keys)]
        found.sort(key=lambda f: (f.window.recommended, f.id or 0))
        return found


class SqliteMessages(Table):
    def add(self, message: Message) -> Message:
        try:
            with self._write() as conn:
                cur = conn.execute(
                    f"INSERT INTO messages ({MESSAGE}) VALUES ({','.join('?' * 13)})",
                    (message.id, *message_args(message)),
                )
        except Conflict:
            raise Conflict(
                f"message {message.message_id or message.source} is already recorded"
            ) from None
        return with_id(message, cur.lastrowid)

    def list(
        self, contact_id: int | None = None, application_id: int | None = None
    ) -> builtins.list[Message]:
        where: builtins.list[str] = []
        args: builtins.list[Any] = []
        if contact_id is not None:
            where.append("contact_id = ?")
            args.append(contact_id)
        if application_id is not None:
            where.append("application_id = ?")
            args.append(application_id)
        sql = f"SELECT {MESSAGE} FROM messages"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY at, id"
        return [read_message(r) for rows in self._stream(sql, args) for r in rows]

    def every(self, *, texts: bool = True) -> builtins.list[Message]:
        columns = MESSAGE if texts else MESSAGE_PLANNED
        sql = f"SELECT {columns} FROM messages ORDER BY id"
        return [read_message(r) for rows in self._stream(sql) for r in rows]

    def remove(self, record_id: int) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM messages WHERE id = ?", (record_id,))

    def find(self, message_id: str) -> Message | None:
        rows = self._read(
            f"SELECT {MESSAGE} FROM messages WHERE message_id = ? ORDER BY id LIMIT 1",
            (message_id,),
        )
        return read_message(rows[0]) if rows and message_id else None
