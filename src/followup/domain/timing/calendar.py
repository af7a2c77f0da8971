"""Business days and hours in the recipient's zone: the calendar every window is built on.

All arithmetic runs on UTC instants; the recipient's zone only decides where local days
begin and end and when business hours open. Public holidays arrive through the
`HolidayCalendar` protocol (the real one wraps the `holidays` package in
`followup.adapters.calendar.holidays`), so this module stays pure.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Protocol

from followup.domain.errors import ValidationError
from followup.domain.timing.policy import Policy
from followup.domain.timing.sectors import Sector, private_works_on, quiet_reason
from followup.domain.timing.wording import WEEKDAY_NAMES, city, hours_text

_DAY = timedelta(days=1)
_ZERO = timedelta(0)
_MIDNIGHT = time(0)
_FIVE_MINUTES = 300
_MAX_SCAN_DAYS = 800  # a calendar with no business day in two years is broken, not slow


class HolidayCalendar(Protocol):
    """Public holidays and weekends by ISO country code."""

    def holiday(self, country: str, day: date) -> str | None:
        """The holiday's name if `day` is a public holiday in `country`, else None.

        An empty or unknown country has no holidays.
        """
        ...

    def weekend(self, country: str) -> frozenset[int]:
        """The weekday numbers (Monday = 0) that are the weekend in `country`."""
        ...

    def check_country(self, country: str) -> str:
        """The canonical code for `country`, or ValidationError listing close matches."""
        ...

    def government_holiday(self, country: str, day: date) -> str | None:
        """The name of a holiday only government offices keep (not a public holiday for
        everyone), else None."""
        ...


class NoHolidays:
    """A calendar with Saturday-Sunday weekends and no public holidays."""

    def holiday(self, country: str, day: date) -> str | None:
        return None

    def weekend(self, country: str) -> frozenset[int]:
        return frozenset({5, 6})

    def check_country(self, country: str) -> str:
        return country.strip().upper()

    def government_holiday(self, country: str, day: date) -> str | None:
        return None


# A calendar's holiday table, country, weekend days and sector.
_Holidays = tuple[HolidayCalendar, str, frozenset[int], Sector]


def day_off(holidays: _Holidays, d: date) -> str | None:
    """The holiday's name if `d` is a day off for this country and sector (not weekends)."""
    table, country, _weekend, sector = holidays
    if not country:
        return None
    name = table.holiday(country, d)
    if name and not sector.keeps_government_holidays and private_works_on(country, name):
        return None  # a government-only holiday: private employers work
    if not name and sector.keeps_government_holidays:
        name = table.government_holiday(country, d)
    return name


class Day:
    """One local day of a calendar: whether it is a business day, and its hours as UTC instants.

    Whether it is a business day (`business`, `why`) is looked up on first use: the holiday
    table costs an import and a country's year, and many callers only need the hours.
    """

    __slots__ = (
        "_holidays_of",
        "business",
        "close",
        "date",
        "end",
        "offset",
        "open",
        "pref_end",
        "pref_start",
        "quiet",
        "start",
        "why",
    )

    business: bool  # neither a weekend day nor a public holiday
    why: str | None  # the holiday's name or the weekday's, when not a business day
    quiet: str | None  # why a business day is one most offices are dark in practice

    def __init__(self, cal: BusinessCalendar, d: date) -> None:
        zone = cal.zone
        self._holidays_of = cal._holidays_of
        self.date = d
        p = cal.policy
        midnight = datetime.combine(d, _MIDNIGHT, tzinfo=zone)
        self.start = start = midnight.astimezone(UTC)
        self.end = end = datetime.combine(d + _DAY, _MIDNIGHT, tzinfo=zone).astimezone(UTC)
        # The zone's offset during business hours; clocks never change then, so local wall
        # time of any business instant is UTC + offset (used to format reasons quickly).
        self.offset = offset = (
            datetime.combine(d, p.business_start, tzinfo=zone).utcoffset() or _ZERO
        )
        if end - start == _DAY and midnight.utcoffset() == offset:
            # No clock change this day: each hour is that long after midnight. Most days;
            # a long history's planning makes tens of thousands of them.
            opens, closes, pref_start, pref_end = cal.hours
            self.open, self.close = start + opens, start + closes
            self.pref_start, self.pref_end = start + pref_start, start + pref_end
            return

        def at(t: time) -> datetime:
            return datetime.combine(d, t, tzinfo=zone).astimezone(UTC)

        self.open = at(p.business_start)
        self.close = at(p.business_end)
        self.pref_start = at(p.preferred_start)
        self.pref_end = at(p.preferred_end)

    def __getattr__(self, name: str) -> object:
        # Called only while a slot is unset: `business`, `why` and `quiet` until first used.
        if name == "quiet":
            self.quiet = (
                quiet_reason(self.date, lambda other: day_off(self._holidays_of, other))
                if self.business
                else None
            )
            return self.quiet
        if name not in ("business", "why"):
            raise AttributeError(name)
        weekend = self._holidays_of[2]
        d = self.date
        holiday = day_off(self._holidays_of, d)
        if holiday:
            self.why = holiday
        elif d.weekday() in weekend:
            self.why = WEEKDAY_NAMES[d.weekday()]
        else:
            self.why = None
        self.business = self.why is None
        return getattr(self, name)


class BusinessCalendar:
    """Business days and hours of one recipient: their zone, their country's holidays,
    and the policy's hours. Days are computed once and cached, so planning many
    follow-ups for the same zone stays cheap.

    Every method takes and returns aware datetimes; results are in UTC.
    """

    __slots__ = (
        "_days",
        "_hint",
        "_holidays_of",
        "_phrases",
        "country",
        "holidays",
        "hours",
        "policy",
        "sector",
        "weekend",
        "zone",
        "zone_name",
    )

    def __init__(
        self,
        zone: tzinfo,
        country: str,
        policy: Policy,
        holidays: HolidayCalendar,
        sector: Sector = Sector.PRIVATE,
    ) -> None:
        self.zone = zone
        self.zone_name = str(getattr(zone, "key", zone))
        self.country = country
        self.policy = policy
        self.holidays = holidays
        self.weekend = holidays.weekend(country) if country else frozenset({5, 6})
        # What a day needs to look up its holiday later; not the calendar itself, so days
        # and their calendar form no reference cycle.
        self.sector = sector
        self._holidays_of: _Holidays = (holidays, country, self.weekend, sector)
        self._days: dict[date, Day] = {}
        self._phrases: tuple[str, str] | None = None
        self._hint = datetime(2000, 1, 1, 12, tzinfo=UTC).astimezone(zone).utcoffset() or _ZERO
        # The policy's hours as time since midnight, for days without a clock change.
        self.hours = tuple(
            datetime.combine(date.min, t) - datetime.combine(date.min, _MIDNIGHT)
            for t in (
                policy.business_start,
                policy.business_end,
                policy.preferred_start,
                policy.preferred_end,
            )
        )

    def rules_sentence(self) -> str:
        """The rules every thank-you window follows, in one sentence."""
        slot = self.phrases()[1]
        return (
            f"It waits {hours_text(self.policy.thank_you_min_delay)} after the interview "
            f"(TIMING-002) and lands in {slot}"
        )

    def phrases(self) -> tuple[str, str]:
        """The fixed parts of the thank-you reasons for this calendar, built once."""
        if self._phrases is None:
            p = self.policy
            self._phrases = (
                f"wait at least {hours_text(p.thank_you_min_delay)} after the interview ends, "
                "so the note does not read as pre-written (TIMING-002).",
                f"{city(self.zone_name)} time, inside the recipient's preferred hours "
                f"{p.preferred_start:%H:%M}–{p.preferred_end:%H:%M} (SEND-002).",
            )
        return self._phrases

    # -- days ----------------------------------------------------------------------
    def day(self, d: date) -> Day:
        found = self._days.get(d)
        if found is None:
            found = self._days[d] = Day(self, d)
        return found

    def local(self, t: datetime) -> datetime:
        """`t` in the recipient's zone, for display."""
        return t.astimezone(self.zone)

    def local_date(self, t: datetime) -> date:
        """The recipient's calendar date at instant `t`."""
        return self._local_day(t).date

    def _local_day(self, t: datetime) -> Day:
        if t.tzinfo is self.zone:  # already local (`local()`): its date is the local date
            d = t.date()
            return self._days.get(d) or self.day(d)
        if t.tzinfo is not UTC:
            return self.day(t.astimezone(self.zone).date())
        # Cheaper than a zone conversion: guess from a typical offset, then correct
        # against the cached day boundaries.
        days = self._days
        d = (t + self._hint).date()
        day = days.get(d) or self.day(d)
        while t < day.start:
            d -= _DAY
            day = days.get(d) or self.day(d)
        while t >= day.end:
            d += _DAY
            day = days.get(d) or self.day(d)
        return day

    def wall(self, t: datetime) -> datetime:
        """Local wall time of a business instant, for formatting only (tzinfo stays UTC)."""
        return t + self._local_day(t).offset

    def is_business_day(self, d: date) -> bool:
        return self.day(d).business

    def is_business_time(self, t: datetime) -> bool:
        day = self.day(self.local_date(t))
        return day.business and day.open <= t <= day.close

    def add_business_days(self, d: date, n: int) -> date:
        """The n-th business day after `d` (before it when n < 0); n = 0 gives `d` itself
        when it is a business day, else the next one."""
        step = _DAY if n >= 0 else -_DAY
        remaining = abs(n)
        if remaining == 0:
            for _ in range(_MAX_SCAN_DAYS):
                if self.day(d).business:
                    return d
                d += step
            raise _no_business_days(self)
        for _ in range(_MAX_SCAN_DAYS):
            d += step
            if self.day(d).business:
                remaining -= 1
                if remaining == 0:
                    return d
        raise _no_business_days(self)

    # -- instants --------------------------------------------------------------------
    def next_business(self, t: datetime) -> datetime:
        """The first business moment at or after `t`."""
        day = self._local_day(t)
        d = day.date
        for _ in range(_MAX_SCAN_DAYS):
            if day.business and t <= day.close:
                return t if t >= day.open else day.open
            d += _DAY
            day = self._days.get(d) or self.day(d)
        raise _no_business_days(self)

    def last_business(self, t: datetime) -> datetime:
        """The last business moment at or before `t`."""
        day = self._local_day(t)
        d = day.date
        for _ in range(_MAX_SCAN_DAYS):
            if day.business and t >= day.open:
                return t if t <= day.close else day.close
            d -= _DAY
            day = self._days.get(d) or self.day(d)
        raise _no_business_days(self)

    def next_preferred(self, t: datetime) -> datetime:
        """The first moment at or after `t` inside the preferred hours of a business day,
        rounded up to five minutes."""
        day = self._local_day(t)
        d = day.date
        for _ in range(_MAX_SCAN_DAYS):
            if day.business and t <= day.pref_end:
                if t <= day.pref_start:
                    return day.pref_start
                rounded = ceil_five(t)
                if rounded <= day.pref_end:
                    return rounded
            d += _DAY
            day = self._days.get(d) or self.day(d)
        raise _no_business_days(self)

    def add_counted(self, t: datetime, delta: timedelta, start_day: date | None = None) -> datetime:
        """`t + delta`, where only time on business days counts: a weekend or holiday
        inside the span stretches it by that day (the window "stretches"). `start_day`,
        the local date of `t`, saves a conversion when the caller knows it."""
        days = self._days
        d = start_day or self.local_date(t)
        cursor = t
        remaining = delta
        for _ in range(_MAX_SCAN_DAYS):
            day = days.get(d) or self.day(d)
            if day.business:
                available = day.end - cursor
                if remaining <= available:
                    return cursor + remaining
                remaining -= available
            cursor = day.end  # the next day's start
            d += _DAY
        raise _no_business_days(self)

    def skipped(self, first: date, last: date) -> list[Day]:
        """The non-business days from `first` to `last`, inclusive."""
        out = []
        d = first
        while d <= last:
            day = self.day(d)
            if not day.business:
                out.append(day)
            d += _DAY
        return out

    def in_blackout(self, d: date) -> bool:
        """Inside the year-end quiet period (SEND-005)?"""
        start, end = self.policy.blackout_start, self.policy.blackout_end
        md = (d.month, d.day)
        if start <= end:
            return start <= md <= end
        return md >= start or md <= end

    def after_blackout(self, d: date) -> date:
        """The first business day after the quiet period that contains `d`."""
        for _ in range(_MAX_SCAN_DAYS):
            if not self.in_blackout(d):
                return self.add_business_days(d, 0)
            d += _DAY
        raise ValidationError("policy.year_end_blackout", "covers the whole year")


def ceil_five(t: datetime) -> datetime:
    # Zone offsets are whole quarter hours, so rounding the UTC instant rounds local time too.
    extra = (t.minute * 60 + t.second) % _FIVE_MINUTES
    if extra == 0 and t.microsecond == 0:
        return t
    return t.replace(second=0, microsecond=0) + timedelta(seconds=_FIVE_MINUTES - extra + t.second)


def _no_business_days(cal: BusinessCalendar) -> ValidationError:
    return ValidationError(
        "calendar", f"no business day found for {cal.country or cal.zone_name} within two years"
    )
