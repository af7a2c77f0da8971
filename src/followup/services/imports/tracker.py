"""Import from other trackers: their CSV exports in (stages mapped, contacts created),
and ours out, with `import --from csv` and `export --csv`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from followup.domain.imports import attendees, tracker
from followup.domain.records import fields
from followup.domain.records.followups import FollowUp
from followup.domain.records.model import (
    Application,
    Company,
    Contact,
    ContactRole,
    Snapshot,
    Stage,
    StageChange,
)
from followup.domain.records.zones import check_zone
from followup.services.records import companies

if TYPE_CHECKING:
    from followup.services.deps import Deps


@dataclass(frozen=True, slots=True, kw_only=True)
class RowAction:
    """What one CSV row does: adds an application, updates one, or changes nothing."""

    line: int
    action: str  # add, update, unchanged
    company: str
    role: str
    stage: str
    application_id: int | None = None
    changes: tuple[str, ...] = ()
    contacts: int = 0  # contacts added


@dataclass(frozen=True, slots=True, kw_only=True)
class CsvReport:
    """The result (or, with --dry-run, the preview) of a CSV import."""

    source: str
    columns: dict[str, str]
    rows: tuple[RowAction, ...] = ()
    problems: tuple[tracker.RowProblem, ...] = ()
    notes: tuple[str, ...] = ()
    dry_run: bool = False
    # The process follow-ups the import planned (or, dry, would plan): only what each
    # record needs now; nurture waits for a relationship (issue 16).
    planned: tuple[FollowUp, ...] = ()

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)


def import_csv(
    deps: Deps,
    path: Path,
    *,
    mapping: Sequence[str] = (),
    stages: Sequence[str] = (),
    dry_run: bool = False,
    plan: bool = True,
) -> CsvReport:
    """Import applications (and their contacts) from a spreadsheet export.

    Columns are detected by name, `mapping` (`FIELD=COLUMN`) overrides. A row whose
    stage is unknown is reported and left out. A re-import updates the applications it
    matches (same company and role) instead of adding them again. With `plan`, each
    imported application's process follow-ups are planned (with `dry_run`, computed and
    reported only).
    """
    store, clock = deps.store, deps.clock
    table = deps.tracker.read(path)
    overrides = tracker.parse_map(mapping)
    stage_words = tracker.parse_stage_map(stages)
    columns = tracker.detect(table.header, overrides)
    profile = store.profile.get()
    tz = profile.tz if profile else "UTC"
    # A US candidate's 03/05/2024 is March 5; elsewhere it is 3 May, unless the file says.
    day_first = not (profile and profile.country in ("US", "PH", "FM", "MH", "PW"))
    rows, problems = tracker.map_rows(table, columns, stages=stage_words, day_first=day_first)
    now = clock.now()
    shown = {k.value: table.header[i] for k, i in sorted(columns.items(), key=lambda kv: kv[1])}
    touched: list[Application] = []
    planned: list[FollowUp] = []
    with store.transaction():
        actions = _apply_rows(
            deps, rows, tz, now, Path(table.source).name, write=not dry_run, touched=touched
        )
        if plan:
            planned = _plan_imported(deps, touched, now, write=not dry_run)
    return CsvReport(
        source=table.source,
        columns=shown,
        rows=tuple(actions),
        problems=tuple(problems),
        notes=table.notes,
        dry_run=dry_run,
        planned=tuple(planned),
    )


def _plan_imported(
    deps: Deps, apps: Sequence[Application], now: datetime, *, write: bool
) -> list[FollowUp]:
    """The process follow-ups of the imported applications: planned per application (the
    whole-database run, nurture included, is not the import's to start), or, dry, the
    same rules on the records as they would be."""
    from followup.domain.timing import planner as rules
    from followup.domain.timing.planning import Plan

    store = deps.store
    found: list[FollowUp] = []
    profile = store.profile.get()
    for n, app in enumerate(apps, 1):
        company = store.companies.get(app.company_id) if app.company_id else None
        company = company or Company(id=-n, name="(new)")
        draft = app if app.id is not None else replace(app, id=-n, company_id=company.id or -n)
        staff = tuple(store.contacts.list(company.id)) if write and company.id else ()
        records = Snapshot(
            profile=profile, companies=(company,), contacts=staff, applications=(draft,)
        )
        derived = rules.plan(records, deps.policies, now, deps.holidays).followups
        # A tracker's dates are the candidate's record, not a schedule: what they call for
        # is planned from now on; nothing is born overdue (issue 16).
        due = [f for f in derived if f.window.latest >= now]
        found += due
        if write and app.id is not None:
            passed = {f.key for f in derived if f.window.latest < now}
            existing = store.followups.list(application_id=app.id)
            changes = rules.merge(existing, Plan(due, {}, passed), now)
            if changes:
                store.followups.save(changes)
    return found


def _apply_rows(
    deps: Deps,
    rows: Sequence[tracker.TrackerRow],
    tz: str,
    now: datetime,
    name: str,
    *,
    write: bool,
    touched: list[Application] | None = None,
) -> list[RowAction]:
    store = deps.store
    zone = ZoneInfo(check_zone(tz))
    planned: dict[tuple[str, str], Application] = {}  # apps added in this run, for dry runs
    existing = store.applications.list()
    actions: list[RowAction] = []
    for row in rows:
        company = store.companies.find(row.company)
        key = (row.company.casefold(), row.role.casefold())
        current: Application | None = planned.get(key)
        if current is None and company is not None:
            current = next(
                (
                    a
                    for a in existing
                    if a.company_id == company.id and a.role.casefold() == row.role.casefold()
                ),
                None,
            )
        notes = "\n".join(
            x for x in (row.notes, f"Location: {row.location}" if row.location else "") if x
        )
        applied_at = datetime.combine(row.applied, time(12, 0), tzinfo=zone) if row.applied else now
        if current is None:
            stage = row.stage or Stage.APPLIED
            new = Application(
                company_id=company.id if company is not None and company.id is not None else 0,
                role=row.role,
                stage=stage,
                history=(StageChange(stage=stage, at=applied_at, note=f"imported from {name}"),),
                source=row.source,
                url=row.url,
                created_at=applied_at,
                notes=notes,
            )
            if write:
                if company is None:
                    company = companies.add(deps, row.company)
                assert company.id is not None
                new = store.applications.add(replace(new, company_id=company.id))
                existing.append(new)
            planned[key] = new
            added = _row_contacts(deps, row, company, write=write)
            actions.append(
                RowAction(
                    line=row.line,
                    action="add",
                    company=row.company,
                    role=row.role,
                    stage=stage.value,
                    application_id=new.id,
                    contacts=added,
                )
            )
            continue
        changes: list[str] = []
        updated = current
        if row.stage is not None and row.stage is not current.stage:
            changes.append(f"stage {current.stage.value} -> {row.stage.value}")
            updated = replace(
                updated,
                stage=row.stage,
                history=(
                    *updated.history,
                    StageChange(stage=row.stage, at=now, note=f"imported from {name}"),
                ),
            )
        if row.url and row.url != current.url:
            changes.append("url")
            updated = replace(updated, url=row.url)
        if row.source and row.source != current.source:
            changes.append("source")
            updated = replace(updated, source=row.source)
        if notes and notes not in current.notes:
            changes.append("notes")
            updated = replace(
                updated,
                notes=fields.notes(
                    "notes", f"{current.notes}\n\n{notes}" if current.notes else notes
                ),
            )
        if changes and write:
            updated = store.applications.update(updated)
            existing[:] = [updated if a.id == updated.id else a for a in existing]
        if changes:
            planned[key] = updated
        added = _row_contacts(deps, row, company, write=write)
        if added:
            changes.append(f"{added} contact{'s' if added > 1 else ''}")
        actions.append(
            RowAction(
                line=row.line,
                action="update" if changes else "unchanged",
                company=row.company,
                role=row.role,
                stage=updated.stage.value,
                application_id=current.id,
                changes=tuple(changes),
                contacts=added,
            )
        )
    if touched is not None:
        touched.extend(planned.values())  # added or changed: the ones to plan
    return actions


def _row_contacts(
    deps: Deps, row: tracker.TrackerRow, company: Company | None, *, write: bool
) -> int:
    """Add the row's contacts that are not on file yet; how many (would be) added."""
    store = deps.store
    added = 0
    for name, email in row.contacts:
        found = store.contacts.find_by_email(email) if email else None
        if found is None and not email and company is not None:
            found = next(
                (
                    c
                    for c in store.contacts.list(company.id)
                    if c.name.casefold() == name.casefold()
                ),
                None,
            )
        if found is not None:
            continue
        added += 1
        if write and company is not None:
            store.contacts.add(
                Contact(
                    # hr@ or careers@ with no personal name is the team, never "Hr" (issue 17)
                    name=attendees.team_name(name, email)
                    or attendees.name_from_address(email)
                    or email.partition("@")[0],
                    email=email,
                    company_id=company.id,
                    role=ContactRole.RECRUITER,
                )
            )
    return added


def export_csv(deps: Deps) -> str:
    """Every application as CSV, cells neutralised against formula injection (F7)."""
    store = deps.store
    profile = store.profile.get()
    zone = ZoneInfo(check_zone(profile.tz if profile else "UTC"))
    names = {c.id: c.name for c in store.companies.list()}
    people: dict[int | None, list[str]] = {}
    for contact in store.contacts.list():
        shown = f"{contact.name} <{contact.email}>" if contact.email else contact.name
        people.setdefault(contact.company_id, []).append(shown)
    rows = [
        (
            names.get(a.company_id, ""),
            a.role,
            a.stage.value,
            a.created_at.astimezone(zone).date().isoformat(),
            a.url,
            "; ".join(people.get(a.company_id, [])),
            a.source,
            a.notes,
        )
        for a in store.applications.list()
    ]
    return tracker.to_csv(tracker.EXPORT_HEADER, rows)
