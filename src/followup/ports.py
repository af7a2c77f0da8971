"""Ports: the small interfaces that services use and adapters implement, by noun.

Each port has a real adapter and an in-memory twin under `followup.adapters`;
`followup.bootstrap` is the only place that picks one.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # only named in annotations: importing them here would slow every start-up
    from followup.domain.imports.invite import Invite, ReadOptions
    from followup.domain.imports.tracker import Table
    from followup.domain.mail.accounts import Account, MailSettings
    from followup.domain.mail.outbox import Attempt, OutboxEntry, Phase
    from followup.domain.mail.outbox import State as OutboxState
    from followup.domain.mail.replies import IncomingMail
    from followup.domain.network.news import FeedItem, FeedState, Fetched
    from followup.domain.network.offers import Offer
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
    from followup.domain.timing.agenda import CalendarEvent

# Repositories name a method `list`, which hides the builtin inside their class bodies:
# their annotations say `builtins.list`.


# ---------------------------------------------------------------------------
# Clock
# ---------------------------------------------------------------------------


class Clock(Protocol):
    """Now, as an aware UTC datetime."""

    def now(self) -> datetime: ...


# ---------------------------------------------------------------------------
# Records: one repository per aggregate, all behind one unit of work (`Store`).
# Real: followup.adapters.store.sqlite.SqliteStore; twin: adapters.store.memory.MemoryStore.
# In every repository `get` raises NotFound and `find*` returns None (or leaves ids out);
# every write is atomic on its own and joins `Store.transaction()` when one is open.
# ---------------------------------------------------------------------------


class ProfileRepository(Protocol):
    """The candidate: at most one."""

    def get(self) -> Profile | None: ...
    def save(self, profile: Profile) -> None: ...


class Companies(Protocol):
    """Companies; names are unique ignoring case."""

    def add(self, company: Company) -> Company: ...
    def update(self, company: Company) -> Company: ...
    def get(self, company_id: int) -> Company: ...
    def find(self, name: str) -> Company | None: ...
    def list(self) -> builtins.list[Company]: ...
    def find_many(self, company_ids: Iterable[int]) -> dict[int, Company]:
        """The companies with these ids, by id; ids not stored are left out."""
        ...


class Contacts(Protocol):
    """People; emails are unique ignoring case."""

    def add(self, contact: Contact) -> Contact: ...
    def update(self, contact: Contact) -> Contact: ...
    def get(self, contact_id: int) -> Contact: ...
    def find_by_email(self, email: str) -> Contact | None: ...
    def list(self, company_id: int | None = None, *, texts: bool = True) -> builtins.list[Contact]:
        """In id order. `texts=False` may leave out what no planning rule reads (title,
        notes, the name's parts), for a whole-database planning run; the name, email,
        zone, country, role, tier and observances stay."""
        ...

    def find_many(self, contact_ids: Iterable[int]) -> dict[int, Contact]:
        """The contacts with these ids, by id; ids not stored are left out."""
        ...


class Applications(Protocol):
    """Applications with their stage history; each belongs to a stored company."""

    def add(self, application: Application) -> Application: ...
    def update(self, application: Application) -> Application: ...
    def get(self, application_id: int) -> Application: ...
    def list(
        self, stages: Sequence[Stage] | None = None, limit: int | None = None
    ) -> builtins.list[Application]: ...
    def list_rows(self, stages: Sequence[Stage] | None = None) -> builtins.list[ApplicationRow]:
        """Like `list` (id order), without history: what listings show."""
        ...

    def find_many(self, application_ids: Iterable[int]) -> dict[int, Application]:
        """The applications with these ids, by id; ids not stored are left out."""
        ...


class Interviews(Protocol):
    """Interviews with their interviewers; an imported one is unique by its source uid."""

    def add(self, interview: Interview) -> Interview: ...
    def update(self, interview: Interview) -> Interview: ...
    def get(self, interview_id: int) -> Interview: ...
    def find_by_source(self, source_uid: str) -> Interview | None: ...
    def list(
        self, application_id: int | None = None, *, texts: bool = True
    ) -> builtins.list[Interview]:
        """In id order. `texts=False` may leave out what no planning rule reads (topics,
        projects, skills, next step, notes, source), for a whole-database planning run;
        every other field is as stored."""
        ...


class FollowUps(Protocol):
    """Planned and past follow-ups; keys are unique. Listed in due order."""

    def save(self, followups: Iterable[FollowUp]) -> builtins.list[FollowUp]:
        """Insert those without an id, update the others; all or nothing."""
        ...

    def get(self, followup_id: int) -> FollowUp: ...
    def list(
        self,
        statuses: Sequence[Status] | None = None,
        application_id: int | None = None,
        contact_id: int | None = None,
        due_before: datetime | None = None,
        limit: int | None = None,
    ) -> builtins.list[FollowUp]: ...
    def load(self, followups: Iterable[FollowUp]) -> None:
        """Insert a backup's follow-ups as they are, ids included."""
        ...

    def with_keys(self, keys: Iterable[str]) -> builtins.list[FollowUp]:
        """The follow-ups with these keys, by the key index: a whole re-plan reads the
        ones it would plan again that are not open, not a long history's every row."""
        ...


class Messages(Protocol):
    """Messages sent and received, every channel; unique by Message-ID and by source."""

    def add(self, message: Message) -> Message: ...
    def list(
        self, contact_id: int | None = None, application_id: int | None = None
    ) -> builtins.list[Message]: ...
    def every(self, *, texts: bool = True) -> builtins.list[Message]:
        """Every message in record (id) order: what a whole-database read takes, without
        putting them in time order first. `texts=False` may leave out what no planning
        rule reads (subject, Message-IDs, source); the note stays (stop requests)."""
        ...

    def find(self, message_id: str) -> Message | None: ...
    def remove(self, record_id: int) -> None:
        """Forget one message by its id (an undone "I sent it"); gone already is fine."""
        ...


class Store(Protocol):
    """The unit of work over every repository: one database, one transaction.

    `transaction()` groups writes to any repositories into one all-or-nothing unit;
    nested calls join the outer one. Reads return immutable records.
    """

    @property
    def profile(self) -> ProfileRepository: ...
    @property
    def companies(self) -> Companies: ...
    @property
    def contacts(self) -> Contacts: ...
    @property
    def applications(self) -> Applications: ...
    @property
    def interviews(self) -> Interviews: ...
    @property
    def followups(self) -> FollowUps: ...
    @property
    def messages(self) -> Messages: ...
    @property
    def outbox(self) -> Outbox: ...
    @property
    def news(self) -> NewsStore: ...

    def transaction(self) -> AbstractContextManager[None]: ...
    def close(self) -> None: ...
    def snapshot(self) -> Snapshot:
        """Every record, each kind in id order."""
        ...

    def restore(self, snapshot: Snapshot) -> None:
        """Load a snapshot's records into an empty store, keeping ids; all or nothing."""
        ...

    def is_empty(self) -> bool: ...
    def get_meta(self, key: str) -> str | None: ...
    def set_meta(self, key: str, value: str) -> None: ...


# ---------------------------------------------------------------------------
# Timing: the calendar feed of open follow-ups. Public holidays come in through
# followup.domain.timing.calendar.HolidayCalendar (real: adapters.calendar.holidays).
# Real: followup.adapters.calendar.feed.IcsFeed; twin: feed.MemoryFeed.
# ---------------------------------------------------------------------------


class CalendarFeed(Protocol):
    """Turns follow-ups into an iCalendar feed; writes files atomically with mode 0600."""

    def render(self, events: Sequence[CalendarEvent]) -> bytes: ...
    def write(self, path: Path, events: Sequence[CalendarEvent]) -> None: ...


# ---------------------------------------------------------------------------
# Mail: the outbox, SMTP submission, IMAP Drafts/Sent and replies.
# Real: adapters.store.outbox.SqliteOutbox (as `Store.outbox`), adapters.mail.
# Twins: adapters.store.outbox.MemoryOutbox, adapters.mail.memory.
# ---------------------------------------------------------------------------


class Outbox(Protocol):
    """The durable queue of composed messages (reliability.md §1.1).

    `claim` is atomic across processes: exactly one caller gets each due entry (A13).
    Every write is committed durably before it returns, so a phase recorded with
    `save` survives a crash that follows it.
    """

    def add(self, entry: OutboxEntry) -> OutboxEntry: ...
    def save(self, entry: OutboxEntry) -> OutboxEntry: ...
    def get(self, entry_id: int) -> OutboxEntry: ...
    def find(self, message_id: str) -> OutboxEntry | None: ...
    def find_for_followup(self, followup_id: int) -> OutboxEntry | None: ...
    def entries(self, states: Sequence[OutboxState] | None = None) -> list[OutboxEntry]: ...
    def claim(self, now: datetime) -> OutboxEntry | None: ...
    def recover(self, now: datetime) -> list[OutboxEntry]: ...
    def last_submission(self, other_than: int | None) -> datetime | None:
        """When an SMTP entry (not `other_than`) was last handed to, or tried at, the
        server: its `sent_at`, else `updated_at`; None if never."""
        ...

    def seen(self, key: str) -> bool: ...
    def mark_seen(self, key: str, now: datetime) -> None: ...
    def transaction(self) -> AbstractContextManager[None]:
        """All-or-nothing: the transaction of the Store this outbox belongs to."""
        ...

    def seen_log(self) -> dict[str, datetime]:
        """Every key passed to `mark_seen`, with when it was first seen."""
        ...

    def restore(self, entries: Sequence[OutboxEntry], seen: dict[str, datetime]) -> None:
        """Load a backup's entries (keeping ids, Message-IDs and raw bytes) and seen keys."""
        ...

    def lock(self) -> AbstractContextManager[None]:
        """Be the only sender (and recoverer); raise Unavailable at once if another is."""
        ...


class Mailer(Protocol):
    """SMTP submission. `phase` is called before each phase begins and must make it
    durable; `send` reports an `Attempt` and never raises for a server's answer.
    Sends inside `session()` may share one connection."""

    def send(
        self,
        sender: str,
        recipients: Sequence[str],
        raw: bytes,
        phase: Callable[[Phase], None],
    ) -> Attempt: ...

    def session(self) -> AbstractContextManager[None]: ...
    def check(self) -> str: ...


class DraftsFolder(Protocol):
    """Somewhere a finished message can be left for the user's own mail program."""

    def save_draft(self, message_id: str, raw: bytes) -> Attempt: ...


class Mailbox(DraftsFolder, Protocol):
    """An IMAP account: special-use folders, idempotent APPEND, read-only reply search."""

    def folders(self) -> dict[str, str]: ...
    def check(self) -> str:
        """Log in and find the special folders; changes nothing."""
        ...

    def copy_to_sent(self, message_id: str, raw: bytes) -> bool: ...
    def in_sent(self, message_ids: Sequence[str]) -> set[str]:
        """Which of these Message-IDs are in the Sent folder (read-only)."""
        ...

    def fetch_replies(
        self,
        ours: Sequence[str],
        senders: Sequence[str],
        since: datetime,
        seen: Callable[[str], bool],
    ) -> Iterator[IncomingMail]: ...
    def wait_for_mail(self, timeout: float) -> bool:
        """Wait (IMAP IDLE, read-only) at most `timeout` seconds for new mail in the first
        watched folder. True when mail arrived or the connection had to be re-made (so
        something may have been missed), False when the time ran out quietly. A dropped
        connection is re-made with capped backoff; a refused login raises Unavailable."""
        ...

    def close(self) -> None: ...


class MailKit(Protocol):
    """Everything mail for one run: the checked `[mail]` settings, the outbox, and the
    transports, built on first use. `checkpoint` is told each point a send reaches."""

    @property
    def settings(self) -> MailSettings: ...
    @property
    def outbox(self) -> Outbox: ...
    def mailer(self) -> Mailer | None: ...
    def mailbox(self) -> Mailbox | None: ...
    def eml(self) -> DraftsFolder | None: ...
    def read_mbox(self, path: str) -> Iterator[IncomingMail]: ...
    def read_eml_dir(self, path: str) -> Iterator[IncomingMail]: ...
    def checkpoint(self, point: str) -> None: ...
    def keyring(self) -> str: ...
    def save_password(self, role: str, account: Account, secret: str) -> str: ...
    def close(self) -> None: ...


# ---------------------------------------------------------------------------
# Imports: calendar invites and other trackers' spreadsheets.
# Real: followup.adapters.calendar.ics, followup.adapters.tracker.csv.
# Twins: MemoryCalendar and MemoryTracker, beside the real adapters.
# ---------------------------------------------------------------------------


class CalendarSource(Protocol):
    """Reads an invite file (.ics, or an .eml carrying one) into parsed events.

    Any problem with the file is one ValidationError naming it; never a library error.
    """

    def read(self, path: Path, options: ReadOptions) -> Invite: ...


class TrackerSource(Protocol):
    """Reads a spreadsheet export (CSV) into a header and its rows."""

    def read(self, path: Path) -> Table: ...


# ---------------------------------------------------------------------------
# Network: company feeds, stored news and offers, the dates of holidays a contact observes.
# Real: followup.adapters.feeds.http.HttpFeedSource, adapters.store.news.SqliteNews (as
# `Store.news`), adapters.calendar.observances.PackageObservances.
# Twins: adapters.feeds.memory.MemoryFeedSource, adapters.store.news.MemoryNews,
# adapters.calendar.observances.MemoryObservances.
# ---------------------------------------------------------------------------


class FeedSource(Protocol):
    """Fetches one feed (conditional GET with the stored validators) and parses it.

    Every problem (bad URL, timeout, too large, HTTP error, not a feed) is one
    `followup.domain.network.news.FeedError` naming the feed; never a library error.
    """

    def fetch(self, url: str, *, etag: str = "", last_modified: str = "") -> Fetched: ...


class NewsStore(Protocol):
    """The news repository: feed state, news items (deduplicated per company) and offer
    concerns (read beside the news when drafting)."""

    def transaction(self) -> AbstractContextManager[None]:
        """All-or-nothing: the transaction of the Store this repository belongs to."""
        ...

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
    def restore(
        self, states: Sequence[FeedState], items: Sequence[FeedItem], offers: Sequence[Offer]
    ) -> None:
        """Load a backup's rows into an empty store, keeping item ids."""
        ...


class Observances(Protocol):
    """When a holiday a contact observes falls (HOLIDAY-005)."""

    def date_of(self, holiday: str, year: int) -> date | None:
        """The (first) day of a canonical holiday (`network.OBSERVANCES`) in `year`."""
        ...


# ---------------------------------------------------------------------------
# Writing: where a note comes from, and the language model that polishes a draft.
# Real: followup.adapters.text.notes.FileNotes, followup.adapters.text.polisher.LlmPolisher.
# Twins: MemoryNotes and MemoryPolisher, beside them.
# ---------------------------------------------------------------------------


class NoteSource(Protocol):
    """The raw bytes of a note to lint: a file (text or .eml), or "-" for standard input.

    Raises ValidationError naming the file when it is missing or unreadable, and
    TooLarge when it holds more than `limit` bytes.
    """

    def read(self, name: str, limit: int) -> bytes: ...


class Polisher(Protocol):
    """A language model that rewrites a draft's body (`draft --ai`, `compose --ai`).

    `model` is a model id or alias (None: the library's default). Raises Unavailable,
    as one line, when the model is missing, unknown or fails.
    """

    def rewrite(self, body: str, *, system: str, model: str | None) -> str: ...


class Vault(Protocol):
    """Seals secrets for storage and opens them again (adapters/mail/vault.py)."""

    def seal(self, secret: str) -> str: ...

    def open(self, sealed: str) -> str: ...
