"""Team mode's own routes: sign-in and out, the candidate's sharing switch, audit log and
API tokens, the coach's caseload and candidate views, the admin's users. Thin shells:
each parses, calls one service and renders."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from followup.bootstrap import App
from followup.domain.errors import Refused
from followup.domain.records.team import (
    FILTERS,
    SORTS,
    Role,
    User,
    can_manage_users,
    can_see_drafts,
)
from followup.services.team import access, signin, users
from followup.web.security import session_cookie
from followup.web.team.auth import TEAM_COOKIE, TeamDep, UserDep, client_address
from followup.web.templating import Pages

router = APIRouter()
UserId = Annotated[int, Path(ge=1, le=2**63 - 1)]


def _now(request: Request) -> datetime:
    app: App = request.app.state.team_app
    return app.clock.now()


def _pages(request: Request) -> Pages:
    pages: Pages = request.app.state.pages
    return pages


def _home(user: User) -> str:
    return {Role.CANDIDATE: "/", Role.COACH: "/team/caseload", Role.ADMIN: "/team/users"}[user.role]


def _user_out(u: User) -> dict[str, Any]:
    return {"id": u.id, "account_id": u.account_id, "email": u.email, "name": u.name,
            "role": u.role.value,
            "coach_id": u.coach_id, "disabled": u.disabled, "sharing": u.sharing}  # fmt: skip


# --- sign-in ---------------------------------------------------------------------------------
@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return _pages(request).render(request, "team/login.html", {"title": "Sign in", "error": ""})


@router.post("/login", response_model=None)
def login(
    request: Request,
    team: TeamDep,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=1024)],
) -> Response:
    """Password sign-in: a new session every time (the old cookie is dropped, never reused)."""
    signin.sign_out(team, request.cookies.get(TEAM_COOKIE, ""))
    address = client_address(request)
    try:
        done = signin.sign_in(team, _now(request), email, password, address)
    except Refused as exc:
        status = 429 if isinstance(exc, signin.TooManyAttempts) else 401
        return _pages(request).render(
            request, "team/login.html", {"title": "Sign in", "error": str(exc)}, status=status
        )
    users.record(team, done.user, "signed in", "password", _now(request))
    response = RedirectResponse(_home(done.user), status_code=303)
    cookie = (
        session_cookie(done.session).decode().replace("followup_session=", f"{TEAM_COOKIE}=", 1)
    )
    response.headers.append("set-cookie", cookie)
    return response


@router.post("/logout")
def logout(request: Request, team: TeamDep) -> RedirectResponse:
    signin.sign_out(team, request.cookies.get(TEAM_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.headers.append(
        "set-cookie", f"{TEAM_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
    )
    return response


@router.get("/api/team/session")
def session_state(request: Request) -> dict[str, Any]:
    """The CSRF token for this browser's forms and API calls, and whether it is signed in."""
    user: User | None = request.state.user
    return {"csrf_token": request.state.csrf, "signed_in": user is not None}


# --- everyone: who am I, tokens --------------------------------------------------------------
@router.get("/api/team/me")
def me(user: UserDep) -> dict[str, Any]:
    return _user_out(user)


class TokenIn(BaseModel):
    name: str = Field(default="", max_length=100)


@router.post("/api/team/tokens", status_code=201)
def create_token(request: Request, team: TeamDep, user: UserDep, body: TokenIn) -> dict[str, Any]:
    """A personal API token for scripts (`Authorization: Bearer ...`); shown this once."""
    token_id, token = signin.new_token(team, _now(request), user, body.name)
    return {"id": token_id, "token": token}


@router.get("/api/team/tokens")
def list_tokens(team: TeamDep, user: UserDep) -> list[dict[str, Any]]:
    return [
        {"id": i, "name": n, "created_at": c.isoformat(), "revoked": r is not None}
        for i, n, c, r in team.tokens(user.id)
    ]


@router.delete("/api/team/tokens/{token_id}", status_code=204)
def revoke_token(request: Request, team: TeamDep, user: UserDep, token_id: UserId) -> Response:
    signin.revoke_token(team, _now(request), user, token_id)
    return Response(status_code=204)


# --- the candidate: sharing switch, audit log ------------------------------------------------
class SharingIn(BaseModel):
    on: bool


@router.post("/api/team/me/sharing")
def sharing(request: Request, team: TeamDep, user: UserDep, body: SharingIn) -> dict[str, Any]:
    return _user_out(access.set_sharing(team, _now(request), user, body.on))


@router.get("/api/team/me/audit")
def my_audit(team: TeamDep, user: UserDep) -> list[dict[str, str]]:
    return [
        {"at": at.isoformat(), "actor": actor, "role": role, "action": action, "detail": detail}
        for at, actor, role, action, detail in access.audit_log(team, user)
    ]


@router.get("/team/audit", response_class=HTMLResponse)
def audit_page(request: Request, team: TeamDep, user: UserDep) -> HTMLResponse:
    entries = access.audit_log(team, user)
    return _pages(request).render(
        request, "team/audit.html", {"title": "Who saw your data", "entries": entries, "me": user}
    )


@router.post("/team/sharing")
def sharing_form(
    request: Request, team: TeamDep, user: UserDep, on: Annotated[str, Form()] = ""
) -> RedirectResponse:
    access.set_sharing(team, _now(request), user, on == "on")
    return RedirectResponse("/team/audit", status_code=303)


# --- the coach -------------------------------------------------------------------------------
Sort = Annotated[str, Query(max_length=40)]


@router.get("/api/team/caseload")
def caseload(
    request: Request, team: TeamDep, user: UserDep, sort: Sort = "attention", filter: Sort = "all"
) -> list[dict[str, Any]]:
    rows = access.caseload(team, _now(request), user, sort=sort, filter_=filter)
    return [{**asdict(r), "needs_nudge": r.needs_nudge} for r in rows]


@router.get("/team/caseload", response_class=HTMLResponse)
def caseload_page(
    request: Request, team: TeamDep, user: UserDep, sort: Sort = "attention", filter: Sort = "all"
) -> HTMLResponse:
    rows = access.caseload(team, _now(request), user, sort=sort, filter_=filter)
    return _pages(request).render(
        request,
        "team/caseload.html",
        {"title": "Caseload", "rows": rows, "sort": sort, "filter": filter, "sorts": SORTS,
         "filters": FILTERS, "me": user},
    )  # fmt: skip


@router.get("/api/team/candidates/{user_id}")
def candidate_view(
    request: Request, team: TeamDep, user: UserDep, user_id: UserId
) -> dict[str, Any]:
    """A candidate's pipeline and follow-up status: the candidate, or their coach."""
    view = access.candidate_view(team, _now(request), user, user_id)
    return {
        "user": _user_out(view.user),
        "applications": [asdict(a) for a in view.applications],
        "followups": [asdict(f) for f in view.followups],
    }


@router.get("/team/candidates/{user_id}", response_class=HTMLResponse)
def candidate_page(request: Request, team: TeamDep, user: UserDep, user_id: UserId) -> HTMLResponse:
    """One candidate for their coach: pipeline, follow-up status, and shared drafts."""
    now = _now(request)
    view = access.candidate_view(team, now, user, user_id)
    drafts = (
        access.shared_drafts(team, now, user, user_id) if can_see_drafts(user, view.user) else None
    )
    return _pages(request).render(
        request,
        "team/candidate.html",
        {"title": view.user.name or view.user.email, "view": view, "drafts": drafts, "me": user},
    )


@router.get("/api/team/candidates/{user_id}/drafts")
def candidate_drafts(
    request: Request, team: TeamDep, user: UserDep, user_id: UserId
) -> list[dict[str, Any]]:
    """The candidate's drafts: their coach reads them only while sharing is on."""
    return [asdict(d) for d in access.shared_drafts(team, _now(request), user, user_id)]


# --- the admin -------------------------------------------------------------------------------
def _admin(user: User) -> None:
    if not can_manage_users(user):
        raise Refused("not allowed: only an admin manages users")


@router.get("/api/team/users")
def list_users(team: TeamDep, user: UserDep) -> list[dict[str, Any]]:
    _admin(user)
    return [_user_out(u) for u in users.listing(team)]


@router.get("/team/users", response_class=HTMLResponse)
def users_page(request: Request, team: TeamDep, user: UserDep) -> HTMLResponse:
    _admin(user)
    return _pages(request).render(
        request, "team/users.html", {"title": "Users", "users": users.listing(team), "me": user}
    )


@router.get("/team/events", response_class=HTMLResponse)
def events_page(
    request: Request, team: TeamDep, user: UserDep, page: Annotated[int, Query(ge=1, le=10**6)] = 1
) -> HTMLResponse:
    """The organisation's log for admins, 50 lines a page, newest first."""
    entries, older = users.event_page(team, user, page)
    return _pages(request).render(
        request,
        "team/events.html",
        {"title": "Event log", "entries": entries, "page": page, "older": older, "me": user},
    )


class UserIn(BaseModel):
    email: str = Field(max_length=254)
    role: str = Field(max_length=20)
    coach: str | None = Field(default=None, max_length=254)
    name: str = Field(default="", max_length=200)


@router.post("/api/team/users", status_code=201)
def add_user(request: Request, team: TeamDep, user: UserDep, body: UserIn) -> dict[str, Any]:
    _admin(user)
    added = users.add(team, _now(request), body.email, body.role, coach=body.coach,
                      name=body.name, actor=user)  # fmt: skip
    return _user_out(added)


@router.post("/api/team/users/{user_id}/disable")
def disable_user(request: Request, team: TeamDep, user: UserDep, user_id: UserId) -> dict[str, Any]:
    _admin(user)
    target = team.user(user_id)
    return _user_out(users.disable(team, _now(request), target.email, actor=user))
