"""Take back a decision made on the agenda: "I sent it" or Skip."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import TYPE_CHECKING

from followup.domain.errors import ValidationError
from followup.domain.records.followups import Direction, FollowUp, Status
from followup.services.timing import planning

if TYPE_CHECKING:
    from followup.services.deps import Deps


def undo(deps: Deps, now: datetime, followup_id: int) -> FollowUp:
    """Open a follow-up marked done or skipped again. The message "I sent it" logged is
    forgotten, so the cadence guard no longer counts it, and the application is
    re-planned as before the decision."""
    store = deps.store
    with store.transaction():
        followup = store.followups.get(followup_id)
        if followup.status not in (Status.DONE, Status.SKIPPED):
            raise ValidationError(
                "ID",
                f"follow-up {followup_id} is {followup.status}; only one marked done or"
                " skipped can be undone",
            )
        status = Status.DRAFTED if followup.body else Status.PLANNED
        note = "" if followup.status is Status.SKIPPED else followup.note
        store.followups.save(
            [dataclasses.replace(followup, status=status, note=note, updated_at=now)]
        )
        if followup.status is Status.DONE and followup.contact_id is not None:
            for message in store.messages.list(contact_id=followup.contact_id):
                logged = message.followup_id == followup_id and message.note == planning.DONE_NOTE
                if logged and message.direction is Direction.OUT and message.id is not None:
                    store.messages.remove(message.id)
        if followup.application_id is not None:
            planning.replan(deps, now, followup.application_id)
    return store.followups.get(followup_id)
