"""Issue 14 in the planner: the decision date and the meeting's kind change the plan, days
off are the employer's, and nothing opens before its cause."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup.adapters.calendar.holidays import MemoryHolidays
from followup.domain.records.followups import Direction, Kind, Message, Window
from followup.domain.records.model import (
    Application,
    Company,
    Contact,
    InterviewKind,
    Stage,
    StageChange,
)
from followup.domain.timing.calendar import BusinessCalendar
from followup.domain.timing.planner import plan
from followup.domain.timing.planning import Plan, Planning
from followup.domain.timing.policy import DEFAULT, Policies
from followup.domain.timing.sectors import Sector, quiet_reason, sector_of
from followup.domain.timing.windows import status_check
from tests.unit.test_planner import ACME, APP, NOW, ROUND_1, at, records

NY = ZoneInfo("America/New_York")
HOLIDAYS = MemoryHolidays(
    {
        "US": {
            date(2026, 11, 11): "Veterans Day",
            date(2026, 11, 26): "Thanksgiving Day",
            date(2026, 12, 25): "Christmas Day",
            date(2027, 1, 1): "New Year's Day",
        }
    },
    government={"CA": {date(2026, 11, 11): "Remembrance Day"}},
)
POLICIES = Policies()


def thank_you_of(result: Plan) -> Window:
    return next(f for f in result.followups if f.key == "thank-you/i1/c1").window


def test_a_same_day_decision_moves_the_thank_you_before_it() -> None:
    # TIMING-003: ROUND_1 ends Tue 17 Nov 15:00; they decide Wed 18 Nov.
    decided = dataclasses.replace(ROUND_1, decision_by=date(2026, 11, 18))
    result = plan(records(interviews=(decided,)), POLICIES, NOW, HOLIDAYS)
    window = thank_you_of(result)
    assert window.recommended == at(2026, 11, 17, 16)
    assert window.earliest == at(2026, 11, 17, 15, 30)
    reason = next(f for f in result.followups if f.key == "thank-you/i1/c1").reason
    assert "TIMING-003" in reason
    # A decision two working days out leaves the pace alone: the next morning.
    later = dataclasses.replace(ROUND_1, decision_by=date(2026, 11, 19))
    assert thank_you_of(plan(records(interviews=(later,)), POLICIES, NOW, HOLIDAYS)) == (
        thank_you_of(plan(records(), POLICIES, NOW, HOLIDAYS))
    )


def test_an_informational_meeting_gets_a_thank_you_and_no_status_check() -> None:
    chat = dataclasses.replace(ROUND_1, kind=InterviewKind.INFORMATIONAL)
    result = plan(records(interviews=(chat,)), POLICIES, NOW, HOLIDAYS)
    kinds = {f.kind for f in result.followups}
    assert Kind.THANK_YOU in kinds and Kind.STATUS_CHECK not in kinds
    assert "TIMING-006" in result.retired["status-check/a1/n1"]


@pytest.mark.parametrize(
    ("company", "recommended"),
    [
        (ACME, at(2026, 11, 11, 9)),  # a private software firm works on Veterans Day
        (dataclasses.replace(ACME, name="City of Boston", industry=""), at(2026, 11, 12, 9)),
        (dataclasses.replace(ACME, industry="government"), at(2026, 11, 12, 9)),
    ],
)
def test_days_off_are_the_employers(company: Company, recommended: datetime) -> None:
    # Tue 10 Nov 16:00: the next working morning is Wed 11 Nov unless it is a day off.
    tuesday = dataclasses.replace(ROUND_1, end=at(2026, 11, 10, 16))
    snapshot = records(companies=(company,), interviews=(tuesday,))
    assert thank_you_of(plan(snapshot, POLICIES, NOW, HOLIDAYS)).recommended == recommended


def _greeting(planning: Planning, contact: Contact, result: Plan) -> None:
    """A holiday greeting due 1-18 Dec, as the network rules would plan it."""
    cal, _ = planning.calendar(None, contact)
    first, last = cal.day(date(2026, 12, 1)), cal.day(date(2026, 12, 18))
    window = Window(earliest=first.open, recommended=first.pref_start, latest=last.close)
    result.followups.append(
        planning.followup(
            f"holiday/c{contact.id}/2026",
            Kind.HOLIDAY,
            window,
            "Season's greetings.",
            contact_id=contact.id,
        )
    )


def _news(planning: Planning, contact: Contact, result: Plan) -> None:
    cal, _ = planning.calendar(None, contact)
    first, last = cal.day(date(2026, 11, 30)), cal.day(date(2027, 1, 20))
    window = Window(earliest=first.open, recommended=first.pref_start, latest=last.close)
    result.followups.append(
        planning.followup(
            f"news-note/c{contact.id}",
            Kind.NEWS_NOTE,
            window,
            "Their launch.",
            contact_id=contact.id,
        )
    )


def _rejected(at_: datetime) -> Application:
    return dataclasses.replace(
        APP,
        stage=Stage.REJECTED,
        history=(*APP.history, StageChange(stage=Stage.REJECTED, at=at_)),
    )


def test_no_greeting_or_news_within_30_days_of_a_rejection() -> None:
    rejected = _rejected(at(2026, 11, 20, 10))
    result = plan(
        records(applications=(rejected,)),
        POLICIES,
        NOW,
        HOLIDAYS,
        contact_rules=(_greeting, _news),
    )
    # The greeting window (1-18 Dec) lies inside the 30 days: retired, with the reason.
    assert not [f for f in result.followups if f.kind is Kind.HOLIDAY]
    assert "NURTURE-004" in result.retired["holiday/c1/2026"]
    # The news note's window outlasts them: it opens 30 days after the rejection.
    news = next(f for f in result.followups if f.key == "news-note/c1")
    assert news.window.earliest == at(2026, 12, 20, 10)
    assert news.window.recommended >= news.window.earliest
    assert "NURTURE-004" in news.reason


def test_a_declined_offer_cools_greetings_too_and_an_old_no_does_not() -> None:
    declined = dataclasses.replace(
        APP,
        stage=Stage.WITHDRAWN,
        history=(
            *APP.history,
            StageChange(stage=Stage.OFFER, at=at(2026, 11, 20, 9)),
            StageChange(stage=Stage.WITHDRAWN, at=at(2026, 11, 25, 9)),
        ),
    )
    result = plan(
        records(applications=(declined,)), POLICIES, NOW, HOLIDAYS, contact_rules=(_greeting,)
    )
    assert "you declined its offer" in result.retired["holiday/c1/2026"]
    # Rejected in September: December greetings are fine.
    old = _rejected(at(2026, 9, 1, 10))
    result = plan(records(applications=(old,)), POLICIES, NOW, HOLIDAYS, contact_rules=(_greeting,))
    assert [f for f in result.followups if f.kind is Kind.HOLIDAY]


def test_a_sent_decline_counts_as_declining() -> None:
    decline = Message(
        contact_id=1,
        application_id=1,
        direction=Direction.OUT,
        kind=Kind.OFFER_DECLINE,
        at=at(2026, 11, 25, 9),
    )
    result = plan(records(messages=(decline,)), POLICIES, NOW, HOLIDAYS, contact_rules=(_greeting,))
    assert "holiday/c1/2026" in result.retired


def test_nothing_about_an_interview_opens_before_it_ended() -> None:
    def early(planning: Planning, contact: Contact, result: Plan) -> None:
        start = at(2026, 11, 17, 9)  # six hours before ROUND_1 ended
        result.followups.append(
            planning.followup(
                f"gratitude/c{contact.id}",
                Kind.GRATITUDE,
                Window(earliest=start, recommended=start, latest=start + timedelta(days=2)),
                "Thanks.",
                interview_id=1,
                contact_id=contact.id,
            )
        )

    result = plan(records(), POLICIES, NOW, HOLIDAYS, contact_rules=(early,))
    for followup in result.followups:
        if followup.interview_id == 1:
            assert followup.window.earliest >= ROUND_1.end, followup.key


@pytest.mark.parametrize(
    ("industry", "name", "sector"),
    [
        ("software", "Acme", Sector.PRIVATE),
        ("", "", Sector.PRIVATE),
        ("government", "", Sector.PUBLIC),
        ("", "Department of Veterans Affairs", Sector.PUBLIC),
        ("", "Ministry of Health", Sector.PUBLIC),
        ("software", "City of Austin", Sector.PUBLIC),
        ("", "Environmental Protection Agency", Sector.PUBLIC),
        ("higher education", "", Sector.EDUCATION),
        ("", "University of Oxford", Sector.EDUCATION),
        ("non-profit", "", Sector.NONPROFIT),
        ("", "Ford Foundation", Sector.NONPROFIT),
        ("edtech", "Duolingo", Sector.PRIVATE),
    ],
)
def test_sector_from_industry_and_name(industry: str, name: str, sector: Sector) -> None:
    assert sector_of(industry, name) is sector


def test_quiet_days() -> None:
    def holiday(d: date) -> str | None:
        return HOLIDAYS.holiday("US", d)

    assert quiet_reason(date(2026, 11, 27), holiday) == "the Friday after Thanksgiving"
    assert quiet_reason(date(2026, 12, 24), holiday) == "Christmas Eve"
    assert quiet_reason(date(2026, 12, 31), holiday) == "New Year's Eve"
    assert quiet_reason(date(2026, 11, 20), holiday) is None
    # Where 25 December is no holiday, 24 December is an ordinary day.
    assert quiet_reason(date(2026, 12, 24), lambda d: None) is None


def test_government_only_holidays_from_the_twin() -> None:
    toronto = ZoneInfo("America/Toronto")
    private = BusinessCalendar(toronto, "CA", DEFAULT, HOLIDAYS)
    public = BusinessCalendar(toronto, "CA", DEFAULT, HOLIDAYS, Sector.PUBLIC)
    assert private.is_business_day(date(2026, 11, 11))
    assert not public.is_business_day(date(2026, 11, 11))
    assert public.day(date(2026, 11, 11)).why == "Remembrance Day"


def test_a_status_check_window_closes_before_the_year_end_quiet_period() -> None:
    # Interview Thu 10 Dec: 7 business days later is Mon 21 Dec, moved to a mid-week day
    # would be Tue 22 Dec (in the blackout), so it stays Mon 21; its window would run to
    # Thu 24 Dec and closes on Mon 21 instead (SEND-005).
    cal = BusinessCalendar(NY, "US", DEFAULT, HOLIDAYS)
    result = status_check(datetime(2026, 12, 10, 15, tzinfo=NY), cal)
    assert result.recommended.date() == date(2026, 12, 21)
    assert result.latest.date() == date(2026, 12, 21)
    assert any("before the year-end quiet period" in r for r in result.reasons)
    assert not cal.in_blackout(result.latest.date())
