"""The follow-up linter: rules over one message, returning findings as data.

`lint(note, context, kind=..., sent_at=..., config=...)` checks a subject and body against
domain-rules.md §4 and §6 (CONTENT-*, LINT-*), the timing rules (TIMING-*) and the
cadence guard (CAD-*). Every finding names a stable rule, a location, a reason and,
where one exists, a fix. The spell checker and the fuzzy matcher are injected
(`Speller`, `Matcher`); without them the rules that need them are skipped.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, tzinfo
from functools import cached_property, lru_cache
from itertools import pairwise
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from followup.domain.errors import ValidationError
from followup.domain.records.followups import Kind
from followup.domain.timing import policy as policies
from followup.domain.timing.cadence import Thread
from followup.domain.timing.calendar import BusinessCalendar, HolidayCalendar, NoHolidays
from followup.domain.timing.windows import status_check as status_window
from followup.domain.timing.windows import thank_you as thank_you_window
from followup.domain.timing.wording import short
from followup.domain.writing.context import NoteContext, Person
from followup.domain.writing.lint import lexicon
from followup.domain.writing.lint import prose as analysis
from followup.domain.writing.lint.rules import (
    GROUPS,
    RULES,
    Rule,
    Severity,
    check_rule_names,
    explain,
)

__all__ = [
    "DEFAULT_CONFIG",
    "GROUPS",
    "RULES",
    "Finding",
    "LengthBand",
    "LintConfig",
    "Matcher",
    "Note",
    "Rule",
    "Severity",
    "Speller",
    "check_rule_names",
    "config_from",
    "explain",
    "has_errors",
    "lint",
    "word_count",
]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: where it is, what is wrong, and how to fix it.

    `start`/`end` are character offsets into the body (into the subject for findings on
    the subject line); `line`/`column` are 1-based positions in the source file.
    The suggestion may be computed on first access (spelling), so it is a property.
    """

    rule: str
    severity: Severity
    message: str
    line: int
    column: int
    start: int
    end: int
    hint: str | Callable[[], str] = field(default="", compare=False, repr=False)
    in_subject: bool = field(default=False, compare=False)

    @property
    def suggestion(self) -> str:
        return self.hint() if callable(self.hint) else self.hint

    def as_dict(self) -> dict[str, object]:
        """The public JSON shape of one finding."""
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "start": self.start,
            "end": self.end,
            "suggestion": self.suggestion,
        }


class Speller(Protocol):
    """An offline dictionary (LINT-005)."""

    def unknown(self, words: Collection[str]) -> set[str]:
        """The lower-case `words` the dictionary does not know."""
        ...

    def suggest(self, word: str) -> str | None:
        """The most likely correction of a lower-case word, or None."""
        ...


class Matcher(Protocol):
    """Fuzzy similarity of two short strings, for near-miss names (LINT-002, LINT-003)."""

    def similarity(self, a: str, b: str) -> float:
        """0.0 (nothing alike) to 1.0 (identical)."""
        ...


@dataclass(frozen=True, slots=True)
class Note:
    """A message to check: its subject (None when it has no subject line) and body.

    `body_line` and `subject_line` are the 1-based lines where they start in the source,
    `subject_column` the column of the subject's first character, so findings point
    into the file the user edits.
    """

    body: str
    subject: str | None = None
    body_line: int = 1
    subject_line: int = 1
    subject_column: int = 10  # after "Subject: "


@dataclass(frozen=True, slots=True)
class LengthBand:
    """Word counts for one kind: the target, the warning bounds and the error bound."""

    low: int
    high: int
    warn_below: int
    warn_above: int
    error_above: int


_DEFAULT_LENGTHS: dict[str, LengthBand] = {
    Kind.THANK_YOU: LengthBand(75, 175, 50, 250, 400),  # CONTENT-003
    Kind.COORDINATOR_THANKS: LengthBand(30, 120, 20, 200, 400),
    Kind.STATUS_CHECK: LengthBand(50, 120, 30, 200, 400),  # CONTENT-003
    Kind.HOLIDAY: LengthBand(25, 80, 15, 120, 300),  # CONTENT-003, HOLIDAY-004
}
_OTHER_LENGTH = LengthBand(30, 250, 20, 350, 600)


@dataclass(frozen=True, slots=True, kw_only=True)
class LintConfig:
    """Which rules run and their thresholds; from `[lint]` in the config file."""

    rules: frozenset[str] = frozenset(RULES)
    lengths: Mapping[str, LengthBand] = field(default_factory=lambda: dict(_DEFAULT_LENGTHS))
    max_paragraph_words: int = 80  # LINT-007
    max_paragraph_sentences: int = 4  # LINT-007
    subject_max: int = 60  # CONTENT-002
    max_exclamations: int = 1  # LINT-014
    duplicate_warn: float = 0.80  # LINT-009
    duplicate_error: float = 0.95  # LINT-009
    words: frozenset[str] = frozenset()  # the user's own word list (lower-case)

    def length(self, kind: Kind) -> LengthBand:
        return self.lengths.get(kind.value, _OTHER_LENGTH)

    def selecting(self, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> LintConfig:
        """A copy with `select` replacing the rule set (if given) and `ignore` removed."""
        rules = set(check_rule_names(select, "--select")) if select else set(self.rules)
        rules -= set(check_rule_names(ignore, "--ignore"))
        return replace(self, rules=frozenset(rules))


DEFAULT_CONFIG = LintConfig()

_CONFIG_KEYS = (
    "select",
    "ignore",
    "extend-select",
    "words",
    "length",
    "max-paragraph-words",
    "max-paragraph-sentences",
    "subject-max",
    "max-exclamations",
    "duplicate-warn",
    "duplicate-error",
)


def config_from(config: Mapping[str, Any]) -> LintConfig:
    """Read `[lint]` from a parsed config file; errors name the key (`lint.select`)."""
    raw = config.get("lint")
    if raw is None:
        return DEFAULT_CONFIG
    if not isinstance(raw, Mapping):
        raise ValidationError("lint", "must be a table")
    for key in raw:
        if key not in _CONFIG_KEYS:
            close = difflib.get_close_matches(str(key), _CONFIG_KEYS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValidationError(f"lint.{key}", f"unknown setting{hint}")
    rules = set(RULES)
    if "select" in raw:
        rules = set(check_rule_names(_strings(raw["select"], "lint.select"), "lint.select"))
    rules |= set(
        check_rule_names(
            _strings(raw.get("extend-select", []), "lint.extend-select"), "lint.extend-select"
        )
    )
    rules -= set(check_rule_names(_strings(raw.get("ignore", []), "lint.ignore"), "lint.ignore"))
    lengths = dict(_DEFAULT_LENGTHS)
    table = raw.get("length", {})
    if not isinstance(table, Mapping):
        raise ValidationError("lint.length", "must be a table such as { thank-you = [75, 175] }")
    for kind_name, band in table.items():
        where = f"lint.length.{kind_name}"
        try:
            kind = Kind(kind_name)
        except ValueError:
            raise ValidationError(where, "unknown kind of message") from None
        if (
            not isinstance(band, list)
            or len(band) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) for n in band)
            or not 1 <= band[0] < band[1] <= 5000
        ):
            raise ValidationError(where, "must be two word counts [low, high], low < high")
        base = lengths.get(kind, _OTHER_LENGTH)
        low, high = band
        lengths[kind] = LengthBand(
            low,
            high,
            min(base.warn_below, low),
            max(base.warn_above, high),
            max(base.error_above, high + 1),
        )
    return LintConfig(
        rules=frozenset(rules),
        lengths=lengths,
        max_paragraph_words=_int(raw, "max-paragraph-words", 80, 10, 1000),
        max_paragraph_sentences=_int(raw, "max-paragraph-sentences", 4, 1, 50),
        subject_max=_int(raw, "subject-max", 60, 10, 998),
        max_exclamations=_int(raw, "max-exclamations", 1, 0, 100),
        duplicate_warn=_ratio(raw, "duplicate-warn", 0.80),
        duplicate_error=_ratio(raw, "duplicate-error", 0.95),
        words=frozenset(w.casefold() for w in _strings(raw.get("words", []), "lint.words")),
    )


def _strings(value: object, where: str) -> list[str]:
    if isinstance(value, str):
        return [v for v in re.split(r"[,\s]+", value) if v]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(where, "must be a list of strings")
    return list(value)


def _int(raw: Mapping[str, Any], key: str, default: int, low: int, high: int) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(f"lint.{key}", f"must be a whole number from {low} to {high}")
    return value


def _ratio(raw: Mapping[str, Any], key: str, default: float) -> float:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise ValidationError(f"lint.{key}", "must be a number above 0 and at most 1")
    return float(value)


# --- text analysis --------------------------------------------------------------------------

_DIGIT = re.compile(r"\d")
_NEXT_WORD = re.compile(r"[ \t\u00a0]+([^\W\d_][\w'’-]*)")
# Case-insensitive here; lower-case only for the short ones ("U.S." and "R" are not slang).
_SLANG = analysis.Phrases(sorted(lexicon.SLANG, key=len, reverse=True))
_OWN_JOB = frozenset({"my", "previous", "former", "past", "last", "old", "current", "prior"})


_GRATITUDE = analysis.Phrases(lexicon.GRATITUDE)
_NOT_GRATITUDE = analysis.Phrases(lexicon.NOT_GRATITUDE)
_ENTHUSIASM = analysis.Phrases(lexicon.ENTHUSIASM)
_INVITATION = analysis.Phrases(lexicon.INVITATION)
_DETAIL = analysis.Phrases(lexicon.DETAIL_MARKERS)
_PLACEHOLDER = analysis.phrase_regex([p for p, _ in lexicon.PLACEHOLDERS], words=False)
_PUSHY = analysis.Phrases([p for p, _ in lexicon.PUSHY])
_DESPERATE = analysis.Phrases([p for p, _ in lexicon.DESPERATE])
_APOLOGY = analysis.Phrases([p for p, _ in lexicon.APOLOGY])
_NEGATIVE = analysis.Phrases([p for p, _ in lexicon.NEGATIVE])
_SALARY = analysis.Phrases([p for p, _ in lexicon.SALARY])
_CASUAL = analysis.Phrases([p for p, _ in lexicon.CASUAL_PHRASES])
_EMOJI = re.compile(
    "[\U0001f300-\U0001faff\U0001f000-\U0001f2ff\u2600-\u27bf\u2b50\u2b55\u203c\u2049\ufe0f]+"
)
_EMOTICON = re.compile(
    r"(?<!\S)(?:" + "|".join(re.escape(e) for e in lexicon.EMOTICONS) + r")(?=\s|$|[.,!?;])"
)
_CAPS_WORD = re.compile(r"(?<![\w'’])[A-Z][A-Z'’]*[A-Z](?![\w'’])")
_ROLE_NOUN = re.compile(
    r"(?<![\w-])(?:" + "|".join(lexicon.ROLE_NOUNS) + r"|interview)(?![\w-])", re.IGNORECASE
)


_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "phd"})
_NOT_NAMES = lexicon.TITLES | _SUFFIXES  # words of a recorded name that a greeting may drop


def _specific(sentence: str) -> bool:
    """Does a sentence name something specific: a lower-case word that is not a stop word,
    a generic word or part of a job title? (Capitalised words may just be the company.)"""
    for m in analysis.WORD.finditer(sentence):
        word = m.group()
        if not word.islower() or len(word) < 3 or not word.replace("-", "").isalpha():
            continue
        parts = [p for p in word.split("-") if p]
        if any(
            p not in lexicon.STOPWORDS
            and p not in lexicon.GENERIC_WORDS
            and p not in lexicon.TITLE_WORDS
            and not _DETAIL.fullmatch(p)
            for p in parts
        ):
            return True
    return False


# --- the rules ------------------------------------------------------------------------------


class _Run:
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
        if in_subject:
            line = self.note.subject_line
            column = self.note.subject_column + start
        else:
            row, col = self.body.position(start)
            line, column = self.note.body_line + row, col + 1
        self.findings.append(
            Finding(
                rule,
                severity or RULES[rule].severity,
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

    # -- context helpers --------------------------------------------------------------------
    @cached_property
    def people(self) -> list[Person]:
        if self.ctx is None:
            return []
        people = [self.ctx.recipient] if self.ctx.recipient else []
        return people + [p for p in self.ctx.others if p.name]

    @cached_property
    def known_words(self) -> frozenset[str]:
        """Lower-case words that are right by definition: names, company, topics, word list.
        (The general supplement, lexicon.EXTRA_WORDS, is checked on its own.)"""
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
        lower = word.casefold().replace("’", "'")
        if lower in lexicon.EXTRA_WORDS:
            return True
        return self.speller is not None and not self.speller.unknown([lower])

    # -- structure ---------------------------------------------------------------------------
    def check_structure(self) -> None:
        prose = self.body.lower_prose[: self.body.signature_start]
        if self.on("missing-gratitude") and not self._has_gratitude(prose):
            role = f" about the {self.ctx.role} role" if self.ctx and self.ctx.role else ""
            self.emit(
                "missing-gratitude",
                0,
                0,
                "the note never thanks the reader",
                f"Thank them for their time, e.g. “Thank you for speaking with me{role}.”",
            )
        informational = self.ctx is not None and self.ctx.interview_kind == "informational"
        if (
            self.on("missing-enthusiasm")
            and not informational
            and not self._has(prose, _ENTHUSIASM, negatable=True)
        ):
            self.emit(
                "missing-enthusiasm",
                0,
                0,
                "the note does not reaffirm your interest",
                "Add one sentence of interest, e.g. “I am excited about the chance to "
                "join the team.”",
            )
        if self.on("missing-invitation") and not self._has(prose, _INVITATION):
            self.emit(
                "missing-invitation",
                0,
                0,
                "no invitation to ask questions or continue the conversation",
                "Close with an offer, e.g. “Please let me know if I can share anything else.”",
            )
        if self.on("not-personalized"):
            self._check_personalized()

    def _has_gratitude(self, prose: str) -> bool:
        refusals = [m.span() for m in _NOT_GRATITUDE.finditer(prose)]
        for m in _GRATITUDE.finditer(prose):
            if not any(s <= m.start() < e for s, e in refusals):
                return True
        return False

    def _has(self, prose: str, pattern: analysis.Phrases, *, negatable: bool = False) -> bool:
        for m in pattern.finditer(prose):
            if not negatable or not self._negated(prose, m.start()):
                return True
        return False

    @staticmethod
    def _negated(prose: str, start: int) -> bool:
        """A negator in the same clause, up to six words back: "no longer sure I am"."""
        window = prose[max(0, start - 60) : start]
        window = re.split(r"[,;:.!?\n]|\bbut\b", window)[-1]
        before = re.findall(r"[\w'’]+", window)[-6:]
        return any(
            w.casefold().replace("’", "'") in lexicon.NEGATORS
            or w.casefold().endswith(("n't", "n’t"))
            for w in before
        )

    def _check_personalized(self) -> None:
        ctx = self.ctx
        topics: list[str] = []
        if ctx is not None:
            topics = [*ctx.recipient_topics, *ctx.projects]
            if ctx.news:
                topics.append(ctx.news.title)
        if topics:
            stems = self.body.stems
            for topic in topics:
                terms = analysis.content_terms(topic)
                if terms and sum(stems.has(t) for t in terms) >= math.ceil(len(terms) / 2):
                    return
            shown = "; ".join(topics[:3])
            self.emit(
                "not-personalized",
                0,
                0,
                "the note mentions none of the topics or projects you discussed",
                f"Refer to one of them, e.g. {shown}.",
            )
            return
        prose = self.body.body_prose()
        lowered = self.body.lower_prose
        start_at = self.body.greeting.line_end if self.body.greeting else 0
        for m in _DETAIL.finditer(lowered, start_at, len(prose)):
            if _specific(analysis.sentence_around(prose, m.start(), m.end())):
                return
        self.emit(
            "not-personalized",
            0,
            0,
            "no specific detail from the conversation",
            "Mention one thing you discussed, e.g. “I enjoyed hearing how you …”.",
        )

    # -- facts -------------------------------------------------------------------------------
    def check_placeholders(self) -> None:
        if not self.on("unfilled-placeholder"):
            return
        for text, in_subject in self.segments():
            for m in _PLACEHOLDER.finditer(text):
                found = m.group()
                inner = found.strip("[]{}<>% $_").casefold()
                if found.startswith("[") and inner.isdigit():
                    continue  # a footnote marker
                self.emit(
                    "unfilled-placeholder",
                    m.start(),
                    m.end(),
                    f"unfilled placeholder “{found}”",
                    self._fill(inner),
                    in_subject=in_subject,
                )
        greeting = self.body.greeting
        if greeting and not greeting.name and greeting.word.casefold() == "dear":
            self.emit(
                "unfilled-placeholder",
                greeting.word_start,
                greeting.name_end or greeting.line_end,
                "the greeting names nobody",
                self._fill("name"),
            )

    def _fill(self, key: str) -> str:
        ctx = self.ctx
        value = ""
        if ctx is not None:
            if "company" in key:
                value = ctx.company
            elif "role" in key or "position" in key or "title" in key:
                value = ctx.role
            elif ("name" in key or "interviewer" in key or "first" in key) and ctx.recipient:
                value = _given_name(ctx.recipient)
        return f"Replace it with “{value}”." if value else "Fill it in or delete it."

    def check_company(self) -> None:
        ctx = self.ctx
        if not self.on("wrong-company") or ctx is None:
            return
        index = _company_index(ctx.company, ctx.other_companies)
        if index:
            for text, in_subject in self.segments():
                words = self.body.words if not in_subject else list(analysis.WORD.finditer(text))
                own = _spans_of(ctx.company, text) if ctx.company else []
                for start, end, name in _mentions(text, words, index):
                    if any(a < end and start < b for a, b in own):
                        continue  # "Blue Yonder" inside this company's "Blue Yonder Group"
                    if (
                        " " not in name
                        and not in_subject
                        and self.body.sentence_initial(start)
                        and self.dictionary_word(name)
                    ):
                        continue  # "Apple pie is ..." at a sentence start: the fruit
                    self.emit(
                        "wrong-company",
                        start,
                        end,
                        f"mentions {name}, another company you applied to",
                        f"Replace it with “{ctx.company}”." if ctx.company else "",
                        in_subject=in_subject,
                    )
        if ctx.company and self.matcher is not None:
            self._near_misses(
                "wrong-company",
                ctx.company,
                0.75,
                lambda found: f"“{found}” looks like a misspelling of {ctx.company}",
                f"Write “{ctx.company}”.",
            )

    def _near_misses(
        self, rule: str, target: str, cutoff: float, message: Callable[[str], str], fix: str
    ) -> None:
        """Report runs of words, in the same shape as `target`, that are close to but not
        exactly it. The shape: as many words, each capitalised unless the target's word is
        the same small word ("of", "and"), joined as the target joins them ("&" included),
        never across a sentence end."""
        assert self.matcher is not None
        parts = list(analysis.WORD.finditer(target))
        if not parts:
            return
        size = len(parts)
        wanted_words = [analysis.norm(p.group()) for p in parts]
        wanted = " ".join(wanted_words)
        joins = [_collapse(target[a.end() : b.start()]) for a, b in pairwise(parts)]
        first = wanted[:1]
        for text, in_subject in self.segments():
            words = self.body.words if not in_subject else list(analysis.WORD.finditer(text))
            for i in range(len(words) - size + 1):
                head = words[i].group()
                if head[:1].casefold() != first or not head[:1].isupper():
                    continue
                run = words[i : i + size]
                if not all(
                    w.group()[:1].isupper() or analysis.norm(w.group()) == wanted_words[k]
                    for k, w in enumerate(run)
                ):
                    continue
                if any(
                    _collapse(text[a.end() : b.start()]) != join
                    and text[a.end() : b.start()] not in (" ", "\u00a0")
                    for (a, b), join in zip(pairwise(run), joins, strict=True)
                ):
                    continue
                found = text[run[0].start() : run[-1].end()]
                if found.endswith(("'s", "’s")):
                    found = found[:-2]
                key = " ".join(analysis.norm(w.group()) for w in run).removesuffix("'s")
                if (
                    key == wanted
                    or len(key) < 4
                    or key in self.name_tokens
                    or key in self.known_words
                ):
                    continue
                if self.matcher.similarity(key, wanted) < cutoff:
                    continue
                if (
                    size == 1
                    and not in_subject
                    and self.body.sentence_initial(run[0].start())
                    and self.dictionary_word(found)
                ):
                    continue  # "Strive to ..." at a sentence start is a word, not "Stripe"
                start = run[0].start()
                self.emit(
                    rule, start, start + len(found), message(found), fix, in_subject=in_subject
                )

    def check_names(self) -> None:
        ctx = self.ctx
        if not self.on("wrong-name") or ctx is None or ctx.recipient is None:
            return
        recipient = ctx.recipient
        greeting = self.body.greeting
        if (
            greeting
            and greeting.name
            and analysis.norm(greeting.name) not in lexicon.NOT_NAMES
            and not re.search(r"[\[\]{}<>_%$]", greeting.name)
            and analysis.norm(greeting.name).rstrip(".") not in lexicon.TITLES
        ):
            self._check_greeting(greeting, recipient)
        if self.matcher is None:
            return
        start_at = greeting.line_end if greeting else 0
        for person in self.people:
            for token in _name_words(person.name):
                if len(token) < 3:
                    continue
                self._misspelled_token(token, person, start_at)
            self._half_right(person, start_at)

    def _check_greeting(self, greeting: analysis.Greeting, recipient: Person) -> None:
        said = greeting.name
        if _names(said, recipient):
            return
        span = (greeting.name_start, greeting.name_end)
        for other in self.people[1:]:
            if _names(said, other):
                self.emit(
                    "wrong-name",
                    *span,
                    f"greets {other.name}, but this note is for {recipient.name}",
                    f"Write “{greeting.word} {_given_name(recipient)},”.",
                )
                return
        words = _name_words(recipient.name)
        forms = [" ".join(words), *words]
        best = (
            max((self.matcher.similarity(analysis.norm(said), f) for f in forms), default=0.0)
            if self.matcher
            else 0.0
        )
        if best >= 0.7:
            self.emit(
                "wrong-name",
                *span,
                f"“{said}” misspells the recipient's name ({recipient.name})",
                f"Write “{greeting.word} {_closest(said, recipient)},”.",
            )
        else:
            self.emit(
                "wrong-name",
                *span,
                f"greets {said}, but this note is for {recipient.name}",
                f"Write “{greeting.word} {_given_name(recipient)},”.",
            )

    def _misspelled_token(self, token: str, person: Person, start_at: int) -> None:
        assert self.matcher is not None
        for m, key in self.capitalised:
            if m.start() < start_at:
                continue
            found = m.group()
            if key == token or key[:1] != token[:1] or key in self.name_tokens:
                continue
            if abs(len(key) - len(token)) > 2 or self.matcher.similarity(key, token) < 0.8:
                continue
            if self.body.sentence_initial(m.start()) and self.dictionary_word(key):
                continue
            right = next(t for t in person.name.split() if analysis.norm(t) == token)
            self.emit(
                "wrong-name",
                m.start(),
                m.start() + len(key),
                f"“{found}” looks like a misspelling of {person.name}",
                f"Write “{right}”.",
            )

    def _half_right(self, person: Person, start_at: int) -> None:
        """Two capitalised words where one half of a person's name is right and the other is
        not: "Tim Reyes" for Tom Reyes."""
        tokens = _name_words(person.name)
        if len(tokens) < 2:
            return
        first, last = tokens[0], tokens[-1]
        text = self.body.plain
        pattern = re.compile(r"(?<![\w'’-])([A-Z][\w'’-]+) ([A-Z][\w'’-]+)(?![\w'’-])")
        for m in pattern.finditer(text, start_at):
            a, b = analysis.norm(m.group(1)), analysis.norm(m.group(2)).removesuffix("'s")
            if (a, b) == (first, last) or (a != first and b != last):
                continue
            other = a if b == last else b
            right = first if b == last else last
            if other in self.name_tokens or (b == last and _names(m.group(1), person)):
                continue  # another person on record, or a short form of the first name
            assert self.matcher is not None
            similarity = self.matcher.similarity(other, right)
            if not 0.5 <= similarity < 0.8:
                continue  # a different person ("Tom Baker"), or a typo reported already
            self.emit(
                "wrong-name",
                m.start(),
                m.end(),
                f"“{m.group()}” does not match {person.name}",
                f"Write “{person.name}”.",
            )

    def check_role(self) -> None:
        ctx = self.ctx
        if not self.on("wrong-role") or ctx is None or not ctx.role:
            return
        role_terms = [_expand(t) for t in analysis.content_terms(ctx.role)] + [
            _expand(w.casefold()) for w in ctx.role.split()
        ]
        for text, in_subject in self.segments():
            for m in _ROLE_NOUN.finditer(text):
                title = self._title_before(text, m.start(), m.group().casefold())
                if not title:
                    continue
                words, start = title
                if any(w.casefold() in lexicon.TITLE_WORDS for w in words) and not all(
                    any(
                        analysis.same_stem(_expand(w.casefold()), r) or _expand(w.casefold()) == r
                        for r in role_terms
                    )
                    for w in words
                    if w.casefold() in lexicon.TITLE_WORDS or w[:1].isupper()
                ):
                    said = text[start : m.end()]
                    self.emit(
                        "wrong-role",
                        start,
                        m.end(),
                        f"“{said}” is not the role on record ({ctx.role})",
                        f"Write “{ctx.role}”.",
                        in_subject=in_subject,
                    )

    def _title_before(self, text: str, end: int, noun: str) -> tuple[list[str], int] | None:
        """The job-title words right before a role noun, and where they start."""
        words: list[str] = []
        start = end
        for m in reversed(list(analysis.WORD.finditer(text, max(0, end - 80), end))):
            gap = text[m.end() : start]
            if gap.strip(" \t–—-/&") or "\n" in gap:
                break
            word = m.group()
            lower = word.casefold()
            if lower in _OWN_JOB and noun != "interview":
                return None  # "my previous Data Analyst role": the candidate's own job
            if lower in lexicon.ROLE_FILLERS or lower in lexicon.STOPWORDS:
                break
            if lower not in lexicon.TITLE_WORDS and not word[:1].isupper():
                break
            words.insert(0, word)
            start = m.start()
            if len(words) == 5:
                break
        return (words, start) if words else None

    # -- tone --------------------------------------------------------------------------------
    def hits(
        self, phrases: analysis.Phrases, entries: Sequence[tuple[str, str]], text: str | None = None
    ) -> Iterator[tuple[int, int, str, str]]:
        """(start, end, matched text, suggestion) for each phrase in the body or `text`."""
        original = self.body.prose if text is None else text
        lowered = self.body.lower_prose if text is None else analysis.lower(text)
        for m in phrases.finditer(lowered):
            fix = entries[phrases.which(lowered, m)][1]
            yield m.start(), m.end(), original[m.start() : m.end()], fix

    def check_tone(self) -> None:
        found: list[tuple[str, tuple[int, int, str, str]]] = []
        if self.on("pushy-tone"):
            found += [("pushy-tone", hit) for hit in self.hits(_PUSHY, lexicon.PUSHY)]
        if self.on("desperate-tone"):
            found += [("desperate-tone", hit) for hit in self.hits(_DESPERATE, lexicon.DESPERATE)]
        severity = Severity.ERROR if len(found) >= 2 else Severity.WARNING  # LINT-012
        words = {"pushy-tone": "sounds pushy", "desperate-tone": "sounds desperate"}
        for rule, (start, end, said, fix) in found:
            self.emit(rule, start, end, f"“{_clip(said)}” {words[rule]}", fix, severity)
        if self.subject and self.on("pushy-tone"):
            for start, end, said, fix in self.hits(_PUSHY, lexicon.PUSHY, self.subject):
                self.emit(
                    "pushy-tone", start, end, f"“{_clip(said)}” sounds pushy", fix, in_subject=True
                )
        if self.on("apology"):
            for start, end, said, fix in self.hits(_APOLOGY, lexicon.APOLOGY):
                self.emit(
                    "apology", start, end, f"“{_clip(said)}” apologises for the interview", fix
                )
        if self.on("negative-remark"):
            for start, end, said, fix in self.hits(_NEGATIVE, lexicon.NEGATIVE):
                self.emit(
                    "negative-remark", start, end, f"“{_clip(said)}” is a negative remark", fix
                )
        if self.on("salary-talk"):
            fix = "Leave pay, benefits and time off for the offer stage."
            for text, in_subject in ((None, False), (self.subject or "", True)):
                for start, end, said, _ in self.hits(_SALARY, lexicon.SALARY, text):
                    self.emit(
                        "salary-talk",
                        start,
                        end,
                        f"“{_clip(said)}” raises pay or benefits in a {self.kind.value} note",
                        fix,
                        in_subject=in_subject,
                    )

    # -- form --------------------------------------------------------------------------------
    def check_length(self) -> None:
        band = self.config.length(self.kind)
        count = self.body.word_count
        end = len(self.note.body)
        if self.on("too-long") and count > band.high:
            severity = (
                Severity.ERROR
                if count > band.error_above
                else Severity.WARNING
                if count > band.warn_above
                else Severity.INFO
            )
            self.emit(
                "too-long",
                0,
                end,
                f"{count} words; a {self.kind.value} note should have {band.low}–{band.high}",
                "Cut it to the thanks, one specific point, your interest and an offer to help.",
                severity,
            )
        if self.on("too-short") and count < band.low:
            severity = Severity.WARNING if count < band.warn_below else Severity.INFO
            self.emit(
                "too-short",
                0,
                end,
                f"{count} words; a {self.kind.value} note should have {band.low}–{band.high}",
                "Add one specific point from the conversation and why it interests you.",
                severity,
            )

    def check_paragraphs(self) -> None:
        if not self.on("long-paragraph"):
            return
        limit_words = self.config.max_paragraph_words
        limit_sentences = self.config.max_paragraph_sentences
        for start, end in self.body.paragraphs:
            words = len(analysis.WORD.findall(self.body.plain, start, end))
            sentences = self.body.sentence_count(start, end)
            if words > limit_words or sentences > limit_sentences:
                self.emit(
                    "long-paragraph",
                    start,
                    end,
                    f"paragraph of {words} words and {sentences} sentences; keep to "
                    f"{limit_words} words and {limit_sentences} sentences",
                    "Split it, or cut it to the sentences that carry the point.",
                )

    def check_exclamations(self) -> None:
        if not self.on("exclamation-overuse"):
            return
        marks = [(m.start(), m.end(), False) for m in re.finditer(r"!+", self.body.prose)]
        if self.subject:
            marks += [(m.start(), m.end(), True) for m in re.finditer(r"!+", self.subject)]
        total = sum(e - s for s, e, _ in marks)
        runs = [mark for mark in marks if mark[1] - mark[0] > 1]
        limit = self.config.max_exclamations
        if not runs and total <= limit:
            return
        if runs:
            start, end, in_subject = runs[0]
        else:
            start, end, in_subject = marks[limit]
        self.emit(
            "exclamation-overuse",
            start,
            end,
            f"{total} exclamation mark{'s' if total != 1 else ''}; use at most {limit}",
            "Replace them with full stops.",
            in_subject=in_subject,
        )

    def check_caps(self) -> None:
        if not self.on("all-caps"):
            return
        known = _capitals(self.known_words)
        for text, in_subject in ((self.body.prose, False), (self.subject or "", True)):
            run: list[re.Match[str]] = []
            for m in _CAPS_WORD.finditer(text):
                if run and text[run[-1].end() : m.start()].strip(" ,") == "":
                    run.append(m)
                    continue
                self._caps_run(run, text, known, in_subject)
                run = [m]
            self._caps_run(run, text, known, in_subject)

    def _caps_run(
        self, run: list[re.Match[str]], text: str, known: frozenset[str], in_subject: bool
    ) -> None:
        if not run:
            return
        words = [m.group().replace("’", "'") for m in run]
        if all(
            w in lexicon.ACRONYMS or w in known or re.fullmatch(r"X{3,}|TODO|FIXME|TBC", w)
            for w in words
        ):
            return
        loud = len(run) >= 3 or any(
            w in lexicon.SHOUTING or (len(w) >= 6 and w not in lexicon.ACRONYMS and w not in known)
            for w in words
        )
        if loud:
            start, end = run[0].start(), run[-1].end()
            self.emit(
                "all-caps",
                start,
                end,
                f"“{text[start:end]}” in capitals reads as shouting",
                f"Write “{text[start:end].capitalize()}” in normal case.",
                in_subject=in_subject,
            )

    def check_casual(self) -> None:
        if not self.on("too-casual"):
            return
        prose = self.body.prose
        for m in _EMOJI.finditer(prose):
            self.emit(
                "too-casual",
                m.start(),
                m.end(),
                "emoji in a professional note",
                "Remove the emoji (LINT-015).",
                Severity.ERROR,
            )
        for m in _EMOTICON.finditer(prose):
            self.emit(
                "too-casual",
                m.start(),
                m.end(),
                f"emoticon “{m.group()}”",
                "Remove the emoticon (LINT-015).",
                Severity.ERROR,
            )
        greeting = self.body.greeting
        if greeting:
            word = greeting.word.casefold()
            if word in lexicon.CASUAL_GREETINGS or analysis.norm(greeting.name) == "there":
                said = prose[greeting.word_start : greeting.line_end].strip(" ,")
                self.emit(
                    "too-casual",
                    greeting.word_start,
                    max(greeting.name_end, greeting.word_start + len(greeting.word)),
                    f"casual greeting “{said}”",
                    "Use “Dear {name},” or “Hi {name},” (CONTENT-008).".format(
                        name=_given_name(self.ctx.recipient)
                        if self.ctx and self.ctx.recipient
                        else "Name"
                    ),
                )
        for m in _SLANG.finditer(self.body.lower_prose):
            word = prose[m.start() : m.end()]
            # Short ones only in lower case: "U.S." and "UR" are not textspeak.
            if word.replace("’", "'") in lexicon.SLANG or len(word) >= 3:
                if greeting and m.start() == greeting.word_start:
                    continue
                self.emit(
                    "too-casual",
                    m.start(),
                    m.end(),
                    f"slang “{word}”",
                    "Write the words out in full (LINT-016).",
                )
        for start, end, said, fix in self.hits(_CASUAL, lexicon.CASUAL_PHRASES):
            self.emit("too-casual", start, end, f"casual wording “{said}”", fix)

    def check_spelling(self) -> None:
        if not self.on("spelling") or self.speller is None:
            return
        greeting = self.body.greeting
        skip_until = greeting.name_end if greeting else 0
        stop = self.body.signature_start
        known = self.known_words
        extra = lexicon.EXTRA_WORDS
        slang = lexicon.SLANG
        prose = self.body.prose
        # Each distinct word is checked once; positions are looked up only for the few
        # words the dictionary does not know.
        bases: dict[str, set[str]] = {}
        for word in set(analysis.WORD.findall(prose, skip_until, stop)):
            tail = word[1:]
            if tail != tail.lower() or _DIGIT.search(word):
                continue  # acronyms, CamelCase names, versions and dates
            lower = word.casefold().replace("’", "'")
            if lower in extra or lower in known or lower in slang:
                continue
            for part in lower.split("-"):
                base = part.removesuffix("'s")
                if len(base) > 1 and base not in known and base not in extra:
                    bases.setdefault(base, set()).add(word)
        if not bases:
            return
        unknown = self.speller.unknown(list(bases))
        if unknown:
            unknown = self._british(unknown)
        if not unknown:
            return
        wanted = {word for base in unknown for word in bases[base]}
        speller = self.speller
        for m in analysis.WORD.finditer(prose, skip_until, stop):
            word = m.group()
            if word not in wanted:
                continue
            if word[0].isupper() and (
                not self.body.sentence_initial(m.start()) or self._name_like(m)
            ):
                continue  # a name inside a sentence, or one that starts it
            offset = m.start()
            for part in word.split("-"):
                base = part.casefold().replace("’", "'").removesuffix("'s")
                if base in unknown:
                    self.emit(
                        "spelling",
                        offset,
                        offset + len(part),
                        f"“{part}” is not in the dictionary",
                        _suggestion(speller, base),
                    )
                offset += len(part) + 1

    def _name_like(self, token: re.Match[str]) -> bool:
        """Does a capitalised word that starts a sentence look like a name, so that no
        misspelling is reported? It does when it is possessive ("Northwind's"), when a
        capitalised word follows ("Northwind Analytics"), or when the note writes it
        with a capital inside a sentence too."""
        word = token.group()
        if word.endswith(("'s", "’s")):
            return True
        after = _NEXT_WORD.match(self.body.prose, token.end())
        if after and after.group(1)[:1].isupper() and after.group(1) != "I":
            return True
        return any(
            m.group().removesuffix("'s").removesuffix("’s") == word
            and m.start() != token.start()
            and not self.body.sentence_initial(m.start())
            for m in self.body.words
        )

    def _british(self, unknown: set[str]) -> set[str]:
        """Drop words whose American spelling is known: "colour", "organisation"."""
        assert self.speller is not None
        variants: dict[str, list[str]] = {}
        for word in unknown:
            for uk, us in lexicon.BRITISH_VARIANTS:
                if word.endswith(uk):
                    variants.setdefault(word, []).append(word[: -len(uk)] + us)
        if not variants:
            return unknown
        flat = {v for vs in variants.values() for v in vs}
        still = self.speller.unknown(list(flat))
        return {w for w in unknown if not any(v not in still for v in variants.get(w, []))}

    def check_subject(self) -> None:
        subject = self.subject
        if subject is None or not subject.strip():
            if self.on("missing-subject"):
                role = self.ctx.role if self.ctx and self.ctx.role else "{role}"
                self.emit(
                    "missing-subject",
                    0,
                    0,
                    "the message has no subject",
                    f"Start with a line such as “Subject: Thank you – {role} interview”.",
                    in_subject=subject is not None,
                )
            return
        if not self.on("weak-subject"):
            return
        text = subject.strip()
        key = re.sub(r"^(?:(?:re|fwd?|aw)\s*:\s*)+", "", text.casefold())
        key = " ".join(re.sub(r"[^\w\s'’-]", " ", key).split())
        role = self.ctx.role if self.ctx and self.ctx.role else "Data Engineer"
        fix = f"Name the role or your name, e.g. “Thank you – {role} interview”."
        start = subject.find(text)
        if len(text) > self.config.subject_max:
            self.emit(
                "weak-subject",
                start,
                start + len(text),
                f"subject of {len(text)} characters; keep it under "
                f"{self.config.subject_max} so it is not cut off",
                "Shorten it to 3–4 words plus the role.",
                in_subject=True,
            )
        elif key in lexicon.GENERIC_SUBJECTS or not key:
            self.emit(
                "weak-subject",
                start,
                start + len(text),
                f"vague subject “{text}”",
                fix,
                in_subject=True,
            )
        elif (
            self.ctx is not None
            and (self.ctx.role or self.ctx.candidate_name)
            and self.kind in (Kind.THANK_YOU, Kind.STATUS_CHECK)
            and self.ctx.interview_kind != "informational"
            and not _PLACEHOLDER.search(text)
        ):
            words = set(analysis.content_terms(key)) | set(key.split())
            wanted = (
                analysis.content_terms(self.ctx.role)
                + analysis.norm(self.ctx.candidate_name).split()
            )
            if wanted and not any(any(analysis.same_stem(w, s) for s in words) for w in wanted):
                self.emit(
                    "weak-subject",
                    start,
                    start + len(text),
                    "the subject names neither the role nor you",
                    fix,
                    in_subject=True,
                )

    # -- timing ------------------------------------------------------------------------------
    def calendar(self) -> BusinessCalendar | None:
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
        return _calendar(zone, country, self.policy, self.holidays)

    def check_timing(self) -> None:
        ctx, sent = self.ctx, self.sent_at
        if ctx is None or sent is None or ctx.interview_end is None:
            return
        if not any(self.on(r) for r in ("too-soon", "too-late", "too-frequent")):
            return
        cal = self.calendar()
        assert cal is not None
        end = ctx.interview_end
        zone = cal.zone
        if self.kind in (Kind.THANK_YOU, Kind.COORDINATOR_THANKS):
            self._thank_you_timing(cal, end, sent)
        elif self.kind is Kind.STATUS_CHECK and self.on("too-soon"):
            window = status_window(end, cal, decision_by=ctx.decision_by)
            if sent < window.earliest:
                self.emit(
                    "too-soon",
                    0,
                    0,
                    f"a status check on {short(sent.astimezone(zone))} is before it is "
                    f"due ({short(window.earliest)})",
                    " ".join(window.reasons),
                )
        if self.on("too-frequent"):
            self._cadence(cal, sent)

    def _thank_you_timing(self, cal: BusinessCalendar, end: datetime, sent: datetime) -> None:
        ctx = self.ctx
        assert ctx is not None
        zone = cal.zone
        if self.on("too-soon"):
            delay = self.policy.thank_you_min_delay
            if ctx.decision_by is not None and ctx.decision_by <= end.astimezone(zone).date():
                delay = min(delay, timedelta(minutes=30))  # TIMING-003
            if sent < end:
                self.emit(
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
                self.emit(
                    "too-soon",
                    0,
                    0,
                    f"sent {minutes} minutes after the interview; it reads as pre-written",
                    f"Schedule it for {short((end + delay).astimezone(zone))} or later "
                    "(TIMING-002).",
                )
        if self.on("too-late"):
            pace = self.policy.pace_for(ctx.industry, ctx.pace)
            window = thank_you_window(
                end, cal, pace, informational=ctx.interview_kind == "informational"
            )
            if sent > window.latest:
                hours = (sent - end).total_seconds() / 3600
                today = re.search(
                    r"\b(?:today|this (?:morning|afternoon|evening))\b",
                    self.body.prose,
                    re.IGNORECASE,
                )
                start, stop = today.span() if today else (0, 0)
                drop = " and drop “today”" if today else ""
                self.emit(
                    "too-late",
                    start,
                    stop,
                    f"sent {hours:.0f} hours after the interview; the "
                    f"{pace.pace.value}-pace window closed {short(window.latest)}",
                    f"Send it now anyway{drop}: late beats never (TIMING-001).",
                )

    def _cadence(self, cal: BusinessCalendar, sent: datetime) -> None:
        ctx = self.ctx
        assert ctx is not None
        thread = self.thread
        if thread is None:
            earlier = sorted(t for t in ctx.history if t < sent)
            thread = Thread(len(earlier), len(earlier), earlier[-1] if earlier else None, None)
        cap = self.policy.max_unanswered_status_checks
        if thread.unanswered >= cap:
            self.emit(
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
        gap = self.policy.min_gap_business_days
        if last is not None and gap:
            allowed = cal.add_business_days(cal.local_date(last), gap)
            if cal.local_date(sent) < allowed:
                self.emit(
                    "too-frequent",
                    0,
                    0,
                    f"the last follow-up went {short(last.astimezone(cal.zone))}; wait "
                    f"{gap} business days",
                    f"Send it on {allowed:%a %d %b} or later (CAD-002).",
                )

    def check_duplicates(self) -> None:
        ctx = self.ctx
        if not self.on("duplicate-note") or ctx is None or not ctx.sibling_notes:
            return
        names = tuple(
            sorted(
                {t for p in self.people for t in analysis.norm(p.name).split()}
                | set(analysis.norm(ctx.candidate_name).split())
            )
        )
        mine = _masked_words(self.note.body, names)
        if not mine:
            return
        best = 0.0
        for sibling in ctx.sibling_notes:
            theirs = _masked_words(sibling, names)
            matcher = difflib.SequenceMatcher(None, mine, theirs, autojunk=False)
            if matcher.real_quick_ratio() < self.config.duplicate_warn:
                continue
            if matcher.quick_ratio() < self.config.duplicate_warn:
                continue
            best = max(best, matcher.ratio())
        if best >= self.config.duplicate_warn:
            severity = Severity.ERROR if best >= self.config.duplicate_error else Severity.WARNING
            self.emit(
                "duplicate-note",
                0,
                0,
                f"{best:.0%} the same as another note for this interview",
                "Interviewers compare notes: refer to what you discussed with this "
                "person (LINT-009).",
                severity,
            )


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


def _collapse(gap: str) -> str:
    """What joins two words, with each run of whitespace as one space."""
    return gap if gap == " " else re.sub(r"\s+", " ", gap)


@dataclass(frozen=True, slots=True)
class _Company:
    """Another company's name as words and what joins them: "Müller & Söhne" is
    ("Müller", "Söhne") joined by " & "."""

    name: str
    words: tuple[str, ...]
    joins: tuple[str, ...]
    lead: str
    trail: str


@lru_cache(maxsize=64)
def _company_index(own: str, others: tuple[str, ...]) -> dict[str, tuple[_Company, ...]]:
    """The other companies by their first word, as written and in capitals (LINT-001).

    A note is then matched with one dictionary lookup per word, however many companies
    the user applied to, instead of one regular expression per company. Names that are
    this company, or one word of it ("Acme" for "Acme Analytics"), are left out.
    """
    own_key = analysis.norm(own)
    index: dict[str, list[_Company]] = {}
    seen: set[str] = set()
    for other in others:
        name = other.strip()
        key = analysis.norm(name)
        if not name or key == own_key or key in own_key.split() or name in seen:
            continue
        seen.add(name)
        for form in dict.fromkeys((name, name.upper())):
            parts = list(analysis.WORD.finditer(form))
            if not parts:
                continue
            entry = _Company(
                name=name,
                words=tuple(p.group() for p in parts),
                joins=tuple(_collapse(form[a.end() : b.start()]) for a, b in pairwise(parts)),
                lead=form[: parts[0].start()],
                trail=form[parts[-1].end() :],
            )
            index.setdefault(entry.words[0], []).append(entry)
    return {first: tuple(entries) for first, entries in index.items()}


def _mentions(
    text: str, words: Sequence[re.Match[str]], index: Mapping[str, tuple[_Company, ...]]
) -> Iterator[tuple[int, int, str]]:
    """Where `text` names a company of the index, exactly as written (or in capitals),
    possibly with "'s": (start, end, name)."""
    strings = analysis.WORD.findall(text)  # the same words as `words`, in one C call
    present = set(strings)
    present |= {w[:-2] for w in present if w.endswith(("'s", "’s"))}
    if present.isdisjoint(index):
        return  # the usual case: no word starts another company's name
    for i, first in enumerate(strings):
        entries = index.get(first)
        if entries is None and first.endswith(("'s", "’s")):
            entries = index.get(first[:-2])
        for entry in entries or ():
            found = _mention_at(text, words, i, entry)
            if found is not None:
                yield found[0], found[1], entry.name


def _mention_at(
    text: str, words: Sequence[re.Match[str]], i: int, entry: _Company
) -> tuple[int, int] | None:
    size = len(entry.words)
    if i + size > len(words):
        return None
    run = words[i : i + size]
    for k, (w, wanted) in enumerate(zip(run, entry.words, strict=True)):
        got = w.group()
        if got != wanted and not (
            k == size - 1 and not entry.trail and got[:-2] == wanted and got[-2:] in ("'s", "’s")
        ):
            return None
    for (a, b), join in zip(pairwise(run), entry.joins, strict=True):
        if _collapse(text[a.end() : b.start()]) != join:
            return None
    start = run[0].start() - len(entry.lead)
    if start < 0 or text[start : run[0].start()] != entry.lead:
        return None
    if start and (text[start - 1].isalnum() or text[start - 1] in "_'’-"):
        return None
    end = run[-1].end()
    if entry.trail:
        if text.startswith(entry.trail, end):
            end += len(entry.trail)
        elif entry.trail != ".":
            return None  # "Stark Studio Co" names "Stark Studio Co." all the same
        if text[end : end + 2] in ("'s", "’s"):
            end += 2
    if end < len(text) and (text[end].isalnum() or text[end] in "_-"):
        return None
    return start, end


def _spans_of(name: str, text: str) -> list[tuple[int, int]]:
    """Where `text` names `name`, in any case and spacing, a final period optional."""
    pattern = r"\s+".join(re.escape(w) for w in name.rstrip(".").split())
    if not pattern:
        return []
    return [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]


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
def _capitals(words: frozenset[str]) -> frozenset[str]:
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


def _name_words(name: str) -> list[str]:
    """A name's words, normalised, without titles and suffixes: "Dr. Chidi Okafor Jr."
    gives chidi, okafor."""
    words = analysis.norm(name).split()
    kept = [w for w in words if w.rstrip(".") not in _NOT_NAMES]
    return kept or words


def _given_name(person: Person) -> str:
    """The given name as written, as a greeting uses it: "Chidi" for "Dr. Chidi Okafor"."""
    for word in person.name.split():
        if word.rstrip(".").casefold() not in lexicon.TITLES:
            return word
    return person.first_name


def _names(said: str, person: Person) -> bool:
    """Does a greeting's name refer to `person`? Full, first, last, or a short form.
    Titles and suffixes are ignored, and an initial stands for its word ("C. Okafor")."""
    got = _name_words(said)
    tokens = _name_words(person.name)
    if not got or not tokens:
        return False
    for i in range(len(tokens) - len(got) + 1):
        if all(
            g == t or (j < len(got) - 1 and _initial(g) and t.startswith(g[0]))
            for j, (g, t) in enumerate(zip(got, tokens[i : i + len(got)], strict=True))
        ):
            return True
    # "Chris" for "Christopher", "Alex" for "Alexandra": a short form of the first name,
    # at least two letters shorter ("Mary-Jan" is a typo, not a short form).
    return (
        len(got) == 1
        and len(got[0]) >= 3
        and tokens[0].startswith(got[0])
        and len(tokens[0]) - len(got[0]) >= 2
    )


def _initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1 and word[0].isalpha()


def _closest(said: str, person: Person) -> str:
    """The form of the person's name that `said` was probably meant to be."""
    tokens = [t for t in person.name.split() if t.rstrip(".").casefold() not in lexicon.TITLES]
    tokens = tokens or person.name.split()
    forms = [*tokens, " ".join(tokens), " ".join(tokens[:2])]
    wanted = analysis.norm(said)
    return max(forms, key=lambda t: difflib.SequenceMatcher(None, wanted, analysis.norm(t)).ratio())


def _expand(word: str) -> str:
    return lexicon.ROLE_ABBREVIATIONS.get(word.rstrip("."), word)


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@lru_cache(maxsize=256)
def _masked_words(text: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """The words of a note, lower-cased, with every name as "<name>" (LINT-009). Cached:
    the same sibling notes are compared again for every note of an interview."""
    words = [m.group().casefold().replace("’", "'") for m in analysis.WORD.finditer(text)]
    masked = set(names)
    return tuple("<name>" if w.removesuffix("'s") in masked else w for w in words)


def _suggestion(speller: Speller, word: str) -> Callable[[], str]:
    def suggest() -> str:
        better = speller.suggest(word)
        if better and better != word:
            return f"Did you mean “{better}”? If the word is right, add it to [lint] words."
        return "Check the spelling, or add the word to [lint] words."

    return suggest


def word_count(text: str) -> int:
    """The number of words in a body, as the length rules count them."""
    return analysis.analyse(text).word_count


def lint(
    note: Note,
    context: NoteContext | None = None,
    *,
    kind: Kind = Kind.THANK_YOU,
    sent_at: datetime | None = None,
    config: LintConfig = DEFAULT_CONFIG,
    speller: Speller | None = None,
    matcher: Matcher | None = None,
    policy: policies.Policy = policies.DEFAULT,
    holidays: HolidayCalendar | None = None,
    thread: Thread | None = None,
) -> list[Finding]:
    """Check one message and return its findings, sorted by position.

    `context` says what the note should be about (None: the rules that need it are
    skipped); `sent_at` is when it goes (None: no timing rules). `thread` is the cadence
    history with this contact; without it, `context.history` counts as unanswered nudges.
    """
    if sent_at is not None and sent_at.tzinfo is None:
        raise ValidationError("sent_at", "needs a time zone or UTC offset")
    run = _Run(
        note,
        context,
        kind,
        sent_at,
        config,
        speller,
        matcher,
        policy,
        holidays or NoHolidays(),
        thread,
    )
    run.check_subject()
    run.check_placeholders()
    run.check_company()
    run.check_names()
    run.check_role()
    run.check_structure()
    run.check_tone()
    run.check_length()
    run.check_paragraphs()
    run.check_exclamations()
    run.check_caps()
    run.check_casual()
    run.check_spelling()
    run.check_timing()
    run.check_duplicates()
    return sorted(run.findings, key=lambda f: (not f.in_subject, f.line, f.column, f.rule))


def has_errors(findings: Iterable[Finding]) -> bool:
    """True when any finding is an error: what makes `followup lint` exit 1."""
    return any(f.severity is Severity.ERROR for f in findings)
