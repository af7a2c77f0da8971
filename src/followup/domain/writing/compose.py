"""The composer: writes a follow-up in the candidate's voice from a NoteContext.

`compose(kind, context, tone, variant, renderer=...) -> Draft`. This module decides
what goes into a note (the slots of CONTENT-001, CONTENT-011, OFFER-002/004/008,
DECLINE-001, REJECT-003, NURTURE-002, HOLIDAY-002/004, NEWS-001), which phrase each
slot uses, the greeting (CONTENT-008) and the subject (CONTENT-002). The words live
in a per-locale phrase bank and the layout in templates; an injected `Renderer`
turns them into text, so this module never touches Jinja2 or a file.

Drafts are deterministic: the same context, tone and variant give the same draft.
Nothing is invented: a slot with nothing on record is left out, and the draft's
notes say what would make it stronger.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
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

    def as_dict(self) -> dict[str, str]:
        """The public JSON shape of one draft."""
        return {"kind": self.kind.value, "to": self.to, "subject": self.subject, "body": self.body}


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
    words = f" {_plain(industry)} "
    for tone in (Tone.FORMAL, Tone.CASUAL):
        table = bank.node("tone").get(tone.value, ())
        if any(f" {_plain(str(word))} " in words for word in table):
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
    writer = _Writer(kind, chosen, variant, _rank(context), renderer, context)
    slots = _BUILDERS[kind](writer, context, on)
    body = _tidy(renderer.template(f"{kind.value}.txt.j2", {**writer.values, **slots}))
    return Draft(
        kind=kind,
        to=person.address(),
        subject=writer.subject(on),
        body=body,
        tone=chosen,
        variant=variant,
        notes=tuple(writer.notes),
    )


class _Writer:
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
            last = _tidy(self.renderer.text(source, self.values))
            if subject_fits(last):
                return last
        return last


def subject_fits(subject: str) -> bool:
    """CONTENT-002: 3 to 8 words and at most 60 characters."""
    words = [w for w in subject.split() if any(c.isalnum() for c in w)]
    return 3 <= len(words) <= 8 and len(subject) <= 60


# -------------------------------------------------------------------------- values


def _values(w: _Writer, context: NoteContext) -> dict[str, object]:
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
    skills = _rotate(context.skills, w.rank)[:2]
    weekday = when = ""
    if context.interview_end is not None:
        day = context.interview_end.date()
        weekday = bank.node("words", "weekdays")[day.weekday()]
        when = _date(w, day)
    role = context.role
    values: dict[str, object] = {
        "kind": w.kind.value,
        "tone": w.tone.value,
        "variant": w.variant,
        "candidate": context.candidate_name,
        "company": context.company,
        "role": role,
        "the_role": _the_role(w, role),
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
        "skills": _join(w, skills),
        "skill_list": context.skills,
        "news": context.news.title if context.news else "",
        "news_url": context.news.url if context.news else "",
        "news_quoted": "",
        "outcome": context.outcome,
        "outcome_sentence": "",
        "deadline": _date(w, context.offer_deadline) if context.offer_deadline else "",
        "decision_by": _date(w, context.decision_by) if context.decision_by else "",
        "observance": "",
        "questions": (),
        "signature": context.signature or context.candidate_name,
    }
    if context.news:
        quote = str(bank.node("words", "quote"))
        values["news_quoted"] = w.renderer.text(quote, {"text": context.news.title})
    if context.outcome:
        values["outcome_sentence"] = _outcome(bank, context.outcome)
    values["greeting"] = _greeting(w, person, honorific, values)
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


def _greeting(w: _Writer, person: Person, honorific: str, values: Mapping[str, object]) -> str:
    """CONTENT-008: mirror a recorded title; otherwise by tone, always with a name."""
    if honorific and values["last"]:
        source = str(w.bank.node("greeting", "titled"))
    else:
        source = str(w.bank.node("greeting", w.tone.value))
    return w.renderer.text(source, values)


def _the_role(w: _Writer, role: str) -> str:
    if not role:
        return str(w.bank.node("words", "the_role_unknown"))
    nouns = {str(n).casefold() for n in w.bank.node("words", "role_nouns")}
    if role.split()[-1].casefold() in nouns:
        return w.renderer.text("the {{ role }}", {"role": role})
    return w.say("the_role", kind="words", role=role)


def _date(w: _Writer, day: date) -> str:
    months = w.bank.node("words", "months")
    weekdays = w.bank.node("words", "weekdays")
    return w.renderer.text(
        str(w.bank.node("words", "date")),
        {"day": day.day, "month": months[day.month - 1], "weekday": weekdays[day.weekday()]},
    )


def _join(w: _Writer, items: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C", with the locale's word for "and"."""
    if len(items) < 2:
        return items[0] if items else ""
    word = str(w.bank.node("words", "and"))
    comma = "," if w.bank.node("words", "serial_comma") and len(items) > 2 else ""
    return f"{', '.join(items[:-1])}{comma} {word} {items[-1]}"


def _outcome(bank: PhraseBank, outcome: str) -> str:
    """A stage name becomes the bank's sentence; other text is used as a sentence."""
    table = bank.node("gratitude", "outcome")
    known = table.get(outcome.strip().casefold())
    if known:
        return str(known)
    text = outcome.strip()
    text = text[0].upper() + text[1:] if text[:1].islower() else text
    return text if text[-1:] in ".!?" else f"{text}."


def _rank(context: NoteContext) -> int:
    """The recipient's place among the interview's people, by name: stable and distinct."""
    person = context.recipient
    if person is None or not context.others:
        return 0
    people = sorted({(p.name.casefold(), p.email.casefold()) for p in (person, *context.others)})
    return people.index((person.name.casefold(), person.email.casefold()))


def _rotate(items: Sequence[str], by: int) -> tuple[str, ...]:
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


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE = re.compile(r" +([,.;:!?])")
_BLANK_LINES = re.compile(r"\n{3,}")


def _tidy(text: str) -> str:
    """Remove what empty optional parts leave behind: double spaces and blank lines."""
    lines = [_SPACE_BEFORE.sub(r"\1", _SPACES.sub(" ", line)).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


# ------------------------------------------------------------------------- kinds

_Slots = dict[str, object]


def _thank_you(w: _Writer, c: NoteContext, on: date | None) -> _Slots:
    """CONTENT-001: thanks naming the role, a specific reference, the fit, enthusiasm."""
    v = w.values
    if on is not None and c.interview_end is not None and (on - c.interview_end.date()).days > 6:
        v["weekday"] = ""  # "on Tuesday" only reads right within the week
    slots: _Slots = {"thanks": w.say("thanks")}
    if v["topic"]:
        slots["reference"] = w.say("reference")
        slots["reference_more"] = w.say("reference_more") if v["topic2"] else ""
    else:
        slots["reference"] = w.say("reference_general")
        slots["reference_more"] = ""
        w.note("topics")
    if v["project"] and v["skills"]:
        slots["fit"] = w.say("fit_both")
    elif v["project"]:
        slots["fit"] = w.say("fit_project")
        w.note("skills")
    elif v["skills"]:
        slots["fit"] = w.say("fit_skills")
        w.note("project")
    else:
        slots["fit"] = ""
        w.note("project")
        w.note("skills")
    slots["enthusiasm"] = w.say("enthusiasm")
    slots["invitation"] = w.say("invitation")
    return slots


def _coordinator_thanks(w: _Writer, c: NoteContext, on: date | None) -> _Slots:
    """TIMING-005: the coordinator or recruiter gets a short version."""
    return {
        "thanks": w.say("thanks"),
        "smooth": w.say("smooth"),
        "enthusiasm": w.say("enthusiasm"),
        "invitation": w.say("invitation"),
    }


def _status_check(w: _Writer, c: NoteContext, on: date | None) -> _Slots:
    """CONTENT-011; the added value (CAD-005, NEWS-002) is news, else a topic."""
    v = w.values
    if v["news"]:
        value = w.say("value_news")
    elif v["topic"]:
        value = w.say("value_topic")
    else:
        value = ""
        w.note("value")
    return {
        "opening": w.say("opening"),
        "value": value,
        "interest": w.say("interest"),
        "question": w.say("question"),
        "offer_help": w.say("offer_help"),
        "thanks": w.say("thanks"),
    }


def _offer_thanks(w: _Writer, c: NoteContext, on: date | None) -> _Slots:
    """OFFER-002 with the clarification questions of OFFER-004."""
    checklist: Mapping[str, Mapping[str, Any]] = w.bank.node("offer", "checklist")
    questions: list[str] = []
    for concern in c.offer_concerns:
        key = _checklist_item(checklist, concern)
        ask = str(checklist[key]["ask"]) if key else w.say("concern", concern=concern)
        if ask not in questions:
            questions.append(ask)
    if not c.offer_concerns:
        defaults = [k for k, item in checklist.items() if item.get("default")]
        if c.offer_deadline:
            defaults = [k for k in defaults if k != "deadline"]
        questions = [str(checklist[k]["ask"]) for k in defaults]
        rest = [str(item["ask"]) for k, item in checklist.items() if k not in defaults]
        rest = [r for r in rest if not (c.offer_deadline and r == checklist["deadline"]["ask"])]
        w.note("offer_concerns", asked="; ".join(questions), rest="; ".join(rest))
    elif not c.offer_deadline and checklist["deadline"]["ask"] not in questions:
        questions.append(str(checklist["deadline"]["ask"]))
    if not c.offer_deadline:
        w.note("offer_deadline")
    w.values["questions"] = tuple(questions)
    return {
        "thanks": w.say("thanks"),
        "received": w.say("received"),
        "enthusiasm": w.say("enthusiasm"),
        "questions_intro": w.say("questions_intro") if questions else "",
        "questions": tuple(questions),
        "deadline": w.say("deadline") if c.offer_deadline else "",
        "invitation": w.say("invitation"),
    }


def _checklist_item(checklist: Mapping[str, Mapping[str, Any]], concern: str) -> str | None:
    words = f" {_plain(concern)} "
    for key, item in checklist.items():
        if any(f" {_plain(str(k))} " in words for k in item.get("keywords", ())):
            return key
    return None


def _offer_accept(w: _Writer, c: NoteContext, on: date | None) -> _Slots:
    """OFFER-008: accept and ask for the terms in writing; the terms are not on record."""
    w.note("offer_terms")
    return {
        "accept": w.say("accept"),
        "terms": w.say("terms"),
        "enthusiasm": w.say("enthusiasm"),
        "invitation": w.say("invitation"),
    }


def _offer_decline(w: _Writer, c: NoteContext, on: date | None) -> _Slots:
    """DECLINE-001: thanks, an unambiguous no, a neutral reason, the door left open."""
    return {
        "thanks": w.say("thanks"),
        "decline": w.say("decline"),
        "reason": w.say("reason"),
        "door": w.say("door"),
        "wishes": w.say("wishes"),
    }


def _rejection_reply(w: _Writer, c: NoteContext, on: date | None) -> _Slots:
    """REJECT-003: gracious, one positive, interest, at most one feedback request."""
    return {
        "thanks": w.say("thanks"),
        "accept": w.say("accept"),
        "positive": w.say("positive_topic") if w.values["topic"] else w.say("positive_general"),
        "interest": w.say("interest"),
        "feedback": w.say("feedback"),
        "wishes": w.say("wishes"),
    }


def _check_in(w: _Writer, c: NoteContext, on: date | None) -> _Slots:
    """NURTURE-002: give before you ask: news, an update, or the earlier conversation."""
    v = w.values
    if v["news"]:
        give = w.say("give_news")
    elif v["outcome_sentence"]:
        give = w.say("give_outcome")
    elif v["topic"]:
        give = w.say("give_topic")
    else:
        give = w.say("give_general")
        w.note("give")
    return {"opening": w.say("opening"), "give": give, "invitation": w.say("invitation")}


def _holiday(w: _Writer, c: NoteContext, on: date | None) -> _Slots:
    """HOLIDAY-002/004/005: inclusive unless the recipient's observance is known; no pitch."""
    wish = ""
    if on is not None and c.observes:
        table: Mapping[str, Mapping[str, Any]] = w.bank.node("holiday", "observances")
        for observed in c.observes:
            item = table.get(_plain(observed).replace(" ", "-"))
            if item and on.month in item.get("months", ()):
                wish = w.say("wish_observed", observance=str(item["name"]))
                break
    if not wish:
        new_year = on is not None and on.month == 1
        wish = w.say("wish_new_year" if new_year else "wish")
    relationship = w.say("relationship_topic") if w.values["topic"] else w.say("relationship")
    return {"wish": wish, "relationship": relationship, "rest": w.say("rest")}


def _news_note(w: _Writer, c: NoteContext, on: date | None) -> _Slots:
    """NEWS-001: congratulate on a named update; never without one on record."""
    if c.news is None or not c.news.title.strip():
        raise ValidationError("news", "a news note needs a company update on record")
    tie = w.say("tie_topic") if w.values["topic"] else w.say("tie")
    return {"congrats": w.say("congrats"), "tie": tie, "invitation": w.say("invitation")}


def _gratitude(w: _Writer, c: NoteContext, on: date | None) -> _Slots:
    """NURTURE-005: thank the helper and close the loop on the outcome."""
    if not c.outcome:
        w.note("outcome")
    v = w.values
    if v["topic"]:
        recall = w.say("recall_topic")
    elif v["project"]:
        recall = w.say("recall_project")
    else:
        recall = w.say("recall_general")
    return {
        "thanks": w.say("thanks"),
        "recall": recall,
        "support": w.say("support"),
        "return": w.say("return"),
    }


def _offer_reminder(w: _Writer, c: NoteContext, on: date | None) -> _Slots:
    """OFFER-007: stay in touch while deciding, and keep the promised date."""
    if not c.offer_deadline:
        w.note("offer_deadline")
    return {
        "update": w.say("update"),
        "deadline": w.say("deadline") if c.offer_deadline else "",
        "enthusiasm": w.say("enthusiasm"),
        "thanks": w.say("thanks"),
    }


def _withdrawal(w: _Writer, c: NoteContext, on: date | None) -> _Slots:
    """OFFER-009: withdraw promptly and courteously after accepting elsewhere."""
    return {"withdraw": w.say("withdraw"), "thanks": w.say("thanks"), "door": w.say("door")}


_BUILDERS: dict[Kind, Callable[[_Writer, NoteContext, date | None], _Slots]] = {
    Kind.THANK_YOU: _thank_you,
    Kind.COORDINATOR_THANKS: _coordinator_thanks,
    Kind.STATUS_CHECK: _status_check,
    Kind.OFFER_THANKS: _offer_thanks,
    Kind.OFFER_REMINDER: _offer_reminder,
    Kind.OFFER_ACCEPT: _offer_accept,
    Kind.OFFER_DECLINE: _offer_decline,
    Kind.WITHDRAWAL: _withdrawal,
    Kind.REJECTION_REPLY: _rejection_reply,
    Kind.CHECK_IN: _check_in,
    Kind.HOLIDAY: _holiday,
    Kind.NEWS_NOTE: _news_note,
    Kind.GRATITUDE: _gratitude,
}
