"""The demo a newcomer runs first (`make demo`): realistic times whatever the hour."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_demo_interview_ends_on_a_weekday_afternoon_in_new_york(tmp_path: Path) -> None:
    if not (ROOT / ".venv" / "bin" / "followup").exists():
        pytest.fail("the demo runs .venv/bin/followup: run scripts/bootstrap.sh first")
    env = {**os.environ, "FOLLOWUP_HOME": str(tmp_path / "demo")}
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "demo.sh")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    end = re.search(r"^\s+end: (\w{3}) \d\d \w{3} \d{4} (\d\d:\d\d) (E[SD]T)$", done.stdout, re.M)
    assert end, done.stdout[:2000]
    weekday, clock, _zone = end.groups()
    assert weekday in {"Mon", "Tue", "Wed", "Thu", "Fri"}
    assert clock == "15:00"
    assert "Thank-you to Grace Hopper" in done.stdout
    # The demo's own draft passes its check at the recommended time, whatever the hour.
    assert "All checks passed" in done.stdout.split("hasty note")[0], done.stdout[-3000:]
