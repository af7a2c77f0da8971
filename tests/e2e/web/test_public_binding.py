"""Public binding (issue 17 §6, G8): bound to every interface, only this machine's names and
the `--allow-host` ones are served, and both the refusal and `serve` name `--allow-host`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from followup.bootstrap import App
from followup.web import create_app
from tests.e2e.web.conftest import LiveServer
from tests.integration.mailservers import free_port

ROOT = Path(__file__).resolve().parents[3]


def test_a_foreign_host_is_told_about_allow_host(app: App) -> None:
    def make(port: int) -> object:
        return create_app(app, host="0.0.0.0", port=port, login_token="t0ken")  # noqa: S104

    with LiveServer(make) as server:
        headers = {"Host": "followup.example.net"}
        page = httpx.get(server.url + "/", headers=headers)
        assert page.status_code == 400 and "--allow-host" in page.text
        api = httpx.get(server.url + "/api/agenda", headers=headers)
        assert api.status_code == 400 and "--allow-host" in api.json()["error"]


def _first_lines(tmp_path: Path, *extra: str) -> str:
    """What `followup serve --host 0.0.0.0` prints before it serves."""
    tmp_path.mkdir(exist_ok=True)
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")},
        "FOLLOWUP_HOME": str(tmp_path),
        "PYTHONPATH": str(ROOT / "src"),
    }
    argv = [sys.executable, "-m", "followup", "serve", "--no-browser", "--no-outbox"]
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*argv, "--host", "0.0.0.0", "--port", str(port), *extra],  # noqa: S104
            env=env,
            cwd=tmp_path,
            stdout=out,
            stderr=out,
        )
    try:
        deadline = time.monotonic() + 60
        while "token" not in log.read_text() and time.monotonic() < deadline:
            assert process.poll() is None, log.read_text()
            time.sleep(0.1)
        time.sleep(0.3)  # the lines after the token
        return log.read_text()
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_on_every_interface_without_an_allow_list_names_the_option(tmp_path: Path) -> None:
    printed = _first_lines(tmp_path)
    assert "Sign in at" in printed and "--allow-host NAME" in printed
    quiet = _first_lines(tmp_path / "b", "--allow-host", "followup.example.net")
    assert "Sign in at" in quiet and "--allow-host" not in quiet
