"""A whole-database run reads each kind of record a fixed number of times, however many
contacts and applications there are: every per-contact and per-application rule looks
records up in the indexes `Records` builds once, never by scanning them again.

A rule that scans the interviews for every contact, or the messages for every contact
and application (as gratitude once did, NURTURE-005), makes a run over the benchmark's
25,000 contacts and 10,000 applications quadratic or worse. This counts the scans instead
of timing them: performance itself is measured by `python -m benchmarks`.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest

from followup.adapters.calendar.holidays import MemoryHolidays
from followup.adapters.calendar.observances import MemoryObservances
from followup.adapters.store.news import MemoryNews
from followup.domain.network.gratitude import helpers, owed_gratitude
from followup.domain.network.index import Records
from followup.domain.network.policy import NetworkPolicy
from followup.domain.network.standing import review
from followup.domain.records.followups import Channel, Direction, Kind, Message
from followup.domain.records.model import (
    Application,
    Company,
    Contact,
    ContactRole,
    Interview,
    InterviewKind,
    Participant,
    Profile,
    Snapshot,
    Stage,
    StageChange,
    Tier,
)
from followup.domain.timing import planner
from followup.domain.timing.planning import Planning
from followup.domain.timing.policy import DEFAULT, Policies
from followup.services.network import extension
from tests.conftest import deps_of

NOW = datetime(2026, 11, 26, 9, tzinfo=UTC)  # greetings, check-ins and gratitude all due
T = TypeVar("T")


class Counted(tuple[T, ...]):
    """A tuple of records that counts how often it is scanned (iterated or searched)."""

    scans: int

    def __new__(cls, items: tuple[T, ...]) -> Counted[T]:
        made = super().__new__(cls, items)
        made.scans = 0
        return made

    def __iter__(self) -> Iterator[T]:
        self.scans += 1
        return super().__iter__()

    def __contains__(self, item: object) -> bool:
        self.scans += 1
        return super().__contains__(item)


def generated(companies: int, seed: int = 7) -> Snapshot:
    """A candidate's records: per company 3 applications (offers, rejections, open ones),
    interviews with interviewers and a coordinator, referrers, references, and messages
    both ways, some filed under an application."""
    rnd = random.Random(seed)
    zones = [("America/New_York", "US"), ("Europe/Berlin", "DE"), ("Asia/Tokyo", "JP")]
    comps: list[Company] = []
    contacts: list[Contact] = []
    apps: list[Application] = []
    interviews: list[Interview] = []
    messages: list[Message] = []
    roles = [ContactRole.INTERVIEWER, ContactRole.RECRUITER, ContactRole.COORDINATOR]
    tiers = [None, None, Tier.CLOSE, Tier.REGULAR, Tier.LIGHT]
    for c in range(1, companies + 1):
        tz, country = zones[c % len(zones)]
        comps.append(Company(id=c, name=f"Company {c}", tz=tz, country=country))
        staff = []
        for k in range(5):
            cid = len(contacts) + 1
            role = roles[k % 3] if k < 3 else (ContactRole.REFERRER, ContactRole.REFERENCE)[k - 3]
            contacts.append(
                Contact(
                    id=cid,
                    name=f"Person {cid}",
                    email=f"p{cid}@c{c}.example",
                    company_id=c,
                    role=role,
                    tier=rnd.choice(tiers),
                    observes=("Diwali",) if cid % 7 == 0 else (),
                )
            )
            staff.append(cid)
        for k, stage in enumerate((Stage.OFFER, Stage.REJECTED, Stage.INTERVIEWING)):
            aid = len(apps) + 1
            # The open process is recent, so its thank-yous are still planned.
            start = NOW - timedelta(days=10 if k == 2 else rnd.randint(20, 400))
            history = [StageChange(stage=Stage.APPLIED, at=start)]
            if stage is not Stage.INTERVIEWING:
                history.append(StageChange(stage=stage, at=start + timedelta(days=15 + k)))
            apps.append(
                Application(
                    id=aid,
                    company_id=c,
                    role="Engineer",
                    stage=stage,
                    history=tuple(history),
                    created_at=start,
                )
            )
            interviews.append(
                Interview(
                    id=aid,
                    application_id=aid,
                    kind=InterviewKind.INFORMATIONAL if k == 2 else InterviewKind.VIDEO,
                    end=start + timedelta(days=7, hours=rnd.randint(0, 8)),
                    tz=tz,
                    interviewers=(Participant(contact_id=staff[0]),),
                    coordinator_id=staff[2],
                )
            )
            for cid in (staff[0], staff[1], staff[3], staff[4]):
                sent = start + timedelta(days=rnd.randint(1, 20))
                messages.append(
                    Message(
                        contact_id=cid,
                        application_id=aid if rnd.random() < 0.5 else None,
                        direction=rnd.choice((Direction.IN, Direction.OUT)),
                        channel=rnd.choice((Channel.EMAIL, Channel.EMAIL, Channel.MEETING)),
                        kind=rnd.choice((None, Kind.CHECK_IN, Kind.GRATITUDE, Kind.STATUS_CHECK)),
                        at=sent,
                    )
                )
    return Snapshot(
        profile=Profile(name="Ada", email="ada@example.org", tz="Europe/London", country="GB"),
        companies=tuple(comps),
        contacts=Counted(tuple(contacts)),
        applications=Counted(tuple(apps)),
        interviews=Counted(tuple(interviews)),
        messages=Counted(tuple(messages)),
    )


def whole_run(snapshot: Snapshot) -> dict[str, Any]:
    """Everything a whole-database re-plan and `followup network` compute; the scans and
    the size of what came out."""
    policies = Policies(DEFAULT)
    holidays = MemoryHolidays()
    settings = NetworkPolicy()
    deps = deps_of(
        news=MemoryNews(), observances=MemoryObservances(), policies=policies, holidays=holidays
    )
    ext = extension(deps, snapshot, NOW)
    derived = planner.plan(
        snapshot,
        policies,
        NOW,
        holidays,
        application_rules=(*planner.APPLICATION_RULES, *ext.application_rules),
        contact_rules=ext.contact_rules,
    )
    spaced, deferred = ext.adjust(derived)
    records = Records.of(snapshot)
    standings = review(records, Planning(snapshot, policies, NOW, holidays), settings)
    owed = [o for c in records.contacts for o in owed_gratitude(c, records, NOW)]
    helped = [helpers(a, records) for a in records.applications[:3]]
    scans = {
        name: getattr(snapshot, name).scans
        for name in ("contacts", "applications", "interviews", "messages")
    }
    kinds = {f.kind for f in derived.followups}
    return {
        "scans": scans,
        "kinds": kinds,
        "owed": len(owed),
        "due": sum(1 for s in standings if s.next_due is not None),
        "helpers": sum(map(len, helped)),
        "spaced": len(spaced.followups),
        "deferred": len(deferred),
    }


@pytest.fixture(scope="module")
def runs() -> tuple[dict[str, Any], dict[str, Any]]:
    return whole_run(generated(8)), whole_run(generated(40))


def test_the_run_plans_every_long_run_kind(runs: tuple[dict[str, Any], ...]) -> None:
    """The data exercises the rules whose scans are counted below."""
    small, large = runs
    for run in runs:
        assert {Kind.GRATITUDE, Kind.CHECK_IN, Kind.HOLIDAY, Kind.THANK_YOU} <= run["kinds"]
        assert run["owed"] > 0 and run["due"] > 0 and run["helpers"] > 0
        assert run["spaced"] > 0 and run["deferred"] > 0  # one cadence had work to do
    assert large["owed"] > 4 * small["owed"]  # references hear of every offer (NURTURE-005)


def test_records_are_scanned_a_fixed_number_of_times_whatever_their_number(
    runs: tuple[dict[str, Any], ...],
) -> None:
    small, large = runs
    assert small["scans"] == large["scans"]  # 5 times the records, not one scan more
    assert all(n <= 20 for n in large["scans"].values()), large["scans"]
