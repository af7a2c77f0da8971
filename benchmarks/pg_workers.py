"""`python -m benchmarks.pg_workers [--quick] [--out DIR]`: the PostgreSQL workers against
their budgets (issue 18, Benchmarks): (a) 4 `followup worker` processes deliver queued
messages to a local aiosmtpd, messages/s (median of runs, budget >= 200); (b) the daily
sweep of every account with 2 workers (budget <= 5 minutes for 10,000 accounts). Both
are measured with 1,000 and then 10,000 accounts in the database.

It starts its own throwaway PostgreSQL cluster and aiosmtpd (as the tests do, with their
helpers), writes DIR/pg_workers.json and .md (default DIR: benchmarks/out) and exits 1
when a budget fails (`--quick`: small sizes, timings not enforced). Without PostgreSQL's
server binaries it says so and exits 0, so `make bench` runs anywhere.

Accounts are realistic and made fast: a few template candidates are generated with
`benchmarks.generate` (companies, contacts, applications, interviews, messages), loaded
through the store, planned once by a worker (about 20 open follow-ups each), and then
copied row for row into new accounts with one INSERT ... SELECT per table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DELIVERY_BUDGET = 200.0  # messages/s, 4 workers
SWEEP_BUDGET = 300.0  # seconds for 10,000 accounts, 2 workers
WORKERS, THREADS = 4, 2
SWEEP_WORKERS = 2
TEMPLATES = 5
RECENT = 10
# One candidate, as the data (20 applications, 60 interviews, 200 follow-ups, 100
# messages), with a handful of companies and contacts; RECENT of the interviews are moved
# to the last few days, so that about 20 follow-ups are open, as in a live search.
CANDIDATE = {
    "companies": 6,
    "contacts": 8,
    "applications": 20,
    "interviews": 60,
    "followups": 200,
    "messages": 100,
}
_STARTED = time.perf_counter()


def progress(text: str) -> None:
    print(f"pg-bench: {time.perf_counter() - _STARTED:6.1f}s {text}", file=sys.stderr, flush=True)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pg_workers")
    parser.add_argument("--quick", action="store_true", help="small sizes; timings not enforced")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--messages", type=int, help="messages per delivery run (10,000)")
    parser.add_argument("--runs", type=int, help="delivery runs per size (3)")
    parser.add_argument(
        "--accounts",
        type=lambda text: [int(n) for n in text.split(",")],
        help="account counts, ascending (1000,10000)",
    )
    return parser.parse_args(argv)


# --- the cluster and the data ---------------------------------------------------------------


class Bench:
    """One cluster, one migrated database, one aiosmtpd, a FOLLOWUP_HOME pointing at both."""

    def __init__(self, folder: Path) -> None:
        from tests.integration.mailservers import SmtpServer, make_cert
        from tests.integration.pgserver import PostgresServer

        from followup.adapters.store.postgres.database import PostgresDatabase

        self.pg = PostgresServer().start()
        self.url = self.pg.fresh_database("followup_bench")
        self.admin = self.pg.url("followup_bench", admin=True)
        self.db = PostgresDatabase(self.url, max_size=4)
        self.db.migrate()
        self.smtp = SmtpServer(tls="starttls", cert=make_cert(folder / "tls")).__enter__()
        home = folder / "home"
        self.smtp.write_config(home, "FOLLOWUP_BENCH_SMTP_PASSWORD")
        from tests.integration.mailservers import PASSWORD

        self.env = {
            "PATH": os.environ.get("PATH", ""),
            "FOLLOWUP_HOME": str(home),
            "FOLLOWUP_DATABASE": self.url,
            "FOLLOWUP_BENCH_SMTP_PASSWORD": PASSWORD,
            "PYTHONUNBUFFERED": "1",
        }
        self.accounts = 0

    def close(self) -> None:
        self.db.close()
        self.smtp.__exit__(None, None, None)
        self.pg.stop()

    def sql(self, statement: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """As the cluster's superuser: past row-level security, triggers optional."""
        import psycopg

        with psycopg.connect(self.admin, autocommit=True) as conn:
            cur = conn.execute(statement, args)
            return cur.fetchall() if cur.description else []

    def workers(self, count: int, *extra: str) -> list[subprocess.Popen[str]]:
        return [
            subprocess.Popen(
                [sys.executable, "-m", "followup", "worker", "--poll", "1", "--quiet", *extra],
                env=self.env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(count)
        ]

    # -- accounts --------------------------------------------------------------------------
    def templates(self, folder: Path) -> list[int]:
        """`TEMPLATES` generated candidates, loaded through the store and planned once."""
        from benchmarks import generate
        from followup.adapters.store.postgres.store import PostgresStore
        from followup.adapters.store.sqlite import SqliteStore

        size = generate.Size(name="candidate", **CANDIDATE)
        anchor = generate.anchor_for(datetime.now(UTC).date())
        ids = []
        for seed in range(1, TEMPLATES + 1):
            path = folder / f"candidate-{seed}.db"
            generate.generate(path, size, seed, anchor)
            source = SqliteStore(path)
            try:
                snapshot = _in_progress(source.snapshot(), datetime.now(UTC))
            finally:
                source.close()
            account = self.db.add_account(f"template-{seed}")
            PostgresStore(self.db, account).restore(snapshot)
            ids.append(account)
        # The restore queued a re-plan of each (the triggers): one worker plans them.
        done = self.workers(1, "--drain", "--only", "replan")[0]
        _, err = done.communicate(timeout=300)
        if done.returncode != 0:
            raise RuntimeError(f"planning the templates failed: {err[-500:]}")
        self.accounts = len(ids)
        return ids

    def grow(self, templates: list[int], total: int) -> float:
        """Copy the templates round-robin into new accounts until there are `total`; the
        seconds it took. Triggers are off for the copy (the jobs are set up by the caller)."""
        started = time.perf_counter()
        tables = [
            r[0]
            for r in self.sql(
                "SELECT table_name FROM information_schema.columns WHERE column_name ="
                " 'account_id' AND table_schema = 'public' AND table_name NOT IN"
                " ('jobs', 'outbox', 'imap_seen', 'audit_log', 'team_users', 'team_sessions',"
                " 'team_tokens', 'signin_failures')"
                # team-mode tables with identity ids hold no candidate records to copy
                " AND table_name NOT IN (SELECT table_name FROM information_schema.columns"
                " WHERE table_schema = 'public' AND is_identity = 'YES') GROUP BY table_name"
            )
        ]
        order = _by_foreign_keys(self, tables)
        first = self.sql("SELECT COALESCE(MAX(id), 0) + 1 FROM accounts")[0][0]
        new = total - self.accounts
        if new <= 0:
            return 0.0
        self.sql(
            "INSERT INTO accounts (id, name, created_at) SELECT g, 'candidate-' || g, %s"
            " FROM generate_series(%s::bigint, %s::bigint) g",
            (datetime.now(UTC).isoformat(), first, first + new - 1),
        )
        self.sql("SELECT setval(pg_get_serial_sequence('accounts', 'id'), %s)", (first + new,))
        import psycopg

        with psycopg.connect(self.admin, autocommit=False) as conn:
            conn.execute("SET session_replication_role = replica")  # no triggers, no FK checks
            for table in order:
                columns = [
                    r[0]
                    for r in conn.execute(
                        "SELECT column_name FROM information_schema.columns WHERE table_schema"
                        " = 'public' AND table_name = %s AND is_generated = 'NEVER'"
                        " AND column_name <> 'account_id' ORDER BY ordinal_position",
                        (table,),
                    )
                ]
                names = ", ".join(f'"{c}"' for c in columns)
                picked = ", ".join(f't."{c}"' for c in columns)
                conn.execute(
                    f"INSERT INTO {table} (account_id, {names}) SELECT g, {picked}"
                    f" FROM generate_series(%s::bigint, %s::bigint) g JOIN {table} t"
                    " ON t.account_id = (%s::bigint[])[1 + (g %% %s)]",
                    (first, first + new - 1, templates, len(templates)),
                )
            conn.commit()
        self.sql("ANALYZE")
        self.accounts = total
        return time.perf_counter() - started

    def shape(self) -> dict[str, float]:
        """Rows per account, on average, as generated and planned."""
        counts: dict[str, float] = {}
        for table in ("companies", "contacts", "applications", "interviews", "messages"):
            n = self.sql(f"SELECT count(*) FROM {table}")[0][0]
            counts[table] = round(n / max(1, self.accounts), 1)
        rows = self.sql(
            "SELECT count(*) FILTER (WHERE status IN ('planned', 'drafted', 'queued')),"
            " count(*) FROM followups"
        )[0]
        counts["open follow-ups"] = round(rows[0] / max(1, self.accounts), 1)
        counts["follow-ups"] = round(rows[1] / max(1, self.accounts), 1)
        return counts


def _in_progress(snapshot: Any, now: datetime) -> Any:
    """The snapshot with its last RECENT interviews held in the past three days, on
    applications still in progress: the candidate is in the middle of a search."""
    from followup.domain.records.model import InterviewStatus, Stage

    moved = {}
    for n, interview in enumerate(snapshot.interviews[-RECENT:]):
        end = now - timedelta(hours=9 * (n + 1))
        moved[interview.id] = replace(
            interview, start=end - timedelta(hours=1), end=end, status=InterviewStatus.SCHEDULED
        )
    busy = {i.application_id for i in moved.values()}
    return replace(
        snapshot,
        interviews=tuple(moved.get(i.id, i) for i in snapshot.interviews),
        applications=tuple(
            replace(a, stage=Stage.INTERVIEWING) if a.id in busy else a
            for a in snapshot.applications
        ),
    )


def _by_foreign_keys(bench: Bench, tables: list[str]) -> list[str]:
    """`tables`, each after the ones it references (a copy in that order is consistent)."""
    edges = bench.sql(
        "SELECT DISTINCT tc.table_name, ccu.table_name FROM information_schema.table_constraints"
        " tc JOIN information_schema.constraint_column_usage ccu ON tc.constraint_name ="
        " ccu.constraint_name WHERE tc.constraint_type = 'FOREIGN KEY'"
    )
    needs = {t: {b for a, b in edges if a == t and b in tables and b != t} for t in tables}
    order: list[str] = []
    while needs:
        ready = sorted(t for t, deps in needs.items() if deps <= set(order))
        if not ready:  # a cycle: the copy runs with checks off anyway
            ready = sorted(needs)
        for table in ready:
            order.append(table)
            del needs[table]
    return order


# --- (a) delivery ---------------------------------------------------------------------------


def queue_messages(bench: Bench, messages: int, accounts: int) -> list[int]:
    """`messages` due outbox entries spread over `accounts` fresh accounts; their ids."""
    from tests.integration.worker_farm import Farm

    farm = Farm.__new__(Farm)  # its `queue` only needs the database and an account list
    farm.db, farm.accounts = bench.db, []
    farm.queue(accounts=accounts, per_account=messages // accounts)
    return farm.accounts


def waiting(bench: Bench) -> int:
    return int(
        bench.sql("SELECT count(*) FROM outbox WHERE state IN ('queued', 'retry', 'sending')")[0][0]
    )


def deliver(bench: Bench, messages: int, timeout: float) -> dict[str, Any]:
    """One run: queue, start 4 workers, time until nothing waits; messages/s."""
    bench.smtp.handler.reset()
    senders = queue_messages(bench, messages, accounts=40)
    started = time.perf_counter()
    procs = bench.workers(WORKERS, "--concurrency", str(THREADS), "--only", "deliver")
    try:
        while waiting(bench) > 0:
            if time.perf_counter() - started > timeout:
                raise RuntimeError(f"delivery did not finish in {timeout:g} s")
            time.sleep(0.1)
        seconds = time.perf_counter() - started
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.communicate(timeout=60)
    states = dict(bench.sql("SELECT state, count(*) FROM outbox GROUP BY state"))
    stored = len(bench.smtp.handler.got)
    if stored != messages:
        raise RuntimeError(f"the server stored {stored} of {messages} messages: {states}")
    bench.sql("DELETE FROM accounts WHERE id = ANY(%s)", (senders,))  # the next run: its own
    return {"messages": messages, "seconds": round(seconds, 2), "rate": messages / seconds}


# --- (b) the daily sweep --------------------------------------------------------------------


def sweep(bench: Bench, timeout: float) -> dict[str, Any]:
    """Every account's sweep due, spread over the hour before now as `sweep_time` spreads
    them after midnight (a backlog: all are due when the workers start); 2 draining
    workers; seconds until both are done."""
    from followup.services.worker import sweep_time

    bench.sql("DELETE FROM jobs")
    now = datetime.now(UTC)
    # sweep_time's spread over the first hour after midnight, moved to the hour before now.
    start = now - timedelta(hours=1) - sweep_time(0, now)
    ids = [r[0] for r in bench.sql("SELECT id FROM accounts ORDER BY id")]
    rows = [(a, to_text(sweep_time(a, now) + start), to_text(now)) for a in ids]
    import psycopg

    with (
        psycopg.connect(bench.admin, autocommit=True) as conn,
        conn.cursor().copy("COPY jobs (account_id, kind, due_at, created_at) FROM STDIN") as copy,
    ):
        for account, due, made in rows:
            copy.write_row((account, "sweep", due, made))
    now_text = to_text(now)
    accounts = bench.sql("SELECT count(*) FROM accounts")[0][0]
    started = time.perf_counter()
    procs = bench.workers(SWEEP_WORKERS, "--drain", "--only", "sweep")
    errors = []
    for proc in procs:
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
            errors.append(f"still sweeping after {timeout:g} s")
        if proc.returncode:
            errors.append(err.strip()[-300:])
    seconds = time.perf_counter() - started
    left = bench.sql("SELECT count(*) FROM jobs WHERE kind = 'sweep' AND due_at <= %s", (now_text,))
    failed = bench.sql("SELECT count(*) FROM jobs WHERE last_error <> ''")[0][0]
    if errors or left[0][0] or failed:
        raise RuntimeError(f"sweep: {errors} {left[0][0]} left, {failed} failed")
    return {
        "accounts": accounts,
        "seconds": round(seconds, 1),
        "ms_per_account": round(1000 * seconds / accounts, 2),
    }


# --- the run --------------------------------------------------------------------------------


def claims(bench: Bench, count: int = 20) -> dict[str, Any]:
    """How long one claim takes with a due job for every account at once (issue 18 §3):
    a 'sync' job per account, due an hour ago; `count` claims, each completed."""
    import psycopg

    from followup.adapters.store.postgres.jobs import PostgresJobs

    now = datetime.now(UTC)
    due = to_text(now - timedelta(hours=1))
    added = bench.sql(
        "INSERT INTO jobs (account_id, kind, due_at, created_at) "
        "SELECT id, 'sync', %s, %s FROM accounts ON CONFLICT DO NOTHING RETURNING id",
        (due, due),
    )
    waiting_jobs = bench.sql("SELECT count(*) FROM jobs WHERE due_at <= %s", (to_text(now),))
    times: list[float] = []
    with psycopg.connect(bench.url, autocommit=True) as conn:
        jobs = PostgresJobs(conn)
        for _ in range(count):
            started = time.perf_counter()
            with jobs.claim(now, ("sync",)):
                times.append((time.perf_counter() - started) * 1000)
    bench.sql("DELETE FROM jobs WHERE id = ANY(%s)", ([r[0] for r in added],))
    times.sort()
    return {
        "due": waiting_jobs[0][0],
        "p50_ms": round(statistics.median(times), 2),
        "max_ms": round(times[-1], 2),
    }


def to_text(moment: datetime) -> str:
    from followup.domain.records.stamps import to_text as stamp

    return stamp(moment)


def run(args: argparse.Namespace) -> dict[str, Any]:
    quick = args.quick
    sizes = args.accounts or ([100, 400] if quick else [1_000, 10_000])
    messages = args.messages or (1_000 if quick else 10_000)
    runs = args.runs or (1 if quick else 3)
    out = args.out.resolve()
    folder = out / "pg_workers"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    report: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "mode": "quick" if quick else "full",
        "cores": os.cpu_count(),
        "workers": f"delivery: {WORKERS} processes x {THREADS} threads;"
        f" sweep: {SWEEP_WORKERS} processes x 2 threads",
        "sizes": [],
    }
    progress("starting PostgreSQL and aiosmtpd")
    bench = Bench(folder)
    try:
        templates = bench.templates(folder)
        report["per_account"] = bench.shape()
        for total in sizes:
            took = bench.grow(templates, total)
            progress(f"{total} accounts (copied in {took:.1f} s); sweep")
            swept = sweep(bench, timeout=900)
            progress(f"sweep: {swept['seconds']} s; delivery x {runs}")
            rates = [deliver(bench, messages, timeout=600) for _ in range(runs)]
            progress("delivery: " + ", ".join(f"{r['rate']:.0f}/s" for r in rates))
            claimed = claims(bench)
            progress(f"claim with {claimed['due']} due: p50 {claimed['p50_ms']} ms")
            report["sizes"].append(
                {
                    "accounts": total,
                    "sweep": swept,
                    "delivery": {
                        "runs": [round(r["rate"], 1) for r in rates],
                        "median": round(statistics.median(r["rate"] for r in rates), 1),
                        "messages": messages,
                    },
                    "claim": claimed,
                }
            )
    finally:
        bench.close()
    report["budgets"] = judge(report["sizes"])
    report["ok"] = quick or all(b["ok"] for b in report["budgets"])
    return report


def judge(sizes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The two budgets over the measured sizes: every size's delivery median, and the
    largest size's sweep scaled to 10,000 accounts."""
    largest = sizes[-1]
    sweep_10k = largest["sweep"]["seconds"] * 10_000 / largest["accounts"]
    return [
        {
            "budget": f"{WORKERS} workers deliver to aiosmtpd (median)",
            "limit": f">= {DELIVERY_BUDGET:g} messages/s",
            "measured": min(s["delivery"]["median"] for s in sizes),
            "ok": all(s["delivery"]["median"] >= DELIVERY_BUDGET for s in sizes),
        },
        {
            "budget": f"daily sweep of 10,000 accounts, {SWEEP_WORKERS} workers",
            "limit": f"<= {SWEEP_BUDGET:g} s",
            "measured": round(sweep_10k, 1),
            "ok": sweep_10k <= SWEEP_BUDGET,
        },
    ]


def markdown(report: dict[str, Any]) -> str:
    shape = ", ".join(f"{v:g} {k}" for k, v in report["per_account"].items())
    lines = [
        f"# PostgreSQL workers ({report['mode']}, {report['date']}, {report['cores']} cores)",
        "",
        f"Per account: {shape}. {report['workers']}.",
        "",
        "| accounts | delivery msg/s (median; runs) | sweep s | sweep ms/account"
        " | jobs due | claim ms (p50; max) |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for s in report["sizes"]:
        d, w, c = s["delivery"], s["sweep"], s["claim"]
        runs = ", ".join(f"{r:g}" for r in d["runs"])
        lines.append(
            f"| {s['accounts']:,} | {d['median']:g} ({runs}) | {w['seconds']:g}"
            f" | {w['ms_per_account']:g} | {c['due']:,} | {c['p50_ms']:g}; {c['max_ms']:g} |"
        )
    lines += ["", "| budget | limit | measured | status |", "|---|---|---:|---|"]
    for b in report["budgets"]:
        lines.append(
            f"| {b['budget']} | {b['limit']} | {b['measured']:g} | {'ok' if b['ok'] else 'FAIL'} |"
        )
    verdict = "all budgets hold" if report["ok"] else "a budget fails"
    if report["mode"] == "quick":
        verdict = "quick run: timings not enforced"
    return "\n".join([*lines, "", f"Result: {verdict}."]) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    sys.path.insert(0, str(ROOT))  # the tests' server helpers
    from tests.integration.pgserver import postgres_missing

    missing = postgres_missing()
    if missing:
        print(f"pg-bench: skipped: {missing}", file=sys.stderr)
        return 0
    try:
        report = run(args)
    except RuntimeError as exc:  # a measurement that could not finish: one line, a failure
        print(f"pg-bench: error: {exc}", file=sys.stderr)
        return 1
    from benchmarks.generate import write_private

    out = args.out.resolve()
    text = markdown(report)
    write_private(out / "pg_workers.json", json.dumps(report, indent=2))
    write_private(out / "pg_workers.md", text)
    print(text)
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
