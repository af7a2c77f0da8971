"""The follow-up linter: rules over one message, returning findings as data.

`lint(note, context, kind=..., sent_at=..., config=...)` checks a subject and body against
domain-rules.md §4 and §6 (CONTENT-*, LINT-*), the timing rules (TIMING-*) and the
cadence guard (CAD-*). Every finding names a stable rule, a location, a reason and,
where one exists, a fix. The spell checker and the fuzzy matcher are injected
(`Speller`, `Matcher`); without them the rules that need them are skipped.

The rules are a registry, like ruff's codes table: `rules.RULES` holds each rule's name,
group, severity and explanation, and each family module (structure, facts, companies,
names, tone, form, subject, spelling, timing) holds small `@check(...)` functions that
declare the rules they emit. `CHECKS` collects them; `lint()` runs those with a rule on.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from types import ModuleType

from followup.domain.errors import ValidationError
from followup.domain.records.followups import Kind
from followup.domain.timing import policy as policies
from followup.domain.timing.cadence import Thread
from followup.domain.timing.calendar import HolidayCalendar, NoHolidays
from followup.domain.writing.context import NoteContext
from followup.domain.writing.lint import (
    companies,
    facts,
    form,
    names,
    spelling,
    structure,
    subject,
    timing,
    tone,
)
from followup.domain.writing.lint import prose as analysis
from followup.domain.writing.lint.model import (
    DEFAULT_CONFIG,
    Finding,
    LengthBand,
    LintConfig,
    Matcher,
    Note,
    Speller,
    config_from,
)
from followup.domain.writing.lint.rules import (
    GROUPS,
    RULES,
    Rule,
    Severity,
    check_rule_names,
    explain,
)
from followup.domain.writing.lint.run import Check, Run

__all__ = [
    "CHECKS",
    "DEFAULT_CONFIG",
    "GROUPS",
    "RULES",
    "Check",
    "Finding",
    "LengthBand",
    "LintConfig",
    "Matcher",
    "Note",
    "Rule",
    "Severity",
    "Speller",
    "check_rule_names",
    "config_from",
    "explain",
    "has_errors",
    "lint",
    "word_count",
]

# The rule families, each a module of `@check` functions. A new check in one of them is
# registered by its decorator alone; a new family is added here.
FAMILIES: tuple[ModuleType, ...] = (
    subject,
    facts,
    companies,
    names,
    structure,
    tone,
    form,
    spelling,
    timing,
)

# Every check, in family order. Findings are sorted and each rule has one check, so the
# order does not change the output.
CHECKS: tuple[Check, ...] = tuple(
    value for family in FAMILIES for value in vars(family).values() if isinstance(value, Check)
)


@lru_cache(maxsize=64)
def _active(rules: frozenset[str], kind: Kind) -> tuple[Check, ...]:
    """The checks with at least one rule selected that applies to `kind`, worked out once
    per rule selection and kind rather than once per note."""

    def applies(rule: str) -> bool:
        kinds = RULES[rule].kinds
        return rule in rules and (kinds is None or kind in kinds)

    return tuple(check for check in CHECKS if any(applies(rule) for rule in check.rules))


def word_count(text: str) -> int:
    """The number of words in a body, as the length rules count them."""
    return analysis.analyse(text).word_count


def lint(
    note: Note,
    context: NoteContext | None = None,
    *,
    kind: Kind = Kind.THANK_YOU,
    sent_at: datetime | None = None,
    config: LintConfig = DEFAULT_CONFIG,
    speller: Speller | None = None,
    matcher: Matcher | None = None,
    policy: policies.Policy = policies.DEFAULT,
    holidays: HolidayCalendar | None = None,
    thread: Thread | None = None,
) -> list[Finding]:
    """Check one message and return its findings, sorted by position.

    `context` says what the note should be about (None: the rules that need it are
    skipped); `sent_at` is when it goes (None: no timing rules). `thread` is the cadence
    history with this contact; without it, `context.history` counts as unanswered nudges.
    """
    if sent_at is not None and sent_at.tzinfo is None:
        raise ValidationError("sent_at", "needs a time zone or UTC offset")
    run = Run(
        note,
        context,
        kind,
        sent_at,
        config,
        speller,
        matcher,
        policy,
        holidays or NoHolidays(),
        thread,
    )
    for check in _active(config.rules, kind):
        check.function(run)
    return sorted(run.findings, key=lambda f: (not f.in_subject, f.line, f.column, f.rule))


def has_errors(findings: Iterable[Finding]) -> bool:
    """True when any finding is an error: what makes `followup lint` exit 1."""
    return any(f.severity is Severity.ERROR for f in findings)
