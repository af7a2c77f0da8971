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


# The follow-ups a whole run reads as rows up front: the open ones, which it may change.
OPEN = (Status.PLANNED, Status.DRAFTED, Status.QUEUED)
SETTLED = (Status.DONE, Status.SENT, Status.SKIPPED)


def live_records(deps: Deps) -> Snapshot:
    """Every record a whole-database run reads, with only the open follow-ups as rows.
    A long history's others are nearly all of them: the settled ones (done, sent,
    skipped) never change, and a cancelled one matters only if the run plans it again
    (see `on_file`)."""
    store = deps.store
    live = store.followups.list(statuses=OPEN)
    live.sort(key=lambda f: f.id or 0)
    return Snapshot(
        profile=store.profile.get(),
        companies=tuple(store.companies.list()),
        # Without the texts no rule reads (titles, topics, subjects, Message-IDs): less to read
        # and hold on a long history (issue 16). tests/integration/test_planning_view.py holds
        # the planner to that.
        contacts=tuple(store.contacts.list(texts=False)),
        applications=tuple(store.applications.list()),
        interviews=tuple(store.interviews.list(texts=False)),
        followups=tuple(live),
        messages=tuple(store.messages.every(texts=False)),
    )


def on_file(deps: Deps, keys: Iterable[str]) -> tuple[list[FollowUp], set[str]]:
    """Of the notes a whole run would plan that are not open: the cancelled ones as rows
    (the run reopens them) and the keys of the settled ones (it leaves them be). Asked
    for these keys only, not for a long history's every row."""
    found = deps.store.followups.with_keys(keys)
    cancelled = [f for f in found if f.status is Status.CANCELLED]
    return cancelled, {f.key for f in found if f.status in SETTLED}
