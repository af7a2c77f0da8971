"""The pipeline: applications as a board by stage, and one application's timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from followup.domain.errors import NotFound
from followup.domain.records.followups import Direction, FollowUp
from followup.domain.records.model import Application, Company, Interview, InterviewStatus, Stage
from followup.domain.records.rounds import FINAL_ROUND

if TYPE_CHECKING:
    from followup.services.deps import Deps

ACTIVE_STAGES = (Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER)
DONE_STAGES = (Stage.ACCEPTED, Stage.REJECTED, Stage.WITHDRAWN, Stage.CLOSED)


@dataclass(frozen=True, slots=True)
class Card:
    application: Application
    company: str


@dataclass(frozen=True, slots=True)
class Column:
    """One stage: its newest cards (at most the board's limit) and how many there are."""

    stage: Stage
    cards: tuple[Card, ...]
    total: int


def board(
    deps: Deps, stages: tuple[Stage, ...] = ACTIVE_STAGES, per_stage: int = 50
) -> list[Column]:
    """Each of `stages` with its newest `per_stage` applications, newest first. The board
    opens with the active stages; finished ones (thousands, in a long search) load apart."""
    store = deps.store
    names: dict[int, str] = {}
    columns = []
    for stage in stages:
        found = store.applications.list([stage])
        newest = sorted(found, key=lambda a: a.id or 0, reverse=True)[:per_stage]
        cards = []
        for application in newest:
            if application.company_id not in names:
                names[application.company_id] = _company_name(deps, application.company_id)
            cards.append(Card(application, names[application.company_id]))
        columns.append(Column(stage, tuple(cards), len(found)))
    return columns


def _company_name(deps: Deps, company_id: int) -> str:
    store = deps.store
    try:
        return store.companies.get(company_id).name
    except NotFound:
        return ""


@dataclass(frozen=True, slots=True)
class Event:
    """One line of the timeline."""

    at: datetime
    kind: str  # stage | interview | sent | received | planned
    title: str
    detail: str = ""
    followup_id: int | None = None


@dataclass(frozen=True, slots=True)
class Timeline:
    application: Application
    company: Company
    interviews: tuple[Interview, ...]
    open_followups: tuple[FollowUp, ...]
    events: tuple[Event, ...]  # oldest first


def timeline(deps: Deps, application_id: int) -> Timeline:
    """The application's stage changes, interviews, messages both ways and planned
    follow-ups (with their reasons), in time order."""
    store = deps.store
    application = store.applications.get(application_id)
    company = store.companies.get(application.company_id)
    interviews = tuple(store.interviews.list(application_id))
    followups = store.followups.list(application_id=application_id)
    people: dict[int, str] = {}

    def who(contact_id: int | None) -> str:
        if contact_id is None:
            return ""
        if contact_id not in people:
            try:
                people[contact_id] = store.contacts.get(contact_id).name
            except NotFound:
                people[contact_id] = f"contact {contact_id}"
        return people[contact_id]

    events: list[Event] = [
        Event(change.at, "stage", f"Stage: {change.stage.value}", change.note)
        for change in application.history
    ]
    for interview in interviews:
        met = ", ".join(who(p.contact_id) for p in interview.interviewers)
        cancelled = " (cancelled)" if interview.status is InterviewStatus.CANCELLED else ""
        events.append(
            Event(
                interview.end,
                "interview",
                f"{_round(interview.round)} {interview.kind.value} interview{cancelled}",
                f"with {met}" if met else "",
            )
        )
    for message in store.messages.list(application_id=application_id):
        outgoing = message.direction is Direction.OUT
        what = message.kind.value if message.kind else message.channel.value
        title = f"{'Sent' if outgoing else 'Received'} {what} {'to' if outgoing else 'from'} "
        events.append(
            Event(
                message.at,
                "sent" if outgoing else "received",
                title + who(message.contact_id),
                message.subject or message.note,
                message.followup_id,
            )
        )
    open_followups = tuple(f for f in followups if f.status.is_open)
    for followup in open_followups:
        events.append(
            Event(
                followup.window.recommended,
                "planned",
                f"Planned {followup.kind.value} to {who(followup.contact_id)}",
                followup.reason,
                followup.id,
            )
        )
    events.sort(key=lambda e: e.at)
    return Timeline(application, company, interviews, open_followups, tuple(events))


def _round(number: int) -> str:
    """ "Round 2", or "Final round" for the round stored as final (issue 17 §4)."""
    return "Final round" if number == FINAL_ROUND else f"Round {number}"
