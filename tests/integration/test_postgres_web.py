"""The web pages on PostgreSQL show what another process wrote (issue 18).

On SQLite the page cache watches the database file; on PostgreSQL there is no file to
watch and other processes (the CLI, workers, other servers) write at any time, so the
pages are rendered afresh each time."""

from __future__ import annotations

from datetime import UTC, datetime

from followup.adapters.store.postgres.database import PostgresDatabase
from followup.adapters.store.postgres.store import PostgresStore
from followup.bootstrap import build
from followup.domain.records.model import Application, Company, Profile
from followup.settings import Settings
from followup.web import create_app
from tests.e2e.web.conftest import BASE, Client
from tests.integration.pgserver import PostgresServer


def test_pipeline_shows_a_write_from_another_process(
    postgres: PostgresServer, postgres_database: PostgresDatabase, tmp_path: object
) -> None:
    url = postgres.url("store_suites")  # the suites' migrated database (tests/conftest.py)
    env = {"FOLLOWUP_HOME": str(tmp_path), "FOLLOWUP_DATABASE": url, "FOLLOWUP_ACCOUNT": "web"}
    app = build(Settings.from_env(env))
    try:
        app.store.profile.save(Profile(name="Ada", email="ada@example.org", tz="UTC", country="GB"))
        other = PostgresStore(postgres_database, postgres_database.account("web"))
        acme = other.companies.add(Company(name="Acme"))
        with Client(create_app(app), base_url=BASE, follow_redirects=False) as client:
            first = client.get("/pipeline")
            assert first.status_code == 200 and "Zeppelin Engineer" not in first.text
            other.applications.add(
                Application(
                    company_id=acme.id or 0,
                    role="Zeppelin Engineer",
                    created_at=datetime(2026, 11, 24, tzinfo=UTC),
                )
            )
            assert "Zeppelin Engineer" in client.get("/pipeline").text
    finally:
        app.close()
