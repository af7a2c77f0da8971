"""The Store on SQLite: the default, one file in the user's data folder.

`SqliteStore` is the unit of work: one `Database` (one connection, WAL, BEGIN IMMEDIATE,
busy timeout) that every repository shares, so one transaction spans them all.
"""

from __future__ import annotations

import builtins
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup.adapters.store import snapshots
from followup.adapters.store.database import BUSY_TIMEOUT_MS, Database
from followup.adapters.store.sqlite_activity import SqliteFollowUps, SqliteMessages
from followup.adapters.store.sqlite_rows import (
    APPLICATION,
    COMPANY,
    CONTACT,
    CONTACT_PLANNED,
    INTERVIEW,
    INTERVIEW_PLANNED,
    NEW_PARTICIPANT,
    STAGES,
    application_args,
    assignments,
    company_args,
    contact_args,
    interview_args,
    read_application,
    read_company,
    read_contact,
    read_interview,
    tags,
    to_json,
    with_id,
)
from followup.adapters.store.sqlite_table import Table
from followup.domain.errors import Conflict, NotFound
from followup.domain.records.model import (
    Application,
    ApplicationRow,
    Company,
    Contact,
    Interview,
    Participant,
    Profile,
    Snapshot,
    Stage,
)

if TYPE_CHECKING:
    from followup.adapters.store.news import SqliteNews
    from followup.adapters.store.outbox import SqliteOutbox

__all__ = ["SqliteStore"]


class SqliteProfile(Table):
    def get(self) -> Profile | None:
        rows = self._read("SELECT name, email, tz, country, signature, skills FROM profile")
        if not rows:
            return None
        r = rows[0]
        return Profile(
            name=r[0], email=r[1], tz=r[2], country=r[3], signature=r[4], skills=tags(r[5])
        )

    def save(self, profile: Profile) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO profile (id, name, email, tz, country, signature, skills) "
                "VALUES (1, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                " email = excluded.email, tz = excluded.tz, country = excluded.country,"
                " signature = excluded.signature, skills = excluded.skills",
                (
                    profile.name,
                    profile.email,
                    profile.tz,
                    profile.country,
                    profile.signature,
                    to_json(profile.skills),
                ),
            )


class SqliteCompanies(Table):
    def add(self, company: Company) -> Company:
        with self._write() as conn:
            try:
                cur = conn.execute(
                    "INSERT INTO companies (id, name, industry, country, tz, domain, feeds, pace,"
                    " notes, article) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (company.id, *company_args(company)),
                )
            except sqlite3.IntegrityError:
                raise Conflict(f"a company called {company.name!r} already exists") from None
        return with_id(company, cur.lastrowid)

    def update(self, company: Company) -> Company:
        with self._write() as conn:
            try:
                cur = conn.execute(
                    "UPDATE companies SET name = ?, industry = ?, country = ?, tz = ?, domain = ?,"
                    " feeds = ?, pace = ?, notes = ?, article = ? WHERE id = ?",
                    (*company_args(company), company.id),
                )
            except sqlite3.IntegrityError:
                raise Conflict(f"a company called {company.name!r} already exists") from None
            if cur.rowcount == 0:
                raise NotFound("company", company.id)
        return company

    def get(self, company_id: int) -> Company:
        rows = self._read(f"SELECT {COMPANY} FROM companies WHERE id = ?", (company_id,))
        if not rows:
            raise NotFound("company", company_id)
        return read_company(rows[0])

    def find(self, name: str) -> Company | None:
        rows = self._read(f"SELECT {COMPANY} FROM companies WHERE name = ? COLLATE NOCASE", (name,))
        return read_company(rows[0]) if rows else None

    def list(self) -> builtins.list[Company]:
        return [read_company(r) for r in self._read(f"SELECT {COMPANY} FROM companies ORDER BY id")]

    def find_many(self, company_ids: Iterable[int]) -> dict[int, Company]:
        return {r[0]: read_company(r) for r in self._by_ids(COMPANY, "companies", company_ids)}


class SqliteContacts(Table):
    def _email_taken(self, email: str) -> Conflict:
        owner = self.find_by_email(email)
        who = f" (contact {owner.id}, {owner.name})" if owner else ""
        return Conflict(f"email: {email} already belongs to another contact{who}")

    def add(self, contact: Contact) -> Contact:
        try:
            with self._write() as conn:
                cur = conn.execute(
                    f"INSERT INTO contacts ({CONTACT}) VALUES ({', '.join('?' * 17)})",
                    (contact.id, *contact_args(contact)),
                )
        except Conflict:
            raise self._email_taken(contact.email) from None
        return with_id(contact, cur.lastrowid)

    def update(self, contact: Contact) -> Contact:
        try:
            with self._write() as conn:
                cur = conn.execute(
                    f"UPDATE contacts SET {assignments(CONTACT, '?')} WHERE id = ?",
                    (*contact_args(contact), contact.id),
                )
                if cur.rowcount == 0:
                    raise NotFound("contact", contact.id)
        except Conflict:
            raise self._email_taken(contact.email) from None
        return contact

    def get(self, contact_id: int) -> Contact:
        rows = self._read(f"SELECT {CONTACT} FROM contacts WHERE id = ?", (contact_id,))
        if not rows:
            raise NotFound("contact", contact_id)
        return read_contact(rows[0])

    def find_by_email(self, email: str) -> Contact | None:
        if not email:
            return None
        rows = self._read(
            f"SELECT {CONTACT} FROM contacts WHERE email = ? COLLATE NOCASE", (email,)
        )
        return read_contact(rows[0]) if rows else None

    def list(self, company_id: int | None = None, *, texts: bool = True) -> builtins.list[Contact]:
        if company_id is None:
            columns = CONTACT if texts else CONTACT_PLANNED
            return [
                read_contact(r)
                for rows in self._stream(f"SELECT {columns} FROM contacts ORDER BY id")
                for r in rows
            ]
        rows = self._read(
            f"SELECT {CONTACT} FROM contacts WHERE company_id = ? ORDER BY id", (company_id,)
        )
        return [read_contact(r) for r in rows]

    def find_many(self, contact_ids: Iterable[int]) -> dict[int, Contact]:
        return {r[0]: read_contact(r) for r in self._by_ids(CONTACT, "contacts", contact_ids)}


class SqliteApplications(Table):
    def add(self, application: Application) -> Application:
        with self._write() as conn:
            self._require("companies", "company", application.company_id)
            cur = conn.execute(
                "INSERT INTO applications (id, company_id, role, stage, source, url, decision_by,"
                " created_at, history, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (application.id, *application_args(application)),
            )
        return with_id(application, cur.lastrowid)

    def update(self, application: Application) -> Application:
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE applications SET company_id = ?, role = ?, stage = ?, source = ?, url = ?,"
                " decision_by = ?, created_at = ?, history = ?, notes = ? WHERE id = ?",
                (*application_args(application), application.id),
            )
            if cur.rowcount == 0:
                raise NotFound("application", application.id)
        return application

    def get(self, application_id: int) -> Application:
        rows = self._read(f"SELECT {APPLICATION} FROM applications WHERE id = ?", (application_id,))
        if not rows:
            raise NotFound("application", application_id)
        return read_application(rows[0])

    def list(
        self, stages: Sequence[Stage] | None = None, limit: int | None = None
    ) -> builtins.list[Application]:
        sql = f"SELECT {APPLICATION} FROM applications"
        args: builtins.list[Any] = []
        if stages is not None:
            sql += f" WHERE stage IN ({','.join('?' * len(stages))})"
            args.extend(s.value for s in stages)
        sql += " ORDER BY id"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return [read_application(r) for rows in self._stream(sql, args) for r in rows]

    def list_rows(self, stages: Sequence[Stage] | None = None) -> builtins.list[ApplicationRow]:
        sql = "SELECT id, company_id, role, stage, decision_by FROM applications"
        args: builtins.list[str] = []
        if stages is not None:
            sql += f" WHERE stage IN ({','.join('?' * len(stages))})"
            args.extend(s.value for s in stages)
        # Names from one small query and a dict: cheaper than a join looked up per row.
        names = dict(self._read("SELECT id, name FROM companies"))
        found, on = STAGES, date.fromisoformat
        return [
            ApplicationRow(
                r[0],
                r[1],
                names.get(r[1], ""),
                r[2],
                found[r[3]],
                None if r[4] is None else on(r[4]),
            )
            for r in self._read(sql + " ORDER BY id", args)
        ]

    def find_many(self, application_ids: Iterable[int]) -> dict[int, Application]:
        return {
            r[0]: read_application(r)
            for r in self._by_ids(APPLICATION, "applications", application_ids)
        }


class SqliteInterviews(Table):
    @staticmethod
    def _save_people(conn: sqlite3.Connection, interview: Interview) -> None:
        conn.execute("DELETE FROM interview_people WHERE interview_id = ?", (interview.id,))
        conn.executemany(
            "INSERT INTO interview_people (interview_id, contact_id, position, topics)"
            " VALUES (?, ?, ?, ?)",
            [
                (interview.id, p.contact_id, n, to_json(p.topics))
                for n, p in enumerate(interview.interviewers)
            ],
        )

    def add(self, interview: Interview) -> Interview:
        with self._write() as conn:
            self._require("applications", "application", interview.application_id)
            for person in interview.interviewers:
                self._require("contacts", "contact", person.contact_id)
            cur = conn.execute(
                f"INSERT INTO interviews ({INTERVIEW}) VALUES ({','.join('?' * 17)})",
                (interview.id, *interview_args(interview)),
            )
            stored = with_id(interview, cur.lastrowid)
            self._save_people(conn, stored)
        return stored

    def update(self, interview: Interview) -> Interview:
        with self._write() as conn:
            for person in interview.interviewers:
                self._require("contacts", "contact", person.contact_id)
            cur = conn.execute(
                f"UPDATE interviews SET {assignments(INTERVIEW, '?')} WHERE id = ?",
                (*interview_args(interview), interview.id),
            )
            if cur.rowcount == 0:
                raise NotFound("interview", interview.id)
            self._save_people(conn, interview)
        return interview

    def _select(self, where: str, args: Sequence[Any]) -> builtins.list[Interview]:
        rows = self._read(f"SELECT {INTERVIEW} FROM interviews {where} ORDER BY id", args)
        if not rows:
            return []
        ids = [r[0] for r in rows]
        people: dict[int, builtins.list[Participant]] = {i: [] for i in ids}
        for chunk in range(0, len(ids), 900):
            part = ids[chunk : chunk + 900]
            for iid, cid, topics in self._read(
                "SELECT interview_id, contact_id, topics FROM interview_people WHERE interview_id"
                f" IN ({','.join('?' * len(part))}) ORDER BY interview_id, position",
                part,
            ):
                people[iid].append(Participant(contact_id=cid, topics=tags(topics)))
        return [read_interview(r, tuple(people[r[0]])) for r in rows]

    def _all(self, texts: bool) -> builtins.list[Interview]:
        """Every interview: the people in one query, then the interviews streamed."""
        people: dict[int, builtins.list[Participant]] = {}
        # One record per person and topic list: people meet a company over several rounds,
        # and the records are immutable, so a long history shares them (issue 16).
        shared: dict[tuple[int, str], Participant] = {}
        topics = "topics" if texts else "'[]'"
        for rows in self._stream(
            f"SELECT interview_id, contact_id, {topics} FROM interview_people"
            " ORDER BY interview_id, position"
        ):
            for iid, cid, said in rows:
                person = shared.get((cid, said))
                if person is None:
                    person = shared[(cid, said)] = NEW_PARTICIPANT(cid, tags(said))
                found = people.get(iid)
                if found is None:
                    people[iid] = [person]
                else:
                    found.append(person)
        columns = INTERVIEW if texts else INTERVIEW_PLANNED
        return [
            read_interview(r, tuple(people.get(r[0], ())))
            for rows in self._stream(f"SELECT {columns} FROM interviews ORDER BY id")
            for r in rows
        ]

    def get(self, interview_id: int) -> Interview:
        found = self._select("WHERE id = ?", (interview_id,))
        if not found:
            raise NotFound("interview", interview_id)
        return found[0]

    def find_by_source(self, source_uid: str) -> Interview | None:
        found = self._select("WHERE source_uid = ?", (source_uid,)) if source_uid else []
        return found[0] if found else None

    def list(
        self, application_id: int | None = None, *, texts: bool = True
    ) -> builtins.list[Interview]:
        if application_id is None:
            return self._all(texts)
        return self._select("WHERE application_id = ?", (application_id,))


class SqliteStore(Table):
    """The unit of work over one SQLite file (see `Database` for the connection rules)."""

    def __init__(self, path: Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        super().__init__(Database(path, busy_timeout_ms=busy_timeout_ms))
        self.conn = self.db.conn
        self.profile = SqliteProfile(self.db)
        self.companies = SqliteCompanies(self.db)
        self.contacts = SqliteContacts(self.db)
        self.applications = SqliteApplications(self.db)
        self.interviews = SqliteInterviews(self.db)
        self.followups = SqliteFollowUps(self.db)
        self.messages = SqliteMessages(self.db)

    @cached_property
    def outbox(self) -> SqliteOutbox:
        """Built on first use: most commands never touch mail (start-up time)."""
        from followup.adapters.store.outbox import SqliteOutbox

        return SqliteOutbox(self.db)

    @cached_property
    def news(self) -> SqliteNews:
        """Built on first use, like `outbox`."""
        from followup.adapters.store.news import SqliteNews

        return SqliteNews(self.db)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.db.transaction():
            yield

    def snapshot(self) -> Snapshot:
        return snapshots.take(self)

    def restore(self, snapshot: Snapshot) -> None:
        snapshots.restore(self, snapshot)

    def is_empty(self) -> bool:
        tables = ("profile", "companies", "contacts", "applications", "interviews", "followups",
                  "messages")  # fmt: skip
        return all(not self._read(f"SELECT 1 FROM {table} LIMIT 1") for table in tables)

    def get_meta(self, key: str) -> str | None:
        rows = self._read("SELECT value FROM meta WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
