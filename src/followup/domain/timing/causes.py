"""Nothing opens before its cause: the last pass over a plan, whatever rule made it.

- A follow-up about an interview never opens before that interview ended.
- No holiday greeting or news note goes to anyone at a company within the cooling-off
  period after the candidate was rejected by it or declined its offer (NURTURE-004: the
  first re-engagement comes 30 days after a rejection; DECLINE-001 keeps the door open,
  which a greeting days later does not).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from followup.domain.records.followups import Direction, FollowUp, Kind, Window
from followup.domain.records.model import Application, Stage
from followup.domain.timing.planning import Plan, Planning
from followup.domain.timing.wording import short_day

# Light touches that would read as tone-deaf right after a "no" either way.
COOLED = frozenset({Kind.HOLIDAY, Kind.NEWS_NOTE})
_CLOSED_AFTER_OFFER = frozenset({Stage.WITHDRAWN, Stage.CLOSED})


def closed_at(application: Application) -> tuple[datetime, str] | None:
    """When this application ended in a "no", and whose: a rejection, or an offer the
    candidate declined (an offer followed by withdrawing or closing)."""
    found: tuple[datetime, str] | None = None
    offered = False
    for change in application.history:
        if change.stage is Stage.OFFER:
            offered = True
        elif change.stage is Stage.REJECTED:
            found = (change.at, "it rejected you")
        elif offered and change.stage in _CLOSED_AFTER_OFFER:
            found = (change.at, "you declined its offer")
    return found


def _company_closures(
    planning: Planning, applications: list[Application]
) -> dict[int, tuple[datetime, str]]:
    out: dict[int, tuple[datetime, str]] = {}

    def note(company_id: int | None, found: tuple[datetime, str]) -> None:
        if company_id is None:
            return
        if company_id not in out or out[company_id][0] < found[0]:
            out[company_id] = found

    for application in applications:
        found = closed_at(application)
        if found is not None:
            note(application.company_id, found)
    for contact_id, messages in planning.contact_messages.items():
        contact = planning.contacts.get(contact_id)
        for m in messages:
            if m.direction is Direction.OUT and m.kind is Kind.OFFER_DECLINE and contact:
                note(contact.company_id, (m.at, "you declined its offer"))
    return out


def _not_before(followup: FollowUp, start: datetime) -> FollowUp:
    w = followup.window
    return dataclasses.replace(
        followup,
        window=Window(
            earliest=max(w.earliest, start),
            recommended=max(w.recommended, start),
            latest=max(w.latest, start),
        ),
    )


def apply(planning: Planning, plan: Plan, applications: list[Application]) -> None:
    """Move or retire the follow-ups of `plan` that would open before their cause."""
    ends = {i.id: i.end for found in planning.interviews.values() for i in found}
    closures = _company_closures(planning, applications)
    days = planning.policies.default.post_rejection_check_in_days
    kept: list[FollowUp] = []
    for followup in plan.followups:
        end = ends.get(followup.interview_id)
        if end is not None and followup.window.earliest < end:
            followup = _not_before(followup, end)
        contact = planning.contacts.get(followup.contact_id or -1)
        closure = closures.get(contact.company_id or -1) if contact else None
        if followup.kind in COOLED and closure is not None:
            at, whose = closure
            until = at + timedelta(days=days)
            w = followup.window
            if w.latest >= at and w.earliest < until:
                why = (
                    f"Not within {days} days after {short_day(at.date())}, when {whose}: "
                    f"a {followup.kind.value} would read as tone-deaf (NURTURE-004)."
                )
                if w.latest < until:
                    plan.retire(followup.key, why)
                    continue
                followup = dataclasses.replace(
                    _not_before(followup, until), reason=f"{followup.reason} {why}"
                )
        kept.append(followup)
    plan.followups[:] = kept
