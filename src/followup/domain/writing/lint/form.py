"""Form rules (LINT-006, LINT-007, LINT-014..017, CONTENT-002): length, paragraphs,
exclamations, capitals, casual wording and the subject."""

from __future__ import annotations

import re

from followup.domain.writing.lint import prose as analysis
from followup.domain.writing.lint.lexicon import form as form_words
from followup.domain.writing.lint.names import given_name
from followup.domain.writing.lint.rules import (
    Severity,
)
from followup.domain.writing.lint.run import Run, capitals, check

_SLANG = analysis.Phrases(sorted(form_words.SLANG, key=len, reverse=True))
_CASUAL = analysis.Phrases([p for p, _ in form_words.CASUAL_PHRASES])
_EMOJI = re.compile(
    "[\U0001f300-\U0001faff\U0001f000-\U0001f2ff\u2600-\u27bf\u2b50\u2b55\u203c\u2049\ufe0f]+"
)
_EMOTICON = re.compile(
    r"(?<!\S)(?:" + "|".join(re.escape(e) for e in form_words.EMOTICONS) + r")(?=\s|$|[.,!?;])"
)
_CAPS_WORD = re.compile(r"(?<![\w'’])[A-Z][A-Z'’]*[A-Z](?![\w'’])")


@check("too-long")
def too_long(run: Run) -> None:
    band = run.config.length(run.kind)
    count = run.body.word_count
    if count > band.high:
        severity = (
            Severity.ERROR
            if count > band.error_above
            else Severity.WARNING
            if count > band.warn_above
            else Severity.INFO
        )
        run.emit(
            "too-long",
            0,
            len(run.note.body),
            f"{count} words; a {run.kind.value} note should have {band.low}–{band.high}",
            "Cut it to the thanks, one specific point, your interest and an offer to help.",
            severity,
        )


@check("too-short")
def too_short(run: Run) -> None:
    band = run.config.length(run.kind)
    count = run.body.word_count
    if count < band.low:
        severity = Severity.WARNING if count < band.warn_below else Severity.INFO
        run.emit(
            "too-short",
            0,
            len(run.note.body),
            f"{count} words; a {run.kind.value} note should have {band.low}–{band.high}",
            "Add one specific point from the conversation and why it interests you.",
            severity,
        )


@check("long-paragraph")
def long_paragraph(run: Run) -> None:
    limit_words = run.config.max_paragraph_words
    limit_sentences = run.config.max_paragraph_sentences
    for start, end in run.body.paragraphs:
        words = len(analysis.WORD.findall(run.body.plain, start, end))
        sentences = run.body.sentence_count(start, end)
        if words > limit_words or sentences > limit_sentences:
            run.emit(
                "long-paragraph",
                start,
                end,
                f"paragraph of {words} words and {sentences} sentences; keep to "
                f"{limit_words} words and {limit_sentences} sentences",
                "Split it, or cut it to the sentences that carry the point.",
            )


@check("exclamation-overuse")
def exclamation_overuse(run: Run) -> None:
    marks = [(m.start(), m.end(), False) for m in re.finditer(r"!+", run.body.prose)]
    if run.subject:
        marks += [(m.start(), m.end(), True) for m in re.finditer(r"!+", run.subject)]
    total = sum(e - s for s, e, _ in marks)
    runs = [mark for mark in marks if mark[1] - mark[0] > 1]
    limit = run.config.max_exclamations
    if not runs and total <= limit:
        return
    if runs:
        start, end, in_subject = runs[0]
    else:
        start, end, in_subject = marks[limit]
    run.emit(
        "exclamation-overuse",
        start,
        end,
        f"{total} exclamation mark{'s' if total != 1 else ''}; use at most {limit}",
        "Replace them with full stops.",
        in_subject=in_subject,
    )


@check("all-caps")
def all_caps(run: Run) -> None:
    known = capitals(run.known_words)
    for text, in_subject in ((run.body.prose, False), (run.subject or "", True)):
        caps: list[re.Match[str]] = []
        for m in _CAPS_WORD.finditer(text):
            if caps and text[caps[-1].end() : m.start()].strip(" ,") == "":
                caps.append(m)
                continue
            _caps_run(run, caps, text, known, in_subject)
            caps = [m]
        _caps_run(run, caps, text, known, in_subject)


def _caps_run(
    run: Run, caps: list[re.Match[str]], text: str, known: frozenset[str], in_subject: bool
) -> None:
    if not caps:
        return
    words = [m.group().replace("’", "'") for m in caps]
    if all(
        w in form_words.ACRONYMS or w in known or re.fullmatch(r"X{3,}|TODO|FIXME|TBC", w)
        for w in words
    ):
        return
    loud = len(caps) >= 3 or any(
        w in form_words.SHOUTING
        or (len(w) >= 6 and w not in form_words.ACRONYMS and w not in known)
        for w in words
    )
    if loud:
        start, end = caps[0].start(), caps[-1].end()
        run.emit(
            "all-caps",
            start,
            end,
            f"“{text[start:end]}” in capitals reads as shouting",
            f"Write “{text[start:end].capitalize()}” in normal case.",
            in_subject=in_subject,
        )


@check("too-casual")
def too_casual(run: Run) -> None:
    prose = run.body.prose
    for m in _EMOJI.finditer(prose):
        run.emit(
            "too-casual",
            m.start(),
            m.end(),
            "emoji in a professional note",
            "Remove the emoji (LINT-015).",
            Severity.ERROR,
        )
    for m in _EMOTICON.finditer(prose):
        run.emit(
            "too-casual",
            m.start(),
            m.end(),
            f"emoticon “{m.group()}”",
            "Remove the emoticon (LINT-015).",
            Severity.ERROR,
        )
    greeting = run.body.greeting
    if greeting:
        word = greeting.word.casefold()
        if word in form_words.CASUAL_GREETINGS or analysis.norm(greeting.name) == "there":
            said = prose[greeting.word_start : greeting.line_end].strip(" ,")
            run.emit(
                "too-casual",
                greeting.word_start,
                max(greeting.name_end, greeting.word_start + len(greeting.word)),
                f"casual greeting “{said}”",
                "Use “Dear {name},” or “Hi {name},” (CONTENT-008).".format(
                    name=given_name(run.ctx.recipient) if run.ctx and run.ctx.recipient else "Name"
                ),
            )
    for m in _SLANG.finditer(run.body.lower_prose):
        word = prose[m.start() : m.end()]
        # Short ones only in lower case: "U.S." and "UR" are not textspeak.
        if word.replace("’", "'") in form_words.SLANG or len(word) >= 3:
            if greeting and m.start() == greeting.word_start:
                continue
            run.emit(
                "too-casual",
                m.start(),
                m.end(),
                f"slang “{word}”",
                "Write the words out in full (LINT-016).",
            )
    for start, end, said, fix in run.hits(_CASUAL, form_words.CASUAL_PHRASES):
        run.emit("too-casual", start, end, f"casual wording “{said}”", fix)
