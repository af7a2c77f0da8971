"""The interview form's round reads as the debrief's does (issue 17 §4): "2nd", "second
round", "final"; the JSON API takes the same words, through the same parser."""

from __future__ import annotations

from datetime import timedelta

import pytest

from followup.bootstrap import App
from followup.domain.records.rounds import FINAL_ROUND
from tests.e2e.web.conftest import NOW, Client, debrief

WORDS = [("first", 1), ("second round", 2), ("2nd", 2), ("Round 3", 3), ("final", FINAL_ROUND)]


def _form(round_text: str) -> dict[str, str]:
    end = (NOW - timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M")
    return {"company": "Initech", "role": "Analyst", "end": end, "tz": "UTC", "round": round_text}


@pytest.mark.parametrize(("text", "number"), WORDS)
def test_the_form_takes_ordinal_words(client: Client, app: App, text: str, number: int) -> None:
    r = client.form("/interviews", _form(text))
    assert r.status_code == 303, r.text
    [application] = app.store.applications.list()
    [interview] = app.store.interviews.list(application.id)
    assert interview.round == number


@pytest.mark.parametrize(("text", "number"), WORDS)
def test_the_json_api_takes_the_same_words(
    client: Client, app: App, text: str, number: int
) -> None:
    body = debrief(NOW - timedelta(hours=3))
    body["interview"]["round"] = text
    r = client.api("POST", "/api/interviews", json=body)
    assert r.status_code == 201, r.text
    assert r.json()["interview"]["round"] == number


def test_a_bad_round_names_the_field_and_writes_nothing(client: Client, app: App) -> None:
    r = client.form("/interviews", _form("umpteenth"))
    assert r.status_code == 422 and "round" in r.text and "ordinal" in r.text
    assert app.store.applications.list() == []
    page = client.get("/interviews/new").text
    assert 'name="round"' in page and 'type="number"' not in page.split('id="round"')[1][:80]
