"""The Store in memory: the twin the unit tests and `--dry-run`s use.

It keeps the same promises as SQLite (unique names and emails, foreign keys,
all-or-nothing transactions, due order), which the contract tests check.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from followup.adapters.store import snapshots
from followup.adapters.store.twin import Repository, Twin, get
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

if TYPE_CHECKING:
    from followup.adapters.store.news import MemoryNews
    from followup.adapters.store.outbox import MemoryOutbox


def _add(table: dict[int, Any], record: Any) -> Any:
    new_id = record.id if record.id is not None else max(table, default=0) + 1
    if new_id in table:
        raise Conflict(f"id {new_id} is already taken")
    stored = replace(record, id=new_id)
    table[new_id] = stored
    return stored


def _update(table: dict[int, Any], kind: str, record: Any) -> Any:
    if record.id not in table:
        raise NotFound(kind, record.id)
    table[record.id] = record
    return record


def _pick(table: dict[int, Any], ids: Iterable[int]) -> dict[int, Any]:
    """The records of `table` with these ids (those it holds), by id."""
    return {key: table[key] for key in ids if key in table}


class MemoryProfile(Repository):
    def get(self) -> Profile | None:
        return self._t.profile

    def save(self, profile: Profile) -> None:
        self._t.profile = profile


class MemoryCompanies(Repository):
    def _check_name(self, company: Company) -> None:
        other = self.find(company.name)
        if other is not None and other.id != company.id:
            raise Conflict(f"a company called {company.name!r} already exists")

    def add(self, company: Company) -> Company:
        self._check_name(company)
        return _add(self._t.companies, company)  # type: ignore[no-any-return]

    def update(self, company: Company) -> Company:
        self._check_name(company)
        return _update(self._t.companies, "company", company)  # type: ignore[no-any-return]

    def get(self, company_id: int) -> Company:
        return get(self._t.companies, "company", company_id)  # type: ignore[no-any-return]

    def find(self, name: str) -> Company | None:
        wanted = name.casefold()
        return next((c for c in self._t.companies.values() if c.name.casefold() == wanted), None)

    def list(self) -> builtins.list[Company]:
        return [self._t.companies[k] for k in sorted(self._t.companies)]

    def find_many(self, company_ids: Iterable[int]) -> dict[int, Company]:
        return _pick(self._t.companies, company_ids)


class MemoryContacts(Repository):
    def _check_email(self, contact: Contact) -> None:
        owner = self.find_by_email(contact.email)
        if owner is not None and owner.id != contact.id:
            raise Conflict(
                f"email: {contact.email} already belongs to another contact"
                f" (contact {owner.id}, {owner.name})"
            )

    def add(self, contact: Contact) -> Contact:
        self._check_email(contact)
        return _add(self._t.contacts, contact)  # type: ignore[no-any-return]

    def update(self, contact: Contact) -> Contact:
        self._check_email(contact)
        return _update(self._t.contacts, "contact", contact)  # type: ignore[no-any-return]

    def get(self, contact_id: int) -> Contact:
        return get(self._t.contacts, "contact", contact_id)  # type: ignore[no-any-return]

    def find_by_email(self, email: str) -> Contact | None:
        if not email:
            return None
        wanted = email.casefold()
        return next((c for c in self._t.contacts.values() if c.email.casefold() == wanted), None)

    def list(self, company_id: int | None = None, *, texts: bool = True) -> builtins.list[Contact]:
        contacts = self._t.contacts
        return [
            contacts[k]
            for k in sorted(contacts)
            if company_id is None or contacts[k].company_id == company_id
        ]

    def find_many(self, contact_ids: Iterable[int]) -> dict[int, Contact]:
        return _pick(self._t.contacts, contact_ids)


class MemoryApplications(Repository):
    def add(self, application: Application) -> Application:
        get(self._t.companies, "company", application.company_id)
        return _add(self._t.applications, application)  # type: ignore[no-any-return]

    def update(self, application: Application) -> Application:
        return _update(  # type: ignore[no-any-return]
            self._t.applications, "application", application
        )

    def get(self, application_id: int) -> Application:
        return get(self._t.applications, "application", application_id)  # type: ignore[no-any-return]

    def list(
        self, stages: Sequence[Stage] | None = None, limit: int | None = None
    ) -> builtins.list[Application]:
        applications = self._t.applications
        found = [
            applications[k]
            for k in sorted(applications)
            if stages is None or applications[k].stage in stages
        ]
        return found if limit is None else found[:limit]

    def list_rows(self, stages: Sequence[Stage] | None = None) -> builtins.list[ApplicationRow]:
        companies = self._t.companies
        rows = []
        for a in self.list(stages):
            owner = companies.get(a.company_id)
            assert a.id is not None
            rows.append(
                ApplicationRow(
                    a.id, a.company_id, owner.name if owner else "", a.role, a.stage, a.decision_by
                )
            )
        return rows

    def find_many(self, application_ids: Iterable[int]) -> dict[int, Application]:
        return _pick(self._t.applications, application_ids)


class MemoryInterviews(Repository):
    def _check(self, interview: Interview) -> None:
        get(self._t.applications, "application", interview.application_id)
        for person in interview.interviewers:
            get(self._t.contacts, "contact", person.contact_id)
        if interview.source_uid:
            other = self.find_by_source(interview.source_uid)
            if other is not None and other.id != interview.id:
                raise Conflict(f"an interview from {interview.source_uid!r} already exists")

    def add(self, interview: Interview) -> Interview:
        self._check(interview)
        return _add(self._t.interviews, interview)  # type: ignore[no-any-return]

    def update(self, interview: Interview) -> Interview:
        self._check(interview)
        return _update(self._t.interviews, "interview", interview)  # type: ignore[no-any-return]

    def get(self, interview_id: int) -> Interview:
        return get(self._t.interviews, "interview", interview_id)  # type: ignore[no-any-return]

    def find_by_source(self, source_uid: str) -> Interview | None:
        if not source_uid:
            return None
        return next((i for i in self._t.interviews.values() if i.source_uid == source_uid), None)

    def list(
        self, application_id: int | None = None, *, texts: bool = True
    ) -> builtins.list[Interview]:
        interviews = self._t.interviews
        return [
            interviews[k]
            for k in sorted(interviews)
            if application_id is None or interviews[k].application_id == application_id
        ]


class MemoryFollowUps(Repository):
    def save(self, followups: Iterable[FollowUp]) -> builtins.list[FollowUp]:
        saved = []
        with self._twin.transaction():
            table = self._t.followups
            for f in followups:
                clash = next(
                    (o for o in table.values() if o.key == f.key and o.id != f.id),
                    None,
                )
                if clash is not None:
                    raise Conflict(f"a follow-up with key {f.key!r} already exists")
                if f.id is None:
                    saved.append(_add(table, f))
                else:
                    saved.append(_update(table, "follow-up", f))
        return saved

    def load(self, followups: Iterable[FollowUp]) -> None:
        with self._twin.transaction():
            for f in followups:
                _add(self._t.followups, f)

    def get(self, followup_id: int) -> FollowUp:
        return get(self._t.followups, "follow-up", followup_id)  # type: ignore[no-any-return]

    def list(
        self,
        statuses: Sequence[Status] | None = None,
        application_id: int | None = None,
        contact_id: int | None = None,
        due_before: datetime | None = None,
        limit: int | None = None,
    ) -> builtins.list[FollowUp]:
        found = [
            f
            for f in self._t.followups.values()
            if (statuses is None or f.status in statuses)
            and (application_id is None or f.application_id == application_id)
            and (contact_id is None or f.contact_id == contact_id)
            and (due_before is None or f.window.recommended < due_before)
        ]
        found.sort(key=lambda f: (f.window.recommended, f.id or 0))
        return found if limit is None else found[:limit]

    def with_keys(self, keys: Iterable[str]) -> builtins.list[FollowUp]:
        wanted = set(keys)
        found = [f for f in self._t.followups.values() if f.key in wanted]
        return sorted(found, key=lambda f: (f.window.recommended, f.id or 0))


class MemoryMessages(Repository):
    def add(self, message: Message) -> Message:
        get(self._t.contacts, "contact", message.contact_id)
        for other in self._t.messages.values():
            same_id = message.message_id and (other.message_id, other.direction) == (
                message.message_id,
                message.direction,
            )
            same_source = message.source and other.source == message.source
            if same_id or same_source:
                raise Conflict(
                    f"message {message.message_id or message.source} is already recorded"
                )
        return _add(self._t.messages, message)  # type: ignore[no-any-return]

    def list(
        self, contact_id: int | None = None, application_id: int | None = None
    ) -> builtins.list[Message]:
        found = [
            m
            for m in self._t.messages.values()
            if (contact_id is None or m.contact_id == contact_id)
            and (application_id is None or m.application_id == application_id)
        ]
        return sorted(found, key=lambda m: (m.at, m.id or 0))

    def every(self, *, texts: bool = True) -> builtins.list[Message]:
        return sorted(self._t.messages.values(), key=lambda m: m.id or 0)

    def remove(self, record_id: int) -> None:
        self._t.messages.pop(record_id, None)

    def find(self, message_id: str) -> Message | None:
        if not message_id:
            return None
        messages = self._t.messages
        return next(
            (messages[k] for k in sorted(messages) if messages[k].message_id == message_id), None
        )


class MemoryStore(Twin):
    """The unit of work over plain dicts."""

    def __init__(self) -> None:
        super().__init__()
        self.profile = MemoryProfile(self)
        self.companies = MemoryCompanies(self)
        self.contacts = MemoryContacts(self)
        self.applications = MemoryApplications(self)
        self.interviews = MemoryInterviews(self)
        self.followups = MemoryFollowUps(self)
        self.messages = MemoryMessages(self)

    @cached_property
    def outbox(self) -> MemoryOutbox:
        from followup.adapters.store.outbox import MemoryOutbox

        return MemoryOutbox(self)

    @cached_property
    def news(self) -> MemoryNews:
        from followup.adapters.store.news import MemoryNews

        return MemoryNews(self)

    def close(self) -> None:
        pass

    def snapshot(self) -> Snapshot:
        return snapshots.take(self)

    def restore(self, snapshot: Snapshot) -> None:
        snapshots.restore(self, snapshot)

    def is_empty(self) -> bool:
        t = self.tables
        return not (
            t.profile or t.companies or t.contacts or t.applications or t.interviews
            or t.followups or t.messages
        )  # fmt: skip

    def get_meta(self, key: str) -> str | None:
        return self.tables.meta.get(key)

    def set_meta(self, key: str, value: str) -> None:
        self.tables.meta[key] = value
