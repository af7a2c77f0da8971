"""Word lists and phrase patterns the linter matches (domain-rules.md §6), one module per
rule family: structure, facts, tone, form, spelling.

Patterns are regular expressions over one sentence of prose. In them a plain space
stands for any run of whitespace and `'` for either apostrophe (' or ’); the linter
adds word boundaries and matches case-insensitively unless a list says otherwise.
Each entry is `(pattern, suggestion)`; an empty suggestion falls back to the rule's.

A new rule's phrases go in its family's module, next to the lists its check uses.
"""

from __future__ import annotations

Phrase = tuple[str, str]


def words(text: str) -> frozenset[str]:
    """A word list written as one string, split on whitespace."""
    return frozenset(text.split())
