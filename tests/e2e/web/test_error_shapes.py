"""The API's errors are what its OpenAPI document says (issue 17 §6): the test walks the
document and, over real HTTP on loopback, provokes each declared 401, 403, 404, 429
and 422, and checks the answer against the declared JSON schema (`field` required
on 422)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import jsonschema_rs
import pytest

from followup.bootstrap import App
from followup.domain.writing import debrief as debriefs
from followup.web import create_app
from tests.e2e.web.conftest import NOW, LiveServer, debrief

WRITES = {"post", "put", "patch", "delete"}
OPEN = {"/api/session"}  # open before sign-in: it hands out the CSRF token


@pytest.fixture
def local(app: App) -> Iterator[LiveServer]:
    with LiveServer(lambda port: create_app(app, port=port)) as server:
        yield server


@pytest.fixture
def remote(app: App) -> Iterator[LiveServer]:
    make = lambda port: create_app(app, host="0.0.0.0", port=port, login_token="t" * 24)  # noqa: E731,S104
    with LiveServer(make) as server:
        yield server


def _operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            yield path, method, op


def _url(path: str, op: dict[str, Any], value: object) -> str:
    for p in op.get("parameters", []):
        if p["in"] == "path":
            path = path.replace("{" + p["name"] + "}", str(value))
    return path


def _bad_query(op: dict[str, Any]) -> dict[str, str] | None:
    """A query parameter outside its declared range, when the operation has one."""
    for p in op.get("parameters", []):
        if p["in"] != "query":
            continue
        schema = p["schema"]
        choices = schema.get("anyOf", [schema])
        for choice in choices:
            if "minimum" in choice:
                return {p["name"]: str(choice["minimum"] - 1)}
            if "maxLength" in choice:
                return {p["name"]: "x" * (choice["maxLength"] + 1)}
            if choice.get("type") == "boolean":
                return {p["name"]: "perhaps"}
    return None


def _check(doc: dict[str, Any], op: dict[str, Any], code: int, answer: httpx.Response) -> None:
    where = f"{answer.request.method} {answer.request.url.path}"
    assert answer.status_code == code, f"{where}: {answer.status_code} {answer.text}"
    assert answer.headers["content-type"].startswith("application/json"), where
    declared = op["responses"][str(code)]["content"]["application/json"]["schema"]
    schema = {**declared, "components": doc["components"]}
    body = answer.json()
    errors = [e.message for e in jsonschema_rs.validator_for(schema).iter_errors(body)]
    assert errors == [], f"{where}: {body} against {declared}: {errors}"


def test_every_declared_error_answers_in_its_declared_shape(
    app: App, local: LiveServer, remote: LiveServer
) -> None:
    checked: dict[int, int] = {401: 0, 403: 0, 404: 0, 422: 0}
    with httpx.Client(base_url=local.url) as http, httpx.Client(base_url=remote.url) as outside:
        doc = http.get("/api/openapi.json").json()
        csrf = {"X-CSRF-Token": http.get("/api/session").json()["csrf_token"]}
        created = http.post("/api/interviews", json=debrief(NOW - timedelta(hours=3)), headers=csrf)
        assert created.status_code == 201, created.text
        for path, method, op in _operations(doc):
            declared = {int(c) for c in op["responses"] if c.isdigit() and int(c) >= 400}
            assert {401, 403, 422} <= declared, f"{method} {path}"
            has_id = any(p["in"] == "path" for p in op.get("parameters", []))
            # 401: no session, no token.
            if path not in OPEN:
                answer = outside.request(method, _url(path, op, 1), json={})
                _check(doc, op, 401, answer)
                checked[401] += 1
            if method in WRITES:
                # 403: no CSRF token, and then a request from another site.
                _check(doc, op, 403, http.request(method, _url(path, op, 1), json={}))
                cross = {**csrf, "Origin": "http://attacker.example"}
                _check(doc, op, 403, http.request(method, _url(path, op, 1), headers=cross))
                checked[403] += 1
            # 422: an id out of range, a body the schema refuses, a query out of range.
            bad_query = _bad_query(op)
            if has_id:
                answer = http.request(method, _url(path, op, 0), json={}, headers=csrf)
                _check(doc, op, 422, answer)
                assert answer.json()["field"].endswith("_id"), answer.json()
                checked[422] += 1
                if method == "get":
                    _check(doc, op, 404, http.get(_url(path, op, 2**40)))
                    checked[404] += 1
            elif "requestBody" in op:
                answer = http.request(method, path, json={"no such key": 1}, headers=csrf)
                _check(doc, op, 422, answer)
                assert answer.json()["field"], answer.json()
                checked[422] += 1
            elif bad_query is not None:
                answer = http.request(method, path, params=bad_query, headers=csrf)
                _check(doc, op, 422, answer)
                assert answer.json()["field"] in bad_query, answer.json()
                checked[422] += 1
        # 429: wrong bearer tokens, past the throttle's limit.
        wrong = {"Authorization": "Bearer wrong"}
        for _ in range(5):
            outside.get("/api/agenda", headers=wrong)
        for path, method, op in _operations(doc):
            if path not in OPEN:
                answer = outside.request(method, _url(path, op, 1), headers=wrong)
                _check(doc, op, 429, answer)
                assert int(answer.headers["retry-after"]) >= 1
                checked[429] = checked.get(429, 0) + 1
    assert checked[401] >= 20 and checked[403] >= 10 and checked[422] >= 20, checked
    assert checked[429] == checked[401], checked
    assert checked[404] >= 6, checked


def test_422_names_the_field_for_both_kinds_of_check(local: LiveServer) -> None:
    with httpx.Client(base_url=local.url) as http:
        csrf = {"X-CSRF-Token": http.get("/api/session").json()["csrf_token"]}
        schema = http.post("/api/companies", json={"industry": "x"}, headers=csrf)
        assert schema.status_code == 422 and schema.json()["field"] == "name"
        payload = debrief(NOW - timedelta(hours=3))
        payload["interview"]["end"] = "yesterday-ish"
        domain = http.post("/api/interviews", json=payload, headers=csrf)
        assert domain.status_code == 422 and domain.json()["field"] == "interview.end"


def test_post_interviews_declares_the_debrief_as_its_request_schema(local: LiveServer) -> None:
    with httpx.Client(base_url=local.url) as http:
        doc = http.get("/api/openapi.json").json()
        body = doc["paths"]["/api/interviews"]["post"]["requestBody"]
        schema = body["content"]["application/json"]["schema"]
        assert body["required"] is True
        assert set(schema["required"]) >= {"role", "company", "interview"}
        # The schema's keys are the debrief parser's keys (docs/debrief.md), level by level.
        keys = debriefs._KEYS
        assert set(schema["properties"]) == keys[""]
        for section in ("candidate", "company", "interview", "coordinator"):
            assert set(schema["properties"][section]["properties"]) == keys[section], section
        people = schema["properties"]["interviewers"]["items"]["properties"]
        assert set(people) == keys["interviewers"]
        assert "$ref" not in json.dumps(schema) or "components" in doc
        valid = debrief(NOW - timedelta(hours=3))
        assert list(jsonschema_rs.validator_for(schema).iter_errors(valid)) == []
        wrong = {**valid, "interviewer": []}
        assert not jsonschema_rs.validator_for(schema).is_valid(wrong)


MALFORMED = [
    (b'{"name": "Acme",', "Expecting property name"),
    (b"nul", "Expecting value"),
    (b'{"name": "Acme"} and more', "Extra data"),
    (b'{"name": "\\x"}', "Invalid \\escape"),
    (b'{"name": "Acme \xff"}', "not UTF-8 text"),
]


@pytest.mark.parametrize(("body", "problem"), MALFORMED)
def test_malformed_json_answers_in_the_declared_shape_on_every_route(
    app: App, local: LiveServer, body: bytes, problem: str
) -> None:
    """Before: "13: JSON decode error" with `field` "13", and a bare 400 `{"detail": ...}`
    for bytes that are not text (issue 17 §6)."""
    with httpx.Client(base_url=local.url) as http:
        doc = http.get("/api/openapi.json").json()
        csrf = {"X-CSRF-Token": http.get("/api/session").json()["csrf_token"]}
        created = http.post("/api/interviews", json=debrief(NOW - timedelta(hours=3)), headers=csrf)
        assert created.status_code == 201, created.text
        before = app.store.applications.list()
        routes = 0
        for path, method, op in _operations(doc):
            if method not in WRITES:
                continue
            headers = {**csrf, "Content-Type": "application/json"}
            answer = http.request(method, _url(path, op, 1), content=body, headers=headers)
            _check(doc, op, 422, answer)
            found = answer.json()
            assert found["field"] == "body", (path, found)
            assert found["error"].startswith("body: is not valid JSON"), (path, found)
            assert problem in found["error"], (path, found)
            routes += 1
        assert routes >= 10
        assert app.store.applications.list() == before
