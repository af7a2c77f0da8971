"""One cadence for everything, at the edges: the week between two notes to one person is
counted in their wall time when both are in their zone (a note at 09:00 frees the same
hour a week later, across a clock change), and between instants otherwise."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from followup.adapters.calendar.holidays import MemoryHolidays
from followup.domain.network.policy import NetworkPolicy
from followup.domain.network.spacing import Deferred, space
from followup.domain.records.followups import Direction, FollowUp, Kind, Message, Window
from followup.domain.records.model import Company, Contact, ContactRole, Profile, Snapshot, Tier
from followup.domain.timing.planning import Plan, Planning
from followup.domain.timing.policy import DEFAULT, Policies

MADRID = ZoneInfo("Europe/Madrid")  # clocks go forward on Sunday 30 March 2025
NOW = datetime(2025, 3, 20, 12, tzinfo=UTC)
GRACE = Contact(id=1, name="Grace", company_id=1, role=ContactRole.REFERRER, tier=Tier.CLOSE)


def note(key: str, kind: Kind, at: datetime, latest: datetime) -> FollowUp:
    return FollowUp(
        key=key,
        kind=kind,
        contact_id=1,
        window=Window(earliest=at, recommended=at, latest=latest),
        reason="",
        created_at=NOW,
        updated_at=NOW,
    )


def spacing(
    taken: FollowUp | Message, flexible: FollowUp, *, contacts: tuple[Contact, ...] = (GRACE,)
) -> tuple[Plan, list[Deferred]]:
    snapshot = Snapshot(
        profile=Profile(name="Ada", email="ada@example.org", tz="Europe/London", country="GB"),
        companies=(Company(id=1, name="Acme", tz="Europe/Madrid", country="ES"),),
        contacts=contacts,
        messages=(taken,) if isinstance(taken, Message) else (),
    )
    planning = Planning(snapshot, Policies(DEFAULT), NOW, MemoryHolidays())
    fixed = [taken] if isinstance(taken, FollowUp) else []
    return space(Plan([*fixed, flexible], {}), planning, NetworkPolicy())


def spaced(
    taken: FollowUp | Message, flexible: FollowUp, *, contacts: tuple[Contact, ...] = (GRACE,)
) -> FollowUp:
    result, deferred = spacing(taken, flexible, contacts=contacts)
    assert deferred == []
    (placed,) = [f for f in result.followups if f.key == flexible.key]
    return placed


def test_a_week_after_a_note_in_their_zone_is_the_same_wall_time() -> None:
    thanks = datetime(2025, 3, 25, 9, tzinfo=MADRID)  # 08:00 UTC, winter time
    gratitude = note(
        "gratitude/a1/c1/offer",
        Kind.GRATITUDE,
        datetime(2025, 3, 26, 9, tzinfo=MADRID),
        datetime(2025, 4, 10, 18, tzinfo=MADRID),
    )
    placed = spaced(note("thank-you/i1/c1", Kind.THANK_YOU, thanks, thanks), gratitude)
    assert placed.window.recommended == datetime(2025, 4, 1, 9, tzinfo=MADRID)  # 07:00 UTC
    assert placed.window.recommended.tzinfo is MADRID


def test_a_week_after_a_sent_message_is_counted_between_instants() -> None:
    sent = Message(
        contact_id=1,
        direction=Direction.OUT,
        kind=Kind.THANK_YOU,
        at=datetime(2025, 3, 25, 8, tzinfo=UTC),  # 09:00 in Madrid, winter time
    )
    gratitude = note(
        "gratitude/a1/c1/offer",
        Kind.GRATITUDE,
        datetime(2025, 3, 26, 9, tzinfo=MADRID),
        datetime(2025, 4, 10, 18, tzinfo=MADRID),
    )
    placed = spaced(sent, gratitude)
    assert placed.window.recommended == datetime(2025, 4, 1, 8, tzinfo=UTC)  # 10:00 summer time
    assert placed.window.recommended - sent.at == timedelta(days=7)


def test_a_note_held_back_by_spacing_says_why_and_until_when() -> None:
    # Issue 17 §5: the agenda says why an item was held (one cadence, CAD-003).
    thanks = datetime(2025, 3, 25, 9, tzinfo=MADRID)
    gratitude = note(
        "gratitude/a1/c1/offer",
        Kind.GRATITUDE,
        datetime(2025, 3, 26, 9, tzinfo=MADRID),
        datetime(2025, 4, 10, 18, tzinfo=MADRID),
    )
    placed = spaced(note("thank-you/i1/c1", Kind.THANK_YOU, thanks, thanks), gratitude)
    assert placed.reason == (
        "Held until Tue 1 Apr: another note goes to this person on Tue 25 Mar, and notes to "
        "one person stay 7 days apart."
    ), placed


def test_a_note_whose_whole_window_is_held_is_replanned_from_when_the_hold_lifts() -> None:
    # Issue 17 §5: a news note held past its last day used to be dropped ("falls within
    # 7 days for its whole window"); now its window moves whole, from the hold's end.
    thanks = datetime(2025, 3, 25, 9, tzinfo=MADRID)
    news = note(
        "news-note/c1/n3",
        Kind.NEWS_NOTE,
        datetime(2025, 3, 26, 9, tzinfo=MADRID),
        datetime(2025, 3, 28, 18, tzinfo=MADRID),
    )
    placed = spaced(note("thank-you/i1/c1", Kind.THANK_YOU, thanks, thanks), news)
    assert placed.window.recommended == datetime(2025, 4, 1, 9, tzinfo=MADRID)
    assert placed.window.earliest == placed.window.recommended
    assert placed.window.latest - placed.window.recommended == news.window.latest - (
        news.window.recommended
    )
    assert placed.reason.startswith("Held until Tue 1 Apr: another note goes to this person")


def test_a_greeting_held_past_its_window_is_dropped_and_says_so() -> None:
    # HOLIDAY-003: a greeting belongs to its holiday, so it is not moved past its window;
    # the network report says why there is none this time.
    thanks = datetime(2025, 3, 25, 9, tzinfo=MADRID)
    greeting = note(
        "holiday/c1/nowruz",
        Kind.HOLIDAY,
        datetime(2025, 3, 26, 9, tzinfo=MADRID),
        datetime(2025, 3, 28, 18, tzinfo=MADRID),
    )
    result, deferred = spacing(note("thank-you/i1/c1", Kind.THANK_YOU, thanks, thanks), greeting)
    assert [f.key for f in result.followups] == ["thank-you/i1/c1"]
    (d,) = deferred
    assert d.reason == (
        "No greeting this time: its window closes Fri 28 Mar, and another note goes to this "
        "person on Tue 25 Mar, and notes to one person stay 7 days apart until Tue 1 Apr."
    )
    assert result.retired["holiday/c1/nowruz"] == d.reason


def test_the_cadence_guard_hold_reads_as_one_plain_sentence() -> None:
    # CAD-002/003: a status check to a colleague on Thu 20 Mar holds a check-in to Grace for
    # five business days; the agenda says so without the guard's nested clauses.
    colleague = Contact(id=2, name="Hal", company_id=1, role=ContactRole.RECRUITER)
    nudge = Message(
        contact_id=2,
        direction=Direction.OUT,
        kind=Kind.STATUS_CHECK,
        at=datetime(2025, 3, 20, 9, tzinfo=UTC),
    )
    check_in = note(
        "check-in/c1/new",
        Kind.CHECK_IN,
        datetime(2025, 3, 21, 9, tzinfo=MADRID),
        datetime(2025, 4, 4, 18, tzinfo=MADRID),
    )
    placed = spaced(nudge, check_in, contacts=(GRACE, colleague))
    assert placed.window.recommended.date() == datetime(2025, 3, 27).date()
    assert placed.reason == (
        "Held until Thu 27 Mar: the last nudge to this person or their company went on "
        "Thu 20 Mar, and nudges stay 5 business days apart (CAD-002, CAD-003)."
    ), placed.reason
