"""The attention budget (issue 16): nurture notes are ranked by value and spread over the
weeks, at most `per_week` a week and `per_day` a day, and none is born overdue."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from followup.adapters.calendar.holidays import MemoryHolidays
from followup.domain.errors import ValidationError
from followup.domain.network import budget
from followup.domain.network.budget import Worth, rank_key, ration
from followup.domain.network.index import Records
from followup.domain.network.policy import NetworkPolicy
from followup.domain.network.standing import review
from followup.domain.records.followups import Direction, FollowUp, Kind, Message, Window
from followup.domain.records.model import (
    Application,
    Company,
    Contact,
    ContactRole,
    Profile,
    Snapshot,
    Stage,
    StageChange,
    Tier,
)
from followup.domain.timing.planning import Plan, Planning
from followup.domain.timing.policy import DEFAULT, Policies

NOW = datetime(2026, 6, 2, 9, tzinfo=UTC)  # a Tuesday
SETTINGS = NetworkPolicy()


def note(n: int, kind: Kind = Kind.CHECK_IN, *, days: float = 0, open_days: int = 14) -> FollowUp:
    at = NOW + timedelta(days=days)
    return FollowUp(
        key=f"{kind}/c{n}",
        kind=kind,
        contact_id=n,
        window=Window(earliest=at, recommended=at, latest=at + timedelta(days=open_days)),
        reason="Why.",
        created_at=NOW,
        updated_at=NOW,
    )


def test_value_ranks_helpers_time_bound_tier_two_way_and_recency() -> None:
    recent, older = NOW - timedelta(days=10), NOW - timedelta(days=200)
    notes = {
        "helper": (note(1, Kind.GRATITUDE), Worth(helper=True, tier=Tier.LIGHT)),
        "greeting": (note(2, Kind.HOLIDAY), Worth(tier=Tier.LIGHT, last_exchange=older)),
        "close": (note(3), Worth(tier=Tier.CLOSE, last_exchange=older)),
        "regular recent": (note(4), Worth(tier=Tier.REGULAR, last_exchange=recent)),
        "regular older": (note(5), Worth(tier=Tier.REGULAR, last_exchange=older)),
        "regular one-way": (note(6), Worth(tier=Tier.REGULAR)),
        "light": (note(7), Worth(tier=Tier.LIGHT, last_exchange=recent)),
    }
    order = sorted(notes, key=lambda k: rank_key(*notes[k]))
    assert order == list(notes)
    shown = (note(8), Worth(tier=Tier.LIGHT, shown=True))
    assert rank_key(*shown) < rank_key(*notes["helper"])  # what the agenda shows stays put
    # A check-in that has waited longer than the spread goes before the other check-ins
    # (so every one comes back), after helpers and time-bound notes.
    waited = (note(9), Worth(tier=Tier.LIGHT, waited=True))
    assert rank_key(*notes["greeting"]) < rank_key(*waited) < rank_key(*notes["close"])


def test_the_rest_spreads_over_the_following_weeks_within_the_budget() -> None:
    notes = [note(n) for n in range(1, 25)]  # 24 check-ins due at once (the tracker import)
    worth = {
        f.key: Worth(tier=Tier.REGULAR, last_exchange=NOW - timedelta(days=n))
        for n, f in enumerate(notes)
    }
    out = ration(notes, worth, now=NOW, zone=UTC, settings=SETTINGS)
    assert len(out.kept) == 24 and not out.deferred
    days = Counter(f.window.recommended.date() for f in out.kept)
    weeks = Counter(d - timedelta(days=d.weekday()) for d in days.elements())
    assert max(days.values()) <= 2 and max(weeks.values()) <= 5
    assert all(d.weekday() < 5 for d in days)
    assert len(weeks) == 5  # this week (Tue-Fri) and the four after it
    this_week = [f for f in out.kept if f.window.recommended.date() < date(2026, 6, 8)]
    # The most valuable (the most recent exchange) go first, and say what waits.
    assert {f.contact_id for f in this_week} == {1, 2, 3, 4, 5}
    assert all("Chosen #" in f.reason and "19 more check-ins wait" in f.reason for f in this_week)
    later = [f for f in out.kept if f not in this_week]
    assert all("moved to the week of" in f.reason for f in later)


def test_beyond_the_spread_a_note_waits_and_says_it_comes_back() -> None:
    notes = [note(n) for n in range(1, 8)]
    tight = NetworkPolicy(per_week=2, per_day=1, spread_weeks=2)
    out = ration(notes, {}, now=NOW, zone=UTC, settings=tight)
    assert len(out.kept) == 4 and len(out.deferred) == 3
    assert all("comes back" in d.reason for d in out.deferred)


def test_time_bound_notes_stay_inside_their_window() -> None:
    greetings = [note(n, Kind.HOLIDAY, open_days=1) for n in range(1, 6)]
    out = ration(greetings, {}, now=NOW, zone=UTC, settings=SETTINGS)
    assert all(f.window.recommended <= f.window.latest for f in out.kept)
    assert len(out.kept) == 4  # two on Tuesday, two on Wednesday: then the window closes
    assert len(out.deferred) == 1 and "left out" in out.deferred[0].reason


def test_nothing_is_born_overdue() -> None:
    late = note(1, days=-30)  # its window closed two weeks ago
    out = ration([late], {}, now=NOW, zone=UTC, settings=SETTINGS)
    (kept,) = out.kept
    assert kept.window.earliest >= NOW and kept.window.recommended >= NOW
    assert kept.window.latest >= kept.window.recommended
    shown = ration([late], {late.key: Worth(shown=True)}, now=NOW, zone=UTC, settings=SETTINGS)
    assert shown.kept[0].window == late.window  # already on the agenda: the user let it pass


def test_notes_already_sent_this_week_count() -> None:
    sent = [NOW - timedelta(hours=h) for h in (1, 2, 20)]  # Tuesday x2, Monday
    out = ration([note(n) for n in (1, 2, 3)], {}, now=NOW, zone=UTC, settings=SETTINGS, spent=sent)
    days = sorted(f.window.recommended.date() for f in out.kept)
    assert days == [date(2026, 6, 3), date(2026, 6, 3), date(2026, 6, 8)]  # 5 this week


def test_budget_settings_are_read_and_checked() -> None:
    p = NetworkPolicy.from_config(
        {"network": {"per_week": 3, "per_day": 1, "cool_after_months": 6}}
    )
    assert (p.per_week, p.per_day, p.cool_after.days) == (3, 1, 183)
    with pytest.raises(ValidationError, match="per_week"):
        NetworkPolicy.from_config({"network": {"per_week": 1, "per_day": 2}})


# -- relationships are earned ------------------------------------------------------------

ACME = Company(id=1, name="Acme", country="US", tz="America/New_York")


def _snap(contacts: list[Contact], messages: list[Message]) -> Snapshot:
    ended = NOW - timedelta(days=60)
    application = Application(
        id=1,
        company_id=1,
        role="Engineer",
        stage=Stage.REJECTED,
        history=(StageChange(stage=Stage.REJECTED, at=ended),),
        created_at=ended,
    )
    return Snapshot(
        profile=Profile(name="Ada", email="ada@example.org", tz="Europe/London", country="GB"),
        companies=(ACME,),
        contacts=tuple(contacts),
        applications=(application,),
        messages=tuple(messages),
    )


def _contact(cid: int, tier: Tier | None = None) -> Contact:
    return Contact(id=cid, name=f"P{cid}", company_id=1, role=ContactRole.RECRUITER, tier=tier)


def test_a_name_without_an_exchange_is_not_a_relationship() -> None:
    one_way, replied, chosen = _contact(1), _contact(2), _contact(3, Tier.LIGHT)
    reply = Message(contact_id=2, direction=Direction.IN, at=NOW - timedelta(days=70))
    snap = _snap([one_way, replied, chosen], [reply])
    planning = Planning(snap, Policies(DEFAULT), NOW, MemoryHolidays())
    s = {x.contact_id: x for x in review(Records.of(snap), planning, SETTINGS)}
    assert s[1].tier is None and s[1].next_due is None and "no two-way" in s[1].tier_reason
    assert s[2].tier is Tier.REGULAR  # they wrote back: the process made a relationship
    assert s[3].tier is Tier.LIGHT and s[3].next_due is not None  # the user's word counts


@pytest.mark.parametrize(("tier", "due"), [(Tier.REGULAR, False), (Tier.CLOSE, True)])
def test_relationships_cool_after_months_without_an_exchange(tier: Tier, due: bool) -> None:
    reply = Message(contact_id=1, direction=Direction.IN, at=NOW - timedelta(days=600))
    snap = _snap([_contact(1, tier)], [reply])
    planning = Planning(snap, Policies(DEFAULT), NOW, MemoryHolidays())
    (s,) = review(Records.of(snap), planning, SETTINGS)
    assert (s.next_due is not None) is due
    if not due:
        assert "out of the check-in rotation after 18 months" in s.due_reason


def test_apply_leaves_process_followups_alone() -> None:
    snap = _snap([_contact(n, Tier.REGULAR) for n in range(1, 12)], [])
    planning = Planning(snap, Policies(DEFAULT), NOW, MemoryHolidays())
    status = FollowUp(
        key="status/a1",
        kind=Kind.STATUS_CHECK,
        application_id=1,
        window=Window(earliest=NOW, recommended=NOW, latest=NOW + timedelta(days=2)),
        created_at=NOW,
        updated_at=NOW,
    )
    checks = [note(n) for n in range(1, 12)]
    plan, waiting = budget.apply(
        Plan([status, *checks]), planning, Records.of(snap), SETTINGS, stored=()
    )
    assert status in plan.followups  # never crowded out, never moved
    nurture = [f for f in plan.followups if f.kind is Kind.CHECK_IN]
    per_week = Counter(
        f.window.recommended.date() - timedelta(days=f.window.recommended.weekday())
        for f in nurture
    )
    assert max(per_week.values()) <= 5 and len(nurture) + len(waiting) == 11


def test_the_shortlist_cuts_what_could_never_fit_before_spacing() -> None:
    contacts = [_contact(n, Tier.CLOSE if n <= 3 else Tier.LIGHT) for n in range(1, 21)]
    snap = _snap(contacts, [])
    planning = Planning(snap, Policies(DEFAULT), NOW, MemoryHolidays())
    tight = NetworkPolicy(per_week=2, per_day=1, spread_weeks=1)  # room for 3 x 2 = 6
    plan, cut = budget.shortlist(
        Plan([note(n) for n in range(1, 21)]), planning, Records.of(snap), tight, stored=()
    )
    kept = {f.contact_id for f in plan.followups}
    assert len(kept) == 6 and {1, 2, 3} <= kept  # the close tier first
    assert len(cut) == 14 and all("comes back" in d.reason for d in cut)
    assert all(plan.retired[d.followup.key] == d.reason for d in cut)
