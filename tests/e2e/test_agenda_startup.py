"""`followup agenda` in a real process starts light (issue 3's startup budget): once the
database was planned within 12 hours, it reads one stored timestamp and does not import the
network's rules, news or offers, nor the planner, the cadence guard or the holiday calendar
(issue 16); the console script freezes what it loaded so the garbage
collector does not scan it again, and runs the collector again once it has loaded."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CODE = """
import gc, sys
from followup.cli import main
try:
    main(['agenda'])
except SystemExit:
    pass
loaded = [m for m in ('followup.services.network', 'followup.domain.network.news',
                      'followup.domain.network.offers', 'feedparser',
                      # issue 16: no planner, cadence guard or holiday calendar either
                      'followup.domain.timing.planner', 'followup.domain.timing.cadence',
                      'followup.adapters.calendar.holidays', 'holidays') if m in sys.modules]
print('LOADED', loaded, 'FROZEN', gc.get_freeze_count() > 0, 'COLLECTING', gc.isenabled())
"""


def agenda_process(home: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", CODE],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "FOLLOWUP_HOME": str(home)},
        timeout=60,
    )
    return done.stdout.strip().splitlines()[-1]


def test_a_fresh_agenda_imports_no_network_rules(tmp_path: Path) -> None:
    first = agenda_process(tmp_path)  # never planned: the whole database is re-planned
    assert "'followup.services.network'" in first
    assert agenda_process(tmp_path) == "LOADED [] FROZEN True COLLECTING True"
