"""The team app factory: team routes, plus the personal app's pages and API served to
each signed-in candidate over their own account."""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import HTTPException, RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from followup import __version__
from followup.bootstrap import App
from followup.domain.errors import DomainError, NotFound, Refused
from followup.web.cache import PageCache
from followup.web.security import Access, Guard, allowed_hosts
from followup.web.server import STATIC, status_of
from followup.web.team.auth import OVERRIDES, authenticate, candidate, check_csrf


def create_team_app(
    app: App,
    host: str = "127.0.0.1",
    port: int = 8766,
    extra_hosts: Iterable[str] = (),
    *,
    trusted_proxies: frozenset[str] = frozenset(),
) -> Guard:
    """The ASGI app of team mode over `app` (whose database is PostgreSQL), answering only
    the Host values a browser uses for `host:port` and `extra_hosts`, as the personal app.
    X-Forwarded-For counts only from the `trusted_proxies` addresses."""
    from followup.web.dependencies import current_app
    from followup.web.routes import ROUTERS, login
    from followup.web.team import (
        comment_routes,
        links,
        mail_routes,
        routes,
        settings_routes,
        transfer_routes,
    )

    web = FastAPI(
        title="followup team",
        version=__version__,
        description="followup for careers offices: candidates, coaches and admins.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        dependencies=[Depends(authenticate), Depends(check_csrf)],
    )
    web.state.team_app = app
    web.state.followup = app  # what the personal pages fall back on; overridden per candidate
    web.state.pages = comment_routes.TeamPages()
    web.state.cache = PageCache(None, size=0)  # many processes, one database: no page cache
    web.state.outbox = None  # the workers deliver (issue 18), not the web process
    web.state.candidate_apps = {}
    web.state.trusted_proxies = trusted_proxies
    web.dependency_overrides.update(OVERRIDES)
    # each candidate's App runs on their effective settings (institution settings)
    web.dependency_overrides[current_app] = settings_routes.effective_app
    web.mount("/static", StaticFiles(directory=STATIC), name="static")
    web.include_router(routes.router)
    web.include_router(links.router)
    web.include_router(comment_routes.router)
    web.include_router(settings_routes.router)
    web.include_router(transfer_routes.router)
    web.include_router(mail_routes.router)
    for router in ROUTERS:
        if router is not login.router:
            web.include_router(router, dependencies=[Depends(candidate)])

    @web.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> Response:
        status = 403 if isinstance(exc, Refused) else status_of(exc)
        if isinstance(exc, NotFound):
            status = 404
        return JSONResponse({"error": str(exc)}, status_code=status)

    @web.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        wants_page = request.method == "GET" and not request.url.path.startswith("/api/")
        if exc.status_code == 401 and wants_page:
            return RedirectResponse("/login", status_code=303)
        return JSONResponse(
            {"error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers
        )

    @web.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = list(exc.errors())[:5]
        text = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg')}"
            for e in problems
        )
        return JSONResponse({"error": text}, status_code=422)

    return Guard(web, Access(hosts=allowed_hosts(host, port, extra_hosts)))
