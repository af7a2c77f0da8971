"""Tone rules (LINT-011, LINT-012, LINT-013, LINT-018, LINT-019): pushy, desperate,
apologetic, negative and salary wording."""

from __future__ import annotations

from followup.domain.writing.lint import prose as analysis
from followup.domain.writing.lint.lexicon import tone as tone_words
from followup.domain.writing.lint.rules import (
    Severity,
)
from followup.domain.writing.lint.run import Run, check

_PUSHY = analysis.Phrases([p for p, _ in tone_words.PUSHY])
_DESPERATE = analysis.Phrases([p for p, _ in tone_words.DESPERATE])
_APOLOGY = analysis.Phrases([p for p, _ in tone_words.APOLOGY])
_NEGATIVE = analysis.Phrases([p for p, _ in tone_words.NEGATIVE])
_SALARY = analysis.Phrases([p for p, _ in tone_words.SALARY])


@check("pushy-tone", "desperate-tone")
def pushy_or_desperate(run: Run) -> None:
    """Both in one check: two or more pushy or desperate phrases together are an error."""
    found: list[tuple[str, tuple[int, int, str, str]]] = []
    if run.on("pushy-tone"):
        found += [("pushy-tone", hit) for hit in run.hits(_PUSHY, tone_words.PUSHY)]
    if run.on("desperate-tone"):
        found += [("desperate-tone", hit) for hit in run.hits(_DESPERATE, tone_words.DESPERATE)]
    severity = Severity.ERROR if len(found) >= 2 else Severity.WARNING  # LINT-012
    words = {"pushy-tone": "sounds pushy", "desperate-tone": "sounds desperate"}
    for rule, (start, end, said, fix) in found:
        run.emit(rule, start, end, f"“{_clip(said)}” {words[rule]}", fix, severity)
    if run.subject and run.on("pushy-tone"):
        for start, end, said, fix in run.hits(_PUSHY, tone_words.PUSHY, run.subject):
            run.emit(
                "pushy-tone", start, end, f"“{_clip(said)}” sounds pushy", fix, in_subject=True
            )


@check("apology")
def apology(run: Run) -> None:
    for start, end, said, fix in run.hits(_APOLOGY, tone_words.APOLOGY):
        run.emit("apology", start, end, f"“{_clip(said)}” apologises for the interview", fix)


@check("negative-remark")
def negative_remark(run: Run) -> None:
    for start, end, said, fix in run.hits(_NEGATIVE, tone_words.NEGATIVE):
        run.emit("negative-remark", start, end, f"“{_clip(said)}” is a negative remark", fix)


@check("salary-talk")
def salary_talk(run: Run) -> None:
    fix = "Leave pay, benefits and time off for the offer stage."
    for text, in_subject in ((None, False), (run.subject or "", True)):
        for start, end, said, _ in run.hits(_SALARY, tone_words.SALARY, text):
            run.emit(
                "salary-talk",
                start,
                end,
                f"“{_clip(said)}” raises pay or benefits in a {run.kind.value} note",
                fix,
                in_subject=in_subject,
            )


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
