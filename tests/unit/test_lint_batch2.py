"""Lint batch 2 (issue 15 §4): labelled before the rules change, scored like the corpus.

tests/fixtures/lint/batch2/ holds the false alarms and misses issue 15 lists plus more
good and bad notes, in the format of tests/fixtures/lint/labels.toml. Some labels name
rules issue 15 announced before they existed (ANNOUNCED); they are in the rules table
now, and the batch must reach the corpus's precision and recall.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from followup.domain.records.followups import Kind
from followup.domain.writing import debrief
from followup.domain.writing.lint import linter
from followup.services.writing import lint as checking
from tests.unit.test_lint_corpus import THRESHOLD, Case, Score, run

BATCH = Path(__file__).resolve().parent.parent / "fixtures" / "lint" / "batch2"
# Rules issue 15 implies that the rules table does not have yet.
ANNOUNCED = frozenset(
    {
        "over-flattery",
        "job-request-in-greeting",
        "generic-salutation",
        "honorific-given-name",
        "bare-family-name",
    }
)


def _context_file(name: str) -> Path:
    """A context under batch2/contexts/, else one shared with the first corpus."""
    own = BATCH / "contexts" / f"{name}.toml"
    return own if own.exists() else BATCH.parent / "contexts" / f"{name}.toml"


@cache
def load_batch() -> tuple[Case, ...]:
    """Every labelled note of the batch, built as test_lint_corpus.load_corpus builds its own."""
    labels = tomllib.loads((BATCH / "labels.toml").read_text(encoding="utf-8"))
    defaults: Mapping[str, Any] = labels.get("defaults", {})
    cases = []
    for entry in labels["note"]:
        kind = Kind(entry.get("kind", "thank-you"))
        name = entry["context"]
        parsed = debrief.parse(tomllib.loads(_context_file(name).read_text("utf-8")))
        context = parsed.context(
            entry.get("to"),
            kind=kind,
            other_companies=tuple(entry.get("other_companies", [])),
            history=tuple(datetime.fromisoformat(t) for t in entry.get("history", [])),
        )
        sent_text = entry.get("sent_at") or defaults.get(name, {}).get("sent_at")
        path = BATCH / "notes" / entry["file"]
        cases.append(
            Case(
                file=entry["file"],
                expected=frozenset(entry["expected"]),
                message=checking.parse_message(path.read_bytes(), entry["file"]),
                context=context,
                kind=kind,
                sent_at=datetime.fromisoformat(sent_text) if sent_text else None,
            )
        )
    return tuple(cases)


@cache
def results() -> dict[str, frozenset[str]]:
    return {case.file: frozenset(f.rule for f in run(case)) for case in load_batch()}


def scores() -> dict[str, Score]:
    """Per-rule scores over the batch, counting notes, for every rule labelled or found."""
    rules = set().union(*(c.expected for c in load_batch()), *results().values())
    table = {rule: Score() for rule in sorted(rules)}
    for case in load_batch():
        got = results()[case.file]
        for rule, score in table.items():
            if rule in got and rule in case.expected:
                score.tp += 1
            elif rule in got:
                score.fp += 1
            elif rule in case.expected:
                score.fn += 1
    return table


def test_batch_loads_and_labels_name_known_or_announced_rules() -> None:
    cases = load_batch()
    files = {p.name for p in (BATCH / "notes").iterdir()}
    assert {c.file for c in cases} == files, "every note is labelled exactly once"
    assert len(cases) >= 40
    good = sum(1 for c in cases if not c.expected)
    assert 0.4 <= good / len(cases) <= 0.6, "about half the notes are good"
    labelled = set().union(*(c.expected for c in cases))
    assert labelled <= set(linter.RULES) | ANNOUNCED, labelled - set(linter.RULES) - ANNOUNCED
    assert labelled >= ANNOUNCED, "every announced rule has cases"
    assert all(c.context is not None for c in cases)


def test_precision_and_recall_per_rule() -> None:
    table = scores()
    weak = {
        rule: f"p={s.precision:.2f} r={s.recall:.2f}"
        for rule, s in table.items()
        if s.precision < THRESHOLD or s.recall < THRESHOLD
    }
    wrong = sorted(
        f"{c.file}: expected {sorted(c.expected)}, got {sorted(results()[c.file])}"
        for c in load_batch()
        if results()[c.file] != c.expected
    )
    assert not weak and not wrong, (weak, wrong)
