"""What a planning run reads from the store: one application's records, or the whole
database with only the follow-ups a re-plan may still change as rows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from followup.domain.errors import NotFound
from followup.domain.records.followups import FollowUp, Status
from followup.domain.records.model import Contact, Snapshot

if TYPE_CHECKING:
    from followup.services.deps import Deps


def application_records(deps: Deps, application_id: int) -> tuple[Snapshot, list[FollowUp]]:
    """Just the records one application's planning reads."""
    store = deps.store
    application = store.applications.get(application_id)
    company = store.companies.get(application.company_id)
    interviews = store.interviews.list(application_id)
    contacts: dict[int | None, Contact] = {c.id: c for c in store.contacts.list(company.id)}
    wanted: set[int | None] = {p.contact_id for i in interviews for p in i.interviewers}
    wanted |= {i.coordinator_id for i in interviews if i.coordinator_id is not None}
    for contact_id in wanted - set(contacts):
        if contact_id is None:
            continue
        try:
            contacts[contact_id] = store.contacts.get(contact_id)
        except NotFound:
            continue
    messages = {m.id: m for m in store.messages.list(application_id=application_id)}
    for contact_id in [c for c in contacts if c is not None]:
        # Messages to anyone at the company count toward the gap (CAD-002, CAD-003).
        messages.update((m.id, m) for m in store.messages.list(contact_id=contact_id))
    snapshot = Snapshot(
        profile=store.profile.get(),
        companies=(company,),
        contacts=tuple(contacts.values()),
        applications=(application,),
        interviews=tuple(interviews),
        messages=tuple(messages.values()),
    )
    return snapshot, store.followups.list(application_id=application_id)


# What a re-plan may still change: open follow-ups, and cancelled ones it may reopen.
LIVE = (Status.PLANNED, Status.DRAFTED, Status.QUEUED, Status.CANCELLED)
SETTLED = tuple(s for s in Status if s not in LIVE)  # done, sent, skipped


def live_records(deps: Deps) -> Snapshot:
    """Every record a whole-database run reads, with only the live follow-ups as rows:
    on a long history the settled ones (done, sent, skipped) are nearly all of them, and
    nothing in a re-plan changes them (see `settled_among`)."""
    store = deps.store
    live = store.followups.list(statuses=LIVE)
    live.sort(key=lambda f: f.id or 0)
    return Snapshot(
        profile=store.profile.get(),
        companies=tuple(store.companies.list()),
        contacts=tuple(store.contacts.list()),
        applications=tuple(store.applications.list()),
        interviews=tuple(store.interviews.list()),
        followups=tuple(live),
        messages=tuple(sorted(store.messages.list(), key=lambda m: m.id or 0)),
    )


def settled_among(deps: Deps, keys: Iterable[str]) -> set[str]:
    """Which of these follow-up keys are settled (done, sent or skipped): a whole run
    asks only about the notes it would create, not about a long history's every key."""
    return deps.store.followups.keys(SETTLED, among=keys)
