"""A candidate deletes their account in team mode, on a real PostgreSQL (issue 19): export
first, then every record, the outbox with its messages, the audit log, sessions, tokens
and links go; every table is searched afterwards for anything of theirs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from followup.adapters.store.postgres.team import PostgresTeam
from followup.domain.mail.outbox import Via, new_entry
from followup.domain.records.team import User
from followup.services.team import links, signin
from followup.web.team.auth import TEAM_COOKIE
from tests.conftest import Invoke
from tests.integration.teamcohort import NOW, Cohort, TeamClient, make_cohort

SECRET = "ADA-SECRET"


@pytest.fixture
def cohort(team: PostgresTeam, tmp_path: Path) -> Cohort:
    made = make_cohort(team, str(tmp_path / "home"))
    for person in (made.ada, made.bob):  # an outbox entry each: the mail of theirs
        assert person.account_id is not None
        marker = "ADA-SECRET" if person is made.ada else "BOB-SECRET"
        team.store_for(person.account_id).outbox.add(new_entry(
            message_id=f"<{marker.lower()}-1@northfield.test>", followup_id=None, via=Via.SMTP,
            sender=person.email, recipients=["hr@acme.test"], subject=f"{marker} subject",
            raw=f"Subject: {marker}\r\n\r\n{marker} body\r\n".encode(), now=NOW))  # fmt: skip
        # Their own mail account (issue 19 §3): deletion removes the credentials too.
        mail = {"use": "own", "smtp": {"user": f"{marker}-mail"}, "password": f"{marker}-x"}
        team.store_for(person.account_id).set_meta("mail.account", json.dumps(mail))
    return made


def _traces(team: PostgresTeam, user: User, needles: list[str]) -> dict[str, int]:
    """Every table with rows of `user`: by account id, by user id in any column that
    refers to users, or holding any needle as text (bytea as hex too)."""
    assert user.account_id is not None
    found: dict[str, int] = {}
    with team.db.transaction(user.account_id) as conn:  # her wall, if anything remained
        tables = [r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'").fetchall()]  # fmt: skip
        assert len(tables) > 15, tables
        for table in tables:
            columns = {
                r[0]
                for r in conn.execute(
                    "SELECT column_name FROM information_schema.columns"
                    " WHERE table_schema = 'public' AND table_name = %s",
                    (table,),
                ).fetchall()
            }
            tests, args = [], []
            if "account_id" in columns:
                tests.append("account_id = %s")
                args.append(user.account_id)
            if table == "accounts":
                tests.append("id = %s")
                args.append(user.account_id)
            if table == "team_users":
                tests.append("id = %s")
                args.append(user.id)
            for column in ("user_id", "coach_id", "actor_id"):
                if column in columns:
                    tests.append(f"{column} = %s")
                    args.append(user.id)
            for needle in needles:
                tests.append(f"{table}::text ILIKE %s OR {table}::text ILIKE %s")
                args += [f"%{needle}%", f"%{needle.encode().hex()}%"]
            count = conn.execute(
                f'SELECT count(*) FROM "{table}" WHERE {" OR ".join(tests)}', args
            ).fetchone()
            assert count is not None
            if count[0]:
                found[table] = int(count[0])
    return found


def test_a_candidate_exports_then_deletes_and_nothing_of_hers_remains(
    client: TeamClient, cohort: Cohort
) -> None:
    team, ada = cohort.team, cohort.ada
    assert client.sign_in("ada@northfield.test").status_code == 303
    token = client.api("POST", "/api/team/tokens", json={"name": "script"}).json()["token"]
    client.api("POST", "/api/team/me/sharing", json={"on": True})
    with cohort.client() as coach:  # her coach looks: her audit log has rows
        coach.sign_in("coach1@northfield.test")
        assert coach.get(f"/api/team/candidates/{ada.id}/drafts").status_code == 200
    links.request_signin(team, NOW, ada.email, "192.0.2.1")  # a sign-in link outstanding
    needles = [ada.email, SECRET]
    before = _traces(team, ada, needles)
    for table in ("accounts", "team_users", "profile", "companies", "applications", "followups",
                  "outbox", "audit_log", "team_sessions", "team_tokens", "team_links"):  # fmt: skip
        assert table in before, (table, before)
    bob_before = _traces(team, cohort.bob, [cohort.bob.email, "BOB-SECRET"])

    page = client.get("/team/account")
    assert page.status_code == 200 and 'href="/team/account/export"' in page.text
    export = client.get("/team/account/export")
    assert export.status_code == 200 and "attachment" in export.headers["content-disposition"]
    assert SECRET in export.text and json.loads(export.text)
    wrong = client.post("/team/account/delete", data={"confirm": "bob@northfield.test",
                                                      "csrf_token": client.csrf})  # fmt: skip
    assert wrong.status_code == 422 and "type your email address" in wrong.text
    assert _traces(team, ada, needles) == before

    done = client.post("/team/account/delete", data={"confirm": "Ada@Northfield.test",
                                                     "csrf_token": client.csrf})  # fmt: skip
    assert done.status_code == 200 and "Your account is deleted" in done.text
    assert f"{TEAM_COOKIE}=;" in done.headers["set-cookie"]
    assert _traces(team, ada, needles) == {}
    assert client.get("/api/team/me").status_code == 401
    bearer = client.get("/api/team/me", headers={"Authorization": f"Bearer {token}"})
    assert bearer.status_code == 401
    assert signin.token_user(team, token) is None
    # Bob is untouched, and the organisation's log says an account went, naming nobody
    assert _traces(team, cohort.bob, [cohort.bob.email, "BOB-SECRET"]) == bob_before
    log = team.events()  # sign-ins and enrolments too, none of them naming her any more
    assert log[0][1:] == ("the account holder", "candidate", "deleted an account",
                          "a candidate account")  # fmt: skip
    assert "ada@" not in repr(log) and ("a deleted user", "candidate", "signed in",
                                        "password") in [e[1:] for e in log]  # fmt: skip
    with cohort.client() as again:
        assert again.sign_in("ada@northfield.test").status_code == 401
        again.sign_in("admin@northfield.test")
        shown = again.get("/api/team/events").json()
        assert "the account holder" in [e["actor"] for e in shown] and "ada@" not in repr(shown)
        again.sign_in("coach1@northfield.test")
        assert again.get("/api/team/events").status_code == 403


def test_the_api_deletes_only_with_the_callers_own_address(
    client: TeamClient, cohort: Cohort
) -> None:
    client.sign_in("bob@northfield.test")
    refused = client.api("POST", "/api/team/me/delete", json={"confirm": "ada@northfield.test"})
    assert refused.status_code == 422
    assert cohort.team.user_by_email("ada@northfield.test") is not None
    assert cohort.team.user_by_email("bob@northfield.test") is not None
    done = client.api("POST", "/api/team/me/delete", json={"confirm": "bob@northfield.test"})
    assert done.status_code == 200 and done.json() == {"deleted": "bob@northfield.test"}
    assert _traces(cohort.team, cohort.bob, [cohort.bob.email, "BOB-SECRET"]) == {}
    assert cohort.team.user_by_email("ada@northfield.test") is not None
    with cohort.client() as coach:  # only candidates have an account to delete on the web
        coach.sign_in("coach1@northfield.test")
        assert coach.api("POST", "/api/team/me/delete",
                         json={"confirm": "coach1@northfield.test"}).status_code == 403  # fmt: skip
        assert coach.get("/team/account").status_code == 403


def test_user_delete_on_the_command_line(run: Invoke, cohort: Cohort) -> None:
    team = cohort.team
    asked = run("user", "delete", "ada@northfield.test", input="n\n")
    assert asked.exit_code != 0 and team.user_by_email("ada@northfield.test") is not None
    done = run("user", "delete", "ada@northfield.test", "--yes")
    assert done.exit_code == 0, done.output
    assert "deleted ada@northfield.test" in done.stdout
    assert _traces(team, cohort.ada, [cohort.ada.email, SECRET]) == {}
    # a coach: their candidates stay, without a coach; their name stays in those audit logs
    assert run("user", "delete", "coach2@northfield.test", "--yes").exit_code == 0
    bob = team.user(cohort.bob.id)
    assert bob.coach_id is None and bob.account_id is not None
    missing = run("user", "delete", "nobody@northfield.test", "--yes")
    assert missing.exit_code != 0 and missing.stderr.strip() == (
        "error: email: no user nobody@northfield.test"
    )
    assert [e[1:4:2] for e in team.events()[:2]] == [
        ("the operator (command line)", "deleted an account")
    ] * 2
