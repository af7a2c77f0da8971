"""Coaches' comments on shared drafts, on a real PostgreSQL (issue 19): a coach comments
only on an assigned candidate's draft while she shares it; each comment is audit-logged
and shown, escaped, on her draft page; nobody else reaches it; and no route lets a coach
send for her."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from followup.adapters.store.postgres.team import PostgresTeam
from followup.domain.records.followups import Status
from followup.domain.records.model import Contact
from tests.integration.teamcohort import Cohort, TeamClient, make_cohort
from tests.integration.test_team_isolation import operations


@pytest.fixture
def cohort(team: PostgresTeam, tmp_path: Path) -> Cohort:
    made = make_cohort(team, str(tmp_path / "home"))
    assert made.ada.account_id is not None
    store = team.store_for(made.ada.account_id)  # her draft gets a recipient: it can render
    contact = store.contacts.add(Contact(name="Grace Hopper", email="grace@acme.test"))
    store.followups.save(
        [replace(f, contact_id=contact.id) for f in store.followups.list()
         if f.status is Status.DRAFTED]
    )  # fmt: skip
    return made


@pytest.fixture
def clients(cohort: Cohort) -> Iterator[tuple[TeamClient, TeamClient]]:
    """Ada (sharing on) and her coach, both signed in."""
    with cohort.client() as ada, cohort.client() as coach:
        ada.sign_in(cohort.ada.email)
        coach.sign_in(cohort.coach1.email)
        assert ada.api("POST", "/api/team/me/sharing", json={"on": True}).status_code == 200
        yield ada, coach


def _draft_id(cohort: Cohort) -> int:
    assert cohort.ada.account_id is not None
    store = cohort.team.store_for(cohort.ada.account_id)
    return next(f.id for f in store.followups.list() if f.status is Status.DRAFTED and f.id)


def _url(cohort: Cohort, draft: int) -> str:
    return f"/api/team/candidates/{cohort.ada.id}/drafts/{draft}/comments"


def test_a_coach_comments_and_the_candidate_reads_it_escaped(
    cohort: Cohort, clients: tuple[TeamClient, TeamClient]
) -> None:
    ada, coach = clients
    draft = _draft_id(cohort)
    said = coach.api("POST", _url(cohort, draft), json={"body": "  Lead with <b>thanks</b>  "})
    assert said.status_code == 201, said.text
    assert said.json()["body"] == "Lead with <b>thanks</b>"
    assert said.json()["author"] == cohort.coach1.email
    # the candidate's own draft page shows it, escaped (never as markup)
    page = ada.get(f"/drafts/{draft}")
    assert page.status_code == 200, page.text
    assert 'id="coach-comments"' in page.text
    assert "Lead with &lt;b&gt;thanks&lt;/b&gt;" in page.text and "<b>thanks</b>" not in page.text
    # the coach's page of the shared draft shows it too, and the form posts another
    form = coach.post(
        f"/team/candidates/{cohort.ada.id}/drafts/{draft}/comments",
        data={"body": "<script>alert(1)</script>", "csrf_token": coach.csrf},
    )
    assert form.status_code == 303
    shown = coach.get(form.headers["location"])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown.text
    assert "<script>alert(1)" not in shown.text
    listed = ada.get(_url(cohort, draft)).json()
    assert [c["body"] for c in listed] == ["Lead with <b>thanks</b>", "<script>alert(1)</script>"]
    # each comment is in her audit log
    audit = ada.get("/api/team/me/audit").json()
    assert [e["action"] for e in audit].count("commented on a draft") == 2
    assert all(e["actor"] == cohort.coach1.email for e in audit if "comment" in e["action"])


def test_comments_only_while_sharing_and_only_by_her_coach(
    cohort: Cohort, clients: tuple[TeamClient, TeamClient]
) -> None:
    ada, coach = clients
    draft = _draft_id(cohort)
    assert coach.api("POST", _url(cohort, draft), json={"body": "first"}).status_code == 201
    ada.api("POST", "/api/team/me/sharing", json={"on": False})
    refused = coach.api("POST", _url(cohort, draft), json={"body": "second"})
    assert refused.status_code == 403 and "does not share" in refused.json()["error"]
    assert coach.get(_url(cohort, draft)).status_code == 403  # reading them stops too
    ada.api("POST", "/api/team/me/sharing", json={"on": True})
    with cohort.client() as other:
        for who in (cohort.coach2.email, cohort.bob.email, cohort.admin.email):
            other.sign_in(who)
            for method in ("GET", "POST"):
                answer = other.api(method, _url(cohort, draft), json={"body": "probe"})
                assert answer.status_code in (403, 404), (who, method, answer.text)
                assert "first" not in answer.text
    # not a draft (her planned thank-you), an unknown id, an empty or overlong comment
    assert ada.cookies  # she is still signed in: her comments list is unchanged below
    assert cohort.ada.account_id is not None
    store = cohort.team.store_for(cohort.ada.account_id)
    planned = next(f.id for f in store.followups.list() if f.status is Status.PLANNED)
    assert planned is not None
    assert coach.api("POST", _url(cohort, planned), json={"body": "x"}).status_code == 404
    assert coach.api("POST", _url(cohort, 99999), json={"body": "x"}).status_code == 404
    empty = coach.api("POST", _url(cohort, draft), json={"body": "   "})
    assert empty.status_code == 422 and "comment: is empty" in empty.json()["error"]
    long = coach.api("POST", _url(cohort, draft), json={"body": "x" * 4001})
    assert long.status_code == 422 and "longer than 4,000" in long.json()["error"]
    assert [c["body"] for c in ada.get(_url(cohort, draft)).json()] == ["first"]


def test_no_send_route_is_reachable_for_a_coach(
    cohort: Cohort, clients: tuple[TeamClient, TeamClient]
) -> None:
    """Every state-changing route of the app, called by her coach while she shares: only
    commenting (and the coach's own tokens and session) succeeds; nothing is sent."""
    _, coach = clients
    draft = _draft_id(cohort)
    assert coach.get(f"/team/candidates/{cohort.ada.id}/drafts/{draft}").status_code == 200
    sends = [
        ("POST", "/api/send", {"followup_id": draft, "via": "smtp", "force": True, "now": True}),
        ("POST", f"/drafts/{draft}", None),
    ]
    for method, path, body in sends:
        if body is None:
            answer = coach.post(path, data={"action": "send", "force": "true", "now": "true",
                                            "csrf_token": coach.csrf})  # fmt: skip
        else:
            answer = coach.api(method, path, json=body)
        assert answer.status_code == 403, (path, answer.text)
    allowed = {"/api/team/candidates/{user_id}/drafts/{followup_id}/comments",
               "/team/candidates/{user_id}/drafts/{followup_id}/comments", "/api/team/tokens",
               "/api/team/invites", "/team/invites",  # a coach invites their own candidates
               "/logout", "/login"}  # fmt: skip
    ids = {"user_id": cohort.ada.id}
    for method, template, body in operations(coach):
        if method not in ("POST", "PUT", "PATCH", "DELETE") or template in allowed:
            continue
        path = re.sub(r"\{(\w+)\}", lambda m: str(ids.get(m.group(1), draft)), template)
        answer = coach.request(method, path, json=body if body is not None else {},
                               headers={"X-CSRF-Token": coach.csrf})  # fmt: skip
        assert answer.status_code >= 400, (method, path, answer.status_code)
    assert cohort.ada.account_id is not None
    store = cohort.team.store_for(cohort.ada.account_id)
    assert store.outbox.entries() == []
    assert store.followups.get(draft).status is Status.DRAFTED
