"""The attention budget: how many nurture notes the candidate is asked for.

The seed warns against follow-ups that are too many and too frequent; that holds for what
we ask of the candidate as much as for what they send. Check-ins, gratitude notes,
holiday greetings and news notes share one budget (`per_week`, `per_day`); process
follow-ups (thank-yous, status checks, offer and rejection replies) never count against
it and are never moved by it.

When more is due than the budget allows, the most valuable notes go first and the rest
move to the following weeks, up to `spread_weeks`; what does not fit then waits for a
later run, where it is derived again and comes back. A note a run creates opens now or
later, never in the past: overdue means the candidate let it pass.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from followup.domain.network.index import Records
from followup.domain.network.policy import NetworkPolicy
from followup.domain.network.rules import send_at
from followup.domain.network.spacing import FLEXIBLE, Deferred
from followup.domain.network.standing import Standing, standing
from followup.domain.records.followups import Direction, FollowUp, Kind, Window
from followup.domain.records.model import ContactRole, Tier
from followup.domain.timing.planning import Plan, Planning
from followup.domain.timing.wording import short_day

NURTURE = FLEXIBLE
# Open-ended notes can wait; the others have a window that closes (a holiday, fresh news).
OPEN_ENDED = frozenset({Kind.CHECK_IN, Kind.GRATITUDE})
_TIER_ORDER = {Tier.CLOSE: 0, Tier.REGULAR: 1, Tier.LIGHT: 2}


@dataclass(frozen=True, slots=True, kw_only=True)
class Worth:
    """What makes a nurture note worth the candidate's attention."""

    helper: bool = False  # a referrer, reference or other helper (NURTURE-005)
    tier: Tier | None = None  # NURTURE-001
    last_exchange: datetime | None = None  # their last reply, meeting or interview
    shown: bool = False  # already on the agenda as due: it keeps its place
    # Due for longer than the spread: it waited its turn, and goes before the rest so
    # that every note comes back, the least valuable too.
    waited: bool = False

    def why(self, kind: Kind) -> str:
        parts = []
        if self.shown:
            parts.append("already on your agenda")
        if self.waited:
            parts.append("it has waited its turn")
        if self.helper:
            parts.append("they helped you")
        if self.tier is not None and self.tier is not Tier.NONE:
            parts.append(f"{self.tier} tier")
        if self.last_exchange is not None:
            parts.append(f"last exchange {self.last_exchange:%Y-%m-%d}")
        parts.append("open-ended" if kind in OPEN_ENDED else "its window closes")
        return ", ".join(parts)


def rank_key(f: FollowUp, worth: Worth) -> tuple[object, ...]:
    """Most valuable first: what the agenda already shows, helpers, time-bound notes, then
    what has waited its turn, the closer tier, a two-way relationship, the more recent
    exchange, then the earlier note."""
    last = worth.last_exchange
    return (
        not worth.shown,
        not worth.helper,
        f.kind in OPEN_ENDED,
        not worth.waited,
        _TIER_ORDER.get(worth.tier or Tier.NONE, 3),
        last is None,
        -(last.timestamp() if last is not None else 0.0),
        f.window.latest.timestamp(),
        f.key,
    )


@dataclass(frozen=True, slots=True)
class Rationed:
    """The nurture notes that fit the budget (some moved later), and those that wait."""

    kept: list[FollowUp]
    deferred: list[Deferred]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def ration(
    nurture: Sequence[FollowUp],
    worth: Mapping[str, Worth],
    *,
    now: datetime,
    zone: tzinfo,
    settings: NetworkPolicy,
    spent: Iterable[datetime] = (),
    busy: Mapping[int, Sequence[datetime]] | None = None,
    settle: Settle | None = None,
) -> Rationed:
    """Fit `nurture` into the budget, most valuable first, each on the first weekday
    (in the candidate's `zone`) with room from its window's start.

    `spent`: when nurture notes already went out (they count against their day and
    week); `busy`: other notes planned per contact, which a moved note keeps
    `min_gap` away from (one cadence).
    """
    today = now.astimezone(zone).date()
    last_day = _monday(today) + timedelta(weeks=settings.spread_weeks, days=-1)
    per_day: Counter[date] = Counter()
    per_week: Counter[date] = Counter()
    for at in spent:
        day = at.astimezone(zone).date()
        if day >= _monday(today):
            per_day[day] += 1
            per_week[_monday(day)] += 1
    near: dict[int, list[datetime]] = {k: list(v) for k, v in (busy or {}).items()}
    ordered = sorted(nurture, key=lambda f: rank_key(f, worth.get(f.key, Worth())))
    placed: list[tuple[FollowUp, Worth, date]] = []
    deferred: list[Deferred] = []
    full = f"{settings.per_week} a week and {settings.per_day} a day"

    def room(day: date) -> bool:
        return per_day[day] < settings.per_day and per_week[_monday(day)] < settings.per_week

    for f in ordered:
        w = worth.get(f.key, Worth())
        open_ended = f.kind in OPEN_ENDED
        if not open_ended and f.window.latest < now:
            deferred.append(Deferred(followup=f, reason="Its window has passed."))
            continue
        start = max(f.window.earliest.astimezone(zone).date(), today)
        end = last_day if open_ended else min(f.window.latest.astimezone(zone).date(), last_day)
        found: tuple[FollowUp, date] | None = None
        day = start
        theirs = near.get(f.contact_id or 0, ())
        while day <= end:
            if per_week[_monday(day)] >= settings.per_week:
                day = _monday(day) + timedelta(weeks=1)  # a full week: skip it whole
                continue
            if day.weekday() >= 5 or per_day[day] >= settings.per_day:
                day += timedelta(days=1)
                continue
            tried = _on(f, day, now, zone, open_ended, keep=w.shown, settle=settle)
            if tried is None or tried[1] > end:
                break  # past its window: later days are too
            landed = tried[1]
            if room(landed) and not any(
                abs(t - tried[0].window.recommended) < settings.min_gap for t in theirs
            ):
                found = tried
                break
            # The recipient's calendar moved it (a weekend, a holiday, the year-end quiet):
            # go on from where it landed.
            day = max(day, landed) + timedelta(days=1)
        if found is None:
            waits = "until it closes" if not open_ended else f"for {settings.spread_weeks} weeks"
            deferred.append(
                Deferred(
                    followup=f,
                    reason=(
                        f"{_FULL} ({full}) is full {waits}; "
                        + (
                            "it comes back when there is room."
                            if open_ended
                            else "left out for more valuable notes."
                        )
                    ),
                )
            )
            continue
        moved, chosen_day = found
        per_day[chosen_day] += 1
        per_week[_monday(chosen_day)] += 1
        if f.contact_id is not None:
            near.setdefault(f.contact_id, []).append(moved.window.recommended)
        placed.append((moved, w, chosen_day))
    return Rationed(_explain(placed, deferred, today, settings), deferred)


Settle = Callable[[FollowUp, datetime], datetime]
"""(note, proposed moment) -> the first moment at or after it the recipient's calendar allows."""


def _on(
    f: FollowUp,
    day: date,
    now: datetime,
    zone: tzinfo,
    open_ended: bool,
    *,
    keep: bool,
    settle: Settle | None,
) -> tuple[FollowUp, date] | None:
    """`f` moved to `day` (or the first day after it the recipient's calendar allows),
    opening no earlier than `now`, with the candidate's day it lands on; None when its
    window cannot hold it."""
    window = f.window
    rec_day = window.recommended.astimezone(zone).date()
    today = now.astimezone(zone).date()
    if keep and (rec_day == day or (rec_day < day and day == today)):
        return f, day  # on the agenda already: the candidate sees it where it was
    shift = (day - rec_day).days
    at = window.recommended + timedelta(days=shift) if shift > 0 else window.recommended
    soon = _whole_minute(now)
    at = max(at, soon)
    if settle is not None and at != window.recommended:
        at = settle(f, at)
    landed = at.astimezone(zone).date()
    span = window.latest - window.recommended
    latest = max(window.latest, at + span) if open_ended else window.latest
    if at > latest:
        return None
    if at == window.recommended and window.earliest >= now:
        return f, landed
    # A note moved to a later day opens that day; one kept opens now at the earliest.
    begin = at if at > window.recommended else min(max(window.earliest, soon), at)
    moved = dataclasses.replace(f, window=Window(earliest=begin, recommended=at, latest=latest))
    return moved, landed


def _whole_minute(at: datetime) -> datetime:
    """`at` rounded up to the minute: a moment a run creates carries no seconds."""
    rounded = at.replace(second=0, microsecond=0)
    return rounded if rounded == at else rounded + timedelta(minutes=1)


def waiting(deferred: Iterable[Deferred]) -> list[Deferred]:
    """The notes the budget, not one cadence, left out."""
    return [d for d in deferred if d.reason.startswith(_FULL)]


_FULL = "The attention budget"


def _explain(
    placed: list[tuple[FollowUp, Worth, date]],
    deferred: list[Deferred],
    today: date,
    settings: NetworkPolicy,
) -> list[FollowUp]:
    """Each kept note says why it was chosen, and what waits behind it."""
    week = _monday(today)
    later = Counter(f.kind for f, _, day in placed if _monday(day) > week)
    later.update(d.followup.kind for d in deferred if d.followup.kind in OPEN_ENDED)
    waiting = ", ".join(f"{n} more {kind}{'s' if n > 1 else ''}" for kind, n in later.items())
    out = []
    for n, (f, w, day) in enumerate(placed, 1):
        note = f"Chosen #{n} for your attention ({w.why(f.kind)})"
        if _monday(day) > week:
            note += f"; moved to the week of {short_day(_monday(day))} by the budget"
        elif waiting:
            note += f"; {waiting} wait for the next weeks"
        out.append(dataclasses.replace(f, reason=f"{f.reason} {note}."))
    return out


_HELPER_ROLES = frozenset({ContactRole.REFERRER, ContactRole.REFERENCE})


def shortlist(
    plan: Plan,
    planning: Planning,
    records: Records,
    settings: NetworkPolicy,
    stored: Iterable[FollowUp],
) -> tuple[Plan, list[Deferred]]:
    """The plan with only the nurture notes that could fit the budget: the most valuable
    few times what the next `spread_weeks` can hold, and everything already shown. The
    rest waits (and comes back) without being spaced and rationed one by one: on a long
    history most of the network is due at once."""
    _, items, worth = _valued(plan, planning, records, settings, stored)
    room = 3 * settings.per_week * settings.spread_weeks
    room += sum(1 for w in worth.values() if w.shown)
    if len(items) <= room:
        return plan, []
    ordered = sorted(items, key=lambda f: rank_key(f, worth[f.key]))
    keep = {f.key for f in ordered[:room]}
    full = f"{settings.per_week} a week and {settings.per_day} a day"
    cut = [
        Deferred(
            followup=f,
            reason=(
                f"{_FULL} ({full}) is full for {settings.spread_weeks} weeks with more valuable "
                "notes; it comes back when there is room."
            ),
        )
        for f in ordered[room:]
    ]
    retired = dict(plan.retired)
    for d in cut:
        retired[d.followup.key] = d.reason
    kept = [f for f in plan.followups if f.key in keep or not _is_nurture(f)]
    return Plan(kept, retired, plan.kept), cut


def _is_nurture(f: FollowUp) -> bool:
    return f.kind in NURTURE and f.contact_id is not None


def _valued(
    plan: Plan,
    planning: Planning,
    records: Records,
    settings: NetworkPolicy,
    stored: Iterable[FollowUp],
) -> tuple[list[FollowUp], list[FollowUp], dict[str, Worth]]:
    """The plan's other notes, its nurture notes (one already shown keeps its stored
    window) and what each nurture note is worth."""
    now = planning.now
    on_file = {f.key: f for f in stored if f.status.is_open and f.kind in NURTURE}
    others: list[FollowUp] = []
    items: list[FollowUp] = []
    seen: dict[int, Standing] = {}
    worth: dict[str, Worth] = {}
    wait = timedelta(weeks=settings.spread_weeks)
    for f in plan.followups:
        cid = f.contact_id
        if cid is None or f.kind not in NURTURE:
            others.append(f)
            continue
        old = on_file.get(f.key)
        shown = old is not None and old.window.earliest <= now
        if old is not None and shown:
            f = dataclasses.replace(f, window=old.window)
        items.append(f)
        s = seen.get(cid) or records.standings.get(cid)
        contact = planning.contacts.get(cid)
        if s is None and contact is not None:
            s = seen[cid] = standing(contact, records, now)
        worth[f.key] = Worth(
            helper=f.kind is Kind.GRATITUDE
            or (contact is not None and contact.role in _HELPER_ROLES),
            tier=s.tier if s is not None else None,
            last_exchange=s.last_reply if s is not None else None,
            shown=shown,
            waited=s is not None
            and s.next_due is not None
            and f.kind is Kind.CHECK_IN
            and now - s.next_due > wait,
        )
    return others, items, worth


def apply(
    plan: Plan,
    planning: Planning,
    records: Records,
    settings: NetworkPolicy,
    stored: Iterable[FollowUp],
) -> tuple[Plan, list[Deferred]]:
    """The plan with its nurture notes rationed (see `ration`); the other notes as they
    were. `stored` are the follow-ups on file: an open nurture note already due there is
    on the candidate's agenda and keeps its place."""
    now = planning.now
    profile = planning.profile
    zone = ZoneInfo(profile.tz if profile is not None and profile.tz else "UTC")
    others, items, worth = _valued(plan, planning, records, settings, stored)
    busy: dict[int, list[datetime]] = {}
    for f in others:
        if f.contact_id is not None:
            busy.setdefault(f.contact_id, []).append(f.window.recommended)
    week_start = now - timedelta(days=8)
    spent = [
        m.at
        for messages in planning.contact_messages.values()
        for m in messages
        if week_start <= m.at <= now and m.direction is Direction.OUT and m.kind in NURTURE
    ]

    def settle(f: FollowUp, at: datetime) -> datetime:
        contact = planning.contacts.get(f.contact_id)
        company = planning.companies.get(contact.company_id) if contact else None
        return send_at(at, planning.calendar(company, contact)[0])

    rationed = ration(
        items, worth, now=now, zone=zone, settings=settings, spent=spent, busy=busy, settle=settle
    )
    retired = dict(plan.retired)
    for d in rationed.deferred:
        retired[d.followup.key] = d.reason
    return Plan([*others, *rationed.kept], retired, plan.kept), rationed.deferred
