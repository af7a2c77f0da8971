"""The Store on PostgreSQL: one account's unit of work over a shared database.

`PostgresStore(url_or_database, account_id)` serves one account. Every repository works
through one `Session`, so `transaction()` spans them all and nested calls join it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property

from followup.adapters.store import snapshots
from followup.adapters.store.postgres.activity import (
    PostgresFollowUps,
    PostgresInterviews,
    PostgresMessages,
)
from followup.adapters.store.postgres.database import PostgresDatabase
from followup.adapters.store.postgres.news import PostgresNews
from followup.adapters.store.postgres.outbox import PostgresOutbox
from followup.adapters.store.postgres.records import (
    PostgresApplications,
    PostgresCompanies,
    PostgresContacts,
    PostgresProfile,
)
from followup.adapters.store.postgres.session import Session
from followup.domain.errors import Unavailable
from followup.domain.records.model import Snapshot

_TABLES = ("profile", "companies", "contacts", "applications", "interviews", "followups",
           "messages")  # fmt: skip


class PostgresStore:
    """The unit of work for one account; closes the database only if it opened it."""

    def __init__(self, database: str | PostgresDatabase, account_id: int) -> None:
        self._owned = isinstance(database, str)
        self.db = PostgresDatabase(database) if isinstance(database, str) else database
        self.account_id = account_id
        self.session = session = Session(self.db, account_id)
        self.profile = PostgresProfile(session)
        self.companies = PostgresCompanies(session)
        self.contacts = PostgresContacts(session)
        self.applications = PostgresApplications(session)
        self.interviews = PostgresInterviews(session)
        self.followups = PostgresFollowUps(session)
        self.messages = PostgresMessages(session)

    @cached_property
    def outbox(self) -> PostgresOutbox:
        return PostgresOutbox(self.session)

    @cached_property
    def news(self) -> PostgresNews:
        return PostgresNews(self.session)

    def close(self) -> None:
        if self._owned:
            self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.session.transaction():
            yield

    def snapshot(self) -> Snapshot:
        with self.session.transaction():  # one consistent view
            return snapshots.take(self)

    def restore(self, snapshot: Snapshot) -> None:
        snapshots.restore(self, snapshot)

    def is_empty(self) -> bool:
        found = " OR ".join(
            f"EXISTS (SELECT 1 FROM {table} WHERE account_id = %(a)s)" for table in _TABLES
        )
        with self.session.transaction() as conn:
            row = conn.execute(f"SELECT {found}", {"a": self.account_id}).fetchone()
        return not (row and row[0])

    def get_meta(self, key: str) -> str | None:
        rows = self.session.read(
            "SELECT value FROM meta WHERE account_id = %s AND key = %s", (key,)
        )
        return str(rows[0][0]) if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self.session.write() as conn:
            conn.execute(
                "INSERT INTO meta (account_id, key, value) VALUES (%s, %s, %s)"
                " ON CONFLICT (account_id, key) DO UPDATE SET value = excluded.value",
                (self.account_id, key, value),
            )


def open_store(url: str, account: str) -> PostgresStore:
    """The store of `account` (an id, or a name created on first use) at `url`; the
    database must be migrated. Every problem is one Unavailable line."""
    db = PostgresDatabase(url)
    try:
        pending = [m.name for m in db.status() if not m.applied_at]
        if pending:
            raise Unavailable(
                f"the PostgreSQL database is not up to date ({len(pending)} migration(s)"
                " pending): run `followup db migrate`"
            )
        store = PostgresStore(db, db.account(account))
    except BaseException:
        db.close()
        raise
    store._owned = True  # the store closes what this function opened
    return store
