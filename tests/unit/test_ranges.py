"""Issue 17 §2: out-of-range values are refused at the edge, the same on every path."""

from __future__ import annotations

from typing import Any

import pytest

from followup.domain import backup
from followup.domain.errors import ValidationError
from followup.domain.writing import debrief
from tests.conftest import Invoke


def _debrief(**interview: Any) -> dict[str, Any]:
    return {
        "company": {"name": "Acme"},
        "role": "Data Engineer",
        "interview": {"end": "2026-11-24T15:00:00-05:00", **interview},
        "interviewers": [{"name": "Grace Hopper"}],
    }


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (_debrief(end="9999-12-31T10:00:00+00:00"), "interview.end"),
        (_debrief(start="0001-01-01T10:00:00+00:00"), "interview.start"),
        ({**_debrief(), "decision_by": "9999-01-01"}, "decision_by"),
    ],
)
def test_debrief_years_out_of_range_are_refused(data: dict[str, Any], field: str) -> None:
    """Before: saved, and then every plan, network and agenda run overflowed."""
    with pytest.raises(ValidationError) as caught:
        debrief.parse(data)
    assert caught.value.field == field and "out of range" in caught.value.problem


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"companies": [{"id": 2**63, "name": "Acme"}]}, "companies[0].id"),
        (
            {
                "companies": [{"id": 1, "name": "Acme"}],
                "imap_seen": [{"key": "k", "seen_at": "9999-12-31T00:00:00+00:00"}],
            },
            "imap_seen[0].seen_at",
        ),
    ],
)
def test_backup_values_out_of_range_name_the_record(change: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        backup.from_data({"format": "followup-backup", "version": 2, **change})
    assert caught.value.field == field and "out of range" in caught.value.problem


@pytest.mark.parametrize("value", ["0", "-1", "51", str(2**63)])
def test_interview_edit_checks_rounds_as_add_does(run: Invoke, profile: None, value: str) -> None:
    """Before: edit stored 0, -1 and 51, and 2**63 was an internal error."""
    added = run("interview", "add", "--company", "Acme", "--role", "Dev", "--end", "2026-11-24")
    assert added.exit_code == 0, added.output
    for command in ("add", "edit"):
        target = ["1"] if command == "edit" else ["--app", "1", "--end", "2026-11-24"]
        result = run("interview", command, *target, "--round", value)
        assert result.exit_code == 2, result.output
        assert result.stderr == "error: --round: must be a whole number from 1 to 50\n"
