"""Offers and their answers: the open concerns, accepting, declining, and the letters
they owe.

An offer is an application in the `offer` stage; its deadline is the application's
`decision_by`, and the planner already plans the thank-you and the halfway reminder
(OFFER-001/007). This module adds what an offer carries besides (the concerns the
thank-you asks about, OFFER-004/005) and what an answer owes: the acceptance or
decline letter, and on acceptance a withdrawal from every other open process
(OFFER-008/009, DECLINE-001). Accepted or declined is read from the stage history,
never stored twice.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from followup.domain.errors import ValidationError
from followup.domain.network.index import Records
from followup.domain.records import fields
from followup.domain.records.followups import Kind, Window
from followup.domain.records.model import Application, InterviewStatus, Stage
from followup.domain.timing.planning import ApplicationRule, Plan, Planning, recipient
from followup.domain.timing.windows import offer_ack
from followup.domain.timing.wording import short_day

CONCERNS_MAX = 20
KINDS = frozenset({Kind.OFFER_ACCEPT, Kind.OFFER_DECLINE, Kind.WITHDRAWAL})


@dataclass(frozen=True, slots=True, kw_only=True)
class Offer:
    """What the candidate still wants clarified about an offer (OFFER-004)."""

    application_id: int
    concerns: tuple[str, ...] = ()
    updated_at: datetime


def check_offer(app: Application, deadline: date | None, today: date) -> None:
    """Refuse an offer on a closed application, or a deadline in the past (`today` is the
    user's local date)."""
    if not app.stage.is_open:
        raise ValidationError(
            "APP_ID",
            f"application {app.id} is {app.stage}, a closed process: an offer can only be "
            "recorded on an open application",
        )
    if deadline is not None and deadline < today:
        raise ValidationError(
            "--deadline", f"{deadline.isoformat()} is in the past (today is {today.isoformat()})"
        )


def with_concerns(
    existing: Offer | None, application_id: int, concerns: Sequence[str], now: datetime
) -> Offer:
    """The offer's concerns with `concerns` added (de-duplicated, in order)."""
    cleaned = fields.tags("--concern", list(concerns))
    old = existing.concerns if existing else ()
    known = {c.casefold() for c in old}
    merged = old + tuple(c for c in cleaned if c.casefold() not in known)
    if len(merged) > CONCERNS_MAX:
        raise ValidationError(
            "--concern",
            f"at most {CONCERNS_MAX} concerns: ask everything in one message (OFFER-005)",
        )
    return Offer(application_id=application_id, concerns=merged, updated_at=now)


def check_answer(app: Application) -> None:
    """Only an application in the offer stage can be accepted or declined."""
    if app.stage is not Stage.OFFER:
        raise ValidationError(
            "APP_ID",
            f"application {app.id} is {app.stage}, not at the offer stage; record the offer "
            f"first with `followup offer {app.id}`",
        )


def _since(app: Application, stage: Stage) -> datetime | None:
    for change in reversed(app.history):
        if change.stage is stage:
            return change.at
    return None


def answer(app: Application) -> tuple[Stage, datetime] | None:
    """(accepted or withdrawn, when) if the candidate answered an offer on `app`."""
    offered = _since(app, Stage.OFFER)
    if offered is None or app.stage not in (Stage.ACCEPTED, Stage.WITHDRAWN):
        return None
    at = _since(app, app.stage)
    return (app.stage, at) if at is not None and at >= offered else None


# -- the planner rules ----------------------------------------------------------------


def application_rules(records: Records) -> tuple[ApplicationRule, ...]:
    """The letters owed by answers to offers, bound to this run's records."""
    accepted = [
        (a, result[1])
        for a in records.applications
        if (result := answer(a)) is not None and result[0] is Stage.ACCEPTED
    ]

    def letters(planning: Planning, app: Application, plan: Plan) -> None:
        result = answer(app)
        if result is None and not (accepted and app.stage.is_open):
            return  # no letter owed: most of a long history
        company = planning.companies.get(app.company_id)
        interviews = [
            i
            for i in records.interviews_of.get(app.id, ())
            if i.status is InterviewStatus.SCHEDULED
        ]
        contact = recipient(planning, interviews)
        cal = planning.calendar(company, contact)[0]
        cid = contact.id if contact else None
        if result is not None:
            stage, at = result
            when = offer_ack(at, cal)
            if stage is Stage.ACCEPTED:
                plan.followups.append(
                    planning.followup(
                        f"offer-accept/a{app.id}",
                        Kind.OFFER_ACCEPT,
                        when.window,
                        "Confirm the acceptance in writing: restate the title, salary, benefits "
                        "and start date, and ask them to confirm (OFFER-008). "
                        + " ".join(when.reasons[1:]),
                        application_id=app.id,
                        contact_id=cid,
                    )
                )
            else:
                plan.followups.append(
                    planning.followup(
                        f"offer-decline/a{app.id}",
                        Kind.OFFER_DECLINE,
                        when.window,
                        "Decline promptly and unambiguously: thanks, a clear no, a warm close that "
                        "leaves the door open (DECLINE-001). " + " ".join(when.reasons[1:]),
                        application_id=app.id,
                        contact_id=cid,
                    )
                )
        if not app.stage.is_open:
            return
        for other, at in accepted:
            if other.id == app.id or app.created_at > at:
                continue  # a process begun after the acceptance is the user's new choice
            when = offer_ack(at, cal)
            last = cal.add_business_days(cal.local_date(when.latest), 2)
            window = Window(
                earliest=when.earliest,
                recommended=when.recommended,
                latest=cal.local(cal.day(last).close),
            )
            plan.followups.append(
                planning.followup(
                    f"withdrawal/a{app.id}",
                    Kind.WITHDRAWAL,
                    window,
                    f"You accepted an offer (application {other.id}) on "
                    f"{short_day(cal.local_date(at))}: withdraw from this process promptly and "
                    "courteously, then move it to withdrawn (OFFER-009).",
                    application_id=app.id,
                    contact_id=cid,
                )
            )
            break

    return (letters,)


def annotate(plan: Plan, offers: Sequence[Offer]) -> Plan:
    """Add the open concerns to each offer thank-you's reason: they go in that one message
    (OFFER-004/005)."""
    concerns = {o.application_id: o.concerns for o in offers if o.concerns}
    if not concerns:
        return plan
    out = []
    for f in plan.followups:
        asks = concerns.get(f.application_id or -1)
        if f.kind is Kind.OFFER_THANKS and asks:
            f = dataclasses.replace(
                f,
                reason=(
                    f"{f.reason} Ask about everything still open in this one message: "
                    f"{'; '.join(asks)} (OFFER-004/005)."
                ),
            )
        out.append(f)
    return Plan(out, plan.retired, plan.kept)


def stop_elsewhere(plan: Plan, applications: Sequence[Application]) -> Plan:
    """Once an offer is accepted, no process begun before it is nudged any more: its
    status checks are retired at once, and the withdrawal note takes their place
    (OFFER-009)."""
    accepted = [
        (a, result[1])
        for a in applications
        if (result := answer(a)) is not None and result[0] is Stage.ACCEPTED
    ]
    if not accepted:
        return plan
    chosen, at = max(accepted, key=lambda pair: pair[1])
    before = {a.id for a in applications if a.id != chosen.id and a.created_at <= at}
    kept = []
    retired = dict(plan.retired)
    for f in plan.followups:
        if f.kind.is_nudge and f.application_id in before:
            retired[f.key] = (
                f"You accepted an offer (application {chosen.id}) on {at:%a %d %b}: no more "
                "nudges to this process; withdraw from it instead (OFFER-009)."
            )
        else:
            kept.append(f)
    return Plan(kept, retired, plan.kept)
