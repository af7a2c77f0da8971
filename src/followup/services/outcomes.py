"""Outcomes of a process: record an offer, accept or decline it.

A rejection is a stage change (`app stage ID rejected`); the letters and check-ins it
owes come from the planner rules, whichever command changed the stage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from followup.domain.network.offers import Offer, check_answer, check_offer, with_concerns
from followup.domain.records.model import Application, Stage
from followup.domain.records.zones import zone
from followup.ports import Clock, NewsStore, Store
from followup.services import applications


@dataclass(frozen=True, slots=True)
class Recorded:
    application: Application
    offer: Offer


def _today(store: Store, clock: Clock) -> date:
    profile = store.get_profile()
    return clock.now().astimezone(zone(profile.tz if profile and profile.tz else "UTC")).date()


def record_offer(
    store: Store,
    news_store: NewsStore,
    clock: Clock,
    application_id: int,
    *,
    deadline: date | None = None,
    concerns: Sequence[str] = (),
) -> Recorded:
    """Record an offer on an open application: the stage, its deadline, open concerns.

    Refuses a closed application and a deadline in the past; writes nothing then.
    """
    now = clock.now()
    with store.transaction(), news_store.transaction():
        app = store.get_application(application_id)
        check_offer(app, deadline, _today(store, clock))
        offer = with_concerns(news_store.get_offer(application_id), application_id, concerns, now)
        if app.stage is not Stage.OFFER:
            app = applications.set_stage(
                store, clock, application_id, Stage.OFFER.value, note="offer received"
            )
        if deadline is not None:
            app = applications.edit(store, application_id, decision_by=deadline)
        news_store.save_offer(offer)
    return Recorded(app, offer)


def answer_offer(store: Store, clock: Clock, application_id: int, *, accept: bool) -> Application:
    """Accept (stage accepted) or decline (stage withdrawn) an offer on record."""
    with store.transaction():
        app = store.get_application(application_id)
        check_answer(app)
        stage = Stage.ACCEPTED if accept else Stage.WITHDRAWN
        note = "accepted the offer" if accept else "declined the offer"
        return applications.set_stage(store, clock, application_id, stage.value, note=note)
