"""The due windows of each kind of message, built on the recipient's business calendar:
thank-you, status check, offer acknowledgement and reminder, rejection reply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from followup.domain.errors import ValidationError
from followup.domain.records.followups import Window
from followup.domain.records.model import Pace
from followup.domain.timing.calendar import BusinessCalendar, Day, ceil_five
from followup.domain.timing.policy import PaceChoice
from followup.domain.timing.wording import WEEKDAY_NAMES, city, hours_text, short, short_day

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


@dataclass(frozen=True, slots=True)
class _Aim:
    """A thank-you window in UTC and the parts of its reasons."""

    earliest: datetime
    recommended: datetime
    latest: datetime
    lead: str  # where the pace (or the exception) comes from
    notes: tuple[str, ...]  # days off and quiet days on the way
    label: str  # which slot it is: "the second working morning"
    wait: timedelta  # the minimum delay that applied
    rule: str  # the rule behind that delay


def _about(end: datetime, t: datetime) -> str:
    """`about 42 hours`: the real time from the interview's end to `t`."""
    minutes = round((t - end).total_seconds() / 60)
    if minutes < 90:
        return f"about {minutes} minutes"
    hours = round(minutes / 60)
    return f"about {hours} hours"


def _slot(day: Day, earliest: datetime) -> datetime | None:
    """The first moment of the day's preferred hours at or after `earliest`, rounded up to
    five minutes; None when they are over by then."""
    if earliest <= day.pref_start:
        return day.pref_start
    t = ceil_five(earliest)
    return t if t <= day.pref_end else None


def _mornings(
    cal: BusinessCalendar, after: date, earliest: datetime, count: int, skip_quiet: bool
) -> list[tuple[Day, datetime]]:
    """The first `count` working mornings after the day `after` with a preferred slot at or
    after `earliest`, skipping quiet days when asked."""
    found: list[tuple[Day, datetime]] = []
    d = after
    for _ in range(800):
        d += _DAY
        day = cal.day(d)
        if not day.business or (skip_quiet and day.quiet):
            continue
        slot = _slot(day, earliest)
        if slot is not None:
            found.append((day, slot))
            if len(found) == count:
                return found
    raise ValidationError("calendar", f"no working morning found for {cal.country} in two years")


_NTH = ("first", "second", "third", "fourth")


def _deadline(end: datetime, cal: BusinessCalendar, pace: Pace, informational: bool) -> datetime:
    p = cal.policy
    end_day = cal.local_date(end)
    if informational:
        # TIMING-006: informational meetings get a looser, pace-free deadline.
        last_day = cal.add_business_days(end_day, p.informational_latest_business_days)
        return cal.day(last_day).close
    return cal.last_business(cal.add_counted(end, p.thank_you_latest[pace], end_day))


def _before_decision(end: datetime, cal: BusinessCalendar, decision_by: date) -> _Aim:
    """TIMING-003: the decision is due the same day or the next morning, so a short note
    goes within a couple of hours, before it."""
    p = cal.policy
    earliest = cal.next_business(end + p.fast_decision_min_delay)
    recommended = cal.next_business(ceil_five(cal.next_business(end + p.fast_decision_delay)))
    decided = cal.last_business(cal.day(decision_by).close)
    latest = max(decided, recommended)
    return _Aim(
        earliest,
        recommended,
        latest,
        f"They decide by {short_day(decision_by)}: a short note goes before the decision, "
        "not at the pace's usual time (TIMING-003).",
        (),
        "before the decision",
        p.fast_decision_min_delay,
        "TIMING-003",
    )


def _aim(
    end: datetime,
    cal: BusinessCalendar,
    pace: PaceChoice,
    informational: bool,
    decision_by: date | None,
) -> _Aim:
    """Aim at the pace's target, then pick the nearest good slot (seed, TIMING-001/004):
    fast fields the same day when the interview ends before `same_day_before`, else the
    next working morning; standard the next working morning; relaxed the second at the
    latest, but not past the seed's 48-hour bound when an earlier working morning exists.
    Quiet days are skipped while the window allows."""
    if end.tzinfo is None:
        raise ValidationError("interview_end", "needs a time zone or UTC offset")
    p = cal.policy
    end = end.astimezone(UTC)
    end_day = cal.day(cal.local_date(end))
    # An interview that ends before business hours belongs to the night before: the
    # same date's morning is the next morning.
    anchor = end_day.date - _DAY if end < end_day.open else end_day.date
    wait = p.thank_you_min_delay
    earliest = cal.next_business(end + wait)
    if decision_by is not None and decision_by >= end_day.date and not informational:
        first = _mornings(cal, anchor, earliest, 1, False)[0][0].date
        if decision_by <= first:
            return _before_decision(end, cal, decision_by)
    deadline = _deadline(end, cal, pace.pace, informational)
    lead = (
        pace.reason
        if not informational
        else "An informational meeting: a thank-you within about "
        f"{p.informational_latest_business_days} business days is fine (TIMING-006)."
    )
    wanted = p.thank_you_mornings[pace.pace]
    notes: list[str] = []
    if wanted == 0 and end_day.business and cal.local(end).time() < p.same_day_before:
        same = _slot(end_day, earliest) if cal.local_date(earliest) == end_day.date else None
        if same is None and cal.local_date(earliest) == end_day.date:
            same = ceil_five(earliest)  # the afternoon: still the same day (TIMING-001)
        if same is not None and same <= end_day.close:
            late = max(deadline, same)
            return _Aim(earliest, same, late, lead, (), "the same day", wait, "TIMING-002")
    count = max(wanted, 1)
    bound_day = cal.local_date(end + p.thank_you_bound)
    for skip_quiet in (True, False) if p.avoid_quiet_days else (False,):
        mornings = _mornings(cal, anchor, earliest, count, skip_quiet)
        index = count - 1
        while index > 0 and mornings[index][0].date > bound_day:
            index -= 1
        day, slot = mornings[index]
        if slot <= deadline or not skip_quiet:
            break
    between = [cal.day(anchor + _DAY * k) for k in range(1, (day.date - anchor).days)]
    quiet = [d for d in between if d.business and d.quiet]
    if quiet:
        names = " and ".join(f"{d.quiet} ({short_day(d.date)})" for d in quiet)
        notes.append(f"It skips {names}: most offices are dark that day.")
    if day.quiet:
        notes.append(
            f"It lands on {day.quiet} ({short_day(day.date)}), when many offices are dark: "
            "the next working morning would be past the latest time."
        )
    off = [d for d in between if not d.business]
    if index == 0:
        label = (
            "the first working morning after the days off" if off else "the next working morning"
        )
    else:
        label = f"the {_NTH[index]} working morning"
    hours = round(p.thank_you_bound.total_seconds() / 3600)
    if index < count - 1 and slot <= end + p.thank_you_bound:
        notes.append(
            f"The {_NTH[count - 1]} working morning would be more than {hours} hours after "
            f"the interview, so it goes on the {_NTH[index]}, before the {hours}-hour mark "
            "(seed)."
        )
    elif index == 0 and count > 1:
        notes.append(
            f"No working morning{', quiet days aside,' if quiet else ''} falls within "
            f"{hours} hours of the interview, so it goes on the first one after the days off."
        )
    return _Aim(earliest, slot, max(deadline, slot), lead, tuple(notes), label, wait, "TIMING-002")


def _slot_text(cal: BusinessCalendar, recommended: datetime) -> str:
    p = cal.policy
    day = cal.day(cal.local_date(recommended))
    if day.pref_start <= recommended <= day.pref_end:
        hours = f"the recipient's preferred hours {p.preferred_start:%H:%M}–{p.preferred_end:%H:%M}"
    else:
        hours = f"business hours {p.business_start:%H:%M}–{p.business_end:%H:%M}"
    return f"{city(cal.zone_name)} time, inside {hours} (SEND-002)"


def _stretch(cal: BusinessCalendar, end: datetime, latest: datetime) -> tuple[str, ...]:
    skipped = cal.skipped(cal.local_date(end), cal.local_date(latest))
    if not skipped:
        return ()
    return (
        f"The window stretches past {describe_skipped(skipped, cal.country)}: "
        "nothing lands on a day off (SEND-001, TIMING-004).",
    )


def thank_you(
    end: datetime,
    cal: BusinessCalendar,
    pace: PaceChoice,
    *,
    informational: bool = False,
    decision_by: date | None = None,
) -> Timing:
    """The thank-you window after an interview that ended at `end` (TIMING-001/002/003/004/006),
    in the recipient's zone, with every reason spelled out.

    Earliest: the first business moment 2 hours after the end. Recommended: the slot the
    pace aims at (see `_aim`), stated in real hours. Latest: the pace's deadline,
    stretched over weekends and holidays.
    """
    aim = _aim(end, cal, pace, informational, decision_by)
    zone = cal.zone
    earliest, recommended, latest = (
        aim.earliest.astimezone(zone),
        aim.recommended.astimezone(zone),
        aim.latest.astimezone(zone),
    )
    return Timing(
        earliest,
        recommended,
        latest,
        pace.pace,
        (
            aim.lead,
            f"Not before {short(earliest)}: wait at least {hours_text(aim.wait)} after the "
            f"interview ends, so the note does not read as pre-written ({aim.rule}).",
            *aim.notes,
            *_stretch(cal, end, aim.latest),
            f"Recommended {short(recommended)} {_slot_text(cal, aim.recommended)}: "
            f"{_about(end, recommended)} after the interview ended, {aim.label}.",
            f"No later than {short(latest)}; after that it is late, but late still "
            "beats never (TIMING-001).",
        ),
    )


def thank_you_utc(
    end: datetime,
    cal: BusinessCalendar,
    pace: PaceChoice,
    *,
    informational: bool = False,
    decision_by: date | None = None,
) -> tuple[datetime, datetime, datetime, tuple[str, ...]]:
    """The planner's fast path: the three instants in UTC, and short reasons that leave
    the times out (they are in the window itself) but state the real hours."""
    aim = _aim(end, cal, pace, informational, decision_by)
    about = _about(end, aim.recommended)
    return (
        aim.earliest,
        aim.recommended,
        aim.latest,
        (
            aim.lead,
            *aim.notes,
            *_stretch(cal, end, aim.latest),
            f"{about[:1].upper()}{about[1:]} after the interview: {aim.label}.",
            f"It waits {hours_text(aim.wait)} after the interview ({aim.rule}) and lands in "
            f"{_slot_text(cal, aim.recommended)}.",
        ),
    )


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
    if cal.in_blackout(latest_day) and not cal.in_blackout(rec_day):
        # SEND-005: the window closes before the quiet period rather than running into it.
        while latest_day > rec_day and (
            cal.in_blackout(latest_day) or not cal.is_business_day(latest_day)
        ):
            latest_day -= _DAY
        reasons.append(
            f"It closes {short_day(latest_day)}, before the year-end quiet period "
            f"({_md(p.blackout_start)} to {_md(p.blackout_end)}) (SEND-005)."
        )
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
