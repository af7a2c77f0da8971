"""The records of one planning run, indexed, and what every planning rule shares: the plan
being built, who a message goes to, and in which zone and country.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from followup.domain.errors import ValidationError
from followup.domain.records.followups import FollowUp, Kind, Message, Status, Window
from followup.domain.records.model import (
    Application,
    Company,
    Contact,
    ContactRole,
    Interview,
    InterviewStatus,
    Snapshot,
    Stage,
)
from followup.domain.records.slots import built
from followup.domain.records.zones import recipient_country as recipient_country
from followup.domain.records.zones import recipient_zone as recipient_zone
from followup.domain.records.zones import zone
from followup.domain.timing import cadence
from followup.domain.timing import windows as timing
from followup.domain.timing.calendar import BusinessCalendar, HolidayCalendar
from followup.domain.timing.policy import PaceChoice, Policies, Policy
from followup.domain.timing.sectors import Sector, sector_of
from followup.domain.timing.wording import short

# Stages in which a status check makes sense: an open process, before any offer.


@dataclass(frozen=True, slots=True)
class Plan:
    """What the records call for: follow-ups to have, keys to retire with the reason, and
    keys to leave as they are."""

    followups: list[FollowUp]
    retired: dict[str, str] = field(default_factory=dict)
    # Keys too old to plan again (see Planning.too_old): merge leaves their rows alone.
    kept: set[str] = field(default_factory=set)
    # The keys of the stored follow-ups, when known: merge reads `retired` and `kept` only
    # for those, so the rules record nothing for the rest. A long history retires some
    # hundred thousand keys that were never stored (issue 16, peak memory).
    watch: frozenset[str] | None = None
    _prefixes: frozenset[str] | None = field(default=None, init=False, repr=False, compare=False)

    def retire(self, key: str, why: str) -> None:
        """Record why `key` is no longer planned (for a stored follow-up to cancel)."""
        if self.watch is None or key in self.watch:
            self.retired[key] = why

    def watching(self, prefix: str) -> bool:
        """Whether a stored key may start with `prefix` (`kind/a12/` up to its second
        slash), so a rule can skip building the keys of a record nothing was stored for."""
        if self.watch is None:
            return True
        prefixes = self._prefixes
        if prefixes is None:
            prefixes = frozenset(k[: k.find("/", k.find("/") + 1) + 1] for k in self.watch)
            object.__setattr__(self, "_prefixes", prefixes)  # worked out once, on first use
        return prefix in prefixes

    def keep(self, *keys: str) -> None:
        """Record keys too old to plan again, whose stored rows stay as they are."""
        watch = self.watch
        self.kept.update(keys if watch is None else (k for k in keys if k in watch))


def check_decision_date(interview: Interview) -> None:
    """A decision date before the interview is an error (issue 4, bad input)."""
    if interview.decision_by is not None:
        local_end = interview.end.astimezone(zone(interview.tz or "UTC", "interview.tz")).date()
        if interview.decision_by < local_end:
            raise ValidationError(
                "decision_by",
                f"{interview.decision_by.isoformat()} is before the interview "
                f"({local_end.isoformat()})",
            )


class Planning:
    """The records of one planning run, indexed, with per-recipient calendars cached."""

    def __init__(
        self,
        records: Snapshot,
        policies: Policies,
        now: datetime,
        holidays: HolidayCalendar,
    ) -> None:
        self.now = now
        self.policies = policies
        self.holidays = holidays
        self.profile = records.profile
        self.companies = {c.id: c for c in records.companies}
        self.contacts = {c.id: c for c in records.contacts}
        self.staff: dict[int | None, set[int]] = defaultdict(set)  # company id -> contact ids
        for contact in records.contacts:
            if contact.id is not None:
                self.staff[contact.company_id].add(contact.id)
        self.interviews: dict[int | None, list[Interview]] = defaultdict(list)
        for interview in records.interviews:
            self.interviews[interview.application_id].append(interview)
        self.messages: dict[int | None, list[Message]] = defaultdict(list)
        self.contact_messages: dict[int, list[Message]] = defaultdict(list)
        # Messages filed under no application count for every application at the
        # contact's company; index them by company once.
        self.unfiled: dict[int | None, list[Message]] = defaultdict(list)
        company_of = {c.id: c.company_id for c in records.contacts}
        for message in records.messages:
            self.messages[message.application_id].append(message)
            self.contact_messages[message.contact_id].append(message)
            if message.application_id is None:
                self.unfiled[company_of.get(message.contact_id)].append(message)
        self._calendars: dict[tuple[str, str, int, Sector], BusinessCalendar] = {}
        self._recipients: dict[tuple[int | None, object, str], tuple[BusinessCalendar, Policy]] = {}
        self._thank_you: dict[
            tuple[datetime, int, str, bool, date | None], tuple[Window, str, str]
        ] = {}
        self._pace: dict[tuple[int | None, int], PaceChoice] = {}
        # Anything anchored before this is long past any window; merge() would not create
        # it (stale_after), so it is not computed at all. 30 days covers the longest window.
        self.horizon = now - timedelta(days=policies.default.stale_after_days + 30)
        self._company_last: dict[int | None, datetime | None] = {}
        self._unfiled_nudges: dict[int | None, int] = {}
        self._contact_last: dict[int, datetime | None] = {}

    def calendar(
        self, company: Company | None, contact: Contact | None, interview_tz: str = ""
    ) -> tuple[BusinessCalendar, Policy]:
        """The business calendar and policy for a message to `contact` at `company`."""
        if self.policies.has_overrides:  # a contact may have a policy of their own
            who: object = contact.id if contact else None
        else:  # their zone and country are all that count: colleagues share one answer
            who = (contact.tz, contact.country) if contact else ("", "")
        key = (company.id if company else None, who, interview_tz)
        found = self._recipients.get(key)
        if found is None:
            policy = self.policies.for_recipient(company, contact)
            zone_key = recipient_zone(contact, company, self.profile, interview_tz)
            country = recipient_country(contact, company, zone_key)
            # Days off are the employer's: private firms work government-only holidays.
            sector = sector_of(company.industry, company.name) if company else Sector.PRIVATE
            ckey = (zone_key, country, id(policy), sector)
            cal = self._calendars.get(ckey)
            if cal is None:
                cal = self._calendars[ckey] = BusinessCalendar(
                    ZoneInfo(zone_key), country, policy, self.holidays, sector
                )
            found = self._recipients[key] = (cal, policy)
        return found

    def pace(self, company: Company | None, policy: Policy) -> PaceChoice:
        key = (company.id if company else None, id(policy))
        found = self._pace.get(key)
        if found is None:
            found = self._pace[key] = policy.pace_for(
                company.industry if company else "", company.pace if company else None
            )
        return found

    def thank_you(
        self,
        end: datetime,
        cal: BusinessCalendar,
        pace: PaceChoice,
        informational: bool,
        decision_by: date | None = None,
    ) -> tuple[Window, str, str]:
        """The thank-you window, the interview end in the recipient's words, and the reasons
        as one text; computed once per interview and recipient calendar."""
        key = (end, id(cal), pace.reason, informational, decision_by)
        found = self._thank_you.get(key)
        if found is None:
            earliest, recommended, latest, reasons = timing.thank_you_utc(
                end, cal, pace, informational=informational, decision_by=decision_by
            )
            found = self._thank_you[key] = (
                Window(earliest=earliest, recommended=recommended, latest=latest),
                short(end.astimezone(cal.zone)),
                " ".join(reasons),
            )
        return found

    def company_last_nudge(
        self, company: Company | None, contact_id: int | None
    ) -> datetime | None:
        """The latest nudge to this contact or anyone at their company (CAD-002, CAD-003)."""
        if not self.contact_messages:
            return None
        found = [self._last_nudge_to(contact_id)] if contact_id is not None else []
        if company is not None:
            key = company.id
            if key not in self._company_last:
                staff = self.staff.get(key, ())
                times = [t for t in map(self._last_nudge_to, staff) if t is not None]
                self._company_last[key] = max(times) if times else None
            found.append(self._company_last[key])
        times = [t for t in found if t is not None]
        return max(times) if times else None

    def _last_nudge_to(self, contact_id: int) -> datetime | None:
        if contact_id not in self._contact_last:
            self._contact_last[contact_id] = cadence.last_nudge(
                self.contact_messages.get(contact_id, ())
            )
        return self._contact_last[contact_id]

    def application_thread(self, application: Application) -> cadence.Thread:
        """The nudge thread of an application: its own messages, and unfiled messages to or
        from people at its company."""
        own = self.messages.get(application.id, [])
        unfiled = self.unfiled.get(application.company_id)
        return cadence.thread([*own, *unfiled] if unfiled else own)

    def application_nudges(self, application: Application) -> int:
        """How many nudges `application_thread` holds, counted without putting it in order;
        the unfiled ones are counted once per company."""
        own = sum(1 for m in self.messages.get(application.id, ()) if cadence.is_nudge(m))
        company = application.company_id
        unfiled = self._unfiled_nudges.get(company)
        if unfiled is None:
            unfiled = self._unfiled_nudges[company] = sum(
                1 for m in self.unfiled.get(company, ()) if cadence.is_nudge(m)
            )
        return own + unfiled

    def followup(
        self,
        key: str,
        kind: Kind,
        when: Window,
        reason: str,
        *,
        application_id: int | None = None,
        interview_id: int | None = None,
        contact_id: int | None = None,
    ) -> FollowUp:
        """A planned follow-up stamped with the run's time (built positionally: a whole
        run makes tens of thousands)."""
        now = self.now
        return _NEW_FOLLOWUP(
            None,  # id
            key,
            kind,
            application_id,
            interview_id,
            contact_id,
            when,  # window
            Status.PLANNED,
            reason,
            None,  # snoozed_until
            False,  # pinned
            "",  # note
            "",  # subject
            "",  # body
            now,  # created_at
            now,  # updated_at
        )


_NEW_FOLLOWUP = built(FollowUp)

ApplicationRule = Callable[[Planning, Application, Plan], None]
ContactRule = Callable[[Planning, Contact, Plan], None]


def name_of(contact: Contact | None) -> str:
    return contact.name if contact else "them"


def stage_since(application: Application, stage: Stage) -> datetime:
    for change in reversed(application.history):
        if change.stage is stage:
            return change.at
    return application.created_at


def live_interviews(interviews: Iterable[Interview]) -> list[Interview]:
    return [i for i in interviews if i.status is InterviewStatus.SCHEDULED]


def latest_tz(interviews: Sequence[Interview]) -> str:
    return max(interviews, key=lambda i: i.end).tz if interviews else ""


def recipient(planning: Planning, interviews: Sequence[Interview]) -> Contact | None:
    """Who gets status checks and offer notes: the coordinator or recruiter (CAD-008),
    else the hiring manager, else the first interviewer of the latest interview."""
    if not interviews:
        return None
    latest = max(interviews, key=lambda i: i.end)
    if latest.coordinator_id is not None and latest.coordinator_id in planning.contacts:
        return planning.contacts[latest.coordinator_id]
    people = [
        planning.contacts[p.contact_id]
        for p in latest.interviewers
        if p.contact_id in planning.contacts
    ]
    for role in (ContactRole.RECRUITER, ContactRole.COORDINATOR, ContactRole.HIRING_MANAGER):
        for person in people:
            if person.role is role:
                return person
    return people[0] if people else None
