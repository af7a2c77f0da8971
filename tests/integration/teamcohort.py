"""A cohort for team mode's web tests (issue 19): an admin, two coaches, and one candidate
under each, with distinctive records, plus a client that signs in and knows its CSRF token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from followup.adapters.clock import FixedClock
from followup.adapters.store.postgres.team import PostgresTeam
from followup.bootstrap import App, build
from followup.domain.records.followups import FollowUp, Kind, Status, Window
from followup.domain.records.model import Application, Company, Profile, Stage
from followup.domain.records.team import Role, User
from followup.services.team import signin
from followup.settings import Settings
from followup.web.team.app import create_team_app

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
BASE = "http://testserver"


@dataclass
class Cohort:
    team: PostgresTeam
    app: App
    admin: User
    coach1: User
    coach2: User
    ada: User  # under coach1; her records say ADA-SECRET
    bob: User  # under coach2; his records say BOB-SECRET

    def client(self) -> TeamClient:
        return TeamClient(
            create_team_app(self.app, "testserver", 80),
            base_url=BASE,
            follow_redirects=False,
        )


class TeamClient(TestClient):
    """A TestClient that signs in with a password and knows its session's CSRF token."""

    @property
    def csrf(self) -> str:
        token: str = self.get("/api/team/session").json()["csrf_token"]
        return token

    def sign_in(self, email: str, password: str = PASSWORD) -> Any:
        return self.post(
            "/login", data={"email": email, "password": password, "csrf_token": self.csrf}
        )

    def api(self, method: str, url: str, **kwargs: Any) -> Any:
        headers = {"X-CSRF-Token": self.csrf, **kwargs.pop("headers", {})}
        return self.request(method, url, headers=headers, **kwargs)


def seed(team: PostgresTeam, user: User, marker: str) -> None:
    """A profile, a company, an application past its decision date, an overdue thank-you
    and a drafted follow-up, all carrying `marker`."""
    assert user.account_id is not None
    store = team.store_for(user.account_id)
    store.profile.save(Profile(name=f"{marker} person", email=user.email, tz="UTC", country="GB"))
    company = store.companies.add(Company(name=f"{marker} Corp"))
    app = store.applications.add(
        Application(company_id=company.id or 0, role=f"{marker} Engineer", stage=Stage.INTERVIEWING,
                    decision_by=date(2026, 12, 1), created_at=NOW - timedelta(days=10))
    )  # fmt: skip
    window = Window(earliest=NOW - timedelta(days=3), recommended=NOW - timedelta(days=2),
                    latest=NOW - timedelta(days=1))  # fmt: skip
    store.followups.save([
        FollowUp(key=f"thank-you/{marker}", kind=Kind.THANK_YOU, application_id=app.id,
                 window=window, created_at=NOW, updated_at=NOW),
        FollowUp(key=f"status-check/{marker}", kind=Kind.STATUS_CHECK, application_id=app.id,
                 window=window, status=Status.DRAFTED, subject=f"{marker} draft subject",
                 body=f"{marker} draft body", created_at=NOW, updated_at=NOW),
    ])  # fmt: skip


def make_cohort(team: PostgresTeam, home: str) -> Cohort:
    from followup.services.team import users

    admin = users.init(team, NOW, "Northfield", "admin@northfield.test")
    coach1 = users.add(team, NOW, "coach1@northfield.test", "coach")
    coach2 = users.add(team, NOW, "coach2@northfield.test", "coach")
    ada = users.add(team, NOW, "ada@northfield.test", "candidate", coach=coach1.email, name="Ada")
    bob = users.add(team, NOW, "bob@northfield.test", "candidate", coach=coach2.email, name="Bob")
    signin.set_password(team, admin.email, PASSWORD)  # once through the service...
    hashed = team.password_hash(admin.id)
    for person in (coach1, coach2, ada, bob):  # ...then the same hash: argon2 is slow on purpose
        team.update_user(person.id, password_hash=hashed)
    seed(team, ada, "ADA-SECRET")
    seed(team, bob, "BOB-SECRET")
    app = build(
        Settings.from_env({"FOLLOWUP_HOME": home, "FOLLOWUP_DATABASE": team.db.url}),
        team=team,
        clock=FixedClock(NOW),
    )
    assert admin.role is Role.ADMIN
    return Cohort(team, app, admin, coach1, coach2, ada, bob)
