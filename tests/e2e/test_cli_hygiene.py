"""CLI hygiene (issue 16): a closed pipe ends a command quietly, and the JSON carries
times to the second."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.dates import RECENT_END


def _command() -> list[str]:
    exe = shutil.which("followup", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "followup"]


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "FOLLOWUP_HOME": str(home)}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("hygiene")
    steps = [
        ("init", "--name", "Ada Lovelace", "--email", "ada@example.org", "--tz", "Europe/London"),
        ("app", "add", "--company", "Acme", "--role", "Data Engineer"),
        ("interview", "add", "--app", "1", "--end", RECENT_END, "--with", "G <g@acme.com>"),
    ]
    for step in steps:
        done = subprocess.run(
            [*_command(), *step], capture_output=True, text=True, env=_env(home), timeout=60
        )
        assert done.returncode == 0, (step, done.stderr)
    return home


@pytest.mark.parametrize(
    "args", [("agenda",), ("agenda", "--json"), ("network",), ("app", "list"), ("export",)]
)
def test_a_closed_pipe_ends_quietly(home: Path, args: tuple[str, ...]) -> None:
    """`followup agenda | head`: the reader is gone before the command writes."""
    with subprocess.Popen(
        [*_command(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(home)
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # like `head` that has read enough
        error = process.stderr.read().decode()
        process.wait(timeout=60)
    assert "internal error" not in error and "Traceback" not in error, error
    assert "BrokenPipe" not in error, error


def test_json_times_carry_no_microseconds(home: Path) -> None:
    for args in (("agenda", "--json", "--all"), ("network", "--json")):
        done = subprocess.run(
            [*_command(), *args], capture_output=True, text=True, env=_env(home), timeout=60
        )
        assert done.returncode == 0, done.stderr
        json.loads(done.stdout)
        assert not re.search(r"T\d\d:\d\d:\d\d\.\d+", done.stdout), done.stdout


def test_the_agenda_imports_neither_the_network_nor_holidays_once_planned(home: Path) -> None:
    """Issue 16: after `followup plan`, reading the agenda loads neither the network's rules
    nor the `holidays` package."""
    env = _env(home)
    planned = subprocess.run(
        [*_command(), "plan"], capture_output=True, text=True, env=env, timeout=60
    )
    assert planned.returncode == 0, planned.stderr
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "followup", "agenda"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    modules = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert "followup.services.timing.planning" in modules  # the measure works
    assert not {m for m in modules if m.startswith("followup.domain.network")}
    assert "holidays" not in modules
