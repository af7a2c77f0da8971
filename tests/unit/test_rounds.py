"""Issue 17 §4: the debrief's interview.round (and --round) accepts ordinal words."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from followup.domain.errors import ValidationError
from followup.domain.records.rounds import FINAL_ROUND, parse_round, round_label
from followup.domain.writing import debrief

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        (2, 2),
        ("2", 2),
        ("first", 1),
        ("second round", 2),
        ("Second Round", 2),
        ("2nd", 2),
        ("3rd round", 3),
        ("round 4", 4),
        ("final", FINAL_ROUND),
        ("Final round", FINAL_ROUND),
        ("last", FINAL_ROUND),
    ],
)
def test_ordinals_are_read_as_numbers_or_final(given: object, stored: int) -> None:
    data = tomllib.loads((ROOT / "examples" / "debrief.toml").read_text())
    data["interview"]["round"] = given
    assert debrief.parse(data).round == stored


@pytest.mark.parametrize(
    "given", ["zeroth", "0", "-1", "51", "2.5", "round", "", True, 2.0, "٢", str(2**63)]
)
def test_anything_else_is_one_clear_error(given: object) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_round("interview.round", given)
    assert caught.value.field == "interview.round"
    assert "\n" not in str(caught.value)


def test_final_reads_as_final() -> None:
    assert round_label(FINAL_ROUND) == "final" and round_label(2) == "2"
