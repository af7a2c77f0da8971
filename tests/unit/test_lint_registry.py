"""The lint rule registry: one table of rules, one check per rule (issue 13, move 2)."""

from __future__ import annotations

from collections import Counter

import pytest

from followup.domain.writing.lint import linter, rules
from followup.domain.writing.lint.run import check


def test_every_rule_has_exactly_one_check() -> None:
    declared = Counter(rule for c in linter.CHECKS for rule in c.rules)
    assert set(declared) == set(rules.RULES), set(declared) ^ set(rules.RULES)
    assert [rule for rule, n in declared.items() if n > 1] == []


def test_every_check_is_found_once_and_named_after_what_it_does() -> None:
    names = [c.name for c in linter.CHECKS]
    assert len(names) == len(set(names))
    assert all(name.isidentifier() and not name.startswith("_") for name in names)


def test_a_check_must_declare_known_rules() -> None:
    with pytest.raises(ValueError, match="unknown rules"):
        check("no-such-rule")
    with pytest.raises(ValueError, match="no rule"):
        check()


def test_every_rule_belongs_to_a_titled_group() -> None:
    assert list(rules.GROUPS) == list(rules.GROUP_TITLES)
    assert {r.group for r in rules.RULES.values()} == set(rules.GROUP_TITLES)
