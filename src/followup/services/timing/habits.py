"""Your habits: the figures behind the Habits page, from every record on file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from followup.domain.timing import habits

if TYPE_CHECKING:
    from followup.services.deps import Deps


def review(deps: Deps) -> habits.Habits:
    """Measure on-time thank-yous, delays, reply rates and nudges against the cap."""
    store, policies = deps.store, deps.policies
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
