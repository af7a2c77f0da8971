"""The labelled lint corpus: precision and recall per rule must both reach 0.95.

tests/fixtures/lint/notes/ holds one message per file (good and bad, written for this
corpus); labels.toml says which rules each must trigger, and with which context, kind
and send time. A note whose label is empty must come out with no finding at all.
`benchmarks/compare_proselint.py` scores proselint on the same files.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from followup.adapters.text.matching import RapidfuzzMatcher
from followup.adapters.text.spelling import PySpellChecker
from followup.domain.records.followups import Kind
from followup.domain.writing import debrief
from followup.domain.writing.context import NoteContext
from followup.domain.writing.lint import linter
from followup.services.writing import lint as checking

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "lint"
THRESHOLD = 0.95


@dataclass(frozen=True)
class Case:
    """One labelled note."""

    file: str
    expected: frozenset[str]
    message: checking.Message
    context: NoteContext | None
    kind: Kind
    sent_at: datetime | None


@cache
def load_corpus() -> tuple[Case, ...]:
    """Every labelled note, with its context built from the debrief files."""
    labels = tomllib.loads((CORPUS / "labels.toml").read_text(encoding="utf-8"))
    defaults: Mapping[str, Any] = labels.get("defaults", {})
    cases = []
    for entry in labels["note"]:
        path = CORPUS / "notes" / entry["file"]
        message = checking.parse_message(path.read_bytes(), entry["file"])
        context = None
        sent_text = entry.get("sent_at")
        if "context" in entry:
            name = entry["context"]
            parsed = debrief.parse(
                tomllib.loads((CORPUS / "contexts" / f"{name}.toml").read_text("utf-8"))
            )
            siblings = tuple(
                (CORPUS / "notes" / s).read_text("utf-8").split("\n\n", 1)[1]
                for s in entry.get("siblings", [])
            )
            context = parsed.context(
                entry.get("to"),
                kind=Kind(entry.get("kind", "thank-you")),
                other_companies=tuple(entry.get("other_companies", [])),
                history=tuple(datetime.fromisoformat(t) for t in entry.get("history", [])),
                sibling_notes=siblings,
            )
            sent_text = sent_text or defaults.get(name, {}).get("sent_at")
        cases.append(
            Case(
                file=entry["file"],
                expected=frozenset(entry["expected"]),
                message=message,
                context=context,
                kind=Kind(entry.get("kind", "thank-you")),
                sent_at=datetime.fromisoformat(sent_text) if sent_text else None,
            )
        )
    return tuple(cases)


@cache
def speller() -> PySpellChecker:
    return PySpellChecker()


def run(case: Case) -> list[linter.Finding]:
    return checking.check(
        case.message,
        case.context,
        checking.LintOptions(
            kind=case.kind, sent_at=case.sent_at, speller=speller(), matcher=RapidfuzzMatcher()
        ),
    ).findings


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def score(found: Mapping[str, set[str]], rules: list[str]) -> dict[str, Score]:
    """Per-rule scores, counting notes: `found` maps each file to the rules reported."""
    scores = {rule: Score() for rule in rules}
    for case in load_corpus():
        got = found[case.file]
        for rule in rules:
            if rule in got and rule in case.expected:
                scores[rule].tp += 1
            elif rule in got:
                scores[rule].fp += 1
            elif rule in case.expected:
                scores[rule].fn += 1
    return scores


@cache
def our_results() -> dict[str, set[str]]:
    return {case.file: {f.rule for f in run(case)} for case in load_corpus()}


def test_corpus_is_big_enough_and_covers_every_rule() -> None:
    cases = load_corpus()
    assert len(cases) >= 80
    assert sum(1 for c in cases if not c.expected) >= 25
    assert sum(1 for c in cases if len(c.expected) >= 3) >= 5
    labelled = set().union(*(c.expected for c in cases))
    assert labelled == set(linter.RULES), set(linter.RULES) ^ labelled
    for rule in linter.RULES:
        assert sum(rule in c.expected for c in cases) >= 3, rule


@pytest.mark.parametrize("rule", sorted(linter.RULES))
def test_precision_and_recall(rule: str) -> None:
    result = score(our_results(), [rule])[rule]
    wrong = sorted(
        f"{c.file}: {'missed' if rule in c.expected else 'false alarm'}"
        for c in load_corpus()
        if (rule in our_results()[c.file]) != (rule in c.expected)
    )
    assert result.precision >= THRESHOLD and result.recall >= THRESHOLD, wrong


def test_good_notes_come_out_clean() -> None:
    dirty = {
        c.file: sorted(our_results()[c.file])
        for c in load_corpus()
        if not c.expected
        if our_results()[c.file]
    }
    assert dirty == {}


@pytest.mark.parametrize("check", linter.CHECKS, ids=lambda c: c.name)
def test_each_check_emits_exactly_the_rules_it_declares(check: linter.Check) -> None:
    """Run alone (only its rules selected) over the corpus, a check emits its declared rules,
    every one of them somewhere, and no other: the registry's one-checker-per-rule promise."""
    alone = linter.DEFAULT_CONFIG.selecting(select=check.rules)
    emitted: set[str] = set()
    for case in load_corpus():
        findings = checking.check(
            case.message,
            case.context,
            checking.LintOptions(
                kind=case.kind,
                sent_at=case.sent_at,
                config=alone,
                speller=speller(),
                matcher=RapidfuzzMatcher(),
            ),
        ).findings
        emitted |= {f.rule for f in findings}
    assert emitted == set(check.rules)
