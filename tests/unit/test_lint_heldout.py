"""The held-out lint batch (issue 15): notes written after the rules were tuned on the
corpus and on batch 2, and scored once. It shows how the tuned rules do on notes they
were not shaped by. A miss here is fixed in a rule only together with new notes in the
corpus, and this batch is extended with fresh notes, never edited to pass.

First score (20 notes): 18 right. over-flattery missed "the best interview of my entire
career ... the company of my dreams" (h14; fixed with corpus notes 193-194), and
too-short gave an info on a 65-word informational thank-you (h04) that a coach would
send: CONTENT-003 sets 75 words for every thank-you, so that disagreement stays, named
in KNOWN, until the rule has a band for informational notes.
"""

from __future__ import annotations

import tomllib
from datetime import datetime
from functools import cache
from pathlib import Path

from followup.domain.records.followups import Kind
from followup.domain.writing import debrief
from followup.services.writing import lint as checking
from tests.unit.test_lint_corpus import THRESHOLD, Case, Score, run

LINT = Path(__file__).resolve().parent.parent / "fixtures" / "lint"
HELDOUT = LINT / "heldout"
# Disagreements kept on purpose (see the module docstring): file -> rules it may add.
KNOWN = {"h04-good-informational-introduce.txt": frozenset({"too-short"})}


@cache
def load() -> tuple[Case, ...]:
    labels = tomllib.loads((HELDOUT / "labels.toml").read_text("utf-8"))
    defaults = tomllib.loads((LINT / "labels.toml").read_text("utf-8"))["defaults"]
    cases = []
    for entry in labels["note"]:
        kind = Kind(entry.get("kind", "thank-you"))
        name = entry["context"]
        parsed = debrief.parse(tomllib.loads((LINT / "contexts" / f"{name}.toml").read_text()))
        sent = entry.get("sent_at") or defaults[name]["sent_at"]
        path = HELDOUT / "notes" / entry["file"]
        cases.append(
            Case(
                file=entry["file"],
                expected=frozenset(entry["expected"]),
                message=checking.parse_message(path.read_bytes(), entry["file"]),
                context=parsed.context(entry["to"], kind=kind),
                kind=kind,
                sent_at=datetime.fromisoformat(sent),
            )
        )
    return tuple(cases)


@cache
def raw_results() -> dict[str, frozenset[str]]:
    return {c.file: frozenset(f.rule for f in run(c)) for c in load()}


def results() -> dict[str, frozenset[str]]:
    """The findings, less the known disagreements (which must still occur as stated)."""
    return {f: got - KNOWN.get(f, frozenset()) for f, got in raw_results().items()}


def scores() -> dict[str, Score]:
    rules = set().union(*(c.expected for c in load()), *results().values())
    table = {rule: Score() for rule in sorted(rules)}
    for case in load():
        for rule, score in table.items():
            got, wanted = rule in results()[case.file], rule in case.expected
            score.tp += got and wanted
            score.fp += got and not wanted
            score.fn += wanted and not got
    return table


def test_the_batch_is_labelled_and_half_good() -> None:
    cases = load()
    assert {c.file for c in cases} == {p.name for p in (HELDOUT / "notes").iterdir()}
    assert len(cases) >= 20 and sum(not c.expected for c in cases) * 2 == len(cases)


def test_held_out_precision_and_recall() -> None:
    weak = {
        rule: f"p={s.precision:.2f} r={s.recall:.2f}"
        for rule, s in scores().items()
        if s.precision < THRESHOLD or s.recall < THRESHOLD
    }
    wrong = sorted(
        f"{c.file}: expected {sorted(c.expected)}, got {sorted(results()[c.file])}"
        for c in load()
        if results()[c.file] != c.expected
    )
    assert not weak and not wrong, (weak, wrong)


def test_known_disagreements_are_still_what_they_were() -> None:
    for file, rules in KNOWN.items():
        assert rules <= raw_results()[file], file
