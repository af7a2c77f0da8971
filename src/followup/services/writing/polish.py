"""AI polish: the user's language model rewrites a draft, and the rewrite is kept only
if it keeps every name and fact and adds no linter error."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from followup.domain.errors import ValidationError
from followup.domain.records import fields
from followup.domain.records.followups import Kind
from followup.domain.writing.compose import Draft
from followup.domain.writing.context import NoteContext, Person
from followup.services.writing.compose import BODY_MAX

if TYPE_CHECKING:
    from followup.services.deps import Deps


@dataclass(frozen=True, slots=True)
class Polished:
    """The outcome of an AI polish: the draft to keep, and why a rewrite was refused."""

    draft: Draft
    accepted: bool
    reason: str = ""


_SYSTEM = (
    "You polish follow-up emails that a job candidate wrote. Improve the flow and "
    "wording only. Keep every name, the company, the role and every specific detail "
    "exactly as written; add no facts, names, projects, numbers or promises. Keep the "
    "greeting, the closing and the signature lines. Stay within {low} to {high} words. "
    "Reply with the email body only, no subject line and no commentary."
)

Linter = Callable[[str, str, NoteContext, Kind], Sequence[tuple[str, str]]]
"""(subject, body, context, kind) -> (rule, message) for every error-level finding."""


def polish(
    deps: Deps,
    composed: Draft,
    context: NoteContext,
    *,
    model: str | None = None,
    errors: Linter | None = None,
) -> Polished:
    """Have the user's language model (the polisher) rewrite the draft; keep it only if
    it passes checks.

    `model` is a model id or alias (None: `[ai] model`, else the polisher's default).
    `errors` is the linter's error check (None: `error_check(deps)`); the rewrite may not
    add an error the draft did not have.
    """
    words = len(composed.body.split())
    system = _SYSTEM.format(low=max(1, int(words * 0.8)), high=int(words * 1.2) + 5)
    text = deps.polisher.rewrite(composed.body, system=system, model=model or deps.config.ai.model)
    return review(composed, context, text, errors=errors or error_check(deps))


def review(
    composed: Draft, context: NoteContext, rewrite: str, *, errors: Linter | None = None
) -> Polished:
    """Accept `rewrite` as the new body only if it keeps the facts and adds no error."""
    body = _clean_rewrite(rewrite)
    if not body:
        return Polished(composed, False, "the model returned no text")
    if body == composed.body:
        return Polished(composed, True)
    reason = _wrong_people(composed.body, body, context) or _dropped(composed.body, body, context)
    if not reason and errors is not None:
        before = {
            rule for rule, _ in errors(composed.subject, composed.body, context, composed.kind)
        }
        added = [
            (rule, message)
            for rule, message in errors(composed.subject, body, context, composed.kind)
            if rule not in before
        ]
        if added:
            rule, message = added[0]
            reason = f"the rewrite adds an error ({rule}: {message})"
    if reason:
        return Polished(composed, False, reason)
    return Polished(replace(composed, body=body), True)


_FENCE = re.compile(r"^```[\w-]*\n|\n?```$")


def _clean_rewrite(text: str) -> str:
    text = _FENCE.sub("", text.strip()).strip()
    first, _, rest = text.partition("\n")
    if first.lower().startswith("subject:"):
        text = rest.strip()
    try:
        return fields.notes("rewrite", text, limit=BODY_MAX)
    except ValidationError:
        return ""


def _fold(text: str, *, case: bool = False) -> str:
    text = unicodedata.normalize("NFC", text).replace("’", "'")
    return " ".join((text if case else text.casefold()).split())


def _contains(text: str, phrase: str, *, case: bool = False) -> bool:
    """`phrase` as whole words in `text`, ignoring apostrophe style, spacing and (unless
    `case`) letter case. Names match case-sensitively: "Will" is a name, "will" is not."""
    wanted = _fold(phrase, case=case)
    if not wanted:
        return False
    pattern = r"(?<![\w'@-])" + re.escape(wanted).replace(r"\ ", r"\s+") + r"(?![\w'@-])"
    return re.search(pattern, _fold(text, case=case)) is not None


def _name_forms(person: Person) -> list[str]:
    """The full name and its parts that could stand alone, without titles or initials."""
    parts = [p for p in person.name.split() if len(p) > 1 and not p.endswith(".")]
    return [person.name, *parts]


def _wrong_people(before: str, after: str, context: NoteContext) -> str:
    """A name or company the rewrite brings in that the draft did not have (LINT-002/003)."""
    for other in context.others:
        for name in _name_forms(other):
            if _contains(after, name, case=True) and not _contains(before, name, case=True):
                return f"the rewrite names {name}, who is not the recipient"
    for company in context.other_companies:
        if _contains(after, company, case=True) and not _contains(before, company, case=True):
            return f"the rewrite names {company}, another company"
    person = context.recipient
    if person is not None:
        names = _name_forms(person)
        if any(_contains(before, n, case=True) for n in names) and not any(
            _contains(after, n, case=True) for n in names
        ):
            return f"the rewrite drops the recipient's name ({person.name})"
    if (
        context.company
        and _contains(before, context.company)
        and not _contains(after, context.company)
    ):
        return f"the rewrite drops the company name ({context.company})"
    return ""


def _dropped(before: str, after: str, context: NoteContext) -> str:
    """The personal reference: every topic and project the draft named must stay."""
    for phrase in (*context.recipient_topics, *context.projects):
        if _contains(before, phrase) and not _contains(after, phrase):
            return f"the rewrite drops the personal reference to {phrase!r}"
    return ""


def error_check(deps: Deps | None = None) -> Linter:
    """The linter's error-level findings as a `Linter` for `polish`, with the user's
    `[lint]`, speller and name matcher (None: the default rules, no speller or matcher)."""
    from followup.domain.writing.lint import linter

    settings = deps.config.lint if deps is not None else linter.DEFAULT_CONFIG
    speller = deps.speller if deps is not None else None
    matcher = deps.matcher if deps is not None else None

    def errors(subject: str, body: str, context: NoteContext, kind: Kind) -> list[tuple[str, str]]:
        findings = linter.lint(
            linter.Note(body, subject),
            context,
            kind=kind,
            config=settings,
            speller=speller,
            matcher=matcher,
        )
        return [(f.rule, f.message) for f in findings if f.severity is linter.Severity.ERROR]

    return errors
