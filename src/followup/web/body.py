"""JSON request bodies read safely: nesting is measured before any parser recurses.

`json.loads` recurses once per level, so `[[[[...` 1,000 deep ended in a RecursionError and a
500 on `POST /api/interviews`, and in a bare 400 elsewhere (issue 17 §2). Every JSON body
passes through `JsonDepthGuard` first; too deep is one 422 naming the body, and so is a JSON
body sent to the API that does not parse (in the error shape the OpenAPI document declares).
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

MAX_DEPTH = 64  # a debrief is 3 levels deep; nothing the API takes comes near this

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)  # quoted text: its brackets don't count
_BRACKET = re.compile(rb"[\[\]{}]")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def nesting(body: bytes, limit: int = MAX_DEPTH) -> int:
    """How deeply the arrays and objects of a JSON text nest (stops counting past `limit`)."""
    depth = deepest = 0
    for found in _BRACKET.finditer(_STRING.sub(b"", body)):
        if found[0] in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                break
        else:
            depth -= 1
    return deepest


def too_deep(body: bytes) -> str:
    """The problem with a body nested past MAX_DEPTH, or ""."""
    if nesting(body) > MAX_DEPTH:
        return f"is nested more than {MAX_DEPTH} levels deep; no request needs that"
    return ""


def malformed(body: bytes) -> str:
    """The problem with a JSON body that does not parse, or "" (an empty body is left to the
    route, which says what it needs). FastAPI would answer a bare 400 for bytes that are not
    text, and "13: JSON decode error" for a syntax error (issue 17 §6)."""
    if not body.strip():
        return ""
    try:
        json.loads(body)  # bytes: UTF-8, -16 or -32, as the route's own parser reads them
    except UnicodeDecodeError:
        return "is not valid JSON (not UTF-8 text)"
    except json.JSONDecodeError as exc:
        return f"is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
    except RecursionError:  # pragma: no cover - too_deep refuses these first
        return f"is nested more than {MAX_DEPTH} levels deep; no request needs that"
    return ""


class JsonDepthGuard:
    """ASGI middleware: a JSON body nested too deeply is refused with 422 before parsing."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:  # the Guard outside has already capped the body's size
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message], receive), send)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        problem = too_deep(body)
        if not problem and _is_api(scope) and _declares_json(scope):
            problem = malformed(body)
        if problem:
            await _refuse(send, problem)
            return
        whole = {"type": "http.request", "body": body, "more_body": False}
        await self.app(scope, _replay([whole], receive), send)


def _is_json(scope: Scope) -> bool:
    """A JSON body, or any body sent to the API: `request.json()` ignores the content type."""
    if _is_api(scope) and scope.get("method") != "GET":
        return True
    return _declares_json(scope)


def _is_api(scope: Scope) -> bool:
    return str(scope.get("path", "")).startswith("/api/")


def _declares_json(scope: Scope) -> bool:
    """Sent as JSON: only then does a route parse the body as JSON."""
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            kind = bytes(value).split(b";", 1)[0].strip().lower()
            return kind == b"application/json" or kind.endswith(b"+json")
    return False


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def again() -> Message:
        return pending.pop(0) if pending else await receive()

    return again


async def _refuse(send: Send, problem: str) -> None:
    body = json.dumps({"error": f"body: {problem}", "field": "body"}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 422,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
