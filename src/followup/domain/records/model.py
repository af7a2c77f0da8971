"""The records a candidate keeps: profile, companies, contacts, applications, interviews.

All are immutable values. Instants are timezone-aware; storage keeps them in UTC.
An `id` of None means "not stored yet".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import NamedTuple

from followup.domain.records.followups import FollowUp, Message
from followup.domain.records.names import NameOrder


class Pace(StrEnum):
    """How fast an industry moves, which sets the thank-you timing (seed; TIMING-001)."""

    FAST = "fast"
    STANDARD = "standard"
    RELAXED = "relaxed"


class Stage(StrEnum):
    """Where an application stands."""

    APPLIED = "applied"
    SCREENING = "screening"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"

    @property
    def is_open(self) -> bool:
        """True while the process is still running."""
        return self in _OPEN_STAGES

    @property
    def is_outcome(self) -> bool:
        """An offer or an end: it plans notes beyond this application (OFFER-*, NURTURE-*)."""
        return self not in _EARLY_STAGES


_OPEN_STAGES = frozenset({Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER})
_EARLY_STAGES = frozenset({Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING})


class InterviewKind(StrEnum):
    PHONE = "phone"
    VIDEO = "video"
    ONSITE = "onsite"
    INFORMATIONAL = "informational"


class InterviewStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class ContactRole(StrEnum):
    """What a contact is to the candidate; decides the kind of note they get."""

    INTERVIEWER = "interviewer"
    HIRING_MANAGER = "hiring-manager"
    RECRUITER = "recruiter"
    COORDINATOR = "coordinator"
    REFERRER = "referrer"
    REFERENCE = "reference"
    OTHER = "other"


class Tier(StrEnum):
    """Relationship tier; each has its own check-in interval (NURTURE-001)."""

    CLOSE = "close"
    REGULAR = "regular"
    LIGHT = "light"
    NONE = "none"


@dataclass(frozen=True, slots=True, kw_only=True)
class Profile:
    """The candidate."""

    name: str
    email: str
    tz: str
    country: str
    signature: str = ""
    skills: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Company:
    id: int | None = None
    name: str
    industry: str = ""
    country: str = ""
    tz: str = ""
    domain: str = ""
    feeds: tuple[str, ...] = ()
    pace: Pace | None = None  # overrides the industry's pace
    notes: str = ""
    article: bool | None = None  # whether the name takes "the"; None: infer it (issue 15 §2)


@dataclass(frozen=True, slots=True, kw_only=True)
class Contact:
    id: int | None = None
    name: str
    email: str = ""
    title: str = ""
    company_id: int | None = None
    tz: str = ""
    country: str = ""
    role: ContactRole = ContactRole.INTERVIEWER
    tier: Tier | None = None  # None: not in the network yet
    observes: tuple[str, ...] = ()  # holidays this person is known to observe (HOLIDAY-005)
    notes: str = ""
    # The structured name (issue 15 §1, CONTENT-008); empty: read `name`. `salutation` is
    # the exact form after "Dear" and overrides the rest.
    honorific: str = ""
    given_name: str = ""
    family_name: str = ""
    name_order: NameOrder = NameOrder.GIVEN_FIRST
    salutation: str = ""
    do_not_contact: bool = False  # asked not to be contacted: no planned notes, no sending


@dataclass(frozen=True, slots=True, kw_only=True)
class StageChange:
    stage: Stage
    at: datetime
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Application:
    id: int | None = None
    company_id: int
    role: str
    stage: Stage = Stage.APPLIED
    history: tuple[StageChange, ...] = ()
    source: str = ""
    url: str = ""
    decision_by: date | None = None
    created_at: datetime
    notes: str = ""


class ApplicationRow(NamedTuple):
    """One application as a listing shows it: no history, the company by name.

    Listings of every application read these: decoding 10,000 stage histories costs more
    than the whole `followup app list` budget (issue 2), and a NamedTuple is an immutable
    value that builds 2.5x faster than a frozen dataclass.
    """

    id: int
    company_id: int
    company: str  # the company's name; "" if it is missing
    role: str
    stage: Stage
    decision_by: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Participant:
    """A contact who took part in an interview, with what was discussed with them."""

    contact_id: int
    topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Interview:
    id: int | None = None
    application_id: int
    round: int = 1
    kind: InterviewKind = InterviewKind.VIDEO
    start: datetime | None = None
    end: datetime
    tz: str  # the zone the interview was held in, for display
    interviewers: tuple[Participant, ...] = ()
    coordinator_id: int | None = None
    topics: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    decision_by: date | None = None
    next_step: str = ""
    notes: str = ""
    status: InterviewStatus = InterviewStatus.SCHEDULED
    source_uid: str = ""  # calendar UID (+ RECURRENCE-ID) it was imported from
    source_sequence: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Snapshot:
    """Every record of one candidate, as export and import see them."""

    profile: Profile | None = None
    companies: tuple[Company, ...] = ()
    contacts: tuple[Contact, ...] = ()
    applications: tuple[Application, ...] = ()
    interviews: tuple[Interview, ...] = ()
    followups: tuple[FollowUp, ...] = ()
    messages: tuple[Message, ...] = ()
