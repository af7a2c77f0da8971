"""Calendar invites as values: what the calendar adapter reads an invite file into.

The calendar adapter turns an .ics (or an .eml carrying one) into an `Invite`; the text
cleaning lives in `invite_text`, the people in `attendees`, and the company, role and
kind guessed from an invite in `guess`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

MAX_BYTES = 5 * 1024 * 1024  # reliability D11: a 2.2 MB export already takes 4.4 s to parse
MAX_EVENTS = 500  # VEVENTs in one file; an invite has a handful, a whole calendar export is refused
MAX_OCCURRENCES = 50  # occurrences listed per recurring series (D8)
DESCRIPTION_MAX = 20_000  # characters kept from a DESCRIPTION; Teams boilerplate fits easily

CANCEL = "CANCEL"


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadOptions:
    """How to read an invite: the candidate's zone for floating times, and the recurrence window."""

    default_tz: str
    window_start: datetime
    window_end: datetime
    max_occurrences: int = MAX_OCCURRENCES
    max_events: int = MAX_EVENTS
    max_bytes: int = MAX_BYTES


@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    """An organizer or attendee: the name (from CN, or derived from the address) and email."""

    name: str
    email: str = ""
    name_derived: bool = False  # True when CN was missing and the name came from the address
    role: str = ""  # ROLE parameter, e.g. REQ-PARTICIPANT, OPT-PARTICIPANT, CHAIR
    kind: str = ""  # CUTYPE parameter: INDIVIDUAL, ROOM, RESOURCE, GROUP

    @property
    def is_person(self) -> bool:
        """False for rooms, resources and groups: they are not interviewers."""
        return self.kind.upper() in ("", "INDIVIDUAL", "UNKNOWN")


@dataclass(frozen=True, slots=True, kw_only=True)
class InviteEvent:
    """One event (or one occurrence of a recurring event) from an invite file."""

    uid: str
    recurrence_id: str = ""  # the occurrence it replaces, as UTC `YYYYMMDDTHHMMSSZ`; "" if none
    sequence: int = 0
    method: str = ""  # the calendar's METHOD: REQUEST, CANCEL, PUBLISH, or ""
    status: str = ""  # the event's STATUS: CONFIRMED, TENTATIVE, CANCELLED, or ""
    start: datetime
    end: datetime
    tz: str  # the IANA zone to show the interview in
    zone_notes: tuple[str, ...] = ()  # visible notes about how the times were read
    summary: str = ""
    description: str = ""
    location: str = ""
    meeting_url: str = ""
    organizer: Person | None = None
    attendees: tuple[Person, ...] = ()
    text_notes: tuple[str, ...] = ()  # what was neutralised in the text (HTML, line breaks)

    @property
    def source_uid(self) -> str:
        """The identity a re-import matches on: UID, plus RECURRENCE-ID for one occurrence."""
        return f"{self.uid}#{self.recurrence_id}" if self.recurrence_id else self.uid

    @property
    def cancelled(self) -> bool:
        """METHOD:CANCEL or STATUS:CANCELLED."""
        return self.method.upper() == CANCEL or self.status.upper() == "CANCELLED"


@dataclass(frozen=True, slots=True, kw_only=True)
class Skipped:
    """An event that was left out, and why (shown to the user; the others still import)."""

    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Invite:
    """A parsed invite file: its events, the events refused, and file-level notes."""

    source: str
    events: tuple[InviteEvent, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    notes: tuple[str, ...] = ()


def fallback_uid(summary: str, start: datetime, organizer: str) -> str:
    """A stable stand-in for a missing UID, so a re-import still matches."""
    seed = f"{summary}\x00{start.isoformat()}\x00{organizer}".encode()
    return "no-uid-" + hashlib.sha256(seed).hexdigest()[:20]
