"""One cadence for everything, at the edges: the week between two notes to one person is
counted in their wall time when both are in their zone (a note at 09:00 frees the same
hour a week later, across a clock change), and between instants otherwise."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from followup.adapters.calendar.holidays import MemoryHolidays
from followup.domain.network.policy import NetworkPolicy
from followup.domain.network.spacing import space
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


def spaced(taken: FollowUp | Message, flexible: FollowUp) -> FollowUp:
    snapshot = Snapshot(
        profile=Profile(name="Ada", email="ada@example.org", tz="Europe/London", country="GB"),
        companies=(Company(id=1, name="Acme", tz="Europe/Madrid", country="ES"),),
        contacts=(GRACE,),
        messages=(taken,) if isinstance(taken, Message) else (),
    )
    planning = Planning(snapshot, Policies(DEFAULT), NOW, MemoryHolidays())
    fixed = [taken] if isinstance(taken, FollowUp) else []
    result, deferred = space(Plan([*fixed, flexible], {}), planning, NetworkPolicy())
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
    assert placed.reason.startswith("Held until Tue 1 Apr: another note to this person"), placed
