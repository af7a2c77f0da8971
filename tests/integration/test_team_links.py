"""Team mode's one-time links on a real PostgreSQL and a real SMTP server (aiosmtpd on
loopback) (issue 19): sign-in links by mail through the organisation's relay, invite
links that expire, the proxy-aware per-address limit, and session hygiene."""

from __future__ import annotations

import email
import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import policy
from pathlib import Path

import pytest

from followup.adapters.store.postgres.team import PostgresTeam
from followup.services.team import links, signin, users
from followup.web.team.app import create_team_app
from followup.web.team.auth import TEAM_COOKIE
from tests.conftest import Invoke
from tests.integration.mailservers import PASSWORD as SMTP_PASSWORD
from tests.integration.mailservers import SmtpServer, make_cert
from tests.integration.teamcohort import BASE, PASSWORD, Cohort, TeamClient, make_cohort

pytestmark = pytest.mark.filterwarnings(
    "ignore:Session.login_data is deprecated:DeprecationWarning"
)
SENT = "If that address belongs to an account here, a sign-in link is on its way."


@pytest.fixture(scope="module")
def relay(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmtpServer]:
    with SmtpServer(tls="starttls", cert=make_cert(tmp_path_factory.mktemp("tls"))) as server:
        yield server


@pytest.fixture
def cohort(
    team: PostgresTeam, tmp_path: Path, relay: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> Cohort:
    """The cohort, its config naming the relay as the organisation's [mail.smtp]."""
    relay.handler.reset()
    home = tmp_path / "home"
    home.mkdir()
    smtp = relay.account(password_env="TEAM_SMTP_PASSWORD")
    table = "\n".join(
        f"{k} = {v!r}" if isinstance(v, str) else f"{k} = {v}" for k, v in smtp.items()
    )
    (home / "config.toml").write_text(
        '[mail]\nfrom = "careers@northfield.test"\nfrom_name = "Northfield Careers"\n'
        f"[mail.smtp]\n{table}\n".replace("'", '"')
    )
    monkeypatch.setenv("TEAM_SMTP_PASSWORD", SMTP_PASSWORD)
    return make_cohort(team, str(home))


def _mails(relay: SmtpServer) -> list[tuple[list[str], str]]:
    found = []
    for rcpts, raw in relay.handler.got:
        message = email.message_from_bytes(raw, policy=policy.default)
        body = message.get_body()
        assert body is not None
        found.append((rcpts, str(body.get_content())))
    return found


def _ask(client: TeamClient, address: str) -> str:
    answer = client.post("/login/link", data={"email": address, "csrf_token": client.csrf})
    assert answer.status_code == 200, answer.text
    return str(answer.text)


def _token_from(text: str, path: str = "login/link") -> str:
    found = re.search(rf"{BASE}/{path}/([\w-]+)", text)
    assert found, text
    return found.group(1)


def test_a_sign_in_link_by_mail_signs_in_once(
    client: TeamClient, cohort: Cohort, relay: SmtpServer
) -> None:
    planted = "planted-session-value-planted-session-value-planted-0001"
    client.cookies.set(TEAM_COOKIE, planted, domain="testserver.local")
    page = _ask(client, "Ada@Northfield.test")
    assert SENT in page
    [(rcpts, body)] = _mails(relay)
    assert rcpts == ["ada@northfield.test"] and "within 15 minutes" in body
    token = _token_from(body)
    # stored hashed: the token itself is in no column of the links table
    with cohort.team.db.transaction(None) as conn:
        rows = conn.execute("SELECT id_hash, purpose FROM team_links").fetchall()
    assert rows == [(hashlib.sha256(token.encode()).hexdigest(), "signin")]
    # opening the link (a mail scanner would) does not use it: a button does
    landing = client.get(f"/login/link/{token}")
    assert landing.status_code == 200 and f'action="/login/link/{token}"' in landing.text
    done = client.post(f"/login/link/{token}", data={"csrf_token": client.csrf})
    assert done.status_code == 303 and done.headers["location"] == "/"
    issued = client.cookies.get(TEAM_COOKIE)
    assert issued and issued != planted  # a new session, never the planted one
    assert client.get("/api/team/me").json()["email"] == "ada@northfield.test"
    again = client.post(f"/login/link/{token}", data={"csrf_token": client.csrf})
    assert again.status_code == 410 and "already been used" in again.text
    assert client.get(f"/login/link/{token}").status_code == 410


def test_unknown_addresses_get_the_same_answer_and_no_mail(
    client: TeamClient, cohort: Cohort, relay: SmtpServer
) -> None:
    known = _ask(client, "ada@northfield.test")
    unknown = _ask(client, "nobody@northfield.test")
    malformed = _ask(client, "not an address")
    assert known == unknown == malformed
    assert [rcpts for rcpts, _ in _mails(relay)] == [["ada@northfield.test"]]
    cohort.team.update_user(cohort.bob.id, disabled=True)
    assert _ask(client, "bob@northfield.test") == known
    assert len(relay.handler.got) == 1  # a disabled user gets no link either


def test_a_sign_in_link_expires_and_only_the_latest_works(
    client: TeamClient, cohort: Cohort, relay: SmtpServer
) -> None:
    _ask(client, "ada@northfield.test")
    first = _token_from(_mails(relay)[0][1])
    _ask(client, "ada@northfield.test")
    second = _token_from(_mails(relay)[1][1])
    assert client.get(f"/login/link/{first}").status_code == 404  # replaced: unknown now
    cohort.app.clock.at += links.SIGNIN_LINK_LIFETIME + timedelta(seconds=1)  # type: ignore[attr-defined]
    expired = client.post(f"/login/link/{second}", data={"csrf_token": client.csrf})
    assert expired.status_code == 410 and "has expired" in expired.text
    assert client.get("/api/team/me").status_code == 401
    bogus = client.post("/login/link/" + "x" * 43, data={"csrf_token": client.csrf})
    assert bogus.status_code == 404 and "not valid" in bogus.text


def test_link_requests_are_rate_limited_like_sign_in(
    client: TeamClient, cohort: Cohort, relay: SmtpServer
) -> None:
    for _ in range(signin.LIMIT_PER_ACCOUNT):
        _ask(client, "ada@northfield.test")
    blocked = client.post(
        "/login/link", data={"email": "ada@northfield.test", "csrf_token": client.csrf}
    )
    assert blocked.status_code == 429 and "too many" in blocked.text
    assert len(relay.handler.got) == signin.LIMIT_PER_ACCOUNT
    # an unknown address is limited exactly alike: the limit tells nothing either
    for _ in range(signin.LIMIT_PER_ACCOUNT):
        _ask(client, "nobody@northfield.test")
    refused = client.post(
        "/login/link", data={"email": "nobody@northfield.test", "csrf_token": client.csrf}
    )
    assert refused.status_code == 429
    # and per address, across accounts (with failed password sign-ins)
    for n in range(signin.LIMIT_PER_ADDRESS - 2 * signin.LIMIT_PER_ACCOUNT):
        client.post("/login/link", data={"email": f"x{n}@n.test", "csrf_token": client.csrf})
    assert client.sign_in("bob@northfield.test").status_code == 429


def test_without_a_relay_the_link_form_says_so_in_one_line(
    team: PostgresTeam, tmp_path: Path
) -> None:
    bare = make_cohort(team, str(tmp_path / "bare"))
    with bare.client() as client:
        answer = client.post(
            "/login/link", data={"email": "ada@northfield.test", "csrf_token": client.csrf}
        )
    assert answer.status_code == 503 and "set [mail.smtp]" in answer.text


# --- invites -------------------------------------------------------------------------------
def test_an_admin_invites_and_the_link_sets_a_password_once(
    client: TeamClient, cohort: Cohort, relay: SmtpServer
) -> None:
    client.sign_in("admin@northfield.test")
    made = client.api(
        "POST",
        "/api/team/invites",
        json={"email": "cy@northfield.test", "coach": "coach1@northfield.test", "send": True},
    )
    assert made.status_code == 201, made.text
    link = made.json()["link"]
    assert made.json()["mail"] == "sent" and made.json()["days"] == 7
    [(rcpts, body)] = _mails(relay)
    assert rcpts == ["cy@northfield.test"] and link in body
    cy = cohort.team.user_by_email("cy@northfield.test")
    assert cy is not None and cy.coach_id == cohort.coach1.id
    token = _token_from(link, "invite")
    with cohort.client() as newcomer:
        form = newcomer.get(f"/invite/{token}")
        assert form.status_code == 200 and "cy@northfield.test" in form.text
        short = newcomer.post(f"/invite/{token}", data={
            "password": "short", "confirm": "short", "csrf_token": newcomer.csrf})  # fmt: skip
        assert short.status_code == 422 and "shorter than 10" in short.text
        done = newcomer.post(f"/invite/{token}", data={
            "password": PASSWORD, "confirm": PASSWORD, "csrf_token": newcomer.csrf})  # fmt: skip
        assert done.status_code == 303 and done.headers["location"] == "/"
        assert newcomer.get("/api/team/me").json()["email"] == "cy@northfield.test"
        used = newcomer.get(f"/invite/{token}")
        assert used.status_code == 410 and "already been used" in used.text
        reused = newcomer.post(f"/invite/{token}", data={
            "password": "another password", "confirm": "another password",
            "csrf_token": newcomer.csrf})  # fmt: skip
        assert reused.status_code == 410
    with cohort.client() as later:  # the password set through the invite is the one
        assert later.sign_in("cy@northfield.test").status_code == 303
        assert later.sign_in("cy@northfield.test", "another password").status_code == 401


def test_an_expired_invite_is_refused_with_a_clear_page(client: TeamClient, cohort: Cohort) -> None:
    client.sign_in("admin@northfield.test")
    made = client.api("POST", "/api/team/invites", json={"email": "dee@n.test", "days": 1})
    token = _token_from(made.json()["link"], "invite")
    cohort.app.clock.at += timedelta(days=1, seconds=1)  # type: ignore[attr-defined]
    with cohort.client() as late:
        page = late.get(f"/invite/{token}")
        assert page.status_code == 410 and "This link has expired" in page.text
        post = late.post(f"/invite/{token}", data={
            "password": PASSWORD, "confirm": PASSWORD, "csrf_token": late.csrf})  # fmt: skip
        assert post.status_code == 410
    dee = cohort.team.user_by_email("dee@n.test")
    assert dee is not None and cohort.team.password_hash(dee.id) == ""
    # a new invite for the same person (no password yet) works; one with a password is refused
    client.sign_in("admin@northfield.test")  # a day later: a new session
    again = client.api("POST", "/api/team/invites", json={"email": "dee@n.test"})
    assert again.status_code == 201
    has = client.api("POST", "/api/team/invites", json={"email": "ada@northfield.test"})
    assert has.status_code == 422 and "has a password already" in has.json()["error"]


def test_a_coach_invites_only_candidates_of_their_own(client: TeamClient, cohort: Cohort) -> None:
    client.sign_in("coach1@northfield.test")
    made = client.api("POST", "/api/team/invites", json={"email": "eve@n.test"})
    assert made.status_code == 201
    eve = cohort.team.user_by_email("eve@n.test")
    assert eve is not None and eve.coach_id == cohort.coach1.id
    for body in ({"email": "f@n.test", "role": "coach"},
                 {"email": "g@n.test", "coach": "coach2@northfield.test"}):  # fmt: skip
        refused = client.api("POST", "/api/team/invites", json=body)
        assert refused.status_code == 403, refused.text
    page = client.post("/team/invites", data={"email": "h@n.test", "csrf_token": client.csrf})
    assert page.status_code == 200 and f"{BASE}/invite/" in page.text
    with cohort.client() as ada:
        ada.sign_in("ada@northfield.test")
        assert ada.api("POST", "/api/team/invites", json={"email": "i@n.test"}).status_code == 403
        assert ada.get("/team/invites").status_code == 403
    assert cohort.team.user_by_email("i@n.test") is None


def test_user_invite_on_the_command_line(run: Invoke, team_url: str, team: PostgresTeam) -> None:
    assert run("team", "init", "--org", "N", "--admin", "a@n.test").exit_code == 0
    done = run("user", "invite", "c@n.test", "--role", "coach", "--days", "3",
               "--url", "https://careers.n.test/")  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "invite for c@n.test (coach), 3 day(s):" in done.stdout
    found = re.search(r"https://careers\.n\.test/invite/([\w-]+)", done.stdout)
    assert found
    coach = team.user_by_email("c@n.test")
    assert coach is not None and coach.role.value == "coach"
    digest = hashlib.sha256(found.group(1).encode()).hexdigest()
    assert team.link(digest, "invite", datetime.now(UTC), use=False) == ("ok", coach)
    later = datetime.now(UTC) + timedelta(days=3, minutes=1)
    assert team.link(digest, "invite", later, use=False) == ("expired", None)
    bad = run("user", "invite", "x@n.test", "--url", "javascript:alert(1)")
    assert bad.exit_code != 0 and bad.stderr.strip().startswith("error: --url:")
    assert team.user_by_email("x@n.test") is None


# --- hygiene -------------------------------------------------------------------------------
def _fail_from(client: TeamClient, n: int, forwarded: str | None) -> int:
    """A failed password sign-in for a new account each time; the last status."""
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    answer = client.post(
        "/login",
        headers=headers,
        data={
            "email": f"nobody{n}@n.test",
            "password": "wrong password!",
            "csrf_token": client.csrf,
        },
    )
    return int(answer.status_code)


def test_x_forwarded_for_counts_only_from_a_trusted_proxy(cohort: Cohort) -> None:
    # untrusted (the default): a forged X-Forwarded-For changes nothing, the peer is limited
    with cohort.client() as direct:
        codes = [_fail_from(direct, n, f"203.0.113.{n}") for n in range(signin.LIMIT_PER_ADDRESS)]
        assert set(codes) == {401}
        assert _fail_from(direct, 99, "198.51.100.7") == 429
    cohort.app.clock.at += signin.WINDOW  # type: ignore[attr-defined]
    # behind a trusted proxy ("testclient" is the TestClient's peer): each client its own
    app = create_team_app(cohort.app, "testserver", 80, trusted_proxies=frozenset({"testclient"}))
    with TeamClient(app, base_url=BASE, follow_redirects=False) as proxied:
        for n in range(signin.LIMIT_PER_ADDRESS):
            assert _fail_from(proxied, n, f"203.0.113.{n}, testclient") == 401
        for n in range(signin.LIMIT_PER_ADDRESS):
            _fail_from(proxied, 100 + n, "198.51.100.7")
        assert _fail_from(proxied, 200, "198.51.100.7") == 429  # that one client is limited
        assert _fail_from(proxied, 201, "198.51.100.8") == 401  # another is not
        # a client cannot hide behind a hop it adds itself: the nearest untrusted hop counts
        assert _fail_from(proxied, 202, "10.9.9.9, 198.51.100.7") == 429


def test_candidate_pages_offer_sign_out(client: TeamClient) -> None:
    client.sign_in("ada@northfield.test")
    today = client.get("/")
    assert today.status_code == 200 and 'action="/logout"' in today.text
    out = client.post("/logout", data={"csrf_token": client.csrf})
    assert out.status_code == 303
    assert client.get("/").status_code == 303  # back to the sign-in page


def test_expired_sessions_are_deleted_at_the_next_sign_in(
    client: TeamClient, cohort: Cohort
) -> None:
    client.sign_in("ada@northfield.test")
    cohort.app.clock.at += signin.SESSION_LIFETIME + timedelta(minutes=1)  # type: ignore[attr-defined]
    with cohort.client() as other:
        other.sign_in("bob@northfield.test")
    with cohort.team.db.transaction(None) as conn:
        left = conn.execute("SELECT user_id FROM team_sessions ORDER BY user_id").fetchall()
    assert left == [(cohort.bob.id,)]


def test_an_admin_keeps_an_admin(client: TeamClient, cohort: Cohort, run: Invoke) -> None:
    client.sign_in("admin@northfield.test")
    own = client.api("POST", f"/api/team/users/{cohort.admin.id}/disable")
    assert own.status_code == 403 and "cannot disable themselves" in own.json()["error"]
    done = run("user", "disable", "admin@northfield.test")  # the operator: the last admin
    assert done.exit_code != 0 and "is the last admin" in done.stderr
    deleted = run("user", "delete", "admin@northfield.test", "--yes")
    assert deleted.exit_code != 0 and "is the last admin" in deleted.stderr
    second = users.add(cohort.team, cohort.app.clock.now(), "admin2@n.test", "admin")
    assert run("user", "disable", "admin@northfield.test").exit_code == 0
    assert cohort.team.user(cohort.admin.id).disabled
    assert not cohort.team.user(second.id).disabled
