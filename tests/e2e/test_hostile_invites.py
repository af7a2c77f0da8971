"""Issue 17 §2 and §4: invites that used to hang the import, and real-world invites whose
title names no role or whose organizer is a team address. Each runs the real console script
in a subprocess with a timeout, so a hang fails the test instead of stalling the suite."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ICS = ROOT / "tests" / "fixtures" / "ics"
TIMEOUT = 30  # seconds; the import takes well under 2 s, a hang never ends


def followup(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("followup", path=str(Path(sys.executable).parent))
    command = [exe] if exe else [sys.executable, "-m", "followup"]
    return subprocess.run(
        [*command, *args],
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "FOLLOWUP_HOME": str(home)},
        timeout=TIMEOUT,
    )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    done = followup(
        home,
        "init",
        "--name",
        "Ada Lovelace",
        "--email",
        "ada@example.org",
        "--tz",
        "Europe/London",
    )
    assert done.returncode == 0, done.stderr
    return home


def test_an_interval_of_zero_is_refused_at_once(home: Path) -> None:
    """RRULE INTERVAL=0 made dateutil loop forever: the series is screened before expansion."""
    began = time.monotonic()
    done = followup(home, "interview", "import", str(ICS / "interval_zero.ics"), "--yes")
    assert time.monotonic() - began < TIMEOUT
    assert done.returncode == 2, done.stderr
    assert "INTERVAL=0 is out of range" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1


def test_a_time_zone_that_repeats_secondly_is_not_walked(home: Path) -> None:
    """A VTIMEZONE whose STANDARD rule is FREQ=SECONDLY was walked second by second from 1601:
    its rules are screened too, the zone is set aside with a note, and the interview imports."""
    done = followup(
        home,
        "interview",
        "import",
        str(ICS / "vtimezone_secondly.ics"),
        "--company",
        "Acme",
        "--role",
        "Backend Engineer",
        "--json",
    )
    assert done.returncode == 0, done.stderr
    [interview] = json.loads(done.stdout)["interviews"]
    assert "repeats secondly; that is not a time zone's rule" in interview["notes"]
