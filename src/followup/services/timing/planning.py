"""Planning use cases: re-plan follow-ups from the records, read the agenda, record the
user's decisions (done, skip, snooze, heard back) and export the calendar feed."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from followup.domain.errors import NotFound, ValidationError
from followup.domain.records import fields
from followup.domain.records.followups import Channel, Direction, FollowUp, Kind, Message, Status
from followup.domain.records.model import Application, Company, Contact, Profile, Snapshot, Stage
from followup.domain.records.stamps import from_text
from followup.domain.records.zones import recipient_country, recipient_zone
from followup.domain.timing.agenda import AgendaItem, Bucket, bucket, due_at
from followup.ports import Store
from followup.services.timing import reads

if TYPE_CHECKING:
    # The agenda loads neither the planner nor the cadence guard's calendars (issue 16:
    # start-up), nor the network's spacing.
    from followup.domain.network.spacing import Deferred
    from followup.domain.timing import cadence
    from followup.domain.timing.calendar import HolidayCalendar
    from followup.domain.timing.planning import ApplicationRule, ContactRule, Plan, Planning
    from followup.domain.timing.policy import Policies, Policy
    from followup.services.deps import Deps

OPEN = (Status.PLANNED, Status.DRAFTED, Status.QUEUED)


def _policies(policy: Policies | Policy) -> Policies:
    from followup.domain.timing.policy import Policies

    return policy if isinstance(policy, Policies) else Policies(policy)


@dataclass(frozen=True, slots=True)
class Replanned:
    """What one re-planning changed."""

    created: int = 0
    updated: int = 0
    cancelled: int = 0
    deferred: tuple[Deferred, ...] = ()  # what one cadence for everyone left out

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.cancelled


@dataclass(frozen=True, slots=True)
class Extension:
    """What another feature adds to a whole-database planning run (the network's kinds)."""

    application_rules: tuple[ApplicationRule, ...]
    contact_rules: tuple[ContactRule, ...]
    kinds: frozenset[Kind]
    adjust: Callable[[Plan], tuple[Plan, list[Deferred]]]
    # The run's records indexed once, shared by the planner and `adjust` (same snapshot).
    planning: Planning | None = None


def replan(
    deps: Deps,
    now: datetime,
    application_id: int | None = None,
    extend: Callable[[Snapshot], Extension] | None = None,
) -> Replanned:
    """Bring stored follow-ups in line with the records: one application's, or everyone's.

    Idempotent. Keeps the user's decisions (skipped, done, snoozed, pinned). Raises
    ValidationError for an interview whose decision date is before it, so a caller that
    runs this inside its own transaction writes nothing for such input. `extend` adds
    another feature's rules to a whole-database run (its per-contact kinds cannot be
    planned for one application alone).
    """
    if application_id is not None and extend is not None:
        raise ValueError("an extension plans per contact: re-plan the whole database")
    store = deps.store
    # One pass inside the write transaction, so the reads are current when the changes
    # are written (another process may plan meanwhile); nested in a caller's transaction,
    # this joins it. Computing once outside and again inside doubled a whole run.
    with store.transaction():
        changes, deferred = _changes(deps, now, application_id, extend)
        if changes:
            store.followups.save(changes)
    cancelled = sum(1 for c in changes if c.status is Status.CANCELLED and c.id is not None)
    created = sum(1 for c in changes if c.id is None)
    return Replanned(created, len(changes) - created - cancelled, cancelled, tuple(deferred))


def _changes(
    deps: Deps,
    now: datetime,
    application_id: int | None,
    extend: Callable[[Snapshot], Extension] | None,
) -> tuple[list[FollowUp], list[Deferred]]:
    """What a planning run would save, read from the store as it is now."""
    from followup.domain.network import stops
    from followup.domain.timing import planner  # the agenda reads, it does not plan
    from followup.domain.timing.planning import check_decision_date

    policy, holidays = deps.policies, deps.holidays
    policies = _policies(policy)
    if application_id is None:
        snapshot = reads.live_records(deps)
        existing: Sequence[FollowUp] = snapshot.followups
    else:
        snapshot, existing = reads.application_records(deps, application_id)
        for interview in snapshot.interviews:
            check_decision_date(interview)
    ext = extend(snapshot) if extend is not None else None
    derived = planner.plan(
        snapshot,
        policies,
        now,
        holidays,
        application_rules=(*planner.APPLICATION_RULES, *(ext.application_rules if ext else ())),
        contact_rules=(*planner.CONTACT_RULES, *(ext.contact_rules if ext else ())),
        planning=ext.planning if ext else None,
    )
    # Stop requests and "do not contact" (CAD-007) bind every run, one application's too.
    derived = stops.withhold(derived, snapshot.contacts, snapshot.messages)
    if application_id is not None:
        derived = _stop_if_accepted_elsewhere(deps, derived, snapshot)
    deferred: list[Deferred] = []
    if ext is not None:
        derived, deferred = ext.adjust(derived)
    stale = timedelta(days=policies.default.stale_after_days)
    kinds = planner.PLANNED_KINDS | (ext.kinds if ext else frozenset())
    # A whole run over the history plans no note for an occasion long gone; one
    # application's re-plan follows a record the user has just logged, so a late note for
    # it still opens (TIMING-001: late beats never), within `stale_after`.
    late_grace: dict[Kind, timedelta] | None = None if application_id is None else {}
    settled: set[str] = set()
    if application_id is None:
        live = {f.key for f in existing}
        fresh = [f.key for f in derived.followups if f.key not in live]
        cancelled, settled = reads.on_file(deps, fresh)
        existing = sorted([*existing, *cancelled], key=lambda f: f.id or 0)
    changes = planner.merge(
        existing,
        derived,
        now,
        stale_after=stale,
        kinds=kinds,
        settled=settled,
        late_grace=late_grace,
    )
    return changes, deferred


def _stop_if_accepted_elsewhere(deps: Deps, plan: Plan, snapshot: Snapshot) -> Plan:
    """OFFER-009 binds one application's re-plan as it binds the whole run: once an offer
    elsewhere is accepted, this process's status checks stay retired."""
    from followup.domain.network import offers

    accepted = deps.store.applications.list(stages=[Stage.ACCEPTED])
    if not accepted:
        return plan
    mine = {a.id for a in snapshot.applications}
    both = [*snapshot.applications, *(a for a in accepted if a.id not in mine)]
    return offers.stop_elsewhere(plan, both)


PLANNED_AT = "planned_at"  # meta key: when the last whole-database run happened
REFRESH_AFTER = timedelta(hours=12)


def stale(deps: Deps, now: datetime, max_age: timedelta = REFRESH_AFTER) -> bool:
    """Whether the last whole-database run is missing, older than `max_age`, or in the
    future: then the long-run kinds need a re-plan (`network.refresh`). One meta read, so
    a shell can ask before it imports the network's rules."""
    store = deps.store
    last = store.get_meta(PLANNED_AT)
    return last is None or not timedelta(0) <= now - from_text(last) < max_age


# --- the agenda -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Agenda:
    """Open follow-ups, overdue first, then due now, then upcoming."""

    items: list[AgendaItem]
    candidate_tz: str


def _company_label(company: Company | None, app: Application | None) -> str:
    """The company as the agenda names it; an invite that named no role says so (issue 17)."""
    if company is None:
        return ""
    return f"{company.name}, role not set" if app is not None and not app.role else company.name


class _Lookup:
    """Records fetched once per agenda, however many follow-ups refer to them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.contacts: dict[int, Contact | None] = {}
        self.applications: dict[int, Application | None] = {}
        self.companies: dict[int, Company | None] = {}
        self.interview_tz: dict[int, str] = {}

    def prefetch(self, followups: Sequence[FollowUp]) -> None:
        """Fetch the contacts, applications and companies of many follow-ups in a few
        queries rather than three per follow-up; ids not stored are remembered as None."""
        contact_ids = {f.contact_id for f in followups if f.contact_id is not None}
        app_ids = {f.application_id for f in followups if f.application_id is not None}
        contacts = self.store.contacts.find_many(contact_ids)
        applications = self.store.applications.find_many(app_ids)
        self.contacts.update((i, contacts.get(i)) for i in contact_ids)
        self.applications.update((i, applications.get(i)) for i in app_ids)
        company_ids = {a.company_id for a in applications.values()}
        company_ids |= {c.company_id for c in contacts.values() if c.company_id is not None}
        companies = self.store.companies.find_many(company_ids)
        self.companies.update((i, companies.get(i)) for i in company_ids)

    def contact(self, contact_id: int | None) -> Contact | None:
        if contact_id is None:
            return None
        if contact_id not in self.contacts:
            try:
                self.contacts[contact_id] = self.store.contacts.get(contact_id)
            except NotFound:
                self.contacts[contact_id] = None
        return self.contacts[contact_id]

    def application(self, application_id: int | None) -> Application | None:
        if application_id is None:
            return None
        if application_id not in self.applications:
            try:
                self.applications[application_id] = self.store.applications.get(application_id)
            except NotFound:
                self.applications[application_id] = None
        return self.applications[application_id]

    def company(self, company_id: int | None) -> Company | None:
        if company_id is None:
            return None
        if company_id not in self.companies:
            try:
                self.companies[company_id] = self.store.companies.get(company_id)
            except NotFound:
                self.companies[company_id] = None
        return self.companies[company_id]

    def zone_of(self, followup: FollowUp) -> str:
        """The zone of the interview a follow-up came from, for recipients with no zone."""
        iid = followup.interview_id
        if iid is None:
            return ""
        if iid not in self.interview_tz:
            try:
                self.interview_tz[iid] = self.store.interviews.get(iid).tz
            except NotFound:
                self.interview_tz[iid] = ""
        return self.interview_tz[iid]

    def company_of(self, followup: FollowUp, contact: Contact | None) -> Company | None:
        application = self.application(followup.application_id)
        if application is not None:
            return self.company(application.company_id)
        return self.company(contact.company_id) if contact else None


def agenda(
    deps: Deps,
    now: datetime,
    *,
    days: int = 7,
    include_all: bool = False,
) -> Agenda:
    """Overdue, due-now and upcoming follow-ups (all open ones with `include_all`), after
    a re-plan if the last whole run is stale: check-ins and greetings come due with time,
    not only with record changes.

    Nudges the cadence guard forbids right now are left out (CAD-001/002, SEND-005).
    """
    from followup.services import timing

    timing.refresh(deps)
    return _agenda(deps, now, days=days, include_all=include_all)


def _agenda(deps: Deps, now: datetime, *, days: int = 7, include_all: bool = False) -> Agenda:
    store = deps.store
    if days < 0 or days > 3660:
        raise ValidationError("--days", f"must be between 0 and 3660, not {days}")
    horizon = timedelta(days=days)
    due_before = None if include_all else now + horizon
    found = store.followups.list(statuses=OPEN, due_before=due_before)
    if not include_all:
        # Snoozed follow-ups are filed under their recommended time; pick up the rest later.
        found = [f for f in found if bucket(f, now, horizon) is not Bucket.LATER]
    profile = store.profile.get()
    candidate_tz = profile.tz if profile and profile.tz else "UTC"
    lookup = _Lookup(store)
    lookup.prefetch(found)
    items: list[AgendaItem] = []
    guard: _Guard | None = None  # the calendar adapter loads only for a moved nudge
    for followup in found:
        contact = lookup.contact(followup.contact_id)
        company = lookup.company_of(followup, contact)
        # The planner already applied the guard to planned times; a time the user moved
        # (snooze, pinned) is checked again here (CAD-002, SEND-005).
        moved = followup.pinned or followup.snoozed_until is not None
        if followup.kind.is_nudge and moved:
            at = max(due_at(followup), now)
            if guard is None:
                guard = _Guard(store, _policies(deps.policies), deps.holidays)
            verdict = guard.verdict(followup, contact, company, at, lookup.zone_of(followup))
            if not verdict.allowed:
                continue
        items.append(_item(lookup, followup, bucket(followup, now, horizon), profile))
    order = {Bucket.OVERDUE: 0, Bucket.DUE: 1, Bucket.UPCOMING: 2, Bucket.LATER: 3}
    items.sort(key=lambda i: (order[i.bucket], due_at(i.followup), i.followup.id or 0))
    return Agenda(items, candidate_tz)


def _item(
    lookup: _Lookup, followup: FollowUp, where: Bucket, profile: Profile | None
) -> AgendaItem:
    contact = lookup.contact(followup.contact_id)
    company = lookup.company_of(followup, contact)
    known = (contact and contact.tz) or (company and company.tz)
    zone = recipient_zone(contact, company, profile, "" if known else lookup.zone_of(followup))
    return AgendaItem(
        followup=followup,
        bucket=where,
        contact=contact,
        company=_company_label(company, lookup.application(followup.application_id)),
        recipient_tz=zone,
        candidate_tz=profile.tz if profile and profile.tz else "UTC",
    )


def item(deps: Deps, followup_id: int, now: datetime, days: int = 7) -> AgendaItem:
    """One follow-up as the agenda shows it: its recipient, company and both zones."""
    followup = deps.store.followups.get(followup_id)
    where = bucket(followup, now, timedelta(days=days))
    return _item(_Lookup(deps.store), followup, where, deps.store.profile.get())


class _Guard:
    """The cadence guard, applied to a stored follow-up with the messages around it."""

    def __init__(self, store: Store, policies: Policies, holidays: HolidayCalendar) -> None:
        self.store = store
        self.policies = policies
        self.holidays = holidays

    def verdict(
        self,
        followup: FollowUp,
        contact: Contact | None,
        company: Company | None,
        at: datetime,
        interview_tz: str = "",
    ) -> cadence.Verdict:
        from followup.domain.timing import cadence
        from followup.domain.timing.calendar import BusinessCalendar

        policy = self.policies.for_recipient(company, contact)
        zone = recipient_zone(contact, company, self.store.profile.get(), interview_tz)
        country = recipient_country(contact, company, zone)
        cal = BusinessCalendar(ZoneInfo(zone), country, policy, self.holidays)
        messages: list[Message] = []
        if followup.application_id is not None:
            messages = self.store.messages.list(application_id=followup.application_id)
        elif contact is not None and contact.id is not None:
            messages = self.store.messages.list(contact_id=contact.id)
        staff: Iterable[Contact] = (
            self.store.contacts.list(company.id) if company and company.id else ()
        )
        ids = {c.id for c in staff if c.id is not None}
        if contact is not None and contact.id is not None:
            ids.add(contact.id)
        # A message logged for this very follow-up is the nudge itself, not an earlier one.
        around = [
            m
            for cid in ids
            for m in self.store.messages.list(contact_id=cid)
            if followup.id is None or m.followup_id != followup.id
        ]
        history = cadence.thread(
            m for m in messages if followup.id is None or m.followup_id != followup.id
        )
        return cadence.check(
            followup.kind, at, history, cal, company_last_nudge=cadence.last_nudge(around)
        )


def gone_quiet(
    deps: Deps, application_ids: Iterable[int] | None = None
) -> list[tuple[Application, str]]:
    """Open applications whose status checks went unanswered up to the cap (CAD-001).
    One query per application: meant for a few ids, or for an occasional full report."""
    from followup.domain.timing import cadence

    store, policy = deps.store, deps.policies
    policies = _policies(policy)
    applications = (
        [store.applications.get(i) for i in application_ids]
        if application_ids is not None
        else store.applications.list()
    )
    out = []
    for application in applications:
        if not application.stage.is_open or application.id is None:
            continue
        history = cadence.thread(store.messages.list(application_id=application.id))
        if history.unanswered == 0:
            continue
        company = store.companies.get(application.company_id)
        cap = policies.for_recipient(company, None).max_unanswered_status_checks
        if history.gone_quiet(cap):
            out.append((application, cadence.gone_quiet_reason(cap)))
    return out


# --- the user's decisions ---------------------------------------------------------------


def _open(deps: Deps, followup_id: int, verb: str) -> FollowUp:
    store = deps.store
    followup = store.followups.get(followup_id)
    if not followup.status.is_open:
        raise ValidationError(
            "ID",
            f"follow-up {followup_id} is already {followup.status}; only open ones can be {verb}",
        )
    return followup


DONE_NOTE = "marked done in followup"  # the message "I sent it" logs (undo removes it)


def done(
    deps: Deps,
    now: datetime,
    followup_id: int,
    *,
    channel: Channel = Channel.OTHER,
) -> FollowUp:
    """Mark a follow-up done (sent by the user). The message is logged so the cadence
    guard counts it, and the application is re-planned (the next nudge, or none)."""
    store = deps.store
    with store.transaction():
        followup = _open(deps, followup_id, "marked done")
        updated = dataclasses.replace(followup, status=Status.DONE, updated_at=now)
        store.followups.save([updated])
        if followup.contact_id is not None:
            store.messages.add(
                Message(
                    contact_id=followup.contact_id,
                    application_id=followup.application_id,
                    followup_id=followup.id,
                    direction=Direction.OUT,
                    channel=channel,
                    kind=followup.kind,
                    at=now,
                    note=DONE_NOTE,
                )
            )
        if followup.application_id is not None:
            replan(deps, now, followup.application_id)
    return updated


def skip(deps: Deps, followup_id: int, why: str, now: datetime) -> FollowUp:
    """Skip a follow-up on purpose; re-planning keeps it skipped."""
    store = deps.store
    reason = fields.line("--why", why, limit=500, required=True)
    with store.transaction():
        followup = _open(deps, followup_id, "skipped")
        updated = dataclasses.replace(followup, status=Status.SKIPPED, note=reason, updated_at=now)
        store.followups.save([updated])
    return updated


def snooze(deps: Deps, followup_id: int, until: datetime, now: datetime) -> FollowUp:
    """Hide a follow-up until `until`; it then comes back on the agenda."""
    store = deps.store
    fields.aware("--until", until)
    if until <= now:
        raise ValidationError("--until", f"{until.isoformat()} is not in the future")
    if until > now + timedelta(days=3660):
        raise ValidationError("--until", "must be within ten years")
    with store.transaction():
        followup = _open(deps, followup_id, "snoozed")
        updated = dataclasses.replace(followup, snoozed_until=until, updated_at=now)
        store.followups.save([updated])
    return updated


def heard_back(
    deps: Deps,
    now: datetime,
    application_id: int,
    *,
    contact_id: int | None = None,
    at: datetime | None = None,
    channel: Channel = Channel.OTHER,
    note: str = "",
) -> Message:
    """Record a reply from the company: it resets the cadence count (CAD-007) and re-plans."""
    store = deps.store
    when = fields.aware("--at", at) if at is not None else now
    if when > now + timedelta(minutes=5):
        raise ValidationError("--at", "a reply cannot be in the future")
    text = fields.line("--note", note, limit=500)
    with store.transaction():
        application = store.applications.get(application_id)
        if contact_id is None:
            contact_id = _default_contact(deps, application)
        else:
            store.contacts.get(contact_id)
        message = store.messages.add(
            Message(
                contact_id=contact_id,
                application_id=application_id,
                direction=Direction.IN,
                channel=channel,
                at=when,
                note=text,
            )
        )
        replan(deps, now, application_id)
    return message


def _default_contact(deps: Deps, application: Application) -> int:
    store = deps.store
    interviews = store.interviews.list(application.id)
    for interview in sorted(interviews, key=lambda i: i.end, reverse=True):
        if interview.coordinator_id is not None:
            return interview.coordinator_id
        if interview.interviewers:
            return interview.interviewers[0].contact_id
    staff = store.contacts.list(application.company_id)
    if staff and staff[0].id is not None:
        return staff[0].id
    raise ValidationError(
        "--contact", "this application has no contacts yet; say who replied with --contact ID"
    )


def check_nudge(
    deps: Deps,
    now: datetime,
    followup_id: int,
    at: datetime | None = None,
) -> cadence.Verdict:
    """Would the cadence guard let this follow-up go at `at` (default now)? Drafting and
    sending call this and ask for --force when it says no."""
    store, policy, holidays = deps.store, deps.policies, deps.holidays
    followup = store.followups.get(followup_id)
    lookup = _Lookup(store)
    contact = lookup.contact(followup.contact_id)
    company = lookup.company_of(followup, contact)
    guard = _Guard(store, _policies(policy), holidays)
    return guard.verdict(followup, contact, company, at or now, lookup.zone_of(followup))


def get_followup(deps: Deps, followup_id: int) -> FollowUp:
    """A follow-up by id (NotFound when there is none)."""
    return deps.store.followups.get(followup_id)


def recipient(deps: Deps, followup: FollowUp) -> Contact | None:
    """Who a follow-up is addressed to, when it names someone."""
    return deps.store.contacts.get(followup.contact_id) if followup.contact_id else None
