"""Sign-out across server processes (issue 18): two team app instances share only one
PostgreSQL database; a session ended in one is refused by the other at once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from followup.adapters.clock import FixedClock
from followup.adapters.store.postgres.team import PostgresTeam
from followup.bootstrap import build
from followup.settings import Settings
from followup.web.team.app import create_team_app
from followup.web.team.auth import TEAM_COOKIE
from tests.integration.teamcohort import BASE, NOW, Cohort, TeamClient


@pytest.fixture
def other_server(team_url: str, tmp_path: Path) -> Iterator[TeamClient]:
    """A second app on its own connection pool: nothing shared but the database."""
    directory = PostgresTeam(team_url)
    settings = Settings.from_env(
        {"FOLLOWUP_HOME": str(tmp_path / "other"), "FOLLOWUP_DATABASE": team_url}
    )
    app = build(settings, team=directory, clock=FixedClock(NOW))
    with TeamClient(
        create_team_app(app, "testserver", 80), base_url=BASE, follow_redirects=False
    ) as client:
        yield client
    directory.close()


def test_sign_out_in_one_server_is_refused_by_the_other_at_once(
    cohort: Cohort, other_server: TeamClient
) -> None:
    with cohort.client() as first:
        assert first.sign_in("ada@northfield.test").status_code == 303
        cookie = first.cookies.get(TEAM_COOKIE)
        assert cookie
        other_server.cookies.set(TEAM_COOKIE, cookie, domain="testserver.local")
        assert other_server.get("/api/team/me").json()["email"] == "ada@northfield.test"
        assert first.post("/logout", data={"csrf_token": first.csrf}).status_code == 303
    assert other_server.get("/api/team/me").status_code == 401
