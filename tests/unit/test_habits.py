"""Habits measured from records (domain/timing/habits.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from followup.domain.records.followups import Direction, FollowUp, Kind, Message, Status, Window
from followup.domain.records.model import Application, Interview, Stage
from followup.domain.timing.habits import delay_bucket, review

T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def thank_you(
    fid: int, sent_after: timedelta | None, latest_after: timedelta
) -> tuple[FollowUp, list[Message]]:
    f = FollowUp(
        id=fid,
        key=f"k{fid}",
        kind=Kind.THANK_YOU,
        application_id=1,
        interview_id=1,
        contact_id=fid,
        window=Window(earliest=T0, recommended=T0 + timedelta(hours=18), latest=T0 + latest_after),
        status=Status.SENT if sent_after is not None else Status.PLANNED,
        created_at=T0,
        updated_at=T0,
    )
    if sent_after is None:
        return f, []
    out = Message(
        contact_id=fid,
        application_id=1,
        followup_id=fid,
        direction=Direction.OUT,
        kind=Kind.THANK_YOU,
        at=T0 + sent_after,
    )
    return f, [out]


def test_on_time_delay_and_reply_rates() -> None:
    a, ma = thank_you(1, timedelta(hours=20), timedelta(hours=24))  # on time, 2-24 h
    b, mb = thank_you(2, timedelta(hours=50), timedelta(hours=24))  # late, 2-4 days
    c, mc = thank_you(3, None, timedelta(hours=24))  # never sent: not counted
    reply = Message(
        contact_id=1, application_id=1, direction=Direction.IN, at=T0 + timedelta(days=2)
    )
    interview = Interview(id=1, application_id=1, end=T0, tz="UTC")
    app = Application(id=1, company_id=1, role="R", stage=Stage.INTERVIEWING, created_at=T0)
    h = review([a, b, c], [*ma, *mb, *mc, reply], [interview], [app], {1: "Acme: R"}, cap=2)
    assert (h.on_time.hits, h.on_time.total) == (1, 2)
    assert {r.label: r.hits for r in h.delays} == {
        "under 2 h": 0,
        "2–24 h": 1,
        "24–48 h": 0,
        "2–4 days": 1,
        "over 4 days": 0,
    }
    [kind] = h.reply_by_kind
    assert (kind.label, kind.hits, kind.total) == ("thank you", 1, 2)
    by_delay = {r.label: (r.hits, r.total) for r in h.reply_by_delay}
    assert by_delay["2–24 h"] == (1, 1) and by_delay["2–4 days"] == (0, 1)
    assert h.nudges == ()  # thank-yous are not nudges (CAD-006)


def test_unanswered_nudges_against_the_cap() -> None:
    app = Application(id=1, company_id=1, role="R", stage=Stage.INTERVIEWING, created_at=T0)
    nudges = [
        Message(
            contact_id=1,
            application_id=1,
            direction=Direction.OUT,
            kind=Kind.STATUS_CHECK,
            at=T0 + timedelta(days=7 * i),
        )
        for i in range(1, 4)
    ]
    h = review([], nudges, [], [app], {1: "Acme: R"}, cap=2)
    [rate] = h.nudges
    assert (rate.label, rate.hits, rate.total) == ("Acme: R", 3, 2)


@given(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=60)))
def test_every_delay_has_exactly_one_bucket(delay: timedelta) -> None:
    label = delay_bucket(delay)
    assert label in {"under 2 h", "2–24 h", "24–48 h", "2–4 days", "over 4 days"}
    if delay < timedelta(hours=2):
        assert label == "under 2 h"
    if delay >= timedelta(days=4):
        assert label == "over 4 days"
