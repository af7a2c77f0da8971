"""Fuzzy matchers behind the linter's `Matcher` protocol (LINT-002, LINT-003).

`RapidfuzzMatcher` uses rapidfuzz's normalised Indel similarity, imported on first
use; `DifflibMatcher` is the stdlib twin with the same scale (difflib's ratio).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable


class RapidfuzzMatcher:
    """rapidfuzz's `fuzz.ratio`, scaled to 0..1."""

    def __init__(self) -> None:
        self._ratio: Callable[[str, str], float] | None = None

    def similarity(self, a: str, b: str) -> float:
        if self._ratio is None:
            from rapidfuzz import fuzz

            self._ratio = fuzz.ratio
        return self._ratio(a, b) / 100.0


class DifflibMatcher:
    """difflib's SequenceMatcher ratio: the in-memory twin."""

    def similarity(self, a: str, b: str) -> float:
        return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
