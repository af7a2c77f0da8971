"""The network's settings (`[network]` in the config file) and the kinds it plans."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from followup.domain.errors import ValidationError
from followup.domain.records.followups import Kind
from followup.domain.records.model import Tier
from followup.domain.timing.policy import Policy

# Kinds the network plans; merge() may cancel open ones that are no longer derived.
KINDS = frozenset({Kind.CHECK_IN, Kind.HOLIDAY, Kind.NEWS_NOTE, Kind.GRATITUDE})


@dataclass(frozen=True, slots=True, kw_only=True)
class NetworkPolicy:
    """Settings only the network uses (`[network]` in the config file). The numbers it
    shares with the timing rules (tier intervals, the post-rejection touch, greeting
    windows, year-end quiet) come from each recipient's `Policy`."""

    cooling_after: int = 2  # unanswered touches that make a contact "cooling" (NURTURE-003)
    let_go_after: int = 3  # ... and the point to suggest letting go
    check_in_open: timedelta = timedelta(days=14)  # how long a due check-in stays open
    check_in_horizon: timedelta = timedelta(days=14)  # plan check-ins due this soon
    gratitude_open: timedelta = timedelta(days=14)
    two_way_within: timedelta = timedelta(days=365)  # HOLIDAY-001
    greeting_max_unanswered: int = 2  # HOLIDAY-001: skip people who stopped answering
    observance_lead: timedelta = timedelta(days=7)  # a specific greeting goes the week before
    greeting_horizon: timedelta = timedelta(days=45)  # plan greetings this far ahead
    min_gap: timedelta = timedelta(days=7)  # one cadence: no two notes to a person within this
    # The attention budget: nurture notes the candidate is asked for (issue 16, CAD-*'s
    # "not too often" applied to what we ask of the candidate).
    per_week: int = 5
    per_day: int = 2
    spread_weeks: int = 8  # what the budget cannot fit this soon waits for a later run
    # Relationships cool: no exchange for this long leaves the check-in rotation unless
    # the tier is close (NURTURE-003).
    cool_after_months: int = 18
    gratitude_per_outcome: int = 3  # NURTURE-005: the helpers who matter most, not everyone
    gratitude_within: timedelta = timedelta(days=60)  # an outcome older than this is old news
    # When two notes to one person fall in the same week, the earlier kind here wins.
    priority: tuple[Kind, ...] = (
        Kind.THANK_YOU,
        Kind.COORDINATOR_THANKS,
        Kind.OFFER_THANKS,
        Kind.OFFER_ACCEPT,
        Kind.OFFER_DECLINE,
        Kind.REJECTION_REPLY,
        Kind.WITHDRAWAL,
        Kind.OFFER_REMINDER,
        Kind.STATUS_CHECK,
        Kind.GRATITUDE,
        Kind.HOLIDAY,
        Kind.NEWS_NOTE,
        Kind.CHECK_IN,
    )

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> NetworkPolicy:
        """Read the `[network]` table of the config file; unknown keys are errors."""
        table = config.get("network", {})
        if not isinstance(table, Mapping):
            raise ValidationError("network", "must be a table")
        changes: dict[str, Any] = {}
        for key, value in table.items():
            where = f"network.{key}"
            if key in (
                "cooling_after",
                "let_go_after",
                "greeting_max_unanswered",
                "per_week",
                "per_day",
                "spread_weeks",
                "cool_after_months",
                "gratitude_per_outcome",
            ):
                changes[key] = _positive(where, value)
            elif key in (
                "min_gap_days",
                "check_in_open_days",
                "check_in_horizon_days",
                "greeting_horizon_days",
                "gratitude_open_days",
                "gratitude_within_days",
            ):
                changes[key.removesuffix("_days")] = timedelta(days=_positive(where, value))
            elif key == "priority":
                changes[key] = _priority(where, value)
            else:
                raise ValidationError(where, "unknown setting")
        policy = cls(**changes)
        if policy.let_go_after < policy.cooling_after:
            raise ValidationError("network.let_go_after", "must not be less than cooling_after")
        if policy.per_week < policy.per_day:
            raise ValidationError("network.per_week", "must not be less than per_day")
        return policy

    @property
    def cool_after(self) -> timedelta:
        return timedelta(days=round(self.cool_after_months * 30.44))

    def rank(self, kind: Kind) -> int:
        return self.priority.index(kind) if kind in self.priority else len(self.priority)


def _positive(where: str, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValidationError(where, f"must be a whole number of at least 1, not {value!r}")
    return value


def _priority(where: str, value: object) -> tuple[Kind, ...]:
    if not isinstance(value, list) or not value:
        raise ValidationError(where, "must be a list of follow-up kinds")
    kinds = []
    for item in value:
        try:
            kinds.append(Kind(item))
        except ValueError:
            raise ValidationError(where, f"{item!r} is not a follow-up kind") from None
    return tuple(dict.fromkeys(kinds))


def intervals(policy: Policy) -> dict[Tier, timedelta]:
    """Check-in interval per tier (NURTURE-001; `policy.check_in_days`)."""
    return {Tier(k): timedelta(days=v) for k, v in policy.check_in_days.items()}
