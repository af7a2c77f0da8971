"""`python -m benchmarks.pg_caseload [--quick] [--url URL --admin-url URL]`: the coach's
caseload on PostgreSQL (issue 19): p95 <= 100 ms for a coach with 300 candidates, on the
10,000-account data.

Without URLs it starts a throwaway cluster (tests/integration/pgserver.py: Debian's
PostgreSQL binaries). The data is made in SQL (generate_series, as the admin role, which
bypasses row-level security): every account has 5 companies and contacts, 20
applications and interviews, 60 follow-ups and 30 messages; one organisation, a coach per
300 candidates. Then, as the application role (no bypass), the measured coach's caseload
is read through the service (`access.caseload`) and the page (`GET /team/caseload`).
Exits 1 when the page's p95 is over budget (never with --quick).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

BUDGET_MS = 100.0
PER_COACH = 300

_DATA = """
CREATE TEMP TABLE acc AS SELECT id AS a FROM accounts WHERE name LIKE 'bench-%%';
INSERT INTO companies (account_id, id, name, industry, country, tz)
    SELECT a, c, 'Company ' || c, 'technology', 'GB', 'Europe/London'
    FROM acc, generate_series(1, 5) c;
INSERT INTO contacts (account_id, id, name, email, company_id)
    SELECT a, c, 'Person ' || c, 'p' || c || '@example.org', c
    FROM acc, generate_series(1, 5) c;
INSERT INTO applications (account_id, id, company_id, role, stage, decision_by, created_at)
    SELECT a, i, 1 + i %% 5, 'Role ' || i,
           (ARRAY['applied', 'screening', 'interviewing', 'offer', 'rejected'])[1 + i %% 5],
           to_char(%(now)s::timestamptz + (i - 12) * interval '1 day', 'YYYY-MM-DD'),
           to_char((%(now)s::timestamptz - i * interval '3 days') AT TIME ZONE 'UTC',
                   'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')
    FROM acc, generate_series(1, 20) i;
INSERT INTO interviews (account_id, id, application_id, kind, "end", tz)
    SELECT a, i, i, 'video',
           to_char((%(now)s::timestamptz - i * interval '2 days') AT TIME ZONE 'UTC',
                   'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'), 'Europe/London'
    FROM acc, generate_series(1, 20) i;
INSERT INTO followups (account_id, id, key, kind, application_id, contact_id, earliest,
                       recommended, latest, status, created_at, updated_at)
    SELECT a, f, 'k/' || f, (ARRAY['thank-you', 'status-check'])[1 + f %% 2],
           1 + (f - 1) %% 20, 1 + f %% 5, t, t, t,
           (ARRAY['planned', 'drafted', 'sent', 'done', 'skipped'])[1 + f %% 5], t, t
    FROM acc, generate_series(1, 60) f,
         LATERAL (SELECT to_char((%(now)s::timestamptz - (f - 20) * interval '1 day')
                                 AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"') t) s;
INSERT INTO messages (account_id, id, contact_id, application_id, followup_id, direction,
                      channel, at)
    SELECT a, m, 1 + m %% 5, 1 + m %% 20, m, (ARRAY['out', 'in'])[1 + m %% 2], 'email',
           to_char((%(now)s::timestamptz - m * interval '1 day') AT TIME ZONE 'UTC',
                   'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')
    FROM acc, generate_series(1, 30) m;
"""


def build(admin_url: str, accounts: int, now: datetime) -> None:
    """The data set: `accounts` candidates with their records, coaches of PER_COACH each."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=False) as conn:
        conn.execute(
            "INSERT INTO accounts (name, created_at) SELECT 'bench-' || g, %s"
            " FROM generate_series(1, %s) g",
            (now.isoformat(), accounts),
        )
        for statement in filter(str.strip, _DATA.split(";\n")):
            conn.execute(statement, {"now": now})
        org = conn.execute(
            "INSERT INTO organisations (name, created_at) VALUES ('Bench', %s) RETURNING id",
            (now,),
        ).fetchone()
        assert org is not None
        coaches = -(-accounts // PER_COACH)
        conn.execute(
            "INSERT INTO team_users (org_id, email, role, created_at)"
            " SELECT %s, 'coach' || g || '@bench.test', 'coach', %s"
            " FROM generate_series(1, %s) g",
            (org[0], now, coaches),
        )
        conn.execute(
            "INSERT INTO team_users (org_id, email, name, role, coach_id, account_id, created_at)"
            " SELECT %s, 'c' || a || '@bench.test', 'Candidate ' || a, 'candidate',"
            " (SELECT id FROM team_users WHERE email = 'coach' || (1 + (n - 1) / %s)"
            "  || '@bench.test'), a, %s"
            " FROM (SELECT a, row_number() OVER (ORDER BY a) n FROM acc) x",
            (org[0], PER_COACH, now),
        )
        conn.execute("ANALYZE")


def timed(call: Callable[[], Any], runs: int) -> dict[str, float]:
    """Milliseconds per call: median and p95 of `runs` after three warm-ups."""
    for _ in range(3):
        call()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * len(samples)) - 1)]
    return {"median": statistics.median(samples), "p95": p95, "runs": runs}


def measure(url: str, home: str, now: datetime, runs: int) -> dict[str, dict[str, float]]:
    """The caseload of coach 1 (PER_COACH candidates): the service, then the page."""
    from fastapi.testclient import TestClient

    from followup.adapters.clock import FixedClock
    from followup.adapters.store.postgres.team import PostgresTeam
    from followup.bootstrap import build as build_app
    from followup.services.team import access, signin
    from followup.settings import Settings
    from followup.web.team.app import create_team_app

    team = PostgresTeam(url)
    try:
        coach = team.user_by_email("coach1@bench.test")
        assert coach is not None
        assert len(team.candidates_of(coach.id)) == PER_COACH
        service = timed(lambda: access.caseload(team, now, coach), runs)
        signin.set_password(team, coach.email, "bench-password-1")
        app = build_app(
            Settings.from_env({"FOLLOWUP_HOME": home, "FOLLOWUP_DATABASE": url}),
            team=team,
            clock=FixedClock(now),
        )
        web = create_team_app(app, "testserver", 80)
        with TestClient(web, base_url="http://testserver") as client:
            csrf = client.get("/api/team/session").json()["csrf_token"]
            done = client.post("/login", data={"email": coach.email,
                               "password": "bench-password-1", "csrf_token": csrf})  # fmt: skip
            assert done.status_code in (200, 303), done.text

            def page() -> None:
                answer = client.get("/team/caseload")
                assert answer.status_code == 200 and "300 candidate(s)" in answer.text

            shown = timed(page, runs)
        return {"service": service, "page": shown}
    finally:
        team.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pg_caseload",
                                     description=__doc__.splitlines()[0])  # fmt: skip
    parser.add_argument("--quick", action="store_true", help="1,000 accounts; never fails")
    parser.add_argument("--accounts", type=int, help="accounts in the data (default 10,000)")
    parser.add_argument("--runs", type=int, default=50, help="timed runs (default 50)")
    parser.add_argument("--url", help="the application role's URL of a migrated, empty database")
    parser.add_argument("--admin-url", help="a role that bypasses row-level security, to load")
    args = parser.parse_args(argv)
    accounts = args.accounts or (1_000 if args.quick else 10_000)
    now = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
    import tempfile

    server = None
    if not args.url:
        from tests.integration.pgserver import PostgresServer, postgres_missing

        if postgres_missing():
            print(f"pg_caseload: skipped: {postgres_missing()}", file=sys.stderr)
            return 0
        server = PostgresServer().start()
        args.url = server.fresh_database("caseload")
        args.admin_url = server.url("caseload", admin=True)
    try:
        from followup.adapters.store.postgres.database import PostgresDatabase

        db = PostgresDatabase(args.url, max_size=1)
        db.migrate()
        db.close()
        started = time.perf_counter()
        build(args.admin_url or args.url, accounts, now)
        made = time.perf_counter() - started
        with tempfile.TemporaryDirectory() as home:
            found = measure(args.url, home, now, args.runs)
    finally:
        if server is not None:
            server.stop()
    page = found["page"]
    ok = page["p95"] <= BUDGET_MS
    print(f"caseload on PostgreSQL: {accounts:,} accounts (built in {made:.1f} s), "
          f"a coach with {PER_COACH} candidates, {args.runs} runs")  # fmt: skip
    for name, got in found.items():
        print(f"  {name:8} median {got['median']:6.1f} ms   p95 {got['p95']:6.1f} ms")
    print(f"  budget: page p95 <= {BUDGET_MS:.0f} ms: {'ok' if ok else 'FAIL'}")
    return 0 if ok or args.quick else 1


if __name__ == "__main__":
    sys.exit(main())
