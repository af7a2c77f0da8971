"""One lint run (the inputs, the analysed text, the findings so far) and the `@check`
decorator that registers a function as the check of its rules."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo

from followup.domain.records.followups import Kind
from followup.domain.records.zones import zone_country
from followup.domain.timing import policy as policies
from followup.domain.timing.cadence import Thread
from followup.domain.timing.calendar import BusinessCalendar, HolidayCalendar
from followup.domain.writing.context import NoteContext, Person
from followup.domain.writing.lint import prose as analysis
from followup.domain.writing.lint.lexicon import spelling as spelling_words
from followup.domain.writing.lint.model import Finding, LintConfig, Matcher, Note, Speller
from followup.domain.writing.lint.rules import RULES, Severity


class Run:
    """One lint run: the inputs, the analysed text and the findings so far."""

    def __init__(
        self,
        note: Note,
        context: NoteContext | None,
        kind: Kind,
        sent_at: datetime | None,
        config: LintConfig,
        speller: Speller | None,
        matcher: Matcher | None,
        policy: policies.Policy,
        holidays: HolidayCalendar,
        thread: Thread | None,
    ) -> None:
        self.note = note
        self.ctx = context
        self.kind = kind
        self.sent_at = sent_at
        self.config = config
        self.speller = speller
        self.matcher = matcher
        self.policy = policy
        self.holidays = holidays
        self.thread = thread
        self.body = analysis.analyse(note.body)
        self.subject = note.subject
        self.findings: list[Finding] = []

    def on(self, rule: str) -> bool:
        """Is `rule` selected, and does it apply to this kind of message?"""
        kinds = RULES[rule].kinds
        return rule in self.config.rules and (kinds is None or self.kind in kinds)

    def emit(
        self,
        rule: str,
        start: int,
        end: int,
        message: str,
        hint: str | Callable[[], str] = "",
        severity: Severity | None = None,
        *,
        in_subject: bool = False,
    ) -> None:
        """Report `rule` at offsets start..end of the body (of the subject if `in_subject`);
        `severity` overrides the rule's default."""
        if in_subject:
            line = self.note.subject_line
            column = self.note.subject_column + start
        else:
            row, col = self.body.position(start)
            line, column = self.note.body_line + row, col + 1
        self.findings.append(
            Finding(
                rule,
                Severity.ERROR if rule in self.config.enforce else severity or RULES[rule].severity,
                message,
                line,
                column,
                start,
                end,
                hint,
                in_subject,
            )
        )

    def segments(self) -> Iterator[tuple[str, bool]]:
        """The body's plain text and the subject, with whether it is the subject."""
        yield self.body.plain, False
        if self.subject:
            yield self.subject, True

    # -- what the checks share, computed once per run ----------------------------------------
    @cached_property
    def people(self) -> list[Person]:
        if self.ctx is None:
            return []
        people = [self.ctx.recipient] if self.ctx.recipient else []
        return people + [p for p in self.ctx.others if p.name]

    @cached_property
    def known_words(self) -> frozenset[str]:
        """Lower-case words that are right by definition: names, company, topics, word list.
        (The general supplement, lexicon.spelling.EXTRA_WORDS, is checked on its own.)"""
        if self.ctx is None:
            return self.config.words
        return _union(self.config.words, _context_words(self.ctx))

    @cached_property
    def capitalised(self) -> list[tuple[re.Match[str], str]]:
        """The body's capitalised words, where names are looked for, with their normal form."""
        return [
            (m, analysis.norm(m.group()).removesuffix("'s"))
            for m in self.body.words
            if m.group()[:1].isupper()
        ]

    @property
    def name_tokens(self) -> frozenset[str]:
        """Every token of every proper name on record, normalised."""
        return _name_tokens(self.ctx) if self.ctx is not None else frozenset()

    def dictionary_word(self, word: str) -> bool:
        """Is `word` in the supplement or the speller's dictionary?"""
        lower = word.casefold().replace("’", "'")
        if lower in spelling_words.EXTRA_WORDS:
            return True
        return self.speller is not None and not self.speller.unknown([lower])

    def hits(
        self, phrases: analysis.Phrases, entries: Sequence[tuple[str, str]], text: str | None = None
    ) -> Iterator[tuple[int, int, str, str]]:
        """(start, end, matched text, suggestion) for each phrase in the body or `text`."""
        original = self.body.prose if text is None else text
        lowered = self.body.lower_prose if text is None else analysis.lower(text)
        for m in phrases.finditer(lowered):
            fix = entries[phrases.which(lowered, m)][1]
            yield m.start(), m.end(), original[m.start() : m.end()], fix

    @cached_property
    def calendar(self) -> BusinessCalendar | None:
        """The recipient's business calendar (their zone and country), None without an
        interview end."""
        ctx = self.ctx
        if ctx is None or ctx.interview_end is None:
            return None
        zone = ctx.interview_end.tzinfo or UTC
        country = ""
        if ctx.recipient is not None:
            if ctx.recipient.tz:
                # Validated on the way in; keep the interview's zone if it is not known here.
                with suppress(ValueError, OSError):
                    zone = ZoneInfo(ctx.recipient.tz)
            country = ctx.recipient.country
        if not country and isinstance(zone, ZoneInfo):
            # As the planner does (recipient_country): the zone's country keeps its holidays.
            country = zone_country(zone.key) or ""
        return _calendar(zone, country, self.policy, self.holidays)


_CALENDARS: dict[tuple[object, ...], BusinessCalendar] = {}


def _calendar(
    zone: tzinfo, country: str, policy: policies.Policy, holidays: HolidayCalendar
) -> BusinessCalendar:
    """One calendar per zone, country, policy and holiday source, reused across notes so
    that its business days are computed once (as the planner does)."""
    key = (zone, country, id(policy), id(holidays))
    cal = _CALENDARS.get(key)
    if cal is None or cal.policy is not policy or cal.holidays is not holidays:
        if len(_CALENDARS) >= 64:
            _CALENDARS.clear()
        cal = _CALENDARS[key] = BusinessCalendar(zone, country, policy, holidays)
    return cal


@lru_cache(maxsize=64)
def _name_tokens(ctx: NoteContext) -> frozenset[str]:
    """Every token of every proper name of a context, normalised, with and without a
    final period ("co." and "co")."""
    names = [
        ctx.candidate_name,
        ctx.company,
        *ctx.other_companies,
        *ctx.projects,
        *ctx.topics,
        ctx.role,
    ]
    people = [ctx.recipient] if ctx.recipient else []
    names += [p.name for p in (*people, *ctx.others) if p.name]
    out: set[str] = set()
    for name in names:
        for token in analysis.norm(name).split():
            out.update((token, token.rstrip(".")))
    return frozenset(out)


@lru_cache(maxsize=64)
def _union(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    return a | b


@lru_cache(maxsize=64)
def capitals(words: frozenset[str]) -> frozenset[str]:
    """Known words in capitals, as the all-caps rule compares them."""
    return frozenset(w.upper() for w in words if len(w) > 1)


@lru_cache(maxsize=64)
def _context_words(ctx: NoteContext) -> frozenset[str]:
    """Every word of the names, company, role, topics and projects of a context."""
    phrases: list[str] = [
        ctx.candidate_name,
        ctx.company,
        ctx.role,
        ctx.signature,
        ctx.candidate_email.split("@")[0],
        *ctx.topics,
        *ctx.projects,
        *ctx.skills,
        *ctx.other_companies,
        *ctx.known_words,
        *ctx.offer_concerns,
    ]
    if ctx.news:
        phrases.append(ctx.news.title)
    people = [ctx.recipient, *ctx.others] if ctx.recipient else list(ctx.others)
    for person in people:
        phrases += [person.name, person.title, *person.topics]
    known: set[str] = set()
    for phrase in phrases:
        for m in analysis.WORD.finditer(phrase):
            word = m.group().casefold().replace("’", "'")
            known.add(word)
            known.update(word.split("-"))
    return frozenset(known)


Checker = Callable[[Run], None]


@dataclass(frozen=True, slots=True)
class Check:
    """A check function and the rule names it may emit (each rule has exactly one check)."""

    rules: tuple[str, ...]
    function: Checker
    name: str


def check(*rules: str) -> Callable[[Checker], Check]:
    """Declare a function as the check of `rules`: `@check("too-long")`."""
    unknown = [r for r in rules if r not in RULES]
    if not rules or unknown:
        raise ValueError(f"@check: no rule or unknown rules {unknown}")

    def register(function: Checker) -> Check:
        return Check(rules, function, function.__name__)

    return register
