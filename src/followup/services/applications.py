"""Record applications and move them through their stages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from followup.domain.errors import ValidationError
from followup.domain.records import fields
from followup.domain.records.model import Application, ApplicationRow, Stage, StageChange
from followup.ports import Clock, Store
from followup.services import companies


def parse_stage(value: str, field: str = "stage") -> Stage:
    try:
        return Stage(value.strip().lower())
    except ValueError:
        choices = ", ".join(s.value for s in Stage)
        raise ValidationError(field, f"{value!r} is not one of {choices}") from None


def add(
    store: Store,
    clock: Clock,
    *,
    company: str,
    role: str,
    stage: str = "applied",
    source: str = "",
    url: str = "",
    decision_by: date | None = None,
    notes: str = "",
) -> Application:
    """A new application, creating its company when needed."""
    now = clock.now()
    initial = parse_stage(stage, "--stage")
    with store.transaction():
        owner = companies.ensure(store, company)
        assert owner.id is not None
        return store.add_application(
            Application(
                company_id=owner.id,
                role=fields.line("--role", role, limit=200, required=True),
                stage=initial,
                history=(StageChange(stage=initial, at=now),),
                source=fields.line("--source", source, limit=500),
                url=fields.url("--url", url),
                decision_by=decision_by,
                created_at=now,
                notes=fields.notes("--notes", notes),
            )
        )


def set_stage(
    store: Store,
    clock: Clock,
    application_id: int,
    stage: str,
    *,
    note: str = "",
    at: datetime | None = None,
) -> Application:
    """Move an application to a stage; the change is kept in its history."""
    new = parse_stage(stage)
    when = fields.aware("--at", at) if at else clock.now()
    with store.transaction():
        app = store.get_application(application_id)
        change = StageChange(stage=new, at=when, note=fields.line("--note", note))
        return store.update_application(replace(app, stage=new, history=(*app.history, change)))


def edit(
    store: Store,
    application_id: int,
    *,
    role: str | None = None,
    decision_by: date | None = None,
    url: str | None = None,
    source: str | None = None,
    notes: str | None = None,
) -> Application:
    """Change the given fields of an application."""
    with store.transaction():
        app = store.get_application(application_id)
        if role is not None:
            app = replace(app, role=fields.line("--role", role, limit=200, required=True))
        if decision_by is not None:
            app = replace(app, decision_by=decision_by)
        if url is not None:
            app = replace(app, url=fields.url("--url", url))
        if source is not None:
            app = replace(app, source=fields.line("--source", source, limit=500))
        if notes is not None:
            app = replace(app, notes=fields.notes("--notes", notes))
        return store.update_application(app)


def listing(store: Store, stage: str | None = None) -> Sequence[Application]:
    stages = [parse_stage(stage, "--stage")] if stage else None
    return store.list_applications(stages)


def rows(store: Store, stage: str | None = None) -> Sequence[ApplicationRow]:
    """The listing without stage histories, each with its company's name: for tables."""
    stages = [parse_stage(stage, "--stage")] if stage else None
    return store.list_application_rows(stages)
