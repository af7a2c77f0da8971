"""The candidate's network: tiers, last touches, check-ins, gratitude and holiday greetings.

Everything here is derived from the records on each run, never stored twice: a
contact's last touch comes from messages and interviews, their tier from what the
user set or from a process that ended (NURTURE-001), and the notes they are owed
from both. The planner takes these as extra rules (`contact_rules`), and `space()`
then keeps every note to one person a week apart, in priority order, under the
cadence guard: one cadence for everything.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from followup.domain import cadence
from followup.domain.errors import ValidationError
from followup.domain.followups import Channel, Direction, FollowUp, Kind, Message, Window
from followup.domain.planner import ContactRule, Plan, Planning
from followup.domain.planner import _recipient as recipient  # the planner's one main contact
from followup.domain.policy import Policy
from followup.domain.records import (
    Application,
    Contact,
    ContactRole,
    Interview,
    InterviewKind,
    InterviewStatus,
    Snapshot,
    Stage,
    Tier,
)
from followup.domain.timing import BusinessCalendar, short_day

HolidayDate = Callable[[str, int], date | None]
"""(canonical holiday name, year) -> its (first) day that year, or None when unknown."""

# Holidays a contact may observe (HOLIDAY-005), with the spellings users type.
OBSERVANCES: Mapping[str, tuple[str, ...]] = {
    "christmas": ("christmas", "xmas"),
    "orthodox christmas": ("orthodox christmas",),
    "hanukkah": ("hanukkah", "chanukah", "hanukah"),
    "kwanzaa": ("kwanzaa",),
    "diwali": ("diwali", "deepavali"),
    "lunar new year": ("lunar new year", "chinese new year", "spring festival", "tet", "seollal"),
    "eid al-fitr": ("eid al-fitr", "eid", "eid ul-fitr", "eid-ul-fitr"),
    "eid al-adha": ("eid al-adha", "eid ul-adha", "eid-ul-adha"),
    "rosh hashanah": ("rosh hashanah", "jewish new year"),
    "nowruz": ("nowruz", "norooz", "persian new year"),
    "vesak": ("vesak", "buddha day"),
}
_ALIASES = {alias: name for name, aliases in OBSERVANCES.items() for alias in aliases}
# A greeting for one of these replaces the season's greeting, in the same window.
_DECEMBER = frozenset({"christmas", "hanukkah", "kwanzaa"})


def observance(name: str) -> str | None:
    """The canonical name of a holiday the user typed, or None when we do not know it."""
    return _ALIASES.get(" ".join(name.casefold().replace("_", " ").split()))


# Kinds the network plans; merge() may cancel open ones that are no longer derived.
KINDS = frozenset({Kind.CHECK_IN, Kind.HOLIDAY, Kind.NEWS_NOTE, Kind.GRATITUDE})


@dataclass(frozen=True, slots=True, kw_only=True)
class NetworkPolicy:
    """Settings only the network uses (`[network]` in the config file). The numbers it
    shares with the timing rules (tier intervals, the post-rejection touch, greeting
    windows, year-end quiet) come from each recipient's `Policy`."""

    cooling_after: int = 2  # unanswered touches that make a contact "cooling" (NURTURE-003)
    let_go_after: int = 3  # ... and the point to suggest letting go
    check_in_open: timedelta = timedelta(days=14)  # how long a due check-in stays open
    check_in_horizon: timedelta = timedelta(days=14)  # plan check-ins due this soon
    gratitude_open: timedelta = timedelta(days=14)
    two_way_within: timedelta = timedelta(days=365)  # HOLIDAY-001
    greeting_max_unanswered: int = 2  # HOLIDAY-001: skip people who stopped answering
    observance_lead: timedelta = timedelta(days=7)  # a specific greeting goes the week before
    greeting_horizon: timedelta = timedelta(days=45)  # plan greetings this far ahead
    min_gap: timedelta = timedelta(days=7)  # one cadence: no two notes to a person within this
    # When two notes to one person fall in the same week, the earlier kind here wins.
    priority: tuple[Kind, ...] = (
        Kind.THANK_YOU,
        Kind.COORDINATOR_THANKS,
        Kind.OFFER_THANKS,
        Kind.OFFER_ACCEPT,
        Kind.OFFER_DECLINE,
        Kind.REJECTION_REPLY,
        Kind.WITHDRAWAL,
        Kind.OFFER_REMINDER,
        Kind.STATUS_CHECK,
        Kind.GRATITUDE,
        Kind.HOLIDAY,
        Kind.NEWS_NOTE,
        Kind.CHECK_IN,
    )

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> NetworkPolicy:
        """Read the `[network]` table of the config file; unknown keys are errors."""
        table = config.get("network", {})
        if not isinstance(table, Mapping):
            raise ValidationError("network", "must be a table")
        changes: dict[str, Any] = {}
        for key, value in table.items():
            where = f"network.{key}"
            if key in ("cooling_after", "let_go_after", "greeting_max_unanswered"):
                changes[key] = _positive(where, value)
            elif key in (
                "min_gap_days",
                "check_in_open_days",
                "check_in_horizon_days",
                "greeting_horizon_days",
                "gratitude_open_days",
            ):
                changes[key.removesuffix("_days")] = timedelta(days=_positive(where, value))
            elif key == "priority":
                changes[key] = _priority(where, value)
            else:
                raise ValidationError(where, "unknown setting")
        policy = cls(**changes)
        if policy.let_go_after < policy.cooling_after:
            raise ValidationError("network.let_go_after", "must not be less than cooling_after")
        return policy

    def rank(self, kind: Kind) -> int:
        return self.priority.index(kind) if kind in self.priority else len(self.priority)


def _positive(where: str, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValidationError(where, f"must be a whole number of at least 1, not {value!r}")
    return value


def _priority(where: str, value: object) -> tuple[Kind, ...]:
    if not isinstance(value, list) or not value:
        raise ValidationError(where, "must be a list of follow-up kinds")
    kinds = []
    for item in value:
        try:
            kinds.append(Kind(item))
        except ValueError:
            raise ValidationError(where, f"{item!r} is not a follow-up kind") from None
    return tuple(dict.fromkeys(kinds))


def intervals(policy: Policy) -> dict[Tier, timedelta]:
    """Check-in interval per tier (NURTURE-001; `policy.check_in_days`)."""
    return {Tier(k): timedelta(days=v) for k, v in policy.check_in_days.items()}


# -- the records, indexed -------------------------------------------------------------

# Roles that take part in a hiring process (referrers and references are helpers).
_PROCESS_ROLES = frozenset(
    {
        ContactRole.INTERVIEWER,
        ContactRole.HIRING_MANAGER,
        ContactRole.RECRUITER,
        ContactRole.COORDINATOR,
    }
)
OUTCOMES = frozenset({Stage.OFFER, Stage.ACCEPTED, Stage.REJECTED, Stage.WITHDRAWN})


@dataclass(frozen=True, slots=True)
class Records:
    """The records the network is computed from, indexed once per run."""

    contacts: Sequence[Contact]
    applications: Sequence[Application]
    interviews: Sequence[Interview]
    messages: Sequence[Message]
    apps_of: Mapping[int, frozenset[int]] = field(init=False)
    by_contact: Mapping[int, Sequence[Message]] = field(init=False)

    @classmethod
    def of(cls, snapshot: Snapshot) -> Records:
        return cls(snapshot.contacts, snapshot.applications, snapshot.interviews, snapshot.messages)

    def __post_init__(self) -> None:
        links: dict[int, set[int]] = {}
        for interview in self.interviews:
            people = [p.contact_id for p in interview.interviewers]
            if interview.coordinator_id is not None:
                people.append(interview.coordinator_id)
            for cid in people:
                links.setdefault(cid, set()).add(interview.application_id)
        by_contact: dict[int, list[Message]] = {}
        for message in self.messages:
            by_contact.setdefault(message.contact_id, []).append(message)
            if message.application_id is not None:
                links.setdefault(message.contact_id, set()).add(message.application_id)
        by_company: dict[int, list[int]] = {}
        for app in self.applications:
            if app.id is not None:
                by_company.setdefault(app.company_id, []).append(app.id)
        for contact in self.contacts:
            if (
                contact.id is not None
                and contact.company_id is not None
                and (contact.role in _PROCESS_ROLES)
            ):
                links.setdefault(contact.id, set()).update(by_company.get(contact.company_id, ()))
        object.__setattr__(self, "apps_of", {k: frozenset(v) for k, v in links.items()})
        object.__setattr__(self, "by_contact", by_contact)

    def applications_of(self, contact_id: int) -> list[Application]:
        linked = self.apps_of.get(contact_id, frozenset())
        return [a for a in self.applications if a.id in linked]


def outcome(app: Application) -> tuple[Stage, datetime] | None:
    """The latest outcome of a process (offer, accepted, rejected, withdrawn) and when."""
    for change in reversed(app.history):
        if change.stage in OUTCOMES:
            return change.stage, change.at
    return None


# -- standing: where each contact is ----------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Standing:
    """One contact as the network sees them, with the reasons."""

    contact: Contact
    tier: Tier | None  # effective: what the user set, else regular once their process ended
    tier_reason: str
    in_process: bool
    last_touch: datetime | None  # any message either way, a meeting, an interview
    last_reply: datetime | None  # their last message, a meeting or an interview
    unanswered: int  # nudges since their last reply (cadence.is_nudge; NURTURE-003)
    greeted: tuple[datetime, ...] = ()  # holiday greetings sent
    next_due: datetime | None = None  # the next check-in, before it is put on a business day
    due_reason: str = ""
    advice: str = ""  # cooling or let-go suggestion

    @property
    def contact_id(self) -> int:
        assert self.contact.id is not None
        return self.contact.id

    @property
    def in_network(self) -> bool:
        return self.tier is not None and self.tier is not Tier.NONE

    def state(self, settings: NetworkPolicy) -> str:
        """`let go`, `cooling` or `ok`."""
        if self.unanswered >= settings.let_go_after:
            return "let go"
        return "cooling" if self.unanswered >= settings.cooling_after else "ok"


def standing(contact: Contact, records: Records, now: datetime) -> Standing:
    """Tier, touches and unanswered streak of one contact (no due date yet)."""
    assert contact.id is not None
    cid = contact.id
    apps = records.applications_of(cid)
    in_process = any(a.stage.is_open for a in apps)
    replies: list[datetime] = []
    for interview in records.interviews:
        took_part = cid == interview.coordinator_id or any(
            p.contact_id == cid for p in interview.interviewers
        )
        if took_part and interview.status is InterviewStatus.SCHEDULED and interview.end <= now:
            replies.append(interview.end)  # a conversation is two-way
    mine = [m for m in records.by_contact.get(cid, ()) if m.at <= now]
    touches = [*replies, *(m.at for m in mine)]
    replies += [m.at for m in mine if m.direction is Direction.IN or m.channel is Channel.MEETING]
    last_reply = max(replies, default=None)
    unanswered = sum(
        1
        for m in mine
        if cadence.is_nudge(m)
        and m.channel is not Channel.MEETING
        and (last_reply is None or m.at > last_reply)
    )
    tier, why = contact.tier, "set by you"
    if tier is None:
        if in_process:
            why = "in an open process"
        elif any(not a.stage.is_open for a in apps):
            tier, why = Tier.REGULAR, "regular since their process ended (NURTURE-001)"
        else:
            why = "not in your network yet"
    greeted = tuple(
        sorted(m.at for m in mine if m.direction is Direction.OUT and m.kind is Kind.HOLIDAY)
    )
    return Standing(
        contact=contact,
        tier=tier,
        tier_reason=why,
        in_process=in_process,
        last_touch=max(touches, default=None),
        last_reply=last_reply,
        unanswered=unanswered,
        greeted=greeted,
    )


def _advice(s: Standing, settings: NetworkPolicy) -> str:
    """NURTURE-003: what to do about someone who stopped answering."""
    if not s.in_network:
        return ""
    state = s.state(settings)
    if state == "let go":
        return (
            f"{s.unanswered} touches unanswered: consider letting go "
            f"(`followup contact tier {s.contact_id} none`, NURTURE-003)"
        )
    if state == "cooling":
        lower = {Tier.CLOSE: "regular", Tier.REGULAR: "light"}.get(s.tier or Tier.NONE, "none")
        return (
            f"cooling: {s.unanswered} touches unanswered, so no check-in until they reply "
            f"(CAD-001); consider `followup contact tier {s.contact_id} {lower}` or letting "
            "go (NURTURE-003)"
        )
    return ""


def _rejection_touch(
    s: Standing, records: Records, planning: Planning
) -> tuple[datetime, Application] | None:
    """NURTURE-004: the one person who wrote about a rejection gets one touch a month later
    (the same person the planner addresses the rejection reply to)."""
    for app in records.applications_of(s.contact_id):
        result = outcome(app)
        if result is None or result[0] is not Stage.REJECTED or app.stage is not Stage.REJECTED:
            continue
        met = [
            i
            for i in records.interviews
            if i.application_id == app.id and i.status is InterviewStatus.SCHEDULED
        ]
        main = recipient(planning, met)
        if main is None or main.id != s.contact_id:
            continue
        at = result[1]
        checked_in = any(
            m.direction is Direction.OUT and m.kind is Kind.CHECK_IN and m.at > at
            for m in records.by_contact.get(s.contact_id, ())
        )
        if not checked_in:
            company = planning.companies.get(app.company_id)
            policy = planning.calendar(company, s.contact)[1]
            return at + timedelta(days=policy.post_rejection_check_in_days), app
    return None


def review_one(
    contact: Contact, records: Records, planning: Planning, settings: NetworkPolicy
) -> Standing:
    """One contact's standing with their next check-in, if any (NURTURE-001/003/004)."""
    s = standing(contact, records, planning.now)
    advice = _advice(s, settings)
    company = planning.companies.get(contact.company_id)
    policy = planning.calendar(company, contact)[1]
    every = intervals(policy)
    due: datetime | None = None
    reason = ""
    if s.in_process:
        reason = "in an open process: status checks cover them"
    elif s.tier in every and s.state(settings) == "ok":
        assert s.tier is not None
        interval = every[s.tier]
        if s.last_touch is None:
            due, reason = planning.now, f"{s.tier} tier and no touch on record"
        else:
            due = s.last_touch + interval
            reason = (
                f"{s.tier} tier: every {interval.days} days; last touch "
                f"{s.last_touch:%Y-%m-%d} (NURTURE-001)"
            )
        rejection = _rejection_touch(s, records, planning)
        if rejection is not None:
            due = rejection[0]
            reason = (
                f"one touch {policy.post_rejection_check_in_days} days after the "
                f"rejection (application {rejection[1].id}, NURTURE-004)"
            )
    return dataclasses.replace(s, next_due=due, due_reason=reason, advice=advice)


def review(records: Records, planning: Planning, settings: NetworkPolicy) -> list[Standing]:
    """Every contact's standing, in id order."""
    return [
        review_one(c, records, planning, settings) for c in records.contacts if c.id is not None
    ]


# -- gratitude (NURTURE-005) ------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Owed:
    """A helper who should hear how a process turned out (NURTURE-005)."""

    contact_id: int
    application_id: int
    outcome: Stage
    since: datetime
    reason: str


def helpers(app: Application, records: Records) -> list[Contact]:
    """Who helped with a process: referrers at the company, the people of its informational
    interviews, references once it reached an offer (when references are checked), and any
    referrer or reference whose messages were filed under it."""
    reached_offer = any(c.stage in (Stage.OFFER, Stage.ACCEPTED) for c in app.history)
    informational = {
        p.contact_id
        for i in records.interviews
        if i.application_id == app.id and i.kind is InterviewKind.INFORMATIONAL
        for p in i.interviewers
    }
    filed = {m.contact_id for m in records.messages if m.application_id == app.id}
    return [
        c
        for c in records.contacts
        if c.id is not None
        and (
            c.id in informational
            or (
                c.role is ContactRole.REFERRER and (c.company_id == app.company_id or c.id in filed)
            )
            or (c.role is ContactRole.REFERENCE and (reached_offer or c.id in filed))
        )
    ]


def owed_gratitude(contact: Contact, records: Records, now: datetime) -> list[Owed]:
    """The processes whose latest outcome this helper has not heard about yet."""
    assert contact.id is not None
    if contact.tier is Tier.NONE:
        return []
    out = []
    for app in records.applications:
        result = outcome(app)
        if app.id is None or result is None or result[1] > now:
            continue
        if contact not in helpers(app, records):
            continue
        stage, at = result
        told = any(
            m.direction is Direction.OUT and m.kind is Kind.GRATITUDE and m.at >= at
            for m in records.by_contact.get(contact.id, ())
        )
        if not told:
            out.append(
                Owed(
                    contact_id=contact.id,
                    application_id=app.id,
                    outcome=stage,
                    since=at,
                    reason=(
                        f"Tell {contact.name} ({contact.role}) how the {app.role} process "
                        f"turned out: {stage} on {at:%Y-%m-%d}, and thank them (NURTURE-005)."
                    ),
                )
            )
    return out


# -- holiday greetings (HOLIDAY-001..005) -----------------------------------------------


def two_way(s: Standing, now: datetime, settings: NetworkPolicy) -> bool:
    """HOLIDAY-001: they answered or met us within a year, and have not gone quiet."""
    return (
        s.last_reply is not None
        and now - s.last_reply <= settings.two_way_within
        and s.unanswered < settings.greeting_max_unanswered
    )


def greeting_windows(
    s: Standing,
    cal: BusinessCalendar,
    now: datetime,
    settings: NetworkPolicy,
    holiday_date: HolidayDate,
) -> list[tuple[str, date, date, str]]:
    """(key suffix, first day, last day, reason) of each greeting due around `now`.

    The default is an inclusive season's greeting in the holiday window (Dec 1–18), or
    a new-year note (Jan 2–10) once December's has passed (HOLIDAY-002/003). A greeting
    for a specific holiday goes only to someone known to observe it (HOLIDAY-005); one
    in December takes the season greeting's place.
    """
    policy = cal.policy
    today = cal.local_date(now)
    observed = {o for o in (observance(x) for x in s.contact.observes) if o}
    greeted = [cal.local_date(g) for g in s.greeted]
    plans: list[tuple[str, date, date, str]] = []
    for year in (today.year - 1, today.year):
        (sm, sd), (em, ed) = policy.holiday_window
        (nm, nd), (xm, xd) = policy.new_year_window
        start, end = date(year, sm, sd), date(year, em, ed)
        if any(date(year, 11, 1) <= g <= date(year + 1, 1, 31) for g in greeted):
            continue  # one greeting a season
        special = sorted(
            (day, name)
            for name in observed & _DECEMBER
            if (day := holiday_date(name, year)) is not None
            and date(year, 11, 15) <= day <= date(year + 1, 1, 10)
        )
        key = f"{year}-season"
        day, name = special[0] if special else (start, "")
        last = min(end, day) if day >= start else day
        if special and today <= last:
            first = start if day >= start else day - settings.observance_lead
            plans.append(
                (key, first, last, f"A {name.title()} greeting: they observe it (HOLIDAY-005).")
            )
        elif today <= end:
            plans.append(
                (key, start, end, "A season's greeting in inclusive words (HOLIDAY-002/003).")
            )
        else:
            plans.append(
                (
                    key,
                    date(year + 1, nm, nd),
                    date(year + 1, xm, xd),
                    "A new-year note: December's window has passed (HOLIDAY-003).",
                )
            )
    for name in sorted(observed - _DECEMBER):
        for year in (today.year, today.year + 1):
            day = holiday_date(name, year)
            if day is None or any(abs((g - day).days) <= 14 for g in greeted):
                continue
            plans.append(
                (
                    f"{year}-{name.replace(' ', '-')}",
                    day - settings.observance_lead,
                    day,
                    f"A {name.title()} greeting: they observe it (HOLIDAY-005).",
                )
            )
    return [p for p in plans if p[2] >= today and p[1] <= today + settings.greeting_horizon]


# -- the planner rules ----------------------------------------------------------------


def _window(cal: BusinessCalendar, start: datetime, latest: datetime) -> Window:
    begin = cal.local(cal.next_preferred(start))
    return Window(earliest=begin, recommended=begin, latest=cal.local(max(latest, begin)))


def _send_at(when: datetime, cal: BusinessCalendar) -> datetime:
    """The first preferred moment of a business day at or after `when`, outside the year-end
    quiet (SEND-002, SEND-005)."""
    at = cal.next_preferred(when)
    day = cal.local_date(at)
    if cal.in_blackout(day):
        at = cal.day(cal.after_blackout(day)).pref_start
    return cal.local(at)


def contact_rules(
    records: Records,
    settings: NetworkPolicy,
    *,
    holiday_date: HolidayDate,
    news_notes: Callable[[Planning, Standing], Iterable[FollowUp]] | None = None,
) -> tuple[ContactRule, ...]:
    """The planner rules for the long-run kinds, bound to this run's records."""

    def network_rule(planning: Planning, contact: Contact, plan: Plan) -> None:
        if contact.id is None:
            return
        s = review_one(contact, records, planning, settings)
        company = planning.companies.get(contact.company_id)
        cal = planning.calendar(company, contact)[0]
        now = planning.now
        if s.next_due is not None and s.next_due <= now + settings.check_in_horizon:
            at = _send_at(s.next_due, cal)
            # Anchored on the due date, not on now: an overdue check-in stays overdue on the
            # agenda instead of sliding to "tomorrow" at every run. Once its window has
            # passed, it opens again for the next period.
            periods = max(0, -(-(now - (at + settings.check_in_open)) // settings.check_in_open))
            if periods:
                at = _send_at(at + periods * settings.check_in_open, cal)
            base = f"{s.last_touch:%Y%m%d}" if s.last_touch else "new"
            if "NURTURE-004" in s.due_reason:
                base = "after-rejection"
            plan.followups.append(
                planning.followup(
                    f"check-in/c{contact.id}/{base}",
                    Kind.CHECK_IN,
                    Window(earliest=at, recommended=at, latest=at + settings.check_in_open),
                    f"Check in with {contact.name}: {s.due_reason}. Offer something rather than "
                    "ask (NURTURE-002).",
                    contact_id=contact.id,
                )
            )
        for owed in owed_gratitude(contact, records, now):
            plan.followups.append(
                planning.followup(
                    f"gratitude/a{owed.application_id}/c{contact.id}/{owed.outcome}",
                    Kind.GRATITUDE,
                    _window(
                        cal, owed.since + timedelta(hours=12), owed.since + settings.gratitude_open
                    ),
                    owed.reason,
                    application_id=owed.application_id,
                    contact_id=contact.id,
                )
            )
        if s.in_network and two_way(s, now, settings):
            for suffix, first, last, why in greeting_windows(s, cal, now, settings, holiday_date):
                days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
                open_days = [d for d in days if cal.is_business_day(d)]
                if not open_days or cal.day(open_days[-1]).close < now:
                    continue
                begin = cal.local(cal.day(open_days[0]).pref_start)
                end_at = cal.local(max(cal.day(open_days[-1]).close, begin))
                plan.followups.append(
                    planning.followup(
                        f"holiday/c{contact.id}/{suffix}",
                        Kind.HOLIDAY,
                        Window(earliest=begin, recommended=begin, latest=end_at),
                        f"{why} Greeting only, no request (HOLIDAY-001/004).",
                        contact_id=contact.id,
                    )
                )
        if news_notes is not None:
            plan.followups.extend(news_notes(planning, s))

    return (network_rule,)


# -- one cadence for everything ---------------------------------------------------------


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
    taken: dict[int, list[datetime]] = {}
    for contact_id, messages in planning.contact_messages.items():
        taken[contact_id] = [
            m.at
            for m in messages
            if m.direction is Direction.OUT and m.channel is not Channel.MEETING
        ]
    fixed = [f for f in plan.followups if f.contact_id is None or f.kind not in FLEXIBLE]
    flexible = sorted(
        (f for f in plan.followups if f.contact_id is not None and f.kind in FLEXIBLE),
        key=lambda f: (settings.rank(f.kind), f.window.recommended, f.key),
    )
    for f in fixed:
        if f.contact_id is not None:
            taken.setdefault(f.contact_id, []).append(f.window.recommended)
    kept: list[FollowUp] = list(fixed)
    deferred: list[Deferred] = []
    touches: dict[int, list[FollowUp]] = {}
    for f in flexible:
        cid = f.contact_id
        assert cid is not None
        first = min(touches.get(cid, ()), key=lambda t: t.window.recommended, default=None)
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
                        "touch; the next check-in counts from it (one cadence)."
                    ),
                )
            )
            continue
        placed = _place(f, taken.get(cid, []), planning, settings)
        if isinstance(placed, str):
            deferred.append(Deferred(followup=f, reason=placed))
            continue
        kept.append(placed)
        taken.setdefault(cid, []).append(placed.window.recommended)
        if f.kind is not Kind.CHECK_IN:
            touches.setdefault(cid, []).append(placed)
    retired = dict(plan.retired)
    for d in deferred:
        retired[d.followup.key] = d.reason
    return Plan(kept, retired), deferred


def _place(
    f: FollowUp, taken: Sequence[datetime], planning: Planning, settings: NetworkPolicy
) -> FollowUp | str:
    """`f` moved to its first free moment, or the reason there is none."""
    assert f.contact_id is not None
    contact = planning.contacts.get(f.contact_id)
    company = planning.companies.get(contact.company_id) if contact else None
    cal = planning.calendar(company, contact)[0]
    history = cadence.thread(planning.contact_messages.get(f.contact_id, ()))
    company_last = planning.company_last_nudge(company, f.contact_id)
    at = f.window.recommended
    guarded = False
    for _ in range(len(taken) + 8):
        clash = [t for t in taken if abs(t - at) < settings.min_gap]
        if clash:
            at = cal.local(cal.next_preferred(max(clash) + settings.min_gap))
            continue
        # An overdue note goes when the user next looks: ask the guard about then.
        probe = max(at, planning.now)
        verdict = cadence.check(f.kind, probe, history, cal, company_last_nudge=company_last)
        if not verdict.allowed:
            if verdict.not_before is None or verdict.not_before <= probe:
                return verdict.reason
            at = cal.local(cal.next_preferred(verdict.not_before))
            guarded = True
            continue
        break
    else:
        return "No free moment in its window (one cadence)."
    latest = f.window.latest
    if guarded and f.kind is Kind.CHECK_IN:
        latest = max(latest, at + settings.check_in_open)  # a check-in has no real deadline
    if at > latest:
        return (
            f"Another note to this person falls within {settings.min_gap.days} days for "
            "its whole window (one cadence)."
        )
    if at == f.window.recommended:
        return f
    return dataclasses.replace(
        f, window=Window(earliest=max(f.window.earliest, at), recommended=at, latest=latest)
    )
