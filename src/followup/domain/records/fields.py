"""Field values the user types: normalised to NFC, stripped of control characters, size-capped."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from typing import TypeVar

from followup.domain.errors import TooLarge, ValidationError
from followup.domain.records.zone_countries import ZONE_COUNTRY

NAME_MAX = 200
KNOWN_COUNTRIES = frozenset(ZONE_COUNTRY.values())
LINE_MAX = 2_000
NOTES_MAX = 100_000  # characters; a 10 MB notes field is refused, not truncated
URL_MAX = 2_000

# C0/C1 controls and bidi overrides: invisible, and able to reorder what a reader sees.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\r\n\t]+")
# Every break str.splitlines() honours (LF, CR, VT, FF, FS, GS, RS, NEL, U+2028, U+2029):
# a mail client or terminal may start a new line at any of them.
_ANY_BREAK = re.compile(r"[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# The other C0/C1 controls (a tab is only a space): never part of a name or a role.
_ONE_LINE_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
_EMAIL = re.compile(r"^[^@\s<>(),;:\"\[\]\\]+@[^@\s<>(),;:\"\[\]\\]+\.[^@\s<>(),;:\"\[\]\\]+$")


# Lone surrogates come from undecodable bytes (argv's surrogateescape) or JSON "\ud800":
# they cannot be encoded, so they would fail later, far from where they came in.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def unicode_text(field: str, value: str) -> str:
    """Refuse text that is not valid Unicode (a lone surrogate), naming the field."""
    bad = _SURROGATE.search(value)
    if bad:
        raise ValidationError(
            field,
            f"is not valid text (U+{ord(bad.group()):04X} at character {bad.start() + 1}: "
            "invalid UTF-8 or a lone surrogate)",
        )
    return value


def one_line(field: str, value: str) -> str:
    """Refuse line breaks in a value that goes into headers and subjects (a name, a role):
    folding them into spaces would let "Analyst\nBcc: x" through as text. Every Unicode
    line break counts (U+2028, U+0085, ...), and other control characters are refused too."""
    bad = _ANY_BREAK.search(value)
    if bad:
        raise ValidationError(
            field, f"must be one line (it contains a line break, U+{ord(bad.group()):04X})"
        )
    bad = _ONE_LINE_CONTROL.search(value)
    if bad:
        raise ValidationError(
            field,
            f"must not contain control characters (U+{ord(bad.group()):04X} at character "
            f"{bad.start() + 1})",
        )
    return value


def line(field: str, value: str, *, limit: int = LINE_MAX, required: bool = False) -> str:
    """One line of text: NFC, no controls or line breaks, collapsed spaces."""
    text = unicodedata.normalize("NFC", unicode_text(field, value))
    text = _CONTROL.sub("", _LINE_BREAKS.sub(" ", text))
    text = " ".join(text.split())
    if required and not text:
        raise ValidationError(field, "must not be empty")
    if len(text) > limit:
        raise TooLarge(field, f"is {len(text):,} characters; the limit is {limit:,}")
    return text


def name(field: str, value: str, *, required: bool = True) -> str:
    """A person's or company's name, on one line."""
    return line(field, one_line(field, value), limit=NAME_MAX, required=required)


def notes(field: str, value: str, *, limit: int = NOTES_MAX) -> str:
    """Free text that keeps its line breaks."""
    if len(value) > limit:
        raise TooLarge(field, f"is {len(value):,} characters; the limit is {limit:,}")
    text = unicodedata.normalize("NFC", unicode_text(field, value))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text.replace("\t", "    "))
    return text.strip()


def email(field: str, value: str, *, required: bool = False) -> str:
    """An email address, lower-cased in its domain; empty when not given."""
    text = unicodedata.normalize("NFC", unicode_text(field, value).strip())
    if not text:
        if required:
            raise ValidationError(field, "an email address is required")
        return ""
    if _CONTROL.search(text) or len(text) > 254 or not _EMAIL.match(text):
        raise ValidationError(field, f"{text!r} is not an email address")
    local, _, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}"


def url(field: str, value: str) -> str:
    """An http(s) URL, or empty."""
    text = line(field, value, limit=URL_MAX)
    if text and not re.match(r"^https?://[^\s/]+", text, re.IGNORECASE):
        raise ValidationError(field, f"{text!r} is not an http(s) URL")
    return text


def country(field: str, value: str) -> str:
    """A known ISO 3166 alpha-2 code, upper-cased (UK is taken as GB); empty when not given."""
    text = value.strip().upper()
    if not text:
        return ""
    text = {"UK": "GB"}.get(text, text)
    if text not in KNOWN_COUNTRIES:
        import difflib  # only for a typo: kept off the start-up path

        close = difflib.get_close_matches(text, sorted(KNOWN_COUNTRIES), n=4, cutoff=0.5)
        hint = f"; close matches: {', '.join(close)}" if close else ""
        raise ValidationError(field, f"unknown country code {value.strip()!r}{hint}")
    return text


def tags(field: str, values: object) -> tuple[str, ...]:
    """A list of short phrases (topics, projects, skills), de-duplicated in order."""
    if isinstance(values, str):
        values = re.split(r"[,;\n]", values)
    if not isinstance(values, list | tuple):
        raise ValidationError(field, "must be a list of strings")
    seen: dict[str, str] = {}
    for i, item in enumerate(values):
        if not isinstance(item, str):
            raise ValidationError(f"{field}[{i}]", "must be a string")
        text = line(f"{field}[{i}]", item, limit=NAME_MAX * 2)
        if text and text.casefold() not in seen:
            seen[text.casefold()] = text
    return tuple(seen.values())


def aware(field: str, value: datetime) -> datetime:
    """Refuse a naive datetime: every instant in the domain carries its offset."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(field, "needs a time zone or UTC offset")
    return in_range(field, value)


# Dates far from today are typing mistakes, and near year 1 or 9999 the planner's
# arithmetic (a window, a zone shift) would overflow: refuse them where they come in.
YEAR_MIN, YEAR_MAX = 1900, 2199
_D = TypeVar("_D", bound=date)


def in_range(field: str, value: _D) -> _D:
    """Refuse a date or instant outside the years followup plans in."""
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        raise ValidationError(
            field, f"year {value.year} is out of range (from {YEAR_MIN} to {YEAR_MAX})"
        )
    return value


ROUND_MAX = 50


def round_number(field: str, value: object) -> int:
    """An interview round, 1 to 50, checked the same on every path (flags, debrief, edit)."""
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= ROUND_MAX:
        raise ValidationError(field, f"must be a whole number from 1 to {ROUND_MAX}")
    return value


def after(field: str, start: datetime | date | None, end: datetime | date | None) -> None:
    """Refuse an end before its start."""
    if start is not None and end is not None and end < start:
        raise ValidationError(field, f"{end.isoformat()} is before {start.isoformat()}")


MAX_INTERVIEW = timedelta(hours=24)
