"""What each role reaches of a candidate's data, with every coach or admin look written
to the candidate's audit log. The coach's reads open the candidate's own store, so each
runs in that candidate's account wall (row-level security), never around it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from followup.domain.errors import NotFound
from followup.domain.records.followups import Status
from followup.domain.records.team import (
    CaseloadRow,
    Role,
    User,
    arrange,
    can_see_drafts,
    can_see_pipeline,
    require,
)

if TYPE_CHECKING:
    from followup.services.team import TeamDirectory


@dataclass(frozen=True, slots=True)
class PipelineEntry:
    id: int
    company: str
    role: str
    stage: str
    decision_by: str


@dataclass(frozen=True, slots=True)
class FollowUpStatus:
    id: int
    kind: str
    status: str
    application_id: int | None
    recommended: str
    latest: str


@dataclass(frozen=True, slots=True)
class CandidateView:
    """What a coach sees of one candidate: the pipeline and the follow-ups' status."""

    user: User
    applications: list[PipelineEntry]
    followups: list[FollowUpStatus]


@dataclass(frozen=True, slots=True)
class SharedDraft:
    id: int
    kind: str
    subject: str
    body: str
    note: str


def _candidate(team: TeamDirectory, user_id: int) -> User:
    user = team.user(user_id)
    if user.role is not Role.CANDIDATE or user.account_id is None:
        raise NotFound("candidate", user_id)
    return user


def _reach(team: TeamDirectory, viewer: User, user_id: int, allowed: bool) -> None:
    # Another coach's candidate is "not found", not "forbidden": no probing who exists.
    if not allowed:
        raise NotFound("candidate", user_id)


def candidate_view(team: TeamDirectory, now: datetime, viewer: User, user_id: int) -> CandidateView:
    """The pipeline and follow-up status of one candidate, for them or their coach."""
    candidate = _candidate(team, user_id)
    _reach(team, viewer, user_id, can_see_pipeline(viewer, candidate))
    assert candidate.account_id is not None
    store = team.store_for(candidate.account_id)
    with store.transaction():
        companies = {c.id: c.name for c in store.companies.list()}
        apps = [
            PipelineEntry(a.id or 0, companies.get(a.company_id, ""), a.role, a.stage.value,
                          a.decision_by.isoformat() if a.decision_by else "")
            for a in store.applications.list()
        ]  # fmt: skip
        followups = [
            FollowUpStatus(f.id or 0, f.kind.value, f.status.value, f.application_id,
                           f.window.recommended.isoformat(), f.window.latest.isoformat())
            for f in store.followups.list()
        ]  # fmt: skip
    if viewer.id != candidate.id:
        team.audit(candidate.account_id, viewer, "viewed pipeline", "", now)
    return CandidateView(candidate, apps, followups)


def shared_drafts(
    team: TeamDirectory, now: datetime, viewer: User, user_id: int
) -> list[SharedDraft]:
    """The candidate's drafts: for them, or their coach while sharing is on."""
    candidate = _candidate(team, user_id)
    _reach(team, viewer, user_id, can_see_pipeline(viewer, candidate))
    require(can_see_drafts(viewer, candidate), f"{candidate.email} does not share drafts")
    assert candidate.account_id is not None
    store = team.store_for(candidate.account_id)
    drafts = [
        SharedDraft(f.id or 0, f.kind.value, f.subject, f.body, f.note)
        for f in store.followups.list()
        if f.status is Status.DRAFTED
    ]
    if viewer.id != candidate.id:
        team.audit(candidate.account_id, viewer, "read drafts", f"{len(drafts)} draft(s)", now)
    return drafts


def set_sharing(team: TeamDirectory, now: datetime, viewer: User, on: bool) -> User:
    """The candidate's own "shared with your coach" switch."""
    require(viewer.role is Role.CANDIDATE, "only a candidate shares their drafts")
    team.update_user(viewer.id, sharing=on)
    return team.user(viewer.id)


def audit_log(team: TeamDirectory, viewer: User) -> list[tuple[datetime, str, str, str, str]]:
    """Who did what to the viewer's data, newest first (a candidate's own log)."""
    require(viewer.account_id is not None, "only a candidate has an audit log")
    assert viewer.account_id is not None
    return team.audit_log(viewer.account_id)


def caseload(
    team: TeamDirectory, now: datetime, coach: User, *, sort: str = "attention",
    filter_: str = "all",
) -> list[CaseloadRow]:  # fmt: skip
    """The coach's candidates, each with what needs a nudge and their habits."""
    require(coach.role is Role.COACH and not coach.disabled, "only a coach has a caseload")
    rows = team.caseload(team.candidates_of(coach.id), now)
    return arrange(rows, sort, filter_)
