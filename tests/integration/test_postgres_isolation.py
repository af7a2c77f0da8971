"""Two accounts on one PostgreSQL database: nothing is read or written across (issue 18).

Ids are numbered per account, so account B's probes for the ids only account A has
(2 and 3) must find nothing, and B's ids (1) must give B's own records. The same probe
then runs with the repositories' own filter pointed at A while row-level security is
set to B: the RLS wall alone must still find nothing and refuse every write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from followup.adapters.store.postgres.database import PostgresDatabase
from followup.adapters.store.postgres.store import PostgresStore
from followup.domain.errors import NotFound
from followup.domain.mail.outbox import Via, new_entry
from followup.domain.network.news import FeedItem, FeedState
from followup.domain.network.offers import Offer
from followup.domain.records.followups import Direction, FollowUp, Kind, Message, Status, Window
from followup.domain.records.model import (
    Application,
    Company,
    Contact,
    Interview,
    Participant,
    Profile,
    Snapshot,
    Stage,
)
from tests.integration.pgserver import PostgresServer

T0 = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)
ONLY_A = (2, 3)  # ids account A has and account B does not


def fill(store: PostgresStore, tag: str, n: int) -> None:
    """`n` of each record, named after the account (`tag`)."""
    store.profile.save(Profile(name=f"cand {tag}", email=f"{tag}@x.org", tz="UTC", country="GB"))
    store.set_meta("secret", f"meta {tag}")
    for i in range(1, n + 1):
        company = store.companies.add(Company(name=f"Co {tag}{i}", feeds=(f"https://{tag}{i}/f",)))
        cid = company.id or 0
        person = store.contacts.add(Contact(name=f"P {tag}{i}", email=f"{tag}{i}@co.org"))
        app = store.applications.add(Application(company_id=cid, role=f"R {tag}{i}", created_at=T0))
        aid = app.id or 0
        store.interviews.add(
            Interview(
                application_id=aid,
                end=T0,
                tz="UTC",
                source_uid=f"uid-{tag}{i}",
                interviewers=(Participant(contact_id=person.id or 0),),
            )
        )
        window = Window(
            earliest=T0, recommended=T0 + timedelta(hours=i), latest=T0 + timedelta(days=1)
        )
        (fu,) = store.followups.save(
            [FollowUp(key=f"k-{tag}{i}", kind=Kind.THANK_YOU, application_id=aid, window=window,
                      status=Status.PLANNED, created_at=T0, updated_at=T0)]
        )  # fmt: skip
        store.messages.add(
            Message(contact_id=person.id or 0, application_id=aid, direction=Direction.IN, at=T0,
                    message_id=f"<m-{tag}{i}@x>")
        )  # fmt: skip
        store.outbox.add(
            new_entry(message_id=f"<o-{tag}{i}@x>", followup_id=fu.id, via=Via.SMTP,
                      sender=f"{tag}@x.org", recipients=(f"{tag}{i}@co.org",), subject="s",
                      raw=b"Subject: s\r\n\r\nhi\r\n", now=T0)
        )  # fmt: skip
        store.outbox.mark_seen(f"seen-{tag}{i}", T0)
        store.news.save_feed_state(FeedState(company_id=cid, url=f"https://{tag}{i}/f"))
        store.news.add_items(
            [FeedItem(company_id=cid, feed_url=f"https://{tag}{i}/f", key=f"n-{tag}{i}",
                      title=f"news {tag}{i}", fetched_at=T0)]
        )  # fmt: skip
        store.news.save_offer(Offer(application_id=aid, concerns=(f"pay {tag}",), updated_at=T0))


def everything(store: PostgresStore) -> tuple[Snapshot, Any, Any, Any, Any, Any, Any]:
    return (
        store.snapshot(),
        store.get_meta("secret"),
        store.outbox.entries(),
        store.outbox.seen_log(),
        store.news.feed_states(),
        store.news.list_items(),
        store.news.list_offers(),
    )


@pytest.fixture
def accounts(postgres_database: PostgresDatabase) -> Iterator[tuple[PostgresStore, PostgresStore]]:
    a = PostgresStore(postgres_database, postgres_database.add_account("a"))
    b = PostgresStore(postgres_database, postgres_database.add_account("b"))
    fill(a, "a", 3)
    fill(b, "b", 1)
    yield a, b
    a.close()
    b.close()


def probe_reads(b: PostgresStore) -> None:
    """Every read of every repository, for A's ids and A's keys: nothing of A's comes back."""
    for key in ONLY_A:
        for get in (b.companies.get, b.contacts.get, b.applications.get, b.interviews.get,
                    b.followups.get, b.outbox.get):  # fmt: skip
            with pytest.raises(NotFound):
                get(key)
        assert b.contacts.list(company_id=key) == []
        assert b.interviews.list(application_id=key) == []
        assert b.followups.list(application_id=key) == []
        assert b.followups.list(contact_id=key) == []
        assert b.messages.list(contact_id=key) == b.messages.list(application_id=key) == []
        assert b.outbox.find_for_followup(key) is None
        assert b.news.get_offer(key) is None
        assert b.news.feed_states(company_id=key) == []
        assert b.news.list_items(company_id=key) == []
    assert b.companies.find_many(ONLY_A) == b.contacts.find_many(ONLY_A) == {}
    assert b.applications.find_many(ONLY_A) == {}
    for i in ONLY_A:
        assert b.companies.find(f"Co a{i}") is None
        assert b.contacts.find_by_email(f"a{i}@co.org") is None
        assert b.interviews.find_by_source(f"uid-a{i}") is None
        assert b.messages.find(f"<m-a{i}@x>") is None
        assert b.outbox.find(f"<o-a{i}@x>") is None
        assert not b.outbox.seen(f"seen-a{i}")


def probe_writes(b: PostgresStore) -> None:
    """Updates of A's ids: each finds no row to change."""
    company = Company(id=2, name="Hijack")
    contact = Contact(id=2, name="Hijack")
    app = Application(id=2, company_id=1, role="Hijack", created_at=T0, stage=Stage.REJECTED)
    interview = Interview(id=2, application_id=1, end=T0, tz="UTC", notes="hijack")
    window = Window(earliest=T0, recommended=T0, latest=T0)
    followup = FollowUp(id=2, key="hijack", kind=Kind.THANK_YOU, window=window,
                        status=Status.DONE, created_at=T0, updated_at=T0)  # fmt: skip
    entry = replace(
        new_entry(message_id="<hijack@x>", followup_id=None, via=Via.SMTP, sender="b@x.org",
                  recipients=("z@x.org",), subject="s", raw=b"x", now=T0),
        id=2,
    )  # fmt: skip
    writes: list[Callable[[], object]] = [
        lambda: b.companies.update(company),
        lambda: b.contacts.update(contact),
        lambda: b.applications.update(app),
        lambda: b.interviews.update(interview),
        lambda: b.followups.save([followup]),
        lambda: b.outbox.save(entry),
    ]
    for write in writes:
        with pytest.raises(NotFound):
            write()


def test_an_account_reads_and_writes_nothing_of_another(
    accounts: tuple[PostgresStore, PostgresStore],
) -> None:
    a, b = accounts
    before_a, before_b = everything(a), everything(b)
    probe_reads(b)
    probe_writes(b)
    # B's own id 1 is B's record, never A's record 1.
    assert b.companies.get(1).name == "Co b1" and a.companies.get(1).name == "Co a1"
    assert [c.name for c in b.companies.list()] == ["Co b1"]
    assert b.profile.get() == Profile(name="cand b", email="b@x.org", tz="UTC", country="GB")
    assert b.get_meta("secret") == "meta b"
    # A's unique names and Message-IDs are no clash for B: they are A's, not B's.
    b.companies.add(Company(name="Co a2"))
    assert b.companies.find("Co a2") is not None
    assert everything(a) == before_a
    assert everything(b)[2:] == before_b[2:]


class WallOnly:
    """The database as a store sees it whose own filter names account A, while every
    transaction runs in account B's wall: what remains is row-level security alone."""

    def __init__(self, db: PostgresDatabase, wall: int) -> None:
        self.db, self.wall, self.pool = db, wall, db.pool

    def transaction(self, account_id: int | None) -> AbstractContextManager[Any]:
        return self.db.transaction(self.wall)


def test_the_rls_wall_alone_finds_and_changes_nothing(
    accounts: tuple[PostgresStore, PostgresStore], postgres_database: PostgresDatabase
) -> None:
    a, b = accounts
    before = everything(a)
    # Filters for A (the victim), wall for B: A's rows are filtered in and walled out.
    prober = PostgresStore(WallOnly(postgres_database, b.account_id), a.account_id)  # type: ignore[arg-type]
    assert prober.is_empty() and prober.profile.get() is None
    assert prober.get_meta("secret") is None
    assert prober.companies.list() == [] and prober.applications.list_rows() == []
    assert prober.followups.list() == [] and prober.messages.list() == []
    assert prober.outbox.entries() == [] and prober.outbox.seen_log() == {}
    assert prober.news.list_offers() == [] and prober.news.list_items() == []
    probe_reads(prober)
    for i in (1, *ONLY_A):  # A has ids 1, 2, 3: none is visible
        with pytest.raises(NotFound):
            prober.companies.get(i)
    probe_writes(prober)
    with pytest.raises(Exception, match="row-level security"):
        prober.companies.add(Company(name="Planted"))  # into A, from B's wall
    with pytest.raises(Exception, match="row-level security"):
        prober.set_meta("secret", "overwritten")
    assert everything(a) == before


def test_the_account_filter_alone_finds_and_changes_nothing(
    accounts: tuple[PostgresStore, PostgresStore], postgres: PostgresServer
) -> None:
    """As the superuser, whom row-level security does not apply to: the repositories' own
    `account_id = ...` is then the only wall, and it must hold by itself."""
    a, b = accounts
    before = everything(a)
    admin = PostgresDatabase(postgres.url("store_suites", admin=True), max_size=2)
    try:
        unwalled = PostgresStore(admin, b.account_id)
        probe_reads(unwalled)
        probe_writes(unwalled)
        assert [c.name for c in unwalled.companies.list()] == ["Co b1"]
        assert unwalled.snapshot() == b.snapshot()
    finally:
        admin.close()
    assert everything(a) == before
