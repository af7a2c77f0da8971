"""GET /healthz: is the database reachable and its schema current? For load balancers and
process supervisors: no login, no personal data, 200 when this process can serve, else 503."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from followup import __version__
from followup.bootstrap import App, database_status
from followup.domain.errors import Unavailable
from followup.web.dependencies import AppDep

router = APIRouter(include_in_schema=False)


@router.get("/healthz")
def health(app: AppDep) -> JSONResponse:
    """`ok`, `unreachable` or `pending` (migrations not applied yet: `followup db migrate`)."""
    engine = "postgresql" if app.settings.database_url else "sqlite"
    body: dict[str, Any] = {"version": __version__, "database": engine}
    if "store" in app.overrides:  # a test's in-memory store: nothing to reach
        return JSONResponse({**body, "status": "ok", "database": "memory", "pending": []})
    try:
        applied = _migrations(app)
    except Unavailable as exc:
        return JSONResponse({**body, "status": "unreachable", "error": str(exc)}, 503)
    pending = [m.name for m in applied if not m.applied_at]
    body |= {"status": "pending" if pending else "ok", "pending": pending}
    return JSONResponse(body, 503 if pending else 200)


def _migrations(app: App) -> list[Any]:
    """The shipped migrations with their state: through the open store's pool when there
    is one (a probe every few seconds must not open a connection each time)."""
    store = app.__dict__.get("store")
    db = getattr(store, "db", None)
    if db is not None and hasattr(db, "status"):
        try:
            return list(db.status())
        except Exception as exc:  # psycopg's errors: the server went away since
            raise Unavailable(f"PostgreSQL failed: {str(exc).strip().splitlines()[0]}") from None
    return database_status(app.settings)[1]
