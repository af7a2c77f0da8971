"""Issue 17 §4: role addresses are not people. An organizer, attendee, `--with` or tracker
contact at hr@ or careers@ with no personal name becomes "the recruiting team", never "Hr",
and is never thanked as an interviewer by a made-up name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.support.dates import RECENT_END

INVITE = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//t//EN
BEGIN:VEVENT
UID:role@contoso.example
DTSTART:20261124T150000Z
DTEND:20261124T160000Z
SUMMARY:Contoso - Data Engineer interview
ORGANIZER{cn}:mailto:hr@contoso.example
ATTENDEE;CN=Jane Smith:mailto:jane.smith@contoso.example
ATTENDEE;CN=Ada Lovelace:mailto:ada@example.org
END:VEVENT
END:VCALENDAR
"""


def _contacts(run: Invoke) -> dict[str, str]:
    data = json.loads(run("export").stdout)
    return {c["email"]: c["name"] for c in data["contacts"]}


@pytest.mark.usefixtures("profile")
@pytest.mark.parametrize("cn", ["", ";CN=HR", ";CN=Contoso Careers"])
def test_an_hr_organizer_is_the_recruiting_team(run: Invoke, tmp_path: Path, cn: str) -> None:
    path = tmp_path / "invite.ics"
    path.write_text(INVITE.format(cn=cn))
    done = run("interview", "import", str(path), "--json")
    assert done.exit_code == 0, done.stderr
    [interview] = json.loads(done.stdout)["interviews"]
    assert [p["name"] for p in interview["interviewers"]] == ["Jane Smith"]
    assert _contacts(run)["hr@contoso.example"] == "the recruiting team"


@pytest.mark.usefixtures("profile")
def test_with_a_role_address_is_the_team_and_a_named_person_keeps_the_name(run: Invoke) -> None:
    done = run(
        "interview", "add", "--company", "Acme", "--role", "Dev", "--end", RECENT_END,
        "--with", "careers@acme.example", "--with", "Jane Smith <jobs@acme.example>",
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    names = _contacts(run)
    assert names == {
        "careers@acme.example": "the recruiting team",
        "jobs@acme.example": "Jane Smith",
    }
    agenda = run("agenda", "--json")
    thanks = [i for i in json.loads(agenda.stdout) if i["kind"] == "thank-you"]
    team = next(i for i in thanks if "recruiting team" in json.dumps(i))
    shown = run("draft", str(team["id"]))
    assert shown.exit_code == 0, shown.stderr
    assert "Dear Recruiting Team," in shown.stdout or "Hi Recruiting Team," in shown.stdout
    assert "Dear the," not in shown.stdout and "Hr" not in shown.stdout


@pytest.mark.usefixtures("profile")
def test_a_tracker_contact_at_hr_is_the_team(run: Invoke, tmp_path: Path) -> None:
    sheet = tmp_path / "tracker.csv"
    sheet.write_text("Company,Role,Stage,Contact Email\nAcme,Dev,Applied,hr@acme.example\n")
    done = run("import", "--from", "csv", str(sheet))
    assert done.exit_code == 0, done.stderr
    assert _contacts(run) == {"hr@acme.example": "the recruiting team"}
