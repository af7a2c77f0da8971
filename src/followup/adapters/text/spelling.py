"""Spell checkers behind the linter's `Speller` protocol (LINT-005).

`PySpellChecker` uses pyspellchecker's offline English dictionary (about 160,000 words
with their frequencies). Nothing is loaded at import; the first lookup reads the word
table once (about 45 ms), and suggestions come from the same table: the most frequent
known word one edit away (a letter deleted, swapped, replaced or inserted; well under a
millisecond), else two edits away among words with the same first letter (rapidfuzz,
about 20 ms). pyspellchecker's own checker is not built: it would load the table a
second time, and its two-edit search takes about a second for a long unknown word.
`WordSetSpeller` is the stdlib twin over a plain word set.
"""

from __future__ import annotations

import difflib
import string
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

_LETTERS = string.ascii_lowercase + "'"


def _word_table(language: str) -> Mapping[str, int] | None:
    """pyspellchecker's word table (lower-case word: frequency), read straight from its
    data file; None if the package or the file is not found."""
    import gzip
    import importlib.util
    import json

    spec = importlib.util.find_spec("spellchecker")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "resources" / f"{language}.json.gz"
        if path.is_file():
            table = json.loads(gzip.decompress(path.read_bytes()))
            if isinstance(table, dict):
                return table
    return None


def _packaged_table(language: str) -> Mapping[str, int]:
    """The same table through pyspellchecker's API, for installs without the plain file."""
    from spellchecker import SpellChecker

    return dict(SpellChecker(language=language, distance=1).word_frequency.dictionary)


def one_edit(word: str) -> set[str]:
    """Every string one edit from `word`: a letter deleted, two neighbours swapped, a
    letter replaced or one inserted (Damerau–Levenshtein distance 1)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + swaps + replaces + inserts)


def _two_edits(word: str, table: Mapping[str, int]) -> str | None:
    """The closest, then most frequent, known word at most two edits away that starts with
    the same letter: "tomorrow" for "tommorow". Only for words with no one-edit match."""
    if len(word) < 4:
        return None
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    pool = [w for w in table if w[:1] == word[:1] and abs(len(w) - len(word)) <= 2]
    found = process.extract(
        word, pool, scorer=DamerauLevenshtein.distance, score_cutoff=2, limit=None
    )
    if not found:
        return None
    return min(found, key=lambda hit: (hit[1], -table[hit[0]], hit[0]))[0]


class PySpellChecker:
    """pyspellchecker's English dictionary, loaded once, on first use."""

    def __init__(self, language: str = "en") -> None:
        self.language = language
        self._table: Mapping[str, int] | None = None
        self._suggestions: dict[str, str | None] = {}

    def _words(self) -> Mapping[str, int]:
        if self._table is None:
            self._table = _word_table(self.language) or _packaged_table(self.language)
        return self._table

    def unknown(self, words: Collection[str]) -> set[str]:
        table = self._words()
        return {w for w in words if w not in table}

    def suggest(self, word: str) -> str | None:
        """The most frequent known word one edit away, else two edits away with the same
        first letter (ties: the first alphabetically); None when there is none."""
        if word not in self._suggestions:
            table = self._words()
            if word in table:
                found: str | None = word
            else:
                known = sorted(w for w in one_edit(word) if w in table)
                found = max(known, key=lambda w: table[w]) if known else _two_edits(word, table)
            self._suggestions[word] = found
        return self._suggestions[word]


class WordSetSpeller:
    """A speller over a fixed set of lower-case words: the in-memory twin."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w.casefold() for w in words)

    def unknown(self, words: Collection[str]) -> set[str]:
        return {w for w in words if w not in self.words}

    def suggest(self, word: str) -> str | None:
        pool = [w for w in self.words if w[:1] == word[:1] and abs(len(w) - len(word)) <= 2]
        found = difflib.get_close_matches(word, pool, n=1, cutoff=0.75)
        return found[0] if found else None
