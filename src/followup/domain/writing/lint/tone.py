"""Tone rules (LINT-011, LINT-012, LINT-013, LINT-018, LINT-019): pushy, desperate,
apologetic, negative and salary wording."""

from __future__ import annotations

import re

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
_FLATTERY = analysis.Phrases([p for p, _ in tone_words.FLATTERY])
_JOB_REQUEST = analysis.Phrases([p for p, _ in tone_words.JOB_REQUEST])
_PAY_WORK = re.compile(
    r"\b(?:compensation|benefits|payroll|rewards?|remuneration|pay equity|pay bands?)\b"
)
_THANKS = re.compile(r"\b(?:thank you|thanks)\b")


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


@check("over-flattery")
def over_flattery(run: Run) -> None:
    """LINT-020: superlatives, or thanks said three or more times in the body."""
    hits = list(run.hits(_FLATTERY, tone_words.FLATTERY))
    for start, end, said, fix in hits:
        run.emit("over-flattery", start, end, f"“{_clip(said)}” gushes", fix)
    if hits:
        return
    body = run.body.lower_prose
    closing = body.rfind("\n\n")  # a closing line of thanks does not count
    thanks = [m for m in _THANKS.finditer(body) if closing < 0 or m.start() < closing]
    if len(thanks) >= 3:
        start, end = thanks[0].start(), thanks[-1].end()
        run.emit(
            "over-flattery",
            start,
            end,
            f"thanks said {len(thanks)} times",
            "Say thank you once, and let a specific reference show your interest.",
        )


@check("job-request-in-greeting")
def job_request(run: Run) -> None:
    """HOLIDAY-004, NURTURE-002: no job request or résumé in a greeting or check-in."""
    for start, end, said, fix in run.hits(_JOB_REQUEST, tone_words.JOB_REQUEST):
        run.emit(
            "job-request-in-greeting",
            start,
            end,
            f"“{_clip(said)}” asks for a job in a {run.kind.value} note",
            fix,
        )


@check("salary-talk")
def salary_talk(run: Run) -> None:
    fix = "Leave pay, benefits and time off for the offer stage."
    for text, in_subject in ((None, False), (run.subject or "", True)):
        # A role or company named for pay ("Compensation and Benefits Analyst") is not
        # talk about pay (issue 15 §4).
        prose = run.body.prose if text is None else text
        names = _own_names(run, prose)
        pay_is_the_work = _pay_is_the_work(run)
        for start, end, said, _ in run.hits(_SALARY, tone_words.SALARY, text):
            if any(s <= start and end <= e for s, e in names):
                continue
            if pay_is_the_work and not _asks(prose, start, end):
                continue  # "rebuilding the pay bands" is the job, not a question about pay
            run.emit(
                "salary-talk",
                start,
                end,
                f"“{_clip(said)}” raises pay or benefits in a {run.kind.value} note",
                fix,
                in_subject=in_subject,
            )


def _pay_is_the_work(run: Run) -> bool:
    """A role or a topic on record about pay: compensation, benefits, payroll, rewards."""
    ctx = run.ctx
    if ctx is None:
        return False
    about = " ".join((ctx.role, *ctx.recipient_topics)).casefold()
    return bool(_PAY_WORK.search(about)) or any(
        True for _ in _SALARY.finditer(analysis.lower(" ".join(ctx.recipient_topics)))
    )


def _asks(text: str, start: int, end: int) -> bool:
    """Whether the words at start..end sit in a question."""
    stops = [i for i in (text.find(c, end) for c in ".!?\n") if i != -1]
    return bool(stops) and text[min(stops)] == "?"


def _own_names(run: Run, text: str) -> list[tuple[int, int]]:
    """Where the role and the company are named in `text`."""
    if run.ctx is None:
        return []
    lowered = text.casefold()
    spans: list[tuple[int, int]] = []
    for name in (run.ctx.role, run.ctx.company):
        key = name.strip().casefold()
        start = lowered.find(key) if key else -1
        while start >= 0:
            spans.append((start, start + len(key)))
            start = lowered.find(key, start + 1)
    return spans


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
