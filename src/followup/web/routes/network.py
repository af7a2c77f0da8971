"""Network and news: who is due a check-in, who is cooling, gratitude owed, the notes
planned for them (news notes and greetings among them), and recent company news."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from followup.services import network
from followup.services.records import contacts
from followup.web.dependencies import AppDep, NowDep, PagesDep, candidate_tz

router = APIRouter(include_in_schema=False)


@router.get("/network", response_class=HTMLResponse)
def page(request: Request, app: AppDep, pages: PagesDep, now: NowDep) -> HTMLResponse:
    # The report re-plans first (idempotent), as `followup network` does, so it and the
    # agenda agree; nothing the user decided is changed by it.
    report = network.report(app, now)
    listed = network.list_news(app, limit=20)
    names = contacts.names(app)
    # The people you met in interviews count from the day you met them, tier or not yet.
    people = {s.contact_id for s in report.members} | {s.contact_id for s in report.met}
    return pages.render(
        request,
        "network.html",
        {
            "page": "network",
            "title": "Network",
            "report": report,
            "people": len(people),
            "met": len(report.met),
            "items": listed.items,
            "names": names,
            "tz": candidate_tz(app),
        },
    )
