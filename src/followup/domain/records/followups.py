"""Follow-ups the candidate owes, and the messages exchanged with contacts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Kind(StrEnum):
    """Every kind of follow-up. The names are the ones `compose` and `lint --kind` take."""

    THANK_YOU = "thank-you"
    COORDINATOR_THANKS = "coordinator-thanks"
    STATUS_CHECK = "status-check"
    OFFER_THANKS = "offer-thanks"
    OFFER_REMINDER = "offer-reminder"
    OFFER_ACCEPT = "offer-accept"
    OFFER_DECLINE = "offer-decline"
    WITHDRAWAL = "withdrawal"
    REJECTION_REPLY = "rejection-reply"
    CHECK_IN = "check-in"
    HOLIDAY = "holiday"
    NEWS_NOTE = "news-note"
    GRATITUDE = "gratitude"

    @property
    def is_nudge(self) -> bool:
        """Nudges count toward the cadence cap; a thank-you never does (CAD-006)."""
        return self in _NUDGES


_NUDGES = frozenset({Kind.STATUS_CHECK, Kind.CHECK_IN, Kind.NEWS_NOTE})


class Status(StrEnum):
    PLANNED = "planned"
    DRAFTED = "drafted"
    QUEUED = "queued"
    SENT = "sent"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"
    DONE = "done"

    @property
    def is_open(self) -> bool:
        """Still owed: shown on the agenda and re-planned when records change."""
        return self in (Status.PLANNED, Status.DRAFTED, Status.QUEUED)


@dataclass(frozen=True, slots=True, kw_only=True)
class Window:
    """When a follow-up may go: never before `earliest`, ideally at `recommended`."""

    earliest: datetime
    recommended: datetime
    latest: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class FollowUp:
    """One message the candidate owes someone, with the reason it is due."""

    id: int | None = None
    key: str  # stable identity across re-planning, e.g. "thank-you/i12/c5"
    kind: Kind
    application_id: int | None = None
    interview_id: int | None = None
    contact_id: int | None = None
    window: Window
    status: Status = Status.PLANNED
    reason: str = ""
    snoozed_until: datetime | None = None
    pinned: bool = False  # the user set the time; re-planning keeps it
    note: str = ""  # why it was skipped, or the user's remark
    subject: str = ""  # the stored draft, if any
    body: str = ""
    created_at: datetime
    updated_at: datetime


class Direction(StrEnum):
    OUT = "out"
    IN = "in"


class Channel(StrEnum):
    """Every channel counts toward the cadence cap (CAD-003)."""

    EMAIL = "email"
    PHONE = "phone"
    LINKEDIN = "linkedin"
    MEETING = "meeting"
    OTHER = "other"


@dataclass(frozen=True, slots=True, kw_only=True)
class Message:
    """A message either way, or a call or meeting: what the cadence guard counts."""

    id: int | None = None
    contact_id: int
    application_id: int | None = None
    followup_id: int | None = None
    direction: Direction
    channel: Channel = Channel.EMAIL
    kind: Kind | None = None
    at: datetime
    subject: str = ""
    message_id: str = ""  # RFC 5322 Message-ID, ours for outgoing mail
    in_reply_to: str = ""
    source: str = ""  # where an incoming one was found, e.g. "imap:INBOX:uidvalidity:uid"
    note: str = ""
