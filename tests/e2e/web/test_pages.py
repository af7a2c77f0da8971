"""The HTML pages in process: each renders, and each action calls its service."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from followup.bootstrap import App
from followup.domain.records.followups import Status
from tests.e2e.web.conftest import NOW, Client, Seeded, debrief, write_mail_config
from tests.integration.mailservers import SmtpServer, make_cert

PAGES = ["/", "/pipeline", "/interviews/new", "/network", "/habits", "/settings", "/login"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_for_a_new_user(client: Client, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert '<main id="main"' in r.text and "<h1>" in r.text


def test_today_lists_the_thank_you_with_its_reason(client: Client, seeded: Seeded) -> None:
    html = client.get("/").text
    assert "Thank-you to" in html and "Grace Hopper" in html
    assert f'href="/drafts/{seeded.followup_id}"' in html
    assert 'aria-labelledby="h-due"' in html or 'aria-labelledby="h-upcoming"' in html


def test_logging_an_interview_through_the_form(client: Client, app: App) -> None:
    end = (NOW - timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M")
    r = client.form(
        "/interviews",
        {
            "company": "Initech",
            "role": "Analyst",
            "industry": "software",
            "end": end,
            "tz": "UTC",
            "kind": "onsite",
            "round": "2",
            "person_name": ["Bill Lumbergh", "Milton Waddams", ""],
            "person_email": ["bill@initech.example", "", ""],
            "person_title": ["Manager", "", ""],
            "person_topics": ["TPS reports, the move", "", ""],
            "topics": "reporting",
            "projects": "TPS revamp",
            "skills": "SQL",
            "decision_by": "2026-12-04",
            "next_step": "final round",
            "notes": "",
        },
    )
    assert r.status_code == 303 and r.headers["location"] == "/?notice=interview"
    [application] = app.store.applications.list()
    [interview] = app.store.interviews.list(application.id)
    assert interview.round == 2 and interview.kind.value == "onsite"
    assert interview.interviewers[0].topics == ("TPS reports", "the move")
    assert len(interview.interviewers) == 2
    assert application.decision_by is not None
    kinds = {f.kind.value for f in app.store.followups.list(application_id=application.id)}
    assert "thank-you" in kinds


def test_a_bad_form_names_the_field_and_writes_nothing(client: Client, app: App) -> None:
    r = client.form(
        "/interviews",
        {"company": "Initech", "role": "Analyst", "end": "yesterday-ish", "tz": "UTC"},
    )
    assert r.status_code == 422
    assert "interview.end" in r.text
    assert app.store.applications.list() == []


def test_pipeline_board_and_stage_change(client: Client, seeded: Seeded, app: App) -> None:
    board = client.get("/pipeline").text
    assert f'id="app-{seeded.application_id}"' in board
    card = client.form(
        f"/applications/{seeded.application_id}/stage",
        {"stage": "offer"},
        headers={"HX-Request": "true"},
    )
    assert card.status_code == 200 and 'data-stage="offer"' in card.text
    assert app.store.applications.get(seeded.application_id).stage.value == "offer"
    plain = client.form(f"/applications/{seeded.application_id}/stage", {"stage": "interviewing"})
    assert plain.status_code == 303
    bad = client.form(f"/applications/{seeded.application_id}/stage", {"stage": "limbo"})
    assert bad.status_code == 422 and "limbo" in bad.text


def test_timeline_shows_interview_and_planned_note(client: Client, seeded: Seeded) -> None:
    html = client.get(f"/applications/{seeded.application_id}").text
    assert "Round 1 video interview" in html and "with Grace Hopper" in html
    assert "Planned thank-you to Grace Hopper" in html
    assert html.index("Round 1 video interview") < html.index("Planned thank-you")


def test_today_actions(client: Client, seeded: Seeded, app: App) -> None:
    r = client.form(
        f"/followups/{seeded.followup_id}/snooze", {"until": "3d"}, headers={"HX-Request": "true"}
    )
    assert r.status_code == 200 and "Snoozed" in r.text
    assert app.store.followups.get(seeded.followup_id).snoozed_until == NOW + timedelta(days=3)
    assert (
        client.form(f"/followups/{seeded.followup_id}/snooze", {"until": "forever"}).status_code
        == 422
    )
    assert client.form(f"/followups/{seeded.followup_id}/skip", {"why": ""}).status_code == 422
    assert client.form(f"/followups/{seeded.followup_id}/done", {}).status_code == 303
    assert app.store.followups.get(seeded.followup_id).status is Status.DONE


def _fields(html: str) -> tuple[str, str]:
    subject = re.search(r'id="subject" name="subject" value="([^"]*)"', html)
    body = re.search(r'<textarea id="body"[^>]*>(.*?)</textarea>', html, re.S)
    assert subject and body
    import html as h

    return h.unescape(subject.group(1)), h.unescape(body.group(1))


def test_editor_live_lint_and_one_click_fix(client: Client, seeded: Seeded) -> None:
    page = client.get(f"/drafts/{seeded.followup_id}").text
    assert "Write the draft" in page
    assert (
        client.form(
            f"/drafts/{seeded.followup_id}/compose", {"tone": "formal", "variant": "1"}
        ).status_code
        == 303
    )
    subject, body = _fields(client.get(f"/drafts/{seeded.followup_id}").text)
    assert "Grace" in body
    broken = body.replace("Grace", "Gracee", 1)
    lint = client.form(
        f"/drafts/{seeded.followup_id}/lint", {"subject": subject, "body": broken}
    ).text
    assert 'data-rule="wrong-name"' in lint and 'hx-swap-oob="true"' in lint
    assert re.search(r'<mark class="sev-error" data-finding="\d+">Gracee[^<]*</mark>', lint), lint[
        -1500:
    ]
    index = re.search(r'hx-vals=\'\{"index": (\d+)\}\'', lint)
    assert index is not None
    fixed = client.form(
        f"/drafts/{seeded.followup_id}/fix",
        {"subject": subject, "body": broken, "index": index.group(1)},
    ).text
    assert _fields(fixed)[1] == body
    assert 'data-rule="wrong-name"' not in fixed
    stale = client.form(
        f"/drafts/{seeded.followup_id}/fix", {"subject": subject, "body": body, "index": "40"}
    )
    assert stale.status_code == 422


def test_editor_save_and_download_eml(client: Client, seeded: Seeded, app: App) -> None:
    client.form(f"/drafts/{seeded.followup_id}/compose", {})
    r = client.form(
        f"/drafts/{seeded.followup_id}",
        {
            "subject": "Thank you for Tuesday",
            "body": "Dear Grace,\n\nThank you.\n\nAda",
            "action": "save",
        },
    )
    assert r.status_code == 303 and r.headers["location"].endswith("notice=saved")
    stored = app.store.followups.get(seeded.followup_id)
    assert stored.subject == "Thank you for Tuesday" and stored.body.startswith("Dear Grace")
    eml = client.form(f"/drafts/{seeded.followup_id}/eml", {})
    assert eml.headers["content-type"].startswith("message/rfc822")
    assert "attachment" in eml.headers["content-disposition"]
    assert (
        b"Subject: Thank you for Tuesday" in eml.content
        and b"To: Grace Hopper <grace@acme.example>" in eml.content
    )
    injected = client.form(
        f"/drafts/{seeded.followup_id}",
        {"subject": "Hi\r\nBcc: evil@x", "body": "x", "action": "save"},
    )
    assert injected.status_code == 422


def test_habits_draws_svg_charts(client: Client, seeded: Seeded) -> None:
    client.form(f"/followups/{seeded.followup_id}/done", {})
    html = client.get("/habits").text
    assert (
        html.count("<svg") == 4
        and "Nothing to show yet" in html
        and 'role="img"' in html
        and "<desc" in html
    )
    assert "100%</strong> of 1 thank-you note went out on time" in html


def test_settings_profile_and_mail(client: Client, app: App) -> None:
    r = client.form(
        "/settings/profile",
        {
            "name": "Ada King",
            "email": "ada@example.org",
            "tz": "Europe/London",
            "skills": "Python, SQL",
        },
    )
    assert r.status_code == 303
    saved = app.store.profile.get()
    assert saved is not None and saved.name == "Ada King" and saved.skills == ("Python", "SQL")
    assert (
        client.form("/settings/profile", {"name": "A", "email": "nope", "tz": "UTC"}).status_code
        == 422
    )
    assert "not set up" in client.get("/settings").text
    assert client.form("/settings/mail/test", {}).status_code == 422


@pytest.fixture
def smtp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmtpServer]:
    with SmtpServer(tls="starttls", cert=make_cert(tmp_path_factory.mktemp("tls"))) as server:
        yield server


@pytest.mark.filterwarnings("ignore:Session.login_data is deprecated:DeprecationWarning")
def test_send_from_the_editor_reaches_the_smtp_server_once(
    smtp: SmtpServer, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_mail_config(isolated_home, smtp, monkeypatch)
    from followup.bootstrap import build
    from followup.services.records import profile
    from followup.settings import Settings
    from followup.web import create_app

    app = build(Settings.from_env())
    profile.save(
        app, name="Ada Lovelace", email="ada@example.org", tz="Europe/London", country="GB"
    )
    with Client(
        create_app(app), base_url="http://127.0.0.1:8765", follow_redirects=False
    ) as client:
        from datetime import UTC, datetime

        client.api("POST", "/api/interviews", json=debrief(datetime.now(UTC) - timedelta(hours=3)))
        followup_id = client.get("/api/agenda", params={"all": "true"}).json()[0]["id"]
        client.form(f"/drafts/{followup_id}/compose", {})
        subject, body = _fields(client.get(f"/drafts/{followup_id}").text)
        ok = client.get("/settings").text
        assert "alice@127.0.0.1" in ok
        test = client.form("/settings/mail/test", {})
        assert 'class="ok"' in test.text
        r = client.form(
            f"/drafts/{followup_id}",
            {"subject": subject, "body": body, "action": "send", "now": "true"},
        )
        assert r.status_code == 303
        status = client.get(f"/drafts/{followup_id}/status", headers={"HX-Request": "true"})
        assert status.status_code == 286 and 'data-state="sent"' in status.text
        again = client.form(
            f"/drafts/{followup_id}",
            {"subject": subject, "body": body, "action": "send", "now": "true"},
        )
        assert again.status_code in (409, 422)
    app.close()
    assert len(smtp.handler.got) == 1


INVITE = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Test//EN\r
METHOD:REQUEST\r
BEGIN:VEVENT\r
UID:web-import-1@acme.example\r
DTSTAMP:20261120T090000Z\r
DTSTART:20261124T090000Z\r
DTEND:20261124T100000Z\r
SUMMARY:Interview: Data Engineer <script>alert(1)</script>\r
ORGANIZER;CN=Rita Recruiter:mailto:rita@acme.example\r
ATTENDEE;CN=Grace Hopper:mailto:grace@acme.example\r
ATTENDEE;CN=Ada Lovelace:mailto:ada@example.org\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_an_ics_dropped_on_the_page_is_imported_and_planned(client: Client, app: App) -> None:
    assert 'id="ics-drop"' in client.get("/interviews/new").text
    r = client.post(
        "/interviews/import",
        data={"csrf_token": client.csrf, "company": "Acme", "role": "Data Engineer"},
        files={"invite": ("invite.ics", INVITE.encode(), "text/calendar")},
    )
    assert r.status_code == 303 and r.headers["location"] == "/interviews/imported", r.text
    shown = client.get("/interviews/imported")
    assert "Added" in shown.text and "Grace Hopper" in shown.text
    assert "<script>alert" not in shown.text
    [application] = app.store.applications.list()
    assert app.store.followups.list(application_id=application.id)
    again = client.post(
        "/interviews/import",
        data={"csrf_token": client.csrf},
        files={"invite": ("invite.ics", INVITE.encode(), "text/calendar")},
    )
    assert again.status_code == 303 and len(app.store.applications.list()) == 1


def test_a_broken_invite_is_one_clear_error(client: Client, app: App) -> None:
    r = client.post(
        "/interviews/import",
        data={"csrf_token": client.csrf},
        files={"invite": ("invite.ics", b"\x00\x01 not a calendar", "text/calendar")},
    )
    assert r.status_code == 422 and '<div class="alert" role="alert">' in r.text
    assert app.store.applications.list() == []


def test_editor_compose_mentions_fresh_company_news(
    client: Client, seeded: Seeded, app: App
) -> None:
    """NEWS-002 / CAD-005: the status check drafted in the editor uses the stored news item."""
    from followup.domain.network.news import Category, FeedItem

    application = app.store.applications.get(seeded.application_id)
    app.news.add_items([
        FeedItem(company_id=application.company_id, feed_url="https://acme.example/feed",
                 key="n1", title="Acme Analytics opens a Lisbon office",
                 category=Category.EXPANSION, published=NOW, fetched_at=NOW),
    ])  # fmt: skip
    agenda = client.get("/api/agenda", params={"all": "true"}).json()
    status_id = next(i["id"] for i in agenda if i["kind"] == "status-check")
    r = client.form(f"/drafts/{status_id}/compose", {})
    assert r.status_code == 303
    assert "“Acme Analytics opens a Lisbon office”" in app.store.followups.get(status_id).body
