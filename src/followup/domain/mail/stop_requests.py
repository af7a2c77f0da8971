"""Requests not to be chased, read from a reply (CAD-007): "please don't follow up", "we'll
be in touch", "we will not be moving forward". A reply that asks for patience or closes
the process stops the nudges to that application; what was detected is shown to the
candidate, who can always override it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Stop(StrEnum):
    """Why nudges stop."""

    NO_FOLLOW_UP = "asked not to follow up"  # follow-up permission withdrawn (CAD-007)
    WILL_CONTACT = "said they will be in touch"  # wait for them: no status checks
    CLOSED = "said the process is closed"  # a rejection in all but name


@dataclass(frozen=True, slots=True)
class StopRequest:
    """What a reply asked, and the words that asked it."""

    stop: Stop
    phrase: str


_APOSTROPHE = "['’]"
_PATTERNS: tuple[tuple[Stop, str], ...] = (
    (Stop.NO_FOLLOW_UP, rf"(?:please\s+)?(?:do\s+not|don{_APOSTROPHE}?t)\s+(?:need\s+to\s+)?"
                        r"(?:follow[\s-]?up|chase|check\s+in|reach\s+out|contact\s+us)"),
    (Stop.NO_FOLLOW_UP, r"no\s+need\s+to\s+(?:follow[\s-]?up|chase|check\s+in|reach\s+out)"),
    (Stop.NO_FOLLOW_UP, r"(?:kindly\s+)?refrain\s+from\s+(?:following\s+up|contacting)"),
    (Stop.NO_FOLLOW_UP, r"(?:we|i)\s+(?:are\s+)?unable\s+to\s+respond\s+to\s+(?:individual\s+)?"
                        r"(?:follow[\s-]?ups|enquiries|inquiries)"),
    (Stop.WILL_CONTACT, rf"(?:we|i){_APOSTROPHE}?(?:ll|\s+will|\s+shall)\s+(?:be\s+in\s+touch|"
                        r"(?:contact|reach\s+out\s+to|get\s+back\s+to|update)\s+you)"),
    (Stop.WILL_CONTACT, r"you\s+will\s+hear\s+(?:back\s+)?from\s+(?:us|me)"),
    (Stop.CLOSED, rf"(?:not|won{_APOSTROPHE}?t\s+be|will\s+not\s+be)\s+(?:be\s+)?moving\s+forward"),
    (Stop.CLOSED, r"decided\s+(?:not\s+to\s+proceed|to\s+(?:proceed|move\s+forward|go)\s+with\s+"
                  r"(?:other|another|a\s+different)\s+candidate)"),
    (Stop.CLOSED, r"(?:position|role|vacancy)\s+has\s+(?:now\s+)?been\s+(?:filled|closed)"),
    (Stop.CLOSED, r"(?:pursue|pursuing)\s+other\s+candidates"),
)  # fmt: skip
_COMPILED = tuple((stop, re.compile(p, re.IGNORECASE)) for stop, p in _PATTERNS)
# "> ..." lines quote the message being answered, usually our own.
_QUOTED = re.compile(r"^\s*>.*$", re.MULTILINE)


def detect(text: str) -> StopRequest | None:
    """The strongest stop request in a reply's own words (quoted lines are ignored: they
    are usually our own message), or None."""
    own = _QUOTED.sub("", text)
    found: list[StopRequest] = []
    for stop, pattern in _COMPILED:
        match = pattern.search(own)
        if match:
            found.append(StopRequest(stop, " ".join(match.group(0).split())))
    if not found:
        return None
    rank = {Stop.CLOSED: 0, Stop.NO_FOLLOW_UP: 1, Stop.WILL_CONTACT: 2}
    return min(found, key=lambda f: rank[f.stop])


# A recorded reply carries what was detected in its note, so the planner can honour it
# later without the mail's body: '[no follow-ups] asked not to follow up: "please don't..."'.
_MARK = "[no follow-ups] "
BY_HAND = StopRequest(Stop.NO_FOLLOW_UP, "heard-back --stop")


def mark(request: StopRequest) -> str:
    """The note text that records `request` on a reply."""
    return f'{_MARK}{request.stop}: "{request.phrase}"'


def in_note(note: str) -> StopRequest | None:
    """The stop request a recorded reply's note carries: a mark, else the note's own words
    (what the user typed with `heard-back --note`)."""
    at = note.find(_MARK)
    if at >= 0:
        rest = note[at + len(_MARK) :]
        for stop in Stop:
            if rest.startswith(f"{stop}:"):
                return StopRequest(stop, rest[len(stop) + 1 :].strip().strip('"'))
    return detect(note)


def describe(request: StopRequest) -> str:
    """What was detected and what it does, for the candidate to see (and override)."""
    return (
        f'Stop request detected: they {request.stop} ("{request.phrase}"); no more status '
        "checks on this application (CAD-007). A later reply that does not ask this lifts it."
    )
