"""Who is asking: the team session cookie or a personal API token, looked up per request,
and the CSRF token that a state-changing request must carry.

The perimeter (same-origin check, body limit, security headers) is the personal app's
`Guard`; its anonymous session gives the sign-in form its CSRF token. Once signed in,
the CSRF token is the one stored with the team session, so it holds across processes.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from followup.bootstrap import App, build
from followup.domain.records.team import Role, User
from followup.services.team import TeamDirectory, signin
from followup.web.dependencies import current_app
from followup.web.security import CSRF_FIELD, CSRF_HEADER, SAFE_METHODS

TEAM_COOKIE = "followup_team"
_CANDIDATE_APPS = 256  # the candidates' wired-up Apps kept between requests


def team_of(request: Request) -> TeamDirectory:
    app: App = request.app.state.team_app
    return app.team


def authenticate(request: Request) -> None:
    """App-wide dependency: sets `request.state.user` (or None) and, for a signed-in
    session, its CSRF token."""
    app: App = request.app.state.team_app
    team = app.team
    request.state.user = None
    request.state.by_token = False
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        user = signin.token_user(team, value.strip())
        if user is None:
            raise HTTPException(401, "unknown or revoked token", {"www-authenticate": "Bearer"})
        request.state.user, request.state.by_token = user, True
        return
    found = signin.session_user(team, app.clock.now(), request.cookies.get(TEAM_COOKIE, ""))
    if found is not None:
        request.state.user, request.state.csrf = found
        request.state.signed_in = True  # the personal pages then offer sign-out


def _trusted(request: Request) -> bool:
    proxies: frozenset[str] = getattr(request.app.state, "trusted_proxies", frozenset())
    return bool(request.client) and request.client.host in proxies  # type: ignore[union-attr]


def client_address(request: Request) -> str:
    """The client's address for the per-address rate limit. Behind a reverse proxy named
    with `team serve --proxy-trusted`, the nearest X-Forwarded-For hop that is not itself
    a trusted proxy; from anyone else X-Forwarded-For is ignored (it is easy to forge)."""
    peer = request.client.host if request.client else "unknown"
    if not _trusted(request):
        return peer
    proxies: frozenset[str] = request.app.state.trusted_proxies
    hops = [
        hop.strip()
        for value in request.headers.getlist("x-forwarded-for")
        for hop in value.split(",")
        if hop.strip()
    ]
    for hop in reversed(hops):
        if hop not in proxies:
            return hop[:64]
    return peer


def public_base(request: Request) -> str:
    """`scheme://host` as the browser reached us: the Host was checked against the served
    names by the perimeter, and a trusted proxy may say the scheme was https."""
    scheme = request.url.scheme
    forwarded = request.headers.get("x-forwarded-proto", "").strip().lower()
    if _trusted(request) and forwarded in ("http", "https"):
        scheme = forwarded
    return f"{scheme}://{request.headers.get('host', 'localhost')}"


def team_cookie(session: str) -> str:
    """The Set-Cookie value of a team session (the personal app's attributes)."""
    from followup.web.security import session_cookie

    return session_cookie(session).decode().replace("followup_session=", f"{TEAM_COOKIE}=", 1)


async def check_csrf(request: Request) -> None:
    """App-wide dependency: a state-changing request from a browser carries its CSRF token
    (header or form field). A bearer token is no ambient credential: no CSRF needed."""
    if request.method in SAFE_METHODS or request.state.by_token:
        return
    token = request.headers.get(CSRF_HEADER, "")
    if not token:
        kind = request.headers.get("content-type", "")
        if kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            value = (await request.form()).get(CSRF_FIELD)
            token = value if isinstance(value, str) else ""
    import hmac

    if not token or not hmac.compare_digest(token.encode(), str(request.state.csrf).encode()):
        raise HTTPException(403, "missing or wrong CSRF token; reload the page and try again")


def signed_in(request: Request) -> User:
    user: User | None = request.state.user
    if user is None:
        raise HTTPException(401, "sign in first", {"www-authenticate": "Bearer"})
    return user


def candidate(user: Annotated[User, Depends(signed_in)]) -> User:
    if user.role is not Role.CANDIDATE:
        raise HTTPException(403, "these pages are a candidate's own")
    return user


def candidate_app(request: Request, user: Annotated[User, Depends(candidate)]) -> App:
    """The personal app's `App`, wired to this candidate's account: every personal page
    and API route then reads and writes that account only (and RLS holds it there)."""
    apps: dict[int, App] = request.app.state.candidate_apps
    assert user.account_id is not None
    found = apps.get(user.account_id)
    if found is None:
        base: App = request.app.state.team_app
        store = base.team.store_for(user.account_id)
        found = build(base.settings, store=store, clock=base.clock)
        if len(apps) >= _CANDIDATE_APPS:
            apps.pop(next(iter(apps)))
        apps[user.account_id] = found
    return found


UserDep = Annotated[User, Depends(signed_in)]
TeamDep = Annotated[TeamDirectory, Depends(team_of)]
OVERRIDES = {current_app: candidate_app}
