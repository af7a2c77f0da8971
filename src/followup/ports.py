"""Ports: the small interfaces that services use and adapters implement.

Each port has a real adapter and an in-memory twin under `followup.adapters`;
`followup.bootstrap` is the only place that picks one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from followup.domain.agenda import CalendarEvent
from followup.domain.followups import FollowUp, Message, Status
from followup.domain.records import (
    Application,
    Company,
    Contact,
    Interview,
    Profile,
    Snapshot,
    Stage,
)

if TYPE_CHECKING:  # issue 9's types: kept off the CLI's start-up path
    from followup.domain.news import FeedItem, FeedState, Fetched
    from followup.domain.offers import Offer


class Clock(Protocol):
    """Now, as an aware UTC datetime."""

    def now(self) -> datetime: ...


class Store(Protocol):
    """Where the candidate's records live.

    Every method that writes is atomic on its own; `transaction()` groups several
    writes into one all-or-nothing unit. Reads return immutable records.
    `get_*` raise NotFound; `find_*` return None.
    """

    def transaction(self) -> AbstractContextManager[None]: ...
    def close(self) -> None: ...

    # profile
    def get_profile(self) -> Profile | None: ...
    def save_profile(self, profile: Profile) -> None: ...

    # companies
    def add_company(self, company: Company) -> Company: ...
    def update_company(self, company: Company) -> Company: ...
    def get_company(self, company_id: int) -> Company: ...
    def find_company(self, name: str) -> Company | None: ...
    def list_companies(self) -> list[Company]: ...

    # contacts
    def add_contact(self, contact: Contact) -> Contact: ...
    def update_contact(self, contact: Contact) -> Contact: ...
    def get_contact(self, contact_id: int) -> Contact: ...
    def find_contact_by_email(self, email: str) -> Contact | None: ...
    def list_contacts(self, company_id: int | None = None) -> list[Contact]: ...

    # applications
    def add_application(self, application: Application) -> Application: ...
    def update_application(self, application: Application) -> Application: ...
    def get_application(self, application_id: int) -> Application: ...
    def list_applications(
        self, stages: Sequence[Stage] | None = None, limit: int | None = None
    ) -> list[Application]: ...

    # interviews
    def add_interview(self, interview: Interview) -> Interview: ...
    def update_interview(self, interview: Interview) -> Interview: ...
    def get_interview(self, interview_id: int) -> Interview: ...
    def find_interview_by_source(self, source_uid: str) -> Interview | None: ...
    def list_interviews(self, application_id: int | None = None) -> list[Interview]: ...

    # follow-ups
    def save_followups(self, followups: Iterable[FollowUp]) -> list[FollowUp]: ...
    def get_followup(self, followup_id: int) -> FollowUp: ...
    def list_followups(
        self,
        statuses: Sequence[Status] | None = None,
        application_id: int | None = None,
        contact_id: int | None = None,
        due_before: datetime | None = None,
        limit: int | None = None,
    ) -> list[FollowUp]: ...

    # messages (sent and received, every channel)
    def add_message(self, message: Message) -> Message: ...
    def list_messages(
        self, contact_id: int | None = None, application_id: int | None = None
    ) -> list[Message]: ...
    def find_message(self, message_id: str) -> Message | None: ...

    # whole-database
    def snapshot(self) -> Snapshot: ...
    def restore(self, snapshot: Snapshot) -> None: ...
    def is_empty(self) -> bool: ...
    def get_meta(self, key: str) -> str | None: ...
    def set_meta(self, key: str, value: str) -> None: ...


# ---------------------------------------------------------------------------
# Timing (issue 4): the calendar feed of open follow-ups. Public holidays come in
# through followup.domain.timing.HolidayCalendar (real: adapters.calendar.holidays).
# Real: followup.adapters.calendar.feed.IcsFeed; twin: feed.MemoryFeed.
# ---------------------------------------------------------------------------


class CalendarFeed(Protocol):
    """Turns follow-ups into an iCalendar feed; writes files atomically with mode 0600."""

    def render(self, events: Sequence[CalendarEvent]) -> bytes: ...
    def write(self, path: Path, events: Sequence[CalendarEvent]) -> None: ...


# ---------------------------------------------------------------------------
# Beyond the interview (issue 9): company feeds, stored news and offers, the dates
# of holidays a contact observes.
# Real: followup.adapters.feeds.http.HttpFeedSource, adapters.store.news.SqliteNews,
# adapters.calendar.observances.PackageObservances.
# Twins: adapters.feeds.memory.MemoryFeedSource, adapters.store.news.MemoryNews,
# adapters.calendar.observances.MemoryObservances.
# ---------------------------------------------------------------------------


class FeedSource(Protocol):
    """Fetches one feed (conditional GET with the stored validators) and parses it.

    Every problem (bad URL, timeout, too large, HTTP error, not a feed) is one
    `followup.domain.news.FeedError` naming the feed; never a library error.
    """

    def fetch(self, url: str, *, etag: str = "", last_modified: str = "") -> Fetched: ...


class NewsStore(Protocol):
    """Feed state, news items (deduplicated per company) and offer concerns."""

    def transaction(self) -> AbstractContextManager[None]: ...
    def feed_states(self, company_id: int | None = None) -> list[FeedState]: ...
    def save_feed_state(self, state: FeedState) -> None: ...
    def add_items(self, items: Iterable[FeedItem]) -> list[FeedItem]:
        """Store the items not seen before (by company and key); return those, with ids."""
        ...

    def list_items(
        self,
        company_id: int | None = None,
        since: datetime | None = None,
        limit: int | None = None,
    ) -> list[FeedItem]:
        """Newest first (by publication, else fetch time)."""
        ...

    def get_offer(self, application_id: int) -> Offer | None: ...
    def save_offer(self, offer: Offer) -> Offer: ...
    def list_offers(self) -> list[Offer]: ...


class Observances(Protocol):
    """When a holiday a contact observes falls (HOLIDAY-005)."""

    def date_of(self, holiday: str, year: int) -> date | None:
        """The (first) day of a canonical holiday (`network.OBSERVANCES`) in `year`."""
        ...
