"""Team mode's web app on a real PostgreSQL (issue 19): sign-in and session rotation,
CSRF, the sign-in rate limit, API tokens and their revocation, roles, sharing and the
audit log the candidate reads."""

from __future__ import annotations

from followup.services.team import signin
from followup.web.team.auth import TEAM_COOKIE
from tests.integration.teamcohort import Cohort, TeamClient


def test_sign_in_rotates_the_session_no_fixation(client: TeamClient, cohort: Cohort) -> None:
    planted = "attacker-chosen-session-value-attacker-chosen-session-value-1234"
    client.cookies.set(TEAM_COOKIE, planted, domain="testserver.local")
    assert client.get("/api/team/me").status_code == 401
    done = client.sign_in("ada@northfield.test")
    assert done.status_code == 303 and done.headers["location"] == "/"
    issued = client.cookies.get(TEAM_COOKIE)
    assert issued and issued != planted
    assert client.get("/api/team/me").json()["email"] == "ada@northfield.test"
    # the planted value never became a session; a second sign-in issues yet another one
    assert signin.session_user(cohort.team, cohort.app.clock.now(), planted) is None
    client.sign_in("ada@northfield.test")
    assert client.cookies.get(TEAM_COOKIE) not in (issued, planted)
    assert signin.session_user(cohort.team, cohort.app.clock.now(), issued) is None
    client.post("/logout", data={"csrf_token": client.csrf})
    assert client.get("/api/team/me").status_code == 401


def test_csrf_is_required_on_every_state_change(client: TeamClient) -> None:
    client.sign_in("ada@northfield.test")
    refused = client.post("/api/team/me/sharing", json={"on": True})
    assert refused.status_code == 403 and "CSRF" in refused.json()["error"]
    forged = client.post(
        "/api/team/me/sharing", json={"on": True}, headers={"X-CSRF-Token": "x" * 43}
    )
    assert forged.status_code == 403
    assert client.get("/api/team/me").json()["sharing"] is False
    assert client.api("POST", "/api/team/me/sharing", json={"on": True}).status_code == 200
    assert client.get("/api/team/me").json()["sharing"] is True
    # the sign-in form itself needs the anonymous session's token
    with TeamClient(client.app, base_url=str(client.base_url)) as fresh:
        no_token = fresh.post(
            "/login", data={"email": "ada@northfield.test", "password": "correct horse battery"}
        )
        assert no_token.status_code == 403


def test_sign_in_rate_limit_per_account_and_per_address(client: TeamClient, cohort: Cohort) -> None:
    for _ in range(signin.LIMIT_PER_ACCOUNT):
        assert client.sign_in("ada@northfield.test", "wrong password!").status_code == 401
    blocked = client.sign_in("ada@northfield.test")  # even the right password now waits
    assert blocked.status_code == 429 and "too many failed sign-ins" in blocked.text
    assert client.sign_in("bob@northfield.test").status_code == 303  # another account is fine
    # per address: many accounts from one address
    for n in range(signin.LIMIT_PER_ADDRESS):
        client.sign_in(f"nobody{n}@northfield.test", "wrong password!")
    assert client.sign_in("coach1@northfield.test").status_code == 429
    cohort.app.clock.at += signin.WINDOW  # type: ignore[attr-defined]
    assert client.sign_in("ada@northfield.test").status_code == 303


def test_api_tokens_work_hashed_at_rest_and_revocable(client: TeamClient, cohort: Cohort) -> None:
    client.sign_in("ada@northfield.test")
    made = client.api("POST", "/api/team/tokens", json={"name": "script"})
    assert made.status_code == 201
    token, token_id = made.json()["token"], made.json()["id"]
    with cohort.team.db.transaction(None) as conn:
        stored = conn.execute("SELECT token_hash FROM team_tokens").fetchall()
    assert stored == [(signin.digest(token),)] and token not in str(stored)
    with TeamClient(client.app, base_url=str(client.base_url)) as script:
        bearer = {"Authorization": f"Bearer {token}"}
        assert script.get("/api/team/me", headers=bearer).json()["email"] == "ada@northfield.test"
        # a token is not an ambient credential: no CSRF token needed for writes
        assert script.post("/api/team/me/sharing", json={"on": True}, headers=bearer).is_success
        assert script.get("/api/applications", headers=bearer).status_code == 200
        assert client.api("DELETE", f"/api/team/tokens/{token_id}").status_code == 204
        assert script.get("/api/team/me", headers=bearer).status_code == 401
        assert client.get("/api/team/tokens").json()[0]["revoked"] is True


def test_a_coach_reaches_only_their_own_candidates(client: TeamClient, cohort: Cohort) -> None:
    client.sign_in("coach1@northfield.test")
    rows = client.get("/api/team/caseload").json()
    assert [r["email"] for r in rows] == ["ada@northfield.test"]
    assert rows[0]["thank_you_overdue"] == 1 and rows[0]["waiting_past_decision"] == 1
    view = client.get(f"/api/team/candidates/{cohort.ada.id}")
    assert view.status_code == 200 and "ADA-SECRET Engineer" in view.text
    assert "draft body" not in view.text  # status, not drafts
    for other in (cohort.bob.id, cohort.coach2.id, cohort.admin.id, 10**12):
        assert client.get(f"/api/team/candidates/{other}").status_code == 404
        assert client.get(f"/api/team/candidates/{other}/drafts").status_code == 404
    page = client.get("/team/caseload?filter=needs-nudge&sort=name")
    assert page.status_code == 200 and "Ada" in page.text and "Bob" not in page.text
    bad = client.get("/api/team/caseload?sort=shoe-size")
    assert bad.status_code == 422 and "sort" in bad.json()["error"]
    assert client.get("/").status_code == 403  # the personal pages are a candidate's own


def test_drafts_only_while_sharing_is_on(cohort: Cohort) -> None:
    with cohort.client() as coach, cohort.client() as ada:
        coach.sign_in("coach1@northfield.test")
        ada.sign_in("ada@northfield.test")
        drafts = f"/api/team/candidates/{cohort.ada.id}/drafts"
        assert coach.get(drafts).status_code == 403
        page = f"/team/candidates/{cohort.ada.id}"
        assert "has not shared their drafts" in coach.get(page).text
        ada.api("POST", "/api/team/me/sharing", json={"on": True})
        shared = coach.get(drafts)
        assert shared.status_code == 200 and shared.json()[0]["body"] == "ADA-SECRET draft body"
        assert "ADA-SECRET draft body" in coach.get(page).text
        ada.api("POST", "/api/team/me/sharing", json={"on": False})
        assert coach.get(drafts).status_code == 403
        assert ada.get(drafts).status_code == 200  # her own, always


def test_every_coach_look_is_in_the_candidates_audit_log(cohort: Cohort) -> None:
    with cohort.client() as coach, cohort.client() as ada, cohort.client() as bob:
        ada.sign_in("ada@northfield.test")
        bob.sign_in("bob@northfield.test")
        assert ada.get("/api/team/me/audit").json() == []
        coach.sign_in("coach1@northfield.test")
        coach.get(f"/api/team/candidates/{cohort.ada.id}")
        ada.api("POST", "/api/team/me/sharing", json={"on": True})
        coach.get(f"/api/team/candidates/{cohort.ada.id}/drafts")
        log = ada.get("/api/team/me/audit").json()
        assert [(e["actor"], e["action"]) for e in log] == [
            ("coach1@northfield.test", "read drafts"),
            ("coach1@northfield.test", "viewed pipeline"),
        ]
        assert "viewed pipeline" in ada.get("/team/audit").text
        assert bob.get("/api/team/me/audit").json() == []  # the log is behind her wall


def test_an_admin_manages_users_but_reads_no_candidate_data(cohort: Cohort) -> None:
    with cohort.client() as admin:
        assert admin.sign_in("admin@northfield.test").headers["location"] == "/team/users"
        cy = {"email": "cy@northfield.test", "role": "candidate", "coach": "coach1@northfield.test"}
        added = admin.api("POST", "/api/team/users", json=cy)
        assert added.status_code == 201, added.text
        assert len(admin.get("/api/team/users").json()) == 6
        assert admin.get(f"/api/team/candidates/{cohort.ada.id}").status_code == 404
        assert admin.get(f"/api/team/candidates/{cohort.ada.id}/drafts").status_code == 404
        assert admin.get("/api/applications").status_code == 403
        off = admin.api("POST", f"/api/team/users/{cohort.bob.id}/disable")
        assert off.status_code == 200 and off.json()["disabled"] is True
    with cohort.client() as bob:
        assert bob.sign_in("bob@northfield.test").status_code == 401  # disabled
    with cohort.client() as coach:
        coach.sign_in("coach1@northfield.test")
        assert coach.get("/api/team/users").status_code == 403
        assert coach.api("POST", "/api/team/users", json={"email": "z@z.org", "role": "admin"}
                         ).status_code == 403  # fmt: skip


def test_a_candidate_uses_the_personal_app_on_their_own_account(cohort: Cohort) -> None:
    with cohort.client() as ada:
        ada.sign_in("ada@northfield.test")
        page = ada.get("/pipeline")
        assert page.status_code == 200
        assert "ADA-SECRET Engineer" in page.text and "BOB-SECRET" not in page.text
        assert "ADA-SECRET" in ada.get("/api/applications").text


def test_only_the_served_host_names_are_answered(client: TeamClient) -> None:
    """A DNS-rebound page sends its own Host: team mode refuses it, as the personal app does."""
    assert client.get("/login").status_code == 200
    rebound = client.get("/login", headers={"Host": "evil.example"})
    assert rebound.status_code == 400
