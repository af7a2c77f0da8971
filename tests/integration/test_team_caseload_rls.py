"""The coach's batched caseload on PostgreSQL (issue 19): one query for every candidate,
fenced by the database (migration 0015's `coach_caseload` policy), not by the query."""

from __future__ import annotations

from typing import Any

import pytest

from followup.adapters.store.postgres.team import PostgresTeam, caseload_figures
from followup.services.team import access
from tests.integration.pgserver import PostgresServer
from tests.integration.teamcohort import NOW, Cohort


def _as_coach(team: PostgresTeam, coach_id: int, sql: str, *, read_only: bool = True) -> Any:
    with team.db.pool.connection() as conn, conn.transaction():
        if read_only:
            conn.execute("SET TRANSACTION READ ONLY")
        conn.execute("SELECT set_config('followup.coach', %s, true)", (str(coach_id),))
        return conn.execute(sql).fetchall()


def test_without_the_app_filter_a_coach_still_gets_only_their_candidates(cohort: Cohort) -> None:
    unfiltered = caseload_figures(cohort.team.db, cohort.coach1.id, NOW, None)
    assert set(unfiltered) == {cohort.ada.account_id}
    other = caseload_figures(cohort.team.db, cohort.coach2.id, NOW, None)
    assert set(other) == {cohort.bob.account_id}


def test_asking_for_another_coachs_candidate_returns_nothing(cohort: Cohort) -> None:
    assert cohort.bob.account_id is not None and cohort.ada.account_id is not None
    asked = [cohort.bob.account_id, cohort.ada.account_id]
    assert set(caseload_figures(cohort.team.db, cohort.coach1.id, NOW, asked)) == {
        cohort.ada.account_id
    }


def test_the_policy_opens_nothing_in_a_transaction_that_could_write(cohort: Cohort) -> None:
    rows = _as_coach(cohort.team, cohort.coach1.id, "SELECT count(*) FROM followups",
                     read_only=False)  # fmt: skip
    assert rows == [(0,)]
    assert _as_coach(cohort.team, cohort.coach1.id, "SELECT count(*) FROM followups") == [(2,)]


def test_the_policy_opens_only_the_caseload_tables(cohort: Cohort) -> None:
    for table in ("companies", "contacts", "audit_log", "draft_comments", "outbox"):
        assert _as_coach(cohort.team, cohort.coach1.id, f"SELECT count(*) FROM {table}") == [
            (0,)
        ], table


def test_a_disabled_coach_or_candidate_drops_out(cohort: Cohort) -> None:
    cohort.team.update_user(cohort.coach1.id, disabled=True)
    assert caseload_figures(cohort.team.db, cohort.coach1.id, NOW, None) == {}
    cohort.team.update_user(cohort.coach1.id, disabled=False)
    cohort.team.update_user(cohort.ada.id, disabled=True)
    assert caseload_figures(cohort.team.db, cohort.coach1.id, NOW, None) == {}


def test_the_batched_figures_match_the_seeded_records(cohort: Cohort) -> None:
    coach = cohort.team.user(cohort.coach1.id)
    (row,) = access.caseload(cohort.team, NOW, coach)
    assert (row.email, row.applications, row.thank_you_overdue, row.waiting_past_decision) == (
        "ada@northfield.test", 1, 1, 1,
    )  # fmt: skip
    assert "SECRET" not in repr(row)  # no subject, body or note reaches the caseload


def test_the_caseload_benchmark_runs_end_to_end(
    postgres: PostgresServer, capsys: pytest.CaptureFixture[str]
) -> None:
    from benchmarks import pg_caseload

    url = postgres.fresh_database("caseload_bench")
    admin = postgres.url("caseload_bench", admin=True)
    argv = ["--quick", "--accounts", "600", "--runs", "2", "--url", url, "--admin-url", admin]
    assert pg_caseload.main(argv) == 0
    said = capsys.readouterr().out
    assert "600 accounts" in said and "page" in said and "p95" in said
