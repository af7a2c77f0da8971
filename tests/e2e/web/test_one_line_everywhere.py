"""Names and roles are one line on every path (issue 17 §2): every Unicode line break
(U+2028, U+2029, U+0085, VT, FF, ...) and every other control character is refused as CR
and LF are, by the CLI, the web form, the JSON API, the debrief, the backup and invites."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from followup.bootstrap import App
from followup.domain import backup
from followup.domain.errors import ValidationError
from followup.domain.records import fields
from followup.domain.writing import debrief as debriefs
from tests.conftest import Invoke
from tests.e2e.web.conftest import NOW, Client, Seeded, debrief

BREAKS = ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\r", "\n"]
CONTROLS = ["\x00", "\x1b", "\x7f", "\x9b"]
BAD = BREAKS + CONTROLS


def _evil(sep: str) -> str:
    return f"Analyst{sep}Bcc: eve@evil.example"


@pytest.mark.parametrize("sep", BAD)
def test_the_validator_refuses_every_break_and_control(sep: str) -> None:
    with pytest.raises(ValidationError) as caught:
        fields.name("name", _evil(sep))
    assert caught.value.field == "name"
    assert f"U+{ord(sep):04X}" in caught.value.problem
    assert fields.name("name", "Grace\tHopper") == "Grace Hopper"  # a tab is a space


@pytest.mark.usefixtures("profile")
@pytest.mark.parametrize("sep", ["\u2028", "\x85", "\x1b"])
def test_the_cli_refuses_them(run: Invoke, sep: str) -> None:
    for args, field in [
        (["app", "add", "--company", "Acme", "--role", _evil(sep)], "--role"),
        (["contact", "add", _evil(sep)], "name"),
        (["company", "add", _evil(sep)], "name"),
    ]:
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(f"error: {field}: must "), result.stderr
    assert run("app", "list", "--json").stdout.strip() == "[]"


@pytest.mark.parametrize("sep", ["\u2028", "\u2029", "\x85"])
def test_the_json_api_refuses_them(client: Client, app: App, sep: str) -> None:
    for url, body in [
        ("/api/companies", {"name": _evil(sep)}),
        ("/api/contacts", {"name": _evil(sep)}),
        ("/api/applications", {"company": "Acme", "role": _evil(sep)}),
        ("/api/interviews", {**debrief(NOW - timedelta(hours=3)), "role": _evil(sep)}),
        (
            "/api/interviews",
            {**debrief(NOW - timedelta(hours=3)), "interviewers": [{"name": _evil(sep)}]},
        ),
    ]:
        r = client.api("POST", url, json=body)
        assert r.status_code == 422, (url, r.text)
        assert "must be one line" in r.text, (url, r.text)
    assert app.store.applications.list() == []


def test_the_web_form_refuses_them(client: Client, app: App) -> None:
    end = (NOW - timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M")
    form = {"company": "Initech", "end": end, "tz": "UTC", "person_name": ["Bill"]}
    r = client.form("/interviews", {**form, "role": _evil("\u2028")})
    assert r.status_code == 422 and "must be one line" in r.text
    r = client.form("/interviews", {**form, "role": "Analyst", "person_name": [_evil("\x85")]})
    assert r.status_code == 422 and "must be one line" in r.text
    assert app.store.applications.list() == []


@pytest.mark.parametrize("sep", ["\u2028", "\n"])
def test_the_debrief_refuses_them_in_the_role(sep: str) -> None:
    data: dict[str, Any] = {**debrief(NOW - timedelta(hours=3)), "role": _evil(sep)}
    with pytest.raises(ValidationError) as caught:
        debriefs.parse(data)
    assert caught.value.field == "role" and "must be one line" in caught.value.problem


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"companies": [{"id": 1, "name": "Acme\u2028Bcc: x"}]}, "companies[0].name"),
        (
            {
                "companies": [{"id": 1, "name": "Acme"}],
                "applications": [
                    {
                        "id": 1,
                        "company_id": 1,
                        "role": _evil("\u2029"),
                        "created_at": "2026-11-24T20:00:00+00:00",
                    }
                ],
            },
            "applications[0].role",
        ),
        ({"contacts": [{"id": 1, "name": "Kai\x85Bcc: x"}]}, "contacts[0].name"),
    ],
)
def test_the_backup_refuses_them(change: dict[str, Any], field: str) -> None:
    data = {"format": "followup-backup", "version": 2, **change}
    with pytest.raises(ValidationError) as caught:
        backup.from_data(data)
    assert field in str(caught.value) and "must be one line" in str(caught.value)


@pytest.mark.usefixtures("profile")
def test_an_invite_refuses_them(run: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "invite.ics"
    path.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//EN\nBEGIN:VEVENT\n"
        "UID:x@contoso.example\nDTSTART:20261124T150000Z\nDTEND:20261124T160000Z\n"
        "SUMMARY:Contoso Phone Screen\n"
        "ORGANIZER;CN=Jane Smith:mailto:jane@contoso.example\n"
        "ATTENDEE;CN=Ada Lovelace:mailto:ada@example.org\nEND:VEVENT\nEND:VCALENDAR\n",
        encoding="utf-8",
    )
    result = run("interview", "import", str(path), "--role", _evil("\u2028"))
    assert result.exit_code == 2, result.output
    assert "must be one line" in result.stderr
    assert run("app", "list", "--json").stdout.strip() == "[]"


@pytest.mark.parametrize("sep", ["\u2028", "\x85", "\r\n"])
def test_a_draft_subject_refuses_them_in_the_api_and_the_editor(
    client: Client, app: App, seeded: Seeded, sep: str
) -> None:
    subject = f"Thank you{sep}Bcc: eve@evil.example"
    api = client.api(
        "PUT", f"/api/drafts/{seeded.followup_id}", json={"subject": subject, "body": "Hi"}
    )
    assert api.status_code == 422 and api.json()["field"] == "subject", api.text
    page = client.form(f"/drafts/{seeded.followup_id}", {"subject": subject, "body": "Hi"})
    assert page.status_code == 422 and "must be one line" in page.text
    assert "Bcc" not in app.store.followups.get(seeded.followup_id).subject
