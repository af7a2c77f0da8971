"""The measurements: CLI wall time and peak RSS, in-process throughput, agenda query, web.

Every measurement returns a plain dict for the JSON report. A feature that has not landed
yet (a command click does not know, a module that is missing) is "not available"; one that
exists but fails is an "error" with its message. Budgets are checked in `check_budgets`.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

OK = "ok"
MISSING = "not available"
ERROR = "error"
PASS = "pass"
FAIL = "fail"


# --- CLI wall time and peak RSS -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Command:
    """One command line to time; `ok_codes` are the exit codes of a successful run."""

    name: str
    argv: tuple[str, ...]
    ok_codes: frozenset[int] = frozenset({0})


@dataclass(slots=True)
class Sample:
    """One run: wall seconds, peak RSS in MB, exit code, the tail of stderr."""

    seconds: float
    rss_mb: float
    code: int
    stderr: str


def followup_argv() -> list[str]:
    """The installed console script beside this interpreter, else `python -m followup`."""
    script = Path(sys.executable).parent / "followup"
    if script.exists() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "followup"]


def script_python(script: Sequence[str]) -> str:
    """The interpreter a console script runs with (its shebang): the floor must use it."""
    if len(script) == 1:
        try:
            first = Path(script[0]).read_bytes().split(b"\n", 1)[0]
        except OSError:
            first = b""
        if first.startswith(b"#!"):
            candidate = first[2:].decode(errors="replace").strip().split()[0]
            if Path(candidate).exists():
                return candidate
    return sys.executable


# A small process that starts each command and reads its rusage. Linux carries the peak RSS
# of the process that forks over into the child (through fork, vfork and exec), so children
# of the big benchmark process would all report its size; this one is ~10 MB. Commands are
# started with posix_spawn and reaped with wait4, which gives each child's own rusage.
SPAWNER = """
import json, os, sys, time
for line in sys.stdin:
    job = json.loads(line)
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, job["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
    ]
    os.chdir(job["cwd"])
    started = time.perf_counter()
    pid = os.posix_spawn(job["argv"][0], job["argv"], job["env"], file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    print(json.dumps([seconds, usage.ru_maxrss, code]), flush=True)
"""


class Spawner:
    """Runs commands one at a time from a small helper process (see SPAWNER)."""

    def __init__(self, python: str, scratch: Path) -> None:
        self.scratch = scratch
        self.proc = subprocess.Popen(
            [python, "-I", "-S", "-c", SPAWNER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, argv: Sequence[str], env: Mapping[str, str], cwd: Path) -> Sample:
        """Run `argv` to completion: wall time, its own peak RSS, exit code, stderr."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        err = self.scratch / "stderr.txt"
        program = shutil.which(argv[0]) or argv[0]
        job = {"argv": [program, *argv[1:]], "env": dict(env), "cwd": str(cwd), "stderr": str(err)}
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()
        reply = self.proc.stdout.readline()
        if not reply:
            raise RuntimeError("the benchmark spawner died")
        seconds, maxrss_kb, code = json.loads(reply)
        tail = err.read_bytes()[-4000:].decode("utf-8", errors="replace") if err.exists() else ""
        return Sample(seconds, maxrss_kb / 1024, code, tail)

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=10)
        if self.proc.stdout:
            self.proc.stdout.close()

    def __enter__(self) -> Spawner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""


def time_commands(
    floor: Command,
    commands: Sequence[Command],
    env: Mapping[str, str],
    cwd: Path,
    repeat: int,
) -> dict[str, dict[str, Any]]:
    """Median wall time and peak RSS of each command, the floor measured in the same rounds.

    One warm-up run each (it also tells whether the command exists), then `repeat` rounds
    that run every command once in turn, so drift on a busy machine hits all of them alike.
    """
    with Spawner(floor.argv[0], cwd) as spawner:
        return _time_commands(spawner, floor, commands, env, cwd, repeat)


def _time_commands(
    spawner: Spawner,
    floor: Command,
    commands: Sequence[Command],
    env: Mapping[str, str],
    cwd: Path,
    repeat: int,
) -> dict[str, dict[str, Any]]:
    results: dict[str, dict[str, Any]] = {}
    live: list[Command] = []
    for command in (floor, *commands):
        warm = spawner.run(command.argv, env, cwd)
        entry: dict[str, Any] = {"argv": _display(command.argv), "status": OK}
        if warm.code == 2 and "No such command" in warm.stderr:
            entry.update(status=MISSING, detail=_last_line(warm.stderr))
        elif warm.code not in command.ok_codes:
            entry.update(status=ERROR, detail=f"exit {warm.code}: {_last_line(warm.stderr)}")
        else:
            live.append(command)
            entry["samples"] = []
        results[command.name] = entry
    for _ in range(repeat):
        for command in live:
            sample = spawner.run(command.argv, env, cwd)
            entry = results[command.name]
            if sample.code not in command.ok_codes:
                entry.update(
                    status=ERROR, detail=f"exit {sample.code}: {_last_line(sample.stderr)}"
                )
            entry["samples"].append(sample)
    floor_median = None
    for command in (floor, *commands):
        entry = results[command.name]
        samples: list[Sample] = entry.pop("samples", [])
        if not samples:
            continue
        seconds = [s.seconds for s in samples]
        entry.update(
            runs=len(samples),
            median_s=round(statistics.median(seconds), 4),
            min_s=round(min(seconds), 4),
            max_s=round(max(seconds), 4),
            rss_mb=round(max(s.rss_mb for s in samples), 1),
        )
        if command is floor:
            floor_median = entry["median_s"]
        elif floor_median:
            entry["ratio"] = round(entry["median_s"] / floor_median, 1)
    return results


def time_fresh(
    command: Command, source: Path, target: Path, env: Mapping[str, str], cwd: Path, runs: int
) -> dict[str, Any]:
    """A command that changes what it runs on (`followup plan`), `runs` times, each on a
    fresh copy of `source` at `target` (which keeps the last run's result): the median
    wall time, the peak RSS over the runs, and the status."""
    seconds: list[float] = []
    rss: list[float] = []
    with Spawner(script_python(command.argv[:1]), cwd) as spawner:
        for _ in range(max(1, runs)):
            copy_database(source, target)
            sample = spawner.run(command.argv, env, cwd)
            if sample.code not in command.ok_codes:
                return {
                    "argv": _display(command.argv),
                    "status": ERROR,
                    "detail": f"exit {sample.code}: {_last_line(sample.stderr)}",
                }
            seconds.append(sample.seconds)
            rss.append(sample.rss_mb)
    return {
        "argv": _display(command.argv),
        "status": OK,
        "runs": len(seconds),
        "seconds": round(statistics.median(seconds), 3),
        "min_s": round(min(seconds), 3),
        "max_s": round(max(seconds), 3),
        "rss_mb": round(max(rss), 1),
    }


def open_followups(database: Path) -> dict[str, int]:
    """Open follow-ups per kind: what the agenda and the network read."""
    conn = sqlite3.connect(database)
    try:
        found = conn.execute(
            "SELECT kind, COUNT(*) FROM followups"
            " WHERE status IN ('planned', 'drafted', 'queued') GROUP BY kind ORDER BY kind"
        ).fetchall()
    finally:
        conn.close()
    return {str(kind): int(n) for kind, n in found}


def born_overdue(database: Path) -> int:
    """Open follow-ups the last whole-database run created with their window already past
    (issue 16: nothing a re-plan creates is overdue; one the candidate let pass may be)."""
    conn = sqlite3.connect(database)
    try:
        (found,) = conn.execute(
            "SELECT COUNT(*) FROM followups, meta WHERE meta.key = 'planned_at'"
            " AND status IN ('planned', 'drafted', 'queued')"
            " AND created_at = meta.value AND latest < meta.value"
        ).fetchone()
    finally:
        conn.close()
    return int(found)


def _display(argv: Sequence[str]) -> str:
    shown = [Path(argv[0]).name, *argv[1:]]
    return " ".join(f'"{a}"' if " " in a else a for a in shown)


def import_profile(
    python: str, args: Sequence[str], env: Mapping[str, str], cwd: Path, runs: int = 3
) -> dict[str, Any]:
    """Where startup time goes: `python -X importtime -m followup ARGS`, top costs.

    Of `runs` runs, the one with the least import time is kept: noise only ever adds.
    """
    best: list[tuple[str, int, int, int]] = []
    for _ in range(max(1, runs)):
        rows = _importtime(python, args, env, cwd)
        if not best or sum(r[1] for r in rows) < sum(r[1] for r in best):
            best = rows
    total = sum(self_us for _, self_us, _, _ in best)
    tops = sorted((r for r in best if r[3] == 0), key=lambda r: -r[2])[:12]
    return {
        "argv": f"python -X importtime -m followup {' '.join(args)}",
        "runs": max(1, runs),
        "modules": len(best),
        "total_ms": round(total / 1000, 1),
        "top_level": [{"module": m, "cumulative_ms": round(c / 1000, 1)} for m, _, c, _ in tops],
        "followup_ms": round(sum(s for m, s, _, _ in best if m.startswith("followup")) / 1000, 1),
    }


def _importtime(
    python: str, args: Sequence[str], env: Mapping[str, str], cwd: Path
) -> list[tuple[str, int, int, int]]:
    """(module, self us, cumulative us, depth) for every import of one run."""
    proc = subprocess.run(
        [python, "-X", "importtime", "-m", "followup", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=dict(env),
        cwd=cwd,
        check=False,
    )
    rows = []
    pattern = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")
    for line in proc.stderr.decode(errors="replace").splitlines():
        match = pattern.match(line)
        if match:
            depth = (len(match.group(3)) - 1) // 2
            rows.append((match.group(4), int(match.group(1)), int(match.group(2)), depth))
    return rows


# --- in-process timing ----------------------------------------------------------------------


def repeat_median(
    func: Callable[[], object], repeat: int, max_seconds: float | None = None
) -> tuple[float, list[float]]:
    """Call `func` once to warm up, then `repeat` times; the median and all times, seconds.

    With `max_seconds`, stop repeating once that much time has gone; when the warm-up
    alone took longer, it is the only figure (something is far off budget anyway).
    """
    started = time.perf_counter()
    func()
    warm = time.perf_counter() - started
    if max_seconds is not None and warm > max_seconds:
        return warm, [warm]
    times: list[float] = []
    for _ in range(repeat):
        if max_seconds is not None and times and time.perf_counter() - started > max_seconds:
            break
        begun = time.perf_counter()
        func()
        times.append(time.perf_counter() - begun)
    return statistics.median(times), times


def rate(func: Callable[[], int], min_seconds: float, rounds: int) -> float:
    """Items per second: each round calls `func` (which returns how many items it did)
    until `min_seconds` pass; the median of the rounds' rates, after one warm-up call."""
    func()
    rates = []
    for _ in range(rounds):
        done = 0
        started = time.perf_counter()
        while True:
            done += func()
            elapsed = time.perf_counter() - started
            if elapsed >= min_seconds:
                break
        rates.append(done / elapsed)
    return statistics.median(rates)


def missing(detail: str) -> dict[str, Any]:
    return {"status": MISSING, "detail": detail}


def failed(exc: BaseException) -> dict[str, Any]:
    return {"status": ERROR, "detail": f"{type(exc).__name__}: {exc}"[:300]}


def module(name: str) -> Any | None:
    """The module, or None when it (or its package) does not exist yet."""
    try:
        if importlib.util.find_spec(name) is None:
            return None
    except ModuleNotFoundError:
        return None
    return importlib.import_module(name)


def build_app(home: Path, database: Path) -> Any:
    """The real wiring (bootstrap.build) for a data folder and database."""
    from followup.bootstrap import build
    from followup.settings import Settings

    settings = Settings(home=home, database=database, config_path=home / "config.toml")
    return build(settings)


def measure_planner(app: Any, now: datetime, repeat: int) -> dict[str, Any]:
    """`planner.plan` over every record of the planner database: interviews per second."""
    planner = module("followup.domain.timing.planner")
    if planner is None or not hasattr(planner, "plan"):
        return missing("followup.domain.timing.planner.plan")
    try:
        snapshot = app.store.snapshot()
        interviews = len(snapshot.interviews)
        result: list[Any] = []

        def run() -> None:
            result[:] = planner.plan(snapshot, app.policies, now, app.holidays).followups

        median, times = repeat_median(run, repeat, max_seconds=30)
    except Exception as exc:
        return failed(exc)
    per_s = interviews / median
    return {
        "status": OK,
        "interviews": interviews,
        "applications": len(snapshot.applications),
        "followups_planned": len(result),
        "median_s": round(median, 3),
        "runs_s": [round(t, 3) for t in times],
        "interviews_per_s": round(per_s),
        "s_per_100k": round(100_000 / per_s, 3),
    }


@dataclass(slots=True)
class Corpus:
    """Notes from the database: each follow-up's kind, context and day, and its draft."""

    items: list[tuple[Any, Any, Any]] = field(default_factory=list)  # (followup, context, day)
    drafts: list[Any] = field(default_factory=list)


def build_corpus(app: Any, limit: int) -> Corpus | dict[str, Any]:
    """Contexts of open follow-ups from the store (`drafting.context_for`), as `draft` does."""
    drafting = module("followup.services.writing.compose")
    if drafting is None or not hasattr(drafting, "context_for"):
        return missing("followup.services.writing.compose.context_for")
    from followup.domain.errors import DomainError
    from followup.domain.records.followups import Status

    corpus = Corpus()
    open_ = [Status.PLANNED, Status.DRAFTED, Status.QUEUED]
    try:
        for followup in app.store.followups.list(statuses=open_):
            if len(corpus.items) >= limit:
                break
            try:
                context = drafting.context_for(app.store, followup)
            except DomainError:
                continue  # e.g. no recipient on record: `draft` refuses it too
            corpus.items.append((followup, context, followup.window.recommended.date()))
    except Exception as exc:
        return failed(exc)
    return corpus


def measure_composer(app: Any, corpus: Corpus, min_seconds: float, rounds: int) -> dict[str, Any]:
    """`compose` over the corpus contexts, in drafts per second (one core)."""
    composer = module("followup.domain.writing.compose")
    if composer is None or not hasattr(composer, "compose"):
        return missing("followup.domain.writing.compose.compose")
    from followup.domain.errors import DomainError

    try:
        renderer = app.renderer
        usable = []
        for followup, context, day in corpus.items:
            try:
                draft = composer.compose(followup.kind, context, renderer=renderer, on=day)
            except DomainError:
                continue  # a kind that needs more than the records hold (an offer deadline)
            usable.append((followup.kind, context, day))
            corpus.drafts.append((draft, followup, context))
        if not usable:
            return {"status": ERROR, "detail": "no follow-up in the data could be composed"}

        def batch() -> int:
            for kind, context, day in usable:
                composer.compose(kind, context, renderer=renderer, on=day)
            return len(usable)

        per_s = rate(batch, min_seconds, rounds)
    except Exception as exc:
        return failed(exc)
    kinds = sorted({str(k) for k, _, _ in usable})
    return {"status": OK, "contexts": len(usable), "kinds": kinds, "drafts_per_s": round(per_s)}


def measure_linter(app: Any, corpus: Corpus, min_seconds: float, rounds: int) -> dict[str, Any]:
    """`lint` over the composed drafts with their contexts, real speller and name matcher."""
    linter = module("followup.domain.writing.lint.linter")
    if linter is None or not hasattr(linter, "lint") or not hasattr(linter, "Note"):
        return missing("followup.domain.writing.lint.linter.lint")
    if not corpus.drafts:
        return {"status": MISSING, "detail": "no drafts to lint (the composer is not available)"}
    try:
        notes = [
            (linter.Note(body=d.body, subject=d.subject), c, f.kind, f.window.recommended)
            for d, f, c in corpus.drafts
        ]
        speller, matcher, holidays = app.speller, app.matcher, app.holidays
        findings: list[int] = []

        def batch() -> int:
            findings.clear()
            for note, context, kind, sent_at in notes:
                found = linter.lint(
                    note, context, kind=kind, sent_at=sent_at, speller=speller,
                    matcher=matcher, holidays=holidays,
                )  # fmt: skip
                findings.append(len(found))
            return len(notes)

        per_s = rate(batch, min_seconds, rounds)

        def bare() -> int:
            for note, _, kind, _ in notes:
                linter.lint(note, None, kind=kind, speller=speller)
            return len(notes)

        bare_per_s = rate(bare, min_seconds, rounds)
    except Exception as exc:
        return failed(exc)
    return {
        "status": OK,
        "notes": len(notes),
        "notes_per_s": round(per_s),
        "notes_per_s_no_context": round(bare_per_s),
        "findings_per_note": round(sum(findings) / max(1, len(findings)), 2),
    }


AGENDA_SQL = (
    "SELECT * FROM followups WHERE status IN ('planned', 'drafted', 'queued')"
    " AND recommended < ? ORDER BY recommended, id"
)


def measure_agenda(
    home: Path, database: Path, now: datetime, repeat: int, days: int = 7
) -> dict[str, Any]:
    """The agenda query (`Store.followups.list` of open follow-ups due within `days`), in ms.

    `fresh_ms` opens a new store for each run, as every CLI process does; `warm_ms` reuses
    one connection, as the web app does. `service_ms` is the whole agenda service.
    """
    from followup.domain.records.followups import Status

    statuses = [Status.PLANNED, Status.DRAFTED, Status.QUEUED]
    due = now + timedelta(days=days)
    try:
        fresh = []
        for _ in range(repeat + 1):
            app = build_app(home, database)
            store = app.store
            started = time.perf_counter()
            found = store.followups.list(statuses=statuses, due_before=due)
            fresh.append(time.perf_counter() - started)
            app.close()
        fresh = fresh[1:]  # the first run reads the file into the OS cache
        app = build_app(home, database)
        warm, _ = repeat_median(
            lambda: app.store.followups.list(statuses=statuses, due_before=due), repeat
        )
        from followup.domain.records.stamps import to_text

        plan = [
            str(row[-1])
            for row in app.store.conn.execute(f"EXPLAIN QUERY PLAN {AGENDA_SQL}", (to_text(due),))
        ]
        total = app.store.conn.execute("SELECT count(*) FROM followups").fetchone()[0]
        result: dict[str, Any] = {
            "status": OK,
            "followups": total,
            "rows": len(found),
            "fresh_ms": round(statistics.median(fresh) * 1000, 2),
            "warm_ms": round(warm * 1000, 2),
            "query_plan": plan,
        }
        planning = module("followup.services.timing.planning")
        if planning is not None and hasattr(planning, "agenda"):
            try:
                service, _ = repeat_median(
                    lambda: planning.agenda(app, now),
                    max(3, repeat // 4),
                )
                result["service_ms"] = round(service * 1000, 2)
                result["service_items"] = len(planning.agenda(app, now).items)
            except Exception as exc:
                result["service"] = failed(exc)
        app.close()
    except Exception as exc:
        return failed(exc)
    return result


# --- web ----------------------------------------------------------------------------------

_WEB_KEYS = {
    "p50_ms": ("p50_ms", "p50"),
    "p95_ms": ("p95_ms", "p95"),
    "p99_ms": ("p99_ms", "p99"),
    "req_per_s": ("req_per_s", "rps", "requests_per_s", "throughput"),
}


def measure_web(database: Path, home: Path, quick: bool) -> dict[str, Any]:
    """Latency and throughput from benchmarks/web_load.py, when the web helper has written it.

    Contract (docs/benchmarks.md): `run(database=..., home=..., quick=...)` returns a dict
    with p50_ms, p95_ms, p99_ms and req_per_s (per page if it likes, under "pages").
    """
    web_load = module("benchmarks.web_load")
    if web_load is None:
        return missing("benchmarks/web_load.py")
    func = getattr(web_load, "run", None) or getattr(web_load, "measure", None)
    if func is None:
        return {"status": ERROR, "detail": "benchmarks/web_load.py has no run() function"}
    offered = {"database": database, "db": database, "home": home, "quick": quick}
    params = inspect.signature(func).parameters
    kwargs = {k: v for k, v in offered.items() if k in params}
    try:
        raw = func(**kwargs)
    except Exception as exc:
        return failed(exc)
    if not isinstance(raw, Mapping):
        return {"status": ERROR, "detail": f"web_load.run returned {type(raw).__name__}"}
    result: dict[str, Any] = {"status": OK}
    for key, aliases in _WEB_KEYS.items():
        for alias in aliases:
            if alias in raw:
                result[key] = raw[alias]
                break
    result["raw"] = json.loads(json.dumps(raw, default=str))
    if "p95_ms" not in result or "req_per_s" not in result:
        result.update(status=ERROR, detail="web_load.run gave no p95_ms / req_per_s")
    return result


# --- budgets --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Budget:
    """A limit from the issues: `measured <= limit` (or >= for throughputs)."""

    name: str
    limit: float
    unit: str
    at_least: bool = False
    source: str = ""

    def judge(self, measured: float | None) -> str:
        if measured is None:
            return MISSING
        ok = measured >= self.limit if self.at_least else measured <= self.limit
        return PASS if ok else FAIL


CLI_TIME = 0.15
CLI_RATIO = 8.0
LINT_TIME = 0.4
PROSELINT_RATIO = 1.0  # issue 15: one note's lint at most as slow as proselint's
PROSELINT = "proselint check note.txt"
CLI_RSS_MB = 80.0
NETWORK_TIME = 0.5
REPLAN_TIME = 2.0
REPLAN_RSS_MB = 200.0


def check_budgets(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every budget with its measured figure and "pass", "fail" or "not available"."""
    cli = report.get("cli", {})
    rows: list[tuple[Budget, float | None]] = []

    def figure(entry: Mapping[str, Any] | None, key: str) -> float | None:
        if not entry or entry.get("status") != OK:
            return None
        value = entry.get(key)
        return float(value) if isinstance(value, int | float) else None

    for name in ("app list", "agenda"):
        entry = cli.get(name)
        rows.append((Budget(f"`followup {name}` median", CLI_TIME, "s", source="issues 2, 4"),
                     figure(entry, "median_s")))  # fmt: skip
        rows.append((Budget(f"`followup {name}` / floor", CLI_RATIO, "x", source="issue 3"),
                     figure(entry, "ratio")))  # fmt: skip
    rows.append((Budget("`followup lint note.txt` median", LINT_TIME, "s", source="issue 5"),
                 figure(cli.get("lint note.txt"), "median_s")))  # fmt: skip
    ours = figure(cli.get("lint note.txt"), "median_s")
    theirs = figure(cli.get(PROSELINT), "median_s")
    rows.append((Budget("`followup lint` / `proselint check`, same note", PROSELINT_RATIO, "x",
                        source="issue 15"),
                 round(ours / theirs, 2) if ours and theirs else None))  # fmt: skip
    for name, entry in cli.items():
        if name not in ("python -c pass", PROSELINT):
            rows.append((Budget(f"`{name}` peak RSS", CLI_RSS_MB, "MB", source="issue 3"),
                         figure(entry, "rss_mb")))  # fmt: skip
    # Issue 16: the state users see, after the whole-database re-plan.
    after = report.get("after_plan", {})
    for name in ("agenda", "agenda --json"):
        entry = after.get(name)
        rows.append((Budget(f"after plan: `followup {name}` median", CLI_TIME, "s",
                            source="issue 16"), figure(entry, "median_s")))  # fmt: skip
        rows.append((Budget(f"after plan: `followup {name}` / floor", CLI_RATIO, "x",
                            source="issue 16"), figure(entry, "ratio")))  # fmt: skip
    network = after.get("network --json")
    rows.append((Budget("after plan: `followup network --json` median", NETWORK_TIME, "s",
                        source="issue 16"), figure(network, "median_s")))  # fmt: skip
    replan = report.get("replan")
    rows.append((Budget("`followup plan` on the history", REPLAN_TIME, "s", source="issue 16"),
                 figure(replan, "seconds")))  # fmt: skip
    rows.append((Budget("`followup plan` peak RSS", REPLAN_RSS_MB, "MB", source="issue 16"),
                 figure(replan, "rss_mb")))  # fmt: skip
    born = report.get("born_overdue")
    rows.append((Budget("follow-ups the re-plan created overdue", 0, "follow-ups",
                        source="issue 16"),
                 float(born) if isinstance(born, int) else None))  # fmt: skip
    inproc = report.get("inprocess", {})
    rows.append((Budget("planner: 100,000 interviews", 2.0, "s", source="issue 4"),
                 figure(inproc.get("planner"), "s_per_100k")))  # fmt: skip
    rows.append((Budget("composer", 2000, "drafts/s", at_least=True, source="issue 6"),
                 figure(inproc.get("composer"), "drafts_per_s")))  # fmt: skip
    rows.append((Budget("linter", 1000, "notes/s", at_least=True, source="issue 5"),
                 figure(inproc.get("linter"), "notes_per_s")))  # fmt: skip
    agenda = report.get("agenda_query", {})
    rows.append((Budget("agenda query, 1,000,000 follow-ups", 20, "ms", source="issue 3"),
                 figure(agenda.get("large"), "fresh_ms")))  # fmt: skip
    web = report.get("web", {})
    rows.append((Budget("web p95", 50, "ms", source="issue 10"), figure(web, "p95_ms")))
    rows.append((Budget("web throughput", 300, "req/s", at_least=True, source="issue 10"),
                 figure(web, "req_per_s")))  # fmt: skip
    return [
        {
            "budget": budget.name,
            "limit": f"{'≥' if budget.at_least else '≤'} {budget.limit:g} {budget.unit}",
            "measured": measured,
            "unit": budget.unit,
            "status": budget.judge(measured),
            "source": budget.source,
        }
        for budget, measured in rows
    ]


def errors_in(report: Mapping[str, Any]) -> list[str]:
    """Every measurement that exists but failed: "name: detail"."""
    found = []
    for section in ("cli", "after_plan"):
        for name, entry in report.get(section, {}).items():
            if entry.get("status") == ERROR:
                found.append(f"{section} {name}: {entry.get('detail', '')}")
    if report.get("replan", {}).get("status") == ERROR:
        found.append(f"replan: {report['replan'].get('detail', '')}")
    for section in ("inprocess", "agenda_query"):
        for name, entry in report.get(section, {}).items():
            if isinstance(entry, Mapping) and entry.get("status") == ERROR:
                found.append(f"{section} {name}: {entry.get('detail', '')}")
            service = entry.get("service") if isinstance(entry, Mapping) else None
            if isinstance(service, Mapping) and service.get("status") == ERROR:
                found.append(f"{section} {name} service: {service.get('detail', '')}")
    web = report.get("web", {})
    if web.get("status") == ERROR:
        found.append(f"web: {web.get('detail', '')}")
    return found


def copy_database(source: Path, target: Path) -> Path:
    """A private working copy, so commands that write (draft) never touch the cache."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    target.chmod(0o600)
    return target


def mark_planned(database: Path, at: datetime) -> None:
    """Record a whole-database planning run at `at` (the `planned_at` meta value)."""
    conn = sqlite3.connect(database)
    try:
        with conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('planned_at', ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (at.isoformat(),),
            )
    finally:
        conn.close()


def proselint_command(python: str, note: Path) -> Command:
    """`proselint check note.txt`, timed in the same rounds as `followup lint note.txt` so
    the two are compared side by side (issue 15); exit 1 means it found something."""
    script = Path(python).with_name("proselint")
    argv = (str(script),) if script.exists() else (python, "-m", "proselint")
    return Command(PROSELINT, (*argv, "check", str(note)), frozenset({0, 1}))


def environment(
    home: Path, database: Path, base: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The child environment: ours without FOLLOWUP_*, then the benchmark's data folder.
    PYTHONDONTWRITEBYTECODE goes too: an installed followup has its bytecode cached, and
    without it every run would compile our modules from source (about 50 ms)."""
    env = {
        k: v
        for k, v in (base or os.environ).items()
        if not k.startswith("FOLLOWUP_") and k != "PYTHONDONTWRITEBYTECODE"
    }
    env.update(FOLLOWUP_HOME=str(home), FOLLOWUP_DATABASE=str(database))
    return env
