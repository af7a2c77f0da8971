"""Gratitude notes: helpers who should hear how a process turned out (NURTURE-005)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from followup.domain.network.index import Records
from followup.domain.records.followups import Direction, Kind
from followup.domain.records.model import Application, Contact, Stage, Tier


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
