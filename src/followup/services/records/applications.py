"""Record applications and move them through their stages.

A stage change re-plans: the application's own follow-ups, or, for an outcome stage
(offer answered, rejected, withdrawn), everyone's, since the network kinds follow it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from followup.domain.errors import ValidationError
from followup.domain.records import fields
from followup.domain.records.model import Application, ApplicationRow, Stage, StageChange
from followup.services import timing
from followup.services.records import companies

if TYPE_CHECKING:
    from followup.services.deps import Deps


def parse_stage(value: str, field: str = "stage") -> Stage:
    try:
        return Stage(value.strip().lower())
    except ValueError:
        choices = ", ".join(s.value for s in Stage)
        raise ValidationError(field, f"{value!r} is not one of {choices}") from None


@dataclass(frozen=True, slots=True, kw_only=True)
class NewApplication:
    """An application as the user gives it; the company is created when needed."""

    company: str
    role: str
    stage: str = "applied"
    source: str = ""
    url: str = ""
    decision_by: date | None = None
    notes: str = ""


def add(deps: Deps, new: NewApplication) -> Application:
    """A new application, creating its company when needed."""
    store = deps.store
    now = deps.clock.now()
    initial = parse_stage(new.stage, "--stage")
    with store.transaction():
        owner = companies.ensure(deps, new.company)
        assert owner.id is not None
        return store.applications.add(
            Application(
                company_id=owner.id,
                role=fields.line(
                    "--role", fields.one_line("--role", new.role), limit=200, required=True
                ),
                stage=initial,
                history=(StageChange(stage=initial, at=now),),
                source=fields.line("--source", new.source, limit=500),
                url=fields.url("--url", new.url),
                decision_by=new.decision_by,
                created_at=now,
                notes=fields.notes("--notes", new.notes),
            )
        )


def move(
    deps: Deps, application_id: int, stage: str, *, note: str = "", at: datetime | None = None
) -> Application:
    """Move an application to a stage, kept in its history; no re-plan (for a caller that
    re-plans once at the end of a larger change)."""
    store = deps.store
    new = parse_stage(stage)
    when = fields.aware("--at", at) if at else deps.clock.now()
    with store.transaction():
        app = store.applications.get(application_id)
        change = StageChange(stage=new, at=when, note=fields.line("--note", note))
        return store.applications.update(replace(app, stage=new, history=(*app.history, change)))


def set_stage(
    deps: Deps, application_id: int, stage: str, *, note: str = "", at: datetime | None = None
) -> Application:
    """Move an application to a stage, then re-plan: an outcome stage clears the
    application's follow-ups and changes what its people are owed, so everyone's."""
    with deps.store.transaction():  # the stage and its plan land together, or neither
        moved = move(deps, application_id, stage, note=note, at=at)
        timing.replan(deps, None if moved.stage.is_outcome else application_id)
    return moved


def edit(
    deps: Deps,
    application_id: int,
    *,
    role: str | None = None,
    decision_by: date | None = None,
    url: str | None = None,
    source: str | None = None,
    notes: str | None = None,
) -> Application:
    """Change the given fields of an application."""
    store = deps.store
    with store.transaction():
        app = store.applications.get(application_id)
        if role is not None:
            app = replace(
                app,
                role=fields.line(
                    "--role", fields.one_line("--role", role), limit=200, required=True
                ),
            )
        if decision_by is not None:
            app = replace(app, decision_by=decision_by)
        if url is not None:
            app = replace(app, url=fields.url("--url", url))
        if source is not None:
            app = replace(app, source=fields.line("--source", source, limit=500))
        if notes is not None:
            app = replace(app, notes=fields.notes("--notes", notes))
        updated = store.applications.update(app)
        if decision_by is not None:  # the status check and offer reminder count from it
            timing.replan(deps, application_id)
        return updated


def listing(deps: Deps, stage: str | None = None) -> Sequence[Application]:
    stages = [parse_stage(stage, "--stage")] if stage else None
    return deps.store.applications.list(stages)


def rows(deps: Deps, stage: str | None = None) -> Sequence[ApplicationRow]:
    """The listing without stage histories, each with its company's name: for tables."""
    stages = [parse_stage(stage, "--stage")] if stage else None
    return deps.store.applications.list_rows(stages)


def get(deps: Deps, application_id: int) -> Application:
    """An application by id (NotFound when there is none)."""
    return deps.store.applications.get(application_id)
