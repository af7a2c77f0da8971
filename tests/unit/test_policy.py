"""Policy defaults (domain-rules §13), the industry->pace table and config-file overrides."""

from __future__ import annotations

import re
from datetime import time, timedelta
from pathlib import Path

import pytest

from followup.domain.errors import ValidationError
from followup.domain.records.model import Company, Contact, Pace
from followup.domain.timing.paces import groups
from followup.domain.timing.policy import DEFAULT, Policies, from_config


def test_defaults_come_from_the_rules() -> None:
    assert DEFAULT.thank_you_min_delay == timedelta(hours=2)  # TIMING-002
    assert (DEFAULT.business_start, DEFAULT.business_end) == (time(8), time(18))
    assert (DEFAULT.preferred_start, DEFAULT.preferred_end) == (time(9), time(11, 30))
    assert DEFAULT.status_after_decision_business_days == 2  # TIMING-007
    assert DEFAULT.status_after_interview_business_days == 7  # TIMING-008
    assert DEFAULT.status_earliest_business_days == 5
    assert DEFAULT.max_unanswered_status_checks == 2  # CAD-001
    assert DEFAULT.min_gap_business_days == 5  # CAD-002
    assert (DEFAULT.blackout_start, DEFAULT.blackout_end) == ((12, 22), (1, 2))  # SEND-005
    assert DEFAULT.offer_ack_business_days == 1  # OFFER-001
    assert DEFAULT.offer_reminder_fraction == 0.5  # OFFER-007
    assert DEFAULT.check_in_days == {"close": 42, "regular": 90, "light": 180}  # NURTURE-001


@pytest.mark.parametrize(
    ("industry", "pace"),
    [
        ("technology", Pace.FAST),
        ("Software", Pace.FAST),
        ("sales", Pace.FAST),
        ("startups", Pace.FAST),
        ("finance", Pace.FAST),
        ("consulting", Pace.FAST),
        ("enterprise software", Pace.FAST),
        ("Financial_Services", Pace.FAST),
        ("nonprofit", Pace.RELAXED),
        ("education", Pace.RELAXED),
        ("academia", Pace.RELAXED),
        ("government", Pace.RELAXED),
        ("arts", Pace.RELAXED),
        ("hospitality", Pace.FAST),  # issue 14: hospitality and staffing hire fastest
        ("Hotel group", Pace.FAST),
        ("restaurants", Pace.FAST),
        ("staffing", Pace.FAST),
        ("Recruiting agency", Pace.FAST),
        ("retail", Pace.FAST),
        ("cybersecurity", Pace.FAST),
        ("AI/ML", Pace.FAST),
        ("data", Pace.FAST),
        ("EdTech", Pace.FAST),
        ("fintech", Pace.FAST),
        ("health-tech", Pace.FAST),
        ("e-commerce", Pace.FAST),
        ("E Commerce", Pace.FAST),
        ("asset management", Pace.FAST),
        ("Private Equity", Pace.FAST),
        ("venture capital", Pace.FAST),
        ("accounting", Pace.STANDARD),
        ("audit", Pace.STANDARD),
        ("pharma", Pace.STANDARD),
        ("biotech", Pace.STANDARD),
        ("law", Pace.STANDARD),
        ("Legal services", Pace.STANDARD),
        ("non profit", Pace.RELAXED),
        ("Non-Profit", Pace.RELAXED),
        ("nonprofit", Pace.RELAXED),
        ("charity", Pace.RELAXED),
        ("civil service", Pace.RELAXED),
        ("public sector", Pace.RELAXED),
        ("university", Pace.RELAXED),
        ("Higher-Ed", Pace.RELAXED),
        ("higher education", Pace.RELAXED),
        ("research institute", Pace.RELAXED),
        ("healthcare", Pace.STANDARD),
        ("manufacturing", Pace.STANDARD),
    ],
)
def test_industry_pace_table(industry: str, pace: Pace) -> None:
    choice = DEFAULT.pace_for(industry)
    assert choice.pace is pace and choice.known


def test_fields_match_on_words_and_say_what_they_read() -> None:
    choice = DEFAULT.pace_for("Series B AI startup")
    assert choice.pace is Pace.FAST and "read as 'ai'" in choice.reason
    # A pace sentence names the rule, never an hour mark the window might miss.
    for industry in ("software", "insurance", "nonprofit"):
        assert not re.search(r"\d+[- ]hours?", DEFAULT.pace_for(industry).reason)


def test_an_unknown_industry_falls_back_to_standard_and_says_so() -> None:
    choice = DEFAULT.pace_for("underwater basket weaving")
    assert choice.pace is Pace.STANDARD and not choice.known
    assert "'underwater basket weaving' is not in the pace table" in choice.reason


def test_a_company_pace_beats_the_industry() -> None:
    assert DEFAULT.pace_for("software", Pace.RELAXED).pace is Pace.RELAXED


def test_global_overrides_and_the_industry_table() -> None:
    policies = from_config(
        {
            "mail": {"ignored": True},
            "policy": {
                "thank_you_min_delay_hours": 3,
                "business_hours": "07:30-17:00",
                "thank_you_mornings": {"relaxed": 1},
                "same_day_before": "13:00",
                "max_unanswered_status_checks": 1,
                "year_end_blackout": ["12-20", "01-05"],
                "status_check_days": ["Mon", "Tuesday"],
                "industries": {"Biotech": "fast"},
            },
        }
    )
    p = policies.default
    assert p.thank_you_min_delay == timedelta(hours=3)
    assert (p.business_start, p.business_end) == (time(7, 30), time(17))
    assert p.thank_you_mornings[Pace.RELAXED] == 1
    assert p.thank_you_mornings[Pace.FAST] == DEFAULT.thank_you_mornings[Pace.FAST] == 0
    assert p.same_day_before == time(13)
    assert p.max_unanswered_status_checks == 1
    assert (p.blackout_start, p.blackout_end) == ((12, 20), (1, 5))
    assert p.status_check_days == frozenset({0, 1})
    assert p.pace_for("biotech").pace is Pace.FAST
    assert DEFAULT.pace_for("biotech").pace is Pace.STANDARD  # the default is untouched


def test_company_and_contact_tables() -> None:
    policies = from_config(
        {
            "policy": {
                "max_unanswered_status_checks": 2,
                "companies": {"Acme": {"pace": "relaxed", "max_unanswered_status_checks": 1}},
                "contacts": {"grace@acme.example": {"preferred_hours": "10:00-11:00"}},
            }
        }
    )
    acme = Company(id=7, name="ACME", industry="software")
    grace = Contact(id=1, name="Grace", email="grace@acme.example")
    assert policies.for_recipient(acme, None).pace is Pace.RELAXED
    assert policies.for_recipient(acme, None).max_unanswered_status_checks == 1
    both = policies.for_recipient(acme, grace)
    assert both.pace is Pace.RELAXED and both.preferred_start == time(10)
    other = Company(id=8, name="Other")
    assert policies.for_recipient(other, None) is policies.default
    assert policies.for_recipient(acme, grace) is both  # resolved once, then cached


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            {"policy": {"busines_hours": "08:00-18:00"}},
            "policy.busines_hours: unknown policy setting; did you mean business_hours",
        ),
        ({"policy": {"business_hours": "8-18"}}, "policy.business_hours: must look like"),
        ({"policy": {"business_hours": "18:00-08:00"}}, "policy.business_hours: the end"),
        (
            {"policy": {"preferred_hours": "06:00-07:00"}},
            "policy.preferred_hours: must lie inside business_hours",
        ),
        (
            {"policy": {"thank_you_min_delay_hours": "two"}},
            "policy.thank_you_min_delay_hours: must be a number",
        ),
        (
            {"policy": {"max_unanswered_status_checks": 5}},
            "policy.max_unanswered_status_checks: must be between 0 and 3",
        ),
        ({"policy": {"max_unanswered_status_checks": True}}, "must be a whole number"),
        ({"policy": {"year_end_blackout": ["12-32", "01-02"]}}, "policy.year_end_blackout[0]"),
        ({"policy": {"thank_you_mornings": {"quick": 1}}}, "policy.thank_you_mornings.quick"),
        ({"policy": {"thank_you_mornings": {"fast": 9}}}, "policy.thank_you_mornings.fast"),
        ({"policy": {"same_day_before": "2pm"}}, "policy.same_day_before: must be a time"),
        (
            {"policy": {"thank_you_after_hours": {"fast": 3}}},
            "policy.thank_you_after_hours: is no longer used; set thank_you_mornings",
        ),
        (
            {"policy": {"industries": {"biotech": "speedy"}}},
            "policy.industries.biotech: must be fast, standard or relaxed",
        ),
        ({"policy": {"companies": {"Acme": {"pace": "zippy"}}}}, "policy.companies.Acme.pace"),
        (
            {"policy": {"contacts": {"x@y.z": {"industries": {}}}}},
            "policy.contacts.x@y.z.industries: is only allowed",
        ),
        ({"policy": {"thank_you_latest_hours": {"fast": 1}}}, "policy.thank_you_latest_hours.fast"),
        ({"policy": "fast"}, "policy: must be a table"),
    ],
)
def test_bad_config_names_the_key(config: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError) as info:
        from_config(config)
    assert message in str(info.value)


def test_no_policy_table_means_defaults() -> None:
    policies = from_config({})
    assert isinstance(policies, Policies)
    assert policies.default == DEFAULT


def test_docs_show_the_pace_table_with_a_source_for_each_pace() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "policy.md").read_text(encoding="utf-8")
    rows = [
        line
        for line in docs.splitlines()
        if line.startswith(("| fast |", "| standard |", "| relaxed |"))
    ]
    for pace, source, names in groups():
        row = next(r for r in rows if r.startswith(f"| {pace} |") and source in r)
        for name in names:
            assert name in row, (pace, name)
            assert DEFAULT.pace_for(name).pace is pace, name
