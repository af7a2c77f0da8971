"""Nothing a re-plan creates is overdue (issue 16, point 3; TIMING-001): a follow-up whose
window has already passed opens now, marked late, while its occasion is recent, and is not
planned at all once the occasion is long gone."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from followup.domain.records.followups import FollowUp, Kind, Status, Window
from followup.domain.timing.planner import LATE_GRACE, LATE_WINDOW, merge
from followup.domain.timing.planning import Plan

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


def derived(key: str, kind: Kind, latest: datetime) -> FollowUp:
    start = latest - timedelta(days=1)
    return FollowUp(
        key=key,
        kind=kind,
        window=Window(earliest=start, recommended=start, latest=latest),
        reason="A thank-you for the interview.",
        created_at=NOW,
        updated_at=NOW,
    )


def stored(changes: list[FollowUp]) -> list[FollowUp]:
    return [dataclasses.replace(c, id=n) for n, c in enumerate(changes, start=1)]


def test_a_thank_you_whose_window_just_closed_opens_now_marked_late() -> None:
    late = derived("thank-you/i1/c1", Kind.THANK_YOU, NOW - timedelta(days=2))
    [born] = merge([], Plan([late], {}), NOW)
    assert born.window == Window(earliest=NOW, recommended=NOW, latest=NOW + LATE_WINDOW)
    assert born.window.latest >= NOW  # not overdue: the candidate has not let it pass
    assert born.reason.startswith("Late: its usual window closed")
    assert "TIMING-001" in born.reason and born.reason.endswith(late.reason)


def test_a_thank_you_for_an_occasion_long_gone_is_not_planned() -> None:
    old = derived(
        "thank-you/i1/c1", Kind.THANK_YOU, NOW - LATE_GRACE[Kind.THANK_YOU] - timedelta(hours=1)
    )
    year_ago = derived(
        "coordinator-thanks/i2/c3", Kind.COORDINATOR_THANKS, NOW - timedelta(days=365)
    )
    assert merge([], Plan([old, year_ago], {}), NOW) == []


def test_a_status_check_past_its_window_opens_now_within_the_stale_limit() -> None:
    waiting = derived("status-check/a1/n1", Kind.STATUS_CHECK, NOW - timedelta(days=10))
    [born] = merge([], Plan([waiting], {}), NOW)
    assert born.window.earliest == NOW and born.status is Status.PLANNED
    assert (
        merge(
            [],
            Plan([derived("status-check/a2/n1", Kind.STATUS_CHECK, NOW - timedelta(days=20))], {}),
            NOW,
        )
        == []
    )


def test_a_late_follow_up_keeps_its_window_on_the_next_runs() -> None:
    late = derived("thank-you/i1/c1", Kind.THANK_YOU, NOW - timedelta(days=2))
    rows = stored(merge([], Plan([late], {}), NOW))
    for later in (NOW + timedelta(hours=1), NOW + timedelta(hours=20)):
        assert merge(rows, Plan([late], {}), later) == []  # idempotent: no churn


def test_a_window_still_open_is_left_as_planned() -> None:
    due = derived("thank-you/i1/c1", Kind.THANK_YOU, NOW + timedelta(hours=3))
    [born] = merge([], Plan([due], {}), NOW)
    assert born == due


def test_a_note_for_a_record_just_logged_still_opens_late_within_the_stale_limit() -> None:
    """One application's re-plan follows a record the user has just logged: its thank-you
    opens now, late, rather than not at all (TIMING-001: late beats never)."""
    logged = derived("thank-you/i1/c1", Kind.THANK_YOU, NOW - timedelta(days=9))
    assert merge([], Plan([logged], {}), NOW) == []
    [born] = merge([], Plan([logged], {}), NOW, late_grace={})
    assert born.window.earliest == NOW and born.reason.startswith("Late:")
    gone = derived("thank-you/i2/c1", Kind.THANK_YOU, NOW - timedelta(days=15))
    assert merge([], Plan([gone], {}), NOW, late_grace={}) == []
