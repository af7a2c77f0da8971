"""The web's Send keeps the timing as `followup send` does (issue 14 item 6): outside the
window it schedules the message and the page and the API say when; past the latest time
only "Send now" sends it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from followup.adapters.clock import FixedClock
from followup.bootstrap import App
from followup.web import create_app
from followup.web.templating import local
from tests.e2e.web.conftest import BASE, NOW, Client, debrief, make_app, write_mail_config
from tests.integration.mailservers import SmtpServer, make_cert

pytestmark = pytest.mark.filterwarnings(
    "ignore:Session.login_data is deprecated:DeprecationWarning"
)


@pytest.fixture(scope="module")
def smtp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmtpServer]:
    with SmtpServer(tls="starttls", cert=make_cert(tmp_path_factory.mktemp("tls"))) as srv:
        yield srv


@pytest.fixture
def world(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch, smtp: SmtpServer
) -> Iterator[tuple[App, Client, FixedClock, int]]:
    """A thank-you planned for an interview that ended 20 minutes ago, drafted."""
    smtp.handler.reset()
    write_mail_config(isolated_home, smtp, monkeypatch)
    clock = FixedClock(NOW)
    app = make_app(clock)
    with Client(create_app(app), base_url=BASE, follow_redirects=False) as client:
        r = client.api("POST", "/api/interviews", json=debrief(NOW - timedelta(minutes=20)))
        assert r.status_code == 201, r.text
        agenda = client.get("/api/agenda", params={"all": "true"}).json()
        fid = next(i["id"] for i in agenda if i["kind"] == "thank-you")
        assert client.api("POST", f"/api/drafts/{fid}/compose", json={}).status_code == 200
        yield app, client, clock, fid
    app.close()


def test_api_send_too_soon_is_scheduled_and_says_when(
    world: tuple[App, Client, FixedClock, int], smtp: SmtpServer
) -> None:
    app, client, _, fid = world
    window = app.store.followups.get(fid).window
    assert window.earliest > NOW  # too soon: TIMING-002
    r = client.api("POST", "/api/send", json={"followup_id": fid})
    assert r.status_code == 202, r.text
    out = r.json()
    assert out["state"] == "queued"
    assert out["next_attempt_at"].replace("Z", "+00:00") == window.recommended.isoformat()
    assert out["description"].startswith("scheduled for ") and "London time" in out["description"]
    assert smtp.handler.got == []


def test_the_page_says_when_a_scheduled_message_goes(
    world: tuple[App, Client, FixedClock, int], smtp: SmtpServer
) -> None:
    app, client, _, fid = world
    followup = app.store.followups.get(fid)
    r = client.form(
        f"/drafts/{fid}", {"subject": followup.subject, "body": followup.body, "action": "send"}
    )
    assert r.status_code == 303 and r.headers["location"].endswith("notice=scheduled")
    page = client.get(r.headers["location"]).text
    assert 'id="scheduled"' in page
    assert local(followup.window.recommended, "Europe/London") in page
    assert smtp.handler.got == []
    # Nothing to watch every second until then: the status poll stops.
    status = client.get(f"/drafts/{fid}/status", headers={"HX-Request": "true"})
    assert status.status_code == 286


def test_past_the_latest_time_only_send_now_sends(
    world: tuple[App, Client, FixedClock, int], smtp: SmtpServer
) -> None:
    _, client, clock, fid = world
    clock.advance(timedelta(days=12))
    r = client.api("POST", "/api/send", json={"followup_id": fid})
    assert r.status_code in (409, 422) and "Send now" in r.json()["error"]
    assert client.get("/api/outbox").json() == []
    r = client.api("POST", "/api/send", json={"followup_id": fid, "now": True, "force": True})
    assert r.status_code == 202, r.text
    assert r.json()["state"] == "sent" and len(smtp.handler.got) == 1
