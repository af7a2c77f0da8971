"""The issue-15 quality corpus: varied debriefs the composer and linter are measured on.

Each file under tests/fixtures/quality/debriefs/ must parse with the debrief loader, and
together they must cover the fields, seniorities and name cultures the issue lists.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from followup.domain.records.model import InterviewKind
from followup.domain.writing import debrief
from followup.domain.writing.context import Person

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "quality" / "debriefs"
FILES = sorted(CORPUS.glob("*.toml"))


@cache
def load(path: Path) -> debrief.Debrief:
    return debrief.parse(tomllib.loads(path.read_text(encoding="utf-8")))


def everyone(parsed: debrief.Debrief) -> tuple[Person, ...]:
    return parsed.interviewers + ((parsed.coordinator,) if parsed.coordinator else ())


def people() -> list[Person]:
    return [p for f in FILES for p in everyone(load(f))]


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_every_file_parses_and_names_someone(path: Path) -> None:
    parsed = load(path)
    assert parsed.interviewers, path.name
    assert path.read_text(encoding="utf-8").startswith("# "), "say what the meeting was"


def test_corpus_is_big_and_varied() -> None:
    assert len(FILES) >= 30
    industries = {load(f).industry for f in FILES}
    for field in (
        "software", "finance", "consulting", "government", "nonprofit", "academia",
        "healthcare", "hospitality", "retail", "law", "pharma",
    ):  # fmt: skip
        assert field in industries, field
    assert len({load(f).country for f in FILES}) >= 12


# One predicate per name culture of issue 15 §1 and its test list.
CULTURES = {
    "japanese family-first with salutation": lambda p: (
        p.name_order == "family-first" and p.salutation.endswith("-san")
    ),
    "japanese family-first without honorific": lambda p: (
        p.name_order == "family-first" and not p.honorific and p.name.startswith(("Suzuki", "Sato"))
    ),
    "chinese": lambda p: p.name in ("Wang Xiaoming", "Li Na"),
    "korean": lambda p: p.family_name == "Kim" and "-" in p.given_name,
    "arabic al": lambda p: p.family_name.startswith("Al ") or p.family_name.startswith("Al-"),
    "arabic bin": lambda p: re.search(r"\bbin[t]?\b", p.name) is not None,
    "spanish double surname": lambda p: p.family_name == "García López",
    "portuguese double surname": lambda p: p.family_name in ("Oliveira Santos", "Souza e Silva"),
    "german academic": lambda p: p.honorific == "Prof. Dr." and "ü" in p.family_name,
    "dutch particle": lambda p: p.family_name.startswith(("van der ", "de ", "ten ")),
    "irish apostrophe": lambda p: "O'" in p.family_name,
    "irish fada": lambda p: p.family_name.startswith("Ó "),
    "initials and suffix": lambda p: p.name == "J. Robert Lee III",
}


@pytest.mark.parametrize("culture", sorted(CULTURES))
def test_every_name_culture_is_present(culture: str) -> None:
    assert any(CULTURES[culture](p) for p in people()), culture


def test_meeting_shapes_are_present() -> None:
    parsed = [load(f) for f in FILES]
    assert sum(d.kind is InterviewKind.INFORMATIONAL for d in parsed) >= 2
    assert any(len(d.interviewers) >= 4 for d in parsed), "an executive panel"
    assert any(d.company == "Department for Education" and d.company_article for d in parsed)
    assert {"Technical University of Munich", "Global Health Foundation"} <= {
        d.company for d in parsed if d.company_article
    }
    assert sum(d.company_article is False for d in parsed) >= 1, "a brand named without 'the'"
    # recruiters and HR partners with nothing discussed
    assert sum(not p.topics for p in people()) >= 5
    assert any(re.search(r"\b(she|he)\b", t) for p in people() for t in p.topics)
    assert sum(any(" and " in s for s in d.skills) for d in parsed) >= 5
    assert any("salary" in d.notes.lower() or "base" in d.notes.lower() for d in parsed)
    assert any("declin" in d.notes.lower() for d in parsed)


def test_someone_is_met_in_several_rounds() -> None:
    rounds: Counter[tuple[str, str]] = Counter()
    seen: dict[tuple[str, str], set[int]] = {}
    for f in FILES:
        d = load(f)
        for p in d.interviewers:
            seen.setdefault((d.company, p.name), set()).add(d.round)
            rounds[(d.company, p.name)] += 1
    assert any(len(r) >= 2 for r in seen.values())
    assert max(rounds.values()) >= 2
