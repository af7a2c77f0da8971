"""Real processes: the console script, `python -m followup`, startup without heavy imports."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def followup(*args: str, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("followup", path=str(Path(sys.executable).parent))
    command = [exe] if exe else [sys.executable, "-m", "followup"]
    return subprocess.run(
        [*command, *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "FOLLOWUP_HOME": str(home), **env},
        timeout=60,
    )


def test_version_and_module_entry_point(tmp_path: Path) -> None:
    assert followup("--version", home=tmp_path).stdout.startswith("followup, version")
    done = subprocess.run(
        [sys.executable, "-m", "followup", "--version"], capture_output=True, text=True, check=True
    )
    assert "version" in done.stdout


def test_new_user_records_and_exports_in_a_few_commands(tmp_path: Path) -> None:
    home = tmp_path / "home"
    steps = [
        ("init", "--name", "Ada Lovelace", "--email", "ada@example.org", "--tz", "Europe/London"),
        ("app", "add", "--company", "Acme", "--role", "Data Engineer"),
        (
            "interview",
            "add",
            "--app",
            "1",
            "--end",
            "2026-11-24T15:00",
            "--with",
            "Grace Hopper <grace@acme.com>",
            "--with",
            "Alan Turing <alan@acme.com>",
        ),
        ("app", "list"),
    ]
    for step in steps:
        done = followup(*step, home=home)
        assert done.returncode == 0, (step, done.stderr)
    exported = json.loads(followup("export", home=home).stdout)
    assert len(exported["contacts"]) == 2 and exported["applications"][0]["role"] == "Data Engineer"
    assert oct((home / "followup.db").stat().st_mode & 0o777) == "0o600"


def test_errors_never_show_a_traceback(tmp_path: Path) -> None:
    done = followup("interview", "add", "--from", str(tmp_path / "missing.toml"), home=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1


def test_app_list_does_not_import_heavy_libraries(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from followup.cli import main\n"
        "try:\n    main(['app', 'list'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('rich', 'dateparser', 'jinja2', 'icalendar', 'httpx', 'fastapi',"
        " 'feedparser', 'spellchecker', 'holidays') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "FOLLOWUP_HOME": str(tmp_path)},
    )
    assert "HEAVY []" in done.stdout, done.stdout
