"""What routes ask FastAPI for: the wired-up App, the page renderer, the current time."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends, Path, Request

from followup.bootstrap import App
from followup.services.records import profile as profiles
from followup.web.templating import Pages


def current_app(request: Request) -> App:
    app: App = request.app.state.followup
    return app


def current_pages(request: Request) -> Pages:
    pages: Pages = request.app.state.pages
    return pages


def current_now(request: Request) -> datetime:
    return current_app(request).clock.now()


def candidate_tz(app: App) -> str:
    """The candidate's zone for display: the profile's, else UTC."""
    return profiles.zone(app)


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


AppDep = Annotated[App, Depends(current_app)]
PagesDep = Annotated[Pages, Depends(current_pages)]
NowDep = Annotated[datetime, Depends(current_now)]

MAX_ID = 2**63 - 1  # SQLite's INTEGER range; a larger id is a 422, not a crash
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
