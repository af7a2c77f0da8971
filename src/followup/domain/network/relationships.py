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
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from followup.domain.errors import ValidationError
from followup.domain.records.followups import Channel, Direction, FollowUp, Kind, Message, Window
from followup.domain.records.model import (
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
from followup.domain.timing import cadence
from followup.domain.timing.calendar import BusinessCalendar
from followup.domain.timing.planning import ContactRule, Plan, Planning, recipient
from followup.domain.timing.policy import Policy
from followup.domain.timing.wording import short_day

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
_HELPER_ROLES = frozenset({ContactRole.REFERRER, ContactRole.REFERENCE})
OUTCOMES = frozenset({Stage.OFFER, Stage.ACCEPTED, Stage.REJECTED, Stage.WITHDRAWN})


@dataclass(frozen=True, slots=True)
class Records:
    """The records the network is computed from, indexed once per run.

    Every rule here looks a contact or an application up in these indexes rather than
    scanning the records, so a run over the whole database stays linear in its size.
    """

    contacts: Sequence[Contact]
    applications: Sequence[Application]
    interviews: Sequence[Interview]
    messages: Sequence[Message]
    apps_of: Mapping[int, frozenset[int]] = field(init=False)  # contact id -> application ids
    by_contact: Mapping[int, Sequence[Message]] = field(init=False)
    # application id -> its interviews, in record order
    interviews_of: Mapping[int | None, Sequence[Interview]] = field(init=False)
    # contact id -> the interviews they took part in (interviewer or coordinator)
    took_part: Mapping[int, Sequence[Interview]] = field(init=False)
    # contact id -> the processes they helped with (NURTURE-005), in record order
    helped: Mapping[int, Sequence[Application]] = field(init=False)
    outcomes: Mapping[int, tuple[Stage, datetime]] = field(init=False)  # app id -> `outcome`
    _contact_at: Mapping[int, int] = field(init=False)  # contact id -> position
    _app_at: Mapping[int, int] = field(init=False)  # application id -> position
    _linked: Mapping[int, tuple[int, ...]] = field(init=False)  # contact id -> app positions
    _turned_out: Mapping[int, str] = field(init=False)  # app id -> its outcome, in words
    _filed: Mapping[int | None, frozenset[int]] = field(init=False)  # app id -> contact ids
    _referrers: Mapping[int | None, tuple[int, ...]] = field(init=False)  # company id -> ids
    _references: tuple[int, ...] = field(init=False)

    @classmethod
    def of(cls, snapshot: Snapshot) -> Records:
        return cls(snapshot.contacts, snapshot.applications, snapshot.interviews, snapshot.messages)

    def __post_init__(self) -> None:
        links: dict[int, set[int]] = {}
        interviews_of: dict[int | None, list[Interview]] = {}
        took_part: dict[int, list[Interview]] = {}
        for interview in self.interviews:
            interviews_of.setdefault(interview.application_id, []).append(interview)
            people = [p.contact_id for p in interview.interviewers]
            if interview.coordinator_id is not None:
                people.append(interview.coordinator_id)
            for cid in dict.fromkeys(people):
                links.setdefault(cid, set()).add(interview.application_id)
                took_part.setdefault(cid, []).append(interview)
        by_contact: dict[int, list[Message]] = {}
        filed: dict[int | None, set[int]] = {}
        for message in self.messages:
            by_contact.setdefault(message.contact_id, []).append(message)
            filed.setdefault(message.application_id, set()).add(message.contact_id)
            if message.application_id is not None:
                links.setdefault(message.contact_id, set()).add(message.application_id)
        by_company: dict[int, list[int]] = {}
        app_at: dict[int, int] = {}
        outcomes: dict[int, tuple[Stage, datetime]] = {}
        turned_out: dict[int, str] = {}
        for n, app in enumerate(self.applications):
            if app.id is not None:
                by_company.setdefault(app.company_id, []).append(app.id)
                app_at.setdefault(app.id, n)
                if app.id not in outcomes and (result := outcome(app)) is not None:
                    outcomes[app.id] = result
                    turned_out[app.id] = (
                        f"how the {app.role} process turned out: {result[0]} on "
                        f"{result[1]:%Y-%m-%d}, and thank them (NURTURE-005)."
                    )
        contact_at: dict[int, int] = {}
        referrers: dict[int | None, list[int]] = {}
        references: list[int] = []
        for n, contact in enumerate(self.contacts):
            if contact.id is None:
                continue
            contact_at.setdefault(contact.id, n)
            if contact.role is ContactRole.REFERRER:
                referrers.setdefault(contact.company_id, []).append(contact.id)
            elif contact.role is ContactRole.REFERENCE:
                references.append(contact.id)
            if contact.company_id is not None and contact.role in _PROCESS_ROLES:
                links.setdefault(contact.id, set()).update(by_company.get(contact.company_id, ()))
        put = object.__setattr__
        put(self, "apps_of", {k: frozenset(v) for k, v in links.items()})
        put(self, "by_contact", by_contact)
        put(self, "interviews_of", interviews_of)
        put(self, "took_part", took_part)
        put(self, "_contact_at", contact_at)
        put(self, "_app_at", app_at)
        put(self, "outcomes", outcomes)
        put(self, "_turned_out", turned_out)
        put(
            self,
            "_linked",
            {
                cid: tuple(sorted(app_at[i] for i in ids if i in app_at))
                for cid, ids in links.items()
            },
        )
        put(self, "_filed", {k: frozenset(v) for k, v in filed.items()})
        put(self, "_referrers", {k: tuple(v) for k, v in referrers.items()})
        put(self, "_references", tuple(references))
        helped: dict[int, list[Application]] = {}
        for app in self.applications:
            for cid in self.helper_ids(app):
                helped.setdefault(cid, []).append(app)
        put(self, "helped", helped)

    def applications_of(self, contact_id: int) -> list[Application]:
        """The processes a contact is part of, in record order."""
        return [self.applications[n] for n in self._linked.get(contact_id, ())]

    def helper_ids(self, app: Application) -> set[int]:
        """The ids of the contacts who helped with a process (see `helpers`)."""
        reached_offer = any(c.stage in (Stage.OFFER, Stage.ACCEPTED) for c in app.history)
        ids = {
            p.contact_id
            for i in self.interviews_of.get(app.id, ())
            if i.kind is InterviewKind.INFORMATIONAL
            for p in i.interviewers
        }
        ids.update(self._referrers.get(app.company_id, ()))
        if reached_offer:
            ids.update(self._references)
        for cid in self._filed.get(app.id, ()):
            n = self._contact_at.get(cid)
            if n is not None and self.contacts[n].role in _HELPER_ROLES:
                ids.add(cid)
        return {cid for cid in ids if cid in self._contact_at}

    def contacts_by_position(self, ids: Iterable[int]) -> list[Contact]:
        """The contacts with these ids, in record order."""
        at = self._contact_at
        return [self.contacts[n] for n in sorted(at[i] for i in ids if i in at)]


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
    replies = [  # a conversation is two-way
        interview.end
        for interview in records.took_part.get(cid, ())
        if interview.status is InterviewStatus.SCHEDULED and interview.end <= now
    ]
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
        result = records.outcomes.get(app.id) if app.id is not None else None
        if result is None or result[0] is not Stage.REJECTED or app.stage is not Stage.REJECTED:
            continue
        met = [
            i
            for i in records.interviews_of.get(app.id, ())
            if i.status is InterviewStatus.SCHEDULED
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
    return records.contacts_by_position(records.helper_ids(app))


def owed_gratitude(contact: Contact, records: Records, now: datetime) -> list[Owed]:
    """The processes whose latest outcome this helper has not heard about yet."""
    assert contact.id is not None
    if contact.tier is Tier.NONE:
        return []
    last_told = max(
        (
            m.at
            for m in records.by_contact.get(contact.id, ())
            if m.direction is Direction.OUT and m.kind is Kind.GRATITUDE
        ),
        default=None,
    )
    tell = f"Tell {contact.name} ({contact.role})"
    out = []
    for app in records.helped.get(contact.id, ()):
        result = records.outcomes.get(app.id) if app.id is not None else None
        if app.id is None or result is None or result[1] > now:
            continue
        stage, at = result
        if last_told is None or last_told < at:
            out.append(
                Owed(
                    contact_id=contact.id,
                    application_id=app.id,
                    outcome=stage,
                    since=at,
                    reason=f"{tell} {records._turned_out[app.id]}",
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

    # A process's outcome gives every helper with the same calendar the same window.
    windows: dict[tuple[int, datetime], Window] = {}

    def gratitude_window(cal: BusinessCalendar, since: datetime) -> Window:
        key = (id(cal), since)
        found = windows.get(key)
        if found is None:
            found = windows[key] = _window(
                cal, since + timedelta(hours=12), since + settings.gratitude_open
            )
        return found

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
                    gratitude_window(cal, owed.since),
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
    taken: dict[int, _Taken] = {}
    for contact_id, messages in planning.contact_messages.items():
        moments = taken[contact_id] = _Taken(settings.min_gap)
        for m in messages:
            if m.direction is Direction.OUT and m.channel is not Channel.MEETING:
                moments.add(m.at)
    fixed = [f for f in plan.followups if f.contact_id is None or f.kind not in FLEXIBLE]
    rank = {kind: settings.rank(kind) for kind in FLEXIBLE}
    flexible = sorted(
        (f for f in plan.followups if f.contact_id is not None and f.kind in FLEXIBLE),
        # In UTC: instants in one zone compare without a zone lookup, in the same order.
        key=lambda f: (rank[f.kind], f.window.recommended.astimezone(UTC), f.key),
    )
    for f in fixed:
        if f.contact_id is not None:
            if f.contact_id not in taken:
                taken[f.contact_id] = _Taken(settings.min_gap)
            taken[f.contact_id].add(f.window.recommended)
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
                        "touch; the next check-in counts from it (one cadence)."
                    ),
                )
            )
            continue
        guard = guards.get(cid)
        if guard is None:
            guard = guards[cid] = _guard(cid, planning)
        theirs = taken.get(cid)
        if theirs is None:
            theirs = taken[cid] = _Taken(settings.min_gap)
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
    return Plan(kept, retired), deferred


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
    guarded = False
    for _ in range(len(taken) + 8):
        clash = taken.clash(at)
        if clash is not None:
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
