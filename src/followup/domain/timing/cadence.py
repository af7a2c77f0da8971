"""The cadence guard: "avoid overly aggressive or persistent follow-ups" (seed; CAD-001..007).

A nudge (status check, check-in, news note, or any outgoing message of unknown kind)
counts toward the cap; a thank-you never does (CAD-006). Every channel counts
(CAD-003). A reply from them resets the count (CAD-007). After the cap the
application has "gone quiet" (CAD-001, CAD-004), and no more nudges are planned.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from followup.domain.records.followups import Direction, Kind, Message
from followup.domain.timing.calendar import BusinessCalendar
from followup.domain.timing.wording import short_day

# Outgoing messages that are not nudges: they never count toward the cap (CAD-006).
_NOT_NUDGES = frozenset(k for k in Kind if not k.is_nudge)


def is_nudge(message: Message) -> bool:
    """An outgoing message that counts toward the cap; unknown kinds count, to be safe."""
    return message.direction is Direction.OUT and message.kind not in _NOT_NUDGES


@dataclass(frozen=True, slots=True)
class Thread:
    """The nudge history of one application (or one contact)."""

    nudges: int = 0  # every nudge ever sent; numbers the next one
    unanswered: int = 0  # nudges since their last reply
    last_nudge: datetime | None = None
    last_reply: datetime | None = None

    def gone_quiet(self, cap: int) -> bool:
        """True once `cap` nudges went unanswered (CAD-001)."""
        return self.unanswered >= cap


def thread(messages: Iterable[Message]) -> Thread:
    """Fold a message history, in any order, into a Thread."""
    nudges = unanswered = 0
    last_nudge: datetime | None = None
    last_reply: datetime | None = None
    for message in sorted(messages, key=lambda m: m.at):
        if message.direction is Direction.IN:
            unanswered = 0
            last_reply = message.at
        elif is_nudge(message):
            nudges += 1
            unanswered += 1
            last_nudge = message.at
    return Thread(nudges, unanswered, last_nudge, last_reply)


def last_nudge(messages: Iterable[Message]) -> datetime | None:
    """The most recent nudge in `messages` (to a person or anyone at a company: CAD-002)."""
    times = [m.at for m in messages if is_nudge(m)]
    return max(times) if times else None


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a nudge may go at a given time, and why not."""

    allowed: bool
    reason: str = ""
    rule: str = ""
    not_before: datetime | None = None  # when it would be allowed, if ever


ALLOWED = Verdict(True)


def gone_quiet_reason(cap: int) -> str:
    noun = "status check" if cap == 1 else "status checks"
    return (
        f"Gone quiet: {cap} {noun} went unanswered. Assume the answer and move on; "
        "a reply from them reopens the conversation (CAD-001, CAD-004)."
    )


def check(
    kind: Kind,
    at: datetime,
    history: Thread,
    cal: BusinessCalendar,
    *,
    company_last_nudge: datetime | None = None,
) -> Verdict:
    """May a follow-up of `kind` go at `at`? `history` is the application's thread;
    `company_last_nudge` the latest nudge to that person or anyone at their company."""
    if not kind.is_nudge:
        return ALLOWED  # CAD-006: thank-yous and replies never count
    p = cal.policy
    cap = p.max_unanswered_status_checks
    if history.gone_quiet(cap):
        return Verdict(False, gone_quiet_reason(cap), "CAD-001")
    day = cal.local_date(at)
    if cal.in_blackout(day):
        after = cal.after_blackout(day)
        return Verdict(
            False,
            f"{short_day(day)} is in the year-end quiet period: no status nudges until "
            f"{short_day(after)} (SEND-005).",
            "SEND-005",
            cal.day(after).open,
        )
    last = max((t for t in (history.last_nudge, company_last_nudge) if t is not None), default=None)
    if last is not None and p.min_gap_business_days:
        allowed_day = cal.add_business_days(cal.local_date(last), p.min_gap_business_days)
        if day < allowed_day:
            return Verdict(
                False,
                f"The last nudge went on {short_day(cal.local_date(last))}: wait at least "
                f"{p.min_gap_business_days} business days, until {short_day(allowed_day)}, "
                "counting every channel (CAD-002, CAD-003).",
                "CAD-002",
                cal.day(allowed_day).open,
            )
    return ALLOWED
