"""`lint --followup` judges timing in the recipient's zone, as the agenda does (TIMING-001).

A candidate in London, an interview in New York that ended Thursday 15:00 there: the
fast-pace window closes Friday 15:00 New York time. A note checked at 14:30 New York time on
Friday is on time; the linter once used the stored UTC end (London's evening) and called it
late while the agenda still listed it as due now.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import time_machine

from tests.conftest import Invoke

END = "2026-12-03T15:00:00-05:00"  # Thursday, New York
ON_TIME = datetime(2026, 12, 4, 19, 30, tzinfo=UTC)  # Friday 14:30 in New York
LATE = datetime(2026, 12, 4, 21, 0, tzinfo=UTC)  # Friday 16:00 in New York

NOTE = """Subject: Thank you – Data Engineer interview

Dear Grace,

Thank you for speaking with me about the Data Engineer role at Acme. What you said about
migrating the ETL to Spark has stayed with me, and my work on a Spark migration fits
closely with what the team needs. I am excited about the chance to contribute.

Please let me know if there is anything else I can share.

Best regards,
Ada Lovelace
"""


def _thank_you(run: Invoke) -> int:
    with time_machine.travel(datetime(2026, 12, 3, 21, 0, tzinfo=UTC), tick=False):
        assert run("company", "add", "Acme", "--industry", "technology").exit_code == 0
        result = run(
            "interview", "add", "--company", "Acme", "--role", "Data Engineer",
            "--end", END, "--tz", "America/New_York",
            "--with", "Grace Hopper <grace@acme.example>", "--topic", "migrating the ETL to Spark",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        items = json.loads(run("agenda", "--all", "--json").stdout)
    return int(next(i["id"] for i in items if i["kind"] == "thank-you"))


def _lint(run: Invoke, note: Path, followup_id: int, at: datetime) -> list[str]:
    with time_machine.travel(at, tick=False):
        result = run("lint", str(note), "--followup", str(followup_id), "--json")
    return [f["rule"] for f in json.loads(result.stdout)["findings"]]


def test_lint_and_agenda_agree_on_the_recipients_window(
    run: Invoke, profile: None, tmp_path: Path
) -> None:
    followup_id = _thank_you(run)
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    assert "too-late" not in _lint(run, note, followup_id, ON_TIME)
    assert "too-late" in _lint(run, note, followup_id, LATE)
