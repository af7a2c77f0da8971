"""Issue 17 §2: recurrence rules are screened before dateutil walks them (reliability D8)."""

from __future__ import annotations

import pytest

from followup.domain.imports.recurrence import rule_problem


@pytest.mark.parametrize(
    ("rule", "zone", "problem"),
    [
        ({"FREQ": ["DAILY"], "INTERVAL": [0]}, False, "INTERVAL=0 is out of range"),
        ({"FREQ": ["WEEKLY"], "INTERVAL": [-3]}, False, "INTERVAL=-3 is out of range"),
        ({"FREQ": ["SECONDLY"]}, False, "repeats secondly; that is not an interview"),
        ({"FREQ": ["SECONDLY"]}, True, "repeats secondly; that is not a time zone's rule"),
        ({"FREQ": ["DAILY"]}, True, "repeats daily; that is not a time zone's rule"),
        ({"FREQ": ["YEARLY"], "INTERVAL": [0]}, True, "INTERVAL=0 is out of range"),
        ({"FREQ": ["DAILY"], "BYYEARDAY": [366]}, False, "uses BYYEARDAY"),
        ({"FREQ": ["DAILY"], "BYSETPOS": [40]}, False, "BYSETPOS=40 never matches"),
        ({"FREQ": ["WEEKLY"], "BYDAY": ["MO"], "BYSETPOS": [-9]}, False, "never matches"),
        ({"FREQ": ["MONTHLY"], "BYMONTHDAY": [-40]}, False, "is not a day of a month"),
        ({"INTERVAL": [1]}, False, "has no FREQ"),
    ],
)
def test_rules_that_would_hang_or_are_no_interview_are_refused(
    rule: dict[str, list[object]], zone: bool, problem: str
) -> None:
    assert problem in rule_problem(rule, zone=zone)


@pytest.mark.parametrize(
    ("rule", "zone"),
    [
        ({"FREQ": ["WEEKLY"], "BYDAY": ["MO", "WE"], "INTERVAL": [2]}, False),
        ({"FREQ": ["MONTHLY"], "BYDAY": ["-1FR"], "COUNT": [3]}, False),
        ({"FREQ": ["MONTHLY"], "BYDAY": ["MO", "TU"], "BYSETPOS": [-1]}, False),
        ({"FREQ": ["YEARLY"], "BYMONTH": [3], "BYDAY": ["-1SU"]}, True),
    ],
)
def test_rules_real_invites_and_zones_use_pass(rule: dict[str, list[object]], zone: bool) -> None:
    assert rule_problem(rule, zone=zone) == ""
