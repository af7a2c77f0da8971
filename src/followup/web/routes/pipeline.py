"""Pipeline: the board by stage (drag a card or pick a stage) and each application's timeline."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from followup.domain.records.model import Stage
from followup.services.records import applications, companies, pipeline
from followup.web.cache import PageCache
from followup.web.dependencies import AppDep, Id, NowDep, PagesDep, candidate_tz, is_htmx

router = APIRouter(include_in_schema=False)
STAGES = [s.value for s in Stage]


@router.get("/pipeline", response_class=HTMLResponse)
def board(request: Request, app: AppDep, pages: PagesDep, now: NowDep) -> Response:
    def render() -> bytes:
        columns = pipeline.board(app)
        return bytes(
            pages.render(
                request,
                "pipeline.html",
                {
                    "page": "pipeline",
                    "title": "Pipeline",
                    "columns": columns,
                    "finished": [s.value for s in pipeline.DONE_STAGES],
                    "stages": STAGES,
                },
            ).body
        )

    cache: PageCache = request.app.state.cache
    return HTMLResponse(cache.page("pipeline", request.state.session, now, render))


@router.get("/pipeline/{stage}", response_class=HTMLResponse)
def column(request: Request, stage: str, app: AppDep, pages: PagesDep) -> HTMLResponse:
    """One stage's newest cards: the finished stages load on request."""
    [found] = pipeline.board(app, (applications.parse_stage(stage),))
    html = pages.fragment(request, "_column.html", {"column": found, "stages": STAGES})
    if is_htmx(request):
        return HTMLResponse(html)
    return pages.render(
        request,
        "pipeline_stage.html",
        {"page": "pipeline", "title": stage, "column": found, "stages": STAGES},
    )


@router.post("/applications/{application_id}/stage")
def move(
    request: Request,
    application_id: Id,
    app: AppDep,
    pages: PagesDep,
    stage: Annotated[str, Form()],
) -> Response:
    moved = applications.set_stage(app, application_id, stage, note="web")
    if is_htmx(request):
        company = companies.name_of(app, moved.company_id)
        card = pipeline.Card(moved, company)
        html = pages.fragment(request, "_card.html", {"card": card, "stages": STAGES})
        return HTMLResponse(html, headers={"HX-Trigger": "stage-moved"})
    return RedirectResponse("/pipeline", status_code=303)


@router.get("/applications/{application_id}", response_class=HTMLResponse)
def detail(
    request: Request, application_id: Id, app: AppDep, pages: PagesDep, now: NowDep
) -> HTMLResponse:
    line = pipeline.timeline(app, application_id)
    return pages.render(
        request,
        "application.html",
        {
            "page": "pipeline",
            "title": f"{line.company.name}: {line.application.role}",
            "line": line,
            "tz": candidate_tz(app),
            "now": now,
            "stages": STAGES,
        },
    )
