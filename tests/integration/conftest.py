"""Servers the integration tests share for a whole session: PostgreSQL's fixtures
(`postgres`, `postgres_database`) live in tests/conftest.py, beside the Store engines.
Team mode's fixtures (`team_url`, `team`, and the seeded `cohort` with a `client`) are below."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.integration.pgserver import PostgresServer
from tests.integration.teamcohort import Cohort, TeamClient, make_cohort

if TYPE_CHECKING:
    from followup.adapters.store.postgres.team import PostgresTeam

_team_databases = itertools.count()


@pytest.fixture
def team_url(postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch) -> str:
    """Team mode's database (issue 19): fresh and migrated, chosen by FOLLOWUP_DATABASE."""
    from followup.adapters.store.postgres.database import PostgresDatabase

    url = postgres.fresh_database(f"team_{next(_team_databases)}")
    db = PostgresDatabase(url, max_size=1)
    try:
        db.migrate()
    finally:
        db.close()
    monkeypatch.setenv("FOLLOWUP_DATABASE", url)
    return url


@pytest.fixture
def team(team_url: str) -> Iterator[PostgresTeam]:
    """The team directory over `team_url`."""
    from followup.adapters.store.postgres.team import PostgresTeam

    directory = PostgresTeam(team_url)
    yield directory
    directory.close()


@pytest.fixture
def cohort(team: PostgresTeam, tmp_path: Path) -> Cohort:
    """An organisation with an admin, two coaches and two seeded candidates (teamcohort.py);
    a test file that needs another set-up defines its own."""
    return make_cohort(team, str(tmp_path / "home"))


@pytest.fixture
def client(cohort: Cohort) -> Iterator[TeamClient]:
    """A browser on the cohort's team app, signed in as nobody yet."""
    with cohort.client() as c:
        yield c
