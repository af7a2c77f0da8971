"""Grammar at the seams: articles, list joins and pronouns (issue 15 §2)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.domain.writing import grammar
from followup.domain.writing.grammar import join, takes_article, third_person, to_second_person
from followup.domain.writing.grammar import with_article as article

INSTITUTIONS = [
    "Department for Education",
    "Technical University of Munich",
    "Global Health Foundation",
    "University of Oslo",
    "Ministry of Health",
    "Bank of England",
    "Wellcome Trust",
    "National Health Service",
    "Office for National Statistics",
    "Environment Agency",
    "Arts Council",
    "Max Planck Institute",
    "The Washington Post",
]
BRANDS = ["Sakura Market", "Harbor Logistics Group", "Stanford University", "Acme", "Office Depot"]


@pytest.mark.parametrize("name", INSTITUTIONS)
def test_institutions_take_the_article_mid_sentence_and_at_the_start(name: str) -> None:
    bare = name.removeprefix("The ")
    assert article(name) == f"the {bare}"
    assert article(name, start=True) == f"The {bare}"


@pytest.mark.parametrize("name", BRANDS)
def test_brand_names_stand_bare(name: str) -> None:
    assert not takes_article(name)
    assert article(name) == name
    assert article(name, start=True) == name


def test_the_company_setting_overrides_the_guess() -> None:
    assert article("Bank of America", article=False) == "Bank of America"
    assert article("Ohio State", article=True, start=True) == "The Ohio State"


@pytest.mark.parametrize(
    ("items", "joined"),
    [
        ([], ""),
        (["Python"], "Python"),
        (["Python", "SQL"], "Python and SQL"),
        (["Python", "SQL", "Spark"], "Python, SQL and Spark"),
        (
            ["portfolio advisory", "Arabic and Hindi"],
            "portfolio advisory as well as Arabic and Hindi",
        ),
        (["research and development", "SQL", "Go"], "research and development, SQL and Go"),
    ],
)
def test_lists_join_with_commas_and_one_and(items: list[str], joined: str) -> None:
    assert join(items) == joined


@pytest.mark.parametrize(
    ("topic", "to_them"),
    [
        ("how she moved into philanthropy", "how you moved into philanthropy"),
        ("what drove her to found her company", "what drove you to found your company"),
        ("how he leads his team through change", "how you lead your team through change"),
        ("why she is betting on edge AI", "why you are betting on edge AI"),
        ("Her work on the Spark migration", "Your work on the Spark migration"),
        ("how she's scaling the team", "how you're scaling the team"),
        ("what he teaches his students", "what you teach your students"),
        ("the advice she gave me about her", "the advice you gave me about you"),
        ("the roadmap for Q3", "the roadmap for Q3"),
    ],
)  # fmt: skip
def test_topics_about_the_recipient_turn_to_you(topic: str, to_them: str) -> None:
    assert to_second_person(topic) == to_them
    assert not third_person(to_them)


# An independent checker: a word list, not the module's rules.
_HE_SHE = re.compile(r"\b(she|he|her|his|him|hers|herself|himself)\b", re.IGNORECASE)
_DOUBLE_AND = re.compile(r"\band\b[^,]*\band\b")
verbs = st.sampled_from(["moved", "leads", "built", "is scaling", "has grown", "teaches"])
objects = st.sampled_from(["team", "company", "platform", "students", "research group"])
pronouns = st.sampled_from(["she", "he", "She", "He"])
possessives = st.sampled_from(["her", "his"])


@given(pronouns, verbs, possessives, objects)
def test_no_third_person_word_survives_when_written_to_them(
    pronoun: str, verb: str, possessive: str, obj: str
) -> None:
    topic = f"how {pronoun} {verb} {possessive} {obj}"
    assert not _HE_SHE.search(to_second_person(topic))


words = st.text(st.characters(categories=["Ll"]), min_size=1, max_size=8)
items = st.lists(st.one_of(words, st.builds(lambda a, b: f"{a} and {b}", words, words)), max_size=5)


@given(items)
def test_a_joined_list_never_holds_two_ands_in_one_stretch(values: list[str]) -> None:
    joined = join(values)
    for value in values:
        assert value in joined
    # Between two commas, at most the item's own "and" and no second one joined to it.
    for stretch in joined.split(", "):
        if _DOUBLE_AND.search(stretch):
            assert " as well as " in stretch or stretch in values


@pytest.mark.parametrize(
    ("topic", "written"),
    [
        ("latency budget for ranking", "the latency budget for ranking"),
        ("Kubernetes migration", "the Kubernetes migration"),
        ("code review culture", "the code review culture"),
        ("data contracts between teams", "data contracts between teams"),  # plural
        ("liver organoids as a replacement", "liver organoids as a replacement"),
        ("how you moved from consulting", "how you moved from consulting"),  # a clause
        ("migrating the ETL to Spark", "migrating the ETL to Spark"),  # a gerund
        ("the on-call rotation", "the on-call rotation"),
        ("pay equity", "pay equity"),  # a mass noun
        ("GraphQL", "GraphQL"),  # a name
    ],
)
def test_topic_phrase(topic: str, written: str) -> None:
    assert grammar.topic_phrase(topic) == written


@pytest.mark.parametrize(
    ("project", "written"),
    [
        ("Konbini payment rollout", "the Konbini payment rollout"),
        ("Project Atlas", "Project Atlas"),
        ("Spark migration of the legacy ETL", "the Spark migration of the legacy ETL"),
        ("Data Platform for EMEA", "Data Platform for EMEA"),
        ("Hospital at Home expansion", "the Hospital at Home expansion"),
        ("Orion", "Orion"),
        ("the new ingestion service", "the new ingestion service"),
    ],
)
def test_noun_phrase(project: str, written: str) -> None:
    assert grammar.noun_phrase(project) == written


@pytest.mark.parametrize(
    ("title", "framed"),
    [
        (
            "Harbor Logistics Group wins award for supply-chain excellence",
            "your award for supply-chain excellence",
        ),
        ("Harbor Logistics Group opens a new office in Lisbon", "your new office in Lisbon"),
        ("Harbor Logistics Group acquires Seabird", "the acquisition of Seabird"),
        ("Harbor Logistics Group Wins Award", None),  # Title Case: cannot tell names apart
        ("Port strike ends", None),  # does not start with the company
    ],
)
def test_headline(title: str, framed: str | None) -> None:
    assert grammar.headline(title, "Harbor Logistics Group") == framed


def test_same_words() -> None:
    assert grammar.same_words("Project Atlas", "the Atlas rollout")
    assert not grammar.same_words("Project Atlas", "the project board")
