"""Check-ins vary by occasion (issue 17 §5, NURTURE-002/006, NEWS-001): a year since the
interview, company news, the last exchange, something useful to offer, or a plain hello;
and successive check-ins to one person never read the same. Every variant lints clean."""

from __future__ import annotations

import itertools
import tomllib
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from followup.adapters.templates.jinja import renderer
from followup.domain.records.followups import Kind
from followup.domain.writing import debrief as debriefs
from followup.domain.writing.compose import Draft, Tone, compose
from followup.domain.writing.context import NewsItem, NoteContext, Person

R = renderer()
ON = date(2026, 6, 15)
BASE = NoteContext(
    candidate_name="Sam Lee",
    signature="Sam Lee",
    company="Acme Analytics",
    industry="software",
    role="Senior Data Engineer",
    recipient=Person(
        name="Ana García-López", email="ana@acme.io", topics=("migrating the ETL to Spark",)
    ),
    interview_end=datetime(2026, 2, 10, 15, tzinfo=UTC),
    last_exchange=date(2026, 3, 2),
)
PLAIN = replace(
    BASE, recipient=Person(name="Ana García-López", email="ana@acme.io"), last_exchange=None
)
CASES = {  # occasion: (context, day, words the note must contain)
    "anniversary": (BASE, date(2027, 2, 15), ("a year", "Spark")),
    "news": (replace(BASE, news=NewsItem(title="Acme opens a Lisbon office")), ON, ("Lisbon",)),
    "exchange": (BASE, ON, ("March 2026", "Spark")),
    "offer": (BASE, ON, ("Spark",)),
    "plain": (PLAIN, ON, ()),
}


def _problems(draft: Draft, context: NoteContext) -> list[object]:
    from followup.adapters.text.matching import RapidfuzzMatcher
    from followup.domain.writing.lint.linter import Note, lint

    found = lint(
        Note(draft.body, draft.subject),
        context,
        kind=Kind.CHECK_IN,
        speller=_SPELLER,
        matcher=RapidfuzzMatcher(),
    )
    return [f for f in found if f.severity != "info"]


_SPELLER: object = None


@pytest.fixture(scope="module", autouse=True)
def speller() -> None:
    from followup.adapters.text.spelling import PySpellChecker

    global _SPELLER
    _SPELLER = PySpellChecker()


def _variant(occasion: str, variant: int) -> int:
    """The exchange and the offer take turns on one record: the offer falls on even ones."""
    return (
        variant * 2
        if occasion == "offer"
        else variant * 2 - 1
        if occasion == "exchange"
        else variant
    )


@pytest.mark.parametrize("occasion", list(CASES))
@pytest.mark.parametrize("tone", list(Tone))
def test_every_occasion_names_itself_and_lints_clean(occasion: str, tone: Tone) -> None:
    context, on, words = CASES[occasion]
    bodies = []
    for n in range(1, 5):
        draft = compose(Kind.CHECK_IN, context, tone, _variant(occasion, n), renderer=R, on=on)
        assert draft.occasion == occasion
        for word in words:
            assert word.casefold() in draft.body.casefold(), (word, draft.body)
        assert not _problems(draft, context), (_problems(draft, context), draft.body)
        lowered = draft.body.casefold()
        for banned in ("just", "checking in", "touching base", "keep me in mind", "refer me"):
            assert banned not in lowered, (banned, draft.body)
        bodies.append(draft.body)
    for a, b in itertools.pairwise(bodies):
        assert a != b


def test_the_offer_is_an_offer_and_asks_for_the_link() -> None:
    # NURTURE-002: something useful is offered, never requested; the note says to add it.
    draft = compose(Kind.CHECK_IN, BASE, Tone.WARM, 2, renderer=R, on=ON)
    assert draft.occasion == "offer"
    assert any(w in draft.body for w in ("happy to", "glad to share", "glad to"))
    assert any("link" in n for n in draft.notes)


def test_successive_check_ins_to_one_person_never_read_the_same() -> None:
    drafts = [compose(Kind.CHECK_IN, BASE, None, v, renderer=R, on=ON) for v in range(1, 9)]
    for a, b in itertools.pairwise(drafts):
        assert a.body != b.body and a.occasion != b.occasion
    assert len({d.subject for d in drafts[:3]}) == 3


GOLDEN = Path(__file__).parents[1] / "fixtures" / "compose"


@pytest.mark.parametrize("case", sorted(GOLDEN.glob("check-in*.toml")), ids=lambda p: p.stem)
@pytest.mark.parametrize("tone", list(Tone))
def test_the_check_in_goldens_lint_clean(case: Path, tone: Tone) -> None:
    """The golden check-ins (tests/fixtures/compose/check-in*.toml) pass our own linter."""
    spec = tomllib.loads(case.read_text("utf-8"))
    data = tomllib.loads((GOLDEN / spec["debrief"]).read_text("utf-8"))
    extra = dict(spec.get("extra", {}))
    if "news" in extra:
        extra["news"] = NewsItem(**extra["news"])
    context = debriefs.parse(data).context(spec["to"], kind=Kind.CHECK_IN, **extra)
    on = spec.get("on")
    draft = compose(Kind.CHECK_IN, context, tone, int(spec.get("variant", 1)), renderer=R, on=on)
    assert draft.occasion
    assert not _problems(draft, context), (_problems(draft, context), draft.body)
