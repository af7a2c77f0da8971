"""GET /healthz on SQLite, and logins that every process sharing a secret recognises
(`serve --workers`, several hosts behind a proxy: issue 18 §5)."""

from __future__ import annotations

from followup.web import create_app
from followup.web.security import Access
from tests.e2e.web.conftest import BASE, Client, make_app


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
