"""The in-memory twin's unit of work: the tables every memory repository reads, and one
all-or-nothing transaction over all of them (as SQLite's one connection gives)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any

from followup.domain.errors import NotFound

if TYPE_CHECKING:
    from followup.domain.mail.outbox import OutboxEntry
    from followup.domain.network.news import FeedItem, FeedState
    from followup.domain.network.offers import Offer
    from followup.domain.records.followups import FollowUp, Message
    from followup.domain.records.model import Application, Company, Contact, Interview, Profile


@dataclass
class Tables:
    """Everything a memory store holds, one dict per table."""

    profile: Profile | None = None
    companies: dict[int, Company] = field(default_factory=dict)
    contacts: dict[int, Contact] = field(default_factory=dict)
    applications: dict[int, Application] = field(default_factory=dict)
    interviews: dict[int, Interview] = field(default_factory=dict)
    followups: dict[int, FollowUp] = field(default_factory=dict)
    messages: dict[int, Message] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    outbox: dict[int, OutboxEntry] = field(default_factory=dict)
    seen: dict[str, datetime] = field(default_factory=dict)  # key -> first seen (imap_seen)
    feed_states: dict[tuple[int, str], FeedState] = field(default_factory=dict)
    items: dict[tuple[int, str], FeedItem] = field(default_factory=dict)
    offers: dict[int, Offer] = field(default_factory=dict)

    def copy(self) -> Tables:
        """A copy whose dicts can change without touching these."""
        copied: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            copied[f.name] = dict(value) if isinstance(value, dict) else value
        return Tables(**copied)


class Twin:
    """The tables and the transaction; the mutex stands in for SQLite's write lock."""

    def __init__(self) -> None:
        self.tables = Tables()
        self.mutex = threading.RLock()
        self._depth = 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing; nested calls join the outer transaction."""
        with self.mutex:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            saved = self.tables.copy()
            self._depth = 1
            try:
                yield
            except BaseException:
                self.tables = saved
                raise
            finally:
                self._depth = 0


class Repository:
    """A memory repository: reads the twin's current tables (a rollback replaces them)."""

    def __init__(self, twin: Twin) -> None:
        self._twin = twin

    @property
    def _t(self) -> Tables:
        return self._twin.tables


def get(table: dict[int, Any], kind: str, key: int) -> Any:
    """The row `key` of `table`, or NotFound naming `kind`."""
    try:
        return table[key]
    except KeyError:
        raise NotFound(kind, key) from None
