"""Fixtures for the web tests: an app over a real SQLite file, an in-process client that
speaks through the perimeter guard, a seeded interview, and a real server on loopback."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from followup.adapters.clock import FixedClock
from followup.bootstrap import App, build
from followup.services.records import profile
from followup.settings import Settings
from followup.web import create_app
from tests.integration.mailservers import PASSWORD, SmtpServer, free_port

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # a Tuesday
BASE = "http://127.0.0.1:8765"
XSS_NAME = "Grace <img src=x onerror=alert(1)> {{constructor.constructor('alert(1)')()}}"


def make_app(clock: Any = None, home: Path | None = None) -> App:
    """A fresh App on the isolated FOLLOWUP_HOME (or `home`), with the profile saved."""
    overrides = {"clock": clock} if clock is not None else {}
    env = {"FOLLOWUP_HOME": str(home)} if home is not None else None
    app = build(Settings.from_env(env), **overrides)
    profile.save(
        app, name="Ada Lovelace", email="ada@example.org", tz="Europe/London", country="GB"
    )
    return app


class Client(TestClient):
    """A TestClient that knows its session's CSRF token."""

    @property
    def csrf(self) -> str:
        token: str = self.get("/api/session").json()["csrf_token"]
        return token

    def form(self, url: str, data: dict[str, Any], **kwargs: Any) -> Any:
        return self.post(url, data={"csrf_token": self.csrf, **data}, **kwargs)

    def api(self, method: str, url: str, **kwargs: Any) -> Any:
        headers = {"X-CSRF-Token": self.csrf, **kwargs.pop("headers", {})}
        return self.request(method, url, headers=headers, **kwargs)


@pytest.fixture
def app() -> Iterator[App]:
    built = make_app(FixedClock(NOW))
    yield built
    built.close()


@pytest.fixture
def client(app: App) -> Iterator[Client]:
    with Client(create_app(app), base_url=BASE, follow_redirects=False) as c:
        yield c


def debrief(
    end: datetime, name: str = "Grace Hopper", company: str = "Acme Analytics"
) -> dict[str, Any]:
    return {
        "role": "Data Engineer",
        "company": {
            "name": company,
            "industry": "technology",
            "tz": "Europe/London",
            "country": "GB",
        },
        "interview": {"end": end.isoformat(), "tz": "Europe/London", "kind": "video", "round": 1},
        "interviewers": [
            {"name": name, "email": "grace@acme.example", "topics": ["the Spark migration"]}
        ],
        "topics": ["data quality checks"],
        "projects": ["Spark migration"],
        "skills": ["Spark"],
    }


@dataclass
class Seeded:
    application_id: int
    followup_id: int


@pytest.fixture
def seeded(client: Client) -> Seeded:
    """An interview that ended three hours ago, with its thank-you planned."""
    r = client.api("POST", "/api/interviews", json=debrief(NOW - timedelta(hours=3)))
    assert r.status_code == 201, r.text
    agenda = client.get("/api/agenda", params={"all": "true"}).json()
    thanks = [i for i in agenda if i["kind"] == "thank-you"]
    assert thanks, agenda
    return Seeded(r.json()["application_id"], thanks[0]["id"])


def write_mail_config(home: Path, server: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """[mail.smtp] pointing at the test server, the password in an environment variable
    (as tests/e2e/test_send_cli.py does)."""
    server.write_config(home, "FOLLOWUP_SMTP_PASSWORD")
    monkeypatch.setenv("FOLLOWUP_SMTP_PASSWORD", PASSWORD)


class LiveServer:
    """uvicorn serving `make(port)` on a free loopback port, in a thread."""

    def __init__(self, make: Callable[[int], Any]) -> None:
        import uvicorn

        self.port = free_port()
        config = uvicorn.Config(
            make(self.port),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            access_log=False,
            lifespan="on",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the web server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)
