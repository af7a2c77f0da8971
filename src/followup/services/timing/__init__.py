"""Timing: when each follow-up is due. `replan` and `refresh` are the front door that
record services and shells use; `planning` runs the planner and keeps the user's
decisions, `when` answers for one interview, `habits` measures the user's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followup.services.deps import Deps
    from followup.services.timing.planning import Replanned


def replan(deps: Deps, application_id: int | None = None) -> Replanned:
    """Re-plan after records changed: one application's follow-ups, or everyone's with
    the long-run kinds (check-ins, greetings, news notes, offer outcomes)."""
    from followup.services import network
    from followup.services.timing import planning

    now = deps.clock.now()
    if application_id is not None:
        return planning.replan(deps, now, application_id)
    return network.replan(deps, now).replanned


def refresh(deps: Deps) -> None:
    """Re-plan everything if the last whole-database run is stale (the agenda's freshness)."""
    from followup.services.timing import planning

    now = deps.clock.now()
    if not planning.stale(deps, now):
        return  # the usual case: no need to import the network's rules at all
    from followup.domain.errors import Unavailable
    from followup.services import network

    try:
        network.refresh(deps, now)
    except Unavailable:
        # Storage that cannot be written now (read-only media, a busy writer): a read
        # shows the plan as stored rather than failing; the next writable run catches up.
        return
