"""Timing windows (TIMING-001..008, SEND-001..005) across zones, DST changes and holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.adapters.calendar.holidays import MemoryHolidays, PackageHolidays
from followup.domain.errors import ValidationError
from followup.domain.records.model import Pace
from followup.domain.records.zones import zone_country
from followup.domain.timing.calendar import BusinessCalendar, NoHolidays
from followup.domain.timing.policy import DEFAULT, PaceChoice, Policy
from followup.domain.timing.sectors import Sector
from followup.domain.timing.windows import (
    offer_ack,
    offer_reminder,
    rejection_reply,
    status_check,
    thank_you,
)

HOLIDAYS = PackageHolidays()

NY, LONDON, BERLIN = "America/New_York", "Europe/London", "Europe/Berlin"
SF, TOKYO = "America/Los_Angeles", "Asia/Tokyo"


def at(zone: str, *parts: int) -> datetime:
    return datetime(*parts, tzinfo=ZoneInfo(zone))  # type: ignore[misc,arg-type]


def cal(zone: str, country: str, policy: Policy = DEFAULT) -> BusinessCalendar:
    return BusinessCalendar(ZoneInfo(zone), country, policy, HOLIDAYS)


def pace(p: Pace) -> PaceChoice:
    return PaceChoice(p, f"The {p} pace.")


# end, recipient zone, country, pace -> earliest, recommended, latest (recipient local)
THANK_YOU_TABLE = [
    pytest.param(
        at(NY, 2026, 11, 24, 15, 0),
        LONDON,
        "GB",
        Pace.FAST,
        at(LONDON, 2026, 11, 25, 8, 0),
        at(LONDON, 2026, 11, 25, 9, 0),
        at(LONDON, 2026, 11, 25, 18, 0),
        id="cross-zone: NY interview, London recipient, next London morning",
    ),
    pytest.param(
        at(NY, 2026, 11, 20, 15, 0),
        NY,
        "US",
        Pace.FAST,
        at(NY, 2026, 11, 20, 17, 0),
        at(NY, 2026, 11, 23, 9, 0),
        at(NY, 2026, 11, 23, 15, 0),
        id="Friday afternoon, fast field: Monday morning (TIMING-004)",
    ),
    pytest.param(
        at(NY, 2026, 11, 25, 15, 0),
        NY,
        "US",
        Pace.FAST,
        at(NY, 2026, 11, 25, 17, 0),
        at(NY, 2026, 11, 27, 9, 0),
        at(NY, 2026, 11, 27, 15, 0),
        id="US Thanksgiving swallows Thursday: Friday morning",
    ),
    pytest.param(
        at(NY, 2026, 11, 25, 15, 0),
        NY,
        "US",
        Pace.RELAXED,
        at(NY, 2026, 11, 25, 17, 0),
        at(NY, 2026, 11, 30, 9, 0),
        at(NY, 2026, 12, 1, 15, 0),
        id="US Thanksgiving, relaxed: no morning within 48 h, so Monday (not the quiet Friday)",
    ),
    pytest.param(
        at(LONDON, 2026, 5, 1, 14, 0),
        LONDON,
        "GB",
        Pace.FAST,
        at(LONDON, 2026, 5, 1, 16, 0),
        at(LONDON, 2026, 5, 5, 9, 0),
        at(LONDON, 2026, 5, 5, 14, 0),
        id="UK May Day bank-holiday Monday: Tuesday",
    ),
    pytest.param(
        at(LONDON, 2026, 4, 2, 16, 0),
        LONDON,
        "GB",
        Pace.FAST,
        at(LONDON, 2026, 4, 2, 18, 0),
        at(LONDON, 2026, 4, 7, 9, 0),
        at(LONDON, 2026, 4, 7, 16, 0),
        id="Good Friday and Easter Monday (England): Tuesday",
    ),
    pytest.param(
        at(TOKYO, 2026, 4, 30, 15, 0),
        TOKYO,
        "JP",
        Pace.STANDARD,
        at(TOKYO, 2026, 4, 30, 17, 0),
        at(TOKYO, 2026, 5, 1, 9, 0),
        at(TOKYO, 2026, 5, 7, 15, 0),
        id="Japan Golden Week: Fri 1 May is a working morning; the window stretches past 3-6 May",
    ),
    pytest.param(
        at(LONDON, 2024, 2, 29, 16, 0),
        LONDON,
        "GB",
        Pace.RELAXED,
        at(LONDON, 2024, 2, 29, 18, 0),
        at(LONDON, 2024, 3, 1, 9, 0),
        at(LONDON, 2024, 3, 5, 16, 0),
        id="leap day, relaxed: Friday, as the second morning (Monday) is past 48 h",
    ),
    pytest.param(
        at(NY, 2028, 2, 28, 15, 0),
        NY,
        "US",
        Pace.STANDARD,
        at(NY, 2028, 2, 28, 17, 0),
        at(NY, 2028, 2, 29, 9, 0),
        at(NY, 2028, 3, 1, 15, 0),
        id="standard pace: the next working morning is 29 Feb 2028",
    ),
    pytest.param(
        at(NY, 2026, 10, 30, 15, 0),
        NY,
        "US",
        Pace.FAST,
        at(NY, 2026, 10, 30, 17, 0),
        at(NY, 2026, 11, 2, 9, 0),
        at(NY, 2026, 11, 2, 15, 0),
        id="US DST ends (Sun 1 Nov, skipped): Monday 09:00 EST",
    ),
    pytest.param(
        at(NY, 2026, 3, 6, 15, 0),
        NY,
        "US",
        Pace.FAST,
        at(NY, 2026, 3, 6, 17, 0),
        at(NY, 2026, 3, 9, 9, 0),
        at(NY, 2026, 3, 9, 15, 0),
        id="US DST starts (8 Mar): Monday 09:00 EDT",
    ),
    pytest.param(
        at(BERLIN, 2026, 10, 23, 15, 0),
        BERLIN,
        "DE",
        Pace.FAST,
        at(BERLIN, 2026, 10, 23, 17, 0),
        at(BERLIN, 2026, 10, 26, 9, 0),
        at(BERLIN, 2026, 10, 26, 15, 0),
        id="EU DST ends (25 Oct): Monday 09:00 CET",
    ),
    pytest.param(
        at(BERLIN, 2026, 3, 27, 15, 0),
        BERLIN,
        "DE",
        Pace.FAST,
        at(BERLIN, 2026, 3, 27, 17, 0),
        at(BERLIN, 2026, 3, 30, 9, 0),
        at(BERLIN, 2026, 3, 30, 15, 0),
        id="EU DST starts (29 Mar): Monday 09:00 CEST",
    ),
    pytest.param(
        at(LONDON, 2026, 10, 27, 16, 0),
        NY,
        "US",
        Pace.FAST,
        at(NY, 2026, 10, 27, 14, 0),
        at(NY, 2026, 10, 27, 14, 0),
        at(NY, 2026, 10, 28, 12, 0),
        id="the week the US and EU clocks disagree: 12:00 in NY, so the same day at 14:00",
    ),
    pytest.param(
        at(BERLIN, 2026, 11, 17, 18, 0),
        SF,
        "US",
        Pace.FAST,
        at(SF, 2026, 11, 17, 11, 0),
        at(SF, 2026, 11, 17, 11, 0),
        at(SF, 2026, 11, 18, 9, 0),
        id="Berlin candidate, San Francisco interviewer: same SF morning",
    ),
    pytest.param(
        at(SF, 2026, 11, 17, 9, 0),
        BERLIN,
        "DE",
        Pace.FAST,
        at(BERLIN, 2026, 11, 18, 8, 0),
        at(BERLIN, 2026, 11, 18, 9, 0),
        at(BERLIN, 2026, 11, 18, 18, 0),
        id="SF interview, Berlin recipient: it is evening there, so the next Berlin morning",
    ),
]


@pytest.mark.parametrize(
    ("end", "zone", "country", "p", "earliest", "recommended", "latest"), THANK_YOU_TABLE
)
def test_thank_you_table(
    end: datetime,
    zone: str,
    country: str,
    p: Pace,
    earliest: datetime,
    recommended: datetime,
    latest: datetime,
) -> None:
    result = thank_you(end, cal(zone, country), pace(p))
    assert (result.earliest, result.recommended, result.latest) == (earliest, recommended, latest)
    # Shown in the recipient's zone, with the right offset after any DST change.
    assert result.recommended.utcoffset() == recommended.utcoffset()
    assert str(result.recommended.tzinfo) == zone
    assert result.pace is p


def test_stretch_reasons_name_the_days_off() -> None:
    thanksgiving = thank_you(at(NY, 2026, 11, 25, 15, 0), cal(NY, "US"), pace(Pace.RELAXED))
    text = " ".join(thanksgiving.reasons)
    assert "Thanksgiving Day (Thu 26 Nov, a public holiday in US)" in text
    assert "the weekend (Sat 28 Nov–Sun 29 Nov)" in text
    golden_week = thank_you(at(TOKYO, 2026, 4, 30, 15, 0), cal(TOKYO, "JP"), pace(Pace.STANDARD))
    golden = " ".join(golden_week.reasons)
    assert "Greenery Day" in golden and "Children's Day" in golden
    plain = thank_you(at(NY, 2026, 11, 24, 9, 0), cal(NY, "US"), pace(Pace.FAST))
    assert not any("stretches" in r for r in plain.reasons)
    assert all(r.endswith(".") for r in plain.reasons)


def test_same_day_when_the_interview_ends_early() -> None:
    # TIMING-001: same day is best; 2 hours after an 08:30 end is still in the preferred slot.
    result = thank_you(at(NY, 2026, 11, 24, 8, 30), cal(NY, "US"), pace(Pace.FAST))
    assert result.recommended == at(NY, 2026, 11, 24, 10, 30)


def test_recommended_is_rounded_to_five_minutes() -> None:
    result = thank_you(at(NY, 2026, 11, 24, 8, 3, 20), cal(NY, "US"), pace(Pace.FAST))
    assert result.recommended == at(NY, 2026, 11, 24, 10, 5)


def test_informational_meetings_get_three_business_days() -> None:
    result = thank_you(
        at(NY, 2026, 11, 20, 15, 0), cal(NY, "US"), pace(Pace.FAST), informational=True
    )
    assert result.latest == at(NY, 2026, 11, 25, 18, 0)  # Mon, Tue, Wed: TIMING-006
    assert "TIMING-006" in result.reasons[0]


def test_naive_interview_end_is_refused() -> None:
    with pytest.raises(ValidationError, match="interview_end"):
        thank_you(datetime(2026, 11, 24, 15, 0), cal(NY, "US"), pace(Pace.FAST))


def test_friday_saturday_weekend_from_the_calendar() -> None:
    israel = cal("Asia/Jerusalem", "IL")
    result = thank_you(at("Asia/Jerusalem", 2026, 11, 19, 15, 0), israel, pace(Pace.FAST))
    # Thursday afternoon: Friday and Saturday are the weekend there, so Sunday morning.
    assert result.recommended == at("Asia/Jerusalem", 2026, 11, 22, 9, 0)


# --- business days and calendars -----------------------------------------------------


def test_add_business_days_both_ways_and_over_holidays() -> None:
    us = cal(NY, "US")
    assert us.add_business_days(date(2026, 11, 25), 1) == date(2026, 11, 27)  # Thanksgiving
    assert us.add_business_days(date(2026, 11, 27), -1) == date(2026, 11, 25)
    assert us.add_business_days(date(2026, 11, 28), 0) == date(2026, 11, 30)
    assert us.add_business_days(date(2026, 11, 20), 5) == date(2026, 11, 30)


def test_memory_holidays_twin_behaves_like_the_package() -> None:
    twin = MemoryHolidays({"US": {date(2026, 11, 26): "Thanksgiving Day"}})
    mine = BusinessCalendar(ZoneInfo(NY), "US", DEFAULT, twin)
    real = thank_you(at(NY, 2026, 11, 25, 15, 0), cal(NY, "US"), pace(Pace.FAST))
    fake = thank_you(at(NY, 2026, 11, 25, 15, 0), mine, pace(Pace.FAST))
    assert (fake.earliest, fake.recommended, fake.latest) == (
        real.earliest,
        real.recommended,
        real.latest,
    )
    assert twin.check_country("us") == "US"
    with pytest.raises(ValidationError, match="unknown country code 'XX'"):
        twin.check_country("XX")


def test_unknown_country_lists_close_matches() -> None:
    with pytest.raises(ValidationError) as info:
        HOLIDAYS.check_country("XU")
    assert "US (United States)" in str(info.value)
    with pytest.raises(ValidationError, match=r"DE \(Germany\)"):
        HOLIDAYS.check_country("Germny")
    assert HOLIDAYS.check_country("uk") == "GB"


def test_blackout_wraps_the_year() -> None:
    us = cal(NY, "US")
    assert us.in_blackout(date(2026, 12, 22)) and us.in_blackout(date(2027, 1, 2))
    assert not us.in_blackout(date(2026, 12, 21)) and not us.in_blackout(date(2027, 1, 3))
    assert us.after_blackout(date(2026, 12, 24)) == date(2027, 1, 4)


# --- status checks, offers, rejections -------------------------------------------------


def test_status_check_without_a_date_is_seven_business_days() -> None:
    # TIMING-008: Tue 15 Sep + 5 business days = Tue 22 Sep; + 7 = Thu 24 Sep.
    result = status_check(at(NY, 2026, 9, 15, 15, 0), cal(NY, "US"))
    assert result.earliest == at(NY, 2026, 9, 22, 8, 0)
    assert result.recommended == at(NY, 2026, 9, 24, 9, 0)
    assert result.latest == at(NY, 2026, 9, 29, 18, 0)


def test_status_check_counts_holidays_out() -> None:
    # Veterans Day (Wed 11 Nov) is not a business day at a public employer: 7 business days
    # after Tue 3 Nov is Fri 13 Nov, and mid-week is preferred, so Tue 17 Nov (SEND-003).
    public = BusinessCalendar(ZoneInfo(NY), "US", DEFAULT, HOLIDAYS, Sector.PUBLIC)
    result = status_check(at(NY, 2026, 11, 3, 15, 0), public)
    assert result.recommended == at(NY, 2026, 11, 17, 9, 0)
    # A private employer works on Veterans Day: the 7th business day is Thu 12 Nov.
    result = status_check(at(NY, 2026, 11, 3, 15, 0), cal(NY, "US"))
    assert result.recommended == at(NY, 2026, 11, 12, 9, 0)


def test_status_check_after_a_decision_date_never_before_it() -> None:
    # TIMING-007: decision Fri 6 Nov -> earliest Mon 9, recommended Tue 10 (2 business days).
    result = status_check(at(NY, 2026, 11, 2, 15, 0), cal(NY, "US"), decision_by=date(2026, 11, 6))
    assert result.earliest == at(NY, 2026, 11, 9, 8, 0)
    assert result.recommended == at(NY, 2026, 11, 10, 9, 0)
    assert result.earliest.date() > date(2026, 11, 6)


def test_status_check_prefers_midweek() -> None:
    # Decision Thu 5 Nov + 2 business days = Mon 9 Nov -> Tue 10 Nov (SEND-003).
    result = status_check(at(NY, 2026, 11, 2, 15, 0), cal(NY, "US"), decision_by=date(2026, 11, 5))
    assert result.recommended == at(NY, 2026, 11, 10, 9, 0)
    assert any("SEND-003" in r for r in result.reasons)


def test_status_check_waits_out_the_year_end_quiet_period() -> None:
    result = status_check(at(NY, 2026, 12, 14, 15, 0), cal(NY, "US"))
    assert result.recommended.date() >= date(2027, 1, 4)
    assert any("SEND-005" in r for r in result.reasons)


def test_status_check_respects_a_minimum_gap() -> None:
    result = status_check(
        at(NY, 2026, 11, 3, 15, 0),
        cal(NY, "US"),
        not_before=date(2026, 11, 19),
        not_before_reason="gap",
    )
    assert result.earliest == at(NY, 2026, 11, 19, 8, 0)
    assert "gap" in result.reasons


def test_offer_ack_within_one_business_day() -> None:
    result = offer_ack(at(NY, 2026, 11, 6, 16, 0), cal(NY, "US"))  # a Friday
    assert result.recommended == at(NY, 2026, 11, 9, 9, 0)
    assert result.latest == at(NY, 2026, 11, 9, 16, 0)


def test_offer_reminder_halfway() -> None:
    result = offer_reminder(at(NY, 2026, 11, 6, 16, 0), date(2026, 11, 13), cal(NY, "US"))
    assert result is not None
    assert result.recommended == at(NY, 2026, 11, 10, 9, 0)
    assert result.latest == at(NY, 2026, 11, 12, 18, 0)
    assert offer_reminder(at(NY, 2026, 11, 6, 16, 0), date(2026, 11, 6), cal(NY, "US")) is None


def test_rejection_reply_one_to_two_business_days() -> None:
    result = rejection_reply(at(NY, 2026, 11, 6, 16, 0), cal(NY, "US"))
    assert result.earliest == at(NY, 2026, 11, 6, 17, 0)  # not in the first hour
    assert result.recommended == at(NY, 2026, 11, 9, 9, 0)
    assert result.latest == at(NY, 2026, 11, 10, 18, 0)


# --- properties ------------------------------------------------------------------------

ZONES = [
    NY,
    LONDON,
    BERLIN,
    SF,
    TOKYO,
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/St_Johns",
    "America/Sao_Paulo",
    "Asia/Jerusalem",
    "Africa/Nairobi",
    "Pacific/Auckland",
    "UTC",
]

ends = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
)


def _is_business_time(t: datetime, c: BusinessCalendar) -> bool:
    local = t.astimezone(c.zone)
    day = local.date()
    holiday = c.holidays.holiday(c.country, day)
    if c.country == "US" and c.sector is Sector.PRIVATE and holiday:
        # US private employers work on the federal-only holidays.
        holiday = None if holiday.startswith(("Columbus Day", "Veterans Day")) else holiday
    return (
        local.weekday() not in c.weekend
        and holiday is None
        and c.policy.business_start <= local.time() <= c.policy.business_end
    )


@given(end=ends, zone=st.sampled_from(ZONES), p=st.sampled_from(list(Pace)))
def test_thank_you_properties(end: datetime, zone: str, p: Pace) -> None:
    c = cal(zone, zone_country(zone) or "")
    result = thank_you(end, c, pace(p))
    assert result.earliest <= result.recommended <= result.latest
    assert result.earliest >= end + DEFAULT.thank_you_min_delay  # TIMING-002
    assert _is_business_time(result.recommended, c)
    local = result.recommended.astimezone(c.zone)
    if local.date() != end.astimezone(c.zone).date():
        # Only a fast field's same-day note may fall outside the preferred morning hours.
        assert DEFAULT.preferred_start <= local.time() <= DEFAULT.preferred_end
    else:
        assert p is Pace.FAST or local.time() <= DEFAULT.preferred_end
    assert str(result.recommended.tzinfo) == str(c.zone)
    # The seed's outer bound: a relaxed note never goes past 48 h while a working morning
    # exists before that day ends.
    if p is Pace.RELAXED and result.recommended - end > timedelta(hours=48):
        bound = (end + timedelta(hours=48)).astimezone(c.zone).date()
        first = local.date() - timedelta(days=1)
        while first > bound:
            assert not c.is_business_day(first) or c.day(first).quiet, first
            first -= timedelta(days=1)


hours = st.integers(min_value=0, max_value=23)


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    open_h = draw(st.integers(min_value=5, max_value=10))
    close_h = draw(st.integers(min_value=open_h + 2, max_value=22))
    pref_start = draw(st.integers(min_value=open_h, max_value=close_h - 1))
    pref_end = draw(st.integers(min_value=pref_start + 1, max_value=close_h))
    delay = draw(st.integers(min_value=0, max_value=12))
    mornings = {p: draw(st.integers(min_value=0, max_value=3)) for p in Pace}
    latest = {p: timedelta(hours=delay + draw(st.integers(0, 72))) for p in Pace}
    return Policy(
        business_start=time(open_h),
        business_end=time(close_h),
        preferred_start=time(pref_start),
        preferred_end=time(pref_end),
        thank_you_min_delay=timedelta(hours=delay),
        thank_you_mornings=mornings,
        thank_you_latest=latest,
    )


@given(end=ends, zone=st.sampled_from(ZONES), p=st.sampled_from(list(Pace)), policy=policies())
def test_thank_you_properties_hold_for_any_policy(
    end: datetime, zone: str, p: Pace, policy: Policy
) -> None:
    c = BusinessCalendar(ZoneInfo(zone), zone_country(zone) or "", policy, NoHolidays())
    result = thank_you(end, c, pace(p))
    assert result.earliest <= result.recommended <= result.latest
    assert result.earliest >= end + policy.thank_you_min_delay
    assert _is_business_time(result.recommended, c)


@given(end=ends, zone=st.sampled_from(ZONES), days=st.integers(min_value=0, max_value=20))
def test_status_check_properties(end: datetime, zone: str, days: int) -> None:
    c = cal(zone, zone_country(zone) or "")
    decision = end.astimezone(c.zone).date() + timedelta(days=days) if days % 2 else None
    result = status_check(end, c, decision_by=decision)
    assert result.earliest <= result.recommended <= result.latest
    assert _is_business_time(result.recommended, c)
    assert not c.in_blackout(result.recommended.astimezone(c.zone).date())  # SEND-005
    if decision is not None:
        assert result.earliest.astimezone(c.zone).date() > decision  # TIMING-007
