"""Spell checkers behind the linter's `Speller` protocol (LINT-005).

`PySpellChecker` uses pyspellchecker's offline English dictionary (about 160,000 words).
Nothing is loaded at import. The first lookup reads only the word table (about 45 ms);
the full checker, which suggestions need (about 80 ms more), is built only when a
finding's suggestion is read. `WordSetSpeller` is the stdlib twin over a plain word set.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Container, Iterable
from pathlib import Path
from typing import Any


def _word_table(language: str) -> Container[str] | None:
    """pyspellchecker's word table, read straight from its data file; None if not found."""
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
                return table  # keys are lower-case words
    return None


class PySpellChecker:
    """pyspellchecker's English dictionary, loaded lazily."""

    def __init__(self, language: str = "en") -> None:
        self.language = language
        self._table: Container[str] | None = None
        self._checker: Any = None
        self._suggestions: dict[str, str | None] = {}

    def _full(self) -> Any:
        if self._checker is None:
            from spellchecker import SpellChecker

            self._checker = SpellChecker(language=self.language, distance=2)
        return self._checker

    def _words(self) -> Container[str]:
        if self._table is None:
            self._table = _word_table(self.language) or self._full().word_frequency.dictionary
        return self._table

    def unknown(self, words: Collection[str]) -> set[str]:
        table = self._words()
        return {w for w in words if w not in table}

    def suggest(self, word: str) -> str | None:
        if word not in self._suggestions:
            found = self._full().correction(word)
            self._suggestions[word] = found if isinstance(found, str) else None
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
