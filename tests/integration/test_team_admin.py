"""Team mode's admin pages and navigation (issue 19): the organisation's event log, paged,
and the nav links each role may use on every team page."""

from __future__ import annotations

from followup.services.team.users import EVENTS_PER_PAGE
from tests.integration.teamcohort import NOW, Cohort, TeamClient


def test_the_event_log_shows_sign_ins_user_and_settings_changes(
    client: TeamClient, cohort: Cohort
) -> None:
    client.sign_in("admin@northfield.test")
    added = client.api("POST", "/api/team/users", json={"email": "cy@northfield.test",
                                                        "role": "coach"})  # fmt: skip
    assert added.status_code == 201
    assert added.json()["account_id"] is None  # a coach owns no account
    changed = client.api("PUT", "/api/team/settings/lint.enforce", json={"value": ["apology"]})
    assert changed.status_code == 200
    page = client.get("/team/events")
    assert page.status_code == 200
    text = page.text
    assert "signed in" in text and "admin@northfield.test" in text
    assert "added a user" in text and "cy@northfield.test as coach" in text
    assert "changed a setting" in text and "lint.enforce" in text
    assert "SECRET" not in text  # never a candidate's records or messages
    assert 'href="/team/events' in text and 'href="/team/users"' in text


def test_the_event_log_pages_newest_first(client: TeamClient, cohort: Cohort) -> None:
    for n in range(EVENTS_PER_PAGE + 5):
        cohort.team.log_event(("admin@northfield.test", "admin", f"event-{n:03}", "", NOW))
    client.sign_in("admin@northfield.test")  # the newest line of all
    first = client.get("/team/events").text
    assert "signed in" in first and "event-054" in first and "event-006" in first
    assert "event-005" not in first and 'href="/team/events?page=2"' in first
    second = client.get("/team/events?page=2").text
    assert "event-005" in second and "event-000" in second and "event-006" not in second
    assert "page=3" not in second and 'href="/team/events?page=1"' in second
    assert client.get("/team/events?page=0").status_code == 422


def test_only_an_admin_reads_the_event_log(cohort: Cohort) -> None:
    for email in ("coach1@northfield.test", "ada@northfield.test"):
        with cohort.client() as other:
            other.sign_in(email)
            assert other.get("/team/events").status_code == 403, email
    with cohort.client() as nobody:
        assert nobody.get("/team/events").status_code in (303, 401)


def test_each_role_sees_the_nav_links_it_may_use(cohort: Cohort) -> None:
    pages = [
        ("ada@northfield.test", "/team/audit", ["/team/account", "/team/audit"],
         ["/team/caseload", "/team/events"]),
        ("ada@northfield.test", "/pipeline", ["/team/account", "/team/audit", "/"],
         ["/team/caseload", "/team/events"]),  # her personal pages too
        ("coach1@northfield.test", "/team/caseload", ["/team/caseload"],
         ["/team/account", "/team/audit", "/team/events"]),
        ("admin@northfield.test", "/team/users", ["/team/users", "/team/settings", "/team/events"],
         ["/team/account", "/team/audit"]),
    ]  # fmt: skip
    for email, url, shown, hidden in pages:
        with cohort.client() as c:
            c.sign_in(email)
            text = c.get(url).text
            nav = text.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
            for link in shown:
                assert f'href="{link}"' in nav, (email, link)
                assert c.get(link).status_code == 200, (email, link)
            for link in hidden:
                assert f'href="{link}"' not in nav, (email, link)
