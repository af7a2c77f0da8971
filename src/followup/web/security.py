"""The web app's perimeter: Host allow-list, sessions, login token, CSRF, body limit, headers.

One pure ASGI middleware (`Guard`) runs before any route (reliability.md §1.4, G1-G8):
- an unknown `Host` header is refused, so a DNS-rebound page cannot talk to us (G8);
- every browser gets a random session cookie (HttpOnly, SameSite=Strict);
- bound to anything but loopback, every request needs a login first (token, G2/G5);
- a state-changing request from another origin is refused outright (G1), and each one
  must carry the CSRF token derived from its session (`check_csrf`, a route dependency);
- every response carries a CSP without 'unsafe-inline', nosniff and frame-ancestors (G7).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import math
import secrets
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any, Protocol
from urllib.parse import urlsplit

import anyio
from fastapi import HTTPException, Request

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SESSION_COOKIE = "followup_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MAX_BODY = 6 * 1024 * 1024  # an .ics invite or a long draft fits; a 10 MB note does not (F9)

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'; object-src 'none'"
)
_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on
    # same-site form posts, which the cross-site check must refuse.
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
_NO_STORE = (b"cache-control", b"no-store")
# Paths open before login: the login form itself, static files, and the calendar feed,
# which carries its own token because calendar apps cannot log in.
_OPEN_PATHS = (
    "/login", "/logout", "/static/", "/calendar.ics", "/favicon.ico", "/api/session", "/healthz",
)  # fmt: skip
# A load balancer probes by address, under any Host; the answer holds no personal data.
HEALTH_PATH = "/healthz"


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and `localhost`."""
    if host.strip("[]") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str, port: int, extra: Iterable[str] = ()) -> frozenset[str]:
    """The Host header values a browser sends for this server (with and without port).
    Bound to every interface, they are this machine's names and the `extra` ones (the
    public name given with --allow-host), never any Host: a DNS-rebound page sends its own."""
    names = {"localhost", "127.0.0.1", "[::1]", *extra}
    if host in ("0.0.0.0", "::", ""):  # noqa: S104 - comparing, not binding
        names.update(machine_names())
    else:
        names.add(f"[{host}]" if ":" in host and not host.startswith("[") else host)
    values = {f"{name}:{port}" for name in names}
    if port == 80:
        values |= names
    return frozenset(v.lower() for v in values)


def machine_names() -> tuple[str, ...]:
    """This machine's host names and the addresses they resolve to: the names another
    machine on the network may use to reach a server bound to every interface."""
    import socket

    names = {socket.gethostname(), socket.getfqdn()}
    for name in list(names):
        try:
            names.update(socket.gethostbyname_ex(name)[2])
        except OSError:  # an unresolvable name is still a name the user may type
            continue
    return tuple(sorted(n.lower() for n in names if n and not is_loopback(n)))


@dataclass
class Throttle:
    """Failed logins per client: at most `limit` per `window` seconds, then 429 until
    the oldest failure ages out. Never a permanent lockout (ASVS 6.3.1, G5)."""

    limit: int = 5
    window: float = 60.0
    clock: Callable[[], float] = time.monotonic
    failures: dict[str, deque[float]] = field(default_factory=dict)

    def blocked(self, client: str) -> bool:
        recent = self._recent(client)
        return len(recent) >= self.limit

    def fail(self, client: str) -> None:
        self._recent(client).append(self.clock())

    def retry_after(self, client: str) -> int:
        """Whole seconds until the oldest failure ages out (the Retry-After value)."""
        recent = self._recent(client)
        if not recent:
            return 0
        return max(1, math.ceil(recent[0] + self.window - self.clock()))

    def _recent(self, client: str) -> deque[float]:
        recent = self.failures.setdefault(client, deque())
        cutoff = self.clock() - self.window
        while recent and recent[0] < cutoff:
            recent.popleft()
        return recent


class SignOuts(Protocol):
    """Sign-outs shared by every process (kept in the store: services.sessions)."""

    def revoke(self, session: str) -> None: ...

    def revoked(self, session: str) -> bool: ...


@dataclass
class Access:
    """Who may talk to the server, and the secrets that prove it."""

    hosts: frozenset[str]  # the Host header values served (allowed_hosts)
    login_token: str | None = None  # None: loopback only, no login needed
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    sessions: set[str] = field(default_factory=set)  # logged-in sessions (login mode only)
    revoked: set[str] = field(default_factory=set)  # signed sessions logged out here
    throttle: Throttle = field(default_factory=Throttle)
    # Sign-outs kept in the store, so every process sharing the secret refuses them too.
    signouts: SignOuts | None = None
    lifetime: float = 30 * 86400.0  # seconds a signed session lasts (services.sessions)
    clock: Callable[[], float] = time.time

    @property
    def needs_login(self) -> bool:
        return self.login_token is not None

    def csrf_token(self, session: str) -> str:
        """The anti-forgery token for a session: an HMAC only this process can compute."""
        return hmac.new(self.secret, session.encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, session: str, token: str) -> bool:
        return bool(session and token) and hmac.compare_digest(self.csrf_token(session), token)

    def login(self, client: str, token: str) -> str | None:
        """A fresh session id when `token` is right (rotated at login, G2); else None."""
        if self.login_token is None:
            return None
        if self.throttle.blocked(client):
            return None
        if not hmac.compare_digest(token.encode(), self.login_token.encode()):
            self.throttle.fail(client)
            return None
        session = self._signed_session()
        self.sessions.add(session)
        return session

    def _signed_session(self) -> str:
        # Half nonce, half MAC: every process sharing the secret (`serve --workers`)
        # recognises a login made in another one, with no shared session table. The nonce
        # starts with the sign-in time, so a session expires and a sign-out need only be
        # remembered for its lifetime.
        nonce = f"{int(self.clock()):08x}" + secrets.token_hex(12)
        return nonce + self._mark(nonce)

    def _mark(self, nonce: str) -> str:
        return hmac.new(self.secret, b"login|" + nonce.encode(), hashlib.sha256).hexdigest()[:32]

    def _signed(self, session: str) -> bool:
        if len(session) != 64 or not hmac.compare_digest(self._mark(session[:32]), session[32:]):
            return False
        return 0 <= self.clock() - int(session[:8], 16) <= self.lifetime

    def needs_store_check(self, session: str) -> bool:
        """A signed session from another process: only the store knows whether it was
        signed out there."""
        return (
            self.signouts is not None
            and self.needs_login
            and session not in self.sessions
            and session not in self.revoked
            and self._signed(session)
        )

    def logout(self, session: str) -> None:
        """Sign `session` out here and, through the store, in every other process."""
        self.sessions.discard(session)
        self.revoked.add(session)
        if self.signouts is not None and self._signed(session):
            self.signouts.revoke(session)

    def signed_in(self, session: str, authorization: str, client: str = "?") -> bool:
        """A logged-in session, or the right bearer token. Wrong tokens count against the
        client like wrong sign-ins, and a throttled client is refused even the right one."""
        if not self.needs_login:
            return True
        assert self.login_token is not None
        if session in self.sessions or (self._signed(session) and session not in self.revoked):
            return True
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() != "bearer" or self.throttle.blocked(client):
            return False
        if hmac.compare_digest(value.strip().encode(), self.login_token.encode()):
            return True
        self.throttle.fail(client)
        return False


def new_session() -> str:
    return secrets.token_hex(32)


def _valid_session(value: str) -> bool:
    return len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def session_cookie(session: str, *, secure: bool = False, clear: bool = False) -> bytes:
    """The Set-Cookie value. `__Host-` and Secure need HTTPS, which a loopback app lacks."""
    parts = [
        f"{SESSION_COOKIE}={'' if clear else session}",
        "Path=/",
        "HttpOnly",
        "SameSite=Strict",
    ]
    if clear:
        parts.append("Max-Age=0")
    if secure:
        parts.append("Secure")
    return "; ".join(parts).encode()


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return ""


def _cookie(scope: Scope, name: str) -> str:
    raw = _header(scope, b"cookie")
    if not raw:
        return ""
    try:
        jar: SimpleCookie = SimpleCookie(raw)
    except Exception:  # a malformed Cookie header is treated as no cookie
        return ""
    morsel = jar.get(name)
    return morsel.value if morsel is not None else ""


async def _plain(
    send: Send,
    status: int,
    text: str,
    headers: Iterable[tuple[bytes, bytes]] = (),
    *,
    as_json: bool = False,
) -> None:
    """A refusal: plain text, or the API's error shape (`{"error": ...}`) under /api."""
    body = json.dumps({"error": text}).encode() if as_json else text.encode()
    kind = b"application/json" if as_json else b"text/plain; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", kind),
                (b"content-length", str(len(body)).encode()),
                *_HEADERS,
                _NO_STORE,
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class Guard:
    """The perimeter middleware; see the module docstring."""

    def __init__(self, app: ASGIApp, access: Access, cache: Any = None) -> None:
        self.app = app
        self.access = access
        self.cache = cache  # a PageCache: forgotten on every state-changing request

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = _header(scope, b"host").lower()
        method = scope["method"]
        path = scope["path"]
        api = path.startswith("/api/")
        probe = path == HEALTH_PATH and method in SAFE_METHODS  # a load balancer's probe
        if host not in self.access.hosts and not probe:
            text = (
                "unknown Host header; open followup at the address it printed,"
                " or start it with --allow-host NAME for the name you used"
            )
            await _plain(send, 400, text, as_json=api)
            return
        if method not in SAFE_METHODS and not _same_origin(scope, host):
            await _plain(send, 403, "cross-site request refused", as_json=api)
            return
        length = _header(scope, b"content-length")
        if length.isascii() and length.isdigit() and int(length) > MAX_BODY:
            text = f"request body over {MAX_BODY // (1024 * 1024)} MB"
            await _plain(send, 413, text, as_json=api)
            return
        session = _cookie(scope, SESSION_COOKIE)
        fresh = not _valid_session(session)
        if fresh:
            session = new_session()
        state = scope.setdefault("state", {})
        state["session"] = session
        state["csrf"] = self.access.csrf_token(session)
        # Off loopback a signed-in page offers sign-out.
        state["signed_in"] = self.access.needs_login and session in self.access.sessions
        client = (scope.get("client") or ("?",))[0]
        authorization = _header(scope, b"authorization")
        throttle = self.access.throttle
        throttled = bool(authorization) and throttle.blocked(client)  # before this attempt
        if self.access.needs_store_check(session):
            signouts = self.access.signouts
            assert signouts is not None
            # On the database thread, like every handler (never on the event loop).
            if await anyio.to_thread.run_sync(signouts.revoked, session):
                self.access.revoked.add(session)
        if not path.startswith(_OPEN_PATHS) and not self.access.signed_in(
            session, authorization, client
        ):
            if throttled:
                wait = str(throttle.retry_after(client)).encode()
                text = "too many wrong tokens; try again later"
                await _plain(send, 429, text, [(b"retry-after", wait)], as_json=api)
            elif api or method not in SAFE_METHODS:
                challenge = [(b"www-authenticate", b"Bearer")]
                await _plain(send, 401, "sign in first", challenge, as_json=api)
            else:
                await send_redirect(send, "/login", session if fresh else None)
            return
        static = path.startswith("/static/")
        if method not in SAFE_METHODS and self.cache is not None:
            self.cache.changed()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.extend(_HEADERS)
                if not static:
                    headers.append(_NO_STORE)
                if fresh and not static:
                    headers.append((b"set-cookie", session_cookie(session)))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, _limited(receive), send_with_headers)
        finally:
            if method not in SAFE_METHODS and self.cache is not None:
                self.cache.changed()  # again once the write is done


async def send_redirect(send: Send, location: str, session: str | None) -> None:
    headers = [(b"location", location.encode()), (b"content-length", b"0"), *_HEADERS, _NO_STORE]
    if session is not None:
        headers.append((b"set-cookie", session_cookie(session)))
    await send({"type": "http.response.start", "status": 303, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


def _same_origin(scope: Scope, host: str) -> bool:
    """False when the browser says the request came from another site (G1)."""
    fetch_site = _header(scope, b"sec-fetch-site")
    if fetch_site and fetch_site not in ("same-origin", "none"):
        return False
    origin = _header(scope, b"origin")
    if origin and origin != "null":
        return urlsplit(origin).netloc.lower() == host
    return origin != "null"


def _limited(receive: Receive) -> Receive:
    """Counts body bytes as they arrive, for requests that give no Content-Length."""
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > MAX_BODY:
                raise HTTPException(413, "request body too large")
        return message

    return wrapped


async def check_csrf(request: Request) -> None:
    """Route dependency: a state-changing request must carry its session's CSRF token,
    in the X-CSRF-Token header (htmx, the API) or the csrf_token form field (plain forms)."""
    if request.method in SAFE_METHODS:
        return
    token = request.headers.get(CSRF_HEADER, "")
    if not token:
        kind = request.headers.get("content-type", "")
        if kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            token = value if isinstance(value, str) else ""
    access: Access = request.app.state.access
    if not access.csrf_ok(request.state.session, token):
        raise HTTPException(403, "missing or wrong CSRF token; reload the page and try again")
