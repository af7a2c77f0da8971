"""The workers' job queue on a real PostgreSQL (issue 18): one pending job per account and
kind, claims that never collide, failures backed off, killed workers losing nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from followup.adapters.store.postgres.jobs import PostgresJobs, wait_for_jobs
from followup.domain.records.stamps import to_text
from tests.integration.pgserver import PostgresServer

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
_count = iter(range(10_000))


@pytest.fixture
def url(postgres: PostgresServer) -> str:
    import psycopg

    from followup.adapters.store.postgres.database import PostgresDatabase

    url = postgres.fresh_database(f"jobs_{next(_count)}")
    db = PostgresDatabase(url, max_size=1)
    db.migrate()
    db.close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("INSERT INTO accounts (name, created_at) VALUES ('a', 'x'), ('b', 'x')")
    return url


@pytest.fixture
def jobs(url: str) -> Iterator[PostgresJobs]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        yield PostgresJobs(conn)


def test_queueing_twice_is_one_job_due_at_the_earlier_time(jobs: PostgresJobs) -> None:
    jobs.enqueue(1, "replan", NOW + timedelta(minutes=5), NOW)
    jobs.enqueue(1, "replan", NOW, NOW)
    jobs.enqueue(1, "replan", NOW + timedelta(hours=1), NOW)
    jobs.enqueue(2, "replan", NOW, NOW)
    pending = jobs.pending()
    assert [(j.account_id, j.kind, j.due_at) for j in pending] == [
        (1, "replan", NOW),
        (2, "replan", NOW),
    ]


def test_a_completed_job_is_gone_and_a_job_not_due_is_not_claimed(jobs: PostgresJobs) -> None:
    jobs.enqueue(1, "deliver", NOW, NOW)
    jobs.enqueue(2, "deliver", NOW + timedelta(hours=2), NOW)
    with jobs.claim(NOW) as job:
        assert job is not None
        assert (job.account_id, job.kind) == (1, "deliver")
    with jobs.claim(NOW) as job:
        assert job is None
    assert [j.account_id for j in jobs.pending()] == [2]


def test_a_failed_job_comes_back_later_with_its_error(jobs: PostgresJobs) -> None:
    jobs.enqueue(1, "feeds", NOW, NOW)
    with pytest.raises(RuntimeError, match="feed down"), jobs.claim(NOW) as job:
        assert job is not None
        raise RuntimeError("feed down")
    (again,) = jobs.pending()
    assert again.attempts == 1
    assert again.due_at == NOW + timedelta(seconds=30)
    with jobs.claim(NOW) as job:
        assert job is None  # backed off
    with jobs.claim(NOW + timedelta(minutes=1)) as job:
        assert job is not None


def test_two_workers_never_claim_the_same_job(url: str, jobs: PostgresJobs) -> None:
    import psycopg

    jobs.enqueue(1, "deliver", NOW, NOW)
    jobs.enqueue(2, "deliver", NOW, NOW)
    with (
        psycopg.connect(url, autocommit=True) as second_conn,
        psycopg.connect(url, autocommit=True) as third_conn,
    ):
        second_worker, third_worker = PostgresJobs(second_conn), PostgresJobs(third_conn)
        with (
            jobs.claim(NOW) as first,
            second_worker.claim(NOW) as second,
            third_worker.claim(NOW) as third,
        ):
            assert first is not None and second is not None
            assert first.account_id != second.account_id
            assert third is None
    assert jobs.pending() == []


def test_a_worker_killed_mid_job_releases_it(url: str, jobs: PostgresJobs) -> None:
    jobs.enqueue(1, "deliver", NOW, NOW)
    code = (
        "import os, signal, sys, psycopg\n"
        "from datetime import datetime\n"
        "from followup.adapters.store.postgres.jobs import PostgresJobs\n"
        f"conn = psycopg.connect({url!r}, autocommit=True)\n"
        f"with PostgresJobs(conn).claim(datetime.fromisoformat({NOW.isoformat()!r})) as job:\n"
        "    print(job.id, flush=True)\n"
        "    sys.stdin.readline()\n"
    )
    worker = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert worker.stdout is not None
        claimed = int(worker.stdout.readline())
        with jobs.claim(NOW) as job:
            assert job is None  # held by the worker
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
        for pipe in (worker.stdin, worker.stdout):
            if pipe is not None:
                pipe.close()
    deadline = time.monotonic() + 10
    while True:  # the server notices the dead connection and aborts its transaction
        with jobs.claim(NOW) as job:
            if job is not None:
                assert job.id == claimed
                break
        assert time.monotonic() < deadline, "the killed worker's job never came back"
        time.sleep(0.05)


def test_queueing_wakes_an_idle_worker(url: str, jobs: PostgresJobs) -> None:
    import psycopg

    woke: list[bool] = []
    with psycopg.connect(url, autocommit=True) as listener:
        listener.execute("SELECT 1")

        def listen() -> None:
            woke.append(wait_for_jobs(listener, timeout=10))

        thread = threading.Thread(target=listen)
        started = time.monotonic()
        thread.start()
        time.sleep(0.3)
        jobs.enqueue(1, "sync", NOW, NOW)
        thread.join(timeout=15)
    assert woke == [True]
    assert time.monotonic() - started < 5


def test_an_unknown_kind_is_refused(jobs: PostgresJobs) -> None:
    with pytest.raises(ValueError, match="unknown job kind"):
        jobs.enqueue(1, "mine-bitcoin", NOW, NOW)


def test_with_thousands_due_a_claim_reads_the_held_locks_once_in_due_order(url: str) -> None:
    """10,000 jobs due at the same second, 20 held by other workers: each claim takes the
    earliest one not held, and the plan walks `jobs_due_id` and looks at pg_locks once
    (a per-row look made every claim scan the lock table thousands of times)."""
    import psycopg

    from followup.adapters.store.postgres import jobs as queue

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO accounts (name, created_at) SELECT 'acc' || n, 'x' "
            "FROM generate_series(1, 10000) n"
        )
        conn.execute(
            "INSERT INTO jobs (account_id, kind, due_at, created_at) "
            "SELECT id, 'replan', %s, 'x' FROM accounts",
            (to_text(NOW),),
        )
        ids = [row[0] for row in conn.execute("SELECT id FROM jobs ORDER BY due_at, id")]
        with psycopg.connect(url, autocommit=True) as other:
            for job_id in ids[:20]:
                other.execute("SELECT pg_advisory_lock(%s)", (job_id,))
            plan = "\n".join(
                str(row[0])
                for row in conn.execute("EXPLAIN " + queue._CLAIM, (to_text(NOW), ["replan"]))
            )
            assert "jobs_due_id" in plan, plan
            assert plan.count("pg_lock_status") == 1, plan
            mine = PostgresJobs(conn)
            with mine.claim(NOW, ("replan",)) as job:
                assert job is not None and job.id == ids[20]


def test_every_account_wall_reads_the_account_once_per_statement(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT tablename, qual, with_check FROM pg_policies WHERE policyname = 'account_wall'"
        ).fetchall()
    assert len(rows) >= 10
    # migration 0013: a sub-select is an InitPlan (once), a bare call is per row checked
    for table, qual, check in rows:
        assert "( SELECT current_account()" in qual, (table, qual)
        assert "( SELECT current_account()" in check, (table, check)
