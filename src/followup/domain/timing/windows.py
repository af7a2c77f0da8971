"""When a message is due: business hours in the recipient's zone, and the windows built on them.

All arithmetic runs on UTC instants; the recipient's zone only decides where local days
begin and end and when business hours open. Public holidays arrive through the
`HolidayCalendar` protocol (the real one wraps the `holidays` package in
`followup.adapters.calendar.holidays`), so this module stays pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Protocol

from followup.domain.errors import ValidationError
from followup.domain.records.followups import Window
from followup.domain.records.model import Pace
from followup.domain.timing.policy import PaceChoice, Policy

_DAY = timedelta(days=1)
_ZERO = timedelta(0)
_FIVE_MINUTES = 300
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
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


class NoHolidays:
    """A calendar with Saturday-Sunday weekends and no public holidays."""

    def holiday(self, country: str, day: date) -> str | None:
        return None

    def weekend(self, country: str) -> frozenset[int]:
        return frozenset({5, 6})

    def check_country(self, country: str) -> str:
        return country.strip().upper()


# A calendar's holiday table, country and weekend days.
_Holidays = tuple[HolidayCalendar, str, frozenset[int]]


class _Day:
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
        "start",
        "why",
    )

    business: bool  # neither a weekend day nor a public holiday
    why: str | None  # the holiday's name or the weekday's, when not a business day

    def __init__(self, cal: BusinessCalendar, d: date) -> None:
        zone = cal.zone
        self._holidays_of = cal._holidays_of
        self.date = d
        p = cal.policy

        def at(t: time, day: date = d) -> datetime:
            return datetime.combine(day, t, tzinfo=zone).astimezone(UTC)

        self.start = at(time(0))
        self.end = at(time(0), d + _DAY)
        self.open = at(p.business_start)
        self.close = at(p.business_end)
        self.pref_start = at(p.preferred_start)
        self.pref_end = at(p.preferred_end)
        # The zone's offset during business hours; clocks never change then, so local wall
        # time of any business instant is UTC + offset (used to format reasons quickly).
        self.offset = datetime.combine(d, p.business_start, tzinfo=zone).utcoffset() or _ZERO

    def __getattr__(self, name: str) -> object:
        # Called only while a slot is unset: `business` and `why` until the first lookup.
        if name not in ("business", "why"):
            raise AttributeError(name)
        holidays, country, weekend = self._holidays_of
        d = self.date
        holiday = holidays.holiday(country, d) if country else None
        if holiday:
            self.why = holiday
        elif d.weekday() in weekend:
            self.why = _WEEKDAY_NAMES[d.weekday()]
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
        "policy",
        "weekend",
        "zone",
        "zone_name",
    )

    def __init__(
        self, zone: tzinfo, country: str, policy: Policy, holidays: HolidayCalendar
    ) -> None:
        self.zone = zone
        self.zone_name = str(getattr(zone, "key", zone))
        self.country = country
        self.policy = policy
        self.holidays = holidays
        self.weekend = holidays.weekend(country) if country else frozenset({5, 6})
        # What a day needs to look up its holiday later; not the calendar itself, so days
        # and their calendar form no reference cycle.
        self._holidays_of: _Holidays = (holidays, country, self.weekend)
        self._days: dict[date, _Day] = {}
        self._phrases: tuple[str, str] | None = None
        self._hint = datetime(2000, 1, 1, 12, tzinfo=UTC).astimezone(zone).utcoffset() or _ZERO

    def rules_sentence(self) -> str:
        """The rules every thank-you window follows, in one sentence."""
        slot = self.phrases()[1]
        return (
            f"It waits {_hours_text(self.policy.thank_you_min_delay)} after the interview "
            f"(TIMING-002) and lands in {slot}"
        )

    def phrases(self) -> tuple[str, str]:
        """The fixed parts of the thank-you reasons for this calendar, built once."""
        if self._phrases is None:
            p = self.policy
            self._phrases = (
                f"wait at least {_hours_text(p.thank_you_min_delay)} after the interview ends, "
                "so the note does not read as pre-written (TIMING-002).",
                f"{city(self.zone_name)} time, inside the recipient's preferred hours "
                f"{p.preferred_start:%H:%M}–{p.preferred_end:%H:%M} (SEND-002).",
            )
        return self._phrases

    # -- days ----------------------------------------------------------------------
    def day(self, d: date) -> _Day:
        found = self._days.get(d)
        if found is None:
            found = self._days[d] = _Day(self, d)
        return found

    def local(self, t: datetime) -> datetime:
        """`t` in the recipient's zone, for display."""
        return t.astimezone(self.zone)

    def local_date(self, t: datetime) -> date:
        """The recipient's calendar date at instant `t`."""
        return self._local_day(t).date

    def _local_day(self, t: datetime) -> _Day:
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
                rounded = _ceil_five(t)
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

    def skipped(self, first: date, last: date) -> list[_Day]:
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


def _ceil_five(t: datetime) -> datetime:
    # Zone offsets are whole quarter hours, so rounding the UTC instant rounds local time too.
    extra = (t.minute * 60 + t.second) % _FIVE_MINUTES
    if extra == 0 and t.microsecond == 0:
        return t
    return t.replace(second=0, microsecond=0) + timedelta(seconds=_FIVE_MINUTES - extra + t.second)


def _no_business_days(cal: BusinessCalendar) -> ValidationError:
    return ValidationError(
        "calendar", f"no business day found for {cal.country or cal.zone_name} within two years"
    )


# --- windows --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Timing:
    """A due window with the pace it used and the reasons, as sentences."""

    earliest: datetime
    recommended: datetime
    latest: datetime
    pace: Pace
    reasons: tuple[str, ...]

    @property
    def window(self) -> Window:
        return Window(earliest=self.earliest, recommended=self.recommended, latest=self.latest)


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short(t: datetime) -> str:
    """`Wed 25 Nov 09:00`: how reasons name a moment. Locale-free, and much faster than
    strftime, which matters when planning hundreds of thousands of follow-ups."""
    return f"{_DAYS[t.weekday()]} {t.day} {_MONTHS[t.month - 1]} {t.hour:02d}:{t.minute:02d}"


def short_day(d: date) -> str:
    """`Wed 25 Nov`."""
    return f"{_DAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]}"


def city(zone_name: str) -> str:
    """`America/New_York` -> `New York`: how a zone is named in sentences."""
    return zone_name.rsplit("/", 1)[-1].replace("_", " ")


def _hours_text(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    if hours == 1:
        return "1 hour"
    return f"{hours:g} hours" if hours >= 1 else f"{round(hours * 60)} minutes"


def describe_skipped(days: list[_Day], country: str) -> str:
    """`the weekend (Sat 28–Sun 29 Nov) and Thanksgiving Day (Thu 26 Nov, US)`."""
    parts: list[str] = []
    i = 0
    while i < len(days):
        day = days[i]
        if day.why in _WEEKDAY_NAMES:
            j = i
            while (
                j + 1 < len(days)
                and days[j + 1].why in _WEEKDAY_NAMES
                and days[j + 1].date - days[j].date == _DAY
            ):
                j += 1
            if j > i:
                parts.append(f"the weekend ({short_day(day.date)}–{short_day(days[j].date)})")
            else:
                parts.append(f"{day.why} ({short_day(day.date)}, not a working day)")
            i = j + 1
            continue
        parts.append(f"{day.why} ({short_day(day.date)}, a public holiday in {country})")
        i += 1
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def thank_you(
    end: datetime,
    cal: BusinessCalendar,
    pace: PaceChoice,
    *,
    informational: bool = False,
) -> Timing:
    """The thank-you window after an interview that ended at `end` (TIMING-001/002/004/006),
    in the recipient's zone, with every reason spelled out.

    Earliest: the first business moment 2 hours after the end. Recommended: the first
    preferred slot once the pace's delay has passed, counting only business days.
    Latest: the pace's deadline, stretched over weekends and holidays.
    """
    earliest, recommended, latest, reasons = thank_you_utc(
        end, cal, pace, informational=informational
    )
    wait, slot = cal.phrases()
    zone = cal.zone
    earliest_l, recommended_l, latest_l = (
        earliest.astimezone(zone),
        recommended.astimezone(zone),
        latest.astimezone(zone),
    )
    return Timing(
        earliest_l,
        recommended_l,
        latest_l,
        pace.pace,
        (
            reasons[0],
            f"Not before {short(earliest_l)}: {wait}",
            *reasons[1:-1],
            f"Recommended {short(recommended_l)} {slot}",
            f"No later than {short(latest_l)}; after that it is late, but late still "
            "beats never (TIMING-001).",
        ),
    )


def thank_you_utc(
    end: datetime,
    cal: BusinessCalendar,
    pace: PaceChoice,
    *,
    informational: bool = False,
) -> tuple[datetime, datetime, datetime, tuple[str, ...]]:
    """The planner's fast path: the three instants in UTC, and short reasons that leave
    the times out (they are in the window itself)."""
    if end.tzinfo is None:
        raise ValidationError("interview_end", "needs a time zone or UTC offset")
    p = cal.policy
    end_utc = end.astimezone(UTC)
    end_day = cal.local_date(end_utc)
    min_delay = p.thank_you_min_delay
    earliest = cal.next_business(end_utc + min_delay)
    after = p.thank_you_after[pace.pace]
    target = cal.add_counted(end_utc, after if after > min_delay else min_delay, end_day)
    recommended = cal.next_preferred(target)
    if informational:
        # TIMING-006: informational meetings get a looser, pace-free window.
        last_day = cal.add_business_days(end_day, p.informational_latest_business_days)
        deadline = cal.day(last_day).close
    else:
        deadline = cal.last_business(
            cal.add_counted(end_utc, p.thank_you_latest[pace.pace], end_day)
        )
    latest = deadline if deadline > recommended else recommended

    first = (
        pace.reason
        if not informational
        else "An informational meeting: a thank-you within about "
        f"{p.informational_latest_business_days} business days is fine (TIMING-006)."
    )
    skipped = cal.skipped(end_day, cal.local_date(latest))
    stretch = (
        (
            f"The window stretches past {describe_skipped(skipped, cal.country)}: "
            "nothing lands on a day off (SEND-001, TIMING-004).",
        )
        if skipped
        else ()
    )
    return earliest, recommended, latest, (first, *stretch, cal.rules_sentence())


def _status_day_preference(cal: BusinessCalendar, d: date) -> date:
    # SEND-003: prefer Tue-Thu for status checks; move forward at most a few business days.
    days = cal.policy.status_check_days
    if not days:
        return d
    candidate = d
    for _ in range(4):
        if candidate.weekday() in days:
            return candidate
        candidate = cal.add_business_days(candidate, 1)
    return d


def status_check(
    anchor: datetime,
    cal: BusinessCalendar,
    *,
    decision_by: date | None = None,
    not_before: date | None = None,
    anchor_text: str = "the interview",
    not_before_reason: str = "",
) -> Timing:
    """The status-check window (TIMING-007/008, SEND-003, SEND-005).

    With a decision date: earliest the business day after it, recommended 2 business
    days after it. Without one: 5 and 7 business days after `anchor`. `not_before`
    (from the cadence guard's minimum gap) pushes the whole window later.
    """
    p = cal.policy
    reasons: list[str] = []
    if decision_by is not None:
        earliest_day = cal.add_business_days(decision_by, 1)
        rec_day = cal.add_business_days(decision_by, p.status_after_decision_business_days)
        rec_day = max(rec_day, earliest_day)
        reasons.append(
            f"They said they would decide by {short_day(decision_by)}: never before that, then "
            f"allow {p.status_after_decision_business_days} business days (TIMING-007)."
        )
    else:
        start = cal.local_date(anchor)
        earliest_day = cal.add_business_days(start, p.status_earliest_business_days)
        rec_day = cal.add_business_days(start, p.status_after_interview_business_days)
        reasons.append(
            f"No decision date was given: give them at least {p.status_earliest_business_days} "
            f"business days after {anchor_text}, ideally "
            f"{p.status_after_interview_business_days} (TIMING-008)."
        )
    if not_before is not None and not_before > earliest_day:
        earliest_day = cal.add_business_days(not_before, 0)
        rec_day = max(rec_day, earliest_day)
        if not_before_reason:
            reasons.append(not_before_reason)
    if cal.in_blackout(rec_day) or cal.in_blackout(earliest_day):
        if cal.in_blackout(earliest_day):
            earliest_day = cal.after_blackout(earliest_day)
        if cal.in_blackout(rec_day):
            rec_day = cal.after_blackout(rec_day)
        rec_day = max(rec_day, earliest_day)
        bs, be = p.blackout_start, p.blackout_end
        reasons.append(
            f"No status nudges in the year-end quiet period ({_md(bs)} to {_md(be)}), "
            f"so it waits until {short_day(rec_day)} (SEND-005)."
        )
    preferred = _status_day_preference(cal, rec_day)
    if preferred != rec_day and not cal.in_blackout(preferred):
        reasons.append(
            f"Moved to {_WEEKDAY_NAMES[preferred.weekday()]}: status checks do best mid-week "
            "(SEND-003)."
        )
        rec_day = preferred
    latest_day = cal.add_business_days(rec_day, p.status_latest_business_days)
    earliest = cal.day(earliest_day).open
    recommended = max(cal.day(rec_day).pref_start, earliest)
    latest = max(cal.day(latest_day).close, recommended)
    zone = cal.zone
    return Timing(
        earliest.astimezone(zone),
        recommended.astimezone(zone),
        latest.astimezone(zone),
        Pace.STANDARD,
        tuple(reasons),
    )


def _md(md: tuple[int, int]) -> str:
    return f"{date(2000, md[0], md[1]):%b} {md[1]}"


def offer_ack(received: datetime, cal: BusinessCalendar) -> Timing:
    """Acknowledge an offer within one business day (OFFER-001)."""
    p = cal.policy
    received = received.astimezone(UTC)
    earliest = cal.next_business(received)
    recommended = cal.next_preferred(received)
    deadline = cal.last_business(cal.add_counted(received, _DAY * p.offer_ack_business_days))
    latest = max(deadline, recommended)
    zone = cal.zone
    reasons = (
        f"Acknowledge the offer within {p.offer_ack_business_days} business day: thank them and "
        "confirm you received it, even before you decide (OFFER-001).",
        f"Recommended {short(recommended.astimezone(zone))}, no later than "
        f"{short(latest.astimezone(zone))} {city(cal.zone_name)} time.",
    )
    return Timing(
        earliest.astimezone(zone),
        recommended.astimezone(zone),
        latest.astimezone(zone),
        Pace.STANDARD,
        reasons,
    )


def offer_reminder(received: datetime, deadline: date, cal: BusinessCalendar) -> Timing | None:
    """A reminder halfway to the offer's decision deadline (OFFER-007); None when the
    deadline leaves no room for one."""
    p = cal.policy
    received = received.astimezone(UTC)
    deadline_at = cal.last_business(cal.day(deadline).close)
    if deadline_at <= received:
        return None
    middle = received + (deadline_at - received) * p.offer_reminder_fraction
    earliest = cal.next_business(middle)
    recommended = cal.next_preferred(middle)
    before = cal.add_business_days(deadline, -1)
    latest = max(cal.day(before).close, recommended)
    if recommended > deadline_at:
        return None
    zone = cal.zone
    reasons = (
        f"The decision is due {short_day(deadline)}: send any questions by the middle of the "
        f"window, and answer on time or ask for more time before it (OFFER-007).",
    )
    return Timing(
        earliest.astimezone(zone),
        recommended.astimezone(zone),
        latest.astimezone(zone),
        Pace.STANDARD,
        reasons,
    )


def rejection_reply(rejected: datetime, cal: BusinessCalendar) -> Timing:
    """Reply to a rejection within 1-2 business days, not in the first hour (REJECT-002)."""
    p = cal.policy
    rejected = rejected.astimezone(UTC)
    earliest = cal.next_business(rejected + p.rejection_min_delay)
    first_day = cal.local_date(rejected)
    rec_day = cal.add_business_days(first_day, p.rejection_reply_business_days)
    recommended = max(cal.day(rec_day).pref_start, cal.next_preferred(earliest))
    latest_day = cal.add_business_days(first_day, p.rejection_latest_business_days)
    latest = max(cal.day(latest_day).close, recommended)
    zone = cal.zone
    reasons = (
        "A person interviewed you, so a short, gracious reply keeps the door open (REJECT-001).",
        f"Give it a day: reply within {p.rejection_reply_business_days}–"
        f"{p.rejection_latest_business_days} business days, not in the first hour (REJECT-002).",
    )
    return Timing(
        earliest.astimezone(zone),
        recommended.astimezone(zone),
        latest.astimezone(zone),
        Pace.STANDARD,
        reasons,
    )
