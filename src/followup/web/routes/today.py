"""Today: the agenda (overdue, due now, upcoming) and the one-click decisions on it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from followup.bootstrap import App
from followup.domain.errors import ValidationError
from followup.domain.timing.agenda import AgendaItem, Bucket, title
from followup.services.records import profile as profiles
from followup.services.timing import planning
from followup.services.timing import undo as undoing
from followup.web.cache import PageCache
from followup.web.dependencies import MAX_ID, AppDep, Id, NowDep, PagesDep, is_htmx
from followup.web.templating import Pages

router = APIRouter(include_in_schema=False)

HEADINGS = {
    Bucket.OVERDUE: "Overdue",
    Bucket.DUE: "Due now",
    Bucket.UPCOMING: "Upcoming",
    Bucket.LATER: "Later",
}
SNOOZES = {"1d": timedelta(days=1), "3d": timedelta(days=3), "1w": timedelta(weeks=1)}


PER_BUCKET = 25  # a person acts on a handful; the rest wait behind "show all"
SHOWN = (Bucket.OVERDUE, Bucket.DUE, Bucket.UPCOMING)  # always in the page, empty or not
NOTICES = {
    "interview": "Interview logged. The notes it calls for are planned below.",
    "done": "Marked done: you sent it yourself.",
    "skipped": "Skipped; it will not come back.",
    "snoozed": "Snoozed.",
    "undone": "Undone: it is back on your agenda.",
}


def _undo_id(raw: str) -> int | None:
    """The follow-up a notice offers to undo, from the query string (anything else: none)."""
    if raw.isascii() and raw.isdigit() and 0 < int(raw) <= MAX_ID:
        return int(raw)
    return None


@router.get("/", response_class=HTMLResponse)
def today(
    request: Request, app: AppDep, pages: PagesDep, now: NowDep, everything: bool = False
) -> Response:
    def render() -> bytes:
        agenda = planning.agenda(app, now, days=7)
        groups: dict[Bucket, list[AgendaItem]] = {b: [] for b in SHOWN}
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
                    "undo": _undo_id(request.query_params.get("undo", "")),
                },
            ).body
        )

    if everything or request.query_params.get("notice"):
        return HTMLResponse(render())
    cache: PageCache = request.app.state.cache
    return HTMLResponse(cache.page("today", request.state.session, now, render))


def _counts(app: App, now: datetime) -> list[tuple[str, int]]:
    """How many items each bucket on Today holds now."""
    counts = dict.fromkeys(SHOWN, 0)
    for item in planning.agenda(app, now, days=7).items:
        counts[item.bucket] = counts.get(item.bucket, 0) + 1
    return [(b.value, n) for b, n in counts.items()]


def _decided(
    request: Request,
    app: App,
    pages: Pages,
    now: datetime,
    followup_id: int,
    notice: str,
) -> Response:
    """In place (htmx): the message, Undo for done and skip, and every bucket's new count.
    Without JavaScript: back to Today, which says the same."""
    undoable = notice in ("done", "skipped")
    if is_htmx(request):
        values = {
            "message": NOTICES[notice],
            "followup_id": followup_id,
            "undoable": undoable,
            "counts": _counts(app, now),
        }
        return HTMLResponse(pages.fragment(request, "_decided.html", values))
    undo = f"&undo={followup_id}" if undoable else ""
    return RedirectResponse(f"/?notice={notice}{undo}", status_code=303)


@router.post("/followups/{followup_id}/done")
def mark_done(
    request: Request, followup_id: Id, app: AppDep, pages: PagesDep, now: NowDep
) -> Response:
    planning.done(app, now, followup_id)
    return _decided(request, app, pages, now, followup_id, "done")


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
    return _decided(request, app, pages, now, followup_id, "skipped")


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
    return _decided(request, app, pages, now, followup_id, "snoozed")


@router.post("/followups/{followup_id}/undo")
def undo(request: Request, followup_id: Id, app: AppDep, pages: PagesDep, now: NowDep) -> Response:
    """Take back "I sent it" or Skip: in place, the item comes back with the counts."""
    undoing.undo(app, now, followup_id)
    if not is_htmx(request):
        return RedirectResponse("/?notice=undone", status_code=303)
    item = planning.item(app, followup_id, now)
    values = {"item": item, "tz": item.candidate_tz, "title_of": title}
    html = pages.fragment(request, "_item.html", values)
    html += pages.fragment(request, "_counts.html", {"counts": _counts(app, now)})
    return HTMLResponse(html)
