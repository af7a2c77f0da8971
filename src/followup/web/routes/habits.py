"""Your habits, as pictures: on-time thank-yous, delays, reply rates, nudges vs the cap."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from followup.services.timing import habits
from followup.web import charts
from followup.web.dependencies import AppDep, PagesDep

router = APIRouter(include_in_schema=False)


@router.get("/habits", response_class=HTMLResponse)
def page(request: Request, app: AppDep, pages: PagesDep) -> HTMLResponse:
    found = habits.review(app)
    return pages.render(
        request,
        "habits.html",
        {
            "page": "habits",
            "title": "Your habits",
            "h": found,
            "on_time": charts.rates(found.on_time_by_month, "On-time thank-you notes by month"),
            "delays": charts.counts(found.delays, "Thank-you notes by delay after the interview"),
            "by_kind": charts.rates(found.reply_by_kind, "Reply rate by kind of message"),
            "by_delay": charts.rates(
                found.reply_by_delay, "Reply rate by delay after the interview"
            ),
            "nudges": charts.against_cap(
                found.nudges, found.cap, "Unanswered nudges per application"
            ),
        },
    )
