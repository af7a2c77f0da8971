"""What happens around the records on PostgreSQL: interviews, follow-ups and messages."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import psycopg

from followup.adapters.store.postgres.records import marks
from followup.adapters.store.postgres.session import Repository, Row, fits
from followup.adapters.store.sqlite_rows import (
    FOLLOWUP,
    INTERVIEW,
    MESSAGE,
    assignments,
    followup_args,
    interview_args,
    message_args,
    read_followup,
    read_interview,
    read_message,
    tags,
    to_json,
    with_id,
)
from followup.domain.errors import Conflict, NotFound
from followup.domain.records.followups import FollowUp, Message, Status
from followup.domain.records.model import Interview, Participant
from followup.domain.records.stamps import to_text

_INSERT_FOLLOWUP = f"INSERT INTO followups (account_id, {FOLLOWUP}) VALUES ({marks(19)})"


class PostgresInterviews(Repository):
    def _save_people(self, conn: psycopg.Connection[Any], interview: Interview) -> None:
        conn.execute(
            "DELETE FROM interview_people WHERE account_id = %s AND interview_id = %s",
            (self.account, interview.id),
        )
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO interview_people (account_id, interview_id, contact_id, position,"
                " topics) VALUES (%s, %s, %s, %s, %s)",
                [
                    (self.account, interview.id, p.contact_id, n, to_json(p.topics))
                    for n, p in enumerate(interview.interviewers)
                ],
            )

    def add(self, interview: Interview) -> Interview:
        with self.session.write() as conn:
            self.session.require(conn, "applications", "application", interview.application_id)
            for person in interview.interviewers:
                self.session.require(conn, "contacts", "contact", person.contact_id)
            row = conn.execute(
                f"INSERT INTO interviews (account_id, {INTERVIEW}) VALUES ({marks(18)})"
                " RETURNING id",
                (self.account, interview.id, *interview_args(interview)),
            ).fetchone()
            assert row is not None
            stored = with_id(interview, row[0])
            self._save_people(conn, stored)
        return stored

    def update(self, interview: Interview) -> Interview:
        if not fits(interview.id):
            raise NotFound("interview", interview.id)
        with self.session.write() as conn:
            for person in interview.interviewers:
                self.session.require(conn, "contacts", "contact", person.contact_id)
            cur = conn.execute(
                f"UPDATE interviews SET {assignments(INTERVIEW, '%s')}"
                " WHERE account_id = %s AND id = %s",
                (*interview_args(interview), self.account, interview.id),
            )
            if cur.rowcount == 0:
                raise NotFound("interview", interview.id)
            self._save_people(conn, interview)
        return interview

    def _select(self, where: str, args: Sequence[Any]) -> builtins.list[Interview]:
        rows = self._read(
            f"SELECT {INTERVIEW} FROM interviews WHERE account_id = %s{where} ORDER BY id", args
        )
        if not rows:
            return []
        people: dict[int, builtins.list[Participant]] = {r[0]: [] for r in rows}
        for iid, cid, topics in self._read(
            "SELECT interview_id, contact_id, topics FROM interview_people WHERE account_id = %s"
            " AND interview_id = ANY(%s) ORDER BY interview_id, position",
            (list(people),),
        ):
            people[iid].append(Participant(contact_id=cid, topics=tags(topics)))
        return [read_interview(r, tuple(people[r[0]])) for r in rows]

    def get(self, interview_id: int) -> Interview:
        found = self._select(" AND id = %s", (interview_id,)) if fits(interview_id) else []
        if not found:
            raise NotFound("interview", interview_id)
        return found[0]

    def find_by_source(self, source_uid: str) -> Interview | None:
        found = self._select(" AND source_uid = %s", (source_uid,)) if source_uid else []
        return found[0] if found else None

    def list(
        self, application_id: int | None = None, *, texts: bool = True
    ) -> builtins.list[Interview]:
        if application_id is None:
            return self._select("", ())
        if not fits(application_id):
            return []
        return self._select(" AND application_id = %s", (application_id,))


class PostgresFollowUps(Repository):
    def save(self, followups: Iterable[FollowUp]) -> builtins.list[FollowUp]:
        saved = []
        with self.session.write() as conn:
            for f in followups:
                if f.id is None:
                    row = conn.execute(
                        _INSERT_FOLLOWUP + " RETURNING id", (self.account, None, *followup_args(f))
                    ).fetchone()
                    assert row is not None
                    saved.append(with_id(f, row[0]))
                    continue
                cur = (
                    conn.execute(
                        "UPDATE followups SET key = %s, kind = %s, application_id = %s,"
                        " interview_id = %s, contact_id = %s, earliest = %s, recommended = %s,"
                        " latest = %s, status = %s, reason = %s, snoozed_until = %s, pinned = %s,"
                        " note = %s, subject = %s, body = %s, created_at = %s, updated_at = %s"
                        " WHERE account_id = %s AND id = %s",
                        (*followup_args(f), self.account, f.id),
                    )
                    if fits(f.id)
                    else None
                )
                if cur is None or cur.rowcount == 0:
                    raise NotFound("follow-up", f.id)
                saved.append(f)
        return saved

    def load(self, followups: Iterable[FollowUp]) -> None:
        rows = [(self.account, f.id, *followup_args(f)) for f in followups]
        with self.session.write() as conn, conn.cursor() as cur:
            cur.executemany(_INSERT_FOLLOWUP, rows)

    def get(self, followup_id: int) -> FollowUp:
        rows = (
            self._read(
                f"SELECT {FOLLOWUP} FROM followups WHERE account_id = %s AND id = %s",
                (followup_id,),
            )
            if fits(followup_id)
            else []
        )
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
        where = ""
        args: builtins.list[Any] = []
        if statuses is not None:
            where += " AND status = ANY(%s)"
            args.append([s.value for s in statuses])
        for column, value in (("application_id", application_id), ("contact_id", contact_id)):
            if value is not None:
                if not fits(value):
                    return []
                where += f" AND {column} = %s"
                args.append(value)
        if due_before is not None:
            where += " AND recommended < %s"
            args.append(to_text(due_before))
        sql = f"SELECT {FOLLOWUP} FROM followups WHERE account_id = %s{where}"
        sql += " ORDER BY recommended, id"
        if limit is not None:
            sql += " LIMIT %s"
            args.append(limit)
        return [read_followup(r) for r in self._read(sql, args)]

    def with_keys(self, keys: Iterable[str]) -> builtins.list[FollowUp]:
        sql = f"SELECT {FOLLOWUP} FROM followups WHERE account_id = %s AND key = ANY(%s)"
        rows = self._read(sql + " ORDER BY recommended, id", [sorted(set(keys))])
        return [read_followup(r) for r in rows]


class PostgresMessages(Repository):
    def add(self, message: Message) -> Message:
        try:
            with self.session.write() as conn:
                row = conn.execute(
                    f"INSERT INTO messages (account_id, {MESSAGE}) VALUES ({marks(14)})"
                    " RETURNING id",
                    (self.account, message.id, *message_args(message)),
                ).fetchone()
        except Conflict:
            raise Conflict(
                f"message {message.message_id or message.source} is already recorded"
            ) from None
        assert row is not None
        return with_id(message, row[0])

    def list(
        self, contact_id: int | None = None, application_id: int | None = None
    ) -> builtins.list[Message]:
        where = ""
        args: builtins.list[Any] = []
        for column, value in (("contact_id", contact_id), ("application_id", application_id)):
            if value is not None:
                if not fits(value):
                    return []
                where += f" AND {column} = %s"
                args.append(value)
        rows: builtins.list[Row] = self._read(
            f"SELECT {MESSAGE} FROM messages WHERE account_id = %s{where} ORDER BY at, id", args
        )
        return [read_message(r) for r in rows]

    def every(self, *, texts: bool = True) -> builtins.list[Message]:
        # The texts come along: a planning run on the shared service reads one account.
        rows = self._read(f"SELECT {MESSAGE} FROM messages WHERE account_id = %s ORDER BY id", [])
        return [read_message(r) for r in rows]

    def remove(self, record_id: int) -> None:
        if not fits(record_id):
            return
        with self.session.write() as conn:
            conn.execute(
                "DELETE FROM messages WHERE account_id = %s AND id = %s", (self.account, record_id)
            )

    def find(self, message_id: str) -> Message | None:
        if not message_id:
            return None
        rows = self._read(
            f"SELECT {MESSAGE} FROM messages WHERE account_id = %s AND message_id = %s"
            " ORDER BY id LIMIT 1",
            (message_id,),
        )
        return read_message(rows[0]) if rows else None
