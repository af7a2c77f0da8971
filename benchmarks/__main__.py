"""`python -m benchmarks [--quick] [--out DIR]`: measure followup against its budgets.

Writes `DIR/report.json` and `DIR/report.md` (default DIR: benchmarks/out, gitignored),
prints the Markdown, and exits 1 when a budget fails or a measurement errors. `--quick`
runs on small data, for CI: it fails only when a measurement errors, never on timings.
See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import generate, measure

NOTE = """\
Subject: Thank you – Data Engineer interview

Dear Grace,

Thank you for taking the time to speak with me yesterday about the Data Engineer role at
Northwind Analytics. I enjoyed our conversation about migrating the ETL to Spark, and it
made me even more excited about the work your team is doing on the data platform.

Our discussion about data quality checks stayed with me. It is the kind of problem I have
worked on for the last three years, and I would love to bring that experience to the team.

Please let me know if I can provide anything else, such as references or code samples. I look
forward to hearing about the next steps.

Best regards,
Ada Lovelace
"""


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description="Measure followup against its budgets."
    )
    parser.add_argument(
        "--quick", action="store_true", help="small data, few runs; never fails on timings (CI)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent / "out",
        help="where the report and the generated databases go (default: benchmarks/out)",
    )
    parser.add_argument("--seed", type=int, default=1, help="data generator seed (default: 1)")
    parser.add_argument("--repeat", type=int, help="CLI runs per command (default: 5; quick: 2)")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="the PostgreSQL variant instead: 1,000 and 10,000 accounts (benchmarks/pg_scale.py)",
    )
    return parser.parse_args(argv)


_STARTED = time.perf_counter()


def progress(text: str) -> None:
    print(f"bench: {time.perf_counter() - _STARTED:6.1f}s {text}", file=sys.stderr, flush=True)


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
    }


def commit() -> str:
    """The checked-out commit, with "+changes" when the tree differs from it ("" if no git)."""
    root = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
    return f"{head}+changes" if dirty else head  # fmt: skip


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Every measurement, as the report dict."""
    out = args.out.resolve()
    home, work = out / "home", out / "work"
    for folder in (out, home, work):
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    quick = args.quick
    repeat = max(1, args.repeat or (2 if quick else 5))
    prefix = "quick-" if quick else ""
    anchor = generate.anchor_for(datetime.now(UTC).date())
    started = time.perf_counter()

    data: dict[str, generate.Manifest] = {}
    for role, size in (("base", "base"), ("large", "large"), ("planner", "planner")):
        progress(f"data: {prefix}{size} (generated once per day, then cached)")
        data[role] = generate.cached(out / "data", generate.SIZES[prefix + size], args.seed, anchor)
    base = data["base"]

    import followup

    report: dict[str, Any] = {
        "schema": 1,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "mode": "quick" if quick else "full",
        "machine": machine(),
        "followup_version": followup.__version__,
        "commit": commit(),
        "seed": args.seed,
        "repeat": repeat,
        "data": {role: asdict(m) for role, m in data.items()},
    }

    # CLI: a private copy of the base database, so `draft` (which writes) leaves the cache alone.
    database = measure.copy_database(Path(base.path), work / "followup.db")
    note = work / "note.txt"
    generate.write_private(note, NOTE)
    entry = measure.followup_argv()
    python = measure.script_python(entry)
    floor = measure.Command("python -c pass", (python, "-c", "pass"))
    when = (
        "when", "--interview-end", "2026-11-24T15:00", "--tz", "America/New_York",
        "--recipient-tz", "Europe/London", "--industry", "tech", "--json",
    )  # fmt: skip
    commands = [
        measure.Command("--version", (*entry, "--version")),
        measure.Command("app list", (*entry, "app", "list")),
        measure.Command("agenda", (*entry, "agenda")),
        measure.Command("when ...", (*entry, *when)),
        # Exit 1 means the linter found an error-level problem: still a complete run.
        measure.Command("lint note.txt", (*entry, "lint", str(note)), frozenset({0, 1})),
        measure.proselint_command(python, note),  # side by side with lint (issue 15)
    ]
    env = measure.environment(home, database)
    # The generated follow-ups stand for a planning run at generation time: mark the copy
    # as freshly planned, so `agenda` measures reading the agenda, not the whole-database
    # re-plan it runs at most every 12 hours (timed once on its own below).
    measure.mark_planned(database, datetime.now(UTC))
    draft_id = base.draft_id
    if draft_id is not None:
        commands.append(measure.Command("draft ID", (*entry, "draft", str(draft_id))))
    progress(f"cli: {len(commands) + 1} commands x ({repeat} runs + warm-up)")
    report["cli"] = measure.time_commands(floor, commands, env, work, repeat)
    if draft_id is None:
        report["cli"]["draft ID"] = measure.missing("no open thank-you in the generated data")
    report["floor"] = report["cli"].get("python -c pass", {})
    # The state users see: the agenda, its JSON and the network after `followup plan` has
    # re-planned the history (issue 16). The re-plan is timed on a fresh copy each run
    # (median, peak RSS over the runs); the last copy stays planned for what follows.
    plans = 1 if quick else 3
    progress(f"after plan: followup plan ({plans} timed runs), then agenda and network")
    replan_copy = work / "replan.db"
    replan_env = measure.environment(home, replan_copy)
    report["replan"] = measure.time_fresh(
        measure.Command("plan", (*entry, "plan")),
        Path(base.path),
        replan_copy,
        replan_env,
        work,
        plans,
    )
    report["replan_s"] = report["replan"].get("seconds")
    report["open_after_plan"] = measure.open_followups(replan_copy)
    report["born_overdue"] = measure.born_overdue(replan_copy)
    after = [
        measure.Command("agenda", (*entry, "agenda")),
        measure.Command("agenda --json", (*entry, "agenda", "--json")),
        measure.Command("network --json", (*entry, "network", "--json")),
    ]
    report["after_plan"] = measure.time_commands(floor, after, replan_env, work, repeat)
    progress("startup: -X importtime")
    report["startup"] = measure.import_profile(
        python, ["app", "list"], env, work, 1 if quick else 5
    )

    progress("in process: planner, composer, linter")
    inprocess: dict[str, Any] = {}
    planner_app = measure.build_app(home, Path(data["planner"].path))
    try:
        inprocess["planner"] = measure.measure_planner(
            planner_app, data["planner"].now, 2 if quick else 3
        )
    finally:
        planner_app.close()
    app = measure.build_app(home, database)
    try:
        corpus = measure.build_corpus(app, 20 if quick else 60)
        if isinstance(corpus, measure.Corpus):
            min_seconds, rounds = (0.1, 3) if quick else (1.0, 5)
            inprocess["composer"] = measure.measure_composer(app, corpus, min_seconds, rounds)
            inprocess["linter"] = measure.measure_linter(app, corpus, min_seconds, rounds)
        else:
            inprocess["composer"] = inprocess["linter"] = corpus
    finally:
        app.close()
    report["inprocess"] = inprocess

    progress("agenda query at both sizes")
    report["agenda_query"] = {}
    for role in ("base", "large"):
        # A private copy, marked planned as the data stands: the agenda service re-plans a
        # stale database, and the cached data must stay as generated (a planned cache
        # made every later run that day time a second re-plan, and cancelled `draft ID`).
        copy = measure.copy_database(Path(data[role].path), work / f"agenda-{role}.db")
        measure.mark_planned(copy, data[role].now)
        try:
            report["agenda_query"][role] = measure.measure_agenda(
                home, copy, data[role].now, 10 if quick else 30
            )
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{copy}{suffix}").unlink(missing_ok=True)
    progress("web, after the re-plan")
    report["web"] = measure.measure_web(replan_copy, home, quick)

    report["budgets"] = measure.check_budgets(report)
    report["errors"] = measure.errors_in(report)
    failed = [b for b in report["budgets"] if b["status"] == measure.FAIL]
    report["enforced"] = not quick
    report["ok"] = not report["errors"] and (quick or not failed)
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


# --- the Markdown table ---------------------------------------------------------------------


def _num(value: Any, digits: int = 3) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _state(entry: Mapping[str, Any]) -> str:
    status = entry.get("status", measure.MISSING)
    return "ok" if status == measure.OK else f"{status}: {entry.get('detail', '')}".strip()


def markdown(report: Mapping[str, Any]) -> str:
    m = report["machine"]
    counts = report["data"]["base"]["counts"]
    large = report["data"]["large"]["counts"]["followups"]
    lines = [
        f"# followup benchmarks, {report['date'][:10]} ({report['mode']})",
        "",
        f"Machine: {m['nproc']} CPUs ({m['cpu'] or 'unknown CPU'}), Python {m['python']}, "
        f"{m['platform']}; followup {report['followup_version']} "
        f"(commit {report['commit'] or 'unknown'}).",
        f"Data (seed {report['seed']}): {counts['applications']:,} applications, "
        f"{counts['interviews']:,} interviews, {counts['followups']:,} follow-ups "
        f"({large:,} in the large variant), {counts['messages']:,} messages, "
        f"{counts['contacts']:,} contacts.",
        "",
        "## Budgets",
        "",
        "| budget | limit | measured | status |",
        "|---|---|---|---|",
    ]
    for b in report["budgets"]:
        mark = {"pass": "pass", "fail": "**FAIL**"}.get(b["status"], b["status"])
        if b["status"] == "fail" and not report["enforced"]:
            mark = "fail (not enforced: quick)"
        lines.append(
            f"| {b['budget']} | {b['limit']} | {_num(b['measured'])} {b['unit']} | {mark} |"
        )
    floor = report["floor"]
    lines += [
        "",
        f"## CLI: median of {report['repeat']} runs after a warm-up",
        "",
        f"Floor: `python -c pass` = {_num(floor.get('median_s'))} s, measured in the same rounds.",
        "",
        "| command | median s | min s | × floor | peak RSS MB | status |",
        "|---|---|---|---|---|---|",
    ]
    for name, e in report["cli"].items():
        lines.append(
            f"| `{name}` | {_num(e.get('median_s'))} | {_num(e.get('min_s'))} | "
            f"{_num(e.get('ratio'), 1)} | {_num(e.get('rss_mb'), 1)} | {_state(e)} |"
        )
    ip = report["inprocess"]
    p, c, li = ip.get("planner", {}), ip.get("composer", {}), ip.get("linter", {})
    lines += [
        "",
        "## In process",
        "",
        "| measure | figure | detail | status |",
        "|---|---|---|---|",
        f"| planner | {_num(p.get('interviews_per_s'))} interviews/s "
        f"({_num(p.get('s_per_100k'))} s per 100,000) | {_num(p.get('interviews'))} interviews, "
        f"{_num(p.get('followups_planned'))} follow-ups planned, "
        f"{len(p.get('runs_s', []))} timed run(s) | {_state(p)} |",
        f"| composer | {_num(c.get('drafts_per_s'))} drafts/s | {_num(c.get('contexts'))} "
        f"contexts from the store | {_state(c)} |",
        f"| linter | {_num(li.get('notes_per_s'))} notes/s | {_num(li.get('notes'))} composed "
        f"notes with their context; {_num(li.get('notes_per_s_no_context'))}/s without "
        f"| {_state(li)} |",
        "",
        "## Agenda query (open follow-ups due within 7 days)",
        "",
        "| follow-ups | rows | fresh connection ms | warm ms | agenda service ms | status |",
        "|---|---|---|---|---|---|",
    ]
    for e in report["agenda_query"].values():
        lines.append(
            f"| {_num(e.get('followups'))} | {_num(e.get('rows'))} | {_num(e.get('fresh_ms'), 2)} "
            f"| {_num(e.get('warm_ms'), 2)} | {_num(e.get('service_ms'), 2)} | {_state(e)} |"
        )
    plan = report["agenda_query"].get("large", {}).get("query_plan")
    if plan:
        lines += ["", f"Query plan: {'; '.join(plan)}."]
    replan = report.get("replan", {})
    if replan:
        opened = report.get("open_after_plan", {})
        lines += [
            "",
            "## After `followup plan`: the state users see",
            "",
            f"`followup plan` (the whole-database re-plan, median of {replan.get('runs', 1)} "
            "runs, each on a fresh copy): "
            f"{_num(replan.get('seconds'), 2)} s, peak RSS {_num(replan.get('rss_mb'), 1)} MB: "
            f"{_state(replan)}. Open follow-ups after it: {_num(sum(opened.values()))} "
            f"({', '.join(f'{k} {v:,}' for k, v in sorted(opened.items()))}); "
            f"created overdue by it: {_num(report.get('born_overdue'))}.",
            "",
            "| command | median s | min s | × floor | peak RSS MB | status |",
            "|---|---|---|---|---|---|",
        ]
        for name, e in report.get("after_plan", {}).items():
            lines.append(
                f"| `{name}` | {_num(e.get('median_s'))} | {_num(e.get('min_s'))} | "
                f"{_num(e.get('ratio'), 1)} | {_num(e.get('rss_mb'), 1)} | {_state(e)} |"
            )
    w = report["web"]
    lines += [
        "",
        "## Web",
        "",
        f"p50 {_num(w.get('p50_ms'))} ms, p95 {_num(w.get('p95_ms'))} ms, "
        f"p99 {_num(w.get('p99_ms'))} ms, {_num(w.get('req_per_s'))} req/s: {_state(w)}.",
    ]
    cold = [
        page["cold_p95_ms"]
        for page in w.get("raw", {}).get("pages", {}).values()
        if isinstance(page, Mapping) and isinstance(page.get("cold_p95_ms"), int | float)
    ]
    if cold:
        lines.append(
            f"Uncached pages (no session, rendered from the database): p95 {max(cold)} ms."
        )
    s = report["startup"]
    lines += [
        "",
        f"## Startup: `{s['argv']}` (least of {s['runs']} runs)",
        "",
        f"{s['modules']} modules, {_num(s['total_ms'], 1)} ms of imports "
        f"({_num(s['followup_ms'], 1)} ms in followup's own modules). Costliest top-level imports:",
        "",
        ", ".join(f"{t['module']} {t['cumulative_ms']} ms" for t in s["top_level"]),
    ]
    if report["errors"]:
        lines += ["", "## Errors", "", *[f"- {e}" for e in report["errors"]]]
    verdict = "all budgets hold" if report["ok"] else "a budget fails or a measurement errors"
    if report["mode"] == "quick":
        verdict = "quick run: timings not enforced" + ("" if report["ok"] else "; errors above")
    lines += ["", f"Result: {verdict} ({report['seconds']} s)."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.postgres:
        from benchmarks import pg_scale

        return pg_scale.main(
            [*(["--quick"] if args.quick else []), "--out", str(args.out), "--seed", str(args.seed)]
        )
    report = run(args)
    out = args.out.resolve()
    text = markdown(report)
    generate.write_private(out / "report.json", json.dumps(report, indent=2, ensure_ascii=False))
    generate.write_private(out / "report.md", text)
    print(text)
    progress(f"report: {out / 'report.json'} and report.md")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
