"""One-click fixes: the edit a lint finding's suggestion spells out, where it spells one.

The linter (domain/writing/lint/linter.py) words its suggestions as "Did you mean “X”?",
"Write “X”." or "Replace it with “X”." for a finding whose span X should replace. Only those become
edits; every other suggestion stays advice for the writer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from followup.domain.writing.lint.linter import Finding

_QUOTED = re.compile(r"“([^”]+)”")
_REPLACING = ("Did you mean “", "Write “", "Replace it with “")
_SPAN_RULES = frozenset({"spelling", "all-caps", "wrong-company", "wrong-name", "wrong-role"})


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace `text[start:end]` with `replacement` (in the subject when `in_subject`)."""

    start: int
    end: int
    replacement: str
    in_subject: bool = False

    def apply(self, text: str) -> str:
        return text[: self.start] + self.replacement + text[self.end :]


def fix(finding: Finding, text: str) -> Edit | None:
    """The edit that fixes `finding` in `text` (the body, or the subject for a subject
    finding), or None when the suggestion is advice rather than a replacement."""
    start, end = finding.start, finding.end
    if not 0 <= start < end <= len(text):
        return None
    span = text[start:end]
    if finding.rule == "exclamation-overuse":
        calmer = re.sub(r"!+", ".", span)
        return Edit(start, end, calmer, finding.in_subject) if calmer != span else None
    if finding.rule not in _SPAN_RULES:
        return None
    hint = finding.suggestion
    if not hint.startswith(_REPLACING):
        return None
    quoted = _QUOTED.findall(hint)
    if len(quoted) != 1:
        return None
    replacement = quoted[0]
    if finding.rule == "wrong-name":
        # "Write “Hi Grace,”." for a span holding only the name after the greeting word.
        word, _, name = replacement.partition(" ")
        before = text[:start].rstrip()
        if name and before.lower().endswith(word.lower()):
            replacement = name.rstrip(",")
        elif " " in replacement:
            return None
    if replacement == span or "\n" in replacement:
        return None
    return Edit(start, end, replacement, finding.in_subject)
