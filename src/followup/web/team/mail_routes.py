"""A candidate's mail in team mode (issue 19 §3): the organisation's relay or their own
SMTP account, on a page and in the API. The password is write-only: no answer carries
it. Thin shell over services/team/mailbox.py."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from followup.bootstrap import App
from followup.domain.errors import ValidationError
from followup.domain.records.team import User
from followup.services.team import mailbox
from followup.web.team.auth import candidate
from followup.web.team.settings_routes import effective_app
from followup.web.templating import Pages

router = APIRouter()
Candidate = Annotated[User, Depends(candidate)]
Mine = Annotated[App, Depends(effective_app)]


class MailIn(BaseModel):
    """The candidate's choice; `password` empty keeps the one already set."""

    use: Literal["organisation", "own"] = "organisation"
    host: str = Field("", max_length=253)
    port: int | None = Field(None, ge=1, le=65535)
    tls: Literal["starttls", "implicit", ""] = ""
    user: str = Field("", max_length=254)
    from_email: str = Field("", max_length=254)
    from_name: str = Field("", max_length=200)
    password: str = Field("", max_length=1000)


def _save(app: App, values: dict[str, Any]) -> mailbox.MailChoice:
    password = str(values.pop("password", "") or "")
    return mailbox.save(app, values, password, app.vault)


@router.get("/api/team/mail")
def show(app: Mine) -> dict[str, Any]:
    """The candidate's mail choice, without the password."""
    return _out(mailbox.show(app))


@router.put("/api/team/mail")
def put(body: MailIn, app: Mine) -> dict[str, Any]:
    """Choose the organisation's relay or an own SMTP account."""
    return _out(_save(app, body.model_dump()))


def _out(choice: mailbox.MailChoice) -> dict[str, Any]:
    import dataclasses

    return dataclasses.asdict(choice)


@router.get("/team/mail", response_class=HTMLResponse)
def page(request: Request, user: Candidate, app: Mine) -> Response:
    return _render(request, user, mailbox.show(app))


@router.post("/team/mail", response_class=HTMLResponse)
async def submit(request: Request, user: Candidate, app: Mine) -> Response:
    from starlette.concurrency import run_in_threadpool

    form = await request.form()
    values = {k: str(v) for k, v in form.items() if k != "csrf_token" and isinstance(v, str)}
    try:
        await run_in_threadpool(_save, app, values)
    except ValidationError as exc:
        return _render(request, user, mailbox.show(app), error=str(exc), status=422)
    return RedirectResponse("/team/mail?saved=1", status_code=303)


def _render(
    request: Request, user: User, choice: mailbox.MailChoice, *, error: str = "", status: int = 200
) -> Response:
    pages: Pages = request.app.state.pages
    context = {
        "title": "Your mail",
        "me": user,
        "choice": choice,
        "error": error,
        "saved": request.query_params.get("saved") == "1" and not error,
    }
    return pages.render(request, "team/mail.html", context, status=status)
