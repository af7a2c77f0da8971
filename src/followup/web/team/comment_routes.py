"""Coaches' comments on shared drafts: the coach's draft page and form, the comments API,
and the candidate's draft page showing them. A coach comments; a coach never sends."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field

from followup.bootstrap import App
from followup.domain.errors import NotFound
from followup.domain.records.team import Role, User
from followup.services.team import access, comments
from followup.web.team.auth import TeamDep, UserDep
from followup.web.templating import NAV, Pages

router = APIRouter()
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]


def _out(c: comments.Comment) -> dict[str, Any]:
    return {**asdict(c), "at": c.at.isoformat()}


class CommentIn(BaseModel):
    body: str = Field(max_length=comments.MAX_COMMENT * 2)


@router.post("/api/team/candidates/{user_id}/drafts/{followup_id}/comments", status_code=201)
def add_comment(
    request: Request, team: TeamDep, user: UserDep, user_id: Id, followup_id: Id, body: CommentIn
) -> dict[str, Any]:
    """The coach's comment on a draft the candidate shares (audit-logged)."""
    app: App = request.app.state.team_app
    return _out(comments.add(team, app.clock.now(), user, user_id, followup_id, body.body))


@router.get("/api/team/candidates/{user_id}/drafts/{followup_id}/comments")
def list_comments(
    team: TeamDep, user: UserDep, user_id: Id, followup_id: Id
) -> list[dict[str, Any]]:
    """The comments on one draft: for the candidate, or their coach while sharing is on."""
    return [_out(c) for c in comments.on_draft(team, user, user_id, followup_id)]


@router.get("/team/candidates/{user_id}/drafts/{followup_id}", response_class=HTMLResponse)
def draft_page(
    request: Request, team: TeamDep, user: UserDep, user_id: Id, followup_id: Id
) -> HTMLResponse:
    """A shared draft for the coach: read it, read and leave comments. No send here."""
    app: App = request.app.state.team_app
    shared = access.shared_drafts(team, app.clock.now(), user, user_id)
    draft = next((d for d in shared if d.id == followup_id), None)
    if draft is None or user.role is not Role.COACH:
        raise NotFound("draft", followup_id)
    pages: Pages = request.app.state.pages
    return pages.render(
        request,
        "team/shared_draft.html",
        {"title": draft.subject or "Draft", "draft": draft, "user_id": user_id, "me": user,
         "comments": comments.on_draft(team, user, user_id, followup_id)},
    )  # fmt: skip


@router.post("/team/candidates/{user_id}/drafts/{followup_id}/comments")
def comment_form(
    request: Request,
    team: TeamDep,
    user: UserDep,
    user_id: Id,
    followup_id: Id,
    body: Annotated[str, Form(max_length=comments.MAX_COMMENT * 2)],
) -> RedirectResponse:
    app: App = request.app.state.team_app
    comments.add(team, app.clock.now(), user, user_id, followup_id, body)
    return RedirectResponse(f"/team/candidates/{user_id}/drafts/{followup_id}", status_code=303)


# a candidate's personal pages in team mode also lead to their account and audit log
CANDIDATE_NAV = (*NAV, ("team-account", "/team/account", "Account"),
                 ("team-audit", "/team/audit", "Who saw my data"))  # fmt: skip


class TeamPages(Pages):
    """The personal app's pages, plus what team mode adds to a candidate's own: the
    draft page shows their coach's comments (team/draft.html extends draft.html)."""

    def render(
        self,
        request: Request,
        name: str,
        context: Mapping[str, Any] | None = None,
        *,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> HTMLResponse:
        user: User | None = getattr(request.state, "user", None)
        if user is not None and "me" not in (context or {}):  # the nav on every team page
            context = {**(context or {}), "me": user}
        if user is not None and user.role is Role.CANDIDATE and not name.startswith("team/"):
            context = {**(context or {}), "nav": CANDIDATE_NAV}  # the personal pages too
        if name == "draft.html" and context and user is not None and user.account_id:
            app: App = request.app.state.team_app
            followup_id = int(context["followup"].id)
            found = comments.mine(app.team, user, followup_id)
            context, name = {**context, "coach_comments": found}, "team/draft.html"
        return super().render(request, name, context, status=status, headers=headers)
