"""Personal to team and back (issue 19, item 6, first step): a candidate's personal
`followup export` imports into their team account and exports back out unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup.adapters.store.postgres.team import PostgresTeam
from tests.conftest import Invoke


def test_a_personal_export_moves_into_a_candidates_account_and_back(
    run: Invoke, team_url: str, team: PostgresTeam, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:  # fmt: skip
    monkeypatch.delenv("FOLLOWUP_DATABASE")  # first, the candidate alone on SQLite
    assert run("init", "--name", "Ada Lovelace", "--email", "ada@northfield.test",
               "--tz", "Europe/London", "--country", "GB").exit_code == 0  # fmt: skip
    assert run("company", "add", "Acme Ünïcode").exit_code == 0
    assert run("app", "add", "--company", "Acme Ünïcode", "--role", "Data Engineer").exit_code == 0
    exported = tmp_path / "ada.json"
    assert run("export", "-o", str(exported)).exit_code == 0

    monkeypatch.setenv("FOLLOWUP_DATABASE", team_url)  # then, enrolled at her careers office
    assert (
        run("team", "init", "--org", "Northfield", "--admin", "admin@northfield.test").exit_code
        == 0
    )
    assert run("user", "add", "ada@northfield.test", "--role", "candidate").exit_code == 0
    ada = team.user_by_email("ada@northfield.test")
    assert ada is not None and ada.account_id is not None
    monkeypatch.setenv("FOLLOWUP_ACCOUNT", str(ada.account_id))
    imported = run("import", str(exported))
    assert imported.exit_code == 0, imported.output
    apps = team.store_for(ada.account_id).applications.list()
    assert [a.role for a in apps] == ["Data Engineer"]
    again = tmp_path / "again.json"
    assert run("export", "-o", str(again)).exit_code == 0
    assert again.read_text() == exported.read_text()
