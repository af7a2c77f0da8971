"""Settings: profile, mail accounts (with a test button), policy values, templates and
the calendar feed address."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import timedelta
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from followup.bootstrap import App
from followup.domain.errors import DomainError
from followup.domain.records.followups import Kind
from followup.services.mail import send as sending
from followup.services.records import profile as profiles
from followup.services.timing import feed
from followup.web.dependencies import AppDep, PagesDep

NETWORK = anyio.CapacityLimiter(4)
router = APIRouter(include_in_schema=False)


def _value(value: Any) -> str:
    """A policy value as a person reads it."""
    if isinstance(value, timedelta):
        return f"{value.total_seconds() / 3600:g} h"
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {_value(v)}" for k, v in value.items()) or "-"
    if isinstance(value, set | frozenset):
        return ", ".join(sorted(str(v) for v in value)) or "-"
    if isinstance(value, tuple):
        return ", ".join(_value(v) for v in value) or "-"
    return "-" if value is None else str(value)


def _policy_rows(app: App) -> list[tuple[str, str]]:
    """The default policy's values, for reading."""
    rows = []
    for item in dataclasses.fields(app.policies.default):
        text = _value(getattr(app.policies.default, item.name))
        rows.append((item.name.replace("_", " "), text if len(text) <= 300 else text[:297] + "..."))
    return rows


def _templates(app: App) -> list[tuple[str, bool]]:
    """Each kind of note, and whether the user overrides its template."""
    folder = app.settings.templates
    return [(k.value, (folder / "en" / f"{k.value}.txt.j2").exists()) for k in Kind]


def _mail(app: App) -> dict[str, Any]:
    try:
        settings = app.mail.settings
    except DomainError as exc:
        return {"error": str(exc), "smtp": None, "imap": None, "from_email": ""}
    return {
        "error": "",
        "smtp": settings.smtp.label if settings.smtp else None,
        "imap": settings.imap.label if settings.imap else None,
        "from_email": settings.from_email,
    }


@router.get("/settings", response_class=HTMLResponse)
def page(request: Request, app: AppDep, pages: PagesDep) -> HTMLResponse:
    base = str(request.base_url).rstrip("/")
    return pages.render(
        request,
        "settings.html",
        {
            "page": "settings",
            "title": "Settings",
            "profile": profiles.find(app),
            "mail": _mail(app),
            "policy": _policy_rows(app),
            "templates": _templates(app),
            "template_folder": str(app.settings.templates / "en"),
            "config_path": str(app.settings.config_path),
            "feed_url": f"{base}/calendar.ics?token={feed.calendar_token(app)}",
            "saved": request.query_params.get("saved") == "1",
        },
    )


@router.post("/settings/profile")
def save_profile(
    app: AppDep,
    name: Annotated[str, Form(max_length=200)],
    email: Annotated[str, Form(max_length=254)],
    tz: Annotated[str, Form(max_length=64)],
    country: Annotated[str, Form(max_length=8)] = "",
    signature: Annotated[str, Form(max_length=2000)] = "",
    skills: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    profiles.save(
        app,
        name=name,
        email=email,
        tz=tz,
        country=country or None,
        signature=signature,
        skills=skills,
    )
    return RedirectResponse("/settings?saved=1#profile", status_code=303)


@router.post("/settings/mail/test", response_class=HTMLResponse)
async def test_mail(request: Request, app: AppDep, pages: PagesDep) -> HTMLResponse:
    """Connect and log in to each configured server; nothing is sent."""
    # Network I/O of up to a timeout per server: on a thread of its own, so the database
    # thread keeps serving pages meanwhile.
    checked = await anyio.to_thread.run_sync(sending.check_accounts, app, limiter=NETWORK)
    results = [(c.role.upper(), c.ok, c.detail) for c in checked]
    return HTMLResponse(pages.fragment(request, "_mail_test.html", {"results": results}))
