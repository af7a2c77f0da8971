"""The network in the domain: tiers and last touches (NURTURE-001), cooling (NURTURE-003),
the month after a rejection (NURTURE-004), gratitude (NURTURE-005), holiday greetings
(HOLIDAY-001..005) and one cadence for everything."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup.adapters.calendar.holidays import MemoryHolidays
from followup.adapters.calendar.observances import MemoryObservances
from followup.domain.errors import ValidationError
from followup.domain.network.gratitude import owed_gratitude
from followup.domain.network.greetings import observance
from followup.domain.network.index import Records
from followup.domain.network.policy import NetworkPolicy, intervals
from followup.domain.network.rules import contact_rules
from followup.domain.network.spacing import Deferred, space
from followup.domain.network.standing import Standing, review
from followup.domain.records.followups import Channel, Direction, FollowUp, Kind, Message, Window
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
from followup.domain.timing.planning import Plan, Planning
from followup.domain.timing.policy import DEFAULT, Policies
from followup.services.network import standing_text

NOW = datetime(2026, 6, 2, 12, tzinfo=UTC)  # a Tuesday, far from the holidays
ACME = Company(id=1, name="Acme", country="US", tz="America/New_York")
PROFILE = Profile(name="Ada", email="ada@example.org", tz="Europe/London", country="GB")
SETTINGS = NetworkPolicy()


def person(
    cid: int, tier: Tier | None = None, role: ContactRole = ContactRole.INTERVIEWER, **kw: object
) -> Contact:
    return Contact(
        id=cid,
        name=f"Person {cid}",
        email=f"p{cid}@acme.example",
        company_id=1,
        tier=tier,
        role=role,
        **kw,
    )  # type: ignore[arg-type]


def msg(
    cid: int,
    days_ago: float,
    direction: Direction = Direction.IN,
    kind: Kind | None = None,
    channel: Channel = Channel.EMAIL,
    at: datetime = NOW,
) -> Message:
    return Message(
        contact_id=cid,
        direction=direction,
        kind=kind,
        channel=channel,
        at=at - timedelta(days=days_ago),
    )


def app(aid: int, stage: Stage, *changes: tuple[Stage, datetime]) -> Application:
    history = (
        StageChange(stage=Stage.APPLIED, at=NOW - timedelta(days=120)),
        *(StageChange(stage=s, at=t) for s, t in changes),
    )
    return Application(
        id=aid,
        company_id=1,
        role="Engineer",
        stage=stage,
        history=history,
        created_at=NOW - timedelta(days=120),
    )


def interview(
    aid: int, *people: int, days_ago: float = 60, kind: InterviewKind = InterviewKind.VIDEO
) -> Interview:
    return Interview(
        id=aid * 10,
        application_id=aid,
        end=NOW - timedelta(days=days_ago),
        tz="America/New_York",
        kind=kind,
        interviewers=tuple(Participant(contact_id=p) for p in people),
    )


def snapshot(
    contacts: list[Contact],
    messages: list[Message] = (),  # type: ignore[assignment]
    apps: list[Application] = (),
    interviews: list[Interview] = (),  # type: ignore[assignment]
) -> Snapshot:
    return Snapshot(
        profile=PROFILE,
        companies=(ACME,),
        contacts=tuple(contacts),
        applications=tuple(apps),
        interviews=tuple(interviews),
        messages=tuple(messages),
    )


def standings(snap: Snapshot, now: datetime = NOW) -> dict[int, Standing]:
    planning = Planning(snap, Policies(DEFAULT), now, MemoryHolidays())
    return {s.contact_id: s for s in review(Records.of(snap), planning, SETTINGS)}


def plan(snap: Snapshot, now: datetime = NOW, observances: MemoryObservances | None = None) -> Plan:
    records = Records.of(snap)
    rules = contact_rules(
        records, SETTINGS, holiday_date=(observances or MemoryObservances()).date_of
    )
    return planner.plan(snap, DEFAULT, now, MemoryHolidays(), contact_rules=rules)


@pytest.mark.parametrize(
    ("tier", "days"), [(Tier.CLOSE, 42), (Tier.REGULAR, 90), (Tier.LIGHT, 180)]
)
def test_each_tier_has_its_interval_from_the_last_touch(tier: Tier, days: int) -> None:
    s = standings(snapshot([person(1, tier)], [msg(1, 10)]))[1]
    assert s.last_touch == NOW - timedelta(days=10)
    assert s.next_due == NOW - timedelta(days=10) + timedelta(days=days)
    assert f"every {days} days" in s.due_reason and "NURTURE-001" in s.due_reason


def test_last_touch_is_any_message_either_way_a_meeting_or_an_interview() -> None:
    snap = snapshot(
        [person(1, Tier.CLOSE), person(2, Tier.CLOSE), person(3, Tier.CLOSE)],
        [
            msg(1, 30, Direction.OUT, Kind.THANK_YOU),
            msg(2, 20, Direction.OUT, channel=Channel.MEETING),
        ],
        [app(1, Stage.REJECTED, (Stage.REJECTED, NOW - timedelta(days=50)))],
        [interview(1, 3, days_ago=5)],
    )
    found = standings(snap)
    assert found[1].last_touch == NOW - timedelta(days=30) and found[1].last_reply is None
    assert found[2].last_reply == NOW - timedelta(days=20)  # a meeting is two-way
    assert found[3].last_touch == NOW - timedelta(days=5) == found[3].last_reply


def test_interview_contacts_join_as_regular_once_their_process_ends() -> None:
    ended = app(1, Stage.REJECTED, (Stage.REJECTED, NOW - timedelta(days=3)))
    live = app(2, Stage.INTERVIEWING)
    snap = snapshot(
        [person(1), person(2), person(3, Tier.NONE), person(4, role=ContactRole.OTHER)],
        apps=[ended],
        interviews=[interview(1, 1, 3)],
    )
    found = standings(snap)
    assert found[1].tier is Tier.REGULAR and "process ended" in found[1].tier_reason
    assert found[3].tier is Tier.NONE and found[3].next_due is None  # the user said none
    assert found[4].tier is None  # never part of a process, never tiered: not in the network
    snap = snapshot([person(1), person(2)], apps=[live], interviews=[interview(2, 1, 2)])
    found = standings(snap)
    assert found[1].tier is None and found[1].in_process and found[1].next_due is None


def test_two_unanswered_touches_cool_a_contact_and_three_suggest_letting_go() -> None:
    touches = [
        msg(1, 200),
        msg(1, 150, Direction.OUT, Kind.CHECK_IN),
        msg(1, 100, Direction.OUT, Kind.NEWS_NOTE),
    ]
    s = standings(snapshot([person(1, Tier.CLOSE)], touches))[1]
    assert s.unanswered == 2 and s.state(SETTINGS) == "cooling"
    assert s.next_due is None and "contact tier 1 regular" in s.advice
    assert "NURTURE-003" in s.advice
    touches.append(msg(1, 50, Direction.OUT, Kind.CHECK_IN))
    s = standings(snapshot([person(1, Tier.CLOSE)], touches))[1]
    assert s.state(SETTINGS) == "let go" and "contact tier 1 none" in s.advice
    touches.append(msg(1, 10))  # they answer: the streak resets (CAD-007)
    s = standings(snapshot([person(1, Tier.CLOSE)], touches))[1]
    assert s.unanswered == 0 and s.next_due == NOW - timedelta(days=10) + timedelta(days=42)


def test_thank_you_and_gratitude_notes_do_not_count_as_unanswered() -> None:
    touches = [
        msg(1, 100, Direction.OUT, Kind.THANK_YOU),
        msg(1, 90, Direction.OUT, Kind.GRATITUDE),
    ]
    assert standings(snapshot([person(1, Tier.CLOSE)], touches))[1].unanswered == 0


def test_after_a_rejection_the_main_contact_gets_one_touch_a_month_later() -> None:
    rejected = NOW - timedelta(days=10)
    snap = snapshot(
        [person(1, role=ContactRole.RECRUITER), person(2)],
        [msg(1, 9, Direction.OUT, Kind.REJECTION_REPLY)],
        [app(1, Stage.REJECTED, (Stage.REJECTED, rejected))],
        [interview(1, 1, 2, days_ago=20)],
    )
    found = standings(snap)
    assert found[1].next_due == rejected + timedelta(days=30)
    assert "NURTURE-004" in found[1].due_reason
    assert found[2].next_due == NOW - timedelta(days=20) + timedelta(days=90)  # then tier B
    after = snapshot(
        [person(1, role=ContactRole.RECRUITER)],
        [msg(1, 1, Direction.OUT, Kind.CHECK_IN)],
        [app(1, Stage.REJECTED, (Stage.REJECTED, rejected))],
        [interview(1, 1, days_ago=20)],
    )
    assert "NURTURE-004" not in standings(after)[1].due_reason  # one touch only


def test_check_ins_are_planned_on_a_business_morning_within_the_horizon() -> None:
    snap = snapshot([person(1, Tier.CLOSE), person(2, Tier.LIGHT)], [msg(1, 40), msg(2, 40)])
    found = plan(snap).followups
    assert [f.key for f in found] == ["check-in/c1/20260423"]
    at = found[0].window.recommended.astimezone(ZoneInfo("America/New_York"))
    assert at.weekday() < 5 and at.hour == 9  # Acme's New York morning (SEND-002)
    assert "NURTURE-002" in found[0].reason


def test_check_ins_wait_out_the_year_end_quiet() -> None:
    now = datetime(2026, 12, 23, 12, tzinfo=UTC)
    snap = snapshot([person(1, Tier.CLOSE)], [msg(1, 45, at=now)])
    derived = next(f for f in plan(snap, now).followups if f.kind is Kind.CHECK_IN)
    assert derived.window.recommended.date() == date(2026, 12, 21)  # due before the quiet
    planning = Planning(snap, Policies(DEFAULT), now, MemoryHolidays())
    spaced, _ = space(Plan([derived], {}), planning, SETTINGS)
    check_in = spaced.followups[0]
    assert check_in.window.recommended.date() == date(2027, 1, 4)  # SEND-005, then a weekday


def test_gratitude_goes_to_helpers_after_an_outcome_once() -> None:
    offered = NOW - timedelta(days=2)
    referrer = person(1, role=ContactRole.REFERRER)
    reference = Contact(id=2, name="Ref", role=ContactRole.REFERENCE)  # at no company
    snap = snapshot(
        [referrer, reference, person(3)],
        [msg(1, 30), msg(2, 30)],  # both wrote to us: a two-way relationship
        apps=[app(1, Stage.OFFER, (Stage.OFFER, offered))],
    )
    records = Records.of(snap)
    owed = {c.id: owed_gratitude(c, records, NOW) for c in snap.contacts}
    assert [o.outcome for o in owed[1]] == [Stage.OFFER] and "NURTURE-005" in owed[1][0].reason
    assert len(owed[2]) == 1  # references hear once an offer stage is reached
    assert owed[3] == []  # interviewers are not helpers
    told = snapshot(
        [referrer],
        [msg(1, 30), msg(1, 1, Direction.OUT, Kind.GRATITUDE)],
        apps=[app(1, Stage.OFFER, (Stage.OFFER, offered))],
    )
    assert owed_gratitude(referrer, Records.of(told), NOW) == []
    rejected_early = snapshot(
        [reference], [msg(2, 30)], apps=[app(1, Stage.REJECTED, (Stage.REJECTED, offered))]
    )
    assert owed_gratitude(reference, Records.of(rejected_early), NOW) == []


def test_gratitude_is_earned_capped_per_outcome_and_recent() -> None:
    """NURTURE-005 with HOLIDAY-001's two-way test: a name with no exchange gets nothing,
    each outcome thanks its first few helpers (referrers first), and old news is old."""
    offered = NOW - timedelta(days=2)
    refs = [Contact(id=n, name=f"Ref {n}", role=ContactRole.REFERENCE) for n in range(2, 7)]
    referrer = person(1, role=ContactRole.REFERRER)
    silent = person(7, role=ContactRole.REFERRER)  # a tracker's Contact column: no exchange
    replies = [msg(n, 30) for n in range(1, 7)]
    snap = snapshot(
        [referrer, *refs, silent], replies, apps=[app(1, Stage.OFFER, (Stage.OFFER, offered))]
    )
    records = Records.of(snap)
    settings = NetworkPolicy(gratitude_per_outcome=3)
    owed = {c.id: owed_gratitude(c, records, NOW, settings) for c in snap.contacts}
    assert owed[7] == []  # no two-way exchange: not a relationship
    thanked = sorted(cid for cid, o in owed.items() if o)
    assert thanked == [1, 2, 3]  # the referrer first, then the first references: 3 in all
    set_by_user = dataclasses.replace(silent, tier=Tier.LIGHT)
    snap2 = dataclasses.replace(snap, contacts=(set_by_user,))
    assert owed_gratitude(set_by_user, Records.of(snap2), NOW)  # a tier the user set
    long_ago = snapshot(
        [referrer], replies, apps=[app(1, Stage.OFFER, (Stage.OFFER, NOW - timedelta(days=90)))]
    )
    assert owed_gratitude(referrer, Records.of(long_ago), NOW) == []


# -- holiday greetings ------------------------------------------------------------------

NOV = datetime(2026, 11, 20, 12, tzinfo=UTC)


def greetings(
    contacts: list[Contact],
    messages: list[Message],
    now: datetime = NOV,
    observances: MemoryObservances | None = None,
) -> list[FollowUp]:
    return [
        f
        for f in plan(snapshot(contacts, messages), now, observances).followups
        if f.kind is Kind.HOLIDAY
    ]


def test_season_greeting_in_the_december_window_for_two_way_contacts_only() -> None:
    found = greetings(
        [person(1, Tier.REGULAR), person(2, Tier.REGULAR), person(3)],
        [msg(1, 100, at=NOV), msg(2, 30, Direction.OUT, Kind.CHECK_IN, at=NOV), msg(3, 10, at=NOV)],
    )
    assert [f.key for f in found] == ["holiday/c1/2026-season"]  # 2 never replied, 3 no tier
    window = found[0].window
    assert window.recommended.date() == date(2026, 12, 1)
    assert window.latest.date() == date(2026, 12, 18)
    assert "inclusive" in found[0].reason and "no request" in found[0].reason


def test_after_december_18_the_greeting_becomes_a_new_year_note() -> None:
    now = datetime(2026, 12, 19, 12, tzinfo=UTC)
    found = greetings([person(1, Tier.CLOSE)], [msg(1, 20, at=now)], now)
    assert [f.key for f in found] == ["holiday/c1/2026-season"]
    assert found[0].window.recommended.date() == date(2027, 1, 4)  # Jan 2–3 is a weekend
    assert found[0].window.latest.date() == date(2027, 1, 8)
    assert "new-year" in found[0].reason


def test_one_greeting_a_season() -> None:
    found = greetings(
        [person(1, Tier.CLOSE)],
        [msg(1, 20, at=NOV), msg(1, -12, Direction.OUT, Kind.HOLIDAY, at=NOV)],
        datetime(2026, 12, 20, tzinfo=UTC),
    )
    assert found == []


def test_holiday_specific_greetings_only_for_what_the_contact_observes() -> None:
    table = {("diwali", 2027): date(2027, 10, 29), ("hanukkah", 2026): date(2026, 12, 5)}
    observers = [
        person(1, Tier.CLOSE, observes=("Christmas",)),
        person(2, Tier.CLOSE, observes=("Chanukah",)),
        person(3, Tier.CLOSE, observes=("Festivus",)),
        person(4, Tier.CLOSE),
    ]
    found = {
        f.contact_id: f
        for f in greetings(
            observers,
            [msg(c, 10, at=NOV) for c in (1, 2, 3, 4)],
            observances=MemoryObservances(table),
        )
    }
    assert "Christmas greeting" in found[1].reason and "HOLIDAY-005" in found[1].reason
    assert found[2].window.latest.date() == date(2026, 12, 4)  # before Hanukkah begins
    assert "season's greeting" in found[3].reason  # unknown holiday: the inclusive default
    assert "season's greeting" in found[4].reason
    oct_now = datetime(2027, 10, 1, 12, tzinfo=UTC)
    diwali = Contact(id=5, name="Priya", company_id=1, tier=Tier.REGULAR, observes=("Deepavali",))
    found_oct = greetings([diwali], [msg(5, 10, at=oct_now)], oct_now, MemoryObservances(table))
    assert [f.key for f in found_oct] == ["holiday/c5/2027-diwali"]
    assert found_oct[0].window.latest.date() == date(2027, 10, 29)


def test_observance_names_are_matched_loosely() -> None:
    assert observance("  Chinese   New Year ") == "lunar new year"
    assert observance("EID") == "eid al-fitr"
    assert observance("Festivus") is None


# -- one cadence --------------------------------------------------------------------------


def note(key: str, kind: Kind, when: datetime, days: int = 14, cid: int = 1) -> FollowUp:
    return FollowUp(
        key=key,
        kind=kind,
        contact_id=cid,
        window=Window(earliest=when, recommended=when, latest=when + timedelta(days=days)),
        created_at=NOW,
        updated_at=NOW,
    )


def spaced(
    followups: list[FollowUp],
    messages: list[Message] = (),  # type: ignore[assignment]
) -> tuple[list[FollowUp], list[Deferred]]:
    snap = snapshot([person(1, Tier.CLOSE)], messages)
    planning = Planning(snap, Policies(DEFAULT), NOW, MemoryHolidays())
    result, deferred = space(Plan(followups, {}), planning, SETTINGS)
    assert set(result.retired) == {d.followup.key for d in deferred}
    return result.followups, deferred


MON = datetime(2026, 6, 8, 13, tzinfo=UTC)  # 09:00 in New York


def test_a_greeting_or_news_note_is_the_touch_and_the_check_in_waits() -> None:
    kept, deferred = spaced(
        [
            note("check-in/c1/x", Kind.CHECK_IN, MON + timedelta(days=2)),
            note("holiday/c1/y", Kind.HOLIDAY, MON),
        ]
    )
    assert [f.key for f in kept] == ["holiday/c1/y"]
    assert "is the touch" in deferred[0].reason


def test_lower_priority_notes_move_a_week_after_higher_ones() -> None:
    kept, _ = spaced(
        [
            note("news-note/c1/n1", Kind.NEWS_NOTE, MON),
            note("holiday/c1/y", Kind.HOLIDAY, MON + timedelta(days=1)),
        ]
    )
    by_kind = {f.kind: f.window.recommended for f in kept}
    assert by_kind[Kind.HOLIDAY] == MON + timedelta(days=1)
    assert by_kind[Kind.NEWS_NOTE] - by_kind[Kind.HOLIDAY] >= timedelta(days=7)


def test_time_bound_letters_keep_their_place_and_take_up_room() -> None:
    reply = note("rejection-reply/a1", Kind.REJECTION_REPLY, MON, days=2)
    kept, deferred = spaced([reply, note("gratitude/a1/c1/rejected", Kind.GRATITUDE, MON, days=5)])
    assert kept[0] == reply and deferred == []
    # Issue 17 §5: the gratitude note is re-planned from when the hold lifts, its window
    # moved whole, rather than dropped for want of room in its old window.
    thanks = kept[1]
    assert thanks.window.recommended - reply.window.recommended >= timedelta(days=7)
    assert thanks.window.latest - thanks.window.recommended >= timedelta(days=5)
    assert "notes to one person stay 7 days apart" in thanks.reason


def test_sent_messages_count_and_the_cadence_guard_applies() -> None:
    sent = [
        Message(
            contact_id=1, direction=Direction.OUT, kind=Kind.CHECK_IN, at=MON - timedelta(days=2)
        )
    ]
    kept, _ = spaced([note("news-note/c1/n1", Kind.NEWS_NOTE, MON)], sent)
    assert kept[0].window.recommended >= MON + timedelta(days=5)
    quiet = [
        Message(
            contact_id=1, direction=Direction.OUT, kind=Kind.CHECK_IN, at=NOW - timedelta(days=d)
        )
        for d in (90, 60)
    ]
    kept, deferred = spaced([note("news-note/c1/n1", Kind.NEWS_NOTE, MON)], quiet)
    assert kept == [] and "CAD-001" in deferred[0].reason


def test_network_settings_are_read_and_checked() -> None:
    custom = NetworkPolicy.from_config({"network": {"min_gap_days": 10, "priority": ["check-in"]}})
    assert custom.min_gap == timedelta(days=10) and custom.priority == (Kind.CHECK_IN,)
    assert custom.rank(Kind.HOLIDAY) == 1
    with pytest.raises(
        ValidationError, match=re.escape("network.min_gap_days: must be a whole number")
    ):
        NetworkPolicy.from_config({"network": {"min_gap_days": 0}})
    with pytest.raises(ValidationError, match="'postcard' is not a follow-up kind"):
        NetworkPolicy.from_config({"network": {"priority": ["postcard"]}})
    with pytest.raises(ValidationError, match=re.escape("network.colour: unknown setting")):
        NetworkPolicy.from_config({"network": {"colour": "blue"}})


def test_tier_intervals_come_from_the_policy() -> None:
    custom = dataclasses.replace(DEFAULT, check_in_days={"close": 30, "regular": 60, "light": 120})
    assert intervals(custom)[Tier.CLOSE] == timedelta(days=30)


@pytest.mark.parametrize("ref", ["²", "٣", "7"])
def test_a_reference_that_is_no_id_is_not_found(ref: str) -> None:
    """`contact tier ²`: str.isdigit() accepts "²", int() does not; one clear NotFound."""
    from followup.adapters.store.memory import MemoryStore
    from followup.domain.errors import NotFound
    from followup.services import network as network_service
    from followup.services.records import companies
    from tests.conftest import deps_of

    deps = deps_of(store=MemoryStore(), holidays=MemoryHolidays())
    with pytest.raises(NotFound):
        network_service.set_tier(deps, ref, "close")
    with pytest.raises(NotFound):
        companies.resolve(deps, ref)


@pytest.mark.parametrize(
    ("observes", "day"),
    [
        ("Hanukkah", date(2027, 12, 25)),  # moves: late December in 2027
        ("Hanukkah", date(2026, 12, 5)),  # and early December in 2026
        ("Christmas", date(2027, 12, 25)),
        ("Kwanzaa", date(2027, 12, 26)),
        ("Diwali", date(2027, 10, 29)),  # moves with the lunar calendar
    ],
)
def test_a_specific_greeting_window_sits_in_the_week_before_the_holiday(
    observes: str, day: date
) -> None:
    # HOLIDAY-005 timing: near the holiday itself, not from December 1.
    name = observance(observes)
    assert name is not None
    table = {(name, day.year): day}
    now = datetime(day.year, day.month, day.day, 12, tzinfo=UTC) - timedelta(days=30)
    friend = Contact(id=1, name="Dana", company_id=1, tier=Tier.CLOSE, observes=(observes,))
    found = greetings([friend], [msg(1, 10, at=now)], now, MemoryObservances(table))
    [greeting] = [f for f in found if name.title() in f.reason]
    assert day - timedelta(days=8) <= greeting.window.recommended.date() <= day
    assert day - timedelta(days=8) <= greeting.window.latest.date() <= day


def standing_json(s: Standing) -> dict[str, object]:
    """The oracle: a standing as the JSON values `network --json` shows."""
    return {
        "contact_id": s.contact_id,
        "name": s.contact.name,
        "tier": s.tier.value if s.tier else None,
        "tier_reason": s.tier_reason,
        "in_process": s.in_process,
        "last_touch": s.last_touch.isoformat(timespec="seconds") if s.last_touch else None,
        "last_reply": s.last_reply.isoformat(timespec="seconds") if s.last_reply else None,
        "unanswered": s.unanswered,
        "next_due": s.next_due.isoformat(timespec="seconds") if s.next_due else None,
        "due_reason": s.due_reason,
        "advice": s.advice,
    }


def test_a_standing_written_as_text_is_its_json() -> None:
    """The kept report writes each standing's JSON directly (issue 16): it must be the
    text its JSON values encode to, with quotes, accents, control characters and empty
    values."""
    snap = snapshot(
        [
            dataclasses.replace(person(1, Tier.CLOSE), name='Seán "Ó" Brí\\en\u2028'),
            person(2, role=ContactRole.REFERRER),
            person(3, Tier.LIGHT),
            dataclasses.replace(person(4), name="李 小龍", company_id=2),
        ],
        [msg(1, 10), msg(3, 400, Direction.OUT, Kind.CHECK_IN)],
        [
            dataclasses.replace(app(1, Stage.INTERVIEWING), company_id=2),
            app(2, Stage.REJECTED, (Stage.REJECTED, NOW)),
        ],
        [interview(1, 4, days_ago=3), interview(2, 3)],
    )
    found = standings(snap).values()
    assert {s.in_process for s in found} == {True, False}
    assert {s.tier for s in found} >= {None, Tier.CLOSE}
    assert any(s.next_due is None for s in found) and any(s.next_due for s in found)
    for s in found:
        text = standing_text(s)
        assert text == json.dumps(standing_json(s), ensure_ascii=False, separators=(",", ":"))
        assert json.loads(text) == standing_json(s)
