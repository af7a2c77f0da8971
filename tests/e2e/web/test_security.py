"""The perimeter (reliability.md §1.3, §1.4, F4, F5, G1-G8): Host allow-list, CSRF,
headers, escaping, login off loopback, the calendar token, body limits."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from followup.bootstrap import App
from followup.web import create_app
from followup.web.security import CSP
from tests.e2e.web.conftest import BASE, NOW, XSS_NAME, Client, Seeded, debrief


@pytest.mark.parametrize(
    "host", ["attacker.example", "attacker.example:8765", "127.0.0.1:9999", ""]
)
def test_g8_unknown_host_is_refused(client: Client, host: str) -> None:
    r = client.get("/", headers={"host": host})
    assert r.status_code == 400 and "Host" in r.text


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost:8765", "[::1]:8765"])
def test_g8_loopback_names_are_served(client: Client, host: str) -> None:
    assert client.get("/", headers={"host": host}).status_code == 200


def test_g1_post_without_token_is_403(client: Client, seeded: Seeded) -> None:
    r = client.post(f"/followups/{seeded.followup_id}/done", data={})
    assert r.status_code == 403
    r = client.post(f"/followups/{seeded.followup_id}/done", headers={"X-CSRF-Token": "0" * 64})
    assert r.status_code == 403
    r = client.post("/api/companies", json={"name": "Evil"})
    assert r.status_code == 403
    assert client.get("/api/companies").json() == [
        c for c in client.get("/api/companies").json() if c["name"] != "Evil"
    ]
    assert client.get(f"/api/followups/{seeded.followup_id}").json()["status"] == "planned"


def test_g1_token_of_another_session_is_refused(app: App) -> None:
    with (
        Client(create_app(app), base_url=BASE) as one,
        Client(create_app(app), base_url=BASE) as two,
    ):
        token = one.csrf
        r = two.post("/api/companies", json={"name": "X"}, headers={"X-CSRF-Token": token})
        assert r.status_code == 403


def test_g1_cross_site_request_is_refused_even_with_a_token(client: Client) -> None:
    token = client.csrf
    for headers in (
        {"Origin": "http://attacker.example"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": "null"},
    ):
        r = client.post(
            "/api/companies", json={"name": "X"}, headers={"X-CSRF-Token": token, **headers}
        )
        assert r.status_code == 403, headers
    ok = client.post(
        "/api/companies",
        json={"name": "Y"},
        headers={"X-CSRF-Token": token, "Origin": BASE, "Sec-Fetch-Site": "same-origin"},
    )
    assert ok.status_code == 201


def test_no_state_change_on_get(client: Client, seeded: Seeded) -> None:
    assert client.get(f"/followups/{seeded.followup_id}/done").status_code == 405
    assert client.get("/settings/calendar/rotate").status_code == 405
    assert client.get(f"/api/followups/{seeded.followup_id}").json()["status"] == "planned"


@pytest.mark.parametrize(
    "path", ["/", "/pipeline", "/settings", "/api/agenda", "/nowhere", "/static/style.css"]
)
def test_g7_security_headers(client: Client, path: str) -> None:
    r = client.get(path)
    csp = r.headers["content-security-policy"]
    assert csp == CSP
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    for directive in (
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "script-src 'self'",
    ):
        assert directive in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"


def test_session_cookie_attributes(client: Client) -> None:
    cookie = client.get("/").headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie


def test_pages_carry_no_inline_script_or_style(client: Client, seeded: Seeded) -> None:
    for path in (
        "/",
        "/pipeline",
        f"/drafts/{seeded.followup_id}",
        "/settings",
        "/habits",
        "/interviews/new",
    ):
        html = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
        assert " style=" not in html and "<style" not in html, path
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), path


def test_f5_stored_payloads_render_inert(client: Client, app: App) -> None:
    payload = debrief(
        NOW - timedelta(hours=3), name=XSS_NAME, company="<script>alert(1)</script> Inc"
    )
    payload["notes"] = "<img src=x onerror=alert(2)> {{7*7}} ${7*7}"
    r = client.api("POST", "/api/interviews", json=payload)
    assert r.status_code == 201, r.text
    followup_id = client.get("/api/agenda", params={"all": "true"}).json()[0]["id"]
    client.api("POST", f"/api/drafts/{followup_id}/compose", json={})
    pages = [
        "/",
        "/pipeline",
        f"/applications/{r.json()['application_id']}",
        f"/drafts/{followup_id}",
        "/network",
        "/habits",
    ]
    for path in pages:
        html = client.get(path).text
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html, path
    detail = client.get(pages[2]).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Inc" in detail
    today = client.get("/").text
    assert "{{constructor.constructor(&#39;alert(1)&#39;)()}}" in today
    assert "&lt;img src=x onerror=alert(1)&gt;" in today


def test_f4_names_are_isolated_for_bidi(client: Client) -> None:
    payload = debrief(NOW - timedelta(hours=3), name="Noor ‮evil", company="Acme")
    client.api("POST", "/api/interviews", json=payload)
    html = client.get("/").text
    assert "<bdi>" in html


def test_body_over_the_limit_is_413(client: Client) -> None:
    big = "x" * (7 * 1024 * 1024)
    r = client.post(
        "/api/lint",
        content=big,
        headers={"X-CSRF-Token": client.csrf, "content-type": "application/json"},
    )
    assert r.status_code == 413


def test_calendar_token_rotation(client: Client, seeded: Seeded, app: App) -> None:
    assert client.get("/calendar.ics").status_code == 404
    settings = client.get("/settings").text
    token = re.search(r"calendar\.ics\?token=([\w-]+)", settings)
    assert token is not None
    old = token.group(1)
    feed = client.get("/calendar.ics", params={"token": old})
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in feed.content and b"BEGIN:VEVENT" in feed.content
    assert client.form("/settings/calendar/rotate", {}).status_code == 303
    assert client.get("/calendar.ics", params={"token": old}).status_code == 404
    new = app.store.get_meta("web.calendar_token")
    assert new and new != old and len(new) >= 40
    assert client.get("/calendar.ics", params={"token": new}).status_code == 200


class TestOffLoopback:
    """Bound to another interface, a login token is required (G2, G3, G5)."""

    @pytest.fixture
    def remote(self, app: App) -> Client:
        asgi = create_app(
            app,
            host="0.0.0.0",  # noqa: S104
            port=8765,
            login_token="right-token-123",
            extra_hosts=["192.0.2.10"],
        )
        return Client(asgi, base_url="http://192.0.2.10:8765", follow_redirects=False)

    def test_a_token_is_made_when_none_is_given(self, app: App) -> None:
        asgi = create_app(app, host="0.0.0.0")  # noqa: S104
        assert asgi.access.needs_login and len(asgi.access.login_token or "") >= 24
        assert not create_app(app).access.needs_login

    def test_pages_and_api_need_login(self, remote: Client) -> None:
        assert remote.get("/").status_code == 303
        assert remote.get("/").headers["location"] == "/login"
        assert remote.get("/api/agenda").status_code == 401
        assert remote.get("/login").status_code == 200
        assert remote.get("/static/style.css").status_code == 200

    def test_login_rotates_the_session_and_logout_kills_it(self, remote: Client) -> None:
        remote.get("/login")
        before = remote.cookies.get("followup_session")
        r = remote.form("/login", {"token": "right-token-123"})
        assert r.status_code == 303
        after = remote.cookies.get("followup_session")
        assert after and after != before
        assert remote.get("/api/agenda").status_code == 200
        remote.form("/logout", {})
        remote.cookies.set("followup_session", after)
        assert remote.get("/api/agenda").status_code == 401

    def test_bearer_token_works_for_scripts(self, remote: Client) -> None:
        r = remote.get("/api/agenda", headers={"Authorization": "Bearer right-token-123"})
        assert r.status_code == 200
        r = remote.get("/api/agenda", headers={"Authorization": "Bearer wrong"})
        assert r.status_code == 401

    def test_g5_bad_logins_are_throttled_not_locked(self, remote: Client, app: App) -> None:
        remote.get("/login")
        codes = [remote.form("/login", {"token": f"wrong-{i}"}).status_code for i in range(7)]
        assert codes[:5] == [401] * 5 and codes[5:] == [429, 429]
        access = remote.app.access  # type: ignore[attr-defined]
        access.throttle.failures.clear()  # the window passed
        assert remote.form("/login", {"token": "right-token-123"}).status_code == 303
