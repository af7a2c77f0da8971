"""The debrief schema: required keys, times, people, errors that name the key."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from followup.domain.errors import ValidationError
from followup.domain.records.followups import Kind
from followup.domain.writing import debrief
from followup.services.writing.compose import debrief_contexts

ROOT = Path(__file__).resolve().parents[2]


def minimal(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "company": {"name": "Acme"},
        "role": "Data Engineer",
        "interview": {"end": "2026-11-24T15:00:00-05:00"},
        "interviewers": [{"name": "Grace Hopper"}],
    }
    data.update(overrides)
    return data


def test_the_shipped_example_parses() -> None:
    parsed = debrief.parse(tomllib.loads((ROOT / "examples/debrief.toml").read_text()))
    assert parsed.company == "Acme Analytics"
    assert [p.name for p in parsed.interviewers] == ["Grace Hopper", "José O'Neil-Ramírez"]
    assert parsed.end.utcoffset() == timedelta(hours=-5)
    assert parsed.decision_by == date(2026, 12, 4)
    assert parsed.coordinator is not None and parsed.coordinator.name == "Sam Lee"


def test_docs_show_the_same_example() -> None:
    docs = (ROOT / "docs/debrief.md").read_text()
    shown = docs.split("```toml\n", 1)[1].split("```", 1)[0]
    example = (ROOT / "examples/debrief.toml").read_text()
    assert tomllib.loads(shown) == tomllib.loads(example)


@pytest.mark.parametrize(
    ("remove", "key"),
    [
        (lambda d: d.pop("role"), "role"),
        (lambda d: d["company"].pop("name"), "company.name"),
        (lambda d: d["interview"].pop("end"), "interview.end"),
        (lambda d: d["interviewers"][0].pop("name"), "interviewers[0].name"),
        (lambda d: d.pop("company"), "company"),
    ],
)
def test_missing_required_key_is_named(remove: Any, key: str) -> None:
    data = minimal()
    remove(data)
    with pytest.raises(ValidationError) as info:
        debrief.parse(data)
    assert info.value.field == key


def test_naive_end_takes_interview_tz() -> None:
    parsed = debrief.parse(minimal(interview={"end": "2026-07-01T15:00", "tz": "Europe/Berlin"}))
    assert parsed.end.utcoffset() == timedelta(hours=2)
    assert parsed.tz == "Europe/Berlin"


def test_naive_end_without_tz_is_an_error() -> None:
    with pytest.raises(ValidationError, match=r"interview\.end: has no UTC offset"):
        debrief.parse(minimal(interview={"end": "2026-07-01T15:00"}))


def test_a_whole_hour_offset_without_tz_keeps_that_offset_not_utc() -> None:
    parsed = debrief.parse(minimal(interview={"end": "2026-07-01T15:00-05:00"}))
    assert parsed.tz == "Etc/GMT+5"  # POSIX sign: UTC-05:00
    assert parsed.end.utcoffset() == timedelta(hours=-5)


def test_a_half_hour_offset_without_tz_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError, match=r"interview\.tz: .*UTC\+05:30.*add tz") as info:
        debrief.parse(minimal(interview={"end": "2026-07-01T15:00+05:30"}))
    assert info.value.field == "interview.tz"


def test_toml_datetimes_are_accepted() -> None:
    parsed = debrief.parse(minimal(interview={"end": datetime(2026, 7, 1, 15), "tz": "UTC"}))
    assert parsed.end.tzinfo is not None


def test_end_before_start_is_an_error() -> None:
    with pytest.raises(ValidationError, match=r"interview\.end"):
        debrief.parse(
            minimal(interview={"start": "2026-11-24T16:00-05:00", "end": "2026-11-24T15:00-05:00"})
        )


def test_decision_before_interview_is_an_error() -> None:
    with pytest.raises(ValidationError, match="decision_by"):
        debrief.parse(minimal(decision_by="2026-11-01"))


def test_unknown_key_suggests_the_close_one() -> None:
    with pytest.raises(ValidationError, match="did you mean 'interviewers'"):
        debrief.parse({**minimal(), "intervewers": []})


def test_windows_zone_is_mapped() -> None:
    parsed = debrief.parse(
        minimal(interview={"end": "2026-07-01T15:00", "tz": "Pacific Standard Time"})
    )
    assert parsed.tz == "America/Los_Angeles"


def test_context_picks_the_named_interviewer() -> None:
    parsed = debrief.parse(
        minimal(interviewers=[{"name": "Grace Hopper"}, {"name": "Alan Turing"}])
    )
    ctx = parsed.context("alan turing")
    assert ctx.recipient is not None and ctx.recipient.name == "Alan Turing"
    assert [p.name for p in ctx.others] == ["Grace Hopper"]
    with pytest.raises(ValidationError, match="no interviewer called"):
        parsed.context("Nobody")


COORDINATED = {
    "interviewers": [{"name": "Grace Hopper"}, {"name": "Alan Turing"}],
    "coordinator": {"name": "Sam Lee", "email": "sam@acme.io"},
}


@pytest.mark.parametrize(
    ("to", "kind"),
    [
        ("SAM@acme.io", Kind.THANK_YOU),
        ("sam lee", Kind.STATUS_CHECK),
        (None, Kind.COORDINATOR_THANKS),
    ],
)
def test_the_coordinator_gets_every_interviewer_as_others(to: str | None, kind: Kind) -> None:
    # The one debrief-to-context mapping: lint's wrong-name rule reads `others`.
    parsed = debrief.parse(minimal(**COORDINATED))
    ctx = parsed.context(to, kind=kind, other_companies=("Globex",))
    assert ctx.recipient is parsed.coordinator
    assert [p.name for p in ctx.others] == ["Grace Hopper", "Alan Turing"]
    assert ctx.other_companies == ("Globex",) and ctx.role == "Data Engineer"


def test_without_to_a_thank_you_goes_to_the_first_interviewer_not_the_coordinator() -> None:
    ctx = debrief.parse(minimal(**COORDINATED)).context(None)
    assert ctx.recipient is not None and ctx.recipient.name == "Grace Hopper"
    assert [p.name for p in ctx.others] == ["Alan Turing"]


def test_compose_takes_the_same_context_but_ranks_a_coordinator_among_nobody() -> None:
    # Kept on purpose: with the interviewers as `others` every coordinator-thanks draft
    # (and golden) would change.
    parsed = debrief.parse(minimal(**COORDINATED))
    [ctx] = debrief_contexts(parsed, Kind.COORDINATOR_THANKS, None)
    assert ctx == replace(parsed.context(None, kind=Kind.COORDINATOR_THANKS), others=())
    [named] = debrief_contexts(parsed, Kind.STATUS_CHECK, "Alan Turing")
    assert named == parsed.context("Alan Turing", kind=Kind.STATUS_CHECK)
    assert len(debrief_contexts(parsed, Kind.THANK_YOU, None)) == 2


def test_compose_refuses_a_debrief_with_nobody_to_write_to() -> None:
    alone = debrief.parse(minimal(interviewers=[]))
    with pytest.raises(ValidationError, match="names no interviewers"):
        debrief_contexts(alone, Kind.THANK_YOU, None)
    with pytest.raises(ValidationError, match="names no coordinator"):
        debrief_contexts(alone, Kind.COORDINATOR_THANKS, None)


def test_structured_names_are_read_for_interviewers_and_coordinator() -> None:
    tanaka = {
        "name": "Tanaka Hiroshi",
        "honorific": "Mr.",
        "given_name": "Hiroshi",
        "family_name": "Tanaka",
        "name_order": "family-first",
        "salutation": "Tanaka-san",
    }
    parsed = debrief.parse(
        minimal(
            interviewers=[tanaka],
            coordinator={"name": "Dr. Ana Souza", "honorific": "Dr.", "family_name": "Souza"},
        )
    )
    person = parsed.interviewers[0]
    assert (person.honorific, person.given_name, person.family_name) == (
        "Mr.",
        "Hiroshi",
        "Tanaka",
    )
    assert (person.name_order, person.salutation) == ("family-first", "Tanaka-san")
    assert parsed.coordinator is not None
    assert (parsed.coordinator.honorific, parsed.coordinator.family_name) == ("Dr.", "Souza")
    assert parsed.context().recipient == person


def test_name_parts_default_to_empty_and_given_first() -> None:
    person = debrief.parse(minimal()).interviewers[0]
    assert (person.honorific, person.given_name, person.family_name, person.salutation) == (
        "",
        "",
        "",
        "",
    )
    assert person.name_order == "given-first"


def test_name_order_is_normalised_and_checked() -> None:
    parsed = debrief.parse(
        minimal(interviewers=[{"name": "Kim Min-jun", "name_order": "Family-First"}])
    )
    assert parsed.interviewers[0].name_order == "family-first"
    with pytest.raises(ValidationError) as info:
        debrief.parse(minimal(interviewers=[{"name": "Kim Min-jun", "name_order": "last-first"}]))
    assert info.value.field == "interviewers[0].name_order"


@pytest.mark.parametrize(
    ("person", "key", "message"),
    [
        ({"salutation": "Tanaka-san\nand team"}, "salutation", "one line"),
        ({"honorific": "Distinguished " * 5}, "honorific", "limit"),
        ({"given_name": 42}, "given_name", "string"),
        ({"family_nme": "Tanaka"}, "family_nme", "did you mean 'family_name'"),
    ],
)
def test_bad_name_parts_are_named(person: dict[str, Any], key: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as info:
        debrief.parse(minimal(coordinator={"name": "Tanaka Hiroshi", **person}))
    assert info.value.field == f"coordinator.{key}"


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("salutation", "<b>Tanaka-san</b>", "must not contain < or >"),
        ("honorific", "Dr. <eve@example.org>", "must not contain < or >"),
        ("given_name", "Grace>", "must not contain < or >"),
        ("family_name", "Hopper\rBcc: eve@example.org", "must be one line"),
    ],
)
def test_name_parts_are_refused_as_a_contact_refuses_them_naming_the_debrief_key(
    key: str, value: str, problem: str
) -> None:
    """The debrief uses the contacts' checks (domain/records/names.py), so a part a contact
    would refuse never reaches `interview add --from` to fail there under a CLI flag."""
    people = [{"name": "Ada Lovelace"}, {"name": "Grace Hopper"}, {"name": "Tanaka Hiroshi"}]
    people[2][key] = value
    with pytest.raises(ValidationError, match=problem) as info:
        debrief.parse(minimal(interviewers=people))
    assert info.value.field == f"interviewers[2].{key}"
    assert str(info.value).startswith(f"interviewers[2].{key}: ")


def test_company_article_is_a_boolean() -> None:
    parsed = debrief.parse(minimal(company={"name": "Department for Education", "article": True}))
    assert parsed.company_article is True
    assert parsed.context().company_article is True
    assert debrief.parse(minimal()).company_article is None
    with pytest.raises(ValidationError, match=r"company\.article: must be true or false"):
        debrief.parse(minimal(company={"name": "Acme", "article": "yes"}))
