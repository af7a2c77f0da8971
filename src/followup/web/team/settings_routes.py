"""Institution settings: the admin's page and API, a candidate's own overrides, and the
candidate's App built on their effective settings (organisation over config file, theirs
over the organisation's where allowed)."""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from followup.bootstrap import App, account_app
from followup.domain.errors import Refused
from followup.domain.records.team import Role, User
from followup.services.team import mailbox, settings
from followup.web.team.auth import TeamDep, UserDep, candidate
from followup.web.templating import Pages

router = APIRouter()
Key = Annotated[str, Path(max_length=80, pattern=r"^[a-z_]+\.[a-z_]+$")]
_CANDIDATE_APPS = 256  # the candidates' wired-up Apps kept between requests


def effective_app(request: Request, user: Annotated[User, Depends(candidate)]) -> App:
    """The personal app's `App` for this candidate: their account's store, and their
    effective settings. Rebuilt when the settings change (their stamp is in the key)."""
    base: App = request.app.state.team_app
    assert user.account_id is not None
    found = settings.effective(base.team, user.account_id, base.config.raw)
    apps: dict[tuple[int, str, str], App] = request.app.state.candidate_apps
    store = base.team.store_for(user.account_id)
    # Their mail choice is part of the wiring: a change to it builds a fresh App.
    mail = hashlib.sha256((store.get_meta(mailbox.MAIL_META) or "").encode()).hexdigest()[:16]
    key = (user.account_id, found.stamp, mail)
    app = apps.get(key)
    if app is None:
        wired = dataclasses.replace(base.settings, config=found.config)
        app = account_app(wired, store, clock=base.clock, holidays=found.calendar(base.holidays))
        if len(apps) >= _CANDIDATE_APPS:
            apps.pop(next(iter(apps)))
        apps[key] = app
    return app


def _out(e: settings.Entry) -> dict[str, Any]:
    return dataclasses.asdict(e)


def _now(request: Request) -> Any:
    app: App = request.app.state.team_app
    return app.clock.now()


@router.get("/api/team/settings")
def show(request: Request, team: TeamDep, user: UserDep) -> list[dict[str, Any]]:
    """The admin: the organisation's settings. A candidate: their effective ones."""
    if user.role is Role.ADMIN:
        return [_out(e) for e in settings.organisation(team)]
    if user.role is Role.CANDIDATE and user.account_id is not None:
        app: App = request.app.state.team_app
        found = settings.effective(team, user.account_id, app.config.raw)
        return [_out(e) for e in found.entries]
    raise Refused("not allowed: settings are an admin's and a candidate's")


class SettingIn(BaseModel):
    value: Any = Field(description="a number, string, list or table, as in config.toml")
    overridable: bool = False


@router.put("/api/team/settings/{key}")
def set_setting(
    request: Request, team: TeamDep, user: UserDep, key: Key, body: SettingIn
) -> dict[str, Any]:
    app: App = request.app.state.team_app
    entry = settings.set_org(team, app.holidays, _now(request), key, body.value,
                             overridable=body.overridable, actor=user)  # fmt: skip
    return _out(entry)


@router.delete("/api/team/settings/{key}", status_code=204)
def unset_setting(team: TeamDep, user: UserDep, key: Key) -> Response:
    settings.unset_org(team, key, actor=user)
    return Response(status_code=204)


class OwnIn(BaseModel):
    value: Any


@router.put("/api/team/me/settings/{key}")
def set_own(
    request: Request, team: TeamDep, user: UserDep, key: Key, body: OwnIn
) -> dict[str, Any]:
    """A candidate's own value, where the organisation allows it."""
    app: App = request.app.state.team_app
    return _out(settings.set_own(team, app.holidays, _now(request), user, key, body.value))


@router.delete("/api/team/me/settings/{key}", status_code=204)
def unset_own(team: TeamDep, user: UserDep, key: Key) -> Response:
    settings.unset_own(team, user, key)
    return Response(status_code=204)


@router.get("/team/settings", response_class=HTMLResponse)
def settings_page(request: Request, team: TeamDep, user: UserDep) -> HTMLResponse:
    if user.role is not Role.ADMIN:
        raise Refused("not allowed: only an admin sets the organisation's settings")
    pages: Pages = request.app.state.pages
    return pages.render(
        request,
        "team/settings.html",
        {"title": "Institution settings", "entries": settings.organisation(team),
         "keys": settings.keys(), "me": user, "error": ""},
    )  # fmt: skip


@router.post("/team/settings")
def settings_form(
    request: Request,
    team: TeamDep,
    user: UserDep,
    key: Annotated[str, Form(max_length=80)],
    value: Annotated[str, Form(max_length=20_000)],
    overridable: Annotated[str, Form()] = "",
) -> RedirectResponse:
    app: App = request.app.state.team_app
    settings.set_org(team, app.holidays, _now(request), key, settings.parse_value(value),
                     overridable=overridable == "on", actor=user)  # fmt: skip
    return RedirectResponse("/team/settings", status_code=303)


@router.post("/team/users")
def enrol_form(
    request: Request,
    team: TeamDep,
    user: UserDep,
    email: Annotated[str, Form(max_length=254)],
    role: Annotated[str, Form(max_length=20)],
    coach: Annotated[str, Form(max_length=254)] = "",
    name: Annotated[str, Form(max_length=200)] = "",
) -> RedirectResponse:
    """The admin's enrol form on /team/users (POST /api/team/users is its API twin)."""
    from followup.services.team import users

    if user.role is not Role.ADMIN or user.disabled:
        raise Refused("not allowed: only an admin manages users")
    users.add(team, _now(request), email, role, coach=coach.strip() or None, name=name,
              actor=user)  # fmt: skip
    return RedirectResponse("/team/users", status_code=303)
