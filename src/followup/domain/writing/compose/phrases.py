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
from followup.domain.records import names
from followup.domain.records.addresses import TEAM_NAME
from followup.domain.records.followups import Kind
from followup.domain.writing import grammar
from followup.domain.writing.compose import choose
from followup.domain.writing.context import NoteContext, Person
from followup.domain.writing.people import name_of


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
        # A person met in several rounds never gets the same frame twice (issue 15 §3):
        # each later round moves every slot on by as many places as there are people.
        people = 1 + len(context.others)
        self.round_shift = max(context.interview_round - 1, 0) * people
        self.renderer = renderer
        self.bank = renderer.bank
        self.notes: list[str] = []
        # Other notes for the same interview: their sentences are skipped (LINT-009).
        self.siblings = "\n".join(context.sibling_notes)
        self.values: dict[str, object] = {}
        self.senior = False  # executives, professors, senior officials: shorter, plainer
        self.process = False  # recruiters and HR: the process, not the work
        self.own_topic = False
        self.own_project = False
        self.informational = context.interview_kind == "informational"
        self.occasion = ""  # a check-in's occasion (kinds.check_in_occasion)
        person = context.recipient
        self.person = f"{person.email or person.name}".casefold() if person else ""
        self.missing = ""  # the name field that would improve the greeting
        self.values = _values(self, context)

    def index(self, slot: str, count: int) -> int:
        # crc32, not hash(): stable across runs whatever PYTHONHASHSEED says. The rank
        # shifts every slot by one per interviewer, so up to `count` people of one
        # interview never share a phrase.
        if self.kind is Kind.CHECK_IN:
            # Successive check-ins to one person (variant 1, 2, ...) step through each
            # slot's phrases from a start fixed by the person: two in a row never match.
            seed = zlib.crc32(f"{self.kind.value}/{slot}/{self.person}".encode())
            return (seed + self.variant - 1) % count
        seed = zlib.crc32(f"{self.kind.value}/{slot}/{self.variant}".encode())
        return (seed + self.rank + self.round_shift) % count

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
        where = self.kind.value
        if self.kind is Kind.HOLIDAY and on is not None and on.month == 1:
            slot = "subject_new_year"
        if self.kind is Kind.THANK_YOU and self.informational:
            where = "informational"
        options = self.bank.options(where, slot, self.tone)
        start = self.index(slot, len(options))
        fallbacks = self.bank.options(where, "subject_fallback", self.tone)
        last = ""
        # A subject is a headline: the bare name ("Department for Education interview").
        subject_values = {**self.values, "company": self.values.get("company_name", "")}
        for source in (*options[start:], *options[:start], *fallbacks):
            needed = re.findall(r"{{\s*(\w+)", source)
            if any(not self.values.get(name) for name in needed):
                continue
            last = tidy(self.renderer.text(source, subject_values))
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
    parsed = name_of(person)
    w.senior = choose.senior(person, parsed.academic)
    w.process = choose.runs_process(person)
    # Praise goes to its owner: the recipient's own topics (in the second person where
    # they were noted as "she"/"he"), else the interview's, never another interviewer's.
    own = choose.own_topics(person)
    shared = choose.shared_topics(context)
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
    topic, topic2 = grammar.topic_phrase(topic), grammar.topic_phrase(topic2)
    w.own_topic = bool(own)
    project = context.projects[w.rank % len(context.projects)] if context.projects else ""
    project = grammar.noun_phrase(project)
    w.own_project = bool(project) and any(grammar.same_words(project, t) for t in person.topics)
    synonyms: Mapping[str, Sequence[str]] = bank.node("skills", "related")
    if project:
        skills = choose.related_skills(context.skills, (project,), synonyms)
    else:
        about = (context.role, topic, topic2)
        skills = choose.related_skills(context.skills, about, synonyms)
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
        "company": grammar.with_article(context.company, context.company_article),
        "company_name": context.company,
        "role": role,
        "the_role": the_role(w, role),
        "name": person.name,
        "first": parsed.greeting_given or parsed.display,
        "last": parsed.family,
        "honorific": parsed.honorific,
        "title": person.title,
        "weekday": weekday,
        "date": when,
        "topic": topic,
        "topic2": topic2,
        "topics": context.recipient_topics,
        "project": project,
        "projects": context.projects,
        "skills": grammar.join(skills, str(bank.node("words", "and"))),
        "skill_list": context.skills,
        "news": context.news.title if context.news else "",
        "news_url": context.news.url if context.news else "",
        "news_quoted": "",
        "news_frame": "",
        "outcome": context.outcome,
        "outcome_sentence": "",
        "deadline": date_text(w, context.offer_deadline) if context.offer_deadline else "",
        "decision_by": date_text(w, context.decision_by) if context.decision_by else "",
        "observance": "",
        "questions": (),
        "signature": context.signature
        or context.candidate_name
        or str(bank.node("words", "signature_missing")),
    }
    if context.news:
        quote = str(bank.node("words", "quote"))
        values["news_quoted"] = w.renderer.text(quote, {"text": context.news.title})
        values["news_frame"] = grammar.headline(context.news.title, context.company) or ""
    if context.outcome:
        values["outcome_sentence"] = outcome(bank, context.outcome)
    values["salutation"] = greeting_name(w, parsed, person)
    values["greeting"] = w.renderer.text(
        str(w.bank.node("greeting", _greeting_key(w, parsed, values))), values
    )
    w.values = values
    if w.missing:
        w.note(w.missing)
    values["close"] = sign_off(w, context)
    if not context.candidate_name:
        w.note("candidate")
    elif not context.signature:
        w.note("signature")
    return values


def greeting_name(w: Writer, parsed: names.PersonName, person: Person) -> str:
    """CONTENT-008 (issue 15 §1): the formal form ("Mr. Tanaka", "Professor Müller") in a
    formal note or when a title is on record; the given name where a friendly note uses it;
    the full name as the safe fallback, with a note saying which field would improve it."""
    if person.name.casefold() == TEAM_NAME:  # hr@, careers@: no person's name to use (issue 17)
        return "Recruiting Team"
    if w.tone is Tone.FORMAL or parsed.honorific:
        chosen = names.formal(parsed)
    else:
        chosen = names.friendly(parsed, person.country)
    w.missing = chosen.missing
    return chosen.name


def _greeting_key(w: Writer, parsed: names.PersonName, values: Mapping[str, object]) -> str:
    """ "Hi" only before a given name; a title or a full name takes "Dear"."""
    if w.tone is Tone.CASUAL and values["salutation"] != parsed.greeting_given:
        return "warm"
    return w.tone.value


def sign_off(w: Writer, context: NoteContext) -> str:
    """One sign-off for all of a candidate's notes (issue 15 §1): picked by the candidate's
    name (and the tone) alone, never by recipient, kind or variant."""
    if context.sign_off:  # the school's voice, or the candidate's own (issue 19)
        return context.sign_off
    options = w.bank.options("common", "close", w.tone)
    seed = zlib.crc32(f"close/{context.candidate_name.casefold()}".encode())
    return w.renderer.text(options[seed % len(options)], w.values)


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
