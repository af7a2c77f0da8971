"""The calendar feed at /calendar.ics?token=...: open follow-ups for a calendar app to
subscribe to. The token is random, kept in the store's meta table, and rotatable."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from followup.services.timing import feed as calendar_feed
from followup.web.dependencies import AppDep, NowDep

router = APIRouter(include_in_schema=False)


@router.get("/calendar.ics")
def feed(app: AppDep, now: NowDep, token: str = "") -> Response:
    if not calendar_feed.calendar_token_ok(app, token):
        return Response("unknown calendar token\n", status_code=404, media_type="text/plain")
    events = calendar_feed.calendar_events(app, now)
    return Response(
        app.calendar_feed.render(events),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'inline; filename="followup.ics"'},
    )


@router.post("/settings/calendar/rotate")
def rotate_token(app: AppDep) -> Response:
    calendar_feed.rotate_calendar_token(app)
    return RedirectResponse("/settings#calendar", status_code=303)
