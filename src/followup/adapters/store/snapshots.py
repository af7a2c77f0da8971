"""Every record out of a Store and back into an empty one, written once for every engine."""

from __future__ import annotations

from typing import TYPE_CHECKING

from followup.domain.records.model import Snapshot

if TYPE_CHECKING:
    from followup.ports import Store


def _id(record: object) -> int:
    return getattr(record, "id", None) or 0


def take(store: Store) -> Snapshot:
    """Every record, each kind in id order."""
    return Snapshot(
        profile=store.profile.get(),
        companies=tuple(store.companies.list()),
        contacts=tuple(store.contacts.list()),
        applications=tuple(store.applications.list()),
        interviews=tuple(store.interviews.list()),
        followups=tuple(sorted(store.followups.list(), key=_id)),
        messages=tuple(store.messages.every()),
    )


def restore(store: Store, snapshot: Snapshot) -> None:
    """Load a snapshot into an empty store, keeping ids, in one transaction."""
    with store.transaction():
        if snapshot.profile is not None:
            store.profile.save(snapshot.profile)
        for company in snapshot.companies:
            store.companies.add(company)
        for contact in snapshot.contacts:
            store.contacts.add(contact)
        for application in snapshot.applications:
            store.applications.add(application)
        for interview in snapshot.interviews:
            store.interviews.add(interview)
        store.followups.load(snapshot.followups)
        for message in snapshot.messages:
            store.messages.add(message)
