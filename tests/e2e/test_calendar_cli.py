"""`followup calendar export FILE.ics` through the CLI (issue 4 §6)."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import time_machine

from tests.conftest import Invoke


def test_export_writes_a_private_feed_with_stable_uids(run: Invoke, tmp_path: Path) -> None:
    with time_machine.travel(datetime(2026, 11, 16, 12, 0, tzinfo=UTC), tick=False):
        assert (
            run(
                "init", "--name", "Ada", "--email", "ada@example.org", "--tz", "Europe/London"
            ).exit_code
            == 0
        )
        recorded = run(
            "interview",
            "add",
            "--company",
            "Acme",
            "--role",
            "Data Engineer",
            "--end",
            "2026-11-17T15:00",
            "--tz",
            "America/New_York",
            "--with",
            "Grace Hopper <grace@acme.example>",
        )
        assert recorded.exit_code == 0, recorded.output
        assert run("plan").exit_code == 0
        target = tmp_path / "followups.ics"
        first = run("calendar", "export", str(target), "--json")
        assert first.exit_code == 0, first.output
        assert json.loads(first.stdout) == {"path": str(target), "events": 2}
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        uids = [
            str(e["uid"]) for e in icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
        ]
        again = run("calendar", "export", str(target))
        assert again.exit_code == 0 and again.stdout.strip() == f"Wrote 2 events to {target}."
        later = [
            str(e["uid"]) for e in icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
        ]
        assert later == uids


def test_export_refuses_a_missing_folder(run: Invoke, tmp_path: Path) -> None:
    result = run("calendar", "export", str(tmp_path / "nope" / "f.ics"))
    assert result.exit_code == 2
    assert "the folder does not exist" in result.stderr


def test_when_runs_as_a_real_process(isolated_home: Path) -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "followup",
            "when",
            "--interview-end",
            "2026-11-20T15:00",
            "--tz",
            "America/New_York",
            "--industry",
            "sales",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["recommended"] == "2026-11-23T09:00:00-05:00"
