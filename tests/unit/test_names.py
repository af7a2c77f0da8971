"""A person's name as a structure: parsing, formal and friendly greetings, accepted forms
(CONTENT-008, LINT-002; issue 15 §1)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.domain.records.names import NameOrder, fold, formal, forms, friendly, parse

# name, hints -> (given, family, honorific, suffix)
PARTS = [
    ("Grace Hopper", {}, ("Grace", "Hopper", "", "")),
    ("J. Robert Lee III", {}, ("J. Robert", "Lee", "", "III")),
    ("Martin Luther King, Jr.", {}, ("Martin Luther", "King", "", "Jr.")),
    ("Ahmed Al Mansouri", {}, ("Ahmed", "Al Mansouri", "", "")),
    ("Fatima al-Zahra Haddad", {}, ("Fatima", "al-Zahra Haddad", "", "")),
    ("Vincent van Gogh", {}, ("Vincent", "van Gogh", "", "")),
    ("Daan van der Berg", {}, ("Daan", "van der Berg", "", "")),
    ("Ursula von der Leyen", {}, ("Ursula", "von der Leyen", "", "")),
    ("Anwar bin Ibrahim", {}, ("Anwar", "bin Ibrahim", "", "")),
    ("María José García López", {}, ("María José", "García López", "", "")),
    ("Gabriel García Márquez", {}, ("Gabriel", "García Márquez", "", "")),
    ("José Luis Rodríguez", {"country": "ES"}, ("José Luis", "Rodríguez", "", "")),
    ("João Pedro Santos Silva", {"country": "BR"}, ("João Pedro", "Santos Silva", "", "")),
    ("Dr. Anna Weber", {}, ("Anna", "Weber", "Dr.", "")),
    ("Prof. Dr. Klaus Müller", {}, ("Klaus", "Müller", "Prof. Dr.", "")),
    ("Siobhan O'Brien", {}, ("Siobhan", "O'Brien", "", "")),
    ("Anne Smith-Jones", {}, ("Anne", "Smith-Jones", "", "")),
    ("Tanaka Hiroshi", {}, ("Hiroshi", "Tanaka", "", "")),
    ("Mr. Tanaka Hiroshi", {}, ("Hiroshi", "Tanaka", "Mr.", "")),
    ("TANAKA Hiroshi", {}, ("Hiroshi", "Tanaka", "", "")),
    ("Li Wei", {"country": "CN"}, ("Wei", "Li", "", "")),
    ("Kim Min-jun", {"country": "KR"}, ("Min-jun", "Kim", "", "")),
    ("Hiroshi Tanaka", {"country": "JP", "email": "hiroshi.tanaka@example.jp"},
     ("Hiroshi", "Tanaka", "", "")),
    ("Kim Jones", {}, ("Kim", "Jones", "", "")),
    # A Japanese company or country is only a hint: a well-known family name last wins.
    ("Hiroshi Tanaka", {"country": "JP"}, ("Hiroshi", "Tanaka", "", "")),
    ("Madonna", {}, ("Madonna", "", "", "")),
]  # fmt: skip


@pytest.mark.parametrize(("name", "hints", "expected"), PARTS, ids=[p[0] for p in PARTS])
def test_a_name_is_read_into_its_parts(name: str, hints: dict[str, str], expected: tuple) -> None:
    person = parse(name, **hints)
    assert (person.given, person.family, person.honorific, person.suffix) == expected


# name, hints -> formal greeting, friendly greeting (issue 15's review cases first)
GREETINGS = [
    ("Mr. Tanaka Hiroshi", {}, "Mr. Tanaka", "Mr. Tanaka"),
    ("Tanaka Hiroshi", {"honorific": "Mr."}, "Mr. Tanaka", "Mr. Tanaka"),
    ("J. Robert Lee III", {"honorific": "Mr."}, "Mr. Lee", "Robert"),
    ("Ahmed Al Mansouri", {"honorific": "Mr."}, "Mr. Al Mansouri", "Ahmed"),
    ("María José García López", {"honorific": "Ms."}, "Ms. García López", "María José"),
    ("Dr. Anna Weber", {}, "Dr. Weber", "Anna"),
    ("Prof. Dr. Klaus Müller", {}, "Professor Müller", "Klaus"),
    ("Prof. Dr. Klaus Müller", {"honorific": "Herr Prof. Dr."}, "Professor Müller", "Klaus"),
    ("Grace Hopper", {}, "Grace Hopper", "Grace"),  # no honorific known: the full name
    ("Tanaka Hiroshi", {"salutation": "Tanaka-san"}, "Tanaka-san", "Tanaka-san"),
    ("A. B. Smith", {}, "A. B. Smith", "A. B. Smith"),  # never an initial alone
    ("Kim Min-jun", {"country": "KR", "honorific": "Mr."}, "Mr. Kim", "Mr. Kim"),
]


@pytest.mark.parametrize(
    ("name", "fields", "formal_name", "friendly_name"),
    GREETINGS,
    ids=[f"{g[0]}-{'-'.join(g[1].values())}" for g in GREETINGS],
)
def test_greetings_follow_the_register(
    name: str, fields: dict[str, str], formal_name: str, friendly_name: str
) -> None:
    country = fields.get("country", "")
    person = parse(name, **fields)
    assert formal(person).name == formal_name
    assert friendly(person, country).name == friendly_name


def test_a_formal_greeting_without_honorific_says_which_field_would_improve_it() -> None:
    assert formal(parse("Grace Hopper")).missing == "honorific"
    assert formal(parse("Grace Hopper", honorific="Rear Adm.")).name == "Rear Adm. Hopper"
    assert formal(parse("Grace Hopper", honorific="Ms.")).missing == ""


def test_friendly_greetings_stay_formal_where_given_names_are_not_the_norm() -> None:
    person = parse("Hiroshi Tanaka", honorific="Mr.", email="hiroshi.tanaka@example.jp")
    assert person.order is NameOrder.GIVEN_FIRST
    assert friendly(person).name == "Hiroshi"
    assert friendly(person, "JP").name == "Mr. Tanaka"


def test_typed_fields_win_over_the_string() -> None:
    person = parse("Bob Lee", given_name="Robert", family_name="Lee", name_order="given-first")
    assert (person.given, person.family) == ("Robert", "Lee")
    flipped = parse("Lee Bob", name_order="family-first")
    assert (flipped.given, flipped.family) == ("Bob", "Lee")


@pytest.mark.parametrize(
    "greeting",
    [
        "Professor Mueller",
        "Frau Professor Müller",
        "Prof. Müller",
        "Dr. Müller",
        "Klaus",
        "Klaus Müller",
        "Herr Müller",
    ],
)
def test_accepted_forms_include_titles_and_transliterations(greeting: str) -> None:
    assert fold(greeting) in forms(parse("Prof. Dr. Klaus Müller"))


@pytest.mark.parametrize("greeting", ["Tanaka-san", "Mr. Tanaka", "Tanaka Hiroshi", "Hiroshi"])
def test_japanese_forms(greeting: str) -> None:
    assert fold(greeting) in forms(parse("Tanaka Hiroshi"))


@pytest.mark.parametrize("greeting", ["Mr. Hiroshi", "Tanaka", "J.", "Ms. Robert"])
def test_wrong_forms_are_not_accepted(greeting: str) -> None:
    accepted = forms(parse("Tanaka Hiroshi")) | forms(parse("J. Robert Lee III"))
    assert fold(greeting) not in accepted


@pytest.mark.parametrize(
    ("a", "b"),
    [("Müller", "Mueller"), ("Strauß", "Strauss"), ("Søren", "Soeren"), ("José", "Jose")],
)
def test_fold_equates_transliterations(a: str, b: str) -> None:
    assert fold(a) == fold(b)


words = st.text(st.characters(categories=["L"]), min_size=1, max_size=10)


@given(st.lists(words, min_size=1, max_size=5), st.sampled_from(["", "Mr.", "Dr.", "Ms."]))
def test_any_name_greets_by_a_name_never_an_initial_or_a_bare_family_name(
    tokens: list[str], honorific: str
) -> None:
    person = parse(" ".join(tokens), honorific=honorific)
    for salutation in (formal(person), friendly(person)):
        assert salutation.name.strip()
        assert len(salutation.name.replace(".", "").strip()) > 1 or len(tokens) == 1
        bare = salutation.name == person.family not in person.given.split()
        if bare:
            pytest.fail(f"bare family name for {tokens}")


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("Mr.\nBcc: eve@example.org", "must be one line"),
        ("Dear <b>", "must not contain < or >"),
        ("x" * 41, "the limit is 40"),
    ],
)
def test_typed_name_parts_are_checked_at_the_edge(value: str, problem: str) -> None:
    from followup.domain.errors import ValidationError
    from followup.domain.records.names import HONORIFIC_MAX, check_part

    with pytest.raises(ValidationError, match=problem):
        check_part("--honorific", value, limit=HONORIFIC_MAX)
    assert check_part("--honorific", "  Prof.  Dr. ", limit=HONORIFIC_MAX) == "Prof. Dr."
