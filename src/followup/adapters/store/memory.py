"""The Store port in memory: the twin the unit tests and `--dry-run`s use.

It keeps the same promises as SQLite (unique names and emails, foreign keys,
all-or-nothing transactions, due order), which the contract tests check.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from followup.domain.errors import Conflict, NotFound
from followup.domain.records.followups import FollowUp, Message, Status
from followup.domain.records.model import (
    Application,
    ApplicationRow,
    Company,
    Contact,
    Interview,
    Profile,
    Snapshot,
    Stage,
)


@dataclass
class _State:
    profile: Profile | None = None
    companies: dict[int, Company] = field(default_factory=dict)
    contacts: dict[int, Contact] = field(default_factory=dict)
    applications: dict[int, Application] = field(default_factory=dict)
    interviews: dict[int, Interview] = field(default_factory=dict)
    followups: dict[int, FollowUp] = field(default_factory=dict)
    messages: dict[int, Message] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)


class MemoryStore:
    """Store port over plain dicts."""

    def __init__(self) -> None:
        self._s = _State()
        self._depth = 0

    def close(self) -> None:
        pass

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        saved = copy.copy(self._s)
        saved.companies, saved.contacts = dict(self._s.companies), dict(self._s.contacts)
        saved.applications, saved.interviews = dict(self._s.applications), dict(self._s.interviews)
        saved.followups, saved.messages = dict(self._s.followups), dict(self._s.messages)
        saved.meta = dict(self._s.meta)
        self._depth = 1
        try:
            yield
        except BaseException:
            self._s = saved
            raise
        finally:
            self._depth = 0

    def _add(self, table: dict[int, Any], record: Any) -> Any:
        new_id = record.id if record.id is not None else max(table, default=0) + 1
        if new_id in table:
            raise Conflict(f"id {new_id} is already taken")
        stored = replace(record, id=new_id)
        table[new_id] = stored
        return stored

    def _update(self, table: dict[int, Any], kind: str, record: Any) -> Any:
        if record.id not in table:
            raise NotFound(kind, record.id)
        table[record.id] = record
        return record

    @staticmethod
    def _get(table: dict[int, Any], kind: str, key: int) -> Any:
        try:
            return table[key]
        except KeyError:
            raise NotFound(kind, key) from None

    # profile
    def get_profile(self) -> Profile | None:
        return self._s.profile

    def save_profile(self, profile: Profile) -> None:
        self._s.profile = profile

    # companies
    def _check_company_name(self, company: Company) -> None:
        other = self.find_company(company.name)
        if other is not None and other.id != company.id:
            raise Conflict(f"a company called {company.name!r} already exists")

    def add_company(self, company: Company) -> Company:
        self._check_company_name(company)
        return self._add(self._s.companies, company)  # type: ignore[no-any-return]

    def update_company(self, company: Company) -> Company:
        self._check_company_name(company)
        return self._update(self._s.companies, "company", company)  # type: ignore[no-any-return]

    def get_company(self, company_id: int) -> Company:
        return self._get(self._s.companies, "company", company_id)  # type: ignore[no-any-return]

    def find_company(self, name: str) -> Company | None:
        wanted = name.casefold()
        return next((c for c in self._s.companies.values() if c.name.casefold() == wanted), None)

    def list_companies(self) -> list[Company]:
        return [self._s.companies[k] for k in sorted(self._s.companies)]

    def find_companies(self, company_ids: Iterable[int]) -> dict[int, Company]:
        return _pick(self._s.companies, company_ids)

    # contacts
    def _check_email(self, contact: Contact) -> None:
        owner = self.find_contact_by_email(contact.email)
        if owner is not None and owner.id != contact.id:
            raise Conflict(
                f"email: {contact.email} already belongs to another contact"
                f" (contact {owner.id}, {owner.name})"
            )

    def add_contact(self, contact: Contact) -> Contact:
        self._check_email(contact)
        return self._add(self._s.contacts, contact)  # type: ignore[no-any-return]

    def update_contact(self, contact: Contact) -> Contact:
        self._check_email(contact)
        return self._update(self._s.contacts, "contact", contact)  # type: ignore[no-any-return]

    def get_contact(self, contact_id: int) -> Contact:
        return self._get(self._s.contacts, "contact", contact_id)  # type: ignore[no-any-return]

    def find_contact_by_email(self, email: str) -> Contact | None:
        if not email:
            return None
        wanted = email.casefold()
        return next((c for c in self._s.contacts.values() if c.email.casefold() == wanted), None)

    def list_contacts(self, company_id: int | None = None) -> list[Contact]:
        return [
            self._s.contacts[k]
            for k in sorted(self._s.contacts)
            if company_id is None or self._s.contacts[k].company_id == company_id
        ]

    def find_contacts(self, contact_ids: Iterable[int]) -> dict[int, Contact]:
        return _pick(self._s.contacts, contact_ids)

    # applications
    def add_application(self, application: Application) -> Application:
        self.get_company(application.company_id)
        return self._add(self._s.applications, application)  # type: ignore[no-any-return]

    def update_application(self, application: Application) -> Application:
        return self._update(  # type: ignore[no-any-return]
            self._s.applications, "application", application
        )

    def get_application(self, application_id: int) -> Application:
        return self._get(  # type: ignore[no-any-return]
            self._s.applications, "application", application_id
        )

    def list_applications(
        self, stages: Sequence[Stage] | None = None, limit: int | None = None
    ) -> list[Application]:
        found = [
            self._s.applications[k]
            for k in sorted(self._s.applications)
            if stages is None or self._s.applications[k].stage in stages
        ]
        return found if limit is None else found[:limit]

    def list_application_rows(self, stages: Sequence[Stage] | None = None) -> list[ApplicationRow]:
        companies = self._s.companies
        rows = []
        for a in self.list_applications(stages):
            owner = companies.get(a.company_id)
            assert a.id is not None
            rows.append(
                ApplicationRow(
                    a.id, a.company_id, owner.name if owner else "", a.role, a.stage, a.decision_by
                )
            )
        return rows

    def find_applications(self, application_ids: Iterable[int]) -> dict[int, Application]:
        return _pick(self._s.applications, application_ids)

    # interviews
    def _check_interview(self, interview: Interview) -> None:
        self.get_application(interview.application_id)
        for person in interview.interviewers:
            self.get_contact(person.contact_id)
        if interview.source_uid:
            other = self.find_interview_by_source(interview.source_uid)
            if other is not None and other.id != interview.id:
                raise Conflict(f"an interview from {interview.source_uid!r} already exists")

    def add_interview(self, interview: Interview) -> Interview:
        self._check_interview(interview)
        return self._add(self._s.interviews, interview)  # type: ignore[no-any-return]

    def update_interview(self, interview: Interview) -> Interview:
        self._check_interview(interview)
        return self._update(self._s.interviews, "interview", interview)  # type: ignore[no-any-return]

    def get_interview(self, interview_id: int) -> Interview:
        return self._get(self._s.interviews, "interview", interview_id)  # type: ignore[no-any-return]

    def find_interview_by_source(self, source_uid: str) -> Interview | None:
        if not source_uid:
            return None
        return next((i for i in self._s.interviews.values() if i.source_uid == source_uid), None)

    def list_interviews(self, application_id: int | None = None) -> list[Interview]:
        return [
            self._s.interviews[k]
            for k in sorted(self._s.interviews)
            if application_id is None or self._s.interviews[k].application_id == application_id
        ]

    # follow-ups
    def save_followups(self, followups: Iterable[FollowUp]) -> list[FollowUp]:
        saved = []
        with self.transaction():
            for f in followups:
                clash = next(
                    (o for o in self._s.followups.values() if o.key == f.key and o.id != f.id),
                    None,
                )
                if clash is not None:
                    raise Conflict(f"a follow-up with key {f.key!r} already exists")
                if f.id is None:
                    saved.append(self._add(self._s.followups, f))
                else:
                    saved.append(self._update(self._s.followups, "follow-up", f))
        return saved

    def get_followup(self, followup_id: int) -> FollowUp:
        return self._get(self._s.followups, "follow-up", followup_id)  # type: ignore[no-any-return]

    def list_followups(
        self,
        statuses: Sequence[Status] | None = None,
        application_id: int | None = None,
        contact_id: int | None = None,
        due_before: datetime | None = None,
        limit: int | None = None,
    ) -> list[FollowUp]:
        found = [
            f
            for f in self._s.followups.values()
            if (statuses is None or f.status in statuses)
            and (application_id is None or f.application_id == application_id)
            and (contact_id is None or f.contact_id == contact_id)
            and (due_before is None or f.window.recommended < due_before)
        ]
        found.sort(key=lambda f: (f.window.recommended, f.id or 0))
        return found if limit is None else found[:limit]

    # messages
    def add_message(self, message: Message) -> Message:
        self.get_contact(message.contact_id)
        for other in self._s.messages.values():
            same_id = message.message_id and (other.message_id, other.direction) == (
                message.message_id,
                message.direction,
            )
            same_source = message.source and other.source == message.source
            if same_id or same_source:
                raise Conflict(
                    f"message {message.message_id or message.source} is already recorded"
                )
        return self._add(self._s.messages, message)  # type: ignore[no-any-return]

    def list_messages(
        self, contact_id: int | None = None, application_id: int | None = None
    ) -> list[Message]:
        found = [
            m
            for m in self._s.messages.values()
            if (contact_id is None or m.contact_id == contact_id)
            and (application_id is None or m.application_id == application_id)
        ]
        return sorted(found, key=lambda m: (m.at, m.id or 0))

    def find_message(self, message_id: str) -> Message | None:
        if not message_id:
            return None
        return next(
            (
                self._s.messages[k]
                for k in sorted(self._s.messages)
                if self._s.messages[k].message_id == message_id
            ),
            None,
        )

    # whole database
    def snapshot(self) -> Snapshot:
        return Snapshot(
            profile=self._s.profile,
            companies=tuple(self.list_companies()),
            contacts=tuple(self.list_contacts()),
            applications=tuple(self.list_applications()),
            interviews=tuple(self.list_interviews()),
            followups=tuple(self._s.followups[k] for k in sorted(self._s.followups)),
            messages=tuple(self._s.messages[k] for k in sorted(self._s.messages)),
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
            for f in snapshot.followups:
                self._add(self._s.followups, f)
            for message in snapshot.messages:
                self.add_message(message)

    def is_empty(self) -> bool:
        s = self._s
        return not (
            s.profile or s.companies or s.contacts or s.applications or s.interviews
            or s.followups or s.messages
        )  # fmt: skip

    def get_meta(self, key: str) -> str | None:
        return self._s.meta.get(key)

    def set_meta(self, key: str, value: str) -> None:
        self._s.meta[key] = value


def _pick(table: dict[int, Any], ids: Iterable[int]) -> dict[int, Any]:
    """The records of `table` with these ids (those it holds), by id."""
    return {key: table[key] for key in ids if key in table}
