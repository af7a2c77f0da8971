"""The due windows of each kind of message, built on the recipient's business calendar:
thank-you, status check, offer acknowledgement and reminder, rejection reply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from followup.domain.errors import ValidationError
from followup.domain.records.followups import Window
from followup.domain.records.model import Pace
from followup.domain.timing.calendar import BusinessCalendar, Day
from followup.domain.timing.policy import PaceChoice
from followup.domain.timing.wording import WEEKDAY_NAMES, city, short, short_day

_DAY = timedelta(days=1)


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


def describe_skipped(days: list[Day], country: str) -> str:
    """`the weekend (Sat 28–Sun 29 Nov) and Thanksgiving Day (Thu 26 Nov, US)`."""
    parts: list[str] = []
    i = 0
    while i < len(days):
        day = days[i]
        if day.why in WEEKDAY_NAMES:
            j = i
            while (
                j + 1 < len(days)
                and days[j + 1].why in WEEKDAY_NAMES
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
            f"Moved to {WEEKDAY_NAMES[preferred.weekday()]}: status checks do best mid-week "
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
