"""Where each contact stands: tier, last touch, unanswered streak and the next check-in
(NURTURE-001/003/004)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from followup.domain.network.index import Records
from followup.domain.network.policy import NetworkPolicy, intervals
from followup.domain.records.followups import Channel, Direction, Kind
from followup.domain.records.model import (
    Application,
    Contact,
    ContactRole,
    InterviewStatus,
    Stage,
    Tier,
)
from followup.domain.records.slots import built
from followup.domain.timing import cadence
from followup.domain.timing.planning import Planning, recipient
from followup.domain.timing.policy import Policy


@dataclass(frozen=True, slots=True, kw_only=True)
class Standing:
    """One contact as the network sees them, with the reasons."""

    contact: Contact
    tier: Tier | None  # effective: what the user set, else regular once their process ended
    tier_reason: str
    in_process: bool
    last_touch: datetime | None  # any message either way, a meeting, an interview
    last_reply: datetime | None  # their last message, a meeting or an interview
    unanswered: int  # nudges since their last reply (cadence.is_nudge; NURTURE-003)
    greeted: tuple[datetime, ...] = ()  # holiday greetings sent
    next_due: datetime | None = None  # the next check-in, before it is put on a business day
    due_reason: str = ""
    advice: str = ""  # cooling or let-go suggestion

    @property
    def contact_id(self) -> int:
        assert self.contact.id is not None
        return self.contact.id

    @property
    def in_network(self) -> bool:
        return self.tier is not None and self.tier is not Tier.NONE

    def state(self, settings: NetworkPolicy) -> str:
        """`let go`, `cooling` or `ok`."""
        if self.unanswered >= settings.let_go_after:
            return "let go"
        return "cooling" if self.unanswered >= settings.cooling_after else "ok"


def standing(contact: Contact, records: Records, now: datetime) -> Standing:
    """Tier, touches and unanswered streak of one contact (no due date yet)."""
    assert contact.id is not None
    cid = contact.id
    any_open, any_ended = records.processes_of(cid)
    # Only interview contacts join by themselves (docs/network.md): a referrer or a
    # reference linked to a process by a note filed under it is a helper, not a member.
    helper = contact.role in _HELPER_ROLES
    in_process = not helper and any_open
    # One pass each over their interviews and messages: a whole run does this for every
    # contact of a long history (issue 16). A conversation is two-way: an interview held,
    # a message from them or a meeting is a reply; any of those or a message is a touch.
    last_reply: datetime | None = None
    for interview in records.took_part.get(cid, ()):
        end = interview.end
        if (
            interview.status is InterviewStatus.SCHEDULED
            and end <= now
            and (last_reply is None or end > last_reply)
        ):
            last_reply = end
    last_touch = last_reply
    mine = records.by_contact.get(cid, ())
    greeted: list[datetime] = []
    nudged: list[datetime] = []  # counted against the last reply once it is known
    for m in mine:
        at = m.at
        if at > now:
            continue
        if last_touch is None or at > last_touch:
            last_touch = at
        if m.direction is Direction.IN or m.channel is Channel.MEETING:
            if last_reply is None or at > last_reply:
                last_reply = at
        elif cadence.is_nudge(m):
            nudged.append(at)
        if m.direction is Direction.OUT and m.kind is Kind.HOLIDAY:
            greeted.append(at)
    unanswered = sum(1 for at in nudged if last_reply is None or at > last_reply)
    tier, why = contact.tier, "set by you"
    if contact.company_id is not None and contact.company_id in _joined(records):
        # People at the employer you joined are colleagues, not outside contacts: no
        # check-ins or greetings "to stay in touch" with your new manager.
        tier, why = None, "a colleague at the employer you joined: not in your outside network"
        in_process = False
    elif tier is None and helper:
        why = "a helper (referrer or reference): in your network once you set a tier"
    elif tier is None:
        if in_process:
            why = "in an open process"
        elif any_ended:
            if last_reply is None:
                # A name in a tracker's Contact column is not a relationship (HOLIDAY-001).
                why = "no two-way exchange on record: not in your network until there is one"
            else:
                tier, why = Tier.REGULAR, "regular since their process ended (NURTURE-001)"
        else:
            why = "not in your network yet"
    greeted.sort()
    # Built positionally: one for each contact of a long history (issue 16).
    return _NEW_STANDING(
        contact,
        tier,
        why,  # tier_reason
        in_process,
        last_touch,
        last_reply,
        unanswered,
        tuple(greeted),
        None,  # next_due
        "",  # due_reason
        "",  # advice
    )


_NEW_STANDING = built(Standing)
_HELPER_ROLES = frozenset({ContactRole.REFERRER, ContactRole.REFERENCE})


def _joined(records: Records) -> frozenset[int]:
    """The companies whose offer the candidate accepted (computed once per run)."""
    key = ("joined-companies", 0)
    found = records.memo.get(key)
    if found is None:
        found = records.memo[key] = frozenset(
            a.company_id for a in records.applications if a.stage is Stage.ACCEPTED
        )
    return found


def _advice(s: Standing, settings: NetworkPolicy) -> str:
    """NURTURE-003: what to do about someone who stopped answering."""
    if not s.in_network:
        return ""
    state = s.state(settings)
    if state == "let go":
        return (
            f"{s.unanswered} touches unanswered: consider letting go "
            f"(`followup contact tier {s.contact_id} none`, NURTURE-003)"
        )
    if state == "cooling":
        lower = {Tier.CLOSE: "regular", Tier.REGULAR: "light"}.get(s.tier or Tier.NONE, "none")
        return (
            f"cooling: {s.unanswered} touches unanswered, so no check-in until they reply "
            f"(CAD-001); consider `followup contact tier {s.contact_id} {lower}` or letting "
            "go (NURTURE-003)"
        )
    return ""


def _rejection_touch(
    s: Standing, records: Records, planning: Planning
) -> tuple[datetime, Application] | None:
    """NURTURE-004: the one person who wrote about a rejection gets one touch a month later
    (the same person the planner addresses the rejection reply to)."""
    for app in _rejections_to(s.contact_id, records, planning):
        assert app.id is not None
        at = records.outcomes[app.id][1]
        checked_in = any(
            m.direction is Direction.OUT and m.kind is Kind.CHECK_IN and m.at > at
            for m in records.by_contact.get(s.contact_id, ())
        )
        if not checked_in:
            company = planning.companies.get(app.company_id)
            policy = planning.calendar(company, s.contact)[1]
            return at + timedelta(days=policy.post_rejection_check_in_days), app
    return None


def _rejections_to(contact_id: int, records: Records, planning: Planning) -> list[Application]:
    """The rejected processes whose rejection reply goes to this contact, in record order.

    Worked out for every process at the first ask of a run, not per contact: a whole run
    asks for each of a long history's contacts (issue 16)."""
    built = ("rejections-to", -1)
    if built not in records.memo:
        by_recipient: dict[int, set[int]] = {}
        for app in records.applications:
            result = records.outcomes.get(app.id) if app.id is not None else None
            if result is None or result[0] is not Stage.REJECTED:
                continue
            if app.stage is not Stage.REJECTED:
                continue
            met = [
                i
                for i in records.interviews_of.get(app.id, ())
                if i.status is InterviewStatus.SCHEDULED
            ]
            main = recipient(planning, met)
            if main is not None and main.id is not None and app.id is not None:
                by_recipient.setdefault(main.id, set()).add(app.id)
        for cid, ids in by_recipient.items():
            records.memo[("rejections-to", cid)] = frozenset(ids)
        records.memo[built] = frozenset()
    mine = records.memo.get(("rejections-to", contact_id))
    if not mine:
        return []
    return [a for a in records.applications_of(contact_id) if a.id in mine]


def _cooled(s: Standing, now: datetime, settings: NetworkPolicy) -> bool:
    """A relationship cools with no exchange for `cool_after`, unless its tier is close."""
    return (
        s.tier is not Tier.CLOSE
        and s.last_reply is not None
        and now - s.last_reply > settings.cool_after
    )


def review_one(
    contact: Contact,
    records: Records,
    planning: Planning,
    settings: NetworkPolicy,
    *,
    policy: Policy | None = None,
) -> Standing:
    """One contact's standing with their next check-in, if any (NURTURE-001/003/004).
    `policy` is the contact's, when the caller has it at hand."""
    s = standing(contact, records, planning.now)
    if policy is None:
        policy = planning.calendar(planning.companies.get(contact.company_id), contact)[1]
    every = _intervals(policy, records)
    due: datetime | None = None
    reason = ""
    state = s.state(settings)
    if s.in_process:
        reason = "in an open process: status checks cover them"
    elif s.tier in every and state == "ok" and _cooled(s, planning.now, settings):
        assert s.last_reply is not None
        reason = (
            f"no exchange since {s.last_reply.date().isoformat()}: out of the check-in rotation "
            f"after {settings.cool_after_months} months (NURTURE-003); the close tier keeps "
            "them in it"
        )
    elif s.tier in every and state == "ok":
        assert s.tier is not None
        interval = every[s.tier]
        if s.last_touch is None:
            due, reason = planning.now, f"{s.tier} tier and no touch on record"
        else:
            due = s.last_touch + interval
            reason = (
                f"{s.tier} tier: every {interval.days} days; last touch "
                f"{s.last_touch.date().isoformat()} (NURTURE-001)"
            )
        rejection = _rejection_touch(s, records, planning)
        if rejection is not None:
            due = rejection[0]
            reason = (
                f"one touch {policy.post_rejection_check_in_days} days after the "
                f"rejection (application {rejection[1].id}, NURTURE-004)"
            )
    # Completed in place rather than copied: `s` is new and has not left this function,
    # and this runs for each contact of a long history (issue 16).
    put = object.__setattr__
    put(s, "next_due", due)
    put(s, "due_reason", reason)
    put(s, "advice", _advice(s, settings))
    return s


def _intervals(policy: Policy, records: Records) -> dict[Tier, timedelta]:
    """`intervals(policy)`, worked out once per policy and run."""
    found = records.intervals.get(id(policy))
    if found is None:
        found = records.intervals[id(policy)] = intervals(policy)
    return found


def review(records: Records, planning: Planning, settings: NetworkPolicy) -> list[Standing]:
    """Every contact's standing, in id order."""
    return [
        review_one(c, records, planning, settings) for c in records.contacts if c.id is not None
    ]
