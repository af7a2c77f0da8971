"""One contract for every Store engine, repository by repository.

The engines are `STORE_ENGINES` in tests/conftest.py (memory, SQLite, PostgreSQL); each
test runs once per engine, so a new engine is one more entry there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.adapters.store.sqlite import SqliteStore
from followup.domain.errors import Conflict, NotFound
from followup.domain.mail.outbox import OutboxEntry, State, Via, new_entry
from followup.domain.network.offers import Offer
from followup.domain.records.followups import Direction, FollowUp, Kind, Message, Status, Window
from followup.domain.records.model import (
    Application,
    ApplicationRow,
    Company,
    Contact,
    Interview,
    Participant,
    Profile,
    Stage,
    StageChange,
    Tier,
)
from followup.domain.records.names import NameOrder
from followup.ports import Store

T0 = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)


@pytest.fixture
def store(any_store: Store) -> Store:
    return any_store


def seed(store: Store) -> tuple[Company, Contact, Application, Interview]:
    company = store.companies.add(
        Company(name="Acme", industry="technology", tz="America/New_York")
    )
    assert company.id is not None
    person = store.contacts.add(
        Contact(name="Grace Hopper", email="grace@acme.com", company_id=company.id)
    )
    assert person.id is not None
    app = store.applications.add(
        Application(
            company_id=company.id,
            role="Data Engineer",
            created_at=T0,
            history=(StageChange(stage=Stage.APPLIED, at=T0),),
        )
    )
    assert app.id is not None
    interview = store.interviews.add(
        Interview(
            application_id=app.id,
            end=T0,
            tz="America/New_York",
            interviewers=(Participant(contact_id=person.id, topics=("Spark",)),),
            topics=("ETL",),
        )
    )
    return company, person, app, interview


def test_records_round_trip(store: Store) -> None:
    company, person, app, interview = seed(store)
    assert store.companies.get(company.id or 0) == company
    assert store.contacts.get(person.id or 0) == person
    assert store.applications.get(app.id or 0) == app
    assert store.interviews.get(interview.id or 0) == interview
    assert store.interviews.list(app.id) == [interview]


# profile ----------------------------------------------------------------------------


def test_profile_is_saved_and_replaced(store: Store) -> None:
    assert store.profile.get() is None
    store.profile.save(Profile(name="Ada", email="ada@x.org", tz="UTC", country="GB"))
    store.profile.save(
        Profile(name="Ada L", email="ada@x.org", tz="UTC", country="GB", skills=("Spark",))
    )
    assert store.profile.get() == Profile(
        name="Ada L", email="ada@x.org", tz="UTC", country="GB", skills=("Spark",)
    )


# companies and contacts ---------------------------------------------------------------


def test_company_names_are_unique_ignoring_case(store: Store) -> None:
    store.companies.add(Company(name="Acme"))
    with pytest.raises(Conflict):
        store.companies.add(Company(name="ACME"))
    assert store.companies.find("acme") is not None


def test_structured_names_and_articles_round_trip(store: Store) -> None:
    """Issue 15 §1/§2: every name part, both orders, and the article's three states."""
    inferred = store.companies.add(Company(name="Sakura Market"))
    the = store.companies.add(Company(name="Department for Education", article=True))
    bare = store.companies.add(Company(name="The Guardian", article=False))
    for company, article in ((inferred, None), (the, True), (bare, False)):
        assert store.companies.get(company.id or 0).article is article
    tanaka = store.contacts.add(
        Contact(
            name="Tanaka Hiroshi",
            honorific="Mr.",
            given_name="Hiroshi",
            family_name="Tanaka",
            name_order=NameOrder.FAMILY_FIRST,
            salutation="Tanaka-san",
            company_id=inferred.id,
        )
    )
    plain = store.contacts.add(Contact(name="Grace Hopper"))
    assert store.contacts.get(tanaka.id or 0) == tanaka
    got = store.contacts.get(plain.id or 0)
    assert (got.honorific, got.given_name, got.family_name, got.salutation) == ("",) * 4
    assert got.name_order is NameOrder.GIVEN_FIRST
    # Clearing is storing the empty value; the override goes back to "infer".
    cleared = store.contacts.update(
        Contact(id=tanaka.id, name="Tanaka Hiroshi", honorific="", salutation="")
    )
    assert store.contacts.get(tanaka.id or 0) == cleared
    store.companies.update(Company(id=the.id, name="Department for Education"))
    assert store.companies.get(the.id or 0).article is None
    assert {c.id: c for c in store.contacts.list()}[tanaka.id] == cleared


def test_contact_emails_are_unique_ignoring_case(store: Store) -> None:
    store.contacts.add(Contact(name="Grace", email="grace@acme.com"))
    with pytest.raises(Conflict, match="already belongs"):
        store.contacts.add(Contact(name="Other", email="GRACE@acme.com"))
    store.contacts.add(Contact(name="No email one"))
    store.contacts.add(Contact(name="No email two"))  # empty emails never clash
    assert len(store.contacts.list()) == 3


# every repository ---------------------------------------------------------------------


def test_missing_records_raise_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        store.applications.get(42)
    with pytest.raises(NotFound):
        store.followups.get(2**63)  # beyond SQLite's integers: still just "not found"
    with pytest.raises(NotFound):
        store.applications.add(Application(company_id=99, role="x", created_at=T0))
    _, _, app, _ = seed(store)
    with pytest.raises(NotFound):
        store.interviews.add(
            Interview(
                application_id=app.id or 0,
                end=T0,
                tz="UTC",
                interviewers=(Participant(contact_id=999),),
            )
        )


def test_transactions_are_all_or_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.companies.add(Company(name="Acme"))
        store.companies.add(Company(name="Beta"))
        raise RuntimeError("boom")
    assert store.companies.list() == []
    with store.transaction():
        store.companies.add(Company(name="Acme"))
    assert [c.name for c in store.companies.list()] == ["Acme"]


def test_nested_transactions_join_the_outer_one(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        with store.transaction():
            store.companies.add(Company(name="Inner"))
        assert store.companies.find("Inner") is not None  # seen inside the outer one
        raise RuntimeError("boom")
    assert store.companies.list() == []  # the inner one's write went with the outer one


def test_a_refused_write_leaves_the_transaction_usable(store: Store) -> None:
    with store.transaction():
        store.companies.add(Company(name="Acme"))
        with pytest.raises(Conflict):
            store.companies.add(Company(name="ACME"))
        store.companies.add(Company(name="Beta"))
    assert [c.name for c in store.companies.list()] == ["Acme", "Beta"]


# applications -------------------------------------------------------------------------


def test_applications_filter_by_stage(store: Store) -> None:
    _, _, app, _ = seed(store)
    company_id = app.company_id
    store.applications.add(
        Application(company_id=company_id, role="Other", created_at=T0, stage=Stage.REJECTED)
    )
    assert [a.role for a in store.applications.list([Stage.REJECTED])] == ["Other"]
    assert len(store.applications.list(limit=1)) == 1


def _rows_seed(store: Store) -> None:
    """Three companies, applications at several stages, with and without a decision date."""
    seed(store)
    beta = store.companies.add(Company(name="Beta Ünïcode GmbH"))
    gamma = store.companies.add(Company(name="Gamma"))
    assert beta.id is not None and gamma.id is not None
    for company_id, role, stage, day in [
        (beta.id, "Analyst", Stage.INTERVIEWING, date(2026, 12, 4)),
        (gamma.id, "SRE", Stage.REJECTED, None),
        (beta.id, "Platform Engineer", Stage.OFFER, date(2027, 1, 15)),
        (gamma.id, "Data Scientist", Stage.APPLIED, None),
    ]:
        store.applications.add(
            Application(
                company_id=company_id,
                role=role,
                stage=stage,
                decision_by=day,
                created_at=T0,
                history=(StageChange(stage=Stage.APPLIED, at=T0), StageChange(stage=stage, at=T0)),
            )
        )


@pytest.mark.parametrize(
    "stages",
    [None, [Stage.INTERVIEWING], [Stage.APPLIED, Stage.OFFER], [Stage.WITHDRAWN], []],
)
def test_application_rows_are_the_listing_without_history(
    store: Store, stages: list[Stage] | None
) -> None:
    _rows_seed(store)
    names = {c.id: c.name for c in store.companies.list()}
    expected = [
        ApplicationRow(a.id or 0, a.company_id, names[a.company_id], a.role, a.stage, a.decision_by)
        for a in store.applications.list(stages)
    ]
    rows = store.applications.list_rows(stages)
    assert rows == expected
    assert all(type(r.stage) is Stage for r in rows)  # an enum, as on Application
    if stages is None:
        assert [r.company for r in rows] == ["Acme", *["Beta Ünïcode GmbH", "Gamma"] * 2]


def test_find_by_ids_returns_what_is_stored_and_leaves_out_the_rest(store: Store) -> None:
    _rows_seed(store)
    companies = store.companies.list()
    contacts = store.contacts.list()
    applications = store.applications.list()
    wanted = [companies[2].id or 0, companies[0].id or 0, companies[0].id or 0, 999]
    assert store.companies.find_many(wanted) == {c.id: c for c in (companies[0], companies[2])}
    assert store.contacts.find_many([contacts[0].id or 0, 12345]) == {contacts[0].id: contacts[0]}
    picked = store.applications.find_many(iter([applications[3].id or 0, applications[1].id or 0]))
    assert picked == {a.id: a for a in (applications[1], applications[3])}
    assert picked[applications[3].id or 0].history == applications[3].history
    assert store.companies.find_many([]) == {} and store.applications.find_many([]) == {}
    # More ids than SQLite takes in one statement (it is queried in chunks).
    assert store.applications.find_many(range(1, 2500)) == {a.id: a for a in applications}


# follow-ups and messages ----------------------------------------------------------------


def followup(key: str, hours: int, status: Status = Status.PLANNED, **kw: object) -> FollowUp:
    at = T0 + timedelta(hours=hours)
    return FollowUp(
        key=key,
        kind=Kind.THANK_YOU,
        window=Window(
            earliest=at - timedelta(hours=1), recommended=at, latest=at + timedelta(hours=24)
        ),
        status=status,
        created_at=T0,
        updated_at=T0,
        **kw,
    )  # type: ignore[arg-type]


def test_followups_are_listed_in_due_order_and_keys_are_unique(store: Store) -> None:
    saved = store.followups.save(
        [followup("b", 5), followup("a", 2), followup("c", 9, Status.DONE)]
    )
    assert all(f.id is not None for f in saved)
    due = store.followups.list(statuses=[Status.PLANNED])
    assert [f.key for f in due] == ["a", "b"]
    assert [f.key for f in store.followups.list(due_before=T0 + timedelta(hours=3))] == ["a"]
    with pytest.raises(Conflict):
        store.followups.save([followup("a", 1)])
    changed = store.followups.save([FollowUp(**{**_fields(saved[0]), "status": Status.SKIPPED})])
    assert store.followups.get(changed[0].id or 0).status is Status.SKIPPED


def test_followups_by_key_for_a_whole_run(store: Store) -> None:
    # A whole re-plan reads the notes it would plan again that are not open, by key.
    store.followups.save(
        [followup("open", 5), followup("sent", 2, Status.SENT), followup("gone", 3, Status.DONE)]
    )
    found = store.followups.with_keys(["gone", "open", "new", "sent"])
    assert [(f.key, f.status) for f in found] == [
        ("sent", Status.SENT),
        ("gone", Status.DONE),
        ("open", Status.PLANNED),
    ]
    assert store.followups.with_keys([]) == []
    many = [f"k{n}" for n in range(2000)] + ["gone"]  # past SQLite's variable limit
    assert [f.key for f in store.followups.with_keys(many)] == ["gone"]
    assert found[0] == store.followups.get(found[0].id or 0)


def _fields(f: FollowUp) -> dict[str, object]:
    return {name: getattr(f, name) for name in f.__dataclass_fields__}


def test_messages_deduplicate_by_message_id_and_source(store: Store) -> None:
    _, person, app, _ = seed(store)
    msg = Message(
        contact_id=person.id or 0,
        application_id=app.id,
        direction=Direction.IN,
        at=T0,
        message_id="<r1@acme.com>",
        source="imap:INBOX:7:12",
    )
    store.messages.add(msg)
    with pytest.raises(Conflict):
        store.messages.add(msg)
    assert store.messages.find("<r1@acme.com>") is not None
    assert [m.message_id for m in store.messages.list(contact_id=person.id)] == ["<r1@acme.com>"]


def test_a_message_is_removed_by_its_id_and_only_it(store: Store) -> None:
    _, person, app, _ = seed(store)
    kept, gone = (
        store.messages.add(
            Message(contact_id=person.id or 0, application_id=app.id, direction=Direction.OUT,
                    at=T0, note=note)
        )
        for note in ("kept", "gone")
    )  # fmt: skip
    assert gone.id is not None
    store.messages.remove(gone.id)
    store.messages.remove(gone.id)  # gone already: nothing to do
    assert [m.note for m in store.messages.list(contact_id=person.id)] == ["kept"]
    assert kept.id is not None


def test_every_message_in_record_order(store: Store) -> None:
    # A whole-database read takes them by id; `list` gives them in time order.
    _, person, app, _ = seed(store)
    added = [
        store.messages.add(
            Message(contact_id=person.id or 0, application_id=app.id, direction=Direction.IN,
                    at=T0 - timedelta(hours=n), note=f"n{n}")
        )
        for n in range(3)
    ]  # fmt: skip
    assert store.messages.every() == added
    assert [m.note for m in store.messages.list()] == ["n2", "n1", "n0"]


def test_a_planning_read_keeps_every_field_the_planner_reads(store: Store) -> None:
    # texts=False may leave topics, subjects and Message-IDs out (issue 16), nothing else.
    _, person, app, interview = seed(store)
    store.messages.add(
        Message(contact_id=person.id or 0, application_id=app.id, direction=Direction.IN,
                at=T0, subject="Re: hello", message_id="<m1@acme.com>",
                note="Please do not follow up")
    )  # fmt: skip
    store.interviews.add(
        replace(interview, id=None, round=2, decision_by=T0.date(), coordinator_id=person.id)
    )

    def planned_interview(i: Interview) -> tuple[object, ...]:
        people = [p.contact_id for p in i.interviewers]
        return (i.id, i.application_id, i.round, i.kind, i.start, i.end, i.tz,
                i.coordinator_id, i.decision_by, i.status, people)  # fmt: skip

    def planned_message(m: Message) -> tuple[object, ...]:
        return (m.id, m.contact_id, m.application_id, m.followup_id, m.direction, m.channel,
                m.kind, m.at, m.note)  # fmt: skip

    def planned_contact(c: Contact) -> tuple[object, ...]:
        return (c.id, c.name, c.email, c.company_id, c.tz, c.country, c.role, c.tier,
                c.observes, c.do_not_contact)  # fmt: skip

    store.contacts.add(
        Contact(name="Alan Turing", email="alan@acme.com", title="CTO", tz="Europe/London",
                country="GB", tier=Tier.CLOSE, observes=("christmas",), do_not_contact=True,
                notes="met at PyCon", given_name="Alan", family_name="Turing")
    )  # fmt: skip
    every_contact = store.contacts.list()
    contacts_seen = [planned_contact(c) for c in store.contacts.list(texts=False)]
    assert contacts_seen == [planned_contact(c) for c in every_contact]
    assert every_contact[1].title == "CTO"
    full, lean = store.interviews.list(), store.interviews.list(texts=False)
    assert [planned_interview(i) for i in lean] == [planned_interview(i) for i in full]
    assert len(full) == 2 and full[0].topics == ("ETL",)
    every, view = store.messages.every(), store.messages.every(texts=False)
    assert [planned_message(m) for m in view] == [planned_message(m) for m in every]
    assert view[0].note == "Please do not follow up" and every[0].subject == "Re: hello"


# the unit of work -----------------------------------------------------------------------


def test_a_store_with_only_follow_ups_is_not_empty(store: Store) -> None:
    assert store.is_empty()
    store.followups.save([followup("lonely", 1)])
    assert not store.is_empty()  # an import into it must be refused, not collide


def test_meta_values(store: Store) -> None:
    assert store.get_meta("token") is None
    store.set_meta("token", "a")
    store.set_meta("token", "b")
    assert store.get_meta("token") == "b"


def test_snapshot_restores_into_an_empty_store(store: Store, tmp_path: Path) -> None:
    seed(store)
    store.followups.save([followup("x", 1)])
    snap = store.snapshot()
    other = SqliteStore(tmp_path / "other.db")
    try:
        assert other.is_empty()
        other.restore(snap)
        assert other.snapshot() == snap
    finally:
        other.close()


def test_snapshot_restores_into_the_same_engine_and_refuses_twice(
    store: Store, new_store: Callable[[], Store]
) -> None:
    seed(store)
    store.followups.save([followup("x", 1), followup("y", 2)])
    snap = store.snapshot()
    other = new_store()
    other.restore(snap)
    assert other.snapshot() == snap
    assert [f.key for f in snap.followups] == ["x", "y"]  # id order
    with pytest.raises(Conflict):
        other.restore(snap)  # ids are taken: nothing merges
    assert other.snapshot() == snap


def test_one_transaction_spans_every_repository(store: Store) -> None:
    _, person, app, _ = seed(store)
    before = store.snapshot()
    with pytest.raises(RuntimeError), store.transaction():
        store.companies.add(Company(name="Beta"))
        store.followups.save([followup("z", 3)])
        store.messages.add(Message(contact_id=person.id or 0, direction=Direction.IN, at=T0))
        store.outbox.add(outbox_entry("<o1@x.org>"))
        store.outbox.mark_seen("imap:INBOX:1:1", T0)
        store.news.save_offer(Offer(application_id=app.id or 0, concerns=("pay",), updated_at=T0))
        raise RuntimeError("boom")
    assert store.snapshot() == before
    assert store.outbox.entries() == [] and store.outbox.seen_log() == {}
    assert store.news.list_offers() == []


# outbox and news (their own suites: tests/unit/test_outbox.py, test_news_store.py) --------


def outbox_entry(message_id: str, followup_id: int | None = None) -> OutboxEntry:
    return new_entry(
        message_id=message_id,
        followup_id=followup_id,
        via=Via.SMTP,
        sender="ada@x.org",
        recipients=("grace@acme.com",),
        subject="Thanks",
        raw=b"Subject: Thanks\r\n\r\nHi\r\n",
        now=T0,
    )


def test_the_outbox_claims_each_entry_once_and_keeps_message_ids_unique(store: Store) -> None:
    first = store.outbox.add(outbox_entry("<o1@x.org>"))
    with pytest.raises(Conflict):
        store.outbox.add(outbox_entry("<o1@x.org>"))
    assert store.outbox.find("<o1@x.org>") == first
    claimed = store.outbox.claim(T0 + timedelta(seconds=1))
    assert claimed is not None and claimed.id == first.id and claimed.state is State.SENDING
    assert store.outbox.claim(T0 + timedelta(seconds=1)) is None
    assert store.outbox.get(first.id or 0) == claimed


def test_the_last_submission_is_the_latest_smtp_attempt_but_the_current_one(
    store: Store,
) -> None:
    """The throttle's one read (reliability.md §4): the latest sent or tried SMTP entry,
    never a queued, a claimed-but-current, or a Drafts one."""
    assert store.outbox.last_submission(None) is None
    sent = store.outbox.add(outbox_entry("<s@x.org>"))
    tried = store.outbox.add(outbox_entry("<t@x.org>"))
    draft = store.outbox.add(replace(outbox_entry("<d@x.org>"), via=Via.DRAFTS))
    store.outbox.add(outbox_entry("<q@x.org>"))  # queued, never tried
    at = T0 + timedelta(minutes=1)
    store.outbox.save(replace(sent, state=State.SENT, attempts=1, sent_at=at, updated_at=at))
    assert store.outbox.last_submission(None) == at
    later = T0 + timedelta(minutes=5)
    store.outbox.save(replace(tried, state=State.RETRY, attempts=1, updated_at=later))
    newest = T0 + timedelta(minutes=9)
    store.outbox.save(replace(draft, state=State.SENT, attempts=1, sent_at=newest))
    assert store.outbox.last_submission(None) == later
    assert store.outbox.last_submission(tried.id) == at


names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)
zones = st.sampled_from(["UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"])
moments = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
)


@given(
    name=names,
    notes=st.text(max_size=500),
    at=moments,
    zone=zones,
    topics=st.lists(names, max_size=4),
    decision=st.none() | st.dates(min_value=date(2091, 1, 1)),
)
def test_tricky_fields_survive_sqlite(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    notes: str,
    at: datetime,
    zone: str,
    topics: list[str],
    decision: date | None,
) -> None:
    db = SqliteStore(tmp_path_factory.mktemp("h") / "h.db")
    try:
        company = db.companies.add(Company(name=name, notes=notes, tz=zone))
        app = db.applications.add(
            Application(
                company_id=company.id or 0,
                role=name,
                created_at=at,
                decision_by=decision,
                history=(StageChange(stage=Stage.APPLIED, at=at),),
            )
        )
        interview = db.interviews.add(
            Interview(application_id=app.id or 0, end=at, tz=zone, topics=tuple(topics))
        )
        assert db.companies.get(company.id or 0) == company
        assert db.applications.get(app.id or 0) == app
        got = db.interviews.get(interview.id or 0)
        assert got == interview
        assert got.end.tzinfo is not None and got.end == at
    finally:
        db.close()


def test_sqlite_stores_instants_in_the_one_codec_text(tmp_path: Path) -> None:
    # Existing databases hold this text: a change of width would break their ordering.
    db = SqliteStore(tmp_path / "t.db")
    at = datetime(2026, 11, 24, 15, tzinfo=timezone(timedelta(hours=-5)))
    db.outbox.mark_seen("msgid:<x@y>", at)
    assert db.conn.execute("SELECT seen_at FROM imap_seen").fetchone()[0] == (
        "2026-11-24T20:00:00.000000+00:00"
    )
    assert db.outbox.seen_log() == {"msgid:<x@y>": at}
    applied = db.conn.execute("SELECT applied_at FROM schema_migrations").fetchone()[0]
    assert len(applied) == 25 and applied.endswith("+00:00")  # whole seconds
