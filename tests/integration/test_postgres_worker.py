"""`followup worker` on a real PostgreSQL (issue 18 §3, §4): it delivers every account's
outbox to aiosmtpd, stops cleanly on SIGTERM, re-plans an account after a change to its
records (queued by the database, one pending per account), keeps a daily sweep for
date-dependent plans, and on SQLite says in one line what to run instead."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from followup.adapters.store.postgres.jobs import PostgresJobs
from followup.domain.mail.outbox import State
from followup.domain.records.model import Application, Company, Contact, Interview, Participant
from followup.services import worker as work
from tests.integration.mailservers import SmtpServer, make_cert
from tests.integration.pgserver import PostgresServer
from tests.integration.worker_farm import ROOT, Farm, stop

pytestmark = pytest.mark.filterwarnings(
    "ignore:Session.login_data is deprecated:DeprecationWarning"
)
_count = iter(range(1000))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmtpServer]:
    with SmtpServer(tls="starttls", cert=make_cert(tmp_path_factory.mktemp("tls"))) as srv:
        yield srv


@pytest.fixture
def farm(postgres: PostgresServer, server: SmtpServer, tmp_path: Path) -> Iterator[Farm]:
    server.handler.reset()
    farm = Farm(postgres, server, tmp_path / "farm", f"worker_{next(_count)}")
    yield farm
    farm.close()


def test_on_sqlite_the_worker_says_what_to_run_instead(tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", ""), "FOLLOWUP_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-m", "followup", "worker"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "error: followup worker needs PostgreSQL (FOLLOWUP_DATABASE=postgresql://...); "
        "with SQLite run `followup outbox run --watch`"
    ]


def test_on_an_unmigrated_database_the_worker_names_the_command_to_run(
    postgres: PostgresServer, tmp_path: Path
) -> None:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "FOLLOWUP_HOME": str(tmp_path / "home"),
        "FOLLOWUP_DATABASE": postgres.fresh_database(f"worker_bare_{next(_count)}"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "followup", "worker"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert re.fullmatch(
        r"error: the PostgreSQL database is not up to date \(\d+ migration\(s\) pending\): "
        r"run `followup db migrate`\n",
        done.stderr,
    )


def test_a_worker_delivers_every_accounts_outbox_once_and_stops_on_sigterm(farm: Farm) -> None:
    ids = farm.queue(accounts=3, per_account=5)
    assert {kind for _, kind, _ in farm.jobs()} == {"deliver"}  # queued by the database
    proc = farm.start(concurrency=2)
    try:
        states = farm.wait_settled(timeout=60)
    finally:
        code, out, err = stop(proc)
    assert code == 0, err
    assert states == dict.fromkeys(ids, State.SENT)
    assert farm.delivered() == dict.fromkeys(ids, 1)
    assert "worker: stopped after" in out
    assert [kind for _, kind, _ in farm.jobs() if kind == "deliver"] == []


def test_sigterm_finishes_the_message_in_hand_and_leaves_the_rest_queued(farm: Farm) -> None:
    ids = farm.queue(accounts=1, per_account=40)
    farm.server.handler.data_mode = "hang"  # every DATA takes a while: stop lands mid-send
    farm.server.handler.hang_seconds = 0.5
    proc = farm.start(concurrency=1)
    try:
        deadline = time.monotonic() + 60
        while not farm.server.handler.got:
            assert time.monotonic() < deadline, "nothing was delivered"
            time.sleep(0.05)
    finally:
        code, _, err = stop(proc)
    assert code == 0, err
    states = farm.states()
    assert State.SENDING not in states.values()  # the message in hand was finished
    sent = {m for m, s in states.items() if s is State.SENT}
    assert sent and len(sent) < len(ids)
    assert set(farm.delivered()) == sent
    assert {s for m, s in states.items() if m not in sent} == {State.QUEUED}
    assert [kind for _, kind, _ in farm.jobs()] == ["deliver"]  # the rest is still owed


NOW = datetime.now(UTC)


def _hire(farm: Farm, name: str) -> int:
    """An account with one application and one interview that just ended."""
    account = farm.db.add_account(name)
    farm.accounts.append(account)
    store = farm.store(account)
    company = store.companies.add(Company(name="Acme", country="US", tz="America/New_York"))
    contact = store.contacts.add(
        Contact(name="Grace Hopper", email="grace@example.org", company_id=company.id)
    )
    application = store.applications.add(
        Application(company_id=company.id or 0, role="Engineer", created_at=NOW)
    )
    store.interviews.add(
        Interview(
            application_id=application.id or 0,
            end=NOW - timedelta(hours=2),
            tz="America/New_York",
            interviewers=(Participant(contact_id=contact.id or 0),),
        )
    )
    return account


def test_a_change_to_an_accounts_records_queues_one_replan_of_that_account(farm: Farm) -> None:
    first = _hire(farm, "first")
    second = farm.db.add_account("second")  # no records, no job
    jobs = farm.jobs()
    assert [(a, k) for a, k, _ in jobs] == [(first, "replan")]  # four writes, one job
    with farm.db.transaction(None) as conn:
        generation = conn.execute("SELECT generation FROM jobs").fetchone()
    assert generation is not None and generation[0] >= 3  # each write asked again
    store = farm.store(first)
    assert store.followups.list() == []  # written records, nothing planned yet
    assert second not in {a for a, _, _ in jobs}


def test_the_worker_replans_a_changed_account_and_keeps_its_daily_sweep(farm: Farm) -> None:
    account = _hire(farm, "planned")
    proc = farm.start(concurrency=1)
    try:
        deadline = time.monotonic() + 60
        while not farm.store(account).followups.list():
            assert time.monotonic() < deadline, f"never re-planned: {farm.jobs()}"
            time.sleep(0.1)
        while ("sweep" not in {k for _, k, _ in farm.jobs()}) or any(
            k == "replan" for _, k, _ in farm.jobs()
        ):
            assert time.monotonic() < deadline, f"no sweep: {farm.jobs()}"
            time.sleep(0.1)
    finally:
        code, _, err = stop(proc)
    assert code == 0, err
    kinds = {k: due for _, k, due in farm.jobs()}
    assert set(kinds) == {"sweep"}
    sweep = datetime.fromisoformat(kinds["sweep"])
    assert sweep == work.sweep_time(account, datetime.now(UTC))
    assert timedelta(0) < sweep - datetime.now(UTC) <= timedelta(days=1, hours=1)
    followups = farm.store(account).followups.list()
    assert followups and all(f.interview_id is not None for f in followups[:1])


def test_a_request_while_a_job_runs_is_not_lost_and_never_waits(farm: Farm) -> None:
    import psycopg

    account = farm.db.add_account("busy")
    now = datetime.now(UTC)
    with (
        psycopg.connect(farm.url, autocommit=True) as a,
        psycopg.connect(farm.url, autocommit=True) as b,
    ):
        worker, other = PostgresJobs(a), PostgresJobs(b)
        worker.enqueue(account, "replan", now, now)
        with worker.claim(now) as job:
            assert job is not None
            started = time.monotonic()
            other.enqueue(account, "replan", now, now)  # a change lands mid-job
            assert time.monotonic() - started < 1.0  # the held job blocks nobody
        (again,) = other.pending()
        assert (again.account_id, again.kind) == (account, "replan")  # it runs again
        with worker.claim(now) as job:
            assert job is not None
        assert other.pending() == []


def test_again_keeps_a_periodic_job_and_ensure_never_pulls_it_earlier(farm: Farm) -> None:
    import psycopg

    account = farm.db.add_account("periodic")
    now = datetime.now(UTC)
    later = now + timedelta(hours=6)
    with psycopg.connect(farm.url, autocommit=True) as conn:
        jobs = PostgresJobs(conn)
        jobs.ensure(account, "feeds", now, now)
        with jobs.claim(now) as job:
            assert job is not None
            jobs.again(job, later)
        jobs.ensure(account, "feeds", now, now)
        (kept,) = jobs.pending()
        assert (kept.kind, kept.due_at) == ("feeds", later)
        with jobs.claim(now) as job:
            assert job is None


def test_the_threads_of_one_worker_never_share_a_job(
    farm: Farm, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup import bootstrap
    from followup.settings import Settings

    monkeypatch.setenv("FOLLOWUP_TEST_SMTP_PASSWORD", farm.env["FOLLOWUP_TEST_SMTP_PASSWORD"])
    farm.queue(accounts=6, per_account=3)
    settings = Settings.from_env(farm.env)
    halt = threading.Event()
    lines: list[str] = []

    def report(line: str) -> None:
        lines.append(line)
        if sum(1 for x in lines if "3 sent" in x) >= 6:
            halt.set()

    done = bootstrap.run_workers(settings, concurrency=3, stop=halt, report=report, poll=1)
    assert done >= 6
    assert not [x for x in lines if x.startswith("job failed")]
    assert set(farm.delivered().values()) == {1}, lines
    assert len(farm.delivered()) == 18


def test_only_and_drain_take_one_kind_of_job_and_exit_when_none_is_due(farm: Farm) -> None:
    account = _hire(farm, "drained")
    farm.queue(accounts=1, per_account=2)
    proc = farm.start(1, "--only", "replan", "--drain")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "worker: stopped after 1 job(s)" in out
    assert farm.store(account).followups.list()  # re-planned
    assert farm.server.handler.got == []  # delivery left to other workers
    assert sorted(k for _, k, _ in farm.jobs()) == ["deliver", "sweep"]
