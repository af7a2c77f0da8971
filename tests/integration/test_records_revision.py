"""The records' revision (the revision migration): every change to a record moves it, planning's
own writes do not, and a store without the counter says so (None). `network --json`
trusts what the last whole run kept only while it has not moved (issue 16)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from followup.domain.records.followups import FollowUp, Kind, Window
from followup.domain.records.model import Company, Contact
from followup.ports import Store

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


def test_a_record_change_moves_the_revision_and_planning_does_not(
    new_store: Callable[[], Store],
) -> None:
    store = new_store()
    start = store.get_meta("records.revision")
    company = store.companies.add(Company(name="Acme"))
    if start is None and store.get_meta("records.revision") is None:
        return  # the in-memory twin keeps no counter: nothing is trusted between runs
    after_company = store.get_meta("records.revision")
    assert after_company is not None and after_company != start
    contact = store.contacts.add(Contact(name="Grace", company_id=company.id))
    after_contact = store.get_meta("records.revision")
    assert after_contact is not None and int(after_contact) > int(after_company)
    store.contacts.update(dataclasses.replace(contact, notes="met at PyCon"))
    after_edit = store.get_meta("records.revision")
    assert after_edit is not None and int(after_edit) > int(after_contact)
    window = Window(earliest=NOW, recommended=NOW, latest=NOW + timedelta(days=1))
    store.followups.save(
        [
            FollowUp(
                key="check-in/c1/new",
                kind=Kind.CHECK_IN,
                contact_id=contact.id,
                window=window,
                created_at=NOW,
                updated_at=NOW,
            )
        ]
    )
    store.set_meta("planned_at", NOW.isoformat())
    assert store.get_meta("records.revision") == after_edit
