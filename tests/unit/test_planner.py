"""The planner: every follow-up from the records, idempotent, keeping the user's decisions."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup.adapters.calendar.holidays import MemoryHolidays
from followup.domain.errors import ValidationError
from followup.domain.records.followups import Direction, FollowUp, Kind, Message, Status, Window
from followup.domain.records.model import (
    Application,
    Company,
    Contact,
    ContactRole,
    Interview,
    InterviewStatus,
    Participant,
    Profile,
    Snapshot,
    Stage,
    StageChange,
)
from followup.domain.timing.planner import merge, plan
from followup.domain.timing.planning import Plan, Planning, check_decision_date
from followup.domain.timing.policy import Policies

NY = ZoneInfo("America/New_York")
HOLIDAYS = MemoryHolidays({"US": {date(2026, 11, 26): "Thanksgiving Day"}})
NOW = datetime(2026, 11, 16, 12, 0, tzinfo=UTC)
POLICIES = Policies()


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=NY)  # type: ignore[misc,arg-type]


PROFILE = Profile(name="Ada", email="ada@example.org", tz="Europe/Berlin", country="DE")
ACME = Company(id=1, name="Acme", industry="software", country="US", tz="America/New_York")
GRACE = Contact(id=1, name="Grace Hopper", email="grace@acme.example", company_id=1)
ALAN = Contact(id=2, name="Alan Turing", email="alan@acme.example", company_id=1)
CORA = Contact(
    id=3,
    name="Cora Ordinator",
    email="cora@acme.example",
    company_id=1,
    role=ContactRole.COORDINATOR,
)
APP = Application(
    id=1,
    company_id=1,
    role="Data Engineer",
    stage=Stage.INTERVIEWING,
    history=(StageChange(stage=Stage.INTERVIEWING, at=at(2026, 11, 10, 9)),),
    created_at=at(2026, 11, 1, 9),
)
ROUND_1 = Interview(
    id=1,
    application_id=1,
    round=1,
    end=at(2026, 11, 17, 15),
    tz="America/New_York",
    interviewers=(Participant(contact_id=1), Participant(contact_id=2)),
    coordinator_id=3,
)


def records(**changes: object) -> Snapshot:
    base = Snapshot(
        profile=PROFILE,
        companies=(ACME,),
        contacts=(GRACE, ALAN, CORA),
        applications=(APP,),
        interviews=(ROUND_1,),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


class Store:
    """A minimal stand-in for saved rows: assigns ids the way a store would."""

    def __init__(self) -> None:
        self.rows: dict[str, FollowUp] = {}
        self.next_id = 1

    def save(self, changes: Sequence[FollowUp]) -> None:
        for change in changes:
            if change.id is None:
                change = dataclasses.replace(change, id=self.next_id)
                self.next_id += 1
            self.rows[change.key] = change

    def replan(self, snapshot: Snapshot, now: datetime = NOW) -> list[FollowUp]:
        changes = merge(list(self.rows.values()), plan(snapshot, POLICIES, now, HOLIDAYS), now)
        self.save(changes)
        return changes


def rejected_on_nov_18() -> Application:
    return dataclasses.replace(
        APP,
        stage=Stage.REJECTED,
        history=(*APP.history, StageChange(stage=Stage.REJECTED, at=at(2026, 11, 18, 16))),
    )


def by_key(changes: Sequence[FollowUp]) -> dict[str, FollowUp]:
    return {c.key: c for c in changes}


def test_one_thank_you_per_interviewer_and_a_short_one_for_the_coordinator() -> None:
    result = plan(records(), POLICIES, NOW, HOLIDAYS)
    keys = {f.key: f.kind for f in result.followups}
    assert keys == {
        "thank-you/i1/c1": Kind.THANK_YOU,
        "thank-you/i1/c2": Kind.THANK_YOU,
        "coordinator-thanks/i1/c3": Kind.COORDINATOR_THANKS,
        "status-check/a1/n1": Kind.STATUS_CHECK,
    }
    grace = next(f for f in result.followups if f.key == "thank-you/i1/c1")
    # Software is fast: the next New York morning after a 15:00 end.
    assert grace.window.recommended == at(2026, 11, 18, 9)
    assert grace.reason.startswith(
        "A thank-you for the round-1 video interview that ended Tue 17 Nov 15:00"
    )
    assert "Software is a fast-paced field" in grace.reason and "TIMING-002" in grace.reason
    coordinator = next(f for f in result.followups if f.kind is Kind.COORDINATOR_THANKS)
    assert coordinator.reason.startswith("A short thank-you to the coordinator")
    status = next(f for f in result.followups if f.kind is Kind.STATUS_CHECK)
    assert status.contact_id == 3  # through the coordinator (CAD-008)


def test_each_round_gets_its_own_thank_yous() -> None:
    round_2 = dataclasses.replace(ROUND_1, id=2, round=2, end=at(2026, 11, 19, 11))
    result = plan(records(interviews=(ROUND_1, round_2)), POLICIES, NOW, HOLIDAYS)
    thanks = sorted(f.key for f in result.followups if f.kind is Kind.THANK_YOU)
    assert thanks == ["thank-you/i1/c1", "thank-you/i1/c2", "thank-you/i2/c1", "thank-you/i2/c2"]
    status = next(f for f in result.followups if f.kind is Kind.STATUS_CHECK)
    assert status.interview_id == 2  # counted from the latest round


def test_planning_is_idempotent() -> None:
    store = Store()
    first = store.replan(records())
    assert len(first) == 4 and all(f.id is None for f in first)
    assert store.replan(records()) == []
    assert store.replan(records(), NOW + timedelta(days=1)) == []  # `now` moves nothing


def test_a_moved_interview_replans_its_follow_ups_in_place() -> None:
    store = Store()
    store.replan(records())
    ids = {k: f.id for k, f in store.rows.items()}
    moved = dataclasses.replace(ROUND_1, end=at(2026, 11, 20, 15))  # now a Friday
    changes = by_key(store.replan(records(interviews=(moved,))))
    assert set(changes) == set(ids)
    assert {k: f.id for k, f in changes.items()} == ids  # same rows, no duplicates
    assert changes["thank-you/i1/c1"].window.recommended == at(2026, 11, 23, 9)  # Monday


def test_a_decision_date_replans_the_status_check() -> None:
    store = Store()
    store.replan(records())
    dated = dataclasses.replace(ROUND_1, decision_by=date(2026, 11, 30))
    changes = by_key(store.replan(records(interviews=(dated,))))
    assert list(changes) == ["status-check/a1/n1"]
    check = changes["status-check/a1/n1"]
    assert check.window.recommended == at(2026, 12, 2, 9)  # TIMING-007: + 2 business days
    assert "TIMING-007" in check.reason


def test_a_cancelled_interview_cancels_its_thank_yous_and_can_come_back() -> None:
    store = Store()
    store.replan(records())
    off = dataclasses.replace(ROUND_1, status=InterviewStatus.CANCELLED)
    changes = by_key(store.replan(records(interviews=(off,))))
    assert changes["thank-you/i1/c1"].status is Status.CANCELLED
    assert changes["thank-you/i1/c1"].reason == "The interview was cancelled."
    assert changes["status-check/a1/n1"].status is Status.CANCELLED
    back = by_key(store.replan(records()))
    assert back["thank-you/i1/c1"].status is Status.PLANNED


def test_a_stage_change_cancels_thank_yous_and_plans_a_rejection_reply() -> None:
    store = Store()
    store.replan(records())
    rejected = rejected_on_nov_18()
    changes = by_key(store.replan(records(applications=(rejected,))))
    assert changes["thank-you/i1/c2"].status is Status.CANCELLED
    assert changes["thank-you/i1/c2"].reason == "The application is now rejected."
    reply = changes["rejection-reply/a1"]
    assert reply.status is Status.PLANNED
    assert reply.window.recommended == at(2026, 11, 19, 9)  # REJECT-002


def test_no_rejection_reply_when_nobody_interviewed() -> None:
    rejected = dataclasses.replace(
        APP,
        stage=Stage.REJECTED,
        history=(StageChange(stage=Stage.REJECTED, at=at(2026, 11, 3, 16)),),
    )
    result = plan(records(applications=(rejected,), interviews=()), POLICIES, NOW, HOLIDAYS)
    assert result.followups == []
    assert "REJECT-001" in result.retired["rejection-reply/a1"]


def test_an_offer_is_acknowledged_and_reminded() -> None:
    offer = dataclasses.replace(
        APP,
        stage=Stage.OFFER,
        decision_by=date(2026, 12, 4),
        history=(StageChange(stage=Stage.OFFER, at=at(2026, 11, 20, 16)),),
    )
    result = by_key(plan(records(applications=(offer,)), POLICIES, NOW, HOLIDAYS).followups)
    assert result["offer-thanks/a1"].window.recommended == at(2026, 11, 23, 9)  # OFFER-001
    assert result["offer-thanks/a1"].window.latest == at(2026, 11, 23, 16)
    assert result["offer-reminder/a1"].kind is Kind.OFFER_REMINDER
    assert "status-check/a1/n1" not in result


@pytest.mark.parametrize(
    ("decision", "change"),
    [
        ("skip", {"status": Status.SKIPPED, "note": "said thanks in person"}),
        ("done", {"status": Status.DONE}),
        ("snooze", {"snoozed_until": at(2026, 11, 19, 9)}),
        ("draft", {"status": Status.DRAFTED, "subject": "Thank you", "body": "Dear Grace"}),
    ],
)
def test_user_decisions_survive_replanning(decision: str, change: dict[str, object]) -> None:
    store = Store()
    store.replan(records())
    key = "thank-you/i1/c1"
    store.rows[key] = dataclasses.replace(store.rows[key], **change)  # type: ignore[arg-type]
    moved = dataclasses.replace(ROUND_1, end=at(2026, 11, 20, 15))
    store.replan(records(interviews=(moved,)))
    kept = store.rows[key]
    for name, value in change.items():
        assert getattr(kept, name) == value, decision


def test_a_pinned_time_is_kept() -> None:
    store = Store()
    store.replan(records())
    key = "thank-you/i1/c1"
    mine = Window(
        earliest=at(2026, 11, 18, 7), recommended=at(2026, 11, 18, 7), latest=at(2026, 11, 18, 8)
    )
    store.rows[key] = dataclasses.replace(store.rows[key], window=mine, pinned=True)
    moved = dataclasses.replace(ROUND_1, end=at(2026, 11, 20, 15))
    store.replan(records(interviews=(moved,)))
    assert store.rows[key].window == mine
    assert store.rows["thank-you/i1/c2"].window != mine


def _nudge(n: int, when: datetime) -> Message:
    return Message(
        id=n,
        contact_id=3,
        application_id=1,
        direction=Direction.OUT,
        kind=Kind.STATUS_CHECK,
        at=when,
    )


def test_after_two_unanswered_status_checks_no_third_then_a_reply_reopens() -> None:
    store = Store()
    store.replan(records())
    sent = [_nudge(1, at(2026, 11, 30, 9)), _nudge(2, at(2026, 12, 8, 9))]
    second = by_key(store.replan(records(messages=sent[:1])))
    assert second["status-check/a1/n2"].status is Status.PLANNED
    # CAD-002: at least 5 business days after the first nudge (Mon 30 Nov -> Mon 7 Dec).
    assert second["status-check/a1/n2"].window.earliest >= at(2026, 12, 7, 8)
    quiet = by_key(store.replan(records(messages=sent)))
    marker = quiet["status-check/a1/n3"]
    assert marker.status is Status.CANCELLED
    assert marker.reason.startswith("Gone quiet")
    assert store.replan(records(messages=sent)) == []
    answered = [
        *sent,
        Message(contact_id=3, application_id=1, direction=Direction.IN, at=at(2026, 12, 9, 10)),
    ]
    reopened = by_key(store.replan(records(messages=answered)))
    assert reopened["status-check/a1/n3"].status is Status.PLANNED
    assert "CAD-007" in reopened["status-check/a1/n3"].reason


def test_a_stale_thank_you_is_not_created() -> None:
    old = dataclasses.replace(ROUND_1, end=at(2026, 9, 1, 15))
    changes = Store().replan(records(interviews=(old,)))
    assert not [c for c in changes if c.kind is Kind.THANK_YOU]


def test_company_and_contact_overrides_set_the_pace() -> None:
    policies = Policies(companies={"acme": {"pace": "relaxed"}})
    result = plan(records(), policies, NOW, HOLIDAYS)
    grace = next(f for f in result.followups if f.key == "thank-you/i1/c1")
    # Relaxed: the second working morning, about 42 hours after a Tue 15:00 end (issue 14;
    # it was 11:00, the first preferred slot 44 business-day hours later).
    assert grace.window.recommended == at(2026, 11, 19, 9)
    per_contact = Policies(contacts={"grace@acme.example": {"preferred_hours": "10:00-11:00"}})
    result = plan(records(), per_contact, NOW, HOLIDAYS)
    keys = {f.key: f.window.recommended for f in result.followups}
    assert keys["thank-you/i1/c1"] == at(2026, 11, 18, 10)
    assert keys["thank-you/i1/c2"] == at(2026, 11, 18, 9)


def test_the_interview_zone_is_used_when_nobody_has_one() -> None:
    nowhere = dataclasses.replace(ACME, tz="", country="")
    la = dataclasses.replace(ROUND_1, tz="America/Los_Angeles")
    result = plan(records(companies=(nowhere,), interviews=(la,)), POLICIES, NOW, HOLIDAYS)
    grace = next(f for f in result.followups if f.key == "thank-you/i1/c1")
    # 15:00 in New York is 12:00 in Los Angeles: a fast field's note goes the same day,
    # two hours later (issue 14; it was the next morning at 09:00).
    local = grace.window.recommended.astimezone(ZoneInfo("America/Los_Angeles"))
    assert (local.day, local.hour) == (17, 14)


def test_a_decision_date_before_the_interview_is_an_error() -> None:
    with pytest.raises(ValidationError, match="decision_by"):
        check_decision_date(dataclasses.replace(ROUND_1, decision_by=date(2026, 11, 16)))
    check_decision_date(dataclasses.replace(ROUND_1, decision_by=date(2026, 11, 17)))


def test_contact_rules_extend_the_planner() -> None:
    # The long-run kinds (check-in, holiday, ...) arrive as contact rules.
    def check_in(planning: Planning, contact: Contact, result: Plan) -> None:
        cal, _ = planning.calendar(None, contact)
        day = cal.day(date(2027, 2, 2))
        window = Window(earliest=day.open, recommended=day.pref_start, latest=day.close)
        result.followups.append(
            planning.followup(
                f"check-in/c{contact.id}",
                Kind.CHECK_IN,
                window,
                "Say hello.",
                contact_id=contact.id,
            )
        )

    result = plan(records(), POLICIES, NOW, HOLIDAYS, contact_rules=(check_in,))
    assert {f.key for f in result.followups if f.kind is Kind.CHECK_IN} == {
        "check-in/c1",
        "check-in/c2",
        "check-in/c3",
    }


def test_long_past_follow_ups_are_left_as_they_are() -> None:
    # An open thank-you from an interview months ago: too old to re-plan, but not
    # cancelled behind the user's back either.
    store = Store()
    store.replan(records(), NOW)
    months_later = NOW + timedelta(days=120)
    edited = dataclasses.replace(ROUND_1, notes="remembered something", end=at(2026, 11, 17, 16))
    changes = store.replan(records(interviews=(edited,)), months_later)
    assert not [c for c in changes if c.kind is Kind.THANK_YOU]
    assert store.rows["thank-you/i1/c1"].status is Status.PLANNED
    assert "thank-you/i1/c1" in plan(records(), POLICIES, months_later, HOLIDAYS).kept


def test_settled_keys_stand_for_their_rows_in_merge() -> None:
    """A whole-database run passes done, sent and skipped follow-ups as keys only: merge
    must neither re-create them nor change anything else."""
    store = Store()
    store.replan(records())
    sent = {k: dataclasses.replace(f, status=Status.SENT) for k, f in store.rows.items()}
    derived = plan(records(), POLICIES, NOW, HOLIDAYS)
    with_rows = merge(list(sent.values()), derived, NOW)
    with_keys = merge([], derived, NOW, settled=set(sent))
    assert with_rows == with_keys == []
    assert len(merge([], derived, NOW)) == len(sent)  # without them, all come back


def test_retired_reasons_are_kept_only_for_the_stored_follow_ups_given() -> None:
    """A whole run's snapshot carries its live follow-ups: retire reasons are recorded for
    those alone, as merge reads no other (a long history retires some hundred thousand
    keys it never stored; issue 16). The changes are the same either way."""
    store = Store()
    store.replan(records())
    rejected = rejected_on_nov_18()
    stored = list(store.rows.values())
    alan = store.rows["thank-you/i1/c2"]
    every = plan(records(applications=(rejected,)), POLICIES, NOW, HOLIDAYS)
    watched = plan(records(applications=(rejected,), followups=(alan,)), POLICIES, NOW, HOLIDAYS)
    assert {"thank-you/i1/c1", "thank-you/i1/c2", "status-check/a1/n1"} <= set(every.retired)
    assert set(watched.retired) == {"thank-you/i1/c2"}
    assert merge([alan], watched, NOW) == merge([alan], every, NOW)
    assert by_key(merge(stored, every, NOW))["thank-you/i1/c2"].reason == (
        "The application is now rejected."
    )


def test_kept_keys_are_kept_only_for_the_stored_follow_ups_given() -> None:
    store = Store()
    store.replan(records())
    months_later = NOW + timedelta(days=120)
    grace = store.rows["thank-you/i1/c1"]
    watched = plan(records(followups=(grace,)), POLICIES, months_later, HOLIDAYS)
    every = plan(records(), POLICIES, months_later, HOLIDAYS)
    assert watched.kept == {"thank-you/i1/c1"}
    assert {"thank-you/i1/c1", "thank-you/i1/c2", "coordinator-thanks/i1/c3"} <= every.kept
