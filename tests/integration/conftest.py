"""Servers the integration tests share for a whole session: PostgreSQL's fixtures
(`postgres`, `postgres_database`) live in tests/conftest.py, beside the Store engines.
Team mode's fixtures (`team_url`, `team`) are below."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.integration.pgserver import PostgresServer

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
