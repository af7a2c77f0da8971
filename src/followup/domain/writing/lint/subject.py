"""Subject rules (CONTENT-002, LINT-027): a subject, specific and short."""

from __future__ import annotations

import re

from followup.domain.records.followups import Kind
from followup.domain.writing.lint import prose as analysis
from followup.domain.writing.lint.facts import PLACEHOLDER
from followup.domain.writing.lint.lexicon import form as form_words
from followup.domain.writing.lint.run import Run, check

# Words that name the occasion a subject thanks for or follows up on (CONTENT-002).
_OCCASIONS = frozenset(
    {
        "interview", "interviews", "conversation", "conversations", "meeting", "meetings",
        "call", "chat", "visit", "talk", "discussion", "panel", "presentation", "advice",
        "introduction", "offer", "coffee", "lunch", "tour", "assessment",
    }
)  # fmt: skip


@check("missing-subject")
def missing_subject(run: Run) -> None:
    subject = run.subject
    if subject is None or not subject.strip():
        role = run.ctx.role if run.ctx and run.ctx.role else "{role}"
        run.emit(
            "missing-subject",
            0,
            0,
            "the message has no subject",
            f"Start with a line such as “Subject: Thank you – {role} interview”.",
            in_subject=subject is not None,
        )


@check("weak-subject")
def weak_subject(run: Run) -> None:
    subject = run.subject
    if subject is None or not subject.strip():
        return
    text = subject.strip()
    key = re.sub(r"^(?:(?:re|fwd?|aw)\s*:\s*)+", "", text.casefold())
    key = " ".join(re.sub(r"[^\w\s'’-]", " ", key).split())
    role = run.ctx.role if run.ctx and run.ctx.role else "Data Engineer"
    fix = f"Name the role or your name, e.g. “Thank you – {role} interview”."
    start = subject.find(text)
    if len(text) > run.config.subject_max:
        run.emit(
            "weak-subject",
            start,
            start + len(text),
            f"subject of {len(text)} characters; keep it under "
            f"{run.config.subject_max} so it is not cut off",
            "Shorten it to 3–4 words plus the role.",
            in_subject=True,
        )
    elif key in form_words.GENERIC_SUBJECTS or not key:
        run.emit(
            "weak-subject",
            start,
            start + len(text),
            f"vague subject “{text}”",
            fix,
            in_subject=True,
        )
    elif (
        run.ctx is not None
        and (run.ctx.role or run.ctx.candidate_name)
        and run.kind in (Kind.THANK_YOU, Kind.STATUS_CHECK)
        and run.ctx.interview_kind != "informational"
        and not PLACEHOLDER.search(text)
    ):
        words = set(analysis.content_terms(key)) | set(key.split())
        if words & _OCCASIONS:
            return  # CONTENT-002: "Thank you for Monday's interview" names the occasion
        wanted = (
            analysis.content_terms(run.ctx.role) + analysis.norm(run.ctx.candidate_name).split()
        )
        if wanted and not any(any(analysis.same_stem(w, s) for s in words) for w in wanted):
            run.emit(
                "weak-subject",
                start,
                start + len(text),
                "the subject names neither the role nor you",
                fix,
                in_subject=True,
            )
