"""GET /healthz on SQLite, and logins that every process sharing a secret recognises
(`serve --workers`, several hosts behind a proxy: issue 18 §5)."""

from __future__ import annotations

from followup.web import create_app
from followup.web.security import Access
from tests.e2e.web.conftest import BASE, Client, make_app

SECRET = b"s" * 32


def test_health_on_sqlite_is_ok_without_a_session() -> None:
    app = make_app()
    try:
        with Client(create_app(app), base_url=BASE) as client:
            response = client.get("/healthz", headers={"Host": "192.0.2.1"})
    finally:
        app.close()
    assert response.status_code == 200
    body = response.json()
    assert (body["database"], body["status"], body["pending"]) == ("sqlite", "ok", [])
    assert "Ada" not in response.text


def test_health_needs_no_login_when_the_rest_does() -> None:
    app = make_app()
    try:
        guarded = create_app(app, host="0.0.0.0", login_token="token-1")  # noqa: S104
        with Client(guarded, base_url=BASE) as client:
            assert client.get("/healthz").status_code == 200
            assert client.get("/api/companies").status_code == 401
    finally:
        app.close()


def test_a_login_made_in_one_process_holds_in_another_with_the_same_secret() -> None:
    one = Access(hosts=None, login_token="t", secret=b"s" * 32)
    two = Access(hosts=None, login_token="t", secret=b"s" * 32)
    stranger = Access(hosts=None, login_token="t")
    session = one.login("client", "t")
    assert session is not None
    assert two.signed_in(session, "") and not stranger.signed_in(session, "")
    assert not two.signed_in("a" * 64, "")


def test_logout_kills_a_signed_session() -> None:
    access = Access(hosts=None, login_token="t", secret=b"s" * 32)
    session = access.login("client", "t")
    assert session is not None
    access.logout(session)
    assert not access.signed_in(session, "")


def test_a_sign_out_in_one_process_holds_in_every_other() -> None:
    """Issue 18 §5: `serve --workers` processes share only the store; a session signed
    out in one is refused at once by another, which never saw the sign-in."""
    first_app, second_app = make_app(), None
    try:
        second_app = make_app()
        one = create_app(first_app, host="0.0.0.0", login_token="t", secret=SECRET)  # noqa: S104
        two = create_app(second_app, host="0.0.0.0", login_token="t", secret=SECRET)  # noqa: S104
        with Client(one, base_url=BASE, follow_redirects=False) as a:
            signed = a.post("/login", data={"token": "t", "csrf_token": a.csrf})
            assert signed.status_code == 303, signed.text
            cookies = dict(a.cookies)
            with Client(two, base_url=BASE, follow_redirects=False, cookies=cookies) as b:
                assert b.get("/api/companies").status_code == 200
                assert a.post("/logout", data={"csrf_token": a.csrf}).status_code == 303
                assert b.get("/api/companies").status_code == 401
                # The store keeps a hash, never the session itself.
                kept = second_app.store.get_meta("web.signed_out") or ""
                assert kept and all(value not in kept for value in cookies.values())
    finally:
        first_app.close()
        if second_app is not None:
            second_app.close()


def test_a_signed_session_expires() -> None:
    now = [1_800_000_000.0]
    access = Access(hosts=None, login_token="t", secret=SECRET, clock=lambda: now[0])
    session = access.login("client", "t")
    assert session is not None
    other = Access(hosts=None, login_token="t", secret=SECRET, clock=lambda: now[0])
    assert other.signed_in(session, "")
    now[0] += access.lifetime + 1
    assert not other.signed_in(session, "")
