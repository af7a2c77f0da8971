"""Today and the draft page show each follow-up's window in both zones, the recipient's
and the candidate's, and the same times on both pages (issue 17 §6, docs/web.md).
Over real HTTP on loopback."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from followup.bootstrap import App
from followup.web import create_app
from tests.e2e.web.conftest import NOW, LiveServer, debrief

THEIRS, MINE = "America/New_York", "Europe/London"  # the profile's zone is London


@pytest.fixture
def served(app: App) -> Iterator[httpx.Client]:
    with (
        LiveServer(lambda port: create_app(app, port=port)) as server,
        httpx.Client(base_url=server.url) as http,
    ):
        yield http


def _shown(moment: str, zone: str) -> str:
    """How the pages print a time: `Tue 24 Nov 09:00`."""
    return datetime.fromisoformat(moment).astimezone(ZoneInfo(zone)).strftime("%a %-d %b %H:%M")


def _zones(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", z).strip() for z in re.findall(r'class="zone">(.*?)</span>', html)]


def _expected(window: dict[str, str]) -> list[str]:
    lines = []
    for label, city, zone in (("Their time", "New York", THEIRS), ("Your time", "London", MINE)):
        first, last, best = (_shown(window[k], zone) for k in ("earliest", "latest", "recommended"))
        lines.append(f"{label} ({city}): {first} – {last}, best {best}")
    return lines


def test_today_and_the_draft_show_each_window_in_both_zones(served: httpx.Client) -> None:
    csrf = {"X-CSRF-Token": served.get("/api/session").json()["csrf_token"]}
    payload = debrief(NOW - timedelta(hours=3))
    payload["interviewers"][0]["tz"] = THEIRS
    assert served.post("/api/interviews", json=payload, headers=csrf).status_code == 201
    agenda = served.get("/api/agenda", params={"all": "true"}).json()
    thanks = next(i for i in agenda if i["kind"] == "thank-you")
    window = served.get(f"/api/followups/{thanks['id']}").json()["window"]
    expected = _expected(window)
    assert expected[0] != expected[1]  # five hours apart: the two lines differ

    today = served.get("/").text
    item = today[today.index(f'id="followup-{thanks["id"]}"') :]
    assert _zones(item)[:2] == expected
    draft = served.get(f"/drafts/{thanks['id']}").text
    assert _zones(draft) == expected


def test_one_line_when_both_live_in_the_same_zone(served: httpx.Client) -> None:
    csrf = {"X-CSRF-Token": served.get("/api/session").json()["csrf_token"]}
    payload = debrief(NOW - timedelta(hours=3))  # the company and Grace are in London
    assert served.post("/api/interviews", json=payload, headers=csrf).status_code == 201
    thanks = next(i for i in served.get("/api/agenda").json() if i["kind"] == "thank-you")
    window = served.get(f"/api/followups/{thanks['id']}").json()["window"]
    first, last, best = (_shown(window[k], MINE) for k in ("earliest", "latest", "recommended"))
    line = f"Their time and yours (London): {first} – {last}, best {best}"
    assert _zones(served.get(f"/drafts/{thanks['id']}").text) == [line]
    today = served.get("/").text
    assert line in _zones(today[today.index(f'id="followup-{thanks["id"]}"') :])
