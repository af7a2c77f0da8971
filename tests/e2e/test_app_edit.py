"""`followup app edit` (issue 17 §4): the role an invite left unset can be set, and drafts
use it from then on; the decision date moves the plan; bad input writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Invoke


def _invite(tmp_path: Path) -> Path:
    path = tmp_path / "fabrikam.ics"
    path.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//EN\nBEGIN:VEVENT\n"
        "UID:x@fabrikam.example\nDTSTART:20261124T150000Z\nDTEND:20261124T160000Z\n"
        "SUMMARY:Fabrikam Phone Screen\n"
        "ORGANIZER;CN=Jane Smith:mailto:jane.smith@fabrikam.example\n"
        "ATTENDEE;CN=Ada Lovelace:mailto:ada@example.org\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    return path


@pytest.mark.usefixtures("profile")
def test_the_role_an_invite_left_unset_is_set_and_drafts_use_it(
    run: Invoke, tmp_path: Path
) -> None:
    assert run("interview", "import", str(_invite(tmp_path))).exit_code == 0
    before = run("draft", "1")
    assert before.exit_code == 0, before.stderr
    assert "Data Engineer" not in before.stdout
    edited = run("app", "edit", "1", "--role", "Data Engineer", "--json")
    assert edited.exit_code == 0, edited.stderr
    assert json.loads(edited.stdout)["role"] == "Data Engineer"
    after = run("draft", "1")
    assert after.exit_code == 0, after.stderr
    assert "Data Engineer" in after.stdout
    assert "role not set" not in run("agenda").stdout


@pytest.mark.usefixtures("profile")
def test_bad_edits_name_the_option_and_change_nothing(run: Invoke) -> None:
    assert run("app", "add", "--company", "Acme", "--role", "Analyst").exit_code == 0
    for args, words in [
        (["--role", "Analyst\u2028Bcc: x@evil.example"], "--role: must be one line"),
        (["--role", "  "], "--role: must not be empty"),
        (["--decision-by", "2026-02-30"], "--decision-by"),
        ([], "nothing to change"),
    ]:
        result = run("app", "edit", "1", *args)
        assert result.exit_code == 2, (args, result.output)
        assert words in result.stderr and "Traceback" not in result.output
    missing = run("app", "edit", "9", "--role", "Dev")
    assert missing.exit_code != 0 and "9" in missing.stderr
    [app] = json.loads(run("app", "list", "--json").stdout)
    assert app["role"] == "Analyst"


@pytest.mark.usefixtures("profile")
def test_the_decision_date_moves_the_plan(run: Invoke) -> None:
    done = run(
        "interview", "add", "--company", "Acme", "--role", "Dev",
        "--end", "2026-11-24T15:00", "--with", "Grace Hopper <grace@acme.example>",
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    before = {f["key"]: f["window"] for f in json.loads(run("export").stdout)["followups"]}
    assert run("app", "edit", "1", "--decision-by", "2027-03-01").exit_code == 0
    after = {f["key"]: f["window"] for f in json.loads(run("export").stdout)["followups"]}
    assert before != after
