"""Timing and cadence rules (TIMING-*, CAD-*, LINT-009, LINT-025, LINT-026)."""

from __future__ import annotations

import difflib
import re
from datetime import datetime, timedelta
from functools import lru_cache

from followup.domain.records.followups import Kind
from followup.domain.timing.cadence import Thread
from followup.domain.timing.calendar import BusinessCalendar
from followup.domain.timing.windows import status_check as status_window
from followup.domain.timing.windows import thank_you as thank_you_window
from followup.domain.timing.wording import short
from followup.domain.writing.context import NoteContext
from followup.domain.writing.lint import prose as analysis
from followup.domain.writing.lint.rules import (
    Severity,
)
from followup.domain.writing.lint.run import Run, check

_THANK_YOU_KINDS = (Kind.THANK_YOU, Kind.COORDINATOR_THANKS)


def _timed(run: Run) -> tuple[NoteContext, datetime, datetime, BusinessCalendar] | None:
    """The context, send time, interview end and calendar, when timing can be checked."""
    ctx, sent = run.ctx, run.sent_at
    if ctx is None or sent is None or ctx.interview_end is None:
        return None
    cal = run.calendar
    assert cal is not None
    return ctx, sent, ctx.interview_end, cal


@check("too-soon")
def too_soon(run: Run) -> None:
    timed = _timed(run)
    if timed is None:
        return
    ctx, sent, end, cal = timed
    zone = cal.zone
    if run.kind in _THANK_YOU_KINDS:
        delay = run.policy.thank_you_min_delay
        if ctx.decision_by is not None and ctx.decision_by <= end.astimezone(zone).date():
            delay = min(delay, timedelta(minutes=30))  # TIMING-003
        if sent < end:
            run.emit(
                "too-soon",
                0,
                0,
                f"sent {short(sent.astimezone(zone))}, before the interview ended "
                f"({short(end.astimezone(zone))})",
                "Schedule it for after the interview.",
                Severity.ERROR,
            )
        elif sent < end + delay:
            minutes = int((sent - end).total_seconds() // 60)
            run.emit(
                "too-soon",
                0,
                0,
                f"sent {minutes} minutes after the interview; it reads as pre-written",
                f"Schedule it for {short((end + delay).astimezone(zone))} or later (TIMING-002).",
            )
    elif run.kind is Kind.STATUS_CHECK:
        window = status_window(end, cal, decision_by=ctx.decision_by)
        if sent < window.earliest:
            run.emit(
                "too-soon",
                0,
                0,
                f"a status check on {short(sent.astimezone(zone))} is before it is "
                f"due ({short(window.earliest)})",
                " ".join(window.reasons),
            )


@check("too-late")
def too_late(run: Run) -> None:
    timed = _timed(run)
    if timed is None or run.kind not in _THANK_YOU_KINDS:
        return
    ctx, sent, end, cal = timed
    pace = run.policy.pace_for(ctx.industry, ctx.pace)
    window = thank_you_window(end, cal, pace, informational=ctx.interview_kind == "informational")
    if sent > window.latest:
        hours = (sent - end).total_seconds() / 3600
        today = re.search(
            r"\b(?:today|this (?:morning|afternoon|evening))\b",
            run.body.prose,
            re.IGNORECASE,
        )
        start, stop = today.span() if today else (0, 0)
        drop = " and drop “today”" if today else ""
        run.emit(
            "too-late",
            start,
            stop,
            f"sent {hours:.0f} hours after the interview; the "
            f"{pace.pace.value}-pace window closed {short(window.latest)}",
            f"Send it now anyway{drop}: late beats never (TIMING-001).",
        )


@check("too-frequent")
def too_frequent(run: Run) -> None:
    timed = _timed(run)
    if timed is None:
        return
    ctx, sent, _, cal = timed
    thread = run.thread
    if thread is None:
        earlier = sorted(t for t in ctx.history if t < sent)
        thread = Thread(len(earlier), len(earlier), earlier[-1] if earlier else None, None)
    cap = run.policy.max_unanswered_status_checks
    if thread.unanswered >= cap:
        run.emit(
            "too-frequent",
            0,
            0,
            f"{thread.unanswered} follow-ups already went unanswered; the cap is {cap}",
            "Stop here: assume the answer and move on; a reply from them "
            "reopens the conversation (CAD-001, CAD-004).",
            Severity.ERROR,
        )
        return
    last = thread.last_nudge
    gap = run.policy.min_gap_business_days
    if last is not None and gap:
        allowed = cal.add_business_days(cal.local_date(last), gap)
        if cal.local_date(sent) < allowed:
            run.emit(
                "too-frequent",
                0,
                0,
                f"the last follow-up went {short(last.astimezone(cal.zone))}; wait "
                f"{gap} business days",
                f"Send it on {allowed:%a %d %b} or later (CAD-002).",
            )


@check("duplicate-note")
def duplicate_note(run: Run) -> None:
    ctx = run.ctx
    if ctx is None or not ctx.sibling_notes:
        return
    names = tuple(
        sorted(
            {t for p in run.people for t in analysis.norm(p.name).split()}
            | set(analysis.norm(ctx.candidate_name).split())
        )
    )
    mine = _masked_words(run.note.body, names)
    if not mine:
        return
    best = 0.0
    for sibling in ctx.sibling_notes:
        theirs = _masked_words(sibling, names)
        matcher = difflib.SequenceMatcher(None, mine, theirs, autojunk=False)
        if matcher.real_quick_ratio() < run.config.duplicate_warn:
            continue
        if matcher.quick_ratio() < run.config.duplicate_warn:
            continue
        best = max(best, matcher.ratio())
    if best >= run.config.duplicate_warn:
        severity = Severity.ERROR if best >= run.config.duplicate_error else Severity.WARNING
        run.emit(
            "duplicate-note",
            0,
            0,
            f"{best:.0%} the same as another note for this interview",
            "Interviewers compare notes: refer to what you discussed with this person (LINT-009).",
            severity,
        )


@lru_cache(maxsize=256)
def _masked_words(text: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """The words of a note, lower-cased, with every name as "<name>" (LINT-009). Cached:
    the same sibling notes are compared again for every note of an interview."""
    words = [m.group().casefold().replace("’", "'") for m in analysis.WORD.finditer(text)]
    masked = set(names)
    return tuple("<name>" if w.removesuffix("'s") in masked else w for w in words)
