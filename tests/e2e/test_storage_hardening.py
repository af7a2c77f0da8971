"""Issue 17 §1: the database under concurrent writers, crashes, corruption, read-only
media and files that are not followup's. Real processes against real SQLite files."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.support.dates import RECENT_END


def _command() -> list[str]:
    exe = shutil.which("followup", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "followup"]


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "FOLLOWUP_HOME": str(home)}


def followup(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_command(), *args], capture_output=True, text=True, env=_env(home), timeout=60
    )


def _setup(home: Path) -> None:
    init = ("init", "--name", "Ada Lovelace", "--email", "ada@example.org", "--tz", "Europe/London")
    assert followup(home, *init).returncode == 0
    assert followup(home, "app", "add", "--company", "Acme", "--role", "Dev").returncode == 0


def _count(home: Path, sql: str) -> int:
    with sqlite3.connect(home / "followup.db") as conn:
        return int(conn.execute(sql).fetchone()[0])


def test_concurrent_interview_adds_all_land_and_say_so(isolated_home: Path) -> None:
    """Eight writers at once: each exits 0 and its interview is there (issue 17 §1);
    before the re-plan ran inside the write transaction, most printed a UNIQUE error."""
    _setup(isolated_home)
    procs = [
        subprocess.Popen(
            [
                *_command(),
                "interview",
                "add",
                "--app",
                "1",
                "--round",
                str(n),
                "--end",
                RECENT_END,
                "--with",
                "Grace Hopper <grace@acme.com>",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(isolated_home),
        )
        for n in range(1, 9)
    ]
    results = [(p.wait(timeout=60), p.stderr.read() if p.stderr else "") for p in procs]
    for proc in procs:
        for stream in (proc.stdout, proc.stderr):
            if stream:
                stream.close()
    assert all(code == 0 for code, _ in results), results
    assert _count(isolated_home, "SELECT count(*) FROM interviews") == 8
    # One thank-you per interview: every plan is whole.
    assert _count(isolated_home, "SELECT count(*) FROM followups WHERE kind = 'thank-you'") == 8


def test_a_busy_database_writes_nothing_and_says_so(isolated_home: Path) -> None:
    """Another writer holds the lock past the busy timeout: exit 1, one line, nothing
    written."""
    _setup(isolated_home)
    holder = sqlite3.connect(isolated_home / "followup.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        done = followup(isolated_home, "interview", "add", "--app", "1", "--end", RECENT_END)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("\n") == 1
    assert "database busy" in done.stderr and "nothing was written" in done.stderr
    assert _count(isolated_home, "SELECT count(*) FROM interviews") == 0


def test_an_invalid_date_creates_no_application(run: Invoke, profile: None) -> None:
    """Issue 17 §2: every option is parsed before the first write."""
    for option in ("--end", "--start", "--decision-by"):
        args = ["--end", RECENT_END] if option != "--end" else []
        result = run(
            "interview", "add", "--company", "Beta", "--role", "Dev", *args,
            option, "2026-02-30",
        )  # fmt: skip
        assert result.exit_code == 2, result.output
        assert option in result.stderr
    assert run("app", "list", "--json").stdout.strip() == "[]"


def test_a_bad_interviewer_creates_no_application(run: Invoke, profile: None) -> None:
    """The new application is written in the interview's transaction, so a refusal
    later in it (a malformed address) rolls it back too."""
    result = run(
        "interview", "add", "--company", "Beta", "--role", "Dev", "--end", RECENT_END,
        "--with", "Grace <not an address>",
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert run("app", "list", "--json").stdout.strip() == "[]"
    assert run("company", "list", "--json").stdout.strip() == "[]"


@pytest.mark.parametrize("command", [["interview", "add"], ["app", "stage"]])
def test_a_record_and_its_plan_are_one_transaction(isolated_home: Path, command: list[str]) -> None:
    """A failure while the plan is written (here: the follow-ups table refuses inserts)
    leaves no record without its follow-ups: the whole command rolls back."""
    _setup(isolated_home)
    if command == ["interview", "add"]:
        args = [*command, "--app", "1", "--end", RECENT_END, "--with", "G <g@acme.com>"]
        table = "interviews"
    else:
        end = ("--end", RECENT_END, "--with", "G <g@acme.com>")
        assert followup(isolated_home, "interview", "add", "--app", "1", *end).returncode == 0
        args = ["app", "stage", "1", "rejected"]
        table = "applications WHERE stage = 'rejected'"
    with sqlite3.connect(isolated_home / "followup.db") as conn:
        for event in ("INSERT", "UPDATE"):
            conn.execute(
                f"CREATE TRIGGER no_plan_{event} BEFORE {event} ON followups "
                "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
            )
    before = _count(isolated_home, f"SELECT count(*) FROM {table}")
    done = followup(isolated_home, *args)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert _count(isolated_home, f"SELECT count(*) FROM {table}") == before


def test_doctor_finds_and_fixes_a_plan_gap(isolated_home: Path) -> None:
    """An interview without its thank-you (a crash from an older version, a manual
    edit): `doctor` plans it and says so."""
    _setup(isolated_home)
    end = ("--end", RECENT_END, "--with", "Grace <grace@acme.com>")
    assert followup(isolated_home, "interview", "add", "--app", "1", *end).returncode == 0
    with sqlite3.connect(isolated_home / "followup.db") as conn:
        conn.execute("DELETE FROM followups")
    done = followup(isolated_home, "doctor")
    assert "database: plan: fixed: planned 2 missing follow-up(s)" in done.stdout, done.stdout
    assert _count(isolated_home, "SELECT count(*) FROM followups WHERE kind = 'thank-you'") == 1
    again = followup(isolated_home, "doctor")
    assert "database: plan: every record's follow-ups are planned" in again.stdout


def _corrupt_indexes(database: Path) -> None:
    """Overwrite the follow-ups' index pages, as a failing disk might."""
    with sqlite3.connect(database) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'followups'"
        ).fetchall()
    with database.open("r+b") as f:
        for (page,) in pages:
            f.seek((page - 1) * size)
            f.write(b"\xff" * size)


def test_a_corrupt_database_gets_a_report_and_one_line_elsewhere(isolated_home: Path) -> None:
    _setup(isolated_home)
    end = ("--end", RECENT_END, "--with", "Grace <grace@acme.com>")
    assert followup(isolated_home, "interview", "add", "--app", "1", *end).returncode == 0
    _corrupt_indexes(isolated_home / "followup.db")
    doctor = followup(isolated_home, "doctor")
    assert doctor.returncode == 1
    assert "internal error" not in doctor.stdout + doctor.stderr
    line = next(x for x in doctor.stdout.splitlines() if "integrity_check" in x)
    assert line.startswith("FAIL") and "malformed" in line
    assert ".recover" in line and "followup import" in line
    for command in (["agenda"], ["plan"], ["interview", "add", "--app", "1", *end]):
        done = followup(isolated_home, *command)
        assert done.returncode in (0, 1), (command, done.stderr)
        assert "internal error" not in done.stderr and "Traceback" not in done.stderr
        if done.returncode:
            assert done.stderr.count("\n") == 1 and "corrupt" in done.stderr
            assert "followup doctor" in done.stderr


def _can_mount_read_only() -> bool:
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True, check=False)
    return shutil.which("unshare") is not None and probe.returncode == 0


@pytest.mark.skipif(not shutil.which("unshare"), reason="needs unshare for a read-only mount")
def test_reads_work_on_read_only_media(isolated_home: Path, tmp_path: Path) -> None:
    """The data folder on a read-only mount (root ignores file modes, so a real mount):
    reads and export work without a re-plan; a write is one line, exit 1."""
    if not _can_mount_read_only():
        pytest.skip("user namespaces are not available")
    _setup(isolated_home)
    end = ("--end", RECENT_END, "--with", "Grace <grace@acme.com>")
    assert followup(isolated_home, "interview", "add", "--app", "1", *end).returncode == 0
    with sqlite3.connect(isolated_home / "followup.db") as conn:
        conn.execute("DELETE FROM meta")  # the agenda would re-plan first
    home = str(isolated_home)
    script = (
        f'mount --bind "{home}" "{home}" && mount -o remount,bind,ro "{home}" && '
        'for c in "agenda" "app list" "export" "app add --company X --role Y"; '
        'do "$@" $c; echo "rc=$?"; done'
    )
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", script, "sh", *_command()],
        capture_output=True,
        text=True,
        env=_env(isolated_home),
        timeout=120,
    )
    codes = [line for line in done.stdout.splitlines() if line.startswith("rc=")]
    assert codes == ["rc=0", "rc=0", "rc=0", "rc=1"], (done.stdout, done.stderr)
    assert "Thank-you" in done.stdout or "thank-you" in done.stdout.lower()
    assert '"applications"' in done.stdout  # the export
    assert done.stderr.strip().splitlines() == [
        f"error: database {isolated_home / 'followup.db'} is read-only; nothing was saved"
    ]


def test_a_foreign_sqlite_file_is_refused_untouched(isolated_home: Path, tmp_path: Path) -> None:
    other = tmp_path / "photos.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE albums (id INTEGER PRIMARY KEY, title TEXT)")
    env = {**_env(isolated_home), "FOLLOWUP_DATABASE": str(other)}
    done = subprocess.run(
        [*_command(), "app", "list"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 1
    assert done.stderr == (
        f"error: {other} is not a followup database (it holds other tables: albums); "
        "set FOLLOWUP_DATABASE to a new file\n"
    )
    with sqlite3.connect(other) as conn:
        tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    assert tables == [("albums",)]


def test_a_database_from_a_newer_followup_is_refused(isolated_home: Path) -> None:
    _setup(isolated_home)
    with sqlite3.connect(isolated_home / "followup.db") as conn:
        conn.execute(
            "INSERT INTO schema_migrations (id, name, applied_at) "
            "VALUES (9999, '9999_future.sql', '2030-01-01')"
        )
    done = followup(isolated_home, "app", "list")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert "schema version 9999, newer than this followup knows" in done.stderr
