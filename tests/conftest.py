"""Shared fixtures: every test gets its own data folder and a clean environment."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from followup.adapters.store.memory import MemoryStore
from followup.adapters.store.sqlite import SqliteStore
from followup.bootstrap import App, build
from followup.cli import cli
from followup.ports import Store
from followup.settings import Settings
from tests.integration.pgserver import PostgresServer, postgres_missing

if TYPE_CHECKING:
    from followup.adapters.store.postgres.database import PostgresDatabase

settings.register_profile(
    "followup", deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.load_profile("followup")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """FOLLOWUP_HOME points at a fresh folder; nothing reads the developer's real data."""
    home = tmp_path / "home"
    monkeypatch.setenv("FOLLOWUP_HOME", str(home))
    for name in list(os.environ):
        if name.startswith("FOLLOWUP_") and name not in ("FOLLOWUP_HOME",):
            monkeypatch.delenv(name)
    monkeypatch.setenv("EDITOR", "true")
    return home


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


@pytest.fixture(scope="session")
def postgres_database(postgres: PostgresServer) -> Iterator[PostgresDatabase]:
    """One migrated database, as the application role, for the Store suites: each
    PostgreSQL store in them is a fresh account in it (row-level security keeps them apart)."""
    from followup.adapters.store.postgres.database import PostgresDatabase

    db = PostgresDatabase(postgres.fresh_database("store_suites"), max_size=20)
    db.migrate()
    yield db
    db.close()


_accounts = itertools.count(1)


def _postgres_store(request: pytest.FixtureRequest, path: Path) -> Store:
    from followup.adapters.store.postgres.store import PostgresStore

    database = request.getfixturevalue("postgres_database")
    return PostgresStore(database, database.add_account(f"{path.parent.name}-{next(_accounts)}"))


# Every Store engine the contract suites run against: a new engine is one more entry.
# Each gets the test's request (for session fixtures) and a file path it may use.
STORE_ENGINES: dict[str, Callable[[pytest.FixtureRequest, Path], Store]] = {
    "memory": lambda request, path: MemoryStore(),
    "sqlite": lambda request, path: SqliteStore(path),
    "postgres": _postgres_store,
}


@pytest.fixture(params=sorted(STORE_ENGINES))
def new_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], Store]]:
    """Makes fresh, empty stores of one engine (each test runs once per engine)."""
    opened: list[Store] = []

    def make() -> Store:
        store = STORE_ENGINES[request.param](request, tmp_path / f"store-{len(opened)}.db")
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def any_store(new_store: Callable[[], Store]) -> Store:
    """One empty store, of each engine in turn."""
    return new_store()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[SqliteStore]:
    store = SqliteStore(tmp_path / "store.db")
    yield store
    store.close()


@pytest.fixture
def memory_store() -> MemoryStore:
    return MemoryStore()


Invoke = Callable[..., Result]


@pytest.fixture
def run() -> Invoke:
    """Run `followup ARGS...` in process through click's runner; stdout and stderr apart."""

    def invoke(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def profile(run: Invoke) -> None:
    """A candidate in London."""
    result = run(
        "init",
        "--name",
        "Ada Lovelace",
        "--email",
        "ada@example.org",
        "--tz",
        "Europe/London",
        "--country",
        "GB",
        "--skills",
        "Python, Spark, SQL",
    )
    assert result.exit_code == 0, result.output


def deps_of(**ports: object) -> App:
    """The `Deps` a service test passes: the test's own adapters or twins by port name,
    the rest built on first use from this test's data folder."""
    return build(Settings.from_env(), **ports)
