"""The holiday tables a run computed are kept on disk, so a short command (the agenda with
a pinned status check) need not import the `holidays` package again (issue 16)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from followup.adapters.calendar.holidays import PackageHolidays

PROBE = """
import sys
from datetime import date
from pathlib import Path
from followup.adapters.calendar.holidays import PackageHolidays
cal = PackageHolidays(cache=Path(sys.argv[1]))
print(cal.holiday("GB", date(2026, 12, 25)), "holidays" in sys.modules)
"""


def test_a_second_process_reads_the_tables_without_the_package(tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "holidays.json"
    first = PackageHolidays(cache=cache)
    assert first.holiday("GB", date(2026, 12, 25)) == "Christmas Day"
    assert first.holiday("GB", date(2026, 12, 24)) is None
    assert cache.stat().st_mode & 0o077 == 0
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(cache)], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["Christmas", "Day", "False"]


def test_a_stale_or_broken_cache_is_computed_again(tmp_path: Path) -> None:
    cache = tmp_path / "holidays.json"
    cache.write_text(
        json.dumps({"stamp": "another package", "tables": {"GB|2026": {"2026-12-24": "Fake"}}})
    )
    cal = PackageHolidays(cache=cache)
    assert cal.holiday("GB", date(2026, 12, 24)) is None
    assert cal.holiday("GB", date(2026, 12, 25)) == "Christmas Day"
    cache.write_text("{not json")
    assert PackageHolidays(cache=cache).holiday("GB", date(2026, 12, 25)) == "Christmas Day"
