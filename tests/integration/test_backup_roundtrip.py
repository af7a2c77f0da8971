"""Export, import into an empty database, export again: identical (hypothesis).

The backup covers the Store's records and what lives beside them: feed state, news
items, offer concerns, the outbox (raw bytes and Message-IDs) and the seen-mail log.
Every world is exported from one engine and imported into each of SQLite, PostgreSQL
(a fresh account in one shared database each time) and memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from followup.adapters.store.memory import MemoryStore
from followup.adapters.store.sqlite import SqliteStore
from followup.domain import backup
from followup.domain.errors import Conflict, ValidationError
from followup.domain.mail.outbox import OutboxEntry, Phase, RecipientResult, State, Via
from followup.domain.network.news import Category, FeedItem, FeedState
from followup.domain.network.offers import Offer
from followup.domain.records.followups import FollowUp, Kind, Status, Window
from followup.domain.records.model import (
    Application,
    Company,
    Contact,
    Interview,
    InterviewKind,
    Participant,
    Profile,
    Snapshot,
    Stage,
    StageChange,
)
from followup.domain.records.names import NameOrder
from followup.ports import NewsStore, Outbox, Store
from followup.services import backup as service

if TYPE_CHECKING:
    from followup.adapters.store.postgres.database import PostgresDatabase

KINDS = ("sqlite", "memory", "postgres")
BESIDE = ("feed_states", "news_items", "offers", "outbox", "imap_seen")

text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
zones = st.sampled_from(["UTC", "Europe/Berlin", "America/Los_Angeles", "Asia/Kathmandu"])
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2080, 1, 1), timezones=st.just(UTC)
)


@dataclass
class World:
    profile: Profile
    companies: list[Company]
    contacts: list[Contact]
    applications: list[Application]
    interviews: list[Interview]
    followups: list[FollowUp]
    feed_states: list[FeedState]
    news_items: list[FeedItem]
    offers: list[Offer]
    outbox: list[tuple[OutboxEntry, OutboxEntry]]  # as queued, then as it ended up
    seen: dict[str, datetime]


@dataclass
class Stores:
    store: Store
    news: NewsStore
    outbox: Outbox

    def export(self) -> dict[str, Any]:
        """Through JSON text, as the CLI writes it: base64 and ISO strings only."""
        data: dict[str, Any] = json.loads(
            service.dumps(service.export_data(self.store, self.news, self.outbox))
        )
        return data


class Databases:
    """Fresh empty databases, wired as bootstrap wires them; closed on exit."""

    def __init__(self, folder: Path, postgres: PostgresDatabase | None = None) -> None:
        self.folder = folder
        self.postgres = postgres
        self.opened: list[Store] = []

    def open(self, kind: str) -> Stores:
        if kind == "memory":
            memory = MemoryStore()
            return Stores(memory, memory.news, memory.outbox)
        store: Store
        if kind == "postgres":
            from followup.adapters.store.postgres.store import PostgresStore

            assert self.postgres is not None, "the test needs the postgres_database fixture"
            store = PostgresStore(self.postgres, self.postgres.add_account("backup"))
        else:
            store = SqliteStore(self.folder / f"{len(self.opened)}.db")
        self.opened.append(store)
        return Stores(store, store.news, store.outbox)

    def __enter__(self) -> Databases:
        return self

    def __exit__(self, *exc: object) -> None:
        for store in self.opened:
            store.close()


@pytest.fixture
def dbs(tmp_path: Path, postgres_database: PostgresDatabase) -> Iterator[Databases]:
    with Databases(tmp_path, postgres_database) as databases:
        yield databases


def has_nul(world: World) -> bool:
    """Whether any text holds U+0000, which PostgreSQL cannot store (see
    test_postgres_refuses_nul_in_one_line)."""
    return "\\x00" in repr(world)


articles = st.sampled_from([None, True, False])


@st.composite
def worlds(draw: st.DrawFn) -> World:
    n = draw(st.integers(1, 4))
    companies = [
        Company(id=i + 1, name=f"{draw(text)} {i}", tz=draw(zones), article=draw(articles))
        for i in range(n)
    ]
    contacts = [
        Contact(
            id=i + 1,
            name=draw(text),
            email=f"p{i}@x{i}.org",
            company_id=draw(st.integers(1, n)),
            honorific=draw(st.sampled_from(["", "Mr.", "Prof. Dr.", "Frau"])),
            family_name=draw(st.sampled_from(["", "García López", "Müller", "van der Berg"])),
            name_order=draw(st.sampled_from(list(NameOrder))),
            salutation=draw(st.sampled_from(["", "Tanaka-san"])),
        )
        for i in range(draw(st.integers(0, 5)))
    ]
    apps = []
    for i in range(draw(st.integers(0, 4))):
        at = draw(moments)
        stage = draw(st.sampled_from(list(Stage)))
        apps.append(
            Application(
                id=i + 1,
                company_id=draw(st.integers(1, n)),
                role=draw(text),
                stage=stage,
                created_at=at,
                notes=draw(st.text(max_size=200)),
                history=(StageChange(stage=stage, at=at, note=draw(text)),),
            )
        )
    interviews = []
    for i in range(draw(st.integers(0, 4)) if apps else 0):
        people = (
            draw(st.lists(st.sampled_from([c.id for c in contacts]), unique=True, max_size=3))
            if contacts
            else []
        )
        interviews.append(
            Interview(
                id=i + 1,
                application_id=draw(st.integers(1, len(apps))),
                end=draw(moments),
                tz=draw(zones),
                kind=draw(st.sampled_from(list(InterviewKind))),
                interviewers=tuple(
                    Participant(contact_id=p or 0, topics=tuple(draw(st.lists(text, max_size=2))))
                    for p in people
                ),
                topics=tuple(draw(st.lists(text, max_size=3, unique=True))),
            )
        )
    followups = []
    for i in range(draw(st.integers(0, 3))):
        at = draw(moments)
        followups.append(
            FollowUp(
                key=f"thank-you/{i}",
                kind=draw(st.sampled_from(list(Kind))),
                application_id=draw(st.sampled_from([None, *(a.id for a in apps)])),
                window=Window(earliest=at, recommended=at, latest=at),
                status=draw(st.sampled_from(list(Status))),
                subject=draw(text),
                body=draw(st.text(max_size=200)),
                created_at=at,
                updated_at=at,
            )
        )
    feed_states, news_items = [], []
    for company in draw(st.lists(st.sampled_from(companies), unique_by=lambda c: c.id)):
        url = f"https://{company.id}.example/feed.xml"
        feed_states.append(
            FeedState(
                company_id=company.id or 0,
                url=url,
                etag=draw(st.sampled_from(["", 'W/"abc"'])),
                checked_at=draw(st.none() | moments),
                ok_at=draw(st.none() | moments),
                error=draw(st.sampled_from(["", "HTTP 503"])),
                title=draw(text),
            )
        )
        for key in draw(st.lists(text, max_size=3, unique=True)):
            news_items.append(
                FeedItem(
                    company_id=company.id or 0,
                    feed_url=url,
                    key=key,
                    title=draw(text),
                    summary=draw(st.text(max_size=100)),
                    published=draw(st.none() | moments),
                    fetched_at=draw(moments),
                    category=draw(st.sampled_from(list(Category))),
                    matched=tuple(draw(st.lists(text, max_size=2))),
                )
            )
    chosen = draw(st.lists(st.sampled_from(apps), unique_by=lambda a: a.id)) if apps else []
    offers = [
        Offer(
            application_id=app.id or 0,
            concerns=tuple(draw(st.lists(text, max_size=3))),
            updated_at=draw(moments),
        )
        for app in chosen
    ]
    # Outbox rows point at follow-ups by position; the ids come when they are saved.
    outbox = []
    targets = draw(st.permutations(range(len(followups))))[:2]
    for i in range(draw(st.integers(0, 3))):
        at = draw(moments)
        queued = OutboxEntry(
            message_id=f"<{i}.{draw(st.uuids()).hex}@followup.invalid>",
            followup_id=targets[i] if i < len(targets) else None,
            via=draw(st.sampled_from(list(Via))),
            sender="ada@example.org",
            recipients=tuple(draw(st.lists(st.emails(), min_size=1, max_size=2))),
            subject=draw(text),
            raw=draw(st.binary(max_size=300)),  # any bytes, not only valid UTF-8
            created_at=at,
            scheduled_at=at,
            next_attempt_at=draw(moments),
            updated_at=at,
        )
        ended = replace(
            queued,
            state=draw(st.sampled_from(list(State))),
            phase=draw(st.sampled_from(list(Phase))),
            attempts=draw(st.integers(0, 5)),
            results=tuple(
                RecipientResult(address=r, code=draw(st.sampled_from([250, 550])), text=draw(text))
                for r in queued.recipients
            ),
            last_error=draw(st.sampled_from(["", "421 try later"])),
            sent_at=draw(st.none() | moments),
            location=draw(st.sampled_from(["", "Drafts"])),
            copy_pending=draw(st.booleans()),
        )
        outbox.append((queued, ended))
    seen = draw(st.dictionaries(st.text(min_size=1, max_size=30), moments, max_size=3))
    profile = Profile(name=draw(text), email="ada@example.org", tz=draw(zones), country="GB")
    return World(
        profile,
        companies,
        contacts,
        apps,
        interviews,
        followups,
        feed_states,
        news_items,
        offers,
        outbox,
        seen,
    )


def fill(stores: Stores, world: World) -> None:
    """Record the world through the ports' ordinary write methods, as the features do."""
    store, news, outbox = stores.store, stores.news, stores.outbox
    store.profile.save(world.profile)
    for c in world.companies:
        store.companies.add(c)
    for p in world.contacts:
        store.contacts.add(p)
    for a in world.applications:
        store.applications.add(a)
    for i in world.interviews:
        store.interviews.add(i)
    followups = store.followups.save(world.followups)
    for state in world.feed_states:
        news.save_feed_state(state)
    news.add_items(world.news_items)
    for offer in world.offers:
        news.save_offer(offer)
    for queued, ended in world.outbox:
        position = queued.followup_id
        target = None if position is None else followups[position].id
        added = outbox.add(replace(queued, followup_id=target))
        outbox.save(replace(ended, id=added.id, followup_id=target))
    for key, at in world.seen.items():
        outbox.mark_seen(key, at)


@pytest.mark.parametrize("kind", KINDS)
@given(world=worlds())
def test_round_trip_is_identical(
    tmp_path_factory: pytest.TempPathFactory,
    postgres_database: PostgresDatabase,
    kind: str,
    world: World,
) -> None:
    nul = has_nul(world)
    assume(not (nul and kind == "postgres"))
    with Databases(tmp_path_factory.mktemp("rt"), postgres_database) as dbs:
        first = dbs.open(kind)
        fill(first, world)
        exported = first.export()
        assert exported["version"] == backup.VERSION == 2
        assert len(exported["outbox"]) == len(world.outbox)
        assert len(exported["news_items"]) == len(world.news_items)
        for other in KINDS:
            if nul and other == "postgres":
                continue
            second = dbs.open(other)
            loaded = backup.from_data(exported)
            counts = service.restore(second.store, second.news, second.outbox, loaded)
            assert counts["outbox"] == len(world.outbox)
            assert counts["imap_seen"] == len(world.seen)
            assert second.export() == exported
            stored = {e.message_id: e.raw for e in second.outbox.entries()}
            assert stored == {e.message_id: e.raw for _, e in world.outbox}


@given(world=worlds())
def test_version_1_files_still_load(tmp_path_factory: pytest.TempPathFactory, world: World) -> None:
    with Databases(tmp_path_factory.mktemp("v1")) as dbs:
        first = dbs.open("memory")
        fill(first, world)
        exported = first.export()
        old = {k: v for k, v in exported.items() if k not in BESIDE} | {"version": 1}
        second = dbs.open("sqlite")
        service.restore(second.store, second.news, second.outbox, backup.from_data(old))
        assert second.export() == exported | {section: [] for section in BESIDE}


@pytest.mark.parametrize("kind", KINDS)
def test_a_failing_import_writes_nothing_in_any_table(dbs: Databases, kind: str) -> None:
    at = datetime(2026, 11, 24, 20, tzinfo=UTC)
    entry = OutboxEntry(
        id=1,
        message_id="<same@followup.invalid>",
        sender="ada@example.org",
        recipients=("bob@example.org",),
        subject="Thanks",
        raw=b"Subject: Thanks\r\n\r\nHi\r\n",
        created_at=at,
        scheduled_at=at,
        next_attempt_at=at,
        updated_at=at,
    )
    # Built by hand, past from_data's checks: the outbox, restored last, refuses the
    # second entry after the records and the news went in; all of it must roll back.
    loaded = backup.Backup(
        records=Snapshot(companies=(Company(id=1, name="Acme"),)),
        news_items=(FeedItem(id=1, company_id=1, feed_url="u", key="k", title="t", fetched_at=at),),
        outbox=(entry, replace(entry, id=2)),
        imap_seen=(backup.SeenMail(key="msgid:<x@y>", seen_at=at),),
    )
    target = dbs.open(kind)
    with pytest.raises(Conflict, match="cannot restore the outbox"):
        service.restore(target.store, target.news, target.outbox, loaded)
    assert service.is_empty(target.store, target.news, target.outbox)
    assert target.export() == backup.to_data(backup.Backup())


@pytest.mark.parametrize("kind", KINDS)
def test_import_refuses_a_database_with_only_an_outbox(dbs: Databases, kind: str) -> None:
    target = dbs.open(kind)
    target.outbox.mark_seen("msgid:<x@y>", datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(Conflict, match="empty database"):
        service.restore(target.store, target.news, target.outbox, backup.Backup())


VALID: dict[str, Any] = {
    "format": "followup-backup",
    "version": 2,
    "companies": [{"id": 1, "name": "Acme"}],
    "outbox": [
        {
            "id": 1,
            "message_id": "<a@b>",
            "sender": "ada@example.org",
            "recipients": ["bob@example.org"],
            "subject": "Thanks",
            "raw": "SGk=",
            "created_at": "2026-11-24T20:00:00+00:00",
            "scheduled_at": "2026-11-24T20:00:00+00:00",
            "next_attempt_at": "2026-11-24T20:00:00+00:00",
            "updated_at": "2026-11-24T20:00:00+00:00",
        }
    ],
}


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        ({"version": 3}, "version", "unsupported backup version 3"),
        ({"version": True}, "version", "unsupported backup version True"),
        ({"version": 1}, "outbox", "unknown section in a version 1 backup"),
        ({"outbox": [{**VALID["outbox"][0], "raw": "not base64!"}]}, "outbox[0].raw", "base64"),
        ({"outbox": [{**VALID["outbox"][0], "raw": None}]}, "outbox[0].raw", "must not be null"),
        (
            {"outbox": [{**VALID["outbox"][0], "followup_id": 9}]},
            "outbox[0].followup_id",
            "no follow-up 9 in this backup",
        ),
        (
            {"outbox": VALID["outbox"] * 2},
            "outbox[1].id",
            "duplicates an earlier record",
        ),
        (
            {"news_items": [{"company_id": 2, "feed_url": "u", "key": "k", "title": "t"}]},
            "news_items[0]",
            "incomplete record",
        ),
        (
            {"offers": [{"application_id": 4, "updated_at": "2026-11-24T20:00:00+00:00"}]},
            "offers[0].application_id",
            "no application 4 in this backup",
        ),
        (
            {"imap_seen": [{"key": "k", "seen_at": "2026-11-24T20:00"}]},
            "imap_seen[0].seen_at",
            "UTC offset",
        ),
        (
            {"contacts": [{"id": 1, "name": "Kai", "salutation": "Kai\r\nBcc: eve@x.org"}]},
            "contacts[0].salutation",
            "must be one line",
        ),
        (
            {"contacts": [{"id": 1, "name": "Kai", "name_order": "sideways"}]},
            "contacts[0].name_order",
            "invalid value",
        ),
        ({"companies": [{"id": 1, "name": "Acme", "article": 1}]}, "companies[0].article", "bool"),
    ],
)
def test_bad_version_2_data_names_the_record(
    change: dict[str, Any], field: str, problem: str
) -> None:
    assert backup.from_data(VALID).outbox[0].raw == b"Hi"
    with pytest.raises(ValidationError) as caught:
        backup.from_data(VALID | change)
    assert caught.value.field == field and problem in caught.value.problem


def test_import_file_reads_what_export_wrote(dbs: Databases, tmp_path: Path) -> None:
    source = dbs.open("sqlite")
    source.store.companies.add(Company(name="Acme"))
    source.outbox.mark_seen("imap:INBOX:7:42", datetime(2026, 3, 1, 9, tzinfo=UTC))
    source.store.set_meta("web.calendar_token", "s3cret-feed-token")  # the web's feed token
    path = tmp_path / "backup.json"
    exported = service.export_data(source.store, source.news, source.outbox)
    service.write_private(path, service.dumps(exported))
    assert "s3cret-feed-token" not in path.read_text()  # secrets stay out of backups
    target = dbs.open("sqlite")
    counts = service.import_file(target.store, target.news, target.outbox, path)
    assert counts["companies"] == 1 and counts["imap_seen"] == 1
    assert target.outbox.seen("imap:INBOX:7:42") and target.export() == source.export()


def test_postgres_refuses_nul_in_one_line(dbs: Databases) -> None:
    """SQLite keeps U+0000 in text, PostgreSQL cannot: such a backup is refused whole,
    with one line naming why, rather than stored altered."""
    source = dbs.open("sqlite")
    source.store.companies.add(Company(name="Acme", notes="a\x00b"))
    loaded = backup.from_data(source.export())
    target = dbs.open("postgres")
    with pytest.raises(ValidationError, match="NUL character"):
        service.restore(target.store, target.news, target.outbox, loaded)
    assert service.is_empty(target.store, target.news, target.outbox)


def test_a_backup_without_name_fields_imports_them_as_empty() -> None:
    """Issue 15: files written before the structured names load unchanged (same version)."""
    data = VALID | {"contacts": [{"id": 1, "name": "Tanaka Hiroshi", "company_id": 1}]}
    loaded = backup.from_data(data)
    (contact,) = loaded.records.contacts
    assert (contact.honorific, contact.given_name, contact.family_name) == ("", "", "")
    assert contact.name_order is NameOrder.GIVEN_FIRST and contact.salutation == ""
    assert loaded.records.companies[0].article is None
    assert backup.to_data(loaded)["contacts"][0]["name_order"] == "given-first"
