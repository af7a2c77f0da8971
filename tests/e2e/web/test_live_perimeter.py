"""The perimeter off loopback, over real HTTP on loopback (issue 17 §6): signed-in pages
offer sign-out, wrong bearer tokens are throttled like wrong sign-ins (G5), and bound to
every interface the Host allow-list still holds (G8)."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator

import httpx
import pytest

from followup.bootstrap import App
from followup.web import create_app
from tests.e2e.web.conftest import LiveServer

TOKEN = "right-token-123"


@pytest.fixture
def remote(app: App) -> Iterator[LiveServer]:
    """The server as `followup serve --host 0.0.0.0` makes it, listening on loopback."""
    make = lambda port: create_app(app, host="0.0.0.0", port=port, login_token=TOKEN)  # noqa: E731,S104
    with LiveServer(make) as server:
        yield server


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def test_signed_in_pages_offer_sign_out(remote: LiveServer) -> None:
    with httpx.Client(base_url=remote.url) as http:
        assert "Sign out" not in http.get("/login").text  # not signed in yet
        signed = http.post(
            "/login", data={"csrf_token": _csrf(http.get("/login").text), "token": TOKEN}
        )
        assert signed.status_code == 303
        for path in ("/", "/pipeline", "/network", "/habits", "/settings", "/interviews/new"):
            page = http.get(path)
            assert page.status_code == 200, path
            assert 'action="/logout"' in page.text and "Sign out" in page.text, path
        out = http.post("/logout", data={"csrf_token": _csrf(http.get("/").text)})
        assert out.status_code == 303 and out.headers["location"] == "/login"
        assert http.get("/api/agenda").status_code == 401
        assert http.get("/").headers["location"] == "/login"


def test_on_loopback_there_is_nothing_to_sign_out_of(app: App) -> None:
    with LiveServer(lambda port: create_app(app, port=port)) as server:
        page = httpx.get(server.url + "/")
        assert page.status_code == 200 and "Sign out" not in page.text


def test_g5_wrong_bearer_tokens_are_throttled_like_sign_ins(remote: LiveServer) -> None:
    with httpx.Client(base_url=remote.url) as http:
        answers = [
            http.get("/api/agenda", headers={"Authorization": f"Bearer wrong-{i}"})
            for i in range(7)
        ]
        assert [r.status_code for r in answers] == [401] * 5 + [429] * 2
        throttled = answers[-1]
        assert 1 <= int(throttled.headers["retry-after"]) <= 60
        assert throttled.json()["error"]
        # While throttled even the right token waits, as the sign-in form does.
        right = http.get("/api/agenda", headers={"Authorization": f"Bearer {TOKEN}"})
        assert right.status_code == 429
        form = http.post(
            "/login", data={"csrf_token": _csrf(http.get("/login").text), "token": TOKEN}
        )
        assert form.status_code == 429 and "retry-after" in form.headers


def test_g5_the_throttle_forgets_after_its_window(remote: LiveServer, app: App) -> None:
    with httpx.Client(base_url=remote.url) as http:
        for i in range(5):
            http.get("/api/agenda", headers={"Authorization": f"Bearer wrong-{i}"})
        assert http.get("/api/agenda", headers={"Authorization": "Bearer x"}).status_code == 429
        remote.server.config.app.access.throttle.failures.clear()  # the minute passed
        right = http.get("/api/agenda", headers={"Authorization": f"Bearer {TOKEN}"})
        assert right.status_code == 200


@pytest.mark.parametrize("public", [(), ("followup.example.net",)])
def test_g8_bound_to_every_interface_the_host_allow_list_holds(
    app: App, public: tuple[str, ...]
) -> None:
    def make(port: int) -> object:
        return create_app(app, host="0.0.0.0", port=port, login_token=TOKEN, extra_hosts=public)  # noqa: S104

    with LiveServer(make) as server:
        port = server.port

        def status(host: str) -> int:
            return httpx.get(server.url + "/api/agenda", headers={"Host": host}).status_code

        for foreign in ("attacker.example", f"attacker.example:{port}", f"0.0.0.0:{port}", ""):
            assert status(foreign) == 400, foreign
        # This machine's own names are served (then the login token is asked for).
        assert status(f"127.0.0.1:{port}") == 401
        assert status(f"{socket.gethostname().lower()}:{port}") == 401
        for name in public:
            assert status(f"{name}:{port}") == 401
