"""A whole re-plan reads contacts, interviews and messages without the texts no planning
rule reads (titles, topics, subjects, Message-IDs; issue 16). Planning on that view must
give exactly what planning on the full records gives: a rule that starts reading one of
those texts fails here, and belongs in the view (`services/timing/reads.py`)."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from benchmarks import generate

from followup.adapters.clock import FixedClock
from followup.adapters.store.sqlite import SqliteStore
from followup.bootstrap import build
from followup.domain.network import stops
from followup.domain.records.followups import Direction, Kind, Message
from followup.domain.records.model import Snapshot
from followup.domain.timing import planner
from followup.services.deps import Deps
from followup.services.network import extension
from followup.services.timing import reads

DAY = generate.anchor_for(date(2026, 12, 1))  # greetings, check-ins and gratitude all due
SIZE = replace(generate.SIZES["quick-base"], name="view")


def planned(deps: Deps, snapshot: Snapshot) -> tuple[object, ...]:
    """Everything a whole run decides from `snapshot`, before it meets the stored rows."""
    now = DAY + timedelta(hours=6)
    ext = extension(deps, snapshot, now)
    plan = planner.plan(
        snapshot,
        deps.policies,
        now,
        deps.holidays,
        application_rules=(*planner.APPLICATION_RULES, *ext.application_rules),
        contact_rules=(*planner.CONTACT_RULES, *ext.contact_rules),
        planning=ext.planning,
    )
    plan = stops.withhold(plan, snapshot.contacts, snapshot.messages)
    plan, deferred = ext.adjust(plan)
    waiting = [(d.followup.key, d.reason) for d in deferred]
    return plan.followups, plan.retired, plan.kept, waiting


def test_the_planning_view_plans_what_the_full_records_plan(tmp_path: Path) -> None:
    manifest = generate.generate(tmp_path / "history.db", SIZE, 3, DAY)
    store = SqliteStore(Path(manifest.path))
    try:
        deps = build(store=store, clock=FixedClock(DAY))
        # A reply whose note asks for no more follow-ups: its process's notes are
        # withheld, which the view must see (the note stays in it).
        before = planned(deps, reads.live_records(deps))[0]
        assert isinstance(before, list)
        stopped = next(f for f in before if f.kind is Kind.STATUS_CHECK and f.contact_id)
        store.messages.add(
            Message(
                contact_id=stopped.contact_id or 0,
                application_id=stopped.application_id,
                direction=Direction.IN,
                at=DAY - timedelta(hours=1),
                note="Please do not follow up on this; we will be in touch.",
            )
        )
        view = reads.live_records(deps)
        full = dataclasses.replace(
            view,
            contacts=tuple(store.contacts.list()),
            interviews=tuple(store.interviews.list()),
            messages=tuple(store.messages.every()),
        )
        # The view did leave texts out, and kept every record.
        assert any(m.subject for m in full.messages) and not any(m.subject for m in view.messages)
        assert any(i.topics for i in full.interviews) and not any(i.topics for i in view.interviews)
        assert any(c.title for c in full.contacts) and not any(c.title for c in view.contacts)
        assert [c.id for c in view.contacts] == [c.id for c in full.contacts]
        assert [m.id for m in view.messages] == [m.id for m in full.messages]
        assert [i.id for i in view.interviews] == [i.id for i in full.interviews]
        followups, retired, kept, deferred = planned(deps, full)
        assert followups and deferred  # a history with notes planned and notes waiting
        assert stopped.key not in {f.key for f in followups}
        assert planned(deps, view) == (followups, retired, kept, deferred)
    finally:
        store.close()
