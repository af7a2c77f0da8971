"""The JSON API in process: records, agenda, decisions, drafts, lint and sending."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from followup.bootstrap import App
from tests.e2e.web.conftest import NOW, Client, Seeded, debrief


def test_schema_covers_records_agenda_drafts_lint_and_sending(client: Client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for wanted in (
        "/api/companies",
        "/api/contacts",
        "/api/applications",
        "/api/interviews",
        "/api/agenda",
        "/api/drafts/{followup_id}",
        "/api/lint",
        "/api/send",
        "/api/outbox",
    ):
        assert wanted in paths
    assert not any(p.startswith("/drafts") for p in paths)  # pages stay out of the schema


def test_company_contact_application_round_trip(client: Client) -> None:
    company = client.api("POST", "/api/companies", json={"name": "Initech", "industry": "software"})
    assert company.status_code == 201
    contact = client.api(
        "POST",
        "/api/contacts",
        json={"name": "Peter Gibbons", "email": "peter@initech.example", "company": "Initech"},
    )
    assert contact.status_code == 201 and contact.json()["company_id"] == company.json()["id"]
    application = client.api(
        "POST", "/api/applications", json={"company": "Initech", "role": "Analyst"}
    )
    assert application.status_code == 201
    moved = client.api(
        "POST", f"/api/applications/{application.json()['id']}/stage", json={"stage": "screening"}
    )
    assert moved.json()["stage"] == "screening"
    assert [h["stage"] for h in moved.json()["history"]] == ["applied", "screening"]
    listed = client.get("/api/applications", params={"stage": "screening"}).json()
    assert [a["company"] for a in listed] == ["Initech"]


def test_logging_an_interview_plans_the_thank_you(client: Client, seeded: Seeded) -> None:
    item = client.get(f"/api/followups/{seeded.followup_id}").json()
    assert item["kind"] == "thank-you" and item["status"] == "planned"
    assert item["reason"]
    interviews = client.get("/api/interviews", params={"application_id": seeded.application_id})
    assert interviews.json()[0]["interviewers"][0]["topics"] == ["the Spark migration"]


def test_draft_compose_edit_and_lint(client: Client, seeded: Seeded) -> None:
    drafted = client.api("POST", f"/api/drafts/{seeded.followup_id}/compose", json={"tone": "warm"})
    assert drafted.status_code == 200 and "Grace" in drafted.json()["body"]
    assert drafted.json()["status"] == "drafted"
    body = drafted.json()["body"].replace("Grace", "Gracie")
    kept = client.api(
        "PUT", f"/api/drafts/{seeded.followup_id}", json={"subject": "Thank you", "body": body}
    )
    assert kept.json()["body"] == body
    report = client.api(
        "POST",
        "/api/lint",
        json={"body": body, "subject": "Thank you", "followup_id": seeded.followup_id},
    ).json()
    assert "wrong-name" in {f["rule"] for f in report["findings"]}
    assert report["words"] == len(body.split())


def test_lint_without_context_uses_the_public_shape(client: Client) -> None:
    report = client.api("POST", "/api/lint", json={"body": "hey!!! thx", "subject": "Hi"}).json()
    finding = report["findings"][0]
    assert set(finding) >= {
        "rule",
        "severity",
        "message",
        "line",
        "column",
        "start",
        "end",
        "suggestion",
    }


def test_decisions_done_skip_snooze(client: Client) -> None:
    client.api("POST", "/api/interviews", json=debrief(NOW - timedelta(hours=3)))
    second = debrief(NOW - timedelta(hours=2), name="Alan Turing", company="Bletchley")
    second["interviewers"][0]["email"] = "alan@bletchley.example"
    client.api("POST", "/api/interviews", json=second)
    ids = [i["id"] for i in client.get("/api/agenda", params={"all": "true"}).json()]
    assert len(ids) >= 2
    done = client.api("POST", f"/api/followups/{ids[0]}/done")
    assert done.json()["status"] == "done"
    snoozed = client.api(
        "POST",
        f"/api/followups/{ids[1]}/snooze",
        json={"until": (NOW + timedelta(days=2)).isoformat()},
    )
    assert snoozed.json()["snoozed_until"] is not None
    again = client.api("POST", f"/api/followups/{ids[0]}/skip", json={"why": "changed my mind"})
    assert again.status_code == 422 and "already done" in again.json()["error"]


@pytest.mark.parametrize(
    ("method", "url", "body", "status"),
    [
        ("GET", "/api/applications/999", None, 404),
        ("GET", "/api/followups/999", None, 404),
        ("POST", "/api/applications", {"company": "X", "role": "Y", "stage": "sideways"}, 422),
        ("POST", "/api/interviews", {"role": "Y"}, 422),
        ("POST", "/api/interviews", [1, 2], 422),
        ("POST", "/api/companies", {"name": "A", "unknown": 1}, 422),
        ("POST", "/api/lint", {"body": "   "}, 422),
    ],
)
def test_bad_input_is_one_clear_json_error(
    client: Client, method: str, url: str, body: object, status: int
) -> None:
    r = client.api(method, url, json=body)
    assert r.status_code == status
    error = r.json()["error"]
    assert error and "\n" not in error and "Traceback" not in error


def test_bad_input_writes_nothing(client: Client, app: App) -> None:
    bad = debrief(NOW)
    bad["decision_by"] = "2020-01-01"  # before the interview
    r = client.api("POST", "/api/interviews", json=bad)
    assert r.status_code == 422 and "decision" in r.json()["error"]
    assert app.store.applications.list() == []


def test_send_without_an_account_says_so(
    client: Client, seeded: Seeded, isolated_home: Path
) -> None:
    client.api("POST", f"/api/drafts/{seeded.followup_id}/compose", json={})
    r = client.api("POST", "/api/send", json={"followup_id": seeded.followup_id})
    assert r.status_code == 422 and "SMTP" in r.json()["error"]
    assert client.get("/api/outbox").json() == []


def test_compose_asks_the_offers_recorded_concerns(
    client: Client, seeded: Seeded, app: App
) -> None:
    """OFFER-004/005: the web's offer thanks asks the concerns recorded with the offer."""
    from followup.services.records import outcomes

    outcomes.record_offer(  # re-plans: the offer's thank-you is on the agenda at once
        app,
        seeded.application_id,
        deadline=(NOW + timedelta(days=26)).date(),
        concerns=["equity vesting", "parking"],
    )
    agenda = client.get("/api/agenda", params={"all": "true"}).json()
    offer_id = next(i["id"] for i in agenda if i["kind"] == "offer-thanks")
    drafted = client.api("POST", f"/api/drafts/{offer_id}/compose", json={})
    assert drafted.status_code == 200, drafted.text
    body = drafted.json()["body"]
    assert "- the equity grant, its vesting schedule and any cliff" in body
    assert "- more detail on parking" in body
    assert "December 20" in body  # OFFER-006: the recorded deadline, a specific date
