"""The composer: writes a follow-up in the candidate's voice from a NoteContext.

`compose(kind, context, tone, variant, renderer=...) -> Draft`. This package decides
what goes into a note (the slots of CONTENT-001, CONTENT-011, OFFER-002/004/008,
DECLINE-001, REJECT-003, NURTURE-002, HOLIDAY-002/004, NEWS-001), which phrase each
slot uses, the greeting (CONTENT-008) and the subject (CONTENT-002). The words live
in a per-locale phrase bank and the layout in templates; an injected `Renderer`
turns them into text, so this package never touches Jinja2 or a file. `phrases` picks
and renders phrases (tones, the bank, the Writer); `kinds` fills each kind's slots.

Drafts are deterministic: the same context, tone and variant give the same draft.
Nothing is invented: a slot with nothing on record is left out, and the draft's
notes say what would make it stronger.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from followup.domain.errors import ValidationError
from followup.domain.records.followups import Kind
from followup.domain.writing.compose.kinds import BUILDERS
from followup.domain.writing.compose.phrases import (
    PhraseBank,
    Renderer,
    Tone,
    Writer,
    parse_tone,
    rank,
    subject_fits,
    tidy,
    tone_for,
)
from followup.domain.writing.context import NoteContext

__all__ = [
    "Draft",
    "PhraseBank",
    "Renderer",
    "Tone",
    "compose",
    "parse_kind",
    "parse_tone",
    "subject_fits",
    "tone_for",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Draft:
    """A composed message, with notes on what would make it stronger."""

    kind: Kind
    to: str  # "Name <email>"
    subject: str
    body: str
    tone: Tone
    variant: int
    notes: tuple[str, ...] = ()
    occasion: str = ""  # a check-in's occasion (kinds.check_in_occasion)

    def as_dict(self) -> dict[str, str]:
        """The public JSON shape of one draft."""
        return {"kind": self.kind.value, "to": self.to, "subject": self.subject, "body": self.body}


def parse_kind(value: str | Kind) -> Kind:
    """A follow-up kind from the user; the error lists the kinds."""
    try:
        return Kind(str(value).strip().lower())
    except ValueError:
        choices = ", ".join(k.value for k in Kind)
        raise ValidationError("kind", f"{value!r} is not one of {choices}") from None


def compose(
    kind: Kind | str,
    context: NoteContext,
    tone: Tone | str | None = None,
    variant: int = 1,
    *,
    renderer: Renderer,
    on: date | None = None,
) -> Draft:
    """Write one follow-up of `kind` to `context.recipient`.

    `tone` None picks the industry's preset; `variant` (1, 2, ...) picks alternative
    phrasings; `on` is the day the note is meant for (holiday wording, "on Tuesday").
    """
    kind = parse_kind(kind)
    if isinstance(variant, bool) or not isinstance(variant, int) or variant < 1:
        raise ValidationError("variant", "must be a whole number, 1 or more")
    bank = renderer.bank
    chosen = parse_tone(tone) or tone_for(context.industry, bank)
    person = context.recipient
    if person is None or not person.name.strip():
        raise ValidationError("to", f"a {kind.value} note needs a recipient with a name")
    writer = Writer(kind, chosen, variant, rank(context), renderer, context)
    slots = BUILDERS[kind](writer, context, on)
    body = tidy(renderer.template(f"{kind.value}.txt.j2", {**writer.values, **slots}))
    return Draft(
        kind=kind,
        to=person.address(),
        subject=writer.subject(on),
        body=body,
        tone=chosen,
        variant=variant,
        notes=tuple(writer.notes),
        occasion=writer.occasion,
    )
