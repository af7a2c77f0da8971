"""What a note is about: who writes it, to whom, after which conversation.

The composer writes from a NoteContext and the linter checks against one. It comes
from a debrief file (`--context`) or from the database (`--followup ID`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from followup.domain.records.model import Pace


@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    """Someone met at an interview, with what was discussed with them."""

    name: str
    email: str = ""
    title: str = ""
    tz: str = ""
    country: str = ""
    topics: tuple[str, ...] = ()
    # The structured name (issue 15). Empty means "not on record": the composer then
    # reads `name`. `salutation` is the exact form after "Dear" and overrides the rest.
    honorific: str = ""
    given_name: str = ""
    family_name: str = ""
    name_order: str = "given-first"  # or "family-first"
    salutation: str = ""

    @property
    def first_name(self) -> str:
        """The given name, as used in a greeting."""
        parts = self.name.split()
        return parts[0] if parts else ""

    @property
    def last_name(self) -> str:
        parts = self.name.split()
        return parts[-1] if len(parts) > 1 else ""

    def address(self) -> str:
        """`Name <email>`, or just the name when there is no address."""
        return f"{self.name} <{self.email}>" if self.email else self.name


@dataclass(frozen=True, slots=True, kw_only=True)
class NewsItem:
    """A company update worth mentioning (NEWS-001)."""

    title: str
    url: str = ""
    category: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class NoteContext:
    """Everything a note may refer to. Empty fields mean "not on record": never invent them."""

    candidate_name: str
    candidate_email: str = ""
    signature: str = ""
    sign_off: str = ""  # the organisation's or candidate's own closing line (issue 19)
    company: str
    company_article: bool | None = None  # whether the name takes "the"; None: infer it
    industry: str = ""
    pace: Pace | None = None
    role: str = ""
    recipient: Person | None = None
    others: tuple[Person, ...] = ()  # the other people met in the same interview
    topics: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    interview_end: datetime | None = None
    interview_kind: str = ""
    interview_round: int = 1
    decision_by: date | None = None
    other_companies: tuple[str, ...] = ()  # from the user's other applications (wrong-company)
    offer_concerns: tuple[str, ...] = ()
    offer_deadline: date | None = None
    news: NewsItem | None = None
    outcome: str = ""  # for gratitude notes: how the process turned out
    observes: tuple[str, ...] = ()  # holidays the recipient observes (HOLIDAY-005)
    sibling_notes: tuple[str, ...] = ()  # other notes written for the same interview
    history: tuple[datetime, ...] = ()  # earlier messages to this recipient (too-frequent)
    last_exchange: date | None = None  # their latest reply or meeting (check-in occasions)
    known_words: tuple[str, ...] = ()  # the user's own word list (spelling)

    @property
    def recipient_topics(self) -> tuple[str, ...]:
        """Topics discussed with the recipient first, then the interview's."""
        own = self.recipient.topics if self.recipient else ()
        return own + tuple(t for t in self.topics if t not in own)
