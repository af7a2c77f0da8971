"""Issue 17 §2: JSON bodies nested 1,000 deep or more answer 422 with one clear message on
every JSON endpoint, never a 500 (a RecursionError) nor a bare 400; and a panel of more than
50 interviewers is refused the same way as on the command line."""

from __future__ import annotations

from datetime import timedelta

import pytest

from followup.domain.records.panel import MAX_INTERVIEWERS
from tests.e2e.web.conftest import NOW, Client, debrief

ENDPOINTS = ["/api/interviews", "/api/companies", "/api/contacts", "/api/applications", "/api/lint"]


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("depth", [1_000, 100_000])
@pytest.mark.parametrize("shape", ["[", '{"a":'])
def test_deeply_nested_bodies_are_one_422(
    client: Client, path: str, depth: int, shape: str
) -> None:
    close = "]" if shape == "[" else "}"
    body = shape * depth + "1" + close * depth
    r = client.api("POST", path, content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text
    assert r.json() == {
        "error": "body: is nested more than 64 levels deep; no request needs that",
        "field": "body",
    }


def test_brackets_inside_strings_do_not_count(client: Client) -> None:
    data = debrief(NOW - timedelta(hours=3))
    data["notes"] = "[" * 5_000 + '\\"{' * 100
    r = client.api("POST", "/api/interviews", json=data)
    assert r.status_code == 201, r.text


def test_a_panel_over_the_cap_is_refused(client: Client) -> None:
    data = debrief(NOW - timedelta(hours=3))
    data["interviewers"] = [
        {"name": f"Person {i}", "email": f"p{i}@acme.example"} for i in range(10_000)
    ]
    r = client.api("POST", "/api/interviews", json=data)
    assert r.status_code == 422, r.text
    assert r.json() == {
        "error": f"interviewers: 10,000 interviewers; an interview has at most {MAX_INTERVIEWERS}",
        "field": "interviewers",
    }
