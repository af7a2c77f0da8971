"""What the linter takes and gives: a note, its findings, the settings and the injected
speller and matcher."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from followup.domain.errors import ValidationError
from followup.domain.records.followups import Kind
from followup.domain.writing.lint.rules import (
    RULES,
    Severity,
    check_rule_names,
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: where it is, what is wrong, and how to fix it.

    `start`/`end` are character offsets into the body (into the subject for findings on
    the subject line); `line`/`column` are 1-based positions in the source file.
    The suggestion may be computed on first access (spelling), so it is a property.
    """

    rule: str
    severity: Severity
    message: str
    line: int
    column: int
    start: int
    end: int
    hint: str | Callable[[], str] = field(default="", compare=False, repr=False)
    in_subject: bool = field(default=False, compare=False)

    @property
    def suggestion(self) -> str:
        return self.hint() if callable(self.hint) else self.hint

    def as_dict(self) -> dict[str, object]:
        """The public JSON shape of one finding."""
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "start": self.start,
            "end": self.end,
            "suggestion": self.suggestion,
        }


class Speller(Protocol):
    """An offline dictionary (LINT-005)."""

    def unknown(self, words: Collection[str]) -> set[str]:
        """The lower-case `words` the dictionary does not know."""
        ...

    def suggest(self, word: str) -> str | None:
        """The most likely correction of a lower-case word, or None."""
        ...


class Matcher(Protocol):
    """Fuzzy similarity of two short strings, for near-miss names (LINT-002, LINT-003)."""

    def similarity(self, a: str, b: str) -> float:
        """0.0 (nothing alike) to 1.0 (identical)."""
        ...


@dataclass(frozen=True, slots=True)
class Note:
    """A message to check: its subject (None when it has no subject line) and body.

    `body_line` and `subject_line` are the 1-based lines where they start in the source,
    `subject_column` the column of the subject's first character, so findings point
    into the file the user edits.
    """

    body: str
    subject: str | None = None
    body_line: int = 1
    subject_line: int = 1
    subject_column: int = 10  # after "Subject: "


@dataclass(frozen=True, slots=True)
class LengthBand:
    """Word counts for one kind: the target, the warning bounds and the error bound."""

    low: int
    high: int
    warn_below: int
    warn_above: int
    error_above: int


_DEFAULT_LENGTHS: dict[str, LengthBand] = {
    Kind.THANK_YOU: LengthBand(75, 175, 50, 250, 400),  # CONTENT-003
    Kind.COORDINATOR_THANKS: LengthBand(30, 120, 20, 200, 400),
    Kind.STATUS_CHECK: LengthBand(50, 120, 30, 200, 400),  # CONTENT-003
    Kind.HOLIDAY: LengthBand(25, 80, 15, 120, 300),  # CONTENT-003, HOLIDAY-004
}
_OTHER_LENGTH = LengthBand(30, 250, 20, 350, 600)


@dataclass(frozen=True, slots=True, kw_only=True)
class LintConfig:
    """Which rules run and their thresholds; from `[lint]` in the config file."""

    rules: frozenset[str] = frozenset(RULES)
    lengths: Mapping[str, LengthBand] = field(default_factory=lambda: dict(_DEFAULT_LENGTHS))
    max_paragraph_words: int = 80  # LINT-007
    max_paragraph_sentences: int = 4  # LINT-007
    subject_max: int = 60  # CONTENT-002
    max_exclamations: int = 1  # LINT-014
    duplicate_warn: float = 0.80  # LINT-009
    duplicate_error: float = 0.95  # LINT-009
    words: frozenset[str] = frozenset()  # the user's own word list (lower-case)
    enforce: frozenset[str] = frozenset()  # rules reported as errors (a careers office's)

    def length(self, kind: Kind) -> LengthBand:
        return self.lengths.get(kind.value, _OTHER_LENGTH)

    def selecting(self, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> LintConfig:
        """A copy with `select` replacing the rule set (if given) and `ignore` removed."""
        rules = set(check_rule_names(select, "--select")) if select else set(self.rules)
        rules -= set(check_rule_names(ignore, "--ignore"))
        return replace(self, rules=frozenset(rules))


DEFAULT_CONFIG = LintConfig()

_CONFIG_KEYS = (
    "select",
    "ignore",
    "extend-select",
    "words",
    "length",
    "max-paragraph-words",
    "max-paragraph-sentences",
    "subject-max",
    "max-exclamations",
    "duplicate-warn",
    "duplicate-error",
    "enforce",
)


def config_from(config: Mapping[str, Any]) -> LintConfig:
    """Read `[lint]` from a parsed config file; errors name the key (`lint.select`)."""
    raw = config.get("lint")
    if raw is None:
        return DEFAULT_CONFIG
    if not isinstance(raw, Mapping):
        raise ValidationError("lint", "must be a table")
    for key in raw:
        if key not in _CONFIG_KEYS:
            close = difflib.get_close_matches(str(key), _CONFIG_KEYS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValidationError(f"lint.{key}", f"unknown setting{hint}")
    rules = set(RULES)
    if "select" in raw:
        rules = set(check_rule_names(_strings(raw["select"], "lint.select"), "lint.select"))
    rules |= set(
        check_rule_names(
            _strings(raw.get("extend-select", []), "lint.extend-select"), "lint.extend-select"
        )
    )
    rules -= set(check_rule_names(_strings(raw.get("ignore", []), "lint.ignore"), "lint.ignore"))
    # an enforced rule runs, and what it finds is an error (it blocks a send)
    enforce = set(
        check_rule_names(_strings(raw.get("enforce", []), "lint.enforce"), "lint.enforce")
    )
    rules |= enforce
    lengths = dict(_DEFAULT_LENGTHS)
    table = raw.get("length", {})
    if not isinstance(table, Mapping):
        raise ValidationError("lint.length", "must be a table such as { thank-you = [75, 175] }")
    for kind_name, band in table.items():
        where = f"lint.length.{kind_name}"
        try:
            kind = Kind(kind_name)
        except ValueError:
            raise ValidationError(where, "unknown kind of message") from None
        if (
            not isinstance(band, list)
            or len(band) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) for n in band)
            or not 1 <= band[0] < band[1] <= 5000
        ):
            raise ValidationError(where, "must be two word counts [low, high], low < high")
        base = lengths.get(kind, _OTHER_LENGTH)
        low, high = band
        lengths[kind] = LengthBand(
            low,
            high,
            min(base.warn_below, low),
            max(base.warn_above, high),
            max(base.error_above, high + 1),
        )
    return LintConfig(
        rules=frozenset(rules),
        lengths=lengths,
        max_paragraph_words=_int(raw, "max-paragraph-words", 80, 10, 1000),
        max_paragraph_sentences=_int(raw, "max-paragraph-sentences", 4, 1, 50),
        subject_max=_int(raw, "subject-max", 60, 10, 998),
        max_exclamations=_int(raw, "max-exclamations", 1, 0, 100),
        duplicate_warn=_ratio(raw, "duplicate-warn", 0.80),
        duplicate_error=_ratio(raw, "duplicate-error", 0.95),
        words=frozenset(w.casefold() for w in _strings(raw.get("words", []), "lint.words")),
        enforce=frozenset(enforce),
    )


def _strings(value: object, where: str) -> list[str]:
    if isinstance(value, str):
        return [v for v in re.split(r"[,\s]+", value) if v]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(where, "must be a list of strings")
    return list(value)


def _int(raw: Mapping[str, Any], key: str, default: int, low: int, high: int) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(f"lint.{key}", f"must be a whole number from {low} to {high}")
    return value


def _ratio(raw: Mapping[str, Any], key: str, default: float) -> float:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise ValidationError(f"lint.{key}", "must be a number above 0 and at most 1")
    return float(value)
