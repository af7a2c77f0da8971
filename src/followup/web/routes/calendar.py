"""The calendar feed at /calendar.ics?token=...: open follow-ups for a calendar app to
subscribe to. The token is random, kept in the store's meta table, and rotatable."""

from __future__ import annotations

import hmac
import secrets

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from followup.ports import Store
from followup.services.timing import planning
from followup.web.dependencies import AppDep, NowDep

router = APIRouter(include_in_schema=False)
TOKEN_KEY = "web.calendar_token"  # noqa: S105 - the meta key, not the token


def feed_token(store: Store) -> str:
    """The current feed token, made on first use."""
    token = store.get_meta(TOKEN_KEY)
    if not token:
        token = rotate(store)
    return token


def rotate(store: Store) -> str:
    """A new random token; the old feed URL stops working at once."""
    token = secrets.token_urlsafe(32)
    store.set_meta(TOKEN_KEY, token)
    return token


@router.get("/calendar.ics")
async def feed(app: AppDep, now: NowDep, token: str = "") -> Response:
    current = app.store.get_meta(TOKEN_KEY) or ""
    if not current or not hmac.compare_digest(token.encode(), current.encode()):
        return Response("unknown calendar token\n", status_code=404, media_type="text/plain")
    events = planning.calendar_events(app, now)
    return Response(
        app.calendar_feed.render(events),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'inline; filename="followup.ics"'},
    )


@router.post("/settings/calendar/rotate")
async def rotate_token(app: AppDep) -> Response:
    rotate(app.store)
    return RedirectResponse("/settings#calendar", status_code=303)
