"""Gratitude notes: helpers who should hear how a process turned out (NURTURE-005)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from followup.domain.network.index import Records
from followup.domain.network.policy import NetworkPolicy
from followup.domain.records.followups import Channel, Direction, Kind
from followup.domain.records.model import (
    Application,
    Contact,
    ContactRole,
    InterviewStatus,
    Stage,
    Tier,
)


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


def owed_gratitude(
    contact: Contact, records: Records, now: datetime, settings: NetworkPolicy | None = None
) -> list[Owed]:
    """The recent processes whose latest outcome this helper has not heard about yet.

    Gratitude is earned (NURTURE-005, HOLIDAY-001): only a helper with a two-way exchange
    on record or a tier the user set, only the `gratitude_per_outcome` most important
    helpers of each outcome (referrers, then references, then the others), and only for
    an outcome within `gratitude_within`.
    """
    assert contact.id is not None
    settings = settings or NetworkPolicy()
    if contact.tier is Tier.NONE or not records.may_have_helped(contact.id):
        return []
    helped = records.helped(contact.id)
    if not helped or not exchanged(contact, records, now):
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
    for app in helped:
        result = records.outcomes.get(app.id) if app.id is not None else None
        if app.id is None or result is None or result[1] > now:
            continue
        stage, at = result
        if now - at > settings.gratitude_within:
            continue
        if last_told is not None and last_told >= at:
            continue
        if contact.id not in _first_helpers(app, records, now, settings.gratitude_per_outcome):
            continue
        out.append(
            Owed(
                contact_id=contact.id,
                application_id=app.id,
                outcome=stage,
                since=at,
                reason=f"{tell} {records.turned_out(app)}",
            )
        )
    return out


def exchanged(contact: Contact, records: Records, now: datetime) -> bool:
    """A tier the user set, or a two-way exchange on record: a reply, a meeting or an
    interview held. A name in a tracker's Contact column has neither (HOLIDAY-001)."""
    if contact.tier is not None and contact.tier is not Tier.NONE:
        return True
    assert contact.id is not None
    return any(
        i.status is InterviewStatus.SCHEDULED and i.end <= now
        for i in records.took_part.get(contact.id, ())
    ) or any(
        m.at <= now and (m.direction is Direction.IN or m.channel is Channel.MEETING)
        for m in records.by_contact.get(contact.id, ())
    )


_ROLE_ORDER = {ContactRole.REFERRER: 0, ContactRole.REFERENCE: 1}


def _first_helpers(app: Application, records: Records, now: datetime, cap: int) -> frozenset[int]:
    """The ids of the `cap` helpers of a process who hear about its outcome: earned ones
    only, referrers first, then references, then the others, in record order."""
    assert app.id is not None
    found = records.memo.get(("gratitude", app.id))
    if found is None:
        found = records.memo[("gratitude", app.id)] = _rank_helpers(app, records, now, cap)
    return found


def _rank_helpers(app: Application, records: Records, now: datetime, cap: int) -> frozenset[int]:
    ranked = sorted(
        enumerate(helpers(app, records)),
        key=lambda nc: (_ROLE_ORDER.get(nc[1].role, 2), nc[0]),
    )
    chosen: set[int] = set()
    for _, c in ranked:
        if len(chosen) >= cap:
            break
        if c.id is not None and c.tier is not Tier.NONE and exchanged(c, records, now):
            chosen.add(c.id)
    return frozenset(chosen)
