"""The attention budget over a simulated year (issue 16), time moved with time-machine: one
candidate, 60 applications, 150 contacts (a network with tiers, referrers, interviewers,
and names from a tracker who never wrote back). Every day the network re-plans and the
candidate sends whatever is due. Then: no week and no day over the budget, every note
the budget deferred came back, nothing was born overdue, one-way contacts got nothing.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from followup.adapters.calendar.holidays import PackageHolidays
from followup.adapters.calendar.observances import PackageObservances
from followup.adapters.clock import SystemClock
from followup.adapters.store.sqlite import SqliteStore
from followup.bootstrap import build
from followup.domain.network import budget
from followup.domain.network.policy import NetworkPolicy
from followup.domain.records.followups import Direction, Kind, Message, Status
from followup.domain.records.model import (
    Company,
    Contact,
    ContactRole,
    Interview,
    Participant,
    Profile,
    Tier,
)
from followup.domain.timing.policy import DEFAULT, Policies
from followup.services import network as network_service
from followup.services.records import applications
from followup.settings import Settings

START = date(2026, 1, 5)
END = date(2027, 1, 31)
SEND_AT = time(14, 0)
HOME = ZoneInfo("Europe/London")
NURTURE = frozenset({Kind.CHECK_IN, Kind.HOLIDAY, Kind.NEWS_NOTE, Kind.GRATITUDE})
SETTINGS = NetworkPolicy()
COMPANIES = [
    (f"Company {n}", country, tz)
    for n, (country, tz) in enumerate(
        [
            ("US", "America/New_York"),
            ("GB", "Europe/London"),
            ("DE", "Europe/Berlin"),
            ("FR", "Europe/Paris"),
            ("CA", "America/Toronto"),
        ]
        * 2
    )
]


class World:
    """The candidate's records and one simulated day."""

    def __init__(self, path: Path) -> None:
        self.store = SqliteStore(path)
        self.clock = SystemClock()
        home = path.parent
        self.deps = build(
            Settings(home=home, database=path, config_path=home / "config.toml"),
            store=self.store,
            news=self.store.news,
            clock=self.clock,
            holidays=PackageHolidays(),
            observances=PackageObservances(),
            policies=Policies(DEFAULT),
        )
        self.store.profile.save(
            Profile(name="Ada Lovelace", email="ada@example.org", tz="Europe/London", country="GB")
        )
        self.companies = [
            self.store.companies.add(Company(name=name, country=country, tz=tz))
            for name, country, tz in COMPANIES
        ]
        self.repliers: set[int] = set()
        self.one_way: set[int] = set()
        self.staff: dict[int, list[int]] = defaultdict(list)  # company index -> interviewers
        self.pending: list[tuple[datetime, int]] = []
        self.deferred: dict[tuple[int, Kind], date] = {}  # first day the budget held it back
        self.born_overdue: list[str] = []
        self.apps: list[int] = []
        n = 0

        def add(role: ContactRole, company: int | None, tier: Tier | None) -> int:
            nonlocal n
            n += 1
            country, tz = COMPANIES[company][1:] if company is not None else ("GB", "Europe/London")
            c = self.store.contacts.add(
                Contact(
                    name=f"Person {n}",
                    email=f"p{n}@example.org",
                    company_id=self.companies[company].id if company is not None else None,
                    role=role,
                    tier=tier,
                    country=country,
                    tz=tz,
                )
            )
            assert c.id is not None
            return c.id

        tiers = [Tier.CLOSE] * 6 + [Tier.REGULAR] * 14 + [Tier.LIGHT] * 10
        for k, tier in enumerate(tiers):  # 30: the network, met last autumn
            cid = add(ContactRole.OTHER, k % 10, tier)
            self.repliers.add(cid)
            self.message(cid, Direction.IN, datetime(2025, 10, 1, 12, tzinfo=UTC) + timedelta(k))
        for k in range(10):  # 10 referrers, who answer
            cid = add(ContactRole.REFERRER, k, None)
            self.repliers.add(cid)
            self.message(cid, Direction.IN, datetime(2025, 11, 1, 12, tzinfo=UTC) + timedelta(k))
        for k in range(40):  # 40 interviewers and recruiters; two in three answer
            cid = add(ContactRole.INTERVIEWER if k % 2 else ContactRole.RECRUITER, k % 10, None)
            self.staff[k % 10].append(cid)
            if k % 3:
                self.repliers.add(cid)
        for k in range(70):  # 70 names from a tracker's Contact column: never a word back
            self.one_way.add(add(ContactRole.RECRUITER, k % 10, None))
        assert n == 150

    def message(
        self, cid: int, direction: Direction, at: datetime, kind: Kind | None = None
    ) -> None:
        self.store.messages.add(Message(contact_id=cid, direction=direction, at=at, kind=kind))

    def events(self, day: date, index: int) -> None:
        """An application every 6 days (60 in all), its interview a week later and its
        outcome three weeks after that: mostly rejections, every fifth an offer."""
        now = self.clock.now()
        if index % 6 == 0 and len(self.apps) < 60:
            k = len(self.apps)
            app = applications.add(
                self.deps,
                applications.NewApplication(
                    company=COMPANIES[k % 10][0], role=f"Engineer {k}", stage="interviewing"
                ),
            )
            assert app.id is not None
            self.apps.append(app.id)
        for k, app_id in enumerate(self.apps):
            opened = 6 * k
            if index == opened + 7:
                people = self.staff[k % 10][(k // 10) % 4 : (k // 10) % 4 + 2]
                self.store.interviews.add(
                    Interview(
                        application_id=app_id,
                        start=now - timedelta(hours=1),
                        end=now,
                        tz="UTC",
                        interviewers=tuple(Participant(contact_id=p) for p in people),
                    )
                )
            if index == opened + 28:
                stage = "offer" if k % 5 == 4 else "rejected"
                applications.move(self.deps, app_id, stage)
            if index == opened + 35 and k % 5 == 4:
                applications.move(self.deps, app_id, "withdrawn")

    def day(self, day: date, index: int) -> None:
        now = self.clock.now()
        self.events(day, index)
        for at, cid in [r for r in self.pending if r[0] <= now]:
            self.message(cid, Direction.IN, at)
            self.pending.remove((at, cid))
        run = network_service.replan(self.deps, now)
        for d in budget.waiting(run.deferred):
            assert d.followup.contact_id is not None
            self.deferred.setdefault((d.followup.contact_id, d.followup.kind), day)
        for f in self.store.followups.list():
            if f.kind in NURTURE and f.created_at == now and f.window.earliest < now:
                self.born_overdue.append(f"{f.key} {f.window}")
        due = [
            f
            for f in self.store.followups.list(statuses=(Status.PLANNED,))
            if f.window.recommended <= now and (f.snoozed_until is None or f.snoozed_until <= now)
        ]
        for f in sorted(due, key=lambda f: f.window.recommended):
            self.store.followups.save([dataclasses.replace(f, status=Status.DONE, updated_at=now)])
            if f.contact_id is None:
                continue
            self.store.messages.add(
                Message(
                    contact_id=f.contact_id,
                    direction=Direction.OUT,
                    at=now,
                    kind=f.kind,
                    application_id=f.application_id,
                    followup_id=f.id,
                )
            )
            if f.contact_id in self.repliers and f.kind not in (Kind.THANK_YOU, Kind.HOLIDAY):
                self.pending.append((now + timedelta(days=2), f.contact_id))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    path = tmp_path_factory.mktemp("attention") / "followup.db"
    with time_machine.travel(datetime.combine(START, SEND_AT, tzinfo=UTC), tick=False) as t:
        w = World(path)
        day, index = START, 0
        while day <= END:
            t.move_to(datetime.combine(day, SEND_AT, tzinfo=UTC))
            w.day(day, index)
            day += timedelta(days=1)
            index += 1
        yield w
    w.store.close()


def nurture_sent(world: World) -> list[Message]:
    return [
        m for m in world.store.messages.list() if m.direction is Direction.OUT and m.kind in NURTURE
    ]


def test_the_year_was_busy_enough_to_need_a_budget(world: World) -> None:
    assert len(world.apps) == 60
    assert len(nurture_sent(world)) > 100
    assert world.deferred, "the budget never had to defer anything: the test proves nothing"


def test_no_week_and_no_day_over_the_budget(world: World) -> None:
    days = Counter(m.at.astimezone(HOME).date() for m in nurture_sent(world))
    weeks = Counter(d - timedelta(days=d.weekday()) for d in days.elements())
    assert max(days.values()) <= SETTINGS.per_day, days.most_common(3)
    assert max(weeks.values()) <= SETTINGS.per_week, weeks.most_common(3)


def test_every_deferred_note_comes_back(world: World) -> None:
    """A note the budget held back reaches its person later: itself, or another note that
    is the touch (one cadence); a greeting may instead have seen its window close."""
    later: dict[int, list[datetime]] = defaultdict(list)
    for m in nurture_sent(world):
        later[m.contact_id].append(m.at)
    lost = []
    for (cid, kind), since in world.deferred.items():
        if any(at.date() >= since for at in later[cid]):
            continue
        if kind in (Kind.HOLIDAY, Kind.NEWS_NOTE):
            continue  # time-bound: ranked below others until its window closed
        if since > END - timedelta(weeks=SETTINGS.spread_weeks):
            continue  # still waiting when the year ended
        lost.append((cid, kind, since))
    assert not lost


def test_nothing_is_born_overdue(world: World) -> None:
    assert world.born_overdue == []


def test_one_way_contacts_get_nothing(world: World) -> None:
    touched = {m.contact_id for m in nurture_sent(world)}
    assert not touched & world.one_way
    # Interviewers met in an interview, a two-way exchange, but who never answer a note:
    # after `cooling_after` unanswered check-ins they get no more (NURTURE-003, CAD-001).
    silent = {c for people in world.staff.values() for c in people} - world.repliers
    check_ins = Counter(m.contact_id for m in nurture_sent(world) if m.kind is Kind.CHECK_IN)
    assert all(check_ins[c] <= SETTINGS.cooling_after for c in silent), check_ins
