"""followup on PostgreSQL at 1,000 and 10,000 accounts (issue 18, benchmarks).

Starts a throwaway cluster (tests/integration/pgserver.py), migrates it as the
application role, and loads accounts of one shape each: 20 applications, 60 interviews,
200 follow-ups, 100 messages (10,000 accounts: 2 million follow-ups). Each account is a
copy of one of a few generated candidates (benchmarks/generate.py, one year of history),
loaded with COPY by the superuser with triggers off (ids and counters are written as
given). Then, at each size:

- the agenda query (`followups.list` of open follow-ups due within 7 days) for sampled
  accounts, through the application's own store: p50/p95, and its EXPLAIN ANALYZE;
- re-planning one account after a change (an interview moved by an hour), the whole
  account with the long-run kinds, as a worker's re-plan job runs it;
- the web Today page from `followup serve --workers 2`, with 50 concurrent clients on
  loopback: each client asks again a moment after its answer (think time 0.5 s on
  average, the budget), and with no pause at all (the saturation throughput).

    python -m benchmarks.pg_scale [--quick] [--out DIR]
    python -m benchmarks --postgres          # the same, from the benchmark runner

Prints the Markdown report, writes DIR/pg-report.json and DIR/pg-report.md.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks import generate

ROOT = Path(__file__).resolve().parent.parent
SHAPE = generate.Size(
    "pg-account",
    companies=12,
    contacts=40,
    applications=20,
    interviews=60,
    followups=200,
    messages=100,
)
TEMPLATES = 24  # distinct candidates; account n is a copy of candidate n % TEMPLATES
HISTORY_DAYS = 365  # a coached candidate's search: one year, not the personal five
# Parents before children: COPY runs with triggers (and so foreign keys) off.
TABLES = ("profile", "companies", "contacts", "applications", "interviews",
          "interview_people", "followups", "messages")  # fmt: skip
COUNTED = ("companies", "contacts", "applications", "interviews", "followups", "messages")
BUDGETS = {"agenda_p95_ms": 5.0, "today_p95_ms": 50.0, "replan_p95_ms": 50.0}
CLIENTS = 50
THINK_S = 0.5
SERVER_WORKERS = 2


def progress(text: str) -> None:
    print(f"pg-bench: {time.strftime('%H:%M:%S')} {text}", file=sys.stderr, flush=True)


def _percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def _summary(ms: Sequence[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(ms), 2),
        "p95_ms": round(_percentile(ms, 95), 2),
        "p99_ms": round(_percentile(ms, 99), 2),
        "samples": len(ms),
    }


# --- data -----------------------------------------------------------------------------------


def _copy_text(value: Any) -> str:
    if value is None:
        return "\\N"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


@dataclasses.dataclass
class Template:
    """One generated candidate, as COPY lines without the account column."""

    lines: dict[str, list[bytes]]
    max_ids: dict[str, int]


def templates(
    folder: Path, seed: int, now: datetime, columns: dict[str, list[str]]
) -> list[Template]:
    """The candidates every account copies, generated with one year of history."""
    spread, generate.SPAN_DAYS = generate.SPAN_DAYS, HISTORY_DAYS
    made = []
    try:
        for n in range(TEMPLATES):
            path = folder / f"candidate-{n}.db"
            generate.generate(path, SHAPE, seed * 1000 + n, now)
            conn = sqlite3.connect(path)
            lines: dict[str, list[bytes]] = {}
            max_ids: dict[str, int] = {}
            for table in TABLES:
                names = columns[table]
                rows = conn.execute(f"SELECT {', '.join(_quoted(c) for c in names)} FROM {table}")
                lines[table] = [
                    ("\t" + "\t".join(_copy_text(v) for v in row) + "\n").encode() for row in rows
                ]
                if table in COUNTED:
                    max_ids[table] = int(
                        conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
                    )
            conn.close()
            made.append(Template(lines, max_ids))
    finally:
        generate.SPAN_DAYS = spread
    return made


def _quoted(column: str) -> str:
    return f'"{column}"'


def shared_columns(pg: Any, folder: Path, now: datetime) -> dict[str, list[str]]:
    """Per table, the columns both engines have (account_id is PostgreSQL's own)."""
    probe = folder / "probe.db"
    generate.generate(probe, SHAPE.scaled("probe", 0.05), 1, now)
    conn = sqlite3.connect(probe)
    found = {}
    for table in TABLES:
        lite = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        theirs = {
            row[0]
            for row in pg.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
                (table,),
            )
        }
        found[table] = [c for c in lite if c in theirs and c != "account_id"]
    conn.close()
    probe.unlink()
    return found


def load(
    admin_url: str,
    first: int,
    last: int,
    made: list[Template],
    columns: dict[str, list[str]],
    now: datetime,
) -> float:
    """Accounts `first`..`last` (inclusive), by COPY; returns the seconds it took."""
    import psycopg

    from followup.domain.records.stamps import to_text

    started = time.perf_counter()
    stamp = to_text(now, seconds=True)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        # The superuser loads with triggers off: no per-row id counter, no FK lookups.
        conn.execute("SET session_replication_role = replica")
        with conn.transaction():
            conn.execute(
                "INSERT INTO accounts (id, name, created_at)"
                " SELECT g, 'candidate-' || g, %s FROM generate_series(%s::bigint, %s) g",
                (stamp, first, last),
            )
            conn.execute("SELECT setval(pg_get_serial_sequence('accounts', 'id'), %s)", (last,))
            for table in TABLES:
                names = ", ".join(_quoted(c) for c in ["account_id", *columns[table]])
                with conn.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for chunk in _chunks(first, last, made, table):
                        copy.write(chunk)
            with conn.cursor().copy(
                "COPY id_counters (account_id, name, last_id) FROM STDIN"
            ) as copy:
                for account in range(first, last + 1):
                    t = made[account % len(made)]
                    copy.write(
                        "".join(f"{account}\t{name}\t{n}\n" for name, n in t.max_ids.items() if n)
                    )
            with conn.cursor().copy("COPY meta (account_id, key, value) FROM STDIN") as copy:
                copy.write("".join(f"{a}\tplanned_at\t{stamp}\n" for a in range(first, last + 1)))
        conn.execute("VACUUM (ANALYZE)")
    return time.perf_counter() - started


def _chunks(first: int, last: int, made: list[Template], table: str) -> Iterator[bytes]:
    batch: list[bytes] = []
    for account in range(first, last + 1):
        prefix = str(account).encode()
        batch.extend(prefix + line for line in made[account % len(made)].lines[table])
        if len(batch) > 20_000:
            yield b"".join(batch)
            batch = []
    if batch:
        yield b"".join(batch)


def counts(admin_url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(admin_url) as conn:
        return {
            t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0])  # type: ignore[index]
            for t in ("accounts", *COUNTED)
        }


# --- measurements ---------------------------------------------------------------------------


def measure_agenda(db: Any, sample: Sequence[int], now: datetime) -> dict[str, Any]:
    """The agenda query per account, as the app runs it (one transaction in the account's
    wall), over a pool connection; then the whole agenda service for the same accounts."""
    from followup.adapters.store.postgres.store import PostgresStore
    from followup.domain.records.followups import Status

    statuses = [Status.PLANNED, Status.DRAFTED, Status.QUEUED]
    due = now + timedelta(days=7)
    ms, cpu, rows = [], [], []
    for account in sample:
        store = PostgresStore(db, account)
        store.followups.list(statuses=statuses, due_before=due)  # the connection, warmed
        started, used = time.perf_counter(), time.process_time()
        found = store.followups.list(statuses=statuses, due_before=due)
        cpu.append((time.process_time() - used) * 1000)
        ms.append((time.perf_counter() - started) * 1000)
        rows.append(len(found))
    result: dict[str, Any] = _summary(ms) | {
        "rows_mean": round(statistics.mean(rows), 1),
        "cpu_ms_mean": round(statistics.mean(cpu), 3),  # this process's share, not the server's
    }
    result["explain"] = explain_agenda(db, sample[0], due)
    return result


def explain_agenda(db: Any, account: int, due: datetime) -> list[str]:
    """EXPLAIN ANALYZE of the agenda query, inside the account's wall as the app runs it."""
    from followup.domain.records.stamps import to_text

    with db.transaction(account) as conn:
        plan = conn.execute(
            "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT * FROM followups"
            " WHERE account_id = %s AND status = ANY(%s) AND recommended < %s"
            " ORDER BY recommended, id",
            (account, ["planned", "drafted", "queued"], to_text(due)),
        ).fetchall()
    return [str(row[0]) for row in plan]


def measure_replan(db: Any, home: Path, sample: Sequence[int]) -> dict[str, Any]:
    """Re-plan one whole account after one of its interviews moved by an hour."""
    from followup.adapters.store.postgres.store import PostgresStore
    from followup.bootstrap import build
    from followup.services import timing
    from followup.settings import Settings

    settings = Settings.from_env({"FOLLOWUP_HOME": str(home)})
    first_ms, after_ms, cpu_ms, changed = [], [], [], []
    for account in sample:
        app = build(settings, store=PostgresStore(db, account))
        started = time.perf_counter()
        timing.replan(app)  # the loaded copy settles into this account's own plan
        first_ms.append((time.perf_counter() - started) * 1000)
        interviews = app.store.interviews.list()
        latest = max(interviews, key=lambda i: i.end)
        app.store.interviews.update(
            dataclasses.replace(latest, end=latest.end + timedelta(hours=1))
        )
        started, used = time.perf_counter(), time.process_time()
        run = timing.replan(app)
        cpu_ms.append((time.process_time() - used) * 1000)
        after_ms.append((time.perf_counter() - started) * 1000)
        changed.append(run.changed)
        app.close()
    return _summary(after_ms) | {
        "first_p50_ms": round(statistics.median(first_ms), 1),
        "changed_mean": round(statistics.mean(changed), 1),
        "cpu_p50_ms": round(statistics.median(cpu_ms), 1),  # Python's own time, load aside
    }


def measure_web(url: str, home: Path, account: int, quick: bool) -> dict[str, Any]:
    """`followup serve --workers 2` for one account; 50 clients, paced and saturated."""
    from tests.integration.mailservers import free_port

    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")},
        "FOLLOWUP_HOME": str(home),
        "FOLLOWUP_DATABASE": url,
        "FOLLOWUP_ACCOUNT": str(account),
        "PYTHONPATH": str(ROOT / "src"),
    }
    log = home / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "followup", "serve", "--no-browser", "--port", str(port),
             "--workers", str(SERVER_WORKERS)],
            env=env, cwd=home, stdout=out, stderr=out,
        )  # fmt: skip
    seconds = 4 if quick else 15
    try:
        _wait(port, server, log)
        workers = _children(server.pid)
        _client(port, "/", 4, 2, 0.0)  # every process renders the page once first
        before = _cpu_seconds(workers)
        load_average = _load_average()
        paced = _client(port, "/", CLIENTS, seconds, THINK_S)
        cpu = _cpu_seconds(workers) - before
        saturated = _client(port, "/", CLIENTS, seconds, 0.0)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return {
        "p50_ms": paced["p50_ms"],
        "p95_ms": paced["p95_ms"],
        "p99_ms": paced["p99_ms"],
        "req_per_s": paced["req_per_s"],
        "errors": paced["errors"],
        "saturated": saturated,
        # Load-independent: the server processes' own CPU per page, in the paced run.
        "server_cpu_ms_per_page": round(cpu * 1000 / max(1, paced["samples"]), 2),
        "load_average": load_average,
        "server_processes": SERVER_WORKERS,
        "clients": CLIENTS,
        "think_s": THINK_S,
    }


def _wait(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    import http.client

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited: {log.read_text()[-1000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz", headers={"Host": f"127.0.0.1:{port}"})
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError("the server did not start in time")


def _client(port: int, path: str, clients: int, seconds: float, think: float) -> dict[str, Any]:
    """The load generator, in its own process so its CPU is not the server's."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.pg_scale", "--client", str(port), path,
         str(clients), str(seconds), str(think)],
        cwd=ROOT, capture_output=True, text=True, timeout=seconds + 120, check=True,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(done.stdout)
    return result


async def _load(port: int, path: str, clients: int, seconds: float, think: float) -> dict[str, Any]:
    """`clients` keep-alive connections, each with its own session, asking for `path`
    until `seconds` pass; between answers each waits a random time averaging `think`."""
    times: list[float] = []
    errors = 0
    stop = time.monotonic() + seconds
    request_head = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/html\r\n"

    async def one(n: int) -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        rng = random.Random(n)
        cookie = ""
        warm = True
        while time.monotonic() < stop:
            head = request_head + (f"Cookie: {cookie}\r\n" if cookie else "") + "\r\n"
            started = time.perf_counter()
            writer.write(head.encode())
            status, headers = await _response(reader)
            elapsed = (time.perf_counter() - started) * 1000
            if not cookie and "set-cookie" in headers:
                cookie = headers["set-cookie"].split(";", 1)[0]
            if status != 200:
                errors += 1
            elif not warm:
                times.append(elapsed)
            warm = False  # the first request makes the session
            if think:
                await asyncio.sleep(
                    min(rng.expovariate(1 / think), max(0, stop - time.monotonic()))
                )
        writer.close()

    started = time.monotonic()
    await asyncio.gather(*(one(n) for n in range(clients)))
    elapsed = max(time.monotonic(), stop) - started
    summary: dict[str, Any] = _summary(times) if times else {"samples": 0}
    return summary | {"req_per_s": round(len(times) / elapsed, 1), "errors": errors}


async def _response(reader: asyncio.StreamReader) -> tuple[int, dict[str, str]]:
    status_line = await reader.readline()
    status = int(status_line.split()[1])
    headers: dict[str, str] = {}
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    await reader.readexactly(length)
    return status, headers


# --- the run --------------------------------------------------------------------------------


def run(quick: bool = False, seed: int = 1) -> dict[str, Any]:
    """Load both sizes in turn and measure each; the report dict."""
    from tests.integration.pgserver import PostgresServer, postgres_missing

    from followup.adapters.store.postgres.database import PostgresDatabase

    missing = postgres_missing()
    if missing:  # `make bench` goes on without it
        return {"status": "not available", "detail": missing}
    sizes = (50, 200) if quick else (1_000, 10_000)
    samples = 30 if quick else 200
    now = generate.anchor_for(datetime.now(UTC).date())
    report: dict[str, Any] = {"sizes": {}, "shape": dataclasses.asdict(SHAPE), "quick": quick}
    server = PostgresServer().start()
    try:
        with tempfile.TemporaryDirectory(prefix="followup-pg-bench-") as tmp:
            work = Path(tmp)
            db = PostgresDatabase(server.url(), max_size=4)
            db.migrate()
            import psycopg

            with psycopg.connect(server.url(admin=True)) as conn:
                columns = shared_columns(conn, work, now)
            progress(f"generating {TEMPLATES} candidates")
            made = templates(work, seed, now, columns)
            loaded = 0
            for size in sizes:
                progress(f"loading accounts {loaded + 1}..{size} with COPY")
                seconds = load(server.url(admin=True), loaded + 1, size, made, columns, now)
                loaded = size
                entry: dict[str, Any] = {
                    "load_s": round(seconds, 1),
                    "counts": counts(server.url(admin=True)),
                }
                sample = random.Random(seed).sample(range(1, size + 1), min(samples, size))
                progress(f"{size} accounts: agenda query")
                entry["load_average"] = _load_average()
                entry["agenda"] = measure_agenda(db, sample, now)
                progress(f"{size} accounts: re-plan after a change")
                entry["replan"] = measure_replan(db, work, sample[: 10 if quick else 40])
                progress(f"{size} accounts: web Today, {CLIENTS} clients")
                entry["web"] = measure_web(server.url(), work, sample[-1], quick)
                entry["database_mb"] = _size_mb(server.url(admin=True))
                report["sizes"][str(size)] = entry
            db.close()
    finally:
        server.stop()
    report["budgets"] = budgets(report)
    report["status"] = "ok"
    return report


def _load_average() -> float:
    """The 1-minute load average: this machine is shared, and the tails show it."""
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return -1.0


def _cpu_seconds(pids: Sequence[int]) -> float:
    """User plus system CPU seconds of these processes so far."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _size_mb(admin_url: str) -> float:
    import psycopg

    with psycopg.connect(admin_url) as conn:
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    return round(int(row[0]) / 1e6, 1) if row else 0.0


def budgets(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Each budget at the largest size."""
    largest = report["sizes"][max(report["sizes"], key=int)]
    measured = {
        "agenda_p95_ms": largest["agenda"]["p95_ms"],
        "today_p95_ms": largest["web"]["p95_ms"],
        "replan_p95_ms": largest["replan"]["p95_ms"],
    }
    return [
        {"budget": name, "limit": limit, "measured": measured[name],
         "status": "pass" if measured[name] <= limit else "fail"}
        for name, limit in BUDGETS.items()
    ]  # fmt: skip


def markdown(report: dict[str, Any]) -> str:
    if report.get("status") != "ok":
        return f"PostgreSQL benchmark: {report.get('status')}: {report.get('detail', '')}\n"
    sizes = list(report["sizes"])
    lines = [
        "# followup on PostgreSQL" + (" (quick)" if report["quick"] else ""),
        "",
        "| figure | " + " | ".join(f"{int(s):,} accounts" for s in sizes) + " |",
        "|---|" + "---|" * len(sizes),
    ]

    def row(label: str, pick: Any) -> None:
        lines.append(
            f"| {label} | " + " | ".join(str(pick(report["sizes"][s])) for s in sizes) + " |"
        )

    row("follow-ups", lambda e: f"{e['counts']['followups']:,}")
    row("database MB", lambda e: e["database_mb"])
    row("COPY load s (these accounts)", lambda e: e["load_s"])
    row("agenda query p50 / p95 ms", lambda e: f"{e['agenda']['p50_ms']} / {e['agenda']['p95_ms']}")
    row("agenda query: client CPU ms (mean)", lambda e: e["agenda"]["cpu_ms_mean"])
    row(
        "re-plan one account p50 / p95 ms",
        lambda e: f"{e['replan']['p50_ms']} / {e['replan']['p95_ms']}",
    )
    row("re-plan: CPU ms p50 (Python, load aside)", lambda e: e["replan"]["cpu_p50_ms"])
    row(
        f"Today p50 / p95 ms ({CLIENTS} clients, {THINK_S} s think)",
        lambda e: f"{e['web']['p50_ms']} / {e['web']['p95_ms']} ({e['web']['req_per_s']} req/s)",
    )
    row("Today: server CPU ms per page", lambda e: e["web"]["server_cpu_ms_per_page"])
    row(
        "1-minute load average while measuring",
        lambda e: f"{e['load_average']} / {e['web']['load_average']}",
    )
    row(
        f"Today saturated: req/s, p95 ms ({CLIENTS} clients, no pause)",
        lambda e: f"{e['web']['saturated']['req_per_s']}, {e['web']['saturated'].get('p95_ms')}",
    )
    lines += ["", "| budget | limit | measured | status |", "|---|---|---|---|"]
    for b in report["budgets"]:
        lines.append(f"| {b['budget']} | {b['limit']} | {b['measured']} | {b['status']} |")
    largest = report["sizes"][sizes[-1]]
    lines += [
        "",
        "Agenda query plan (largest size):",
        "",
        "```",
        *largest["agenda"]["explain"],
        "```",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pg_scale", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, never fails on timings")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--client", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.client:
        port, path, clients, seconds, think = args.client
        result = asyncio.run(_load(int(port), path, int(clients), float(seconds), float(think)))
        print(json.dumps(result))
        return 0
    report = run(args.quick, args.seed)
    text = markdown(report)
    args.out.mkdir(parents=True, exist_ok=True)
    generate.write_private(args.out / "pg-report.json", json.dumps(report, indent=2))
    generate.write_private(args.out / "pg-report.md", text)
    print(text)
    failed = [b for b in report.get("budgets", []) if b["status"] == "fail"]
    return 0 if args.quick or not failed else 1


if __name__ == "__main__":
    sys.exit(main())
