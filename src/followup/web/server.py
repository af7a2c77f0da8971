"""The app factory: one FastAPI app over one `App`, wrapped in the perimeter guard."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import HTTPException, RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from followup import __version__
from followup.bootstrap import App
from followup.domain.errors import (
    Conflict,
    DomainError,
    NotFound,
    Refused,
    TooLarge,
    Unavailable,
    ValidationError,
)
from followup.services import sessions
from followup.web.body import JsonDepthGuard
from followup.web.cache import PageCache
from followup.web.outbox import OutboxWorker
from followup.web.security import Access, Guard, allowed_hosts, check_csrf, is_loopback
from followup.web.templating import Pages

STATIC = Path(__file__).resolve().parent / "static"


def status_of(exc: DomainError) -> int:
    """The HTTP status for a domain error."""
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, TooLarge):
        return 413
    if isinstance(exc, ValidationError):
        return 422
    if isinstance(exc, Conflict | Refused):
        return 409
    if isinstance(exc, Unavailable):
        return 503
    return 400


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


DATABASE_THREADS = 1


class _StoreSignOuts:
    """Sign-outs kept in the store, seen by every process on it (services.sessions)."""

    def __init__(self, app: App) -> None:
        self.app = app

    def revoke(self, session: str) -> None:
        sessions.sign_out(self.app, session, self.app.clock.now())

    def revoked(self, session: str) -> bool:
        return sessions.signed_out(self.app, session)


def create_app(
    app: App,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    login_token: str | None = None,
    extra_hosts: Iterable[str] = (),
    outbox: OutboxWorker | None = None,
    secret: bytes | None = None,
) -> Guard:
    """The ASGI app for `app`. Bound to anything but loopback, a login token is required:
    the given one, or a fresh random one (`.access.login_token`). `outbox`, when given,
    runs with the server and sends what the pages queue. Processes given the same
    `secret` accept each other's CSRF tokens and logins (`serve --workers`)."""
    from followup.web.routes import ROUTERS

    if login_token is None and not is_loopback(host):
        login_token = secrets.token_urlsafe(24)
    # Bound to every interface too, the Host header must name this machine (G8).
    access = Access(hosts=allowed_hosts(host, port, extra_hosts), login_token=login_token)
    if secret is not None:
        access.secret = secret
    access.signouts = _StoreSignOuts(app)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # One SQLite connection serves every request: the handlers are plain functions that
        # run one at a time on a worker thread, never on the event loop, so no transaction
        # interleaves with another and a slow one never stalls the server's I/O.
        anyio.to_thread.current_default_thread_limiter().total_tokens = DATABASE_THREADS
        stop = outbox.start() if outbox is not None else None
        try:
            yield
        finally:
            if stop is not None:
                stop()

    web = FastAPI(
        title="followup",
        version=__version__,
        description="Local follow-up assistant: records, agenda, drafts, lint and sending.",
        docs_url=None,  # Swagger UI loads from a CDN; the schema itself is served below
        redoc_url=None,
        openapi_url="/api/openapi.json",
        dependencies=[Depends(check_csrf)],
        lifespan=lifespan,
    )
    web.state.followup = app
    web.state.pages = Pages()
    web.state.access = access
    web.state.outbox = outbox
    # On PostgreSQL there is no file whose changes show other processes' writes, and a
    # page renders in a few milliseconds from indexed reads (docs/scaling.md): no cache,
    # so every process and host shows every commit at once.
    web.state.cache = PageCache(_database(app), size=0 if app.settings.database_url else 64)
    web.add_middleware(JsonDepthGuard)  # before any JSON parser recurses (issue 17 §2)
    web.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in ROUTERS:
        web.include_router(router)

    @web.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> Response:
        status = status_of(exc)
        if _wants_json(request):
            body: dict[str, Any] = {"error": str(exc)}
            if isinstance(exc, ValidationError):
                body["field"] = exc.field
            return JSONResponse(body, status_code=status)
        return _error_page(request, status, str(exc))

    @web.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if _wants_json(request) or not hasattr(request.state, "csrf"):
            return JSONResponse(
                {"error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers
            )
        return _error_page(request, exc.status_code, str(exc.detail))

    @web.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        problems = "; ".join(_problem(e) for e in errors[:5])
        if _wants_json(request):
            field = _where(errors[0]) if errors else "request"
            return JSONResponse({"error": problems, "field": field}, status_code=422)
        return _error_page(request, 422, problems)

    return Guard(web, access, web.state.cache)


# What `followup serve --workers N` hands its worker processes (uvicorn starts them afresh).
SERVE_ENV = "FOLLOWUP_SERVE"
SECRET_ENV = "FOLLOWUP_WEB_SECRET"  # noqa: S105 - a name; shared by several hosts behind one proxy


def shared_secret(environ: Mapping[str, str]) -> bytes | None:
    """The CSRF and login secret several hosts share (FOLLOWUP_WEB_SECRET), if set."""
    given = environ.get(SECRET_ENV, "")
    return hashlib.sha256(given.encode()).digest() if given else None


def from_environment() -> Guard:
    """The app of one `serve --workers` process: the settings from the environment, the
    listening options and the shared secret from FOLLOWUP_SERVE (set by the parent)."""
    import json
    import os

    from followup.bootstrap import build

    options = json.loads(os.environ[SERVE_ENV])
    return create_app(
        build(),
        host=options["host"],
        port=options["port"],
        login_token=options["login_token"],
        extra_hosts=options["extra_hosts"],
        secret=bytes.fromhex(options["secret"]),
    )


def _database(app: App) -> Path | None:
    """The SQLite file whose changes invalidate cached pages (None for a memory store)."""
    if "store" in app.overrides:
        return None
    return app.settings.database


def _where(error: Any) -> str:
    """`name`, `interviewers.0.email`: where in the request the problem is."""
    loc = [str(p) for p in error.get("loc", ())]
    return ".".join(loc[1:]) or (loc[0] if loc else "request")


def _problem(error: Any) -> str:
    return f"{_where(error)}: {error.get('msg', 'invalid')}"


def _error_page(request: Request, status: int, message: str) -> Response:
    pages: Pages = request.app.state.pages
    if request.headers.get("hx-request") == "true":
        # htmx swaps only 2xx by default; the error box is placed by `hx-target-error`-less
        # convention: we answer 200 with an alert fragment in place of the target.
        html = pages.fragment(request, "_error.html", {"status": status, "message": message})
        return Response(
            html,
            status_code=200,
            media_type="text/html",
            headers={"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"},
        )
    return pages.render(
        request,
        "error.html",
        {"status": status, "message": message, "title": "Problem"},
        status=status,
    )
