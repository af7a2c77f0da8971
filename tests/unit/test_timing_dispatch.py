"""The send decision (issue 14 item 6, domain part): send now, schedule, or warn past the
latest time, always in the recipient's zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.adapters.calendar.holidays import MemoryHolidays
from followup.domain.errors import ValidationError
from followup.domain.records.followups import Window
from followup.domain.timing.calendar import BusinessCalendar
from followup.domain.timing.dispatch import Action, decide
from followup.domain.timing.policy import DEFAULT

NY = ZoneInfo("America/New_York")
CAL = BusinessCalendar(NY, "US", DEFAULT, MemoryHolidays())


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=NY)  # type: ignore[misc,arg-type]


# A thank-you for an interview that ended Tue 17 Nov 15:00: Tue 17:00 to Thu 15:00.
WINDOW = Window(
    earliest=at(2026, 11, 17, 17), recommended=at(2026, 11, 18, 9), latest=at(2026, 11, 19, 15)
)


def test_inside_the_window_and_business_hours_it_goes_now() -> None:
    decision = decide(WINDOW, at(2026, 11, 18, 10, 30), CAL)
    assert decision.action is Action.SEND_NOW
    assert decision.at == at(2026, 11, 18, 10, 30)


def test_too_soon_is_scheduled_for_the_recommended_time() -> None:
    decision = decide(WINDOW, at(2026, 11, 17, 15, 20), CAL)
    assert decision.action is Action.SCHEDULE
    assert decision.at == WINDOW.recommended
    assert "Wed 18 Nov 09:00" in decision.reason and "TIMING-002" in decision.reason


def test_five_in_the_morning_their_time_waits_for_their_morning() -> None:
    # 05:00 in New York is 11:00 in Berlin, where the candidate clicks send.
    now = datetime(2026, 11, 18, 11, tzinfo=ZoneInfo("Europe/Berlin"))
    decision = decide(WINDOW, now, CAL)
    assert decision.action is Action.SCHEDULE
    assert decision.at == at(2026, 11, 18, 9)
    assert "It is 05:00 New York time" in decision.reason


def test_late_evening_inside_the_window_waits_for_the_next_morning() -> None:
    decision = decide(WINDOW, at(2026, 11, 18, 22), CAL)
    assert decision.action is Action.SCHEDULE
    assert decision.at == at(2026, 11, 19, 9)


def test_past_the_latest_time_it_warns() -> None:
    decision = decide(WINDOW, at(2026, 11, 29, 10), CAL)  # 12 days late
    assert decision.action is Action.PAST_LATEST
    assert "--now" in decision.reason and "Thu 19 Nov 15:00" in decision.reason


def test_no_business_moment_left_before_the_window_closes_sends_now() -> None:
    short = Window(
        earliest=at(2026, 11, 18, 17), recommended=at(2026, 11, 18, 17), latest=at(2026, 11, 18, 20)
    )
    decision = decide(short, at(2026, 11, 18, 19), CAL)
    assert decision.action is Action.SEND_NOW


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValidationError, match="now"):
        decide(WINDOW, datetime(2026, 11, 18, 10), CAL)


@given(offset=st.integers(min_value=-3 * 24 * 60, max_value=15 * 24 * 60))
def test_the_decision_never_sends_before_the_window_or_schedules_past_it(offset: int) -> None:
    now = (WINDOW.earliest + timedelta(minutes=offset)).astimezone(UTC)
    decision = decide(WINDOW, now, CAL)
    if decision.action is Action.SCHEDULE:
        assert now < decision.at <= WINDOW.latest
        assert decision.at >= WINDOW.earliest
    elif decision.action is Action.SEND_NOW:
        assert WINDOW.earliest <= now <= WINDOW.latest
    else:
        assert now > WINDOW.latest
