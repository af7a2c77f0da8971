"""Feedback on what the user just did (issue 17 §6), over real HTTP on loopback:
"I sent it" and Skip say so and offer Undo, with and without JavaScript, and the bucket
counts follow; the Network page counts the people met in interviews; an .ics upload
redirects after its POST, so a reload does not import it again."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from followup.bootstrap import App
from followup.domain.records.followups import Direction
from followup.web import create_app
from tests.e2e.web.conftest import NOW, LiveServer, debrief
from tests.e2e.web.test_pages import INVITE

HTMX = {"HX-Request": "true"}


class Http(httpx.Client):
    @property
    def csrf(self) -> str:
        token: str = self.get("/api/session").json()["csrf_token"]
        return token

    def form(self, url: str, data: dict[str, Any] | None = None, **kw: Any) -> httpx.Response:
        return self.post(url, data={"csrf_token": self.csrf, **(data or {})}, **kw)


@pytest.fixture
def http(app: App) -> Iterator[Http]:
    with (
        LiveServer(lambda port: create_app(app, port=port)) as server,
        Http(base_url=server.url) as client,
    ):
        yield client


def two_thank_yous(http: Http) -> tuple[str, list[int]]:
    """An interview with two people: two thank-yous in the same bucket."""
    payload = debrief(NOW - timedelta(hours=3))
    payload["interviewers"].append({"name": "Alan Turing", "email": "alan@acme.example"})
    created = http.post("/api/interviews", json=payload, headers={"X-CSRF-Token": http.csrf})
    assert created.status_code == 201, created.text
    thanks = [i for i in http.get("/api/agenda").json() if i["kind"] == "thank-you"]
    assert len(thanks) == 2 and thanks[0]["bucket"] == thanks[1]["bucket"], thanks
    return thanks[0]["bucket"], [i["id"] for i in thanks]


def counts(html: str) -> dict[str, int]:
    return {k: int(n) for k, n in re.findall(r'id="count-(\w+)"[^>]*>(\d+)<', html)}


def logged(app: App, followup_id: int) -> list[str]:
    return [
        m.note
        for m in app.store.messages.list()
        if m.followup_id == followup_id and m.direction is Direction.OUT
    ]


@pytest.mark.parametrize("decision", ["done", "skip"])
def test_a_decision_in_place_offers_undo_and_updates_the_counts(
    http: Http, app: App, decision: str
) -> None:
    bucket, (first, second) = two_thank_yous(http)
    assert counts(http.get("/").text)[bucket] == 2
    data = {"why": "thanked them in person"} if decision == "skip" else {}
    answer = http.form(f"/followups/{first}/{decision}", data, headers=HTMX)
    assert answer.status_code == 200
    said = "Marked done" if decision == "done" else "Skipped"
    assert said in answer.text and f'hx-post="/followups/{first}/undo"' in answer.text
    # Every bucket's count comes with it, swapped out of band.
    assert re.search(rf'id="count-{bucket}" hx-swap-oob="true">1<', answer.text), answer.text
    assert set(counts(answer.text)) == {"overdue", "due", "upcoming"}
    assert counts(http.get("/").text)[bucket] == 1
    if decision == "done":
        assert logged(app, first) == ["marked done in followup"]

    back = http.form(f"/followups/{first}/undo", headers=HTMX)
    assert back.status_code == 200
    assert f'<li class="item" id="followup-{first}">' in back.text
    assert re.search(rf'id="count-{bucket}" hx-swap-oob="true">2<', back.text)
    restored = http.get(f"/api/followups/{first}").json()
    assert restored["status"] == "planned" and restored["note"] == ""
    assert logged(app, first) == []  # the cadence guard no longer counts it
    assert counts(http.get("/").text)[bucket] == 2
    assert http.get(f"/api/followups/{second}").json()["status"] == "planned"


def test_without_javascript_the_page_says_what_happened_and_offers_undo(
    http: Http, app: App
) -> None:
    bucket, (first, _) = two_thank_yous(http)
    done = http.form(f"/followups/{first}/done")
    assert done.status_code == 303
    assert done.headers["location"] == f"/?notice=done&undo={first}"
    page = http.get(done.headers["location"]).text
    assert "Marked done" in page and f'action="/followups/{first}/undo"' in page
    assert counts(page)[bucket] == 1
    undone = http.form(f"/followups/{first}/undo")
    assert undone.status_code == 303 and undone.headers["location"] == "/?notice=undone"
    page = http.get("/?notice=undone").text
    assert "Undone" in page and counts(page)[bucket] == 2
    assert logged(app, first) == []
    # Only a follow-up that was marked done or skipped can be undone.
    again = http.form(f"/followups/{first}/undo")
    assert again.status_code == 422 and "only one marked done or skipped" in again.text
    assert (
        "undo=" not in http.form(f"/followups/{first}/snooze", {"until": "1d"}).headers["location"]
    )
    # A crafted undo id is ignored, never echoed into a form.
    assert "/undo" not in http.get("/?notice=done&undo=1%22x").text


def test_the_network_counts_the_people_met_in_interviews(http: Http) -> None:
    assert "0 people in your network" in http.get("/network").text
    two_thank_yous(http)
    hint = re.search(r'id="network-count">([^<]*)<', http.get("/network").text)
    assert hint is not None
    assert hint.group(1).startswith("2 people in your network, 2 of them met in interviews")


def test_an_ics_upload_redirects_so_a_reload_does_not_import_again(http: Http, app: App) -> None:
    sent = http.post(
        "/interviews/import",
        data={"csrf_token": http.csrf, "company": "Acme", "role": "Data Engineer"},
        files={"invite": ("invite.ics", INVITE.encode(), "text/calendar")},
    )
    assert sent.status_code == 303 and sent.headers["location"] == "/interviews/imported"
    for _ in range(3):  # the reloads
        shown = http.get("/interviews/imported")
        assert shown.status_code == 200 and "Grace Hopper" in shown.text
    assert len(app.store.applications.list()) == 1
    assert Counter(i.round for i in app.store.interviews.list()) == Counter({1: 1})
    # Another browser session has nothing to show there.
    with Http(base_url=str(http.base_url)) as other:
        assert other.get("/interviews/imported").headers["location"] == "/interviews/new"
