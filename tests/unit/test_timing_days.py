"""A calendar day looks its holidays up only when asked whether it is a business day.

The real holiday table (the `holidays` package) costs an import and a country's year, so
asking a calendar for a local date or a day's hours, as the agenda's cadence check does
first, must not load it (issue 3's startup budget)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup.adapters.calendar.holidays import MemoryHolidays
from followup.domain.timing.calendar import BusinessCalendar
from followup.domain.timing.policy import DEFAULT

THANKSGIVING = date(2026, 11, 26)


class CountingHolidays(MemoryHolidays):
    """The in-memory twin, remembering which days were looked up."""

    def __init__(self) -> None:
        super().__init__({"US": {THANKSGIVING: "Thanksgiving Day"}})
        self.asked: list[date] = []

    def holiday(self, country: str, day: date) -> str | None:
        self.asked.append(day)
        return super().holiday(country, day)


def new_york(holidays: CountingHolidays) -> BusinessCalendar:
    return BusinessCalendar(ZoneInfo("America/New_York"), "US", DEFAULT, holidays)


def test_local_dates_and_hours_need_no_holiday_lookup() -> None:
    holidays = CountingHolidays()
    cal = new_york(holidays)
    late = datetime(2026, 11, 27, 3, tzinfo=UTC)  # still Thanksgiving in New York
    assert cal.local_date(late) == THANKSGIVING
    day = cal.day(THANKSGIVING)
    assert cal.local(day.open).time() == DEFAULT.business_start
    assert cal.local(day.open).date() == THANKSGIVING
    assert cal.local(late).date() == THANKSGIVING
    assert holidays.asked == []


def test_business_day_is_looked_up_once_on_first_use() -> None:
    holidays = CountingHolidays()
    cal = new_york(holidays)
    day = cal.day(THANKSGIVING)
    assert day.business is False and day.why == "Thanksgiving Day"
    assert cal.is_business_day(THANKSGIVING) is False
    assert holidays.asked == [THANKSGIVING]
    saturday = cal.day(date(2026, 11, 28))
    assert saturday.why == "Saturday" and not saturday.business
    monday = cal.day(date(2026, 11, 30))
    assert monday.business and monday.why is None
    # Counting business days still skips the holiday and the weekend (SEND-001).
    assert cal.add_business_days(date(2026, 11, 25), 2) == date(2026, 11, 30)


@pytest.mark.parametrize(
    "zone",
    # Half-hour DST (Lord Howe), a midnight change (Santiago), none at all (Kolkata), and
    # the usual spring and autumn weekends.
    ["America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Santiago",
     "Asia/Kolkata", "Pacific/Chatham"],
)  # fmt: skip
def test_a_days_hours_are_its_local_times_across_clock_changes(zone: str) -> None:
    """A day without a clock change adds its hours to midnight; every day, changes
    included, gives the instants its local times name."""
    tz = ZoneInfo(zone)
    cal = BusinessCalendar(tz, "", DEFAULT, MemoryHolidays())

    def instant(d: date, t: time) -> datetime:
        return datetime.combine(d, t, tzinfo=tz).astimezone(UTC)

    d = date(2026, 1, 1)
    while d.year == 2026:
        day = cal.day(d)
        assert (day.start, day.end) == (
            instant(d, time(0)),
            instant(d + timedelta(days=1), time(0)),
        )
        assert (day.open, day.close, day.pref_start, day.pref_end) == (
            instant(d, DEFAULT.business_start),
            instant(d, DEFAULT.business_end),
            instant(d, DEFAULT.preferred_start),
            instant(d, DEFAULT.preferred_end),
        ), d
        d += timedelta(days=1)
