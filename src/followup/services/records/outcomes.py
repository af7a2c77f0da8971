"""Outcomes of a process: record an offer, accept or decline it.

A rejection is a stage change (`app stage ID rejected`); the letters and check-ins it
owes come from the planner rules, whichever command changed the stage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from followup.domain.network.offers import Offer, check_answer, check_offer, with_concerns
from followup.domain.records.model import Application, Stage
from followup.domain.records.zones import zone
from followup.services import timing
from followup.services.records import applications

if TYPE_CHECKING:
    from followup.services.deps import Deps


@dataclass(frozen=True, slots=True)
class Recorded:
    """The application after an offer or its answer, the offer on record (None for an
    answer), and how many follow-ups the whole-network re-plan created."""

    application: Application
    offer: Offer | None
    planned: int


def _today(deps: Deps) -> date:
    profile = deps.store.profile.get()
    tz = profile.tz if profile and profile.tz else "UTC"
    return deps.clock.now().astimezone(zone(tz)).date()


def record_offer(
    deps: Deps,
    application_id: int,
    *,
    deadline: date | None = None,
    concerns: Sequence[str] = (),
) -> Recorded:
    """Record an offer on an open application: the stage, its deadline, open concerns;
    then re-plan everyone (an offer changes what the network is owed).

    Refuses a closed application and a deadline in the past; writes nothing then.
    """
    store, news_store = deps.store, deps.news
    now = deps.clock.now()
    with store.transaction(), news_store.transaction():
        app = store.applications.get(application_id)
        check_offer(app, deadline, _today(deps))
        offer = with_concerns(news_store.get_offer(application_id), application_id, concerns, now)
        if app.stage is not Stage.OFFER:
            app = applications.move(deps, application_id, Stage.OFFER.value, note="offer received")
        if deadline is not None:
            app = applications.edit(deps, application_id, decision_by=deadline)
        news_store.save_offer(offer)
    return Recorded(app, offer, timing.replan(deps).created)


def answer_offer(deps: Deps, application_id: int, *, accept: bool) -> Recorded:
    """Accept (stage accepted) or decline (stage withdrawn) an offer on record, then
    re-plan everyone: the confirmation, the withdrawals elsewhere, the decline letter."""
    with deps.store.transaction():
        app = deps.store.applications.get(application_id)
        check_answer(app)
        stage = Stage.ACCEPTED if accept else Stage.WITHDRAWN
        note = "accepted the offer" if accept else "declined the offer"
        app = applications.move(deps, application_id, stage.value, note=note)
    return Recorded(app, None, timing.replan(deps).created)
