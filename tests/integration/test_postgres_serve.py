"""`followup serve --workers N` on one PostgreSQL: real processes on loopback (issue 18 §5).

Each request below opens its own connection, so the kernel hands it to any of the worker
processes: a CSRF token, a write and a read must hold whichever process answers.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from followup.bootstrap import build
from followup.settings import Settings
from followup.web import create_app
from tests.e2e.web.conftest import BASE, Client
from tests.integration.mailservers import free_port
from tests.integration.pgserver import PostgresServer

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 3


def _request(
    port: int, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], str]:
    """One request on a fresh connection (so any worker process may take it)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        sent = {"Host": f"127.0.0.1:{port}", "Connection": "close", **(headers or {})}
        data = None if body is None else json.dumps(body)
        if data is not None:
            sent["Content-Type"] = "application/json"
        conn.request(method, path, body=data, headers=sent)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        conn.close()


def _children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(p) for p in text.split()]


@pytest.fixture(scope="module")
def served(postgres: PostgresServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """`followup serve --workers 3` on a freshly migrated database; yields its port."""
    from followup.adapters.store.postgres.database import PostgresDatabase

    url = postgres.fresh_database("serve_workers")
    db = PostgresDatabase(url)
    db.migrate()
    db.close()
    home = tmp_path_factory.mktemp("serve-home")
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")},
        "FOLLOWUP_HOME": str(home),
        "FOLLOWUP_DATABASE": url,
        "FOLLOWUP_ACCOUNT": "office",
        "PYTHONPATH": str(ROOT / "src"),
    }
    argv = [sys.executable, "-m", "followup", "serve", "--no-browser", "--port", str(port)]
    log = home / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*argv, "--workers", str(WORKERS)], env=env, cwd=home, stdout=out, stderr=out
        )
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, log.read_text()[-2000:]
            try:
                if _request(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        yield port
        assert len(_children(process.pid)) >= WORKERS  # still all alive at the end
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_several_processes_serve_the_port(served: int) -> None:
    status, _, text = _request(served, "GET", "/healthz")
    assert status == 200
    assert json.loads(text) | {"version": ""} == {
        "version": "",
        "database": "postgresql",
        "status": "ok",
        "pending": [],
    }


def test_a_csrf_token_from_one_process_is_good_in_every_other(served: int) -> None:
    status, headers, text = _request(served, "GET", "/api/session")
    assert status == 200
    cookie = headers["set-cookie"].split(";", 1)[0]
    token = json.loads(text)["csrf_token"]
    auth = {"Cookie": cookie, "X-CSRF-Token": token}
    for n in range(12):  # 12 fresh connections over 3 processes: all of them, in practice
        status, _, text = _request(served, "POST", "/api/companies", {"name": f"Acme {n}"}, auth)
        assert status == 201, text
        # A write through one process is read back at once through whichever answers.
        status, _, listed = _request(served, "GET", "/api/companies", headers=auth)
        assert f"Acme {n}" in listed


def test_a_wrong_csrf_token_is_refused_by_every_process(served: int) -> None:
    status, headers, _ = _request(served, "GET", "/api/session")
    cookie = headers["set-cookie"].split(";", 1)[0]
    for _ in range(6):
        status, _, _ = _request(
            served,
            "POST",
            "/api/companies",
            {"name": "Evil"},
            {"Cookie": cookie, "X-CSRF-Token": "0" * 64},
        )
        assert status == 403


def test_health_answers_any_host_name_without_login(served: int) -> None:
    status, _, text = _request(served, "GET", "/healthz", headers={"Host": "10.0.0.7:80"})
    assert status == 200 and "office" not in text
    assert _request(served, "GET", "/", headers={"Host": "10.0.0.7:80"})[0] == 400


def test_health_lists_pending_migrations_with_503(postgres: PostgresServer, tmp_path: Path) -> None:
    url = postgres.fresh_database("serve_unmigrated")
    env = {"FOLLOWUP_HOME": str(tmp_path), "FOLLOWUP_DATABASE": url}
    app = build(Settings.from_env(env))
    try:
        with Client(create_app(app), base_url=BASE) as client:
            response = client.get("/healthz")
    finally:
        app.close()
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "pending" and "0001_initial.sql" in body["pending"]


def test_health_says_unreachable_with_503(tmp_path: Path) -> None:
    url = f"postgresql://nobody:secret-pw@127.0.0.1:{free_port()}/none"
    app = build(Settings.from_env({"FOLLOWUP_HOME": str(tmp_path), "FOLLOWUP_DATABASE": url}))
    try:
        with Client(create_app(app), base_url=BASE) as client:
            response = client.get("/healthz")
    finally:
        app.close()
    assert response.status_code == 503
    assert response.json()["status"] == "unreachable"
    assert "secret-pw" not in response.text
