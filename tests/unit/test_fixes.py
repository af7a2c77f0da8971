"""One-click fixes derived from lint findings (domain/writing/lint/fixes.py)."""

from __future__ import annotations

import pytest

from followup.domain.writing.lint.fixes import Edit, fix
from followup.domain.writing.lint.linter import Finding, Severity


def finding(rule: str, start: int, end: int, hint: str, in_subject: bool = False) -> Finding:
    return Finding(rule, Severity.ERROR, "m", 1, 1, start, end, hint, in_subject)


@pytest.mark.parametrize(
    ("text", "f", "fixed"),
    [
        (
            "I recieved it",
            finding(
                "spelling",
                2,
                10,
                "Did you mean “received”? If the word is right, add it to [lint] words.",
            ),
            "I received it",
        ),
        (
            "We met at Acme Corp.",
            finding("wrong-company", 10, 19, "Replace it with “Initech”."),
            "We met at Initech.",
        ),
        (
            "THANK YOU for today",
            finding("all-caps", 0, 9, "Write “Thank you” in normal case."),
            "Thank you for today",
        ),
        (
            "Dear Gracee,\n\nHi",
            finding("wrong-name", 5, 11, "Write “Dear Grace,”."),
            "Dear Grace,\n\nHi",
        ),
        (
            "Great!!! Thanks",
            finding("exclamation-overuse", 5, 8, "Replace them with full stops."),
            "Great. Thanks",
        ),
    ],
)
def test_replacements_spelled_out_become_edits(text: str, f: Finding, fixed: str) -> None:
    edit = fix(f, text)
    assert edit is not None and edit.apply(text) == fixed


@pytest.mark.parametrize(
    ("text", "f"),
    [
        ("I need an answer ASAP", finding("pushy-tone", 17, 21, "Drop the deadline.")),
        ("Sorry for rambling", finding("apology", 0, 5, "Leave the apology out.")),
        ("Hi", finding("missing-gratitude", 0, 0, "Thank them.")),
        (
            "I recieved it",
            finding("spelling", 2, 10, "Check the spelling, or add the word to [lint] words."),
        ),
        (
            "I recieved it",
            finding("spelling", 2, 99, "Did you mean “received”?"),
        ),  # span past the end
        (
            "Hey Bob,",
            finding("wrong-name", 4, 7, "Write “Dear Robert Smith,”."),
        ),  # not after the greeting
    ],
)
def test_advice_is_not_an_edit(text: str, f: Finding) -> None:
    assert fix(f, text) is None


def test_subject_findings_edit_the_subject() -> None:
    edit = fix(
        finding("all-caps", 0, 6, "Write “Thanks” in normal case.", in_subject=True), "THANKS"
    )
    assert edit == Edit(0, 6, "Thanks", True)
