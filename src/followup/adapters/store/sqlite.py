"""The Store port on SQLite: the default, one file in the user's data folder."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from followup.adapters.store.database import Database, translate
from followup.domain.errors import Conflict, NotFound
from followup.domain.records.followups import (
    Channel,
    Direction,
    FollowUp,
    Kind,
    Message,
    Status,
    Window,
)
from followup.domain.records.model import (
    Application,
    ApplicationRow,
    Company,
    Contact,
    ContactRole,
    Interview,
    InterviewKind,
    InterviewStatus,
    Pace,
    Participant,
    Profile,
    Snapshot,
    Stage,
    StageChange,
    Tier,
)

_R = TypeVar("_R", Company, Contact, Application, Interview, FollowUp, Message)


def ts(moment: datetime) -> str:
    """Fixed-width UTC text, so text order is time order."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_ts(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _opt_ts(moment: datetime | None) -> str | None:
    return None if moment is None else ts(moment)


def _opt_from_ts(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _tags(text: str) -> tuple[str, ...]:
    return tuple(json.loads(text))


def _json(values: Iterable[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


_COMPANY = "id, name, industry, country, tz, domain, feeds, pace, notes"
_CONTACT = "id, name, email, title, company_id, tz, country, role, tier, observes, notes"
_APPLICATION = "id, company_id, role, stage, source, url, decision_by, created_at, history, notes"
_INTERVIEW = (
    'id, application_id, round, kind, start, "end", tz, coordinator_id, topics, projects, '
    "skills, decision_by, next_step, notes, status, source_uid, source_sequence"
)
_FOLLOWUP = (
    "id, key, kind, application_id, interview_id, contact_id, earliest, recommended, latest, "
    "status, reason, snoozed_until, pinned, note, subject, body, created_at, updated_at"
)
_MESSAGE = (
    "id, contact_id, application_id, followup_id, direction, channel, kind, at, subject, "
    "message_id, in_reply_to, source, note"
)


def _company(r: sqlite3.Row | tuple[Any, ...]) -> Company:
    return Company(
        id=r[0],
        name=r[1],
        industry=r[2],
        country=r[3],
        tz=r[4],
        domain=r[5],
        feeds=_tags(r[6]),
        pace=Pace(r[7]) if r[7] else None,
        notes=r[8],
    )


def _contact(r: tuple[Any, ...]) -> Contact:
    return Contact(
        id=r[0],
        name=r[1],
        email=r[2],
        title=r[3],
        company_id=r[4],
        tz=r[5],
        country=r[6],
        role=ContactRole(r[7]),
        tier=Tier(r[8]) if r[8] else None,
        observes=_tags(r[9]),
        notes=r[10],
    )


class _Stages(dict[str, Stage]):
    """Stage by stored value: a dict lookup is far cheaper than `Stage(value)` per row,
    and an unknown value still raises Stage's own ValueError."""

    def __missing__(self, value: str) -> Stage:
        return Stage(value)


_STAGES = _Stages((s.value, s) for s in Stage)


def _history(text: str) -> tuple[StageChange, ...]:
    stages, when = _STAGES, datetime.fromisoformat
    return tuple(
        StageChange(stage=stages[h["stage"]], at=when(h["at"]), note=h.get("note", ""))
        for h in json.loads(text)
    )


def _history_json(history: Iterable[StageChange]) -> str:
    return json.dumps(
        [{"stage": h.stage.value, "at": ts(h.at), "note": h.note} for h in history],
        ensure_ascii=False,
    )


def _application(r: tuple[Any, ...]) -> Application:
    return Application(
        id=r[0],
        company_id=r[1],
        role=r[2],
        stage=_STAGES[r[3]],
        source=r[4],
        url=r[5],
        decision_by=_day(r[6]),
        created_at=from_ts(r[7]),
        history=_history(r[8]),
        notes=r[9],
    )


def _followup(r: tuple[Any, ...]) -> FollowUp:
    return FollowUp(
        id=r[0],
        key=r[1],
        kind=Kind(r[2]),
        application_id=r[3],
        interview_id=r[4],
        contact_id=r[5],
        window=Window(earliest=from_ts(r[6]), recommended=from_ts(r[7]), latest=from_ts(r[8])),
        status=Status(r[9]),
        reason=r[10],
        snoozed_until=_opt_from_ts(r[11]),
        pinned=bool(r[12]),
        note=r[13],
        subject=r[14],
        body=r[15],
        created_at=from_ts(r[16]),
        updated_at=from_ts(r[17]),
    )


_INSERT_FOLLOWUP = f"INSERT INTO followups ({_FOLLOWUP}) VALUES ({','.join('?' * 18)})"


def _followup_args(f: FollowUp) -> tuple[Any, ...]:
    """A follow-up's columns after `id`, in `_FOLLOWUP` order."""
    return (
        f.key,
        f.kind.value,
        f.application_id,
        f.interview_id,
        f.contact_id,
        ts(f.window.earliest),
        ts(f.window.recommended),
        ts(f.window.latest),
        f.status.value,
        f.reason,
        _opt_ts(f.snoozed_until),
        int(f.pinned),
        f.note,
        f.subject,
        f.body,
        ts(f.created_at),
        ts(f.updated_at),
    )


def _message(r: tuple[Any, ...]) -> Message:
    return Message(
        id=r[0],
        contact_id=r[1],
        application_id=r[2],
        followup_id=r[3],
        direction=Direction(r[4]),
        channel=Channel(r[5]),
        kind=Kind(r[6]) if r[6] else None,
        at=from_ts(r[7]),
        subject=r[8],
        message_id=r[9],
        in_reply_to=r[10],
        source=r[11],
        note=r[12],
    )


class SqliteStore:
    """Store port over one SQLite file (see `Database` for the connection rules)."""

    def __init__(self, path: Path) -> None:
        self.db = Database(path)
        self.conn = self.db.conn

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.db.transaction():
            yield

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        try:
            with self.db.transaction() as conn:
                yield conn
        except sqlite3.IntegrityError as exc:
            raise Conflict(str(exc)) from None

    def _read(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self.conn.execute(sql, args).fetchall()
        except OverflowError:
            # A number beyond SQLite's 64-bit integers (an id from a URL, say) names no row.
            return []
        except sqlite3.Error as exc:
            raise translate(exc, self.db.path) from None

    # profile -------------------------------------------------------------------------
    def get_profile(self) -> Profile | None:
        rows = self._read("SELECT name, email, tz, country, signature, skills FROM profile")
        if not rows:
            return None
        r = rows[0]
        return Profile(
            name=r[0], email=r[1], tz=r[2], country=r[3], signature=r[4], skills=_tags(r[5])
        )

    def save_profile(self, profile: Profile) -> None:
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
                    _json(profile.skills),
                ),
            )

    # companies -----------------------------------------------------------------------
    def _company_args(self, c: Company) -> tuple[Any, ...]:
        return (
            c.name,
            c.industry,
            c.country,
            c.tz,
            c.domain,
            _json(c.feeds),
            c.pace.value if c.pace else None,
            c.notes,
        )

    def add_company(self, company: Company) -> Company:
        with self._write() as conn:
            try:
                cur = conn.execute(
                    "INSERT INTO companies (id, name, industry, country, tz, domain, feeds, pace,"
                    " notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (company.id, *self._company_args(company)),
                )
            except sqlite3.IntegrityError:
                raise Conflict(f"a company called {company.name!r} already exists") from None
        return _replace_id(company, cur.lastrowid)

    def update_company(self, company: Company) -> Company:
        with self._write() as conn:
            try:
                cur = conn.execute(
                    "UPDATE companies SET name = ?, industry = ?, country = ?, tz = ?, domain = ?,"
                    " feeds = ?, pace = ?, notes = ? WHERE id = ?",
                    (*self._company_args(company), company.id),
                )
            except sqlite3.IntegrityError:
                raise Conflict(f"a company called {company.name!r} already exists") from None
            if cur.rowcount == 0:
                raise NotFound("company", company.id)
        return company

    def get_company(self, company_id: int) -> Company:
        rows = self._read(f"SELECT {_COMPANY} FROM companies WHERE id = ?", (company_id,))
        if not rows:
            raise NotFound("company", company_id)
        return _company(rows[0])

    def find_company(self, name: str) -> Company | None:
        rows = self._read(
            f"SELECT {_COMPANY} FROM companies WHERE name = ? COLLATE NOCASE", (name,)
        )
        return _company(rows[0]) if rows else None

    def list_companies(self) -> list[Company]:
        return [_company(r) for r in self._read(f"SELECT {_COMPANY} FROM companies ORDER BY id")]

    def find_companies(self, company_ids: Iterable[int]) -> dict[int, Company]:
        return {r[0]: _company(r) for r in self._by_ids(_COMPANY, "companies", company_ids)}

    def _by_ids(self, columns: str, table: str, ids: Iterable[int]) -> list[tuple[Any, ...]]:
        """Rows of `table` with these ids, in chunks that stay under SQLite's variable limit."""
        wanted = sorted(set(ids))
        rows: list[tuple[Any, ...]] = []
        for start in range(0, len(wanted), 900):
            part = wanted[start : start + 900]
            rows += self._read(
                f"SELECT {columns} FROM {table} WHERE id IN ({','.join('?' * len(part))})", part
            )
        return rows

    # contacts ------------------------------------------------------------------------
    def _contact_args(self, c: Contact) -> tuple[Any, ...]:
        return (
            c.name,
            c.email,
            c.title,
            c.company_id,
            c.tz,
            c.country,
            c.role.value,
            c.tier.value if c.tier else None,
            _json(c.observes),
            c.notes,
        )

    def _email_taken(self, email: str) -> Conflict:
        owner = self.find_contact_by_email(email)
        who = f" (contact {owner.id}, {owner.name})" if owner else ""
        return Conflict(f"email: {email} already belongs to another contact{who}")

    def add_contact(self, contact: Contact) -> Contact:
        try:
            with self._write() as conn:
                cur = conn.execute(
                    "INSERT INTO contacts (id, name, email, title, company_id, tz, country, role,"
                    " tier, observes, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (contact.id, *self._contact_args(contact)),
                )
        except Conflict:
            raise self._email_taken(contact.email) from None
        return _replace_id(contact, cur.lastrowid)

    def update_contact(self, contact: Contact) -> Contact:
        try:
            with self._write() as conn:
                cur = conn.execute(
                    "UPDATE contacts SET name = ?, email = ?, title = ?, company_id = ?, tz = ?,"
                    " country = ?, role = ?, tier = ?, observes = ?, notes = ? WHERE id = ?",
                    (*self._contact_args(contact), contact.id),
                )
                if cur.rowcount == 0:
                    raise NotFound("contact", contact.id)
        except Conflict:
            raise self._email_taken(contact.email) from None
        return contact

    def get_contact(self, contact_id: int) -> Contact:
        rows = self._read(f"SELECT {_CONTACT} FROM contacts WHERE id = ?", (contact_id,))
        if not rows:
            raise NotFound("contact", contact_id)
        return _contact(rows[0])

    def find_contact_by_email(self, email: str) -> Contact | None:
        if not email:
            return None
        rows = self._read(
            f"SELECT {_CONTACT} FROM contacts WHERE email = ? COLLATE NOCASE", (email,)
        )
        return _contact(rows[0]) if rows else None

    def list_contacts(self, company_id: int | None = None) -> list[Contact]:
        if company_id is None:
            rows = self._read(f"SELECT {_CONTACT} FROM contacts ORDER BY id")
        else:
            rows = self._read(
                f"SELECT {_CONTACT} FROM contacts WHERE company_id = ? ORDER BY id", (company_id,)
            )
        return [_contact(r) for r in rows]

    def find_contacts(self, contact_ids: Iterable[int]) -> dict[int, Contact]:
        return {r[0]: _contact(r) for r in self._by_ids(_CONTACT, "contacts", contact_ids)}

    # applications --------------------------------------------------------------------
    def _application_args(self, a: Application) -> tuple[Any, ...]:
        return (
            a.company_id,
            a.role,
            a.stage.value,
            a.source,
            a.url,
            a.decision_by.isoformat() if a.decision_by else None,
            ts(a.created_at),
            _history_json(a.history),
            a.notes,
        )

    def add_application(self, application: Application) -> Application:
        with self._write() as conn:
            self._require("companies", "company", application.company_id)
            cur = conn.execute(
                "INSERT INTO applications (id, company_id, role, stage, source, url, decision_by,"
                " created_at, history, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (application.id, *self._application_args(application)),
            )
        return _replace_id(application, cur.lastrowid)

    def update_application(self, application: Application) -> Application:
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE applications SET company_id = ?, role = ?, stage = ?, source = ?, url = ?,"
                " decision_by = ?, created_at = ?, history = ?, notes = ? WHERE id = ?",
                (*self._application_args(application), application.id),
            )
            if cur.rowcount == 0:
                raise NotFound("application", application.id)
        return application

    def get_application(self, application_id: int) -> Application:
        rows = self._read(
            f"SELECT {_APPLICATION} FROM applications WHERE id = ?", (application_id,)
        )
        if not rows:
            raise NotFound("application", application_id)
        return _application(rows[0])

    def list_applications(
        self, stages: Sequence[Stage] | None = None, limit: int | None = None
    ) -> list[Application]:
        sql = f"SELECT {_APPLICATION} FROM applications"
        args: list[Any] = []
        if stages is not None:
            sql += f" WHERE stage IN ({','.join('?' * len(stages))})"
            args.extend(s.value for s in stages)
        sql += " ORDER BY id"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return [_application(r) for r in self._read(sql, args)]

    def list_application_rows(self, stages: Sequence[Stage] | None = None) -> list[ApplicationRow]:
        sql = "SELECT id, company_id, role, stage, decision_by FROM applications"
        args: list[str] = []
        if stages is not None:
            sql += f" WHERE stage IN ({','.join('?' * len(stages))})"
            args.extend(s.value for s in stages)
        # Names from one small query and a dict: cheaper than a join looked up per row.
        names = dict(self._read("SELECT id, name FROM companies"))
        found, day = _STAGES, date.fromisoformat
        return [
            ApplicationRow(
                r[0],
                r[1],
                names.get(r[1], ""),
                r[2],
                found[r[3]],
                None if r[4] is None else day(r[4]),
            )
            for r in self._read(sql + " ORDER BY id", args)
        ]

    def find_applications(self, application_ids: Iterable[int]) -> dict[int, Application]:
        return {
            r[0]: _application(r)
            for r in self._by_ids(_APPLICATION, "applications", application_ids)
        }

    # interviews ----------------------------------------------------------------------
    def _interview_args(self, i: Interview) -> tuple[Any, ...]:
        return (
            i.application_id,
            i.round,
            i.kind.value,
            _opt_ts(i.start),
            ts(i.end),
            i.tz,
            i.coordinator_id,
            _json(i.topics),
            _json(i.projects),
            _json(i.skills),
            i.decision_by.isoformat() if i.decision_by else None,
            i.next_step,
            i.notes,
            i.status.value,
            i.source_uid,
            i.source_sequence,
        )

    def _save_people(self, conn: sqlite3.Connection, interview: Interview) -> None:
        conn.execute("DELETE FROM interview_people WHERE interview_id = ?", (interview.id,))
        conn.executemany(
            "INSERT INTO interview_people (interview_id, contact_id, position, topics)"
            " VALUES (?, ?, ?, ?)",
            [
                (interview.id, p.contact_id, n, _json(p.topics))
                for n, p in enumerate(interview.interviewers)
            ],
        )

    def _require(self, table: str, kind: str, key: int | None) -> None:
        if (
            key is None
            or not self.conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (key,)).fetchone()
        ):
            raise NotFound(kind, key)

    def add_interview(self, interview: Interview) -> Interview:
        with self._write() as conn:
            self._require("applications", "application", interview.application_id)
            for person in interview.interviewers:
                self._require("contacts", "contact", person.contact_id)
            cur = conn.execute(
                f"INSERT INTO interviews ({_INTERVIEW}) VALUES ({','.join('?' * 17)})",
                (interview.id, *self._interview_args(interview)),
            )
            stored = _replace_id(interview, cur.lastrowid)
            self._save_people(conn, stored)
        return stored

    def update_interview(self, interview: Interview) -> Interview:
        with self._write() as conn:
            for person in interview.interviewers:
                self._require("contacts", "contact", person.contact_id)
            cur = conn.execute(
                "UPDATE interviews SET application_id = ?, round = ?, kind = ?, start = ?,"
                ' "end" = ?, tz = ?, coordinator_id = ?, topics = ?, projects = ?, skills = ?,'
                " decision_by = ?, next_step = ?, notes = ?, status = ?, source_uid = ?,"
                " source_sequence = ? WHERE id = ?",
                (*self._interview_args(interview), interview.id),
            )
            if cur.rowcount == 0:
                raise NotFound("interview", interview.id)
            self._save_people(conn, interview)
        return interview

    def _interviews(self, where: str, args: Sequence[Any]) -> list[Interview]:
        rows = self._read(f"SELECT {_INTERVIEW} FROM interviews {where} ORDER BY id", args)
        if not rows:
            return []
        ids = [r[0] for r in rows]
        people: dict[int, list[Participant]] = {i: [] for i in ids}
        for chunk in range(0, len(ids), 900):
            part = ids[chunk : chunk + 900]
            for iid, cid, topics in self._read(
                "SELECT interview_id, contact_id, topics FROM interview_people WHERE interview_id"
                f" IN ({','.join('?' * len(part))}) ORDER BY interview_id, position",
                part,
            ):
                people[iid].append(Participant(contact_id=cid, topics=_tags(topics)))
        return [
            Interview(
                id=r[0],
                application_id=r[1],
                round=r[2],
                kind=InterviewKind(r[3]),
                start=_opt_from_ts(r[4]),
                end=from_ts(r[5]),
                tz=r[6],
                coordinator_id=r[7],
                topics=_tags(r[8]),
                projects=_tags(r[9]),
                skills=_tags(r[10]),
                decision_by=_day(r[11]),
                next_step=r[12],
                notes=r[13],
                status=InterviewStatus(r[14]),
                source_uid=r[15],
                source_sequence=r[16],
                interviewers=tuple(people[r[0]]),
            )
            for r in rows
        ]

    def get_interview(self, interview_id: int) -> Interview:
        found = self._interviews("WHERE id = ?", (interview_id,))
        if not found:
            raise NotFound("interview", interview_id)
        return found[0]

    def find_interview_by_source(self, source_uid: str) -> Interview | None:
        found = self._interviews("WHERE source_uid = ?", (source_uid,)) if source_uid else []
        return found[0] if found else None

    def list_interviews(self, application_id: int | None = None) -> list[Interview]:
        if application_id is None:
            return self._interviews("", ())
        return self._interviews("WHERE application_id = ?", (application_id,))

    # follow-ups ----------------------------------------------------------------------
    def save_followups(self, followups: Iterable[FollowUp]) -> list[FollowUp]:
        saved = []
        with self._write() as conn:
            for f in followups:
                if f.id is None:
                    cur = conn.execute(_INSERT_FOLLOWUP, (None, *_followup_args(f)))
                    saved.append(_replace_id(f, cur.lastrowid))
                else:
                    cur = conn.execute(
                        "UPDATE followups SET key = ?, kind = ?, application_id = ?,"
                        " interview_id = ?, contact_id = ?, earliest = ?, recommended = ?,"
                        " latest = ?, status = ?, reason = ?, snoozed_until = ?, pinned = ?,"
                        " note = ?, subject = ?, body = ?, created_at = ?, updated_at = ?"
                        " WHERE id = ?",
                        (*_followup_args(f), f.id),
                    )
                    if cur.rowcount == 0:
                        raise NotFound("follow-up", f.id)
                    saved.append(f)
        return saved

    def get_followup(self, followup_id: int) -> FollowUp:
        rows = self._read(f"SELECT {_FOLLOWUP} FROM followups WHERE id = ?", (followup_id,))
        if not rows:
            raise NotFound("follow-up", followup_id)
        return _followup(rows[0])

    def list_followups(
        self,
        statuses: Sequence[Status] | None = None,
        application_id: int | None = None,
        contact_id: int | None = None,
        due_before: datetime | None = None,
        limit: int | None = None,
    ) -> list[FollowUp]:
        where: list[str] = []
        args: list[Any] = []
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
            args.append(ts(due_before))
        sql = f"SELECT {_FOLLOWUP} FROM followups"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY recommended, id"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return [_followup(r) for r in self._read(sql, args)]

    # messages ------------------------------------------------------------------------
    def add_message(self, message: Message) -> Message:
        try:
            with self._write() as conn:
                cur = conn.execute(
                    f"INSERT INTO messages ({_MESSAGE}) VALUES ({','.join('?' * 13)})",
                    (
                        message.id,
                        message.contact_id,
                        message.application_id,
                        message.followup_id,
                        message.direction.value,
                        message.channel.value,
                        message.kind.value if message.kind else None,
                        ts(message.at),
                        message.subject,
                        message.message_id,
                        message.in_reply_to,
                        message.source,
                        message.note,
                    ),
                )
        except Conflict:
            raise Conflict(
                f"message {message.message_id or message.source} is already recorded"
            ) from None
        return _replace_id(message, cur.lastrowid)

    def list_messages(
        self, contact_id: int | None = None, application_id: int | None = None
    ) -> list[Message]:
        where: list[str] = []
        args: list[Any] = []
        if contact_id is not None:
            where.append("contact_id = ?")
            args.append(contact_id)
        if application_id is not None:
            where.append("application_id = ?")
            args.append(application_id)
        sql = f"SELECT {_MESSAGE} FROM messages"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [_message(r) for r in self._read(sql + " ORDER BY at, id", args)]

    def find_message(self, message_id: str) -> Message | None:
        rows = self._read(
            f"SELECT {_MESSAGE} FROM messages WHERE message_id = ? ORDER BY id LIMIT 1",
            (message_id,),
        )
        return _message(rows[0]) if rows and message_id else None

    # whole database ------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        return Snapshot(
            profile=self.get_profile(),
            companies=tuple(self.list_companies()),
            contacts=tuple(self.list_contacts()),
            applications=tuple(self.list_applications()),
            interviews=tuple(self.list_interviews()),
            followups=tuple(
                _followup(r) for r in self._read(f"SELECT {_FOLLOWUP} FROM followups ORDER BY id")
            ),
            messages=tuple(
                _message(r) for r in self._read(f"SELECT {_MESSAGE} FROM messages ORDER BY id")
            ),
        )

    def restore(self, snapshot: Snapshot) -> None:
        with self.transaction():
            if snapshot.profile is not None:
                self.save_profile(snapshot.profile)
            for company in snapshot.companies:
                self.add_company(company)
            for contact in snapshot.contacts:
                self.add_contact(contact)
            for application in snapshot.applications:
                self.add_application(application)
            for interview in snapshot.interviews:
                self.add_interview(interview)
            with self._write() as conn:
                conn.executemany(
                    _INSERT_FOLLOWUP, [(f.id, *_followup_args(f)) for f in snapshot.followups]
                )
            for message in snapshot.messages:
                self.add_message(message)

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


def _replace_id(record: _R, new_id: int | None) -> _R:
    """The record with the id the database gave it."""
    return record if record.id is not None else replace(record, id=new_id)
