"""Phrase selection for the composer: tones, the phrase bank, and the Writer that picks
one phrase per slot (per variant and recipient, avoiding sibling notes) and renders it.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import Any, Protocol

from followup.domain.errors import ValidationError
from followup.domain.records.followups import Kind
from followup.domain.writing.context import NoteContext, Person


class Tone(StrEnum):
    """Formality presets; the industry picks one unless the user overrides it."""

    FORMAL = "formal"
    WARM = "warm"
    CASUAL = "casual"


class PhraseBank:
    """One locale's phrases: nested tables of Jinja2 snippets (package data, never user text)."""

    def __init__(self, locale: str, data: Mapping[str, Any]) -> None:
        self.locale = locale
        self.data = data

    def node(self, *path: str) -> Any:
        """The value at `path`; a missing entry is an error naming it."""
        value: Any = self.data
        for key in path:
            if not isinstance(value, Mapping) or key not in value:
                raise ValidationError(
                    f"phrases.{'.'.join(path)}", f"missing from the {self.locale} phrase bank"
                )
            value = value[key]
        return value

    def has(self, *path: str) -> bool:
        value: Any = self.data
        for key in path:
            if not isinstance(value, Mapping) or key not in value:
                return False
            value = value[key]
        return True

    def options(self, kind: str, slot: str, tone: Tone) -> tuple[str, ...]:
        """The alternatives for one slot and tone; a kind without the slot uses [common]."""
        where = kind if self.has(kind, slot) else "common"
        value = self.node(where, slot)
        if isinstance(value, Mapping):
            value = value.get(tone.value) or value.get("any")
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list | tuple) or not value:
            raise ValidationError(f"phrases.{where}.{slot}", f"has no {tone.value} phrases")
        return tuple(str(v) for v in value)


class Renderer(Protocol):
    """Renders phrase snippets and named templates; user text arrives only as variables."""

    @property
    def bank(self) -> PhraseBank: ...

    def text(self, source: str, variables: Mapping[str, object]) -> str: ...

    def template(self, name: str, variables: Mapping[str, object]) -> str: ...


def tone_for(industry: str, bank: PhraseBank) -> Tone:
    """The preset an industry calls for: formal, casual, or warm by default."""
    words = f" {plain(industry)} "
    for tone in (Tone.FORMAL, Tone.CASUAL):
        table = bank.node("tone").get(tone.value, ())
        if any(f" {plain(str(word))} " in words for word in table):
            return tone
    return Tone.WARM


def parse_tone(value: str | Tone | None, field: str = "tone") -> Tone | None:
    """A tone name from the user, or None; anything else is a one-line error."""
    if value is None or value == "":
        return None
    try:
        return Tone(str(value).strip().lower())
    except ValueError:
        choices = ", ".join(t.value for t in Tone)
        raise ValidationError(field, f"{value!r} is not one of {choices}") from None


class Writer:
    """Picks and renders phrases for one note; collects notes on what is missing."""

    def __init__(
        self,
        kind: Kind,
        tone: Tone,
        variant: int,
        rank: int,
        renderer: Renderer,
        context: NoteContext,
    ) -> None:
        self.kind = kind
        self.tone = tone
        self.variant = variant
        self.rank = rank
        self.renderer = renderer
        self.bank = renderer.bank
        self.notes: list[str] = []
        # Other notes for the same interview: their sentences are skipped (LINT-009).
        self.siblings = "\n".join(context.sibling_notes)
        self.values: dict[str, object] = {}
        self.values = _values(self, context)

    def index(self, slot: str, count: int) -> int:
        # crc32, not hash(): stable across runs whatever PYTHONHASHSEED says. The rank
        # shifts every slot by one per interviewer, so up to `count` people of one
        # interview never share a phrase.
        seed = zlib.crc32(f"{self.kind.value}/{slot}/{self.variant}".encode())
        return (seed + self.rank) % count

    def pick(self, slot: str, kind: str | None = None) -> str:
        """The phrase source for a slot: per variant and recipient, avoiding siblings."""
        options = self.bank.options(kind or self.kind.value, slot, self.tone)
        start = self.index(slot, len(options))
        ordered = options[start:] + options[:start]
        if self.siblings:
            for source in ordered:
                if not _used(source, self.siblings):
                    return source
        return ordered[0]

    def say(self, slot: str, kind: str | None = None, **extra: object) -> str:
        """Render the chosen phrase for `slot` with the note's values."""
        variables = {**self.values, **extra} if extra else self.values
        return self.renderer.text(self.pick(slot, kind), variables)

    def note(self, key: str, **extra: object) -> None:
        source = self.bank.node("notes", key)
        self.notes.append(self.renderer.text(str(source), {**self.values, **extra}))

    def subject(self, on: date | None) -> str:
        """The first subject pattern whose values exist and that fits CONTENT-002."""
        slot = "subject"
        if self.kind is Kind.HOLIDAY and on is not None and on.month == 1:
            slot = "subject_new_year"
        options = self.bank.options(self.kind.value, slot, self.tone)
        start = self.index(slot, len(options))
        fallbacks = self.bank.options(self.kind.value, "subject_fallback", self.tone)
        last = ""
        for source in (*options[start:], *options[:start], *fallbacks):
            needed = re.findall(r"{{\s*(\w+)", source)
            if any(not self.values.get(name) for name in needed):
                continue
            last = tidy(self.renderer.text(source, self.values))
            if subject_fits(last):
                return last
        return last


def subject_fits(subject: str) -> bool:
    """CONTENT-002: 3 to 8 words and at most 60 characters."""
    words = [w for w in subject.split() if any(c.isalnum() for c in w)]
    return 3 <= len(words) <= 8 and len(subject) <= 60


# -------------------------------------------------------------------------- values


def _values(w: Writer, context: NoteContext) -> dict[str, object]:
    """The user-text variables every phrase and template may use."""
    bank = w.bank
    person = context.recipient
    assert person is not None
    honorific, first, last = _name_parts(person, bank)
    own = person.topics
    taken = {t.casefold() for t in own}
    shared = tuple(t for t in context.topics if t.casefold() not in taken)
    people = 1 + len(context.others)
    topic = topic2 = ""
    if own:
        topic = own[0]
        topic2 = own[1] if len(own) > 1 else ""
    elif shared:
        # Each interviewer gets a different shared topic where there are enough.
        topic = shared[w.rank % len(shared)]
        if len(shared) > people:
            topic2 = shared[(w.rank + people) % len(shared)]
            topic2 = "" if topic2 == topic else topic2
    project = context.projects[w.rank % len(context.projects)] if context.projects else ""
    skills = rotate(context.skills, w.rank)[:2]
    weekday = when = ""
    if context.interview_end is not None:
        day = context.interview_end.date()
        weekday = bank.node("words", "weekdays")[day.weekday()]
        when = date_text(w, day)
    role = context.role
    values: dict[str, object] = {
        "kind": w.kind.value,
        "tone": w.tone.value,
        "variant": w.variant,
        "candidate": context.candidate_name,
        "company": context.company,
        "role": role,
        "the_role": the_role(w, role),
        "name": person.name,
        "first": first,
        "last": last,
        "honorific": honorific,
        "title": person.title,
        "weekday": weekday,
        "date": when,
        "topic": topic,
        "topic2": topic2,
        "topics": context.recipient_topics,
        "project": project,
        "projects": context.projects,
        "skills": join(w, skills),
        "skill_list": context.skills,
        "news": context.news.title if context.news else "",
        "news_url": context.news.url if context.news else "",
        "news_quoted": "",
        "outcome": context.outcome,
        "outcome_sentence": "",
        "deadline": date_text(w, context.offer_deadline) if context.offer_deadline else "",
        "decision_by": date_text(w, context.decision_by) if context.decision_by else "",
        "observance": "",
        "questions": (),
        "signature": context.signature or context.candidate_name,
    }
    if context.news:
        quote = str(bank.node("words", "quote"))
        values["news_quoted"] = w.renderer.text(quote, {"text": context.news.title})
    if context.outcome:
        values["outcome_sentence"] = outcome(bank, context.outcome)
    values["greeting"] = greeting(w, person, honorific, values)
    w.values = values
    values["close"] = w.say("close")
    if not context.candidate_name:
        w.note("candidate")
    elif not context.signature:
        w.note("signature")
    return values


def _name_parts(person: Person, bank: PhraseBank) -> tuple[str, str, str]:
    """(honorific, first, last) from a name such as "Dr. Ana García-López"."""
    tokens = person.name.split()
    honorifics = {str(h).casefold() for h in bank.node("words", "honorifics")}
    honorific = ""
    if len(tokens) > 1 and tokens[0].rstrip(".").casefold() in honorifics:
        honorific, tokens = tokens[0], tokens[1:]
    first = tokens[0] if tokens else person.name
    last = tokens[-1] if len(tokens) > 1 else (tokens[0] if honorific else "")
    return honorific, first, last


def greeting(w: Writer, person: Person, honorific: str, values: Mapping[str, object]) -> str:
    """CONTENT-008: mirror a recorded title; otherwise by tone, always with a name."""
    if honorific and values["last"]:
        source = str(w.bank.node("greeting", "titled"))
    else:
        source = str(w.bank.node("greeting", w.tone.value))
    return w.renderer.text(source, values)


def the_role(w: Writer, role: str) -> str:
    if not role:
        return str(w.bank.node("words", "the_role_unknown"))
    nouns = {str(n).casefold() for n in w.bank.node("words", "role_nouns")}
    if role.split()[-1].casefold() in nouns:
        return w.renderer.text("the {{ role }}", {"role": role})
    return w.say("the_role", kind="words", role=role)


def date_text(w: Writer, day: date) -> str:
    months = w.bank.node("words", "months")
    weekdays = w.bank.node("words", "weekdays")
    return w.renderer.text(
        str(w.bank.node("words", "date")),
        {"day": day.day, "month": months[day.month - 1], "weekday": weekdays[day.weekday()]},
    )


def join(w: Writer, items: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C", with the locale's word for "and"."""
    if len(items) < 2:
        return items[0] if items else ""
    word = str(w.bank.node("words", "and"))
    comma = "," if w.bank.node("words", "serial_comma") and len(items) > 2 else ""
    return f"{', '.join(items[:-1])}{comma} {word} {items[-1]}"


def outcome(bank: PhraseBank, outcome: str) -> str:
    """A stage name becomes the bank's sentence; other text is used as a sentence."""
    table = bank.node("gratitude", "outcome")
    known = table.get(outcome.strip().casefold())
    if known:
        return str(known)
    text = outcome.strip()
    text = text[0].upper() + text[1:] if text[:1].islower() else text
    return text if text[-1:] in ".!?" else f"{text}."


def rank(context: NoteContext) -> int:
    """The recipient's place among the interview's people, by name: stable and distinct."""
    person = context.recipient
    if person is None or not context.others:
        return 0
    people = sorted({(p.name.casefold(), p.email.casefold()) for p in (person, *context.others)})
    return people.index((person.name.casefold(), person.email.casefold()))


def rotate(items: Sequence[str], by: int) -> tuple[str, ...]:
    if not items:
        return ()
    by %= len(items)
    return (*items[by:], *items[:by])


_TAG = re.compile(r"{{.*?}}|{%.*?%}")


def _used(source: str, siblings: str) -> bool:
    """Whether a phrase's fixed wording already appears in a sibling note."""
    chunks = [c.strip(" ,.;:") for c in _TAG.split(source)]
    longest = max(chunks, key=len, default="")
    return len(longest) >= 15 and longest in siblings


def plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE = re.compile(r" +([,.;:!?])")
_BLANK_LINES = re.compile(r"\n{3,}")


def tidy(text: str) -> str:
    """Remove what empty optional parts leave behind: double spaces and blank lines."""
    lines = [_SPACE_BEFORE.sub(r"\1", _SPACES.sub(" ", line)).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
