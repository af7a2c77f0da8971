"""Institution settings on a real PostgreSQL (issue 19): an admin sets the organisation's
defaults (policy, lint rules enforced, voice, holidays) and which a candidate may
override; the candidate's app runs on the effective settings, so an enforced rule blocks
her send and an organisation holiday moves her planned thank-you."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from followup.adapters.store.postgres.team import PostgresTeam
from followup.domain.records.followups import Status
from followup.domain.records.model import Contact
from followup.services.team import settings
from tests.conftest import Invoke
from tests.integration.teamcohort import NOW, Cohort, TeamClient

APOLOGY = "Sorry I was so nervous and rambled on the design question."


@pytest.fixture
def clients(cohort: Cohort) -> Iterator[tuple[TeamClient, TeamClient]]:
    """The admin and Ada, signed in."""
    with cohort.client() as admin, cohort.client() as ada:
        admin.sign_in(cohort.admin.email)
        ada.sign_in(cohort.ada.email)
        yield admin, ada


def _set(admin: TeamClient, key: str, value: Any, overridable: bool = False) -> Any:
    return admin.api("PUT", f"/api/team/settings/{key}",
                     json={"value": value, "overridable": overridable})  # fmt: skip


def _debrief(company: str, end: datetime) -> dict[str, Any]:
    return {
        "role": "Data Engineer",
        "company": {"name": company, "industry": "technology", "tz": "Europe/London",
                    "country": "GB"},
        "interview": {"end": end.isoformat(), "tz": "Europe/London", "kind": "video",
                      "round": 1},
        "interviewers": [{"name": "Grace Hopper", "email": f"grace@{company.lower()}.test",
                          "topics": ["the Spark migration"]}],
        "topics": ["data quality checks"],
    }  # fmt: skip


def _thank_you_day(ada: TeamClient, company: str) -> date:
    """Log an interview at `company` that ended three hours ago; its thank-you's best day."""
    created = ada.api("POST", "/api/interviews", json=_debrief(company, NOW - timedelta(hours=3)))
    assert created.status_code == 201, created.text
    agenda = ada.get("/api/agenda", params={"all": "true"}).json()
    item = next(i for i in agenda if i["kind"] == "thank-you" and company in json.dumps(i))
    window = ada.get(f"/api/followups/{item['id']}").json()["window"]
    return datetime.fromisoformat(window["recommended"]).date()


def test_an_organisation_holiday_moves_a_planned_thank_you(
    cohort: Cohort, clients: tuple[TeamClient, TeamClient]
) -> None:
    admin, ada = clients
    before = _thank_you_day(ada, "Acme")
    said = _set(admin, "holidays.observed", [f"{before.isoformat()} Founders' Day"])
    assert said.status_code == 200, said.text
    after = _thank_you_day(ada, "Globex")  # the same interview, planned after the change
    assert after > before
    assert admin.get("/api/team/settings").json()[0]["value"] == [
        f"{before.isoformat()} Founders' Day"
    ]


def test_an_enforced_rule_blocks_a_candidates_send_and_lint(
    cohort: Cohort, clients: tuple[TeamClient, TeamClient]
) -> None:
    admin, ada = clients
    assert cohort.ada.account_id is not None
    store = cohort.team.store_for(cohort.ada.account_id)
    contact = store.contacts.add(Contact(name="Grace Hopper", email="grace@acme.test"))
    draft = next(f for f in store.followups.list() if f.status is Status.DRAFTED)
    body = f"Dear Grace,\n\n{APOLOGY}\n\nBest wishes,\nAda"
    store.followups.save([replace(draft, contact_id=contact.id, body=body)])

    def apology() -> str:
        found = ada.api("POST", "/api/lint", json={"body": APOLOGY}).json()["findings"]
        return next(f["severity"] for f in found if f["rule"] == "apology")

    assert apology() == "warning"
    assert _set(admin, "lint.enforce", ["apology"]).status_code == 200
    assert apology() == "error"
    blocked = ada.api(
        "POST", "/api/send", json={"followup_id": draft.id, "via": "eml", "now": True}
    )
    assert blocked.status_code >= 400 and "apology" in blocked.text, blocked.text
    assert store.outbox.entries() == []
    assert admin.api("DELETE", "/api/team/settings/lint.enforce").status_code == 204
    assert apology() == "warning"
    sent = ada.api("POST", "/api/send", json={"followup_id": draft.id, "via": "eml", "now": True})
    assert sent.status_code == 202, sent.text


def test_a_candidate_overrides_only_where_allowed(
    cohort: Cohort, clients: tuple[TeamClient, TeamClient]
) -> None:
    admin, ada = clients
    assert _set(admin, "policy.thank_you_min_delay_hours", 3).status_code == 200
    assert _set(admin, "compose.tone", "warm", overridable=True).status_code == 200
    locked = ada.api("PUT", "/api/team/me/settings/policy.thank_you_min_delay_hours",
                     json={"value": 2})  # fmt: skip
    assert (
        locked.status_code == 403
        and "sets policy.thank_you_min_delay_hours for everyone" in (locked.json()["error"])
    )
    mine = ada.api("PUT", "/api/team/me/settings/compose.tone", json={"value": "formal"})
    assert mine.status_code == 200, mine.text
    shown = {e["key"]: (e["value"], e["source"]) for e in ada.get("/api/team/settings").json()}
    assert shown == {"compose.tone": ("formal", "you"),
                     "policy.thank_you_min_delay_hours": (3, "organisation")}  # fmt: skip
    assert cohort.ada.account_id is not None
    found = settings.effective(cohort.team, cohort.ada.account_id, {})
    assert found.config.compose.tone is not None and found.config.compose.tone.value == "formal"
    assert found.config.policy.default.thank_you_min_delay == timedelta(hours=3)
    # the admin locks it again: her own value stops counting
    assert _set(admin, "compose.tone", "warm", overridable=False).status_code == 200
    again = settings.effective(cohort.team, cohort.ada.account_id, {})
    assert again.config.compose.tone is not None and again.config.compose.tone.value == "warm"
    # bad input: one line naming the key; only an admin sets the organisation's
    bad = _set(admin, "policy.business_hours", "9-5")
    assert bad.status_code == 422 and "policy.business_hours" in bad.json()["error"]
    typo = _set(admin, "policy.thank_you_min_delay_hour", 3)
    assert typo.status_code == 422 and "did you mean" in typo.json()["error"]
    unknown_rule = _set(admin, "lint.enforce", ["no-such-rule"])
    assert unknown_rule.status_code == 422
    assert _set(ada, "compose.tone", "warm").status_code == 403
    with cohort.client() as coach:
        coach.sign_in(cohort.coach1.email)
        assert coach.get("/api/team/settings").status_code == 403
        assert coach.get("/team/settings").status_code == 403


def test_the_admin_page_sets_a_setting(
    cohort: Cohort, clients: tuple[TeamClient, TeamClient]
) -> None:
    admin, _ = clients
    page = admin.get("/team/settings")
    assert page.status_code == 200 and "holidays.observed" in page.text
    form = {"key": "policy.business_hours", "value": "08:30-17:30", "overridable": "on"}
    done = admin.post("/team/settings", data={**form, "csrf_token": admin.csrf})
    assert done.status_code == 303
    shown = admin.get("/team/settings").text
    assert "policy.business_hours" in shown and "08:30-17:30" in shown


def test_the_cli_shows_and_sets(run: Invoke, cohort: Cohort) -> None:
    done = run("team", "settings", "set", "lint.enforce", '["apology"]')
    assert done.exit_code == 0, done.output
    run("team", "settings", "set", "holidays.country", "gb", "--candidates-may-override")
    shown = json.loads(run("team", "settings", "show", "--json").stdout)
    assert shown == [
        {"key": "holidays.country", "value": "GB", "overridable": True},
        {"key": "lint.enforce", "value": ["apology"], "overridable": False},
    ]
    bad = run("team", "settings", "set", "policy.pace", "sprint")
    assert bad.exit_code != 0 and bad.stderr.count("\n") == 1 and "policy.pace" in bad.stderr
    assert "Traceback" not in bad.output
    assert run("team", "settings", "unset", "lint.enforce").exit_code == 0
    assert "lint.enforce" not in run("team", "settings", "show").stdout


def _draft_body(ada: TeamClient, company: str) -> str:
    """Log an interview at `company`, draft its thank-you, and return the draft's body."""
    created = ada.api("POST", "/api/interviews", json=_debrief(company, NOW - timedelta(hours=3)))
    assert created.status_code == 201, created.text
    agenda = ada.get("/api/agenda", params={"all": "true"}).json()
    item = next(i for i in agenda if i["kind"] == "thank-you" and company in json.dumps(i))
    drafted = ada.api("POST", f"/api/drafts/{item['id']}/compose", json={})
    assert drafted.status_code == 200, drafted.text
    return str(drafted.json()["body"])


def test_a_candidates_draft_uses_the_schools_sign_off_and_her_own_where_allowed(
    cohort: Cohort, clients: tuple[TeamClient, TeamClient]
) -> None:
    """Issue 19: the organisation's voice (compose.sign_off) closes every draft; a
    candidate's own replaces it only where the admin made it overridable."""
    admin, ada = clients
    said = _set(admin, "compose.sign_off", "With best wishes from Northfield,")
    assert said.status_code == 200, said.text
    assert "With best wishes from Northfield," in _draft_body(ada, "Acme")
    refused = ada.api("PUT", "/api/team/me/settings/compose.sign_off", json={"value": "Warmly,"})
    assert refused.status_code == 403
    assert _set(admin, "compose.sign_off", "With best wishes from Northfield,",
                overridable=True).status_code == 200  # fmt: skip
    mine = ada.api("PUT", "/api/team/me/settings/compose.sign_off", json={"value": "Warmly,"})
    assert mine.status_code == 200, mine.text
    body = _draft_body(ada, "Globex")
    assert "Warmly," in body and "Northfield" not in body


@pytest.mark.parametrize(
    ("sign_off", "rule"),
    [("Sorry for rambling, best,", "apology"), ("Cheers mate lol", "too-casual"),
     ("Best regards, {{ name }}", "unfilled-placeholder")],
)  # fmt: skip
def test_an_org_sign_off_that_fails_the_linter_is_refused_with_its_rule(
    clients: tuple[TeamClient, TeamClient], team: PostgresTeam, sign_off: str, rule: str
) -> None:
    admin, _ = clients
    said = _set(admin, "compose.sign_off", sign_off)
    assert said.status_code == 422, said.text
    assert f"fails the linter: {rule}:" in said.json()["error"]
    assert "compose.sign_off" not in {k for k, _, _ in team.org_settings()}


def test_a_workers_replan_keeps_the_organisations_holiday(
    cohort: Cohort, clients: tuple[TeamClient, TeamClient]
) -> None:
    """The workers re-plan an account after each change (issue 18 §4): with the
    candidate's effective settings, so the organisation's holiday still moves her
    thank-you instead of the server's config file deciding."""
    from followup import bootstrap
    from followup.adapters.clock import FixedClock
    from followup.services import worker

    admin, ada = clients
    before = _thank_you_day(ada, "Acme")
    assert (
        _set(admin, "holidays.observed", [f"{before.isoformat()} Founders' Day"]).status_code == 200
    )
    moved = _thank_you_day(ada, "Globex")
    assert moved > before
    account = cohort.ada.account_id
    assert account is not None
    app = bootstrap.candidate_app(cohort.app.settings, cohort.team, account,
                                  cohort.team.store_for(account), cohort.app.holidays,
                                  clock=FixedClock(NOW))  # fmt: skip
    try:
        worker.replan(app)
    finally:
        app.close()
    agenda = ada.get("/api/agenda", params={"all": "true"}).json()
    item = next(i for i in agenda if i["kind"] == "thank-you" and "Globex" in json.dumps(i))
    window = ada.get(f"/api/followups/{item['id']}").json()["window"]
    assert datetime.fromisoformat(window["recommended"]).date() == moved
