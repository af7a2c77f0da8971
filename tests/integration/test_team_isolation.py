"""Isolation in team mode, swept over every route (issue 19): two candidates under two
coaches. Every route and method comes from the OpenAPI document (and the app's route
table, for the HTML pages it leaves out); each is called by the other candidate, the other
coach, the admin and nobody, with ids that exist in Ada's account and her user id. None
may show Ada's data, and none may change it. Her own coach sees her pipeline, and her
drafts only once she shares them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute

from followup.domain.records.model import Snapshot
from tests.integration.teamcohort import NOW, Cohort, TeamClient

SECRET = "ADA-SECRET"
DRAFT = "ADA-SECRET draft"
_SKIP = {("POST", "/logout"), ("POST", "/login")}  # they end or start the session under test


def _example(schema: dict[str, Any], spec: dict[str, Any], depth: int = 0) -> Any:
    """A small valid-looking value for a JSON schema: required fields only."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return _example(spec["components"]["schemas"][name], spec, depth + 1)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"]
            return _example(options[0], spec, depth + 1) if options else None
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" and depth < 6:
        return {
            name: _example(schema["properties"][name], spec, depth + 1)
            for name in schema.get("required", [])
        }
    if kind == "array":
        return []
    if kind == "integer" or kind == "number":
        return 1
    if kind == "boolean":
        return True
    if schema.get("format") == "date-time":
        return NOW.isoformat()
    if schema.get("format") == "date":
        return NOW.date().isoformat()
    return "probe@example.org" if "mail" in str(schema.get("title", "")).lower() else "probe"


def operations(client: TeamClient) -> list[tuple[str, str, Any]]:
    """(method, path template, JSON body or None) for every route of the app."""
    spec = client.get("/api/openapi.json").json()
    found: dict[tuple[str, str], Any] = {}
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            content = op.get("requestBody", {}).get("content", {})
            body = None
            if "application/json" in content:
                body = _example(content["application/json"]["schema"], spec)
            found[(method.upper(), path)] = body
    for route in _routes(client.app.app.routes):  # type: ignore[attr-defined]
        for method in route.methods:
            found.setdefault((method, route.path), None)
    assert len(found) > 60, len(found)  # the personal app's routes are in the sweep too
    return sorted((m, p, b) for (m, p), b in found.items() if (m, p) not in _SKIP)


def _routes(routes: list[Any]) -> Iterator[APIRoute]:
    """Every APIRoute, also inside included routers (`include_router` keeps the router)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _routes(inner.routes)


def _fill(path: str, victim_user: int) -> list[str]:
    """The path with its ids: the victim's user id, and ids that exist in her account."""

    def one(value: int) -> str:
        return re.sub(
            r"\{(\w+)\}", lambda m: str(victim_user if m.group(1) == "user_id" else value), path
        )

    return sorted({one(1), one(2)})


def _sweep(client: TeamClient, cohort: Cohort, forbidden: str) -> tuple[int, list[str]]:
    """Call every route; return how many calls were made and every leak of `forbidden`."""
    leaks, calls = [], 0
    for method, template, body in operations(client):
        for path in _fill(template, cohort.ada.id):
            headers = {"X-CSRF-Token": client.csrf}
            if body is not None:
                answer = client.request(method, path, json=body, headers=headers)
            elif method in ("POST", "PUT", "PATCH", "DELETE"):
                answer = client.request(method, path, data={"csrf_token": client.csrf},
                                        headers=headers)  # fmt: skip
            else:
                answer = client.request(method, path)
            calls += 1
            assert answer.status_code < 500, (method, path, answer.status_code, answer.text)
            if forbidden in answer.text:
                leaks.append(f"{method} {path} -> {answer.status_code}")
    return calls, leaks


def _ada(cohort: Cohort) -> Snapshot:
    assert cohort.ada.account_id is not None
    return cohort.team.store_for(cohort.ada.account_id).snapshot()


@pytest.fixture
def before(cohort: Cohort) -> Iterator[Snapshot]:
    snapshot = _ada(cohort)
    yield snapshot
    assert _ada(cohort) == snapshot, "a cross-account write changed Ada's records"


@pytest.mark.parametrize("who", ["bob", "coach2", "admin", "nobody"])
def test_no_route_reads_or_writes_across_accounts(cohort: Cohort, before: Snapshot,
                                                  who: str) -> None:  # fmt: skip
    with cohort.client() as client:
        if who != "nobody":
            done = client.sign_in(f"{who}@northfield.test")
            assert done.status_code == 303
        calls, leaks = _sweep(client, cohort, SECRET)
        assert calls > 80
        assert leaks == []
        if who == "bob":  # the sweep reaches real data: his own is there
            assert "BOB-SECRET" in client.get("/api/applications").text


def test_her_coach_sees_her_pipeline_and_drafts_only_when_shared(
    cohort: Cohort, before: Snapshot
) -> None:
    with cohort.client() as coach, cohort.client() as ada:
        coach.sign_in("coach1@northfield.test")
        ada.sign_in("ada@northfield.test")
        calls, leaks = _sweep(coach, cohort, DRAFT)
        assert calls > 80 and leaks == []
        pipeline = coach.get(f"/api/team/candidates/{cohort.ada.id}").text
        assert "ADA-SECRET Engineer" in pipeline
        ada.api("POST", "/api/team/me/sharing", json={"on": True})
        _, seen = _sweep(coach, cohort, DRAFT)
        assert seen == [
            f"GET /api/team/candidates/{cohort.ada.id}/drafts -> 200",
            f"GET /team/candidates/{cohort.ada.id} -> 200",
            f"GET /team/candidates/{cohort.ada.id}/drafts/2 -> 200",  # its comments page
        ]
