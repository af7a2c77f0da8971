"""Interview rounds as people write them: 2, "2", "2nd", "second round", "round 2", "final"
(issue 17 §4). Stored as a number; "final" (or "last") as FINAL_ROUND, shown as "final"."""

from __future__ import annotations

import re

from followup.domain.errors import ValidationError
from followup.domain.records import fields

FINAL_ROUND = fields.ROUND_MAX  # no real process has 50 rounds: the top number means "final"

_ORDINALS = {
    word: n
    for n, word in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ],
        1,
    )
}
_FINAL = frozenset({"final", "last"})
_SUFFIXED = re.compile(r"(\d+)(?:st|nd|rd|th)?")  # "2", "2nd", "round 3"


def parse_round(field: str, value: object) -> int:
    """A round from a number, a numeral, an ordinal word or "final"; errors name `field`."""
    if isinstance(value, int) and not isinstance(value, bool):
        return fields.round_number(field, value)
    if not isinstance(value, str):
        raise ValidationError(field, _HELP)
    text = value.strip()
    if text.isascii() and re.fullmatch(r"[+-]?\d+", text):  # "-1" is a number, out of range
        return fields.round_number(field, int(text))
    text = " ".join(text.casefold().replace("-", " ").split())  # "second-round"
    text = re.sub(r"^round\s+|\s+round$", "", text)
    if text in _FINAL:
        return FINAL_ROUND
    if text in _ORDINALS:
        return _ORDINALS[text]
    found = _SUFFIXED.fullmatch(text)
    if found and text.isascii():
        return fields.round_number(field, int(found[1]))
    raise ValidationError(field, f"{value[:40]!r} is not a round; {_HELP}")


_HELP = 'give a number from 1 to 50, an ordinal such as "second" or "2nd", or "final"'


def round_phrase(number: int) -> str:
    """The round before a noun: "round-2" or "final-round" (the round-2 video interview)."""
    return "final-round" if number == FINAL_ROUND else f"round-{number}"


def round_label(number: int) -> str:
    """How a stored round reads: its number, or "final"."""
    return "final" if number == FINAL_ROUND else str(number)
