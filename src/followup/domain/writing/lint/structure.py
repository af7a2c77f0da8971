"""Structure rules (CONTENT-001, CONTENT-011, LINT-008): thanks, interest, an invitation
and something specific from the conversation."""

from __future__ import annotations

import math
import re

from followup.domain.writing.lint import prose as analysis
from followup.domain.writing.lint.lexicon import facts as facts_words
from followup.domain.writing.lint.lexicon import structure as structure_words
from followup.domain.writing.lint.run import Run, check

_GRATITUDE = analysis.Phrases(structure_words.GRATITUDE)
_NOT_GRATITUDE = analysis.Phrases(structure_words.NOT_GRATITUDE)
_ENTHUSIASM = analysis.Phrases(structure_words.ENTHUSIASM)
_INVITATION = analysis.Phrases(structure_words.INVITATION)
_DETAIL = analysis.Phrases(structure_words.DETAIL_MARKERS)
_OFFER_TO_SHARE = analysis.Phrases(structure_words.OFFER_TO_SHARE)


def _specific(sentence: str) -> bool:
    """Does a sentence name something specific: a lower-case word that is not a stop word,
    a generic word or part of a job title? (Capitalised words may just be the company.)"""
    for m in analysis.WORD.finditer(sentence):
        word = m.group()
        if not word.islower() or len(word) < 3 or not word.replace("-", "").isalpha():
            continue
        parts = [p for p in word.split("-") if p]
        if any(
            p not in structure_words.STOPWORDS
            and p not in structure_words.GENERIC_WORDS
            and p not in facts_words.TITLE_WORDS
            and not _DETAIL.fullmatch(p)
            for p in parts
        ):
            return True
    return False


@check("missing-gratitude")
def missing_gratitude(run: Run) -> None:
    if not _has_gratitude(_prose(run)):
        role = f" about the {run.ctx.role} role" if run.ctx and run.ctx.role else ""
        run.emit(
            "missing-gratitude",
            0,
            0,
            "the note never thanks the reader",
            f"Thank them for their time, e.g. “Thank you for speaking with me{role}.”",
        )


@check("missing-enthusiasm")
def missing_enthusiasm(run: Run) -> None:
    informational = run.ctx is not None and run.ctx.interview_kind == "informational"
    if not informational and not _has(_prose(run), _ENTHUSIASM, negatable=True):
        run.emit(
            "missing-enthusiasm",
            0,
            0,
            "the note does not reaffirm your interest",
            "Add one sentence of interest, e.g. “I am excited about the chance to join the team.”",
        )


@check("missing-invitation")
def missing_invitation(run: Run) -> None:
    prose = _prose(run)
    informational = run.ctx is not None and run.ctx.interview_kind == "informational"
    if informational and _has(prose, _OFFER_TO_SHARE):
        return
    if not _has(prose, _INVITATION):
        run.emit(
            "missing-invitation",
            0,
            0,
            "no invitation to ask questions or continue the conversation",
            "Close with an offer, e.g. “Please let me know if I can share anything else.”",
        )


def _prose(run: Run) -> str:
    """The body's prose, lower-cased, up to the signature."""
    return run.body.lower_prose[: run.body.signature_start]


def _has_gratitude(prose: str) -> bool:
    refusals = [m.span() for m in _NOT_GRATITUDE.finditer(prose)]
    return any(not any(s <= m.start() < e for s, e in refusals) for m in _GRATITUDE.finditer(prose))


def _has(prose: str, pattern: analysis.Phrases, *, negatable: bool = False) -> bool:
    return any(not negatable or not _negated(prose, m.start()) for m in pattern.finditer(prose))


def _negated(prose: str, start: int) -> bool:
    """A negator in the same clause, up to six words back: "no longer sure I am"."""
    window = prose[max(0, start - 60) : start]
    window = re.split(r"[,;:.!?\n]|\bbut\b", window)[-1]
    before = re.findall(r"[\w'’]+", window)[-6:]
    return any(
        w.casefold().replace("’", "'") in structure_words.NEGATORS
        or w.casefold().endswith(("n't", "n’t"))
        for w in before
    )


@check("not-personalized")
def not_personalized(run: Run) -> None:
    ctx = run.ctx
    topics: list[str] = []
    if ctx is not None:
        topics = [*ctx.recipient_topics, *ctx.projects]
        if ctx.news:
            topics.append(ctx.news.title)
    if topics:
        stems = run.body.stems
        for topic in topics:
            terms = analysis.content_terms(topic)
            if terms and sum(stems.has(t) for t in terms) >= math.ceil(len(terms) / 2):
                return
        shown = "; ".join(topics[:3])
        run.emit(
            "not-personalized",
            0,
            0,
            "the note mentions none of the topics or projects you discussed",
            f"Refer to one of them, e.g. {shown}.",
        )
        return
    prose = run.body.body_prose()
    lowered = run.body.lower_prose
    start_at = run.body.greeting.line_end if run.body.greeting else 0
    for m in _DETAIL.finditer(lowered, start_at, len(prose)):
        if _specific(analysis.sentence_around(prose, m.start(), m.end())):
            return
    run.emit(
        "not-personalized",
        0,
        0,
        "no specific detail from the conversation",
        "Mention one thing you discussed, e.g. “I enjoyed hearing how you …”.",
    )
