"""The candidate's network at one import: tiers, last touches, check-ins, gratitude and
holiday greetings.

The code lives in one module per concern (policy, index, standing, gratitude, greetings,
rules, spacing); this module re-exports their public names so callers that take "the
network" as one thing (`from followup.domain.network import relationships as network`)
keep working.
"""

from __future__ import annotations

from followup.domain.network.gratitude import Owed, helpers, owed_gratitude
from followup.domain.network.greetings import (
    OBSERVANCES,
    HolidayDate,
    greeting_windows,
    observance,
    two_way,
)
from followup.domain.network.index import OUTCOMES, Records, outcome
from followup.domain.network.policy import KINDS, NetworkPolicy, intervals
from followup.domain.network.rules import contact_rules
from followup.domain.network.spacing import FLEXIBLE, Deferred, space
from followup.domain.network.standing import Standing, review, review_one, standing

__all__ = [
    "FLEXIBLE",
    "KINDS",
    "OBSERVANCES",
    "OUTCOMES",
    "Deferred",
    "HolidayDate",
    "NetworkPolicy",
    "Owed",
    "Records",
    "Standing",
    "contact_rules",
    "greeting_windows",
    "helpers",
    "intervals",
    "observance",
    "outcome",
    "owed_gratitude",
    "review",
    "review_one",
    "space",
    "standing",
    "two_way",
]
