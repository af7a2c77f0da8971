"""Whole-database runs: the agenda re-plans everything when the last full run is over 12
hours old (check-ins and greetings come due with time), and otherwise not at all; a run
pauses the cyclic garbage collector and gives it back as it found it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from followup.adapters.calendar.holidays import MemoryHolidays
from followup.adapters.calendar.observances import MemoryObservances
from followup.adapters.clock import FixedClock
from followup.adapters.store.memory import MemoryStore
from followup.adapters.store.news import MemoryNews
from followup.bootstrap import build
from followup.domain.records.followups import Kind, Status
from followup.domain.records.model import (
    Application,
    Company,
    Contact,
    Interview,
    Participant,
    Profile,
    Stage,
    StageChange,
    Tier,
)
from followup.domain.records.stamps import to_text
from followup.domain.timing.policy import DEFAULT as DEFAULT_POLICY
from followup.domain.timing.policy import Policies
from followup.services import network, timing
from followup.services.timing import planning
from tests.conftest import deps_of

NOW = datetime(2026, 6, 2, 12, tzinfo=UTC)


def test_stale_until_planned_then_for_twelve_hours_fresh() -> None:
    store = MemoryStore()
    deps = deps_of(store=store)
    assert planning.stale(deps, NOW)  # never planned
    # The mark as versions before the one codec wrote it (no fixed width): still read.
    store.set_meta(planning.PLANNED_AT, NOW.isoformat())
    assert not planning.stale(deps, NOW)
    assert not planning.stale(deps, NOW + timedelta(hours=11, minutes=59))
    assert planning.stale(deps, NOW + planning.REFRESH_AFTER)
    assert planning.stale(deps, NOW - timedelta(minutes=1))  # the clock went back
    assert not planning.stale(deps, NOW + timedelta(hours=2), max_age=timedelta(hours=3))


def test_refresh_replans_only_a_stale_database() -> None:
    store = MemoryStore()
    clock = FixedClock(NOW)
    app = build(
        store=store,
        clock=clock,
        holidays=MemoryHolidays(),
        observances=MemoryObservances(),
    )
    timing.refresh(app)
    planned = "2026-06-02T12:00:00.000000+00:00"  # the stores' fixed-width UTC text
    assert store.get_meta(planning.PLANNED_AT) == planned
    clock.advance(timedelta(hours=6))
    timing.refresh(app)
    assert store.get_meta(planning.PLANNED_AT) == planned  # fresh: left alone
    clock.advance(timedelta(hours=7))
    timing.refresh(app)
    assert store.get_meta(planning.PLANNED_AT) == to_text(clock.now())


class WatchedHolidays(MemoryHolidays):
    """The in-memory twin, noting whether the collector ran while the planner asked it."""

    def __init__(self) -> None:
        super().__init__()
        self.collector: list[bool] = []

    def holiday(self, country: str, day: date) -> str | None:
        self.collector.append(gc.isenabled())
        return super().holiday(country, day)


@pytest.fixture
def restore_collector() -> Iterator[None]:
    was = gc.isenabled()
    yield
    if was:
        gc.enable()


def planned_store() -> MemoryStore:
    store = MemoryStore()
    store.profile.save(
        Profile(name="Ada", email="ada@example.org", tz="Europe/London", country="GB")
    )
    store.companies.add(Company(name="Acme", tz="America/New_York", country="US"))
    store.contacts.add(Contact(name="Grace", company_id=1, tier=Tier.CLOSE))
    applied = NOW - timedelta(days=20)
    store.applications.add(
        Application(
            company_id=1,
            role="Engineer",
            stage=Stage.INTERVIEWING,
            history=(StageChange(stage=Stage.INTERVIEWING, at=applied),),
            created_at=applied,
        )
    )
    store.interviews.add(
        Interview(
            application_id=1,
            end=NOW - timedelta(days=1),
            tz="America/New_York",
            interviewers=(Participant(contact_id=1),),
        )
    )
    return store


@pytest.mark.parametrize("enabled", [True, False])
def test_a_whole_run_pauses_the_collector_and_restores_it(
    restore_collector: None, enabled: bool
) -> None:
    (gc.enable if enabled else gc.disable)()
    holidays = WatchedHolidays()
    store = planned_store()
    deps = deps_of(
        store=store,
        news=MemoryNews(),
        observances=MemoryObservances(),
        policies=Policies(DEFAULT_POLICY),
        holidays=holidays,
    )
    run = network.replan(deps, NOW)
    assert run.replanned.created >= 1  # the thank-you was planned
    assert holidays.collector and not any(holidays.collector)  # paused throughout
    assert gc.isenabled() is enabled


def test_a_whole_run_leaves_a_long_past_open_note_as_it_is() -> None:
    """A thank-you left open for months is too old to plan again: a whole run leaves it
    as one application's run does (`Plan.kept`), instead of cancelling it as "no longer
    due" behind the user's back. The network's steps used to drop that mark."""
    store = planned_store()
    app = build(
        store=store,
        clock=FixedClock(NOW),
        holidays=MemoryHolidays(),
        observances=MemoryObservances(),
    )
    network.replan(app, NOW)
    (thanks,) = [f for f in store.followups.list() if f.kind is Kind.THANK_YOU]
    assert thanks.status is Status.PLANNED and thanks.id is not None
    network.replan(app, NOW + timedelta(days=120))
    assert store.followups.get(thanks.id) == thanks
