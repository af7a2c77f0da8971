"""`followup doctor` and `followup lint` on PostgreSQL (issue 18 §6): there is no database
file, so neither may speak of one or skip the records because it does not exist."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.integration.pgserver import PostgresServer

_count = itertools.count()
ROOT = Path(__file__).resolve().parents[2]
CONTEXT = ROOT / "tests" / "fixtures" / "lint" / "contexts" / "initech.toml"
GOOD = ROOT / "tests" / "fixtures" / "lint" / "notes" / "001-good-initech-maryjane.txt"


@pytest.fixture
def url(postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch, run: Invoke) -> str:
    url = postgres.fresh_database(f"doctor_{next(_count)}")
    monkeypatch.setenv("FOLLOWUP_DATABASE", url)
    assert run("db", "migrate").exit_code == 0
    return url


def test_doctor_names_the_server_and_its_migrations_not_a_file(
    run: Invoke, url: str, postgres: PostgresServer, isolated_home: Path
) -> None:
    result = run("doctor", "--json")
    assert result.stdout, result.stderr
    checks = {c["name"]: c for c in json.loads(result.stdout)}
    assert "database: file" not in checks
    assert not any("followup.db" in c["detail"] for c in checks.values())
    assert checks["database: server"]["ok"]
    assert "app-pass" not in checks["database: server"]["detail"]  # no password shown
    assert checks["database: migrations"] == {
        "name": "database: migrations", "ok": True, "warn": False, "detail": "up to date"
    }  # fmt: skip
    assert not (isolated_home / "followup.db").exists()
    newest = postgres.admin_sql(
        "DELETE FROM schema_migrations WHERE id = (SELECT max(id) FROM schema_migrations) "
        "RETURNING name",
        database=url.rsplit("/", 1)[1],
    ).split()[0]
    behind = run("doctor", "--json")
    assert behind.exit_code == 1, behind.stderr
    assert behind.stdout, behind.stderr
    migrations = {c["name"]: c for c in json.loads(behind.stdout)}["database: migrations"]
    assert not migrations["ok"]
    assert newest in migrations["detail"] and "followup db migrate" in migrations["detail"]


def test_lint_reads_the_records_on_postgres(run: Invoke, url: str, tmp_path: Path) -> None:
    added = run("app", "add", "--company", "Globex", "--role", "Data Engineer")
    assert added.exit_code == 0, added.stderr
    note = tmp_path / "note.txt"
    note.write_text(GOOD.read_text(encoding="utf-8").replace("Initech", "Globex"), "utf-8")
    result = run("lint", str(note), "--context", str(CONTEXT), "--format", "json")
    rules = [f["rule"] for f in json.loads(result.stdout)["findings"]]
    assert "wrong-company" in rules  # Globex is known only from the PostgreSQL records
