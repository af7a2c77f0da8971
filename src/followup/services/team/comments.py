"""Coaches' comments on the drafts a candidate shares (issue 19).

A coach comments only on a draft of an assigned candidate, and only while that candidate
shares their drafts; each comment is written to the candidate's audit log. The candidate
reads the comments on their own draft page. Commenting is all a coach does to a draft:
a coach never edits or sends on a candidate's behalf.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from followup.domain.errors import NotFound, ValidationError
from followup.domain.records.followups import Status
from followup.domain.records.team import Role, User, can_see_drafts, can_see_pipeline, require

if TYPE_CHECKING:
    from followup.services.team import TeamDirectory

MAX_COMMENT = 4000  # characters


@dataclass(frozen=True, slots=True)
class Comment:
    id: int
    followup_id: int
    author: str
    body: str
    at: datetime


def _shared_draft(team: TeamDirectory, coach: User, user_id: int, followup_id: int) -> User:
    """The candidate whose shared draft `followup_id` the coach may comment on."""
    candidate = team.user(user_id)
    # another coach's candidate is "not found", as in access.py: no probing who exists
    if candidate.role is not Role.CANDIDATE or not can_see_pipeline(coach, candidate):
        raise NotFound("candidate", user_id)
    require(coach.role is Role.COACH, "only the candidate's coach comments on a draft")
    require(can_see_drafts(coach, candidate), f"{candidate.email} does not share drafts")
    assert candidate.account_id is not None
    try:
        found = team.store_for(candidate.account_id).followups.get(followup_id)
    except NotFound:
        raise NotFound("draft", followup_id) from None
    if found.status is not Status.DRAFTED:
        raise NotFound("draft", followup_id)
    return candidate


def add(
    team: TeamDirectory, now: datetime, coach: User, user_id: int, followup_id: int, body: str
) -> Comment:
    """The coach's comment on a candidate's shared draft, audit-logged."""
    text = body.strip()
    if not text:
        raise ValidationError("comment", "is empty")
    if len(text) > MAX_COMMENT:
        raise ValidationError("comment", f"is longer than {MAX_COMMENT:,} characters")
    candidate = _shared_draft(team, coach, user_id, followup_id)
    assert candidate.account_id is not None
    comment_id = team.add_comment(candidate.account_id, followup_id, coach, text, now)
    team.audit(candidate.account_id, coach, "commented on a draft", f"follow-up {followup_id}", now)
    return Comment(comment_id, followup_id, coach.email, text, now)


def on_draft(team: TeamDirectory, viewer: User, user_id: int, followup_id: int) -> list[Comment]:
    """The comments on one draft: for the candidate, or their coach while sharing is on."""
    if viewer.id == user_id:
        require(viewer.account_id is not None, "only a candidate has drafts")
        account = viewer.account_id
    else:
        account = _shared_draft(team, viewer, user_id, followup_id).account_id
    assert account is not None
    return [Comment(*row) for row in team.comments(account, [followup_id])]


def mine(team: TeamDirectory, viewer: User, followup_id: int) -> list[Comment]:
    """The comments on the viewer's own draft (a candidate's draft page)."""
    return on_draft(team, viewer, viewer.id, followup_id)
