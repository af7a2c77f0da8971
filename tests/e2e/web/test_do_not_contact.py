"""The "do not contact" switch on the web (issue 17 §5, CAD-007): the JSON API's contact
input takes it and its output shows it, and the contact page turns it on and off."""

from __future__ import annotations

from followup.bootstrap import App
from followup.domain.records.followups import Status
from followup.services.records import contacts
from tests.e2e.web.conftest import Client, Seeded


def test_the_json_api_takes_and_shows_the_switch(client: Client, app: App) -> None:
    made = client.api(
        "POST", "/api/contacts", json={"name": "Grace Hopper", "do_not_contact": True}
    )
    assert made.status_code == 201, made.text
    assert made.json()["do_not_contact"] is True
    assert contacts.get(app, made.json()["id"]).do_not_contact
    plain = client.api("POST", "/api/contacts", json={"name": "Alan Turing"})
    assert plain.status_code == 201 and plain.json()["do_not_contact"] is False
    bad = client.api("POST", "/api/contacts", json={"name": "Kai", "do_not_contact": "maybe"})
    assert bad.status_code == 422 and bad.json()["field"].endswith("do_not_contact")
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert "do_not_contact" in schema["ContactIn"]["properties"]


def test_the_contact_page_switches_it_on_and_off(client: Client, app: App, seeded: Seeded) -> None:
    [grace] = [c for c in app.store.contacts.list() if c.name == "Grace Hopper"]
    page = client.get(f"/contacts/{grace.id}").text
    assert 'name="do_not_contact"' in page and 'role="switch"' in page

    def planned() -> list[int]:
        return [
            f.id or 0
            for f in app.store.followups.list()
            if f.contact_id == grace.id and f.status is Status.PLANNED
        ]

    assert planned()
    base = {"name": grace.name, "do_not_contact_shown": "1"}
    on = client.form(f"/contacts/{grace.id}", {**base, "do_not_contact": "on"})
    assert on.status_code == 303
    assert contacts.get(app, grace.id or 0).do_not_contact and planned() == []
    assert (
        "checked" in client.get(f"/contacts/{grace.id}").text.split('id="do_not_contact"')[1][:80]
    )
    # A form without the switch (an older page, a script) leaves it alone.
    client.form(f"/contacts/{grace.id}", {"name": grace.name})
    assert contacts.get(app, grace.id or 0).do_not_contact
    off = client.form(f"/contacts/{grace.id}", base)  # unticked: the box sends nothing
    assert off.status_code == 303
    assert not contacts.get(app, grace.id or 0).do_not_contact and planned()
