"""Fact rules: placeholders left in (LINT-001) and the wrong role (LINT-004)."""

from __future__ import annotations

import re

from followup.domain.writing.lint import prose as analysis
from followup.domain.writing.lint.lexicon import facts as facts_words
from followup.domain.writing.lint.lexicon import structure as structure_words
from followup.domain.writing.lint.names import given_name
from followup.domain.writing.lint.run import Run, check

PLACEHOLDER = analysis.phrase_regex([p for p, _ in facts_words.PLACEHOLDERS], words=False)
_ROLE_NOUN = re.compile(
    r"(?<![\w-])(?:" + "|".join(facts_words.ROLE_NOUNS) + r"|interview)(?![\w-])", re.IGNORECASE
)

_OWN_JOB = frozenset({"my", "previous", "former", "past", "last", "old", "current", "prior"})


@check("unfilled-placeholder")
def unfilled_placeholder(run: Run) -> None:
    for text, in_subject in run.segments():
        for m in PLACEHOLDER.finditer(text):
            found = m.group()
            inner = found.strip("[]{}<>% $_").casefold()
            if found.startswith("[") and inner.isdigit():
                continue  # a footnote marker
            run.emit(
                "unfilled-placeholder",
                m.start(),
                m.end(),
                f"unfilled placeholder “{found}”",
                _fill(run, inner),
                in_subject=in_subject,
            )
    greeting = run.body.greeting
    if greeting and not greeting.name and greeting.word.casefold() == "dear":
        run.emit(
            "unfilled-placeholder",
            greeting.word_start,
            greeting.name_end or greeting.line_end,
            "the greeting names nobody",
            _fill(run, "name"),
        )


def _fill(run: Run, key: str) -> str:
    ctx = run.ctx
    value = ""
    if ctx is not None:
        if "company" in key:
            value = ctx.company
        elif "role" in key or "position" in key or "title" in key:
            value = ctx.role
        elif ("name" in key or "interviewer" in key or "first" in key) and ctx.recipient:
            value = given_name(ctx.recipient)
    return f"Replace it with “{value}”." if value else "Fill it in or delete it."


@check("wrong-role")
def wrong_role(run: Run) -> None:
    ctx = run.ctx
    if ctx is None or not ctx.role:
        return
    role_terms = [_expand(t) for t in analysis.content_terms(ctx.role)] + [
        _expand(w.casefold()) for w in ctx.role.split()
    ]
    for text, in_subject in run.segments():
        for m in _ROLE_NOUN.finditer(text):
            title = _title_before(text, m.start(), m.group().casefold())
            if not title:
                continue
            words, start = title
            if any(w.casefold() in facts_words.TITLE_WORDS for w in words) and not all(
                any(
                    analysis.same_stem(_expand(w.casefold()), r) or _expand(w.casefold()) == r
                    for r in role_terms
                )
                for w in words
                if w.casefold() in facts_words.TITLE_WORDS or w[:1].isupper()
            ):
                said = text[start : m.end()]
                run.emit(
                    "wrong-role",
                    start,
                    m.end(),
                    f"“{said}” is not the role on record ({ctx.role})",
                    f"Write “{ctx.role}”.",
                    in_subject=in_subject,
                )


def _title_before(text: str, end: int, noun: str) -> tuple[list[str], int] | None:
    """The job-title words right before a role noun, and where they start."""
    words: list[str] = []
    start = end
    for m in reversed(list(analysis.WORD.finditer(text, max(0, end - 80), end))):
        gap = text[m.end() : start]
        if gap.strip(" \t–—-/&") or "\n" in gap:
            break
        word = m.group()
        lower = word.casefold()
        if lower in _OWN_JOB and noun != "interview":
            return None  # "my previous Data Analyst role": the candidate's own job
        if lower in facts_words.ROLE_FILLERS or lower in structure_words.STOPWORDS:
            break
        if lower not in facts_words.TITLE_WORDS and not word[:1].isupper():
            break
        words.insert(0, word)
        start = m.start()
        if len(words) == 5:
            break
    return (words, start) if words else None


def _expand(word: str) -> str:
    return facts_words.ROLE_ABBREVIATIONS.get(word.rstrip("."), word)
