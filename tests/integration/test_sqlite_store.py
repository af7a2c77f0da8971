"""SQLite specifics: connection settings, file modes, migrations and failure modes (C1-C8)."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from followup.adapters.store.database import Database
from followup.adapters.store.sqlite import SqliteStore
from followup.domain.errors import Unavailable
from followup.domain.records.model import Company

T0 = datetime(2026, 11, 24, tzinfo=UTC)


def test_connection_settings(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "a.db")
    conn = store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    store.close()


def test_files_are_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "followup.db"
    store = SqliteStore(path)
    store.companies.add(Company(name="Acme"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    for side in path.parent.glob("followup.db-*"):
        assert stat.S_IMODE(side.stat().st_mode) & 0o077 == 0, side
    store.close()


def test_migrations_are_recorded_and_not_reapplied(tmp_path: Path) -> None:
    db = Database(tmp_path / "m.db")
    names = [r[0] for r in db.conn.execute("SELECT name FROM schema_migrations ORDER BY id")]
    assert names[0] == "0001_initial.sql"
    assert db.migrate() == []
    db.close()
    again = Database(tmp_path / "m.db")
    assert [r[0] for r in again.conn.execute("SELECT name FROM schema_migrations")] == names
    again.close()


def test_read_only_database_gives_a_clear_error_and_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    store = SqliteStore(path)
    store.companies.add(Company(name="Acme"))
    store.close()
    path.chmod(0o400)
    if os.geteuid() == 0:
        # root ignores file modes; a read-only open is the faithful equivalent here.
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("INSERT INTO companies (name) VALUES ('x')")
        conn.close()
        from followup.adapters.store.database import translate

        assert "read-only" in str(
            translate(sqlite3.OperationalError("attempt to write a readonly database"), path)
        )
    else:
        with pytest.raises(Unavailable, match="read-only"):
            SqliteStore(path).companies.add(Company(name="Beta"))
    path.chmod(0o600)
    reopened = SqliteStore(path)
    assert [c.name for c in reopened.companies.list()] == ["Acme"]
    reopened.close()


def test_corrupt_file_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "bad.db"
    path.write_bytes(b"this is not a database at all" * 200)
    with pytest.raises(Unavailable, match="corrupt"):
        SqliteStore(path)
    assert path.read_bytes().startswith(b"this is not a database")  # untouched


def test_busy_database_says_busy_and_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    SqliteStore(path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sqlite3, sys, time
            c = sqlite3.connect({str(path)!r}, isolation_level=None)
            c.execute("BEGIN IMMEDIATE")
            c.execute("INSERT INTO companies (name) VALUES ('Holder')")
            print("locked", flush=True)
            time.sleep(3)
            c.execute("COMMIT")
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    store = SqliteStore(path, busy_timeout_ms=300)
    started = time.monotonic()
    with pytest.raises(Unavailable, match="database busy"):
        store.companies.add(Company(name="Waiting"))
    assert time.monotonic() - started >= 0.25
    holder.wait(timeout=10)
    holder.stdout.close()
    store.companies.add(Company(name="Retried"))
    assert sorted(c.name for c in store.companies.list()) == ["Holder", "Retried"]
    store.close()


def test_sigkill_mid_transaction_leaves_no_partial_rows(tmp_path: Path) -> None:
    path = tmp_path / "kill.db"
    SqliteStore(path).close()
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            from followup.adapters.store.sqlite import SqliteStore
            from followup.domain.records.model import Company
            s = SqliteStore(__import__("pathlib").Path({str(path)!r}))
            with s.transaction():
                for n in range(100000):
                    s.companies.add(Company(name=f"c{{n}}"))
                    if n == 2000:
                        print("writing", flush=True)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None and writer.stdout.readline().strip() == "writing"
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=10)
    writer.stdout.close()
    store = SqliteStore(path)
    assert store.db.integrity() == "ok"
    assert store.companies.list() == []
    store.close()


def test_disk_full_rolls_back_cleanly(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "full.db")
    store.companies.add(Company(name="Kept"))
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 1}")
    with pytest.raises(Unavailable, match=r"disk full|nothing was saved"), store.transaction():
        for n in range(500):
            store.companies.add(Company(name=f"filler {n}", notes="x" * 4000))
    assert [c.name for c in store.companies.list()] == ["Kept"]
    store.close()


def test_reading_every_interview_gives_what_reading_each_application_gives(
    tmp_path: Path,
) -> None:
    # A whole-database read streams the interviews and reads all their people in one query
    # (issue 16); it must give the same records, people in their order, as reading by
    # application.
    from followup.domain.records.model import Application, Contact, Interview, Participant

    store = SqliteStore(tmp_path / "all.db")
    acme = store.companies.add(Company(name="Acme"))
    assert acme.id is not None
    people = [store.contacts.add(Contact(name=f"P{n}", company_id=acme.id)) for n in range(4)]
    ids = [p.id for p in people if p.id is not None]
    apps = [
        store.applications.add(Application(company_id=acme.id, role=r, created_at=T0))
        for r in ("A", "B")
    ]
    for n, app in enumerate([apps[0], apps[1], apps[0], apps[1]]):
        assert app.id is not None
        store.interviews.add(
            Interview(
                application_id=app.id,
                round=n + 1,
                end=T0,
                tz="Europe/London",
                # the people in an order that is not their ids', one interview with nobody
                interviewers=tuple(
                    Participant(contact_id=c, topics=("scale", f"t{n}") if c == ids[0] else ())
                    for c in [ids[3], ids[0], ids[2]][: 3 - n]
                ),
                topics=("python",) if n % 2 else ("python", "sql"),
            )
        )
    whole = store.interviews.list()
    assert [i.id for i in whole] == sorted(i.id or 0 for i in whole)
    by_app = sorted(
        [i for app in apps if app.id is not None for i in store.interviews.list(app.id)],
        key=lambda i: i.id or 0,
    )
    assert whole == by_app
    assert [p.contact_id for p in whole[0].interviewers] == [ids[3], ids[0], ids[2]]
    assert whole[3].interviewers == ()
    store.close()
