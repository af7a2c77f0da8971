"""Rows to records and back, for SQLite and PostgreSQL alike: column lists, decoders,
timestamps.

Both engines store instants, dates and lists as the same text (UTC ISO 8601, ISO dates,
JSON), and both return rows as sequences in `SELECT` column order, so one codec serves
them. Placeholders differ (`?` against `%s`): SQL with placeholders is each engine's own.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from enum import Enum
from functools import lru_cache
from typing import Any, TypeVar

from followup.domain.records.followups import (
    Channel,
    Direction,
    FollowUp,
    Kind,
    Message,
    Status,
    Window,
)
from followup.domain.records.model import (
    Application,
    Company,
    Contact,
    ContactRole,
    Interview,
    InterviewKind,
    InterviewStatus,
    Pace,
    Participant,
    Stage,
    StageChange,
    Tier,
)
from followup.domain.records.names import NameOrder
from followup.domain.records.slots import built
from followup.domain.records.stamps import from_text, opt_from_text, opt_to_text, to_text

_R = TypeVar("_R", Company, Contact, Application, Interview, FollowUp, Message)
_E = TypeVar("_E", bound=Enum)


def day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def tags(text: str) -> tuple[str, ...]:
    # Most lists are empty: a whole-database read meets hundreds of thousands of them.
    return () if text == "[]" else _tags(text)


@lru_cache(maxsize=4096)
def _tags(text: str) -> tuple[str, ...]:
    # The same few topic and skill lists recur across a history: one shared tuple each
    # instead of a list and strings per row (issue 16: peak memory of a planning run).
    return tuple(json.loads(text))


def to_json(values: Iterable[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


COMPANY = "id, name, industry, country, tz, domain, feeds, pace, notes, article"
# Each list starts with the columns a whole-database planning run reads (`*_PLANNED`, its
# `texts=False`); the readers take either width, and leave the texts after them empty.
CONTACT_PLANNED = "id, name, email, company_id, tz, country, role, tier, observes, do_not_contact"
CONTACT = (
    f"{CONTACT_PLANNED}, title, notes, honorific, given_name, family_name, name_order, salutation"
)
APPLICATION = "id, company_id, role, stage, source, url, decision_by, created_at, history, notes"
INTERVIEW_PLANNED = (
    'id, application_id, round, kind, start, "end", tz, coordinator_id, decision_by, status'
)
INTERVIEW = (
    f"{INTERVIEW_PLANNED}, topics, projects, skills, next_step, notes, source_uid, source_sequence"
)
FOLLOWUP = (
    "id, key, kind, application_id, interview_id, contact_id, earliest, recommended, latest, "
    "status, reason, snoozed_until, pinned, note, subject, body, created_at, updated_at"
)
MESSAGE_PLANNED = "id, contact_id, application_id, followup_id, direction, channel, kind, at, note"
MESSAGE = f"{MESSAGE_PLANNED}, subject, message_id, in_reply_to, source"
_CONTACT_PLANNED, _INTERVIEW_PLANNED, _MESSAGE_PLANNED = (
    len(c.split(",")) for c in (CONTACT_PLANNED, INTERVIEW_PLANNED, MESSAGE_PLANNED)
)


def assignments(columns: str, mark: str) -> str:
    """`a = ?, b = ?` for an UPDATE of every column after `id`, in the list's order (the
    order of the `*_args` codecs); `mark` is the engine's placeholder."""
    return ", ".join(f"{c} = {mark}" for c in columns.split(", ")[1:])


def read_company(r: Sequence[Any]) -> Company:
    return Company(
        id=r[0],
        name=r[1],
        industry=r[2],
        country=r[3],
        tz=r[4],
        domain=r[5],
        feeds=tags(r[6]),
        pace=Pace(r[7]) if r[7] else None,
        notes=r[8],
        article=None if r[9] is None else bool(r[9]),
    )


def read_contact(r: Sequence[Any]) -> Contact:
    """A `CONTACT` row, or a `CONTACT_PLANNED` one: its title, notes and name parts then
    left empty."""
    full = len(r) > _CONTACT_PLANNED
    return _NEW_CONTACT(
        r[0],  # id
        r[1],  # name
        r[2],  # email
        _shared(r[10]) if full else "",  # title
        r[3],  # company_id
        _shared(r[4]),  # tz
        _shared(r[5]),  # country
        _ROLES[r[6]],  # role
        _TIERS[r[7]] if r[7] else None,  # tier
        tags(r[8]),  # observes
        r[11] if full else "",  # notes
        r[12] if full else "",  # honorific
        r[13] if full else "",  # given_name
        r[14] if full else "",  # family_name
        _ORDERS[r[15]] if full else NameOrder.GIVEN_FIRST,  # name_order
        r[16] if full else "",  # salutation
        bool(r[9]),  # do_not_contact
    )


class _ByValue(dict[str, _E]):
    """Members of an enum by stored value: a dict lookup is far cheaper than `Kind(value)`
    on each of a whole-database read's hundreds of thousands of rows, and an unknown value
    still raises the enum's own ValueError."""

    def __init__(self, enum: type[_E]) -> None:
        super().__init__((m.value, m) for m in enum)
        self._enum = enum

    def __missing__(self, value: str) -> _E:
        return self._enum(value)


# The bulk readers build records positionally, straight into their slots (`built`); the
# store contract's round trips hold them to each record's field order.
_NEW_CONTACT = built(Contact)
_NEW_MESSAGE = built(Message)
_NEW_INTERVIEW = built(Interview)
_NEW_APPLICATION = built(Application)
_NEW_STAGECHANGE = built(StageChange)
NEW_PARTICIPANT = built(Participant)


# Texts that recur across a history's rows (zones, countries, titles, subjects, roles) are
# kept once each rather than once per row: a whole-database read holds them all (issue 16,
# peak memory).
_shared = sys.intern

STAGES = _ByValue(Stage)
_KINDS, _STATUSES = _ByValue(Kind), _ByValue(Status)
_DIRECTIONS, _CHANNELS = _ByValue(Direction), _ByValue(Channel)
_ROLES, _TIERS, _ORDERS = _ByValue(ContactRole), _ByValue(Tier), _ByValue(NameOrder)
_INTERVIEW_KINDS, _INTERVIEW_STATUSES = _ByValue(InterviewKind), _ByValue(InterviewStatus)


def _history(text: str) -> tuple[StageChange, ...]:
    stages, when, change = STAGES, from_text, _NEW_STAGECHANGE
    return tuple(
        change(stages[h["stage"]], when(h["at"]), h.get("note", "")) for h in json.loads(text)
    )


def history_json(history: Iterable[StageChange]) -> str:
    return json.dumps(
        [{"stage": h.stage.value, "at": to_text(h.at), "note": h.note} for h in history],
        ensure_ascii=False,
    )


def read_application(r: Sequence[Any]) -> Application:
    return _NEW_APPLICATION(
        r[0],  # id
        r[1],  # company_id
        _shared(r[2]),  # role
        STAGES[r[3]],  # stage
        _history(r[8]),  # history
        _shared(r[4]),  # source
        r[5],  # url
        day(r[6]),  # decision_by
        from_text(r[7]),  # created_at
        r[9],  # notes
    )


def read_followup(r: Sequence[Any]) -> FollowUp:
    return FollowUp(
        id=r[0],
        key=r[1],
        kind=_KINDS[r[2]],
        application_id=r[3],
        interview_id=r[4],
        contact_id=r[5],
        window=Window(
            earliest=from_text(r[6]), recommended=from_text(r[7]), latest=from_text(r[8])
        ),
        status=_STATUSES[r[9]],
        reason=r[10],
        snoozed_until=opt_from_text(r[11]),
        pinned=bool(r[12]),
        note=r[13],
        subject=r[14],
        body=r[15],
        created_at=from_text(r[16]),
        updated_at=from_text(r[17]),
    )


INSERT_FOLLOWUP = f"INSERT INTO followups ({FOLLOWUP}) VALUES ({','.join('?' * 18)})"


def followup_args(f: FollowUp) -> tuple[Any, ...]:
    """A follow-up's columns after `id`, in `FOLLOWUP` order."""
    return (
        f.key,
        f.kind.value,
        f.application_id,
        f.interview_id,
        f.contact_id,
        to_text(f.window.earliest),
        to_text(f.window.recommended),
        to_text(f.window.latest),
        f.status.value,
        f.reason,
        opt_to_text(f.snoozed_until),
        int(f.pinned),
        f.note,
        f.subject,
        f.body,
        to_text(f.created_at),
        to_text(f.updated_at),
    )


def read_message(r: Sequence[Any]) -> Message:
    """A `MESSAGE` row, or a `MESSAGE_PLANNED` one: its subject, ids and source then
    left empty."""
    full = len(r) > _MESSAGE_PLANNED
    return _NEW_MESSAGE(
        r[0],  # id
        r[1],  # contact_id
        r[2],  # application_id
        r[3],  # followup_id
        _DIRECTIONS[r[4]],  # direction
        _CHANNELS[r[5]],  # channel
        _KINDS[r[6]] if r[6] else None,  # kind
        from_text(r[7]),  # at
        _shared(r[9]) if full else "",  # subject
        r[10] if full else "",  # message_id
        r[11] if full else "",  # in_reply_to
        r[12] if full else "",  # source
        r[8],  # note
    )


def message_args(m: Message) -> tuple[Any, ...]:
    """A message's columns after `id`, in `MESSAGE` order."""
    return (
        m.contact_id,
        m.application_id,
        m.followup_id,
        m.direction.value,
        m.channel.value,
        m.kind.value if m.kind else None,
        to_text(m.at),
        m.note,
        m.subject,
        m.message_id,
        m.in_reply_to,
        m.source,
    )


def company_args(c: Company) -> tuple[Any, ...]:
    """The columns after `id`, in insert order."""
    return (
        c.name,
        c.industry,
        c.country,
        c.tz,
        c.domain,
        to_json(c.feeds),
        c.pace.value if c.pace else None,
        c.notes,
        None if c.article is None else int(c.article),
    )


def contact_args(c: Contact) -> tuple[Any, ...]:
    """A contact's columns after `id`, in `CONTACT` order."""
    return (
        c.name,
        c.email,
        c.company_id,
        c.tz,
        c.country,
        c.role.value,
        c.tier.value if c.tier else None,
        to_json(c.observes),
        int(c.do_not_contact),
        c.title,
        c.notes,
        c.honorific,
        c.given_name,
        c.family_name,
        c.name_order.value,
        c.salutation,
    )


def application_args(a: Application) -> tuple[Any, ...]:
    """The columns after `id`, in insert order."""
    return (
        a.company_id,
        a.role,
        a.stage.value,
        a.source,
        a.url,
        a.decision_by.isoformat() if a.decision_by else None,
        to_text(a.created_at),
        history_json(a.history),
        a.notes,
    )


def interview_args(i: Interview) -> tuple[Any, ...]:
    """An interview's columns after `id`, in `INTERVIEW` order."""
    return (
        i.application_id,
        i.round,
        i.kind.value,
        opt_to_text(i.start),
        to_text(i.end),
        i.tz,
        i.coordinator_id,
        i.decision_by.isoformat() if i.decision_by else None,
        i.status.value,
        to_json(i.topics),
        to_json(i.projects),
        to_json(i.skills),
        i.next_step,
        i.notes,
        i.source_uid,
        i.source_sequence,
    )


def read_interview(r: Sequence[Any], interviewers: tuple[Participant, ...]) -> Interview:
    """An `INTERVIEW` row, or an `INTERVIEW_PLANNED` one: its topics, notes and source
    then left empty."""
    full = len(r) > _INTERVIEW_PLANNED
    return _NEW_INTERVIEW(
        r[0],  # id
        r[1],  # application_id
        r[2],  # round
        _INTERVIEW_KINDS[r[3]],  # kind
        opt_from_text(r[4]),  # start
        from_text(r[5]),  # end
        _shared(r[6]),  # tz
        interviewers,  # interviewers
        r[7],  # coordinator_id
        tags(r[10]) if full else (),  # topics
        tags(r[11]) if full else (),  # projects
        tags(r[12]) if full else (),  # skills
        day(r[8]),  # decision_by
        _shared(r[13]) if full else "",  # next_step
        r[14] if full else "",  # notes
        _INTERVIEW_STATUSES[r[9]],  # status
        r[15] if full else "",  # source_uid
        r[16] if full else 0,  # source_sequence
    )


def with_id(record: _R, new_id: int | None) -> _R:
    """The record with the id the database gave it."""
    return record if record.id is not None else replace(record, id=new_id)
