"""A calendar day looks its holidays up only when asked whether it is a business day.

The real holiday table (the `holidays` package) costs an import and a country's year, so
asking a calendar for a local date or a day's hours, as the agenda's cadence check does
first, must not load it (issue 3's startup budget)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

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
