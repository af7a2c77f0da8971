"""Choosing PostgreSQL from the environment: `followup db`, accounts, one-line errors, and
moving an account between SQLite and PostgreSQL with `export`/`import` (issue 18)."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from followup.settings import Settings
from tests.conftest import Invoke
from tests.integration.pgserver import PostgresServer

_count = itertools.count()


@pytest.fixture
def url(postgres: PostgresServer) -> str:
    """A fresh, empty (unmigrated) database, as the application role."""
    return postgres.fresh_database(f"cli_{next(_count)}")


def use(monkeypatch: pytest.MonkeyPatch, database: str, account: str = "") -> None:
    monkeypatch.setenv("FOLLOWUP_DATABASE", database)
    if account:
        monkeypatch.setenv("FOLLOWUP_ACCOUNT", account)
    else:
        monkeypatch.delenv("FOLLOWUP_ACCOUNT", raising=False)


@pytest.mark.parametrize("scheme", ["postgresql://", "postgres://"])
def test_a_postgres_url_selects_postgres_and_anything_else_sqlite(scheme: str) -> None:
    chosen = Settings.from_env({"FOLLOWUP_HOME": "/h", "FOLLOWUP_DATABASE": f"{scheme}u@h/d"})
    assert chosen.database_url == f"{scheme}u@h/d" and chosen.account == "default"
    for value in ("/data/f.db", "postgresql.db", "sqlite:///x", ""):
        kept = Settings.from_env({"FOLLOWUP_HOME": "/h", "FOLLOWUP_DATABASE": value})
        assert kept.database_url == ""
    named = Settings.from_env({"FOLLOWUP_DATABASE": f"{scheme}h/d", "FOLLOWUP_ACCOUNT": "ada"})
    assert named.account == "ada"


def test_db_status_and_migrate_on_sqlite(run: Invoke, isolated_home: Path) -> None:
    status = run("db", "status")
    assert status.exit_code == 0, status.output
    assert f"database: {isolated_home / 'followup.db'}" in status.stdout
    assert "0001_initial.sql" in status.stdout and "pending" not in status.stdout
    migrated = run("db", "migrate")
    assert migrated.exit_code == 0 and migrated.stdout.endswith("up to date\n")
    assert "applied " not in migrated.stdout.splitlines()[0]  # nothing was pending


def test_db_migrate_and_status_on_postgres(
    run: Invoke, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    use(monkeypatch, url)
    before = run("db", "status")
    assert before.exit_code == 0 and "0001  0001_initial.sql" in before.stdout
    assert "pending" in before.stdout and "app-pass" not in before.stdout
    refused = run("app", "list")  # not migrated yet: say what to do
    assert refused.exit_code == 1 and "followup db migrate" in refused.stderr
    assert refused.stderr.count("\n") == 1
    first = run("db", "migrate")
    assert first.exit_code == 0 and "applied 0001_initial.sql" in first.stdout
    assert run("db", "migrate").stdout.count("applied ") == 0
    after = run("db", "status")
    assert "pending" not in after.stdout and "applied 20" in after.stdout


def test_accounts_are_made_by_name_on_first_use_and_kept_apart(
    run: Invoke, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    use(monkeypatch, url)
    assert run("db", "migrate").exit_code == 0
    assert run("company", "add", "Acme").exit_code == 0  # the account "default"
    use(monkeypatch, url, "ada")
    assert run("company", "add", "Beta").exit_code == 0
    listed = run("company", "list", "--json")
    assert [c["name"] for c in json.loads(listed.stdout)] == ["Beta"]
    use(monkeypatch, url, "default")
    assert [c["name"] for c in json.loads(run("company", "list", "--json").stdout)] == ["Acme"]
    use(monkeypatch, url, "1")  # an id names the same account
    assert [c["name"] for c in json.loads(run("company", "list", "--json").stdout)] == ["Acme"]
    use(monkeypatch, url, "99")  # an unknown id is not created
    unknown = run("company", "list")
    assert unknown.exit_code == 1
    assert unknown.stderr == "error: FOLLOWUP_ACCOUNT: no account 99 in this database\n"


@pytest.mark.parametrize(
    "database",
    [
        "postgresql://followup_app:s3cret@127.0.0.1:1/followup",  # nothing listens there
        "postgresql://followup_app:s3cret@127.0.0.1:1:2/x",  # not a URL libpq takes
    ],
)
def test_a_bad_or_unreachable_server_is_one_line_without_the_password(
    run: Invoke, monkeypatch: pytest.MonkeyPatch, database: str
) -> None:
    use(monkeypatch, database)
    for command in (("app", "list"), ("db", "status"), ("db", "migrate")):
        done = run(*command)
        assert done.exit_code == 1, done.output
        assert done.stderr.startswith("error: cannot reach PostgreSQL at postgresql://")
        assert done.stderr.count("\n") == 1 and "s3cret" not in done.stderr
        assert "Traceback" not in done.stderr


def test_wrong_password_is_one_line(
    run: Invoke, postgres: PostgresServer, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    use(monkeypatch, url.replace("app-pass", "wrong-pass"))
    done = run("app", "list")
    assert done.exit_code == 1 and done.stderr.count("\n") == 1
    assert "wrong-pass" not in done.stderr and "app-pass" not in done.stderr


def test_export_from_sqlite_import_into_postgres_and_back_is_identical(
    run: Invoke, profile: None, url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """One candidate moves from their own SQLite file to an account on the shared server."""
    assert run("company", "add", "Acme Ünïcode", "--tz", "America/New_York").exit_code == 0
    added = run("app", "add", "--company", "Acme Ünïcode", "--role", "Data Engineer")
    assert added.exit_code == 0, added.output
    assert run("contact", "add", "Grace Hopper", "--email", "grace@acme.com").exit_code == 0
    exported = tmp_path / "ada.json"
    assert run("export", "-o", str(exported)).exit_code == 0
    use(monkeypatch, url, "ada")
    assert run("db", "migrate").exit_code == 0
    imported = run("import", str(exported))
    assert imported.exit_code == 0, imported.output
    again = tmp_path / "again.json"
    assert run("export", "-o", str(again)).exit_code == 0
    assert json.loads(exported.read_text())["applications"]
    assert again.read_text() == exported.read_text()


def _modules_after_app_list(env: dict[str, str]) -> str:
    code = (
        "import sys\n"
        "from followup.cli import main\n"
        "try:\n    main(['app', 'list'])\nexcept SystemExit:\n    pass\n"
        "print('PSYCOPG', sorted(m for m in sys.modules if m.startswith('psycopg')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    return done.stdout


def test_app_list_on_sqlite_imports_no_psycopg(tmp_path: Path, url: str) -> None:
    assert "PSYCOPG []" in _modules_after_app_list({"FOLLOWUP_HOME": str(tmp_path)})
    # The same probe sees psycopg when a PostgreSQL URL is given (so it can fail).
    on_postgres = {"FOLLOWUP_HOME": str(tmp_path), "FOLLOWUP_DATABASE": url}
    assert "'psycopg'" in _modules_after_app_list(on_postgres)
