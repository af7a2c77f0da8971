"""One contract for every Store: the memory twin and SQLite must keep the same promises."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.adapters.store.memory import MemoryStore
from followup.adapters.store.sqlite import SqliteStore
from followup.domain.errors import Conflict, NotFound
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
)
from followup.ports import Store

T0 = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "memory":
        yield MemoryStore()
        return
    sqlite = SqliteStore(tmp_path / "contract.db")
    yield sqlite
    sqlite.close()


def seed(store: Store) -> tuple[Company, Contact, Application, Interview]:
    company = store.add_company(Company(name="Acme", industry="technology", tz="America/New_York"))
    assert company.id is not None
    person = store.add_contact(
        Contact(name="Grace Hopper", email="grace@acme.com", company_id=company.id)
    )
    assert person.id is not None
    app = store.add_application(
        Application(
            company_id=company.id,
            role="Data Engineer",
            created_at=T0,
            history=(StageChange(stage=Stage.APPLIED, at=T0),),
        )
    )
    assert app.id is not None
    interview = store.add_interview(
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
    assert store.get_company(company.id or 0) == company
    assert store.get_contact(person.id or 0) == person
    assert store.get_application(app.id or 0) == app
    assert store.get_interview(interview.id or 0) == interview
    assert store.list_interviews(app.id) == [interview]


def test_profile_is_saved_and_replaced(store: Store) -> None:
    assert store.get_profile() is None
    store.save_profile(Profile(name="Ada", email="ada@x.org", tz="UTC", country="GB"))
    store.save_profile(
        Profile(name="Ada L", email="ada@x.org", tz="UTC", country="GB", skills=("Spark",))
    )
    assert store.get_profile() == Profile(
        name="Ada L", email="ada@x.org", tz="UTC", country="GB", skills=("Spark",)
    )


def test_company_names_are_unique_ignoring_case(store: Store) -> None:
    store.add_company(Company(name="Acme"))
    with pytest.raises(Conflict):
        store.add_company(Company(name="ACME"))
    assert store.find_company("acme") is not None


def test_contact_emails_are_unique_ignoring_case(store: Store) -> None:
    store.add_contact(Contact(name="Grace", email="grace@acme.com"))
    with pytest.raises(Conflict, match="already belongs"):
        store.add_contact(Contact(name="Other", email="GRACE@acme.com"))
    store.add_contact(Contact(name="No email one"))
    store.add_contact(Contact(name="No email two"))  # empty emails never clash
    assert len(store.list_contacts()) == 3


def test_missing_records_raise_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        store.get_application(42)
    with pytest.raises(NotFound):
        store.get_followup(2**63)  # beyond SQLite's integers: still just "not found"
    with pytest.raises(NotFound):
        store.add_application(Application(company_id=99, role="x", created_at=T0))
    _, _, app, _ = seed(store)
    with pytest.raises(NotFound):
        store.add_interview(
            Interview(
                application_id=app.id or 0,
                end=T0,
                tz="UTC",
                interviewers=(Participant(contact_id=999),),
            )
        )


def test_transactions_are_all_or_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.add_company(Company(name="Acme"))
        store.add_company(Company(name="Beta"))
        raise RuntimeError("boom")
    assert store.list_companies() == []
    with store.transaction():
        store.add_company(Company(name="Acme"))
    assert [c.name for c in store.list_companies()] == ["Acme"]


def test_applications_filter_by_stage(store: Store) -> None:
    _, _, app, _ = seed(store)
    company_id = app.company_id
    store.add_application(
        Application(company_id=company_id, role="Other", created_at=T0, stage=Stage.REJECTED)
    )
    assert [a.role for a in store.list_applications([Stage.REJECTED])] == ["Other"]
    assert len(store.list_applications(limit=1)) == 1


def _rows_seed(store: Store) -> None:
    """Three companies, applications at several stages, with and without a decision date."""
    seed(store)
    beta = store.add_company(Company(name="Beta Ünïcode GmbH"))
    gamma = store.add_company(Company(name="Gamma"))
    assert beta.id is not None and gamma.id is not None
    for company_id, role, stage, day in [
        (beta.id, "Analyst", Stage.INTERVIEWING, date(2026, 12, 4)),
        (gamma.id, "SRE", Stage.REJECTED, None),
        (beta.id, "Platform Engineer", Stage.OFFER, date(2027, 1, 15)),
        (gamma.id, "Data Scientist", Stage.APPLIED, None),
    ]:
        store.add_application(
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
    names = {c.id: c.name for c in store.list_companies()}
    expected = [
        ApplicationRow(a.id or 0, a.company_id, names[a.company_id], a.role, a.stage, a.decision_by)
        for a in store.list_applications(stages)
    ]
    rows = store.list_application_rows(stages)
    assert rows == expected
    assert all(type(r.stage) is Stage for r in rows)  # an enum, as on Application
    if stages is None:
        assert [r.company for r in rows] == ["Acme", *["Beta Ünïcode GmbH", "Gamma"] * 2]


def test_find_by_ids_returns_what_is_stored_and_leaves_out_the_rest(store: Store) -> None:
    _rows_seed(store)
    companies = store.list_companies()
    contacts = store.list_contacts()
    applications = store.list_applications()
    wanted = [companies[2].id or 0, companies[0].id or 0, companies[0].id or 0, 999]
    assert store.find_companies(wanted) == {c.id: c for c in (companies[0], companies[2])}
    assert store.find_contacts([contacts[0].id or 0, 12345]) == {contacts[0].id: contacts[0]}
    picked = store.find_applications(iter([applications[3].id or 0, applications[1].id or 0]))
    assert picked == {a.id: a for a in (applications[1], applications[3])}
    assert picked[applications[3].id or 0].history == applications[3].history
    assert store.find_companies([]) == {} and store.find_applications([]) == {}
    # More ids than SQLite takes in one statement (it is queried in chunks).
    assert store.find_applications(range(1, 2500)) == {a.id: a for a in applications}


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
    saved = store.save_followups(
        [followup("b", 5), followup("a", 2), followup("c", 9, Status.DONE)]
    )
    assert all(f.id is not None for f in saved)
    due = store.list_followups(statuses=[Status.PLANNED])
    assert [f.key for f in due] == ["a", "b"]
    assert [f.key for f in store.list_followups(due_before=T0 + timedelta(hours=3))] == ["a"]
    with pytest.raises(Conflict):
        store.save_followups([followup("a", 1)])
    changed = store.save_followups([FollowUp(**{**_fields(saved[0]), "status": Status.SKIPPED})])
    assert store.get_followup(changed[0].id or 0).status is Status.SKIPPED


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
    store.add_message(msg)
    with pytest.raises(Conflict):
        store.add_message(msg)
    assert store.find_message("<r1@acme.com>") is not None
    assert [m.message_id for m in store.list_messages(contact_id=person.id)] == ["<r1@acme.com>"]


def test_a_store_with_only_follow_ups_is_not_empty(store: Store) -> None:
    assert store.is_empty()
    store.save_followups([followup("lonely", 1)])
    assert not store.is_empty()  # an import into it must be refused, not collide


def test_meta_values(store: Store) -> None:
    assert store.get_meta("token") is None
    store.set_meta("token", "a")
    store.set_meta("token", "b")
    assert store.get_meta("token") == "b"


def test_snapshot_restores_into_an_empty_store(store: Store, tmp_path: Path) -> None:
    seed(store)
    store.save_followups([followup("x", 1)])
    snap = store.snapshot()
    other = SqliteStore(tmp_path / "other.db")
    try:
        assert other.is_empty()
        other.restore(snap)
        assert other.snapshot() == snap
    finally:
        other.close()


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
        company = db.add_company(Company(name=name, notes=notes, tz=zone))
        app = db.add_application(
            Application(
                company_id=company.id or 0,
                role=name,
                created_at=at,
                decision_by=decision,
                history=(StageChange(stage=Stage.APPLIED, at=at),),
            )
        )
        interview = db.add_interview(
            Interview(application_id=app.id or 0, end=at, tz=zone, topics=tuple(topics))
        )
        assert db.get_company(company.id or 0) == company
        assert db.get_application(app.id or 0) == app
        got = db.get_interview(interview.id or 0)
        assert got == interview
        assert got.end.tzinfo is not None and got.end == at
    finally:
        db.close()
