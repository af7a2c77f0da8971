"""Team mode's link and account routes: sign-in links by mail, enrolment invites that
expire, and the candidate's own account page (export, then delete). Thin shells: each
parses, calls one service and renders."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from followup.bootstrap import App
from followup.domain.errors import DomainError, Refused, Unavailable, ValidationError
from followup.domain.mail.outbox import Outcome
from followup.domain.records.team import Role, User
from followup.services.team import TeamDirectory, links, removal, signin
from followup.web.team.auth import (
    TEAM_COOKIE,
    TeamDep,
    UserDep,
    candidate,
    client_address,
    public_base,
    team_cookie,
)
from followup.web.templating import Pages

router = APIRouter()
Token = Annotated[str, Path(min_length=1, max_length=100)]
_log = logging.getLogger("followup.team")
_HOME = {Role.CANDIDATE: "/", Role.COACH: "/team/caseload", Role.ADMIN: "/team/users"}


def _app(request: Request) -> App:
    app: App = request.app.state.team_app
    return app


def _now(request: Request) -> datetime:
    return _app(request).clock.now()


def _render(
    request: Request, name: str, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    pages: Pages = request.app.state.pages
    return pages.render(request, name, context, status=status)


def _refused(request: Request, exc: links.LinkRefused) -> HTMLResponse:
    status = 404 if exc.state == "unknown" else 410
    return _render(request, "team/link_refused.html", {"title": "Link not usable",
                                                        "message": str(exc)}, status)  # fmt: skip


def _signed_in(done: signin.SignedIn) -> RedirectResponse:
    response = RedirectResponse(_HOME[done.user.role], status_code=303)
    response.headers.append("set-cookie", team_cookie(done.session))
    return response


def _org(team: TeamDirectory) -> str:
    return team.organisation() or "followup"


def _mail(app: App, now: datetime, user: User, url: str, org: str, purpose: str) -> str:
    """Send one link; the outcome in a few words (a failure is logged, never raised)."""
    relay = app.relay
    try:
        assert relay is not None
        attempt = links.send_link(relay, app.config.mail, now, user, url, org=org,
                                  purpose=purpose)  # fmt: skip
    except DomainError as exc:
        _log.warning("link mail to user %s not sent: %s", user.id, exc)
        return f"not sent: {exc}"
    if attempt.outcome is not Outcome.DELIVERED:
        _log.warning("link mail to user %s not sent: %s", user.id, attempt.detail)
        return f"not sent: {attempt.detail}"
    return "sent"


# --- sign-in by mail -----------------------------------------------------------------------
@router.get("/login/link", response_class=HTMLResponse)
def link_form(request: Request) -> HTMLResponse:
    return _render(request, "team/link.html", {"title": "Sign in by email", "sent": False,
                                               "error": ""})  # fmt: skip


@router.post("/login/link", response_model=None)
def ask_for_link(
    request: Request,
    background: BackgroundTasks,
    team: TeamDep,
    email: Annotated[str, Form(max_length=254)],
) -> Response:
    """Mail a one-time sign-in link. Every address gets the same answer, and the mail
    goes after the answer, so neither words nor timing tell who has an account."""
    app, now = _app(request), _now(request)
    try:
        links.check_relay(app.config.mail, app.relay)
        found = links.request_signin(team, now, email, client_address(request))
    except (Refused, Unavailable) as exc:
        status = 429 if isinstance(exc, signin.TooManyAttempts) else 503
        return _render(request, "team/link.html", {"title": "Sign in by email", "sent": False,
                                                   "error": str(exc)}, status)  # fmt: skip
    if found is not None:
        user, token = found
        url = f"{public_base(request)}/login/link/{token}"
        background.add_task(_mail, app, now, user, url, _org(team), links.SIGNIN)
    return _render(request, "team/link.html", {"title": "Sign in by email", "sent": True,
                                               "error": ""})  # fmt: skip


@router.get("/login/link/{token}", response_class=HTMLResponse)
def link_landing(request: Request, team: TeamDep, token: Token) -> HTMLResponse:
    """A button, not an instant sign-in: mail scanners open links, and must not burn them."""
    state, _ = team.link(signin.digest(token), links.SIGNIN, _now(request), use=False)
    if state != "ok":
        return _refused(request, links.LinkRefused(state))
    return _render(request, "team/link_use.html", {"title": "Sign in", "token": token})


@router.post("/login/link/{token}", response_model=None)
def use_link(request: Request, team: TeamDep, token: Token) -> Response:
    """Sign in with the link once: a new session (the old cookie's is ended)."""
    try:
        done = links.sign_in_with_link(team, _now(request), token)
    except links.LinkRefused as exc:
        return _refused(request, exc)
    signin.sign_out(team, request.cookies.get(TEAM_COOKIE, ""))
    return _signed_in(done)


# --- invites -------------------------------------------------------------------------------
class InviteIn(BaseModel):
    email: str = Field(max_length=254)
    role: str = Field(default="candidate", max_length=20)
    coach: str | None = Field(default=None, max_length=254)
    name: str = Field(default="", max_length=200)
    days: int = Field(default=links.INVITE_LIFETIME.days, ge=1, le=links.MAX_INVITE_DAYS)
    send: bool = False  # also mail the link through the organisation's relay


def _invite(request: Request, team: TeamDirectory, user: User, body: InviteIn) -> dict[str, Any]:
    now = _now(request)
    who = links.Invitee(body.email, body.role, body.coach, body.name)
    invited, token = links.invite(team, now, who, actor=user, days=body.days)
    url = f"{public_base(request)}/invite/{token}"
    mailed = _mail(_app(request), now, invited, url, _org(team), links.INVITE) if body.send else ""
    return {"user_id": invited.id, "email": invited.email, "role": invited.role.value,
            "link": url, "days": body.days, "mail": mailed}  # fmt: skip


@router.post("/api/team/invites", status_code=201)
def create_invite(request: Request, team: TeamDep, user: UserDep, body: InviteIn) -> dict[str, Any]:
    """An invite link (admin: anyone; coach: a candidate of their own), shown this once."""
    return _invite(request, team, user, body)


def _inviter(user: UserDep) -> User:
    if user.role is Role.CANDIDATE or user.disabled:
        raise Refused("not allowed: only an admin or a coach invites")
    return user


@router.get("/team/invites", response_class=HTMLResponse)
def invite_page(request: Request, user: Annotated[User, Depends(_inviter)]) -> HTMLResponse:
    return _render(request, "team/invite_new.html", {"title": "Invite", "me": user,
                                                      "made": None, "error": ""})  # fmt: skip


@router.post("/team/invites", response_class=HTMLResponse)
def invite_form(
    request: Request,
    team: TeamDep,
    user: Annotated[User, Depends(_inviter)],
    email: Annotated[str, Form(max_length=254)],
    role: Annotated[str, Form(max_length=20)] = "candidate",
    coach: Annotated[str, Form(max_length=254)] = "",
    days: Annotated[int, Form(ge=1, le=links.MAX_INVITE_DAYS)] = links.INVITE_LIFETIME.days,
    send: Annotated[str, Form(max_length=10)] = "",
) -> HTMLResponse:
    body = InviteIn(email=email, role=role, coach=coach or None, days=days, send=send == "on")
    try:
        made = _invite(request, team, user, body)
    except (ValidationError, Refused) as exc:
        return _render(request, "team/invite_new.html", {"title": "Invite", "me": user,
                                                          "made": None, "error": str(exc)},
                       422)  # fmt: skip
    return _render(request, "team/invite_new.html", {"title": "Invite", "me": user,
                                                      "made": made, "error": ""})  # fmt: skip


@router.get("/invite/{token}", response_class=HTMLResponse)
def invite_landing(request: Request, team: TeamDep, token: Token) -> HTMLResponse:
    try:
        user = links.invited(team, _now(request), token)
    except links.LinkRefused as exc:
        return _refused(request, exc)
    return _render(request, "team/invite.html", {"title": "Choose your password",
                                                 "email": user.email, "token": token,
                                                 "error": ""})  # fmt: skip


@router.post("/invite/{token}", response_model=None)
def accept_invite(
    request: Request,
    team: TeamDep,
    token: Token,
    password: Annotated[str, Form(max_length=1024)],
    confirm: Annotated[str, Form(max_length=1024)],
) -> Response:
    """Set the password once and sign in."""
    now = _now(request)
    try:
        user = links.invited(team, now, token)
        if password != confirm:
            raise ValidationError("password", "the two passwords differ")
        done = links.accept_invite(team, now, token, password)
    except links.LinkRefused as exc:
        return _refused(request, exc)
    except ValidationError as exc:
        return _render(request, "team/invite.html", {"title": "Choose your password",
                                                     "email": user.email, "token": token,
                                                     "error": str(exc)}, 422)  # fmt: skip
    signin.sign_out(team, request.cookies.get(TEAM_COOKIE, ""))
    return _signed_in(done)


# --- the candidate's account: export, delete -------------------------------------------------
Candidate = Annotated[User, Depends(candidate)]


@router.get("/team/account", response_class=HTMLResponse)
def account_page(request: Request, user: Candidate) -> HTMLResponse:
    return _render(request, "team/account.html", {"title": "Your account", "me": user,
                                                  "error": ""})  # fmt: skip


@router.get("/team/account/export")
def export(team: TeamDep, user: Candidate) -> Response:
    """Everything in the candidate's account as `followup export` writes it."""
    text = removal.export(team, user)
    return Response(text, media_type="application/json", headers={
        "content-disposition": 'attachment; filename="followup-export.json"'})  # fmt: skip


def _delete(request: Request, team: TeamDirectory, user: User, confirm: str) -> None:
    removal.delete(team, _now(request), user.email, actor=user, confirm=confirm)
    request.app.state.candidate_apps.pop(user.account_id, None)


@router.post("/team/account/delete", response_model=None)
def delete_form(
    request: Request, team: TeamDep, user: Candidate,
    confirm: Annotated[str, Form(max_length=254)] = "",
) -> Response:  # fmt: skip
    try:
        _delete(request, team, user, confirm)
    except ValidationError as exc:
        return _render(request, "team/account.html", {"title": "Your account", "me": user,
                                                      "error": str(exc)}, 422)  # fmt: skip
    response = _render(request, "team/deleted.html", {"title": "Account deleted"})
    response.headers.append(
        "set-cookie", f"{TEAM_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
    )
    return response


class DeleteIn(BaseModel):
    confirm: str = Field(max_length=254)


@router.post("/api/team/me/delete")
def delete_me(request: Request, team: TeamDep, user: Candidate, body: DeleteIn) -> dict[str, Any]:
    """Delete the caller's own account and everything in it (confirm: their address)."""
    _delete(request, team, user, body.confirm)
    return {"deleted": user.email}


@router.get("/api/team/events")
def events(team: TeamDep, user: UserDep) -> list[dict[str, str]]:
    """The organisation's log (account deletions), newest first: admins only."""
    return [
        {"at": at.isoformat(), "actor": actor, "role": role, "action": action, "detail": detail}
        for at, actor, role, action, detail in removal.events(team, user)
    ]
