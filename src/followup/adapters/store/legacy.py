"""TEMPORARY: the Store's old one-method-per-record calls, delegating to the repositories.

They let call sites move to `store.<repository>.<verb>(...)` in a separate step (run
/work/wt/store-callsites.py); the next commit rewrites them and deletes this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followup.domain.records.followups import FollowUp, Message, Status
    from followup.domain.records.model import (
        Application,
        ApplicationRow,
        Company,
        Contact,
        Interview,
        Profile,
        Stage,
    )
    from followup.ports import (
        Applications,
        Companies,
        Contacts,
        FollowUps,
        Interviews,
        Messages,
        ProfileRepository,
    )


class LegacyCalls:
    """The old Store methods, each one line over a repository."""

    profile: ProfileRepository
    companies: Companies
    contacts: Contacts
    applications: Applications
    interviews: Interviews
    followups: FollowUps
    messages: Messages

    def get_profile(self) -> Profile | None:
        return self.profile.get()

    def save_profile(self, profile: Profile) -> None:
        return self.profile.save(profile)

    def add_company(self, company: Company) -> Company:
        return self.companies.add(company)

    def update_company(self, company: Company) -> Company:
        return self.companies.update(company)

    def get_company(self, company_id: int) -> Company:
        return self.companies.get(company_id)

    def find_company(self, name: str) -> Company | None:
        return self.companies.find(name)

    def list_companies(self) -> list[Company]:
        return self.companies.list()

    def find_companies(self, company_ids: Iterable[int]) -> dict[int, Company]:
        return self.companies.find_many(company_ids)

    def add_contact(self, contact: Contact) -> Contact:
        return self.contacts.add(contact)

    def update_contact(self, contact: Contact) -> Contact:
        return self.contacts.update(contact)

    def get_contact(self, contact_id: int) -> Contact:
        return self.contacts.get(contact_id)

    def find_contact_by_email(self, email: str) -> Contact | None:
        return self.contacts.find_by_email(email)

    def list_contacts(self, company_id: int | None = None) -> list[Contact]:
        return self.contacts.list(company_id)

    def find_contacts(self, contact_ids: Iterable[int]) -> dict[int, Contact]:
        return self.contacts.find_many(contact_ids)

    def add_application(self, application: Application) -> Application:
        return self.applications.add(application)

    def update_application(self, application: Application) -> Application:
        return self.applications.update(application)

    def get_application(self, application_id: int) -> Application:
        return self.applications.get(application_id)

    def list_applications(
        self, stages: Sequence[Stage] | None = None, limit: int | None = None
    ) -> list[Application]:
        return self.applications.list(stages, limit)

    def list_application_rows(self, stages: Sequence[Stage] | None = None) -> list[ApplicationRow]:
        return self.applications.list_rows(stages)

    def find_applications(self, application_ids: Iterable[int]) -> dict[int, Application]:
        return self.applications.find_many(application_ids)

    def add_interview(self, interview: Interview) -> Interview:
        return self.interviews.add(interview)

    def update_interview(self, interview: Interview) -> Interview:
        return self.interviews.update(interview)

    def get_interview(self, interview_id: int) -> Interview:
        return self.interviews.get(interview_id)

    def find_interview_by_source(self, source_uid: str) -> Interview | None:
        return self.interviews.find_by_source(source_uid)

    def list_interviews(self, application_id: int | None = None) -> list[Interview]:
        return self.interviews.list(application_id)

    def save_followups(self, followups: Iterable[FollowUp]) -> list[FollowUp]:
        return self.followups.save(followups)

    def get_followup(self, followup_id: int) -> FollowUp:
        return self.followups.get(followup_id)

    def list_followups(
        self,
        statuses: Sequence[Status] | None = None,
        application_id: int | None = None,
        contact_id: int | None = None,
        due_before: datetime | None = None,
        limit: int | None = None,
    ) -> list[FollowUp]:
        return self.followups.list(statuses, application_id, contact_id, due_before, limit)

    def add_message(self, message: Message) -> Message:
        return self.messages.add(message)

    def list_messages(
        self, contact_id: int | None = None, application_id: int | None = None
    ) -> list[Message]:
        return self.messages.list(contact_id, application_id)

    def find_message(self, message_id: str) -> Message | None:
        return self.messages.find(message_id)
