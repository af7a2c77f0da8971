"""The test cluster is what the PostgreSQL adapter will meet in production: an application
role that is neither superuser nor able to bypass row-level security (issue 18)."""

from __future__ import annotations

from tests.integration.pgserver import APP_ROLE, PostgresServer


def test_the_application_role_cannot_bypass_row_level_security(postgres: PostgresServer) -> None:
    import psycopg

    with psycopg.connect(postgres.url()) as conn:
        user, superuser, bypass = conn.execute(
            "SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"
        ).fetchone()
    assert (user, superuser, bypass) == (APP_ROLE, False, False)


def test_the_cluster_listens_on_loopback_only(postgres: PostgresServer) -> None:
    assert postgres.admin_sql("SHOW listen_addresses").strip() == "127.0.0.1"
