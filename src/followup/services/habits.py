"""Your habits: the figures behind the Habits page, from every record on file."""

from __future__ import annotations

from followup.domain.timing import habits
from followup.domain.timing.policy import Policies
from followup.ports import Store


def review(store: Store, policies: Policies) -> habits.Habits:
    """Measure on-time thank-yous, delays, reply rates and nudges against the cap."""
    snapshot = store.snapshot()
    companies = {c.id: c.name for c in snapshot.companies}
    labels = {
        a.id: f"{companies.get(a.company_id, '')}: {a.role}"
        for a in snapshot.applications
        if a.id is not None
    }
    return habits.review(
        snapshot.followups,
        snapshot.messages,
        snapshot.interviews,
        snapshot.applications,
        labels,
        policies.default.max_unanswered_status_checks,
    )
