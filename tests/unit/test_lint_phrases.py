"""Phrase sets skip what a note cannot match (issue 15, speed): a one-note `followup lint`
compiles only the phrases whose literal words the note contains, with the same matches."""

from __future__ import annotations

import re

import pytest

from followup.domain.writing.lint import form, prose, structure, tone
from tests.unit.test_lint_corpus import CORPUS

SETS = {
    f"{module.__name__.rsplit('.', 1)[-1]}.{name}": value
    for module in (form, structure, tone)
    for name, value in vars(module).items()
    if isinstance(value, prose.Phrases)
}
NOTES = sorted((CORPUS / "notes").glob("*"))


@pytest.mark.parametrize(
    ("pattern", "needed"),
    [
        (r"(?:just )?following up (?:again|once more)", ("following",)),
        (r"asap|a\.s\.a\.p\.?", ("asap", "a.s.a.p")),
        (r"(?:this is|it's|it is) urgent|urgently", ("urgent", "urgently")),
        (r"colou?r", ("colo",)),  # the optional letter is not needed
        (r"x{3,}yy", ("yy",)),  # nor a repeat count
        (r"(?<!not )grateful", ("grateful",)),
        (r"(?:i|we) need", ("need",)),
        (r"(?:very|so) (?:sorry|sad)", None),  # nothing outside a group
        (r"a|(?:b|c)", None),
    ],
)
def test_needed_literals(pattern: str, needed: tuple[str, ...] | None) -> None:
    assert prose.needed_literals(pattern) == needed


def test_a_note_without_the_words_compiles_nothing() -> None:
    phrases = prose.Phrases([r"(?:just )?following up again", r"asap", r"please (?:respond|reply)"])
    assert list(phrases.finditer("thank you for the conversation on monday.")) == []
    assert phrases._regex is None and phrases._subsets == {(): None}
    found = list(phrases.finditer("please reply asap."))
    assert [m.group() for m in found] == ["please reply", "asap"]
    assert phrases._regex is None  # only the two phrases present were compiled


@pytest.mark.parametrize("name", sorted(SETS))
def test_prefiltered_matches_are_the_full_alternations(name: str) -> None:
    """Every lexicon set over every corpus note: the same spans, the same phrase chosen."""
    assert NOTES
    fresh = prose.Phrases([])
    fresh.sources, fresh.needs = SETS[name].sources, SETS[name].needs
    full = re.compile(SETS[name].regex.pattern)
    for path in NOTES:
        lowered = prose.lower(path.read_text("utf-8"))
        fresh._filtered = 0  # always take the prefiltered path
        mine = [(m.span(), fresh.which(lowered, m)) for m in fresh.finditer(lowered)]
        theirs = [(m.span(), fresh.which(lowered, m)) for m in full.finditer(lowered)]
        assert mine == theirs, (name, path.name)
        for m in prose.WORD.finditer(lowered):  # fullmatch agrees too, word by word
            fresh._filtered = 0
            assert fresh.fullmatch(m.group()) == bool(full.fullmatch(m.group())), m.group()
