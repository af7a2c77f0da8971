"""Servers the integration tests share for a whole session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.integration.pgserver import PostgresServer, postgres_missing


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL cluster on a free loopback port, removed afterwards."""
    missing = postgres_missing()
    if missing:
        pytest.fail(missing)  # scripts/test.sh installs it: a missing server is a defect
    server = PostgresServer().start()
    try:
        yield server
    finally:
        server.stop()
