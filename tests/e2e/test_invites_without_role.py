"""Issue 17 §4: invites whose title names no role import without a terminal. The interview
joins the company's only open application; otherwise the application is created with the
role unset, which the summary and the agenda say, and drafts read well meanwhile; a later
`--role` fills it in, and `--role` given at once still wins."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.support.dates import RECENT_DAY

DAY = RECENT_DAY.strftime("%Y%m%d")

TITLES = {
    "contoso": ("Contoso / Jane Smith: Onsite Interview", "Contoso", "contoso.example"),
    "fabrikam": ("Fabrikam Phone Screen", "Fabrikam", "fabrikam.example"),
    "wingtip": ("Interview with Wingtip Toys", "Wingtip Toys", "wingtiptoys.example"),
}


def _invite(tmp_path: Path, key: str) -> Path:
    title, _, domain = TITLES[key]
    path = tmp_path / f"{key}.ics"
    path.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//EN\nBEGIN:VEVENT\n"
        f"UID:{key}@{domain}\nDTSTART:{DAY}T150000Z\nDTEND:{DAY}T160000Z\n"
        f"SUMMARY:{title}\nORGANIZER;CN=Jane Smith:mailto:jane.smith@{domain}\n"
        "ATTENDEE;CN=Ada Lovelace:mailto:ada@example.org\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    return path


@pytest.mark.usefixtures("profile")
@pytest.mark.parametrize("key", sorted(TITLES))
def test_an_invite_naming_no_role_imports_with_the_role_unset(
    run: Invoke, tmp_path: Path, key: str
) -> None:
    path = _invite(tmp_path, key)
    done = run("interview", "import", str(path))
    assert done.exit_code == 0, done.stderr
    company = TITLES[key][1]
    assert f"Added interview 1: {company}, role not set" in done.stdout
    assert f"followup interview import {path} --role ROLE" in done.stdout
    agenda = run("agenda").stdout
    assert f"Thank-you to Jane Smith ({company}, role not set)" in agenda
    draft = run("draft", "1")
    assert draft.exit_code == 0, draft.stderr
    assert "  " not in draft.stdout.split("\n", 2)[1]  # no gap where the role would be
    assert "the role" in draft.stdout or "the interview" in draft.stdout
    # The role given later fills in the same application.
    again = run("interview", "import", str(path), "--role", "Data Engineer")
    assert again.exit_code == 0, again.stderr
    apps = json.loads(run("export").stdout)["applications"]
    assert [(a["id"], a["role"]) for a in apps] == [(1, "Data Engineer")]
    assert "role not set" not in run("agenda").stdout


@pytest.mark.usefixtures("profile")
def test_the_only_open_application_at_the_company_is_used(run: Invoke, tmp_path: Path) -> None:
    assert run("app", "add", "--company", "Contoso", "--role", "Data Engineer").exit_code == 0
    done = run("interview", "import", str(_invite(tmp_path, "contoso")), "--json")
    assert done.exit_code == 0, done.stderr
    [interview] = json.loads(done.stdout)["interviews"]
    assert (interview["application_id"], interview["role"]) == (1, "Data Engineer")


@pytest.mark.usefixtures("profile")
def test_role_still_wins(run: Invoke, tmp_path: Path) -> None:
    assert run("app", "add", "--company", "Fabrikam", "--role", "Analyst").exit_code == 0
    path = _invite(tmp_path, "fabrikam")
    done = run("interview", "import", str(path), "--role", "Data Engineer", "--json")
    assert done.exit_code == 0, done.stderr
    [interview] = json.loads(done.stdout)["interviews"]
    assert (interview["application_id"], interview["role"]) == (2, "Data Engineer")
