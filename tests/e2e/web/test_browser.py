"""The journey in real headless Chromium (Debian's package, driven by Playwright) against
the real server (uvicorn on loopback) and a real SMTP server (aiosmtpd):
log an interview, see the thank-you due, open the draft, fix a lint finding in the
editor, send it, see it marked sent. Every main page is screenshotted (test-artifacts/
screenshots/) and must render without console errors, CSP violations included."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from followup.bootstrap import App
from followup.web import create_app
from followup.web.outbox import OutboxWorker
from tests.conftest import ROOT
from tests.e2e.web.conftest import LiveServer, make_app, write_mail_config
from tests.integration.mailservers import SmtpServer, make_cert

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "test-artifacts" / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (scripts/test.sh)"),
    pytest.mark.filterwarnings("ignore:Session.login_data is deprecated:DeprecationWarning"),
]


@pytest.fixture
def smtp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmtpServer]:
    with SmtpServer(tls="starttls", cert=make_cert(tmp_path_factory.mktemp("tls"))) as server:
        yield server


@pytest.fixture
def live(
    smtp: SmtpServer, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[LiveServer, App]]:
    write_mail_config(isolated_home, smtp, monkeypatch)
    app = make_app()
    worker = OutboxWorker(app, interval=1.0)
    with LiveServer(lambda port: create_app(app, port=port, outbox=worker)) as server:
        yield server, app
    app.close()


@pytest.fixture
def page(live: tuple[LiveServer, App]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        problems: list[str] = []
        tab.on(
            "console",
            lambda m: (
                problems.append(f"{tab.url}: {m.text} @ {m.location}")
                if m.type == "error"
                else None
            ),
        )
        tab.on("pageerror", lambda e: problems.append(str(e)))
        tab.problems = problems  # type: ignore[attr-defined]
        yield tab
        context.close()
        browser.close()


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_journey_from_interview_to_sent_note(
    page: Any, live: tuple[LiveServer, App], smtp: SmtpServer
) -> None:
    server, _ = live
    base = server.url
    end = (datetime.now(UTC) - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")

    # 1. Log an interview.
    page.goto(f"{base}/interviews/new")
    page.get_by_label("Company", exact=True).fill("Acme Analytics")
    page.get_by_label("Role", exact=True).fill("Data Engineer")
    page.get_by_label("Industry").fill("technology")
    page.get_by_label("Ended").fill(end)
    page.get_by_label("Time zone").fill("UTC")
    page.locator("#person_name_0").fill("Grace Hopper")
    page.locator("#person_email_0").fill("grace@acme.example")
    page.locator("#person_topics_0").fill("the Spark migration")
    page.get_by_label("Their projects that came up").fill("Spark migration")
    shot(page, "interview-form")
    page.get_by_role("button", name="Log the interview").click()

    # 2. See the thank-you due on Today.
    page.wait_for_url(f"{base}/?notice=interview")
    item = page.locator("li.item", has_text="Thank-you to Grace Hopper")
    item.wait_for()
    assert "Acme Analytics" in item.inner_text()
    shot(page, "today")

    # 3. Open the draft and write it.
    item.get_by_role("link", name="Draft").click()
    page.get_by_role("button", name="Write the draft").click()
    body = page.locator("#body")
    body.wait_for()
    text = body.input_value()
    assert "Grace" in text and "Spark migration" in text

    # 4. Make a slip, see it flagged in place, fix it with one click.
    body.fill(text.replace("Grace", "Gracee", 1))
    finding = page.locator('li.finding[data-rule="wrong-name"]')
    finding.wait_for()
    assert page.locator("#backdrop mark.sev-error").count() >= 1
    shot(page, "draft-editor-finding")
    finding.get_by_role("button", name="Fix").click()
    finding.wait_for(state="detached")
    assert page.locator("#body").input_value() == text
    shot(page, "draft-editor")

    # 5. Send it to the test SMTP server (now: the interview ended 3 hours ago, before
    # the thank-you's window opens); 6. see it marked sent.
    page.get_by_label("Send now, outside the best time").check()
    page.get_by_role("button", name="Send", exact=True).click()
    page.locator('#outbox-state[data-state="sent"]').wait_for(timeout=30_000)
    page.locator("#followup-status", has_text="sent").wait_for()
    page.reload()
    assert page.locator("#followup-status").text_content() == "sent"
    shot(page, "draft-sent")
    assert len(smtp.handler.got) == 1
    recipients, raw = smtp.handler.got[0]
    assert recipients == ["grace@acme.example"] and b"Gracee" not in raw

    page.goto(f"{base}/")
    assert page.locator("li.item", has_text="Thank-you to Grace Hopper").count() == 0
    assert page.problems == []  # type: ignore[attr-defined]


def test_main_pages_render_without_console_errors(page: Any, live: tuple[LiveServer, App]) -> None:
    server, app = live
    from followup.domain.writing import debrief as debriefs
    from followup.services.records import interviews
    from followup.services.timing import planning
    from tests.e2e.web.conftest import debrief

    recorded = interviews.add_from_debrief(
        app, debriefs.parse(debrief(datetime.now(UTC) - timedelta(hours=5)))
    )
    assert recorded.application.id is not None
    planning.replan(app, app.clock.now(), recorded.application.id)
    for name, path in [
        ("today", "/"),
        ("pipeline", "/pipeline"),
        ("application", f"/applications/{recorded.application.id}"),
        ("network", "/network"),
        ("habits", "/habits"),
        ("settings", "/settings"),
    ]:
        response = page.goto(server.url + path)
        assert response is not None and response.status == 200, path
        page.locator("h1").first.wait_for()
        shot(page, f"page-{name}")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server.url + "/")
    shot(page, "today-phone")
    assert page.problems == []  # type: ignore[attr-defined]


def test_keyboard_reaches_the_main_content_first(page: Any, live: tuple[LiveServer, App]) -> None:
    server, _ = live
    page.goto(server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.outerHTML")
    assert page.evaluate("document.activeElement.closest('main') !== null"), focused


def _count(page: Any, bucket: str) -> str:
    return str(page.locator(f"#count-{bucket}").text_content())


def test_decisions_in_place_say_so_offer_undo_and_update_the_counts(
    page: Any, live: tuple[LiveServer, App]
) -> None:
    """Issue 17 §6: after "I sent it" or Skip, a message with Undo, and counts that follow."""
    server, app = live
    from followup.domain.writing import debrief as debriefs
    from followup.services.records import interviews
    from tests.e2e.web.conftest import debrief

    payload = debrief(datetime.now(UTC) - timedelta(hours=3))
    payload["interviewers"].append({"name": "Alan Turing", "email": "alan@acme.example"})
    interviews.add_from_debrief(app, debriefs.parse(payload))
    page.goto(server.url + "/")
    grace = page.locator("li.item", has_text="Thank-you to Grace Hopper")
    bucket = str(grace.locator("xpath=ancestor::section").get_attribute("aria-labelledby"))[2:]
    assert _count(page, bucket) == "2"

    grace.get_by_role("button", name="I sent it").click()
    notice = page.locator("li.decided", has_text="Marked done")
    notice.wait_for()
    page.wait_for_function(f"document.getElementById('count-{bucket}').textContent === '1'")
    shot(page, "today-marked-done")
    notice.get_by_role("button", name="Undo").click()
    grace.wait_for()
    page.wait_for_function(f"document.getElementById('count-{bucket}').textContent === '2'")
    assert page.locator("li.decided").count() == 0

    alan = page.locator("li.item", has_text="Thank-you to Alan Turing")
    alan.locator("summary", has_text="Skip").click()
    alan.get_by_label("Why skip it?").fill("thanked him in person")
    alan.get_by_role("button", name="Skip it").click()
    page.locator("li.decided", has_text="Skipped").wait_for()
    page.wait_for_function(f"document.getElementById('count-{bucket}').textContent === '1'")
    page.reload()
    assert _count(page, bucket) == "1" and alan.count() == 0 and grace.count() == 1
    assert page.problems == []  # type: ignore[attr-defined]


def test_reloading_after_an_invite_upload_does_not_import_it_again(
    page: Any, live: tuple[LiveServer, App]
) -> None:
    """Issue 17 §6: the .ics upload redirects after its POST (post/redirect/get)."""
    server, app = live
    from tests.e2e.web.test_pages import INVITE

    page.goto(server.url + "/interviews/new")
    page.set_input_files(
        "#invite",
        files=[{"name": "invite.ics", "mimeType": "text/calendar", "buffer": INVITE.encode()}],
    )
    page.locator("#ics-company").fill("Acme")
    page.locator("#ics-role").fill("Data Engineer")
    page.get_by_role("button", name="Import").click()
    page.wait_for_url(server.url + "/interviews/imported")
    page.get_by_role("heading", name="Invite imported").wait_for()
    page.reload()
    page.get_by_role("heading", name="Invite imported").wait_for()
    assert len(app.store.interviews.list()) == 1
    assert page.problems == []  # type: ignore[attr-defined]
