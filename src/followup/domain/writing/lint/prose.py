"""The body of a message, analysed once for the linter: words, quoted text, the greeting,
the sign-off, paragraphs and sentences, and loose word matching for topics.

Offsets are kept: masked text (quotes, links, quoted replies) is blanked with spaces,
never removed, so a match in any view points at the same characters of the body.
"""

from __future__ import annotations

import re
import string
import sys
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from followup.domain.writing.lint.lexicon import facts as facts_words
from followup.domain.writing.lint.lexicon import form as form_words
from followup.domain.writing.lint.lexicon import structure as structure_words

_APOS = "'’"
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_URLISH = re.compile(
    r"<?(?:https?://|www\.)[^\s<>]+>?|<?[\w.+-]+@[\w-]+(?:\.[\w-]+)+>?|(?<!\w)[@#]\w+|`[^`\n]*`"
)
_QUOTED = re.compile(
    r"\"[^\"\n]{1,300}\"|“[^”\n]{1,300}”|‘[^’\n]{1,300}’|(?<![\w'’])'[^'\n]{1,200}'(?![\w])"
)
_REPLY_LINE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "mx",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "inc",
        "ltd",
        "co",
        "no",
        "approx",
        "u.s",
        "a.m",
        "p.m",
    ]
)
_SENTENCE_END = re.compile(r"[.!?]+(?=[\"'”’)\]]*(?:\s|$))")


def blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with the spans replaced by spaces (newlines kept), so offsets stay valid."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_LEAD = r"\b(?<![\w'’])"
_TRAIL = r"(?![\w'’])"


def lower(text: str) -> str:
    """ASCII letters lower-cased and nothing else, so the result has the same length."""
    return text.translate(_ASCII_LOWER)


def _source(pattern: str) -> str:
    return pattern.replace(" ", r"\s+").replace("'", "['’]")


_META = frozenset("\\.^$*+?{}[]()| '’")
_OPTIONAL = frozenset("?*{")


def needed_literals(pattern: str) -> tuple[str, ...] | None:
    """Literal strings one of which any match of `pattern` (lexicon syntax) contains: for
    each top-level alternative, its longest run of plain characters outside any group.
    None when some alternative has no such run, so no literal rules a match out. Spaces
    and apostrophes end a run: they match more than themselves once compiled."""
    alternatives: list[list[str]] = [[]]
    depth, run, i = 0, "", 0

    def close(next_char: str) -> None:
        nonlocal run
        kept = run[:-1] if next_char in _OPTIONAL else run
        if depth == 0 and kept:
            alternatives[-1].append(kept)
        run = ""

    while i < len(pattern):
        char = pattern[i]
        if char not in _META:
            run += char
            i += 1
            continue
        if char == "\\" and i + 1 < len(pattern) and not pattern[i + 1].isalnum():
            run += pattern[i + 1]  # an escaped sign (\. \-) stands for itself
            i += 2
            continue
        close(char)
        if char == "\\":
            i += 2  # a class escape (\b \d \s ...) is never part of a run
            continue
        if char == "[":  # a character class: skip to its end
            i += 1
            while i < len(pattern) and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif char == "{":  # a counted repeat: its digits are not text
            while i < len(pattern) and pattern[i] != "}":
                i += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            alternatives.append([])
        i += 1
    close("")
    best = [max(runs, key=len) if runs else "" for runs in alternatives]
    if not all(best):
        return None
    return tuple(best)


class Phrases:
    """Phrase patterns (lexicon syntax) matched together over `lower(text)`.

    One alternation without groups, case-sensitive over lower-cased text: the regex engine
    then rejects most alternatives on their first letter, several times faster than
    IGNORECASE with a named group per phrase. `which` tells which phrase matched.

    Compiling the alternations was a third of a one-note `followup lint` (issue 15, speed),
    yet most notes match none of most sets. So until a set is compiled, a note is first
    checked for the literal words each phrase cannot match without (`needs`): a note that
    has none of them cannot match, and the set is not compiled for it.
    """

    PREFILTER_NOTES = 32  # after this many notes a long-lived process compiles them all

    def __init__(self, patterns: Sequence[str]) -> None:
        self.sources = [_source(p).lower() for p in patterns]
        self._regex: re.Pattern[str] | None = None
        self._each: dict[int, re.Pattern[str]] = {}  # compiled on first use: hits are rare
        self._patterns = patterns
        self._subsets: dict[tuple[int, ...], re.Pattern[str] | None] = {}
        self._filtered = 0

    @cached_property
    def needs(self) -> list[tuple[str, ...] | None]:
        """Per phrase, the literals one of which it needs (None: it can match anything);
        worked out on first use, as the regexes are."""
        return [needed_literals(p.lower()) for p in self._patterns]

    @property
    def regex(self) -> re.Pattern[str]:
        """The alternation, compiled on first use, once per process: a check that does not
        apply to a note's kind never pays for its patterns (issue 15, speed)."""
        if self._regex is None:
            self._regex = re.compile(_LEAD + "(?:" + "|".join(self.sources) + ")" + _TRAIL)
        return self._regex

    def finditer(
        self, lowered: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        window = lowered[pos:endpos] if pos or endpos < len(lowered) else lowered
        regex = self._for(window)
        return regex.finditer(lowered, pos, endpos) if regex is not None else iter(())

    def _for(self, window: str) -> re.Pattern[str] | None:
        """The alternation to run over `window`: all of it once compiled (or after
        PREFILTER_NOTES notes), else only the phrases `window` has the literals for, in
        order; a phrase left out cannot match there, so no match changes (nor `which`)."""
        if self._regex is not None or self._filtered >= self.PREFILTER_NOTES:
            return self.regex
        self._filtered += 1
        kept = tuple(
            i
            for i, needs in enumerate(self.needs)
            if needs is None or any(literal in window for literal in needs)
        )
        if kept not in self._subsets:
            sources = "|".join(self.sources[i] for i in kept)
            self._subsets[kept] = re.compile(f"{_LEAD}(?:{sources}){_TRAIL}") if kept else None
        return self._subsets[kept]

    def which(self, lowered: str, match: re.Match[str]) -> int:
        """The index of the first pattern that matches where `match` starts (as the
        alternation itself chose)."""
        for i, source in enumerate(self.sources):
            each = self._each.get(i)
            if each is None:
                each = self._each[i] = re.compile(f"(?:{source}){_TRAIL}")
            if each.match(lowered, match.start()):
                return i
        return 0

    def fullmatch(self, word: str) -> bool:
        lowered = lower(word)
        regex = self._for(lowered)
        return regex is not None and regex.fullmatch(lowered) is not None


def phrase_regex(
    patterns: Iterable[str], *, flags: int = re.IGNORECASE, words: bool = True
) -> re.Pattern[str]:
    """One alternation with a named group per pattern; spaces match any whitespace.

    `words`: every pattern starts with a letter, so a leading `\b` lets the engine skip
    positions inside words before trying the alternatives (about a third faster).
    """
    parts = []
    for i, pattern in enumerate(patterns):
        source = pattern.replace(" ", r"\s+").replace("'", "['’]")
        parts.append(f"(?P<p{i}>{source})")
    lead = r"\b(?<![\w'’])" if words else r"(?<![\w'’])"
    return re.compile(lead + "(?:" + "|".join(parts) + r")(?![\w'’])", flags)


_GREETING = re.compile(
    r"^[ \t]*(?P<word>"
    + "|".join(facts_words.GREETING_WORDS).replace(" ", r"\s+")
    + r")(?![\w'’])(?P<rest>[^\n]*)",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(
    r"^[ \t]*(?:"
    + "|".join(form_words.SIGN_OFFS).replace(" ", r"\s+")
    + r")[ \t]*[,.!—–-]?[ \t]*$",
    re.IGNORECASE,
)


def norm(text: str) -> str:
    """Case-folded with one kind of apostrophe and single spaces: how names compare."""
    return " ".join(text.replace("’", "'").casefold().split())


def _abbreviation(token: str) -> bool:
    """A title ("Dr"), a suffix ("Jr") or an initial ("C"): its period ends no sentence."""
    last = token.rsplit(".", 1)[-1].casefold()
    return last in facts_words.TITLES or last in ("jr", "sr") or (len(last) == 1 and last.isalpha())


@dataclass(frozen=True, slots=True)
class Greeting:
    word: str
    word_start: int
    name: str  # titles removed; "" when nothing follows the salutation
    name_start: int
    name_end: int
    line_end: int


class Text:
    """One body, analysed once and shared by every rule."""

    def __init__(self, text: str) -> None:
        self.text = text
        urls = [m.span() for m in _URLISH.finditer(text)]
        replies = [m.span() for m in _REPLY_LINE.finditer(text)]
        # `plain`: what the sender wrote, minus quoted replies, links and addresses.
        self.plain = blank(text, urls + replies) if urls or replies else text
        quotes = [m.span() for m in _QUOTED.finditer(self.plain)]
        # `prose`: also minus quoted phrases, for the rules about the sender's own voice.
        self.prose = blank(self.plain, quotes) if quotes else self.plain
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self.greeting = self._greeting()
        self.signature_start = self._signature_start()

    def position(self, offset: int) -> tuple[int, int]:
        """0-based line and column of an offset."""
        line = bisect_right(self.line_starts, offset) - 1
        return line, offset - self.line_starts[line]

    @cached_property
    def words(self) -> list[re.Match[str]]:
        return list(WORD.finditer(self.plain))

    @cached_property
    def lower_prose(self) -> str:
        """`prose` with ASCII letters lower-cased, for `Phrases`."""
        return lower(self.prose)

    @cached_property
    def word_count(self) -> int:
        return len(self.words)

    @cached_property
    def stems(self) -> Stems:
        return Stems(m.group().casefold() for m in self.words)

    def body_prose(self) -> str:
        """The prose before the sign-off: where structure phrases must appear."""
        return self.prose[: self.signature_start]

    def sentence_initial(self, offset: int) -> bool:
        """True when the word at `offset` starts a sentence, a paragraph or a list item.
        A word that starts a line of hard-wrapped text ("...the role at\nNorthwind") does
        not: the line before ends mid-sentence."""
        text = self.text
        i = offset - 1
        while i >= 0 and text[i] in " \t\"'“‘(*[-–—•":
            i -= 1
        if i >= 0 and text[i] == ".":
            word = re.search(r"([\w.]+)\.$", text[max(0, i - 12) : i + 1])
            if word and word.group(1).casefold() in ABBREVIATIONS:
                return False  # "Ms. Dubois", "Dr. Hughes": a title, not a sentence end
        if i >= 0 and text[i] == "\n" and not any(c in "-*•" for c in text[i:offset]):
            j = i - 1
            while j >= 0 and text[j] in " \t\r":
                j -= 1
            if j >= 0 and (text[j].isalnum() or text[j] in "&"):
                return False
        return i < 0 or text[i] in "\n.!?:"

    def _greeting(self) -> Greeting | None:
        start = len(self.plain) - len(self.plain.lstrip())
        match = _GREETING.match(self.plain, start)
        if not match:
            return None
        rest = match.group("rest")
        cut = re.search(r"[,:;!\n—–]|\s-\s", rest)
        name_part = rest[: cut.start()] if cut else rest
        for stop in re.finditer(r"\.(?=\s|$)", name_part):
            after = name_part[stop.end() :].lstrip()
            if after and not after[0].isupper():
                continue  # "Dr. van der Berg": a lower-case word goes on, no sentence ends
            before = name_part[: stop.start()].split()
            if before and _abbreviation(before[-1]):
                continue  # "Dr. Okafor", "Dr. C. Okafor": a title or an initial
            name_part = name_part[: stop.start()]
            break
        if len(name_part.split()) > 5:
            return None
        offset = match.start("rest")
        spans = [m.span() for m in re.finditer(r"\S+", name_part)]
        while spans:  # titles go: "Dr. Okafor", "Prof Dr Okafor", "Dr.Okafor"
            start, end = spans[0]
            title, dot, glued = name_part[start:end].partition(".")
            if title.casefold() not in facts_words.TITLES:
                break
            if glued:
                spans[0] = (start + len(title) + len(dot), end)
            elif len(spans) == 1:
                break  # "Dear Sir," or "Dear Professor,": a title alone is the name
            else:
                spans.pop(0)
        if spans:
            name = name_part[spans[0][0] : spans[-1][1]]
            name_start = offset + spans[0][0]
        else:
            name = ""
            name_start = offset + len(name_part) - len(name_part.lstrip())
        return Greeting(
            word=match.group("word"),
            word_start=match.start("word"),
            name=name,
            name_start=name_start,
            name_end=name_start + len(name),
            line_end=match.end(),
        )

    def _signature_start(self) -> int:
        lines = [m for m in re.finditer(r"[^\n]*", self.plain) if m.group().strip()]
        for m in reversed(lines[-7:]):
            if _SIGN_OFF.match(m.group()) and m.start() > (
                self.greeting.line_end if self.greeting else 0
            ):
                return m.start()
        return len(self.plain)

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        spans = []
        start = 0
        for m in _PARAGRAPH_BREAK.finditer(self.plain):
            spans.append((start, m.start()))
            start = m.end()
        spans.append((start, len(self.plain)))
        return [(s, e) for s, e in spans if self.plain[s:e].strip()]

    def sentence_count(self, start: int, end: int) -> int:
        chunk = self.plain[start:end]
        count = 0
        last = 0
        for m in _SENTENCE_END.finditer(chunk):
            before = chunk[last : m.start()].split()
            last = m.end()
            if m.group() == "." and before:
                token = before[-1].strip("(\"'“‘").casefold()
                if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                    continue
            count += 1
        if chunk[last:].strip(" \t\n\"'”’)"):
            count += 1
        return max(count, 1)


class Stems:
    """The body's words indexed for loose matching: "migration" finds "migrating"."""

    def __init__(self, words: Iterable[str]) -> None:
        self.exact: set[str] = set()
        self.by_prefix: dict[str, set[str]] = {}
        for word in set(words):
            for part in word.replace("’", "'").split("-"):
                part = part.removesuffix("'s")
                if part:
                    self.exact.add(part)
                    self.by_prefix.setdefault(part[:4], set()).add(part)

    def has(self, term: str) -> bool:
        if term in self.exact:
            return True
        if len(term) <= 4:
            return term + "s" in self.exact or (term.endswith("s") and term[:-1] in self.exact)
        return any(same_stem(term, w) for w in self.by_prefix.get(term[:4], ()))


def same_stem(a: str, b: str) -> bool:
    """Words that share all but their last three letters: migrating/migration/migrate.
    A word always has its own stem, however short ("Lee", "Ng", "UX")."""
    if a == b:
        return True
    shortest = min(len(a), len(b))
    prefix = 0
    while prefix < shortest and a[prefix] == b[prefix]:
        prefix += 1
    return prefix >= max(4, shortest - 3)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or line) that contains text[start:end]."""
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    rights = [i for i in (text.find(c, end) for c in ".!?\n") if i != -1]
    return text[left : min(rights) if rights else len(text)]


def content_terms(phrase: str) -> list[str]:
    """The words of a topic or title that carry its meaning."""
    terms = []
    for m in WORD.finditer(phrase):
        for part in m.group().casefold().replace("’", "'").split("-"):
            part = part.removesuffix("'s")
            if (
                part
                and part not in structure_words.STOPWORDS
                and part not in structure_words.GENERIC_WORDS
            ):
                terms.append(part)
    return terms


@lru_cache(maxsize=64)
def analyse(text: str) -> Text:
    """The analysis of a body, shared by the rules and the word count of the same text."""
    return Text(text)
