"""Imports are calm (issue 16): a 200-row tracker plans only the process follow-ups its
records need, says so, shows the same plan on --dry-run, and no nurture at all, not even
after the whole-database re-plan (a name in a Contact column is not a relationship)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from followup.adapters.calendar.holidays import MemoryHolidays
from followup.adapters.calendar.observances import MemoryObservances
from followup.adapters.clock import FixedClock
from followup.adapters.store.sqlite import SqliteStore
from followup.adapters.tracker.csv import CsvTracker
from followup.bootstrap import App, build
from followup.domain.records.followups import Kind
from followup.domain.records.model import Profile
from followup.domain.timing.policy import DEFAULT, Policies
from followup.services import network as network_service
from followup.services.imports import tracker as importing
from followup.services.timing.planning import OPEN
from followup.settings import Settings

NOW = datetime(2026, 6, 2, 9, 0, tzinfo=UTC)
NURTURE = {Kind.CHECK_IN, Kind.HOLIDAY, Kind.GRATITUDE, Kind.NEWS_NOTE}
STATUSES = ("Applied", "Interviewing", "Rejected", "Offer", "Ghosted", "Withdrawn")


def tracker_csv(rows: int) -> str:
    lines = ["Company,Job Title,Status,Date Applied,Contact"]
    for n in range(rows):
        applied = date(2026, 6, 1) - timedelta(days=2 * n)
        status = STATUSES[n % len(STATUSES)]
        lines.append(
            f"Company {n},Engineer {n},{status},{applied:%Y-%m-%d},"
            f'"Person {n} <person{n}@company{n}.example>"'
        )
    return "\r\n".join(lines) + "\r\n"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    found = SqliteStore(tmp_path / "followup.db")
    found.profile.save(
        Profile(name="Ada Lovelace", email="ada@example.org", tz="Europe/London", country="GB")
    )
    yield found
    found.close()


def deps_at(tmp_path: Path, store: SqliteStore, now: datetime) -> App:
    return build(
        Settings(home=tmp_path, database=tmp_path / "followup.db", config_path=tmp_path / "x"),
        store=store,
        news=store.news,
        clock=FixedClock(now),
        tracker=CsvTracker(),
        holidays=MemoryHolidays(),
        observances=MemoryObservances(),
        policies=Policies(DEFAULT),
    )


def test_a_200_row_tracker_plans_no_nurture(tmp_path: Path, store: SqliteStore) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(tracker_csv(200), encoding="utf-8")
    deps = deps_at(tmp_path, store, NOW)

    def run(dry_run: bool) -> importing.CsvReport:
        return importing.import_csv(deps, path, dry_run=dry_run)

    dry = run(dry_run=True)
    assert dry.dry_run and dry.count("add") == 200
    assert store.applications.list() == [] and store.followups.list() == []  # nothing written
    done = run(dry_run=False)
    assert done.count("add") == 200 and len(store.contacts.list()) == 200
    # The summary holds what was planned, and the dry run showed the same plan.
    assert Counter(f.kind for f in dry.planned) == Counter(f.kind for f in done.planned)
    assert not NURTURE & {f.kind for f in done.planned}
    stored = store.followups.list(statuses=OPEN)
    assert sorted(f.key for f in stored) == sorted(f.key for f in done.planned)
    assert all(f.window.latest >= NOW for f in stored)  # nothing born overdue
    # The whole-database run (the agenda refreshes with it) adds no nurture either.
    network_service.replan(deps, NOW)
    later = network_service.replan(
        deps_at(tmp_path, store, NOW + timedelta(days=120)), NOW + timedelta(days=120)
    )
    assert later is not None
    open_kinds = {f.kind for f in store.followups.list(statuses=OPEN)}
    assert not NURTURE & open_kinds, open_kinds
