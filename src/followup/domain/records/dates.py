"""Dates the user types, read strictly: ISO-shaped text must be valid ISO 8601, and a
phrase may hold only words a date is made of, so nothing typed is silently dropped."""

from __future__ import annotations

import re
from datetime import date, datetime

from followup.domain.errors import ValidationError
from followup.domain.records.fields import in_range

HINT = "use ISO 8601 such as 2026-11-24T15:00 or a phrase such as 'tomorrow 2pm'"

# Text that looks like ISO 8601 (a year, a dash, a digit; or a basic-format date-time)
# is read as ISO 8601 or refused: never handed to the phrase reader, which would read
# "2026-13-01" as 13 January.
_ISO_SHAPED = re.compile(r"^\d{4}-\d|^\d{8}T")

_WORDS = frozenset(
    " ".join(
        (
            "today tomorrow yesterday now next last this in ago at on noon midnight",
            "a an the of and day days week weeks month months year years",
            "hour hours minute minutes",
            "monday tuesday wednesday thursday friday saturday sunday",
            "mon tue tues wed thu thur thurs fri sat sun",
            "january february march april may june july august september october",
            "november december jan feb mar apr jun jul aug sep sept oct nov dec",
        )
    ).split(" ")
)
_CLOCK = re.compile(r"^(\d{1,3})(?::(\d{2}))?(am|pm)?$")
_ORDINAL = re.compile(r"^(\d{1,2})(st|nd|rd|th)$")
_YEAR = re.compile(r"^\d{4}$")


def iso_shaped(text: str) -> bool:
    return bool(_ISO_SHAPED.match(text))


def read_iso(text: str, field: str) -> date | datetime:
    """An ISO 8601 date (no time) or date-time, within the years followup plans in."""
    try:
        value: date | datetime = (
            date.fromisoformat(text)
            if len(text) == 10
            else datetime.fromisoformat(text.replace("Z", "+00:00"))
        )
    except ValueError as exc:
        raise ValidationError(field, f"{text!r} is not a real date ({exc})") from None
    return in_range(field, value)


def check_phrase(text: str, field: str) -> None:
    """Refuse a phrase with a word no date is made of ("25pm", "-1", "whenever"), naming it."""
    tokens = re.sub(r"\b(\d{1,2}(?::\d{2})?)\s+(am|pm)\b", r"\1\2", text.lower())
    for token in re.split(r"[\s,]+", tokens.replace("a.m.", "am").replace("p.m.", "pm")):
        if token and not _known(token):
            raise ValidationError(
                field, f"cannot read {text!r} as a date ({token!r} is no part of one); {HINT}"
            )


def _known(token: str) -> bool:
    if token in _WORDS or _YEAR.match(token):
        return True
    ordinal = _ORDINAL.match(token)
    if ordinal:
        return 1 <= int(ordinal.group(1)) <= 31
    clock = _CLOCK.match(token)
    if not clock:
        return False
    hour, minute, half = int(clock.group(1)), clock.group(2), clock.group(3)
    if minute is not None and int(minute) > 59:
        return False
    if half:
        return 1 <= hour <= 12
    if minute is None:
        return True  # a day of the month or a count ("in 3 days"): the reader decides
    return hour <= 23
