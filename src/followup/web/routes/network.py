"""Network and news: who is due a check-in, who is cooling, gratitude owed, the notes
planned for them (news notes and greetings among them), and recent company news."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from followup.domain.network.news import NewsPolicy
from followup.domain.network.policy import NetworkPolicy
from followup.services import network, news
from followup.web.dependencies import AppDep, NowDep, PagesDep, candidate_tz

router = APIRouter(include_in_schema=False)


@router.get("/network", response_class=HTMLResponse)
async def page(request: Request, app: AppDep, pages: PagesDep, now: NowDep) -> HTMLResponse:
    # The report re-plans first (idempotent), as `followup network` does, so it and the
    # agenda agree; nothing the user decided is changed by it.
    report = network.report(
        app.store,
        app.news,
        app.observances,
        app.policies,
        app.holidays,
        now,
        NetworkPolicy.from_config(app.settings.config),
        NewsPolicy.from_config(app.settings.config),
    )
    listed = news.listing(app.store, app.news, limit=20)
    names = {c.id: c.name for c in app.store.list_contacts()}
    return pages.render(
        request,
        "network.html",
        {
            "page": "network",
            "title": "Network",
            "report": report,
            "items": listed.items,
            "names": names,
            "tz": candidate_tz(app),
        },
    )
