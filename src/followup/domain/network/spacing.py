"""One cadence for everything: no two notes to one person within a week, under the
cadence guard (CAD-001/002/003)."""

from __future__ import annotations

import dataclasses
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from followup.domain.network.policy import NetworkPolicy
from followup.domain.records.followups import Channel, Direction, FollowUp, Kind, Window
from followup.domain.timing import cadence
from followup.domain.timing.calendar import BusinessCalendar
from followup.domain.timing.planning import Plan, Planning
from followup.domain.timing.wording import short_day


@dataclass(frozen=True, slots=True, kw_only=True)
class Deferred:
    """A follow-up left out because a more important note goes to the same person."""

    followup: FollowUp
    reason: str


FLEXIBLE = frozenset({Kind.CHECK_IN, Kind.NEWS_NOTE, Kind.HOLIDAY, Kind.GRATITUDE})


def space(plan: Plan, planning: Planning, settings: NetworkPolicy) -> tuple[Plan, list[Deferred]]:
    """Keep every note to one person at least `min_gap` from every other, and every nudge
    inside the cadence guard (CAD-001/002/003).

    Time-bound notes (thank-yous, offer letters, rejection replies, status checks) keep
    their place; they only take up room. Network notes are placed in priority order at
    the first free moment of their window, or left out with the reason. A check-in is
    left out when another network note to the same person comes first: that note is
    the touch (NURTURE-001, NEWS-005).
    """
    taken: dict[int, _Taken] = {}

    def taken_of(contact_id: int) -> _Taken:
        # Built for the people the plan writes to, as they come up: a long history has
        # tens of thousands of contacts with messages, and a plan names a few hundred.
        moments = taken.get(contact_id)
        if moments is None:
            moments = taken[contact_id] = _Taken(settings.min_gap)
            for m in planning.contact_messages.get(contact_id, ()):
                if m.direction is Direction.OUT and m.channel is not Channel.MEETING:
                    moments.add(m.at)
        return moments

    fixed = [f for f in plan.followups if f.contact_id is None or f.kind not in FLEXIBLE]
    rank = {kind: settings.rank(kind) for kind in FLEXIBLE}
    flexible = sorted(
        (f for f in plan.followups if f.contact_id is not None and f.kind in FLEXIBLE),
        # In UTC: instants in one zone compare without a zone lookup, in the same order.
        key=lambda f: (rank[f.kind], f.window.recommended.astimezone(UTC), f.key),
    )
    for f in fixed:
        if f.contact_id is not None:
            taken_of(f.contact_id).add(f.window.recommended)
    kept: list[FollowUp] = list(fixed)
    deferred: list[Deferred] = []
    first_touch: dict[int, FollowUp] = {}  # the earliest network note placed per person
    guards: dict[int, _Guard] = {}
    # Helpers of the same processes clash at the same moments: find each next slot once.
    slots: dict[tuple[int, datetime], datetime] = {}
    for f in flexible:
        cid = f.contact_id
        assert cid is not None
        first = first_touch.get(cid)
        if (
            f.kind is Kind.CHECK_IN
            and first is not None
            and (first.window.recommended <= f.window.recommended + settings.min_gap)
        ):
            deferred.append(
                Deferred(
                    followup=f,
                    reason=(
                        f"The {first.kind} on {short_day(first.window.recommended.date())} is the "
                        "touch; the next check-in counts from it."
                    ),
                )
            )
            continue
        guard = guards.get(cid)
        if guard is None:
            guard = guards[cid] = _guard(cid, planning)
        theirs = taken_of(cid)
        placed = _place(f, theirs, guard, slots, planning, settings)
        if isinstance(placed, str):
            deferred.append(Deferred(followup=f, reason=placed))
            continue
        kept.append(placed)
        theirs.add(placed.window.recommended)
        if f.kind is not Kind.CHECK_IN and (
            first is None or placed.window.recommended < first.window.recommended
        ):
            first_touch[cid] = placed
    retired = dict(plan.retired)
    for d in deferred:
        retired[d.followup.key] = d.reason
    return Plan(kept, retired, plan.kept), deferred


# Two zone offsets differ by at most 26 hours (UTC-12 to UTC+14), so two moments less than
# `gap` apart in one zone's wall time are less than `gap` + this apart as instants.
_OFFSET_SPREAD = timedelta(hours=26)


class _Taken:
    """One person's taken moments, sorted by instant so a clash is a bisection away, and
    numbered in the order they were taken."""

    __slots__ = ("gap", "given", "instants", "order", "reach")

    def __init__(self, gap: timedelta) -> None:
        self.gap = gap  # no two notes to one person closer than this
        self.reach = gap + _OFFSET_SPREAD
        self.instants: list[datetime] = []  # in UTC, sorted
        self.order: list[int] = []  # when each was taken, in the same positions
        self.given: list[datetime] = []  # each as given, in the same positions

    def __len__(self) -> int:
        return len(self.instants)

    def add(self, at: datetime) -> None:
        utc = at.astimezone(UTC)
        n = bisect_right(self.instants, utc)
        self.order.insert(n, len(self.instants))
        self.instants.insert(n, utc)
        self.given.insert(n, at)

    def clash(self, at: datetime) -> datetime | None:
        """The latest taken moment less than `gap` from `at`, or None.

        Aware datetimes in the same zone subtract as wall time, others as instants: the
        exact test runs on the few moments near `at`, in the order they were taken.
        """
        instants = self.instants
        utc = at.astimezone(UTC)
        lo = bisect_left(instants, utc - self.reach)
        hi = bisect_left(instants, utc + self.reach, lo)
        if lo == hi:
            return None
        gap = self.gap
        if hi - lo == 1:
            t = self.given[lo]
            return t if abs(t - at) < gap else None
        near = map(self.given.__getitem__, sorted(range(lo, hi), key=self.order.__getitem__))
        return max((t for t in near if abs(t - at) < gap), default=None)


_Guard = tuple[BusinessCalendar, cadence.Thread, datetime | None]


def _guard(contact_id: int, planning: Planning) -> _Guard:
    """What the cadence guard needs about one person: their calendar, their thread and the
    latest nudge to anyone at their company; the same for all their notes in one run."""
    contact = planning.contacts.get(contact_id)
    company = planning.companies.get(contact.company_id) if contact else None
    cal = planning.calendar(company, contact)[0]
    history = cadence.thread(planning.contact_messages.get(contact_id, ()))
    return cal, history, planning.company_last_nudge(company, contact_id)


def _place(
    f: FollowUp,
    taken: _Taken,
    guard: _Guard,
    slots: dict[tuple[int, datetime], datetime],
    planning: Planning,
    settings: NetworkPolicy,
) -> FollowUp | str:
    """`f` moved to its first free moment, or the reason there is none. `slots` remembers
    the next preferred moment after a clash, per calendar."""
    cal, history, company_last = guard
    at = f.window.recommended
    held = ""  # why it moved, said on the agenda as a plain sentence
    for _ in range(len(taken) + 8):
        clash = taken.clash(at)
        if clash is not None:
            held = (
                f"another note goes to this person on {short_day(cal.local_date(clash))}, and "
                f"notes to one person stay {settings.min_gap.days} days apart"
            )
            after = clash + settings.min_gap
            slot = slots.get((id(cal), after))
            if slot is None:
                slot = slots[(id(cal), after)] = cal.local(cal.next_preferred(after))
            at = slot
            continue
        # An overdue note goes when the user next looks: ask the guard about then.
        probe = max(at, planning.now)
        verdict = cadence.check(f.kind, probe, history, cal, company_last_nudge=company_last)
        if not verdict.allowed:
            if verdict.not_before is None or verdict.not_before <= probe:
                return verdict.reason
            at = cal.local(cal.next_preferred(verdict.not_before))
            held = _guard_reason(verdict, history, company_last, cal)
            continue
        break
    else:
        return "No free moment in its window: notes to this person are too close together."
    if at == f.window.recommended:
        return f
    latest = f.window.latest
    if f.kind is not Kind.HOLIDAY:
        # Re-planned from when the hold lifts (issue 17 §5): the window moves whole, so the
        # note is not overdue since a deadline that fell inside the hold. A check-in has no
        # real deadline; it stays open for a full period (NURTURE-001).
        latest = max(latest, at + (f.window.latest - f.window.recommended))
        if f.kind is Kind.CHECK_IN:
            latest = max(latest, at + settings.check_in_open)
    elif at > latest:
        # A greeting belongs to its holiday (HOLIDAY-003): past the window it is dropped,
        # and the reason says so on the network report.
        return (
            f"No greeting this time: its window closes {short_day(cal.local_date(latest))}, "
            f"and {held or 'other notes to this person'} until "
            f"{short_day(cal.local_date(at))}."
        )
    why = f"Held until {short_day(cal.local_date(at))}: {held}."
    return dataclasses.replace(
        f,
        window=Window(earliest=max(f.window.earliest, at), recommended=at, latest=latest),
        reason=f"{f.reason} {why}".strip(),
    )


def _guard_reason(
    verdict: cadence.Verdict,
    history: cadence.Thread,
    company_last: datetime | None,
    cal: BusinessCalendar,
) -> str:
    """The cadence guard's hold as a clause of one plain sentence (CAD-002/003, SEND-005)."""
    if verdict.rule == "CAD-002":
        last = max((t for t in (history.last_nudge, company_last) if t is not None), default=None)
        gap = cal.policy.min_gap_business_days
        went = f" went on {short_day(cal.local_date(last))}" if last is not None else ""
        return (
            f"the last nudge to this person or their company{went}, and nudges stay "
            f"{gap} business days apart (CAD-002, CAD-003)"
        )
    if verdict.rule == "SEND-005":
        return "no nudges go in the year-end quiet period (SEND-005)"
    return verdict.reason.rstrip(".")
