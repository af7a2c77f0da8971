"""Records + policy + now -> every follow-up the candidate owes, each with its reason.

`plan()` derives follow-ups from the records alone; `merge()` lays them over the stored
ones so planning is idempotent and the user's decisions (skipped, done, snoozed,
pinned time) survive. Each follow-up has a stable `key`, e.g. `thank-you/i12/c5`.

Per-application rules live in `APPLICATION_RULES`, per-contact rules (the long-run kinds:
check-in, holiday, news note, gratitude) in `CONTACT_RULES`; a new kind is one more
function in one of those tuples.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta

from followup.domain.records.followups import FollowUp, Kind, Status, Window
from followup.domain.records.model import (
    Application,
    InterviewKind,
    InterviewStatus,
    Snapshot,
    Stage,
)
from followup.domain.records.rounds import round_phrase
from followup.domain.timing import cadence, causes
from followup.domain.timing import windows as timing
from followup.domain.timing.calendar import BusinessCalendar, HolidayCalendar
from followup.domain.timing.planning import (
    ApplicationRule,
    ContactRule,
    Plan,
    Planning,
    latest_tz,
    live_interviews,
    name_of,
    recipient,
    stage_since,
)
from followup.domain.timing.policy import Policies, Policy
from followup.domain.timing.wording import short_day

# Stages in which a status check makes sense: an open process, before any offer.
_STATUS_STAGES = frozenset({Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING})
_NO_LONGER = "No longer due: the records it came from changed."


def thank_yous(planning: Planning, application: Application, plan: Plan) -> None:
    """A thank-you per interviewer per round, and a short one to the coordinator (TIMING-005)."""
    company = planning.companies.get(application.company_id)
    open_stage = application.stage.is_open
    overrides = planning.policies.has_overrides
    for interview in planning.interviews.get(application.id, ()):
        iid = interview.id
        gone = interview.status is not InterviewStatus.SCHEDULED or not open_stage
        if gone and not (
            plan.watching(f"thank-you/i{iid}/") or plan.watching(f"coordinator-thanks/i{iid}/")
        ):
            continue  # nothing stored for it: nothing to retire (most of a long history)
        people = [p.contact_id for p in interview.interviewers]
        coordinator = interview.coordinator_id
        extra = [coordinator] if coordinator is not None and coordinator not in people else []
        if gone:
            why = (
                "The interview was cancelled."
                if interview.status is InterviewStatus.CANCELLED
                else f"The application is now {application.stage}."
            )
            for cid in people:
                plan.retire(f"thank-you/i{iid}/c{cid}", why)
            for cid in extra:
                plan.retire(f"coordinator-thanks/i{iid}/c{cid}", why)
            continue
        if interview.end < planning.horizon:
            plan.keep(*(f"thank-you/i{iid}/c{cid}" for cid in people))
            plan.keep(*(f"coordinator-thanks/i{iid}/c{cid}" for cid in extra))
            continue
        informational = interview.kind is InterviewKind.INFORMATIONAL
        decision = interview.decision_by or application.decision_by
        # Everyone sharing a calendar shares the window and the reason text: build it once.
        shared: dict[tuple[int, Kind], tuple[Window, str]] = {}
        common: tuple[BusinessCalendar, Policy] | None = None
        for kind, ids in ((Kind.THANK_YOU, people), (Kind.COORDINATOR_THANKS, extra)):
            prefix = f"{kind.value}/i{iid}/c"
            for cid in ids:
                contact = planning.contacts.get(cid)
                if contact is None or contact.tz or contact.country or overrides:
                    cal, policy = planning.calendar(company, contact, interview.tz)
                else:
                    # Most interviewers have no zone of their own: they share the
                    # company's calendar, looked up once per interview.
                    if common is None:
                        common = planning.calendar(company, None, interview.tz)
                    cal, policy = common
                found = shared.get((id(cal), kind))
                if found is None:
                    window, ended, reasons = planning.thank_you(
                        interview.end,
                        cal,
                        planning.pace(company, policy),
                        informational,
                        decision,
                    )
                    if kind is Kind.THANK_YOU:
                        lead = (
                            f"A thank-you for the {round_phrase(interview.round)} "
                            f"{interview.kind.value} interview that ended {ended}, "
                            "one per interviewer (TIMING-005). "
                        )
                    else:
                        lead = (
                            "A short thank-you to the coordinator of the "
                            f"{round_phrase(interview.round)} interview (TIMING-005). "
                        )
                    found = shared[(id(cal), kind)] = (window, lead + reasons)
                plan.followups.append(
                    planning.followup(
                        prefix + str(cid),
                        kind,
                        found[0],
                        found[1],
                        application_id=application.id,
                        interview_id=iid,
                        contact_id=cid,
                    )
                )


def status_checks(planning: Planning, application: Application, plan: Plan) -> None:
    """The next status check, if the cadence guard allows one (TIMING-007/008, CAD-001/002/007)."""
    if application.stage not in _STATUS_STAGES:
        # Most of a long history: nothing to retire unless a check was stored, and then
        # only the key of the next one, which takes the count of nudges, not the thread.
        if plan.watching(f"status-check/a{application.id}/"):
            nudges = planning.application_nudges(application)
            key = f"status-check/a{application.id}/n{nudges + 1}"
            plan.retire(key, f"The application is now {application.stage}.")
        return
    history = planning.application_thread(application)
    key = f"status-check/a{application.id}/n{history.nudges + 1}"
    held = live_interviews(planning.interviews.get(application.id, ()))
    live = [i for i in held if i.kind is not InterviewKind.INFORMATIONAL]
    if not live:
        plan.retire(
            key,
            (
                "An informational meeting has no process to ask about, so no status check "
                "(TIMING-006)."
                if held
                else "No interview on record, so no status check yet."
            ),
        )
        return
    company = planning.companies.get(application.company_id)
    latest = max(live, key=lambda i: i.end)
    contact = recipient(planning, live)
    cal, policy = planning.calendar(company, contact, latest.tz)
    cap = policy.max_unanswered_status_checks
    decision = latest.decision_by or application.decision_by
    end_day = cal.local_date(latest.end)
    if decision is not None and decision < end_day:
        decision = None  # check_decision_date refuses these on input; old data is ignored
    lead: list[str] = []
    anchor, anchor_text = latest.end, "the interview"
    if history.unanswered:
        assert history.last_nudge is not None
        anchor, anchor_text = history.last_nudge, "your last status check"
        decision = None
        lead.append(
            f"Status check {history.nudges + 1}: the one sent "
            f"{short_day(cal.local_date(anchor))} is unanswered; at most {cap} may go "
            "unanswered (CAD-001)."
        )
    elif history.last_reply is not None and history.last_reply > latest.end:
        anchor, anchor_text = history.last_reply, "their last reply"
        if decision is not None and decision < cal.local_date(anchor):
            decision = None
        lead.append(
            f"They replied {short_day(cal.local_date(anchor))}, which resets the count (CAD-007)."
        )
    else:
        lead.append(f"Ask {name_of(contact)} politely where the process stands.")
    last = planning.company_last_nudge(company, contact.id if contact else None)
    not_before: date | None = None
    gap_reason = ""
    if last is not None and policy.min_gap_business_days:
        not_before = cal.add_business_days(cal.local_date(last), policy.min_gap_business_days)
        gap_reason = (
            f"At least {policy.min_gap_business_days} business days after the last nudge to "
            f"anyone at the company, on any channel (CAD-002, CAD-003)."
        )
    when = timing.status_check(
        anchor,
        cal,
        decision_by=decision,
        not_before=not_before,
        anchor_text=anchor_text,
        not_before_reason=gap_reason,
    )
    followup = planning.followup(
        key,
        Kind.STATUS_CHECK,
        when.window,
        " ".join((*lead, *when.reasons)),
        application_id=application.id,
        interview_id=latest.id,
        contact_id=contact.id if contact else None,
    )
    if history.gone_quiet(cap):
        # Kept as a cancelled row: it marks the application as gone quiet, and a reply
        # (which resets the count) derives the same key again and reopens it.
        followup = dataclasses.replace(
            followup, status=Status.CANCELLED, reason=cadence.gone_quiet_reason(cap)
        )
    plan.followups.append(followup)


def offers(planning: Planning, application: Application, plan: Plan) -> None:
    """Acknowledge an offer within a business day, and a reminder halfway to its deadline
    (OFFER-001, OFFER-007)."""
    ack_key = f"offer-thanks/a{application.id}"
    reminder_key = f"offer-reminder/a{application.id}"
    if application.stage is not Stage.OFFER:
        why = f"The application is now {application.stage}."
        plan.retire(ack_key, why)
        plan.retire(reminder_key, why)
        return
    company = planning.companies.get(application.company_id)
    live = live_interviews(planning.interviews.get(application.id, ()))
    contact = recipient(planning, live)
    cal, _policy = planning.calendar(company, contact, latest_tz(live))
    received = stage_since(application, Stage.OFFER)
    deadline = application.decision_by
    if received < planning.horizon and (deadline is None or deadline < planning.horizon.date()):
        plan.keep(ack_key, reminder_key)
        return
    cid = contact.id if contact else None
    ack = timing.offer_ack(received, cal)
    plan.followups.append(
        planning.followup(
            ack_key,
            Kind.OFFER_THANKS,
            ack.window,
            " ".join((f"Thank {name_of(contact)} for the offer.", *ack.reasons)),
            application_id=application.id,
            contact_id=cid,
        )
    )
    reminder = (
        timing.offer_reminder(received, application.decision_by, cal)
        if application.decision_by
        else None
    )
    if reminder is None:
        plan.retire(reminder_key, "No decision deadline on record, so no reminder.")
        return
    plan.followups.append(
        planning.followup(
            reminder_key,
            Kind.OFFER_REMINDER,
            reminder.window,
            " ".join(
                ("Halfway to the offer deadline: raise any open questions now.", *reminder.reasons)
            ),
            application_id=application.id,
            contact_id=cid,
        )
    )


def rejections(planning: Planning, application: Application, plan: Plan) -> None:
    """Reply to a rejection, but only if a person interviewed you (REJECT-001/002)."""
    key = f"rejection-reply/a{application.id}"
    if application.stage is not Stage.REJECTED:
        plan.retire(key, f"The application is now {application.stage}.")
        return
    rejected = stage_since(application, Stage.REJECTED)
    if rejected < planning.horizon:
        plan.keep(key)
        return
    met = [
        i for i in live_interviews(planning.interviews.get(application.id, ())) if i.end <= rejected
    ]
    if not met:
        plan.retire(
            key,
            (
                "Nobody interviewed you, so the rejection was likely automated: no reply needed "
                "(REJECT-001)."
            ),
        )
        return
    company = planning.companies.get(application.company_id)
    contact = recipient(planning, met)
    cal, _policy = planning.calendar(company, contact, latest_tz(met))
    when = timing.rejection_reply(rejected, cal)
    plan.followups.append(
        planning.followup(
            key,
            Kind.REJECTION_REPLY,
            when.window,
            " ".join((f"Reply to {name_of(contact)}'s rejection.", *when.reasons)),
            application_id=application.id,
            contact_id=contact.id if contact else None,
        )
    )


APPLICATION_RULES: tuple[ApplicationRule, ...] = (thank_yous, status_checks, offers, rejections)
# The long-run kinds (check-in, holiday, news note, gratitude) are per contact; the
# relationships feature adds its rules here.
CONTACT_RULES: tuple[ContactRule, ...] = ()

# Kinds this planner owns: merge() cancels an open one of these when it is no longer derived.
PLANNED_KINDS = frozenset(
    {
        Kind.THANK_YOU,
        Kind.COORDINATOR_THANKS,
        Kind.STATUS_CHECK,
        Kind.OFFER_THANKS,
        Kind.OFFER_REMINDER,
        Kind.REJECTION_REPLY,
    }
)


def plan(
    records: Snapshot,
    policy: Policies | Policy,
    now: datetime,
    holidays: HolidayCalendar,
    *,
    application_rules: Sequence[ApplicationRule] = APPLICATION_RULES,
    contact_rules: Sequence[ContactRule] = CONTACT_RULES,
    planning: Planning | None = None,
) -> Plan:
    """Every follow-up the records call for, with windows and reasons. Pure: `now` only
    stamps created_at/updated_at. `records.followups`, when given, are the stored ones
    `merge` will see: retired and kept keys are recorded for those alone.

    `planning` is these same records already indexed (with the same policies, now and
    holidays), when the caller needs them after the plan too."""
    if planning is None:
        policies = policy if isinstance(policy, Policies) else Policies(policy)
        planning = Planning(records, policies, now, holidays)
    # Retired and kept keys matter only for stored rows: with the live ones at hand (a
    # whole run's snapshot), only theirs are recorded.
    watch = frozenset(f.key for f in records.followups) if records.followups else None
    result = Plan([], {}, watch=watch)
    for application in records.applications:
        for rule in application_rules:
            rule(planning, application, result)
    for contact in records.contacts:
        for contact_rule in contact_rules:
            contact_rule(planning, contact, result)
    causes.apply(planning, result, list(records.applications))
    return result


def merge(
    existing: Iterable[FollowUp],
    planned: Plan,
    now: datetime,
    *,
    stale_after: timedelta = timedelta(days=14),
    kinds: frozenset[Kind] = PLANNED_KINDS,
    settled: Collection[str] = frozenset(),
    late_grace: Mapping[Kind, timedelta] | None = None,
) -> list[FollowUp]:
    """The follow-ups to save so the store matches `planned`: new ones, changed ones and
    cancelled ones. Running it again on the result returns nothing (idempotent).

    Kept as the user left them: skipped, done and sent follow-ups; a pinned window; a
    snooze; a draft; anything the plan marks as too old to re-plan (`Plan.kept`). A
    cancelled follow-up that is derived again reopens. A derived follow-up that is
    already cancelled (gone quiet) is stored as such, as a marker.

    `settled` are the keys of stored follow-ups that are done, sent or skipped: a caller
    may pass them instead of their rows in `existing`, as nothing here changes them.

    Nothing new is born overdue (`born_late`): `late_grace` says how long past its window
    each kind still earns a late note (default `LATE_GRACE`; `{}` leaves every kind to
    `stale_after`, for a record the user has just logged).
    """
    derived = {f.key: f for f in planned.followups}
    kept = planned.kept
    changes: list[FollowUp] = []
    seen: set[str] = set(settled)
    for old in existing:
        seen.add(old.key)
        if old.key in kept:
            continue
        new = derived.get(old.key)
        if new is None:
            if old.status.is_open and old.kind in kinds:
                changes.append(
                    dataclasses.replace(
                        old,
                        status=Status.CANCELLED,
                        reason=planned.retired.get(old.key, _NO_LONGER),
                        updated_at=now,
                    )
                )
            continue
        if new.status is Status.CANCELLED:
            if old.status.is_open:
                changes.append(
                    dataclasses.replace(
                        old, status=Status.CANCELLED, reason=new.reason, updated_at=now
                    )
                )
        elif old.status is Status.CANCELLED:
            changes.append(_refresh(old, new, now, status=Status.PLANNED))
        elif old.status.is_open:
            if new.window.latest < now and old.window.latest > new.window.latest:
                # Opened late when it was born: its own window stands (issue 16, point 3).
                new = dataclasses.replace(new, window=old.window, reason=_late_reason(new))
            updated = _refresh(old, new, now, status=old.status)
            if _differs(old, updated):
                changes.append(updated)
    cutoff = now - stale_after
    for key, new in derived.items():
        if key in seen or new.window.latest < cutoff:
            continue
        if new.window.latest < now:
            born = born_late(new, now, LATE_GRACE if late_grace is None else late_grace)
            if born is None:
                continue
            new = born
        changes.append(new)
    return changes


# How long past its window an occasion still earns a late note: a week after the
# interview at most for a thank-you (TIMING-001's looser coaches), a few days for the
# answers to an offer or a rejection. Other kinds keep the plan's `stale_after`.
LATE_GRACE = {
    Kind.THANK_YOU: timedelta(days=5),
    Kind.COORDINATOR_THANKS: timedelta(days=5),
    Kind.OFFER_THANKS: timedelta(days=3),
    Kind.REJECTION_REPLY: timedelta(days=5),
}
LATE_WINDOW = timedelta(days=1)


def born_late(
    new: FollowUp, now: datetime, late_grace: Mapping[Kind, timedelta] = LATE_GRACE
) -> FollowUp | None:
    """A follow-up a re-plan would create with its window already past: opened now and
    marked late while its occasion is recent ("late beats never", TIMING-001), or None
    when the occasion is long gone. Nothing a re-plan creates is overdue (issue 16)."""
    grace = late_grace.get(new.kind)
    if grace is not None and new.window.latest < now - grace:
        return None
    return dataclasses.replace(
        new,
        window=Window(earliest=now, recommended=now, latest=now + LATE_WINDOW),
        reason=_late_reason(new),
    )


def _late_reason(new: FollowUp) -> str:
    closed = new.window.latest
    return (
        f"Late: its usual window closed {short_day(closed.date())}; late beats never, so it "
        f"is open now (TIMING-001). {new.reason}"
    )


def _refresh(old: FollowUp, new: FollowUp, now: datetime, *, status: Status) -> FollowUp:
    return dataclasses.replace(
        old,
        kind=new.kind,
        application_id=new.application_id,
        interview_id=new.interview_id,
        contact_id=new.contact_id,
        window=old.window if old.pinned else new.window,
        reason=new.reason,
        status=status,
        updated_at=now,
    )


def _differs(old: FollowUp, new: FollowUp) -> bool:
    return (
        old.kind != new.kind
        or old.application_id != new.application_id
        or old.interview_id != new.interview_id
        or old.contact_id != new.contact_id
        or old.window != new.window
        or old.reason != new.reason
    )
