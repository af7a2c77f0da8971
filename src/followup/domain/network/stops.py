"""Who must not be chased: applications whose latest reply asked for no more follow-ups
(CAD-007), and people marked "do not contact". Applied to every plan, one application's
or everyone's, after the rules: what it removes is retired with the reason, so stored
notes are cancelled and the agenda says why.
"""

from __future__ import annotations

from collections.abc import Iterable

from followup.domain.mail.stop_requests import StopRequest, in_note
from followup.domain.records.followups import Direction, Message
from followup.domain.records.model import Contact
from followup.domain.timing.planning import Plan


def stopped_applications(messages: Iterable[Message]) -> dict[int, StopRequest]:
    """Applications whose latest incoming reply asks not to be chased (CAD-007); a later
    reply that does not ask it lifts the stop."""
    latest: dict[int, Message] = {}
    for message in messages:
        if message.direction is not Direction.IN or message.application_id is None:
            continue
        seen = latest.get(message.application_id)
        if seen is None or message.at >= seen.at:
            latest[message.application_id] = message
    found: dict[int, StopRequest] = {}
    for application_id, message in latest.items():
        request = in_note(message.note)
        if request is not None:
            found[application_id] = request
    return found


def withhold(plan: Plan, contacts: Iterable[Contact], messages: Iterable[Message]) -> Plan:
    """`plan` without nudges to applications that asked for none (CAD-007) and without any
    note to a do-not-contact person."""
    barred = {c.id: c.name for c in contacts if c.do_not_contact and c.id is not None}
    stopped = stopped_applications(messages)
    if not barred and not stopped:
        return plan
    kept = []
    retired = dict(plan.retired)
    for followup in plan.followups:
        if followup.contact_id in barred:
            retired[followup.key] = (
                f"{barred[followup.contact_id]} is marked do not contact: no notes to them "
                "(`followup contact edit ID --contact-ok` undoes it)."
            )
        elif followup.application_id in stopped and followup.kind.is_nudge:
            request = stopped[followup.application_id]
            retired[followup.key] = (
                f'Stopped: they {request.stop} ("{request.phrase}"); no status checks '
                "until they write again (CAD-007)."
            )
        else:
            kept.append(followup)
    return Plan(kept, retired, plan.kept)


def barred(contact: Contact, doing: str) -> str:
    """The one line that refuses `doing` ("composed", "sent") to a do-not-contact person."""
    return (
        f"contact {contact.id} ({contact.name}) is marked do not contact; nothing was {doing} "
        f"(`followup contact edit {contact.id} --contact-ok` undoes it)"
    )
