"""The PostgreSQL schema's own walls between accounts, with no application code in front of
them (issue 18: "the same probe with the RLS wall alone ... finds nothing")."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from typing import Any

import pytest

from tests.integration.pgserver import PostgresServer

TABLES = [
    "meta", "profile", "companies", "contacts", "applications", "interviews",
    "interview_people", "followups", "messages", "outbox", "imap_seen", "feed_state",
    "news_items", "offers",
]  # fmt: skip


@pytest.fixture(scope="module")
def conn(postgres: PostgresServer) -> Iterator[Any]:
    import psycopg

    url = postgres.fresh_database("schema_walls")
    sql = (
        resources.files("followup.adapters.store")
        .joinpath("postgres/migrations/0001_initial.sql")
        .read_text(encoding="utf-8")
    )
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql)
        connection.execute(
            "INSERT INTO accounts (name, created_at) VALUES ('ada', 'now'), ('bob', 'now')"
        )
        for account in (1, 2):
            with connection.transaction():
                _as(connection, account)
                connection.execute("INSERT INTO profile (name, email, tz, country) "
                                   "VALUES ('p', 'p@example.org', 'UTC', 'GB')")  # fmt: skip
                connection.execute("INSERT INTO companies (name) VALUES ('Acme'), ('Beta')")
                connection.execute("INSERT INTO contacts (name, company_id) VALUES ('Grace', 1)")
                connection.execute(
                    "INSERT INTO applications (company_id, role, stage, created_at) "
                    "VALUES (1, 'Engineer', 'applied', 'now')"
                )
                connection.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')")
        with connection.transaction():
            _as(connection, 2)
            connection.execute("INSERT INTO companies (name) VALUES ('Gamma')")
        yield connection


def _as(connection: Any, account: int) -> None:
    connection.execute("SELECT set_config('followup.account', %s, true)", (str(account),))


def test_ids_are_numbered_per_account(conn: Any) -> None:
    with conn.transaction():
        _as(conn, 2)
        rows = conn.execute("SELECT account_id, id, name FROM companies ORDER BY id").fetchall()
    assert rows == [(2, 1, "Acme"), (2, 2, "Beta"), (2, 3, "Gamma")]


@pytest.mark.parametrize("table", TABLES)
def test_an_account_reads_only_its_own_rows(conn: Any, table: str) -> None:
    with conn.transaction():
        _as(conn, 1)
        accounts = {r[0] for r in conn.execute(f"SELECT account_id FROM {table}").fetchall()}
    assert accounts <= {1}


@pytest.mark.parametrize("table", TABLES)
def test_no_account_set_reads_nothing(conn: Any, table: str) -> None:
    assert conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)


def test_writes_into_another_account_are_refused(conn: Any) -> None:
    import psycopg

    with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
        _as(conn, 1)
        conn.execute("INSERT INTO companies (account_id, name) VALUES (2, 'Sneaky')")
    with conn.transaction():
        _as(conn, 1)
        changed = conn.execute("UPDATE companies SET name = 'Mine' WHERE account_id = 2")
        assert changed.rowcount == 0
        deleted = conn.execute("DELETE FROM applications WHERE account_id = 2")
        assert deleted.rowcount == 0


def test_a_reference_cannot_point_into_another_account(conn: Any) -> None:
    import psycopg

    # Account 2 has a company 3 and account 1 has none: the key carries the account.
    with pytest.raises(psycopg.errors.ForeignKeyViolation), conn.transaction():
        _as(conn, 1)
        conn.execute("INSERT INTO contacts (name, company_id) VALUES ('x', 3)")
