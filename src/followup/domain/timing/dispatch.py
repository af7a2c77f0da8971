"""Sending keeps the timing: given a follow-up's window, the recipient's calendar and now,
send at once, schedule for a better moment, or warn that the window has closed.

The send service asks this before it sends; `--now` overrides a schedule or a warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from followup.domain.errors import ValidationError
from followup.domain.records.followups import Window
from followup.domain.timing.calendar import BusinessCalendar
from followup.domain.timing.wording import city, short


class Action(StrEnum):
    SEND_NOW = "send-now"
    SCHEDULE = "schedule"
    PAST_LATEST = "past-latest"  # late: warn, and send only when told to (`--now`)


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do with a message now, when (`at`, UTC) and why, in one sentence."""

    action: Action
    at: datetime
    reason: str


def decide(window: Window, now: datetime, cal: BusinessCalendar) -> Decision:
    """Send now inside the window and the recipient's business hours; before the window,
    schedule for the recommended time; inside it but outside business hours (05:00 their
    time), schedule for their next preferred slot, or the next business moment, before the
    latest time (SEND-001/002); past the latest time, warn (TIMING-001: late beats never,
    but the candidate decides)."""
    if now.tzinfo is None:
        raise ValidationError("now", "needs a time zone")
    now = now.astimezone(UTC)
    earliest, recommended, latest = (
        window.earliest.astimezone(UTC),
        window.recommended.astimezone(UTC),
        window.latest.astimezone(UTC),
    )
    where = f"{city(cal.zone_name)} time"
    if now > latest:
        return Decision(
            Action.PAST_LATEST,
            now,
            f"The window closed {short(cal.local(latest))} {where}: it is late now. Late "
            "still beats never (TIMING-001), so send it with --now, without time-sensitive "
            "words such as 'today'.",
        )
    if now < earliest:
        return Decision(
            Action.SCHEDULE,
            recommended,
            f"Too soon: the window opens {short(cal.local(earliest))} {where}; scheduled for "
            f"the recommended {short(cal.local(recommended))} (TIMING-002).",
        )
    if cal.is_business_time(now):
        return Decision(Action.SEND_NOW, now, "Inside the window and their business hours.")
    for candidate in (cal.next_preferred(now), cal.next_business(now)):
        if candidate <= latest:
            local = cal.local(now)
            return Decision(
                Action.SCHEDULE,
                candidate,
                f"It is {local:%H:%M} {where}, outside their business hours; scheduled for "
                f"{short(cal.local(candidate))}, still inside the window (SEND-001, SEND-002).",
            )
    # No business moment is left before the window closes: sending now is the lesser evil.
    return Decision(
        Action.SEND_NOW,
        now,
        f"Outside their business hours, but the window closes {short(cal.local(latest))} "
        f"{where} before they open again.",
    )
