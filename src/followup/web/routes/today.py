"""Today: the agenda (overdue, due now, upcoming) and the one-click decisions on it."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from followup.domain.errors import ValidationError
from followup.domain.timing.agenda import AgendaItem, Bucket, title
from followup.services.records import profile as profiles
from followup.services.timing import planning
from followup.web.cache import PageCache
from followup.web.dependencies import AppDep, Id, NowDep, PagesDep, is_htmx

router = APIRouter(include_in_schema=False)

HEADINGS = {
    Bucket.OVERDUE: "Overdue",
    Bucket.DUE: "Due now",
    Bucket.UPCOMING: "Upcoming",
    Bucket.LATER: "Later",
}
SNOOZES = {"1d": timedelta(days=1), "3d": timedelta(days=3), "1w": timedelta(weeks=1)}


PER_BUCKET = 25  # a person acts on a handful; the rest wait behind "show all"
NOTICES = {"interview": "Interview logged. The notes it calls for are planned below."}


@router.get("/", response_class=HTMLResponse)
def today(
    request: Request, app: AppDep, pages: PagesDep, now: NowDep, everything: bool = False
) -> Response:
    def render() -> bytes:
        agenda = planning.agenda(app, now, days=7)
        groups: dict[Bucket, list[AgendaItem]] = {}
        for item in agenda.items:
            groups.setdefault(item.bucket, []).append(item)
        shown = [
            (
                HEADINGS[b],
                b.value,
                groups[b] if everything else groups[b][:PER_BUCKET],
                len(groups[b]),
            )
            for b in Bucket
            if b in groups
        ]
        return bytes(
            pages.render(
                request,
                "today.html",
                {
                    "page": "today",
                    "title": "Today",
                    "groups": shown,
                    "tz": agenda.candidate_tz,
                    "title_of": title,
                    "has_profile": profiles.find(app) is not None,
                    "notice": NOTICES.get(request.query_params.get("notice", ""), ""),
                },
            ).body
        )

    if everything or request.query_params.get("notice"):
        return HTMLResponse(render())
    cache: PageCache = request.app.state.cache
    return HTMLResponse(cache.page("today", request.state.session, now, render))


def _done(request: Request, pages: PagesDep, message: str) -> Response:
    if is_htmx(request):
        return HTMLResponse(pages.fragment(request, "_notice.html", {"message": message}))
    return RedirectResponse("/", status_code=303)


@router.post("/followups/{followup_id}/done")
def mark_done(
    request: Request, followup_id: Id, app: AppDep, pages: PagesDep, now: NowDep
) -> Response:
    planning.done(app, now, followup_id)
    return _done(request, pages, "Marked done: you sent it yourself.")


@router.post("/followups/{followup_id}/skip")
def skip(
    request: Request,
    followup_id: Id,
    app: AppDep,
    pages: PagesDep,
    now: NowDep,
    why: Annotated[str, Form()] = "",
) -> Response:
    planning.skip(app, followup_id, why, now)
    return _done(request, pages, "Skipped; it will not come back.")


@router.post("/followups/{followup_id}/snooze")
def snooze(
    request: Request,
    followup_id: Id,
    app: AppDep,
    pages: PagesDep,
    now: NowDep,
    until: Annotated[str, Form()] = "1d",
) -> Response:
    if until not in SNOOZES:
        raise ValidationError("until", f"must be one of {', '.join(SNOOZES)}")
    planning.snooze(app, followup_id, now + SNOOZES[until], now)
    return _done(request, pages, "Snoozed.")
