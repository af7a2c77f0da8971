"""The contact page edits the structured name a greeting is built from (issue 15 §1),
with the same checks as `contact edit`, and escapes everything it shows."""

from __future__ import annotations

from followup.bootstrap import App
from followup.domain.records.names import NameOrder
from followup.services.records import contacts
from tests.e2e.web.conftest import XSS_NAME, Client


def test_the_form_saves_every_name_part_and_an_empty_field_clears_it(
    client: Client, app: App
) -> None:
    contact = contacts.add(app, "Tanaka Hiroshi", email="h.tanaka@sakura.example")
    page = client.get(f"/contacts/{contact.id}")
    assert page.status_code == 200 and 'name="salutation"' in page.text
    fields = {
        "name": "Tanaka Hiroshi",
        "email": "h.tanaka@sakura.example",
        "title": "",
        "honorific": "Mr.",
        "given_name": "Hiroshi",
        "family_name": "Tanaka",
        "name_order": "family-first",
        "salutation": "Tanaka-san",
    }
    saved = client.form(f"/contacts/{contact.id}", fields)
    assert saved.status_code == 303 and saved.headers["location"].endswith("?notice=saved")
    stored = contacts.get(app, contact.id or 0)
    assert (stored.honorific, stored.family_name, stored.salutation) == (
        "Mr.",
        "Tanaka",
        "Tanaka-san",
    )
    assert stored.name_order is NameOrder.FAMILY_FIRST
    client.form(f"/contacts/{contact.id}", {**fields, "salutation": ""})
    assert contacts.get(app, contact.id or 0).salutation == ""
    shown = client.get(f"/contacts/{contact.id}?notice=saved").text
    assert 'value="Mr."' in shown and "Saved." in shown


def test_bad_input_is_one_clear_line_and_nothing_changes(client: Client, app: App) -> None:
    contact = contacts.add(app, "Grace Hopper")
    for field, value, problem in (
        ("honorific", "Mr.\r\nBcc: eve@example.org", "must be one line"),
        ("salutation", "<script>alert(1)</script>", "must not contain &lt; or &gt;"),
        ("name_order", "sideways", "is not given-first or family-first"),
    ):
        bad = client.form(f"/contacts/{contact.id}", {"name": "Grace Hopper", field: value})
        assert bad.status_code == 422 and problem in bad.text, bad.text
        assert "<script>alert(1)</script>" not in bad.text
    assert contacts.get(app, contact.id or 0) == contact


def test_what_the_page_shows_is_escaped(client: Client, app: App) -> None:
    contact = contacts.add(app, XSS_NAME)
    page = client.get(f"/contacts/{contact.id}").text
    assert "<img src=x" not in page and "&lt;img src=x" in page
    assert client.get("/contacts/999").status_code == 404
