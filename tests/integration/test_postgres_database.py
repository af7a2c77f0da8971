"""The PostgreSQL database adapter: migrations applied once and recorded, accounts, and
transactions scoped to one account (issue 18)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from followup.adapters.store.postgres.database import PostgresDatabase, shipped_migrations
from followup.domain.errors import Unavailable
from tests.integration.pgserver import PostgresServer

_count = iter(range(10_000))


@pytest.fixture
def database(postgres: PostgresServer) -> Iterator[PostgresDatabase]:
    db = PostgresDatabase(postgres.fresh_database(f"db_{next(_count)}"))
    yield db
    db.close()


def test_migrate_applies_every_migration_once_and_records_it(database: PostgresDatabase) -> None:
    names = [m.name for m, _ in shipped_migrations()]
    assert [m.applied_at for m in database.status()] == [""] * len(names)
    assert database.migrate() == names
    assert database.migrate() == []
    status = database.status()
    assert [m.name for m in status] == names
    assert all(m.applied_at for m in status)


def test_concurrent_migrations_apply_each_migration_once(postgres: PostgresServer) -> None:
    url = postgres.fresh_database(f"db_{next(_count)}")
    results: list[list[str]] = []
    errors: list[BaseException] = []

    def run() -> None:
        db = PostgresDatabase(url)
        try:
            results.append(db.migrate())
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            db.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(len(r) for r in results) == [0, 0, 0, len(shipped_migrations())]


def test_a_transaction_sees_only_its_accounts_rows(database: PostgresDatabase) -> None:
    database.migrate()
    ada, bob = database.add_account("ada"), database.add_account("bob")
    for account, company in ((ada, "Acme"), (bob, "Beta")):
        with database.transaction(account) as conn:
            conn.execute("INSERT INTO companies (name) VALUES (%s)", (company,))
    with database.transaction(ada) as conn:
        assert conn.execute("SELECT name FROM companies").fetchall() == [("Acme",)]
    with database.transaction(None) as conn:
        assert conn.execute("SELECT count(*) FROM companies").fetchone() == (0,)
    # The scope ends with the transaction: a pooled connection carries nothing over.
    with database.pool.connection() as conn:
        assert conn.execute("SELECT current_setting('followup.account', true)").fetchone() in (
            ("",),
            (None,),
        )


def test_an_unreachable_server_is_one_clear_line_without_the_password() -> None:
    with pytest.raises(Unavailable) as info:
        PostgresDatabase("postgresql://app:hunter2@127.0.0.1:1/nowhere")
    message = str(info.value)
    assert "cannot reach PostgreSQL at postgresql://app:***@127.0.0.1:1/nowhere" in message
    assert "hunter2" not in message
    assert "\n" not in message
