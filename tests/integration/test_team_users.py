"""Team mode's organisation and users on a real PostgreSQL (issue 19): `team init`,
`user add/list/disable/enrol`, and the one-line refusal without PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from followup.adapters.store.postgres.team import PostgresTeam
from tests.conftest import Invoke


def _init(run: Invoke) -> None:
    done = run("team", "init", "--org", "Northfield Careers", "--admin", "Admin@Northfield.ac.uk")
    assert done.exit_code == 0, done.output
    assert "admin admin@northfield.ac.uk" in done.stdout


@pytest.mark.parametrize(
    "args",
    [["team", "init", "--org", "X", "--admin", "a@b.org"], ["team", "serve"],
     ["user", "list", "--json"], ["user", "add", "a@b.org", "--role", "coach"]],
)  # fmt: skip
def test_team_mode_needs_postgres_one_line(run: Invoke, args: list[str]) -> None:
    done = run(*args)
    assert done.exit_code == 1
    assert done.stderr.strip() == (
        "error: team mode needs PostgreSQL: set FOLLOWUP_DATABASE=postgresql://..."
    )


def test_an_unmigrated_database_says_migrate(
    run: Invoke, postgres: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.integration.pgserver import PostgresServer

    assert isinstance(postgres, PostgresServer)
    monkeypatch.setenv("FOLLOWUP_DATABASE", postgres.fresh_database("team_unmigrated"))
    done = run("user", "list")
    assert done.exit_code == 1
    assert "run `followup db migrate`" in done.stderr and "Traceback" not in done.output


def test_init_add_list_disable(run: Invoke, team_url: str, team: PostgresTeam) -> None:
    _init(run)
    again = run("team", "init", "--org", "Other", "--admin", "x@y.org")
    assert again.exit_code == 2 and "already has an organisation" in again.stderr
    assert run("user", "add", "coach@northfield.ac.uk", "--role", "coach").exit_code == 0
    added = run("user", "add", "ada@northfield.ac.uk", "--role", "candidate",
                "--coach", "coach@northfield.ac.uk", "--name", "Ada", "--json")  # fmt: skip
    assert added.exit_code == 0, added.output
    assert json.loads(added.stdout)["role"] == "candidate"
    listed = json.loads(run("user", "list", "--json").stdout)
    assert [(u["email"], u["role"], u["coach"]) for u in listed] == [
        ("admin@northfield.ac.uk", "admin", None),
        ("coach@northfield.ac.uk", "coach", None),
        ("ada@northfield.ac.uk", "candidate", "coach@northfield.ac.uk"),
    ]
    ada = team.user_by_email("ada@northfield.ac.uk")
    assert ada is not None and ada.account_id is not None  # a candidate owns an account
    coach = team.user_by_email("coach@northfield.ac.uk")
    assert coach is not None and coach.account_id is None
    assert [u["account_id"] for u in listed] == [None, None, ada.account_id]
    assert [u.email for u in team.candidates_of(coach.id)] == ["ada@northfield.ac.uk"]
    done = run("user", "disable", "ada@northfield.ac.uk")
    assert done.exit_code == 0 and "disabled ada@northfield.ac.uk" in done.stdout
    assert json.loads(run("user", "list", "--json").stdout)[2]["disabled"] is True
    assert team.candidates_of(coach.id) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody", "--role", "coach"], "error: email: 'nobody' is not an email address"),
        (["a@b.org", "--role", "coach", "--coach", "c@d.org"], "error: --coach: no user c@d.org"),
        (["admin@northfield.ac.uk", "--role", "coach"],
         "error: admin@northfield.ac.uk is already a user"),
        (["x@b.org", "--role", "candidate", "--coach", "admin@northfield.ac.uk"],
         "error: --coach: admin@northfield.ac.uk is not an enabled coach"),
    ],
)  # fmt: skip
def test_bad_user_input_is_one_line(
    run: Invoke, team_url: str, args: list[str], message: str
) -> None:
    _init(run)
    done = run("user", "add", *args)
    assert done.exit_code != 0
    assert done.stderr.strip() == message


def test_enrol_a_cohort_from_csv(run: Invoke, team_url: str, tmp_path: Path) -> None:
    _init(run)
    run("user", "add", "coach@northfield.ac.uk", "--role", "coach")
    cohort = tmp_path / "cohort.csv"
    cohort.write_text(
        "Email,Name,Coach\n"
        "s1@northfield.ac.uk,Sam One,coach@northfield.ac.uk\n"
        "s2@northfield.ac.uk,Sam Two,coach@northfield.ac.uk\n"
        ",,\n"
        "coach@northfield.ac.uk,,\n",
        encoding="utf-8",
    )
    done = run("user", "enrol", str(cohort), "--json")
    assert done.exit_code == 0, done.output
    result = json.loads(done.stdout)
    assert [u["email"] for u in result["added"]] == ["s1@northfield.ac.uk", "s2@northfield.ac.uk"]
    assert all(u["role"] == "candidate" and u["name"] for u in result["added"])
    assert result["skipped"] == ["line 5: coach@northfield.ac.uk is already a user"]
    bad = tmp_path / "bad.csv"
    bad.write_text("email,role\ns3@northfield.ac.uk,candidate\ns4,candidate\n", encoding="utf-8")
    refused = run("user", "enrol", str(bad))
    assert refused.exit_code == 2
    assert refused.stderr.strip() == f"error: {bad} line 3: 's4' is not an email address"
    listed = json.loads(run("user", "list", "--json").stdout)
    assert "s3@northfield.ac.uk" not in {u["email"] for u in listed}  # nothing half-enrolled
