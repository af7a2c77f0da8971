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
from collections.abc import Collection, Container, Iterable, Mapping
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


class SortedWords:
    """A sorted word list, one UTF-8 word a line, searched in place: the file is mapped,
    not read, so a lookup costs microseconds and opening it almost nothing (issue 15)."""

    def __init__(self, path: Path) -> None:
        import mmap

        with path.open("rb") as handle:
            size = handle.seek(0, 2)
            self._map: bytes | mmap.mmap = (
                mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
            )
        self._seen: dict[str, bool] = {}  # notes repeat their words: answer each once

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not word or "\n" in word:
            return False
        seen = self._seen.get(word)
        if seen is None:
            if len(self._seen) > 50_000:
                self._seen.clear()  # a bound for long-running processes
            seen = self._seen[word] = self._search(word)
        return seen

    def _search(self, word: str) -> bool:
        key = word.encode()
        data = self._map
        lo, hi = 0, len(data)
        while lo < hi:
            mid = (lo + hi) // 2
            start = data.rfind(b"\n", 0, mid) + 1
            end = data.find(b"\n", start)
            end = len(data) if end < 0 else end
            line = data[start:end]
            if line == key:
                return True
            if line < key:
                lo = end + 1
            else:
                hi = start
        return False


# The dictionary's words, sorted, without frequencies: checking a note needs only these,
# so `followup lint` never parses the full table unless a word is unknown.
# Rebuild after upgrading pyspellchecker: `write_word_list(WORD_LIST)`.
WORD_LIST = Path(__file__).with_name("words-en.txt")


def write_word_list(path: Path, language: str = "en") -> None:
    """Write the dictionary's words, sorted as bytes, one a line."""
    table = _word_table(language) or _packaged_table(language)
    path.write_bytes(b"\n".join(sorted(w.encode() for w in table if "\n" not in w)))


class PySpellChecker:
    """pyspellchecker's English dictionary: a compact sorted word list answers "is this a
    word", and the full table (with frequencies) is loaded only to suggest a fix."""

    def __init__(self, language: str = "en") -> None:
        self.language = language
        self._table: Mapping[str, int] | None = None
        self._known: Container[str] | None = None
        self._suggestions: dict[str, str | None] = {}

    def _words(self) -> Mapping[str, int]:
        if self._table is None:
            self._table = _word_table(self.language) or _packaged_table(self.language)
        return self._table

    def _lookup(self) -> Container[str]:
        if self._known is None:
            if self.language == "en" and WORD_LIST.is_file():
                self._known = SortedWords(WORD_LIST)
            else:
                self._known = self._words().keys()
        return self._known

    def unknown(self, words: Collection[str]) -> set[str]:
        known = self._lookup()
        return {w for w in words if w not in known}

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
