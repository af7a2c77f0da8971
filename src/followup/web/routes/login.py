"""Sign in with the login token, needed only when the server listens beyond loopback."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from followup.web.dependencies import PagesDep
from followup.web.security import Access, session_cookie

router = APIRouter(include_in_schema=False)


@router.get("/login", response_class=HTMLResponse)
def form(request: Request, pages: PagesDep) -> HTMLResponse:
    access: Access = request.app.state.access
    return pages.render(
        request, "login.html", {"title": "Sign in", "needed": access.needs_login, "failed": False}
    )


@router.post("/login")
def sign_in(
    request: Request, pages: PagesDep, token: Annotated[str, Form(max_length=200)] = ""
) -> Response:
    access: Access = request.app.state.access
    client = request.client.host if request.client else "?"
    if access.throttle.blocked(client):
        return pages.render(
            request,
            "login.html",
            {"title": "Sign in", "needed": True, "failed": True, "throttled": True},
            status=429,
            headers={"Retry-After": str(access.throttle.retry_after(client))},
        )
    session = access.login(client, token)
    if session is None:
        return pages.render(
            request,
            "login.html",
            {"title": "Sign in", "needed": access.needs_login, "failed": True, "throttled": False},
            status=401,
        )
    access.logout(request.state.session)
    response = RedirectResponse("/", status_code=303)
    response.headers.append("set-cookie", session_cookie(session).decode())
    return response


@router.post("/logout")
def sign_out(request: Request) -> Response:
    access: Access = request.app.state.access
    access.logout(request.state.session)
    response = RedirectResponse("/login", status_code=303)
    response.headers.append("set-cookie", session_cookie("", clear=True).decode())
    return response
