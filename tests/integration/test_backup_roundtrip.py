"""Export, import into an empty database, export again: identical (hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.adapters.store.sqlite import SqliteStore
from followup.domain import backup
from followup.domain.records import (
    Application,
    Company,
    Contact,
    Interview,
    InterviewKind,
    Participant,
    Profile,
    Stage,
    StageChange,
)

text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
zones = st.sampled_from(["UTC", "Europe/Berlin", "America/Los_Angeles", "Asia/Kathmandu"])
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2080, 1, 1), timezones=st.just(UTC)
)


@st.composite
def worlds(
    draw: st.DrawFn,
) -> tuple[Profile, list[Company], list[Contact], list[Application], list[Interview]]:
    n = draw(st.integers(1, 4))
    companies = [Company(id=i + 1, name=f"{draw(text)} {i}", tz=draw(zones)) for i in range(n)]
    contacts = [
        Contact(
            id=i + 1, name=draw(text), email=f"p{i}@x{i}.org", company_id=draw(st.integers(1, n))
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
    profile = Profile(name=draw(text), email="ada@example.org", tz=draw(zones), country="GB")
    return profile, companies, contacts, apps, interviews


@given(world=worlds())
def test_round_trip_is_identical(
    tmp_path_factory: pytest.TempPathFactory,
    world: tuple[Profile, list[Company], list[Contact], list[Application], list[Interview]],
) -> None:
    folder = tmp_path_factory.mktemp("rt")
    profile, companies, contacts, apps, interviews = world
    first = SqliteStore(folder / "a.db")
    first.save_profile(profile)
    for c in companies:
        first.add_company(c)
    for p in contacts:
        first.add_contact(p)
    for a in apps:
        first.add_application(a)
    for i in interviews:
        first.add_interview(i)
    exported = backup.to_data(first.snapshot())
    second = SqliteStore(folder / "b.db")
    second.restore(backup.from_data(exported))
    assert backup.to_data(second.snapshot()) == exported
    first.close()
    second.close()
