"""The JSON API carries the structured name and the company's article (issue 15 §1, §2)."""

from __future__ import annotations

import pytest

from tests.e2e.web.conftest import Client


def test_contact_name_parts_round_trip(client: Client) -> None:
    made = client.api(
        "POST",
        "/api/contacts",
        json={
            "name": "Tanaka Hiroshi",
            "honorific": "Mr.",
            "given_name": "Hiroshi",
            "family_name": "Tanaka",
            "name_order": "family-first",
            "salutation": "Tanaka-san",
        },
    )
    assert made.status_code == 201, made.text
    got = client.get(f"/api/contacts/{made.json()['id']}").json()
    assert {k: got[k] for k in ("honorific", "given_name", "family_name", "salutation")} == {
        "honorific": "Mr.",
        "given_name": "Hiroshi",
        "family_name": "Tanaka",
        "salutation": "Tanaka-san",
    }
    assert got["name_order"] == "family-first"
    plain = client.api("POST", "/api/contacts", json={"name": "Grace Hopper"}).json()
    assert plain["honorific"] == "" and plain["name_order"] == "given-first"


def test_company_article_round_trip(client: Client) -> None:
    made = client.api("POST", "/api/companies", json={"name": "Home Office", "article": True})
    assert made.status_code == 201, made.text
    assert client.get(f"/api/companies/{made.json()['id']}").json()["article"] is True
    inferred = client.api("POST", "/api/companies", json={"name": "Sakura Market"}).json()
    assert inferred["article"] is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("honorific", "<b>Dr.</b>"),
        ("salutation", "Tanaka-san\nBcc: x@example.org"),
        ("given_name", "x" * 101),
        ("family_name", "<Lee>"),
        ("name_order", "sideways"),
    ],
)
def test_a_bad_name_part_is_one_422_naming_the_json_key(
    client: Client, field: str, value: str
) -> None:
    r = client.api("POST", "/api/contacts", json={"name": "Lee", field: value})
    assert r.status_code == 422, r.text
    assert r.json()["field"] == field
    assert r.json()["error"].startswith(f"{field}: ")
    assert "--" not in r.json()["error"]
    assert client.get("/api/contacts").json() == []  # nothing half-stored


def test_a_bad_article_is_refused(client: Client) -> None:
    r = client.api("POST", "/api/companies", json={"name": "Initech", "article": "maybe"})
    assert r.status_code == 422 and "article" in r.json()["error"]
