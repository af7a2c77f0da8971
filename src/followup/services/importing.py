"""Import: interviews from calendar invites, applications from other trackers' CSV files.

Invites are upserted by UID (+ RECURRENCE-ID); a higher SEQUENCE wins, METHOD:CANCEL
cancels the interview and, through re-planning, its open follow-ups. A CSV re-import
updates the applications it matches instead of adding them again. Every import runs
in one transaction: bad input writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from followup.domain.errors import NotFound, ValidationError
from followup.domain.imports import invite as invites
from followup.domain.imports import tracker
from followup.domain.imports.invite import Guess, Invite, InviteEvent, Person, ReadOptions, Skipped
from followup.domain.records import fields
from followup.domain.records.followups import FollowUp
from followup.domain.records.model import (
    Application,
    Company,
    Contact,
    ContactRole,
    Interview,
    InterviewStatus,
    Participant,
    Profile,
    Snapshot,
    Stage,
    StageChange,
)
from followup.domain.records.zones import check_zone
from followup.domain.timing.policy import Policies
from followup.domain.timing.windows import HolidayCalendar
from followup.ports import CalendarSource, Clock, Store, TrackerSource
from followup.services import applications, companies, interviews, planning

# Recurring invites are listed from half a year back (interviews already held can still be
# imported) to a year ahead (reliability D8: always a window, never the whole series).
WINDOW_BACK = timedelta(days=183)
WINDOW_AHEAD = timedelta(days=366)

NOTES_START = "From the calendar invite:"
NOTES_END = "(end of invite)"
_NOTES_BLOCK = re.compile(re.escape(NOTES_START) + r".*?" + re.escape(NOTES_END), re.DOTALL)


# --- invites ------------------------------------------------------------------------


def read_options(tz: str, now: datetime) -> ReadOptions:
    """How to read invites for a candidate in zone `tz` at `now`."""
    return ReadOptions(
        default_tz=check_zone(tz), window_start=now - WINDOW_BACK, window_end=now + WINDOW_AHEAD
    )


def read_invite(calendar: CalendarSource, path: Path, *, tz: str, now: datetime) -> Invite:
    """Parse an invite file; a file with no importable event is one clear error."""
    invite = calendar.read(path, read_options(tz, now))
    if not invite.events:
        reasons = "; ".join(s.reason for s in invite.skipped) or "no events"
        raise ValidationError(str(path), f"nothing to import: {reasons}")
    return invite


def own_addresses(profile: Profile | None, extra: Collection[str] = ()) -> tuple[str, ...]:
    """The candidate's addresses: never an interviewer, never a company clue."""
    found = [profile.email] if profile and profile.email else []
    found += [fields.email("--me", e) for e in extra]
    return tuple(dict.fromkeys(e for e in found if e))


@dataclass(frozen=True, slots=True, kw_only=True)
class Proposal:
    """What an event would become, for the user to confirm or correct before importing."""

    event: InviteEvent
    existing: Interview | None = None  # imported before: this import updates it
    application: Application | None = None  # the application it would be recorded under
    company: str = ""
    role: str = ""
    guess: Guess = field(default_factory=Guess)
    interviewers: tuple[Person, ...] = ()
    coordinator: Person | None = None


def propose(
    store: Store, event: InviteEvent, *, own_emails: Collection[str] = (), candidate: str = ""
) -> Proposal:
    """The application an event belongs to (from an earlier import, or guessed), and its people."""
    people, coordinator = invites.interviewers(event, own_emails)
    existing = _existing(store, event)
    if existing is not None:
        held = store.get_application(existing.application_id)
        company = store.get_company(held.company_id)
        return Proposal(
            event=event,
            existing=existing,
            application=held,
            company=company.name,
            role=held.role,
            interviewers=people,
            coordinator=coordinator,
        )
    emails = [p.email for p in (event.organizer, *event.attendees) if p is not None and p.email]
    names = [p.name for p in (event.organizer, *event.attendees) if p is not None]
    guessed = invites.guess(
        event.summary, emails, people=[*names, candidate], own_emails=own_emails
    )
    known = _known_company(store, guessed)
    app = _open_application(store, known, guessed.role) if known is not None else None
    return Proposal(
        event=event,
        application=app,
        company=known.name if known is not None else guessed.company,
        role=app.role if app is not None else guessed.role,
        guess=guessed,
        interviewers=people,
        coordinator=coordinator,
    )


def _existing(store: Store, event: InviteEvent) -> Interview | None:
    return store.find_interview_by_source(event.source_uid)


def _known_company(store: Store, guessed: Guess) -> Company | None:
    if guessed.domain:
        for company in store.list_companies():
            if company.domain and company.domain.lower() == guessed.domain.lower():
                return company
    return store.find_company(guessed.company) if guessed.company else None


def _open_application(store: Store, company: Company, role: str) -> Application | None:
    """The open application at `company` for `role`; the only open one when no role is known."""
    mine = [a for a in store.list_applications() if a.company_id == company.id and a.stage.is_open]
    if role:
        return next((a for a in mine if a.role.casefold() == role.casefold()), None)
    return mine[0] if len(mine) == 1 else None


@dataclass(frozen=True, slots=True, kw_only=True)
class Choice:
    """The user's answer for one event: an application, or a company and role to file it under."""

    application_id: int | None = None
    company: str = ""
    role: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Imported:
    """One interview written by an import."""

    interview: Interview
    company: str
    role: str
    interviewers: tuple[Contact, ...]
    action: str  # added, updated, unchanged, cancelled
    notes: tuple[str, ...] = ()  # what the user should check (zones, neutralised text)


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """What an import did."""

    imported: tuple[Imported, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    replanned: int = 0  # follow-ups created, moved or cancelled by re-planning


@dataclass(frozen=True, slots=True, kw_only=True)
class Planner:
    """What re-planning needs; the CLI passes the App's."""

    policies: Policies
    holidays: HolidayCalendar


def import_events(
    store: Store,
    clock: Clock,
    chosen: Sequence[tuple[InviteEvent, Choice]],
    *,
    own_emails: Collection[str] = (),
    candidate: str = "",
    planner: Planner | None = None,
) -> Outcome:
    """Record the chosen events as interviews, all or nothing, then re-plan their follow-ups."""
    done: list[Imported] = []
    skipped: list[Skipped] = []
    now = clock.now()
    with store.transaction():
        for event, choice in chosen:
            if event.cancelled:
                result = _cancel(store, event)
            else:
                result = _upsert(store, clock, event, choice, own_emails, candidate)
            if isinstance(result, Skipped):
                skipped.append(result)
            else:
                done.extend(result)
        replanned = 0
        if planner is not None:
            touched = dict.fromkeys(i.interview.application_id for i in done)
            for application_id in touched:
                replanned += planning.replan(
                    store, planner.policies, planner.holidays, now, application_id
                ).changed
    return Outcome(imported=tuple(done), skipped=tuple(skipped), replanned=replanned)


def _label(event: InviteEvent) -> str:
    title = event.summary or "untitled event"
    local = event.start.astimezone(ZoneInfo(check_zone(event.tz)))
    return f"{title!r} on {local.strftime('%Y-%m-%d %H:%M')} ({event.tz})"


def _cancel(store: Store, event: InviteEvent) -> list[Imported] | Skipped:
    """METHOD:CANCEL or STATUS:CANCELLED: mark the interview(s) on file cancelled."""
    targets = []
    found = store.find_interview_by_source(event.source_uid)
    if found is not None:
        targets.append(found)
    elif not event.recurrence_id:  # the whole series: every occurrence imported from it
        prefix = event.uid + "#"
        targets = [i for i in store.list_interviews() if i.source_uid.startswith(prefix)]
    if not targets:
        return Skipped(
            reason=f"cancellation of {_label(event)}: it was never imported, "
            "so there is nothing to cancel"
        )
    out: list[Imported] = []
    for interview in targets:
        if event.sequence < interview.source_sequence:
            return Skipped(
                reason=f"cancellation of {_label(event)} is older (SEQUENCE "
                f"{event.sequence}) than the invite on file (SEQUENCE "
                f"{interview.source_sequence}); kept the newer one"
            )
        updated = store.update_interview(
            replace(interview, status=InterviewStatus.CANCELLED, source_sequence=event.sequence)
        )
        out.append(_imported(store, updated, "cancelled", event))
    return out


def _upsert(
    store: Store,
    clock: Clock,
    event: InviteEvent,
    choice: Choice,
    own_emails: Collection[str],
    candidate: str,
) -> list[Imported] | Skipped:
    existing = _existing(store, event)
    people, coordinator = invites.interviewers(event, own_emails)
    if existing is not None:
        if event.sequence < existing.source_sequence:
            return Skipped(
                reason=f"{_label(event)} is an older version (SEQUENCE "
                f"{event.sequence}) of the interview on file (SEQUENCE "
                f"{existing.source_sequence}); kept the newer one"
            )
        app = store.get_application(existing.application_id)
        participants = _participants(store, people, app.company_id, existing.interviewers)
        coordinator_id = _contact_id(store, coordinator, app.company_id, ContactRole.COORDINATOR)
        updated = replace(
            existing,
            start=event.start,
            end=event.end,
            tz=event.tz,
            interviewers=participants,
            coordinator_id=coordinator_id
            if coordinator_id is not None
            else existing.coordinator_id,
            notes=merge_notes(existing.notes, notes_block(event)),
            status=InterviewStatus.SCHEDULED,
            source_sequence=event.sequence,
        )
        if updated == existing:
            return [_imported(store, existing, "unchanged", event)]
        return [_imported(store, store.update_interview(updated), "updated", event)]

    app = _application(store, clock, event, choice, own_emails, candidate)
    assert app.id is not None
    participants = _participants(store, people, app.company_id, ())
    coordinator_id = _contact_id(store, coordinator, app.company_id, ContactRole.COORDINATOR)
    held = [i for i in store.list_interviews(app.id) if i.status is InterviewStatus.SCHEDULED]
    added = store.add_interview(
        Interview(
            application_id=app.id,
            round=min(50, len(held) + 1),
            kind=invites.kind_of(event),
            start=event.start,
            end=event.end,
            tz=event.tz,
            interviewers=participants,
            coordinator_id=coordinator_id,
            notes=merge_notes("", notes_block(event)),
            source_uid=event.source_uid,
            source_sequence=event.sequence,
        )
    )
    if app.stage in (Stage.APPLIED, Stage.SCREENING):
        applications.set_stage(
            store,
            clock,
            app.id,
            Stage.INTERVIEWING.value,
            note="interview imported from a calendar invite",
        )
    return [_imported(store, added, "added", event)]


def _application(
    store: Store,
    clock: Clock,
    event: InviteEvent,
    choice: Choice,
    own_emails: Collection[str],
    candidate: str,
) -> Application:
    """The application named by the choice, else the company and role given or guessed."""
    if choice.application_id is not None:
        return store.get_application(choice.application_id)
    proposal = propose(store, event, own_emails=own_emails, candidate=candidate)
    company = choice.company or proposal.company
    role = choice.role or proposal.role
    if not company:
        raise ValidationError(
            "company",
            f"cannot tell the company of {_label(event)}; "
            "give --company NAME and --role ROLE, or --app ID",
        )
    if not role:
        raise ValidationError(
            "role",
            f"cannot tell the role of {_label(event)} at {company}; give --role ROLE, or --app ID",
        )
    domain = proposal.guess.domain if invites.same_company(company, proposal.guess.company) else ""
    owner = store.find_company(fields.name("company", company))
    if owner is None:
        owner = companies.add(store, company, domain=domain)
    found = _open_application(store, owner, fields.line("role", role, limit=200))
    if found is not None and found.role.casefold() == role.casefold():
        return found
    return applications.add(
        store, clock, company=owner.name, role=role, stage="interviewing", source="calendar invite"
    )


def _contact_id(
    store: Store, person: Person | None, company_id: int, role: ContactRole
) -> int | None:
    """The contact for an invite's person: by email, else by name at the company, else new."""
    if person is None:
        return None
    found = store.find_contact_by_email(person.email) if person.email else None
    if found is None and not person.email:
        found = next(
            (
                c
                for c in store.list_contacts(company_id)
                if c.name.casefold() == person.name.casefold()
            ),
            None,
        )
    if found is None:
        if role is ContactRole.COORDINATOR and re.search(
            r"recruit|talent", f"{person.name} {person.email}", re.IGNORECASE
        ):
            role = ContactRole.RECRUITER
        found = store.add_contact(
            Contact(
                name=fields.name("attendee", person.name),
                email=person.email,
                company_id=company_id,
                role=role,
            )
        )
    return found.id


def _participants(
    store: Store, people: Sequence[Person], company_id: int, kept: Sequence[Participant]
) -> tuple[Participant, ...]:
    """Interviewers already on file (with their topics) plus the invite's new ones."""
    out = list(kept)
    for p in people:
        contact_id = _contact_id(store, p, company_id, ContactRole.INTERVIEWER)
        if contact_id is not None and all(x.contact_id != contact_id for x in out):
            out.append(Participant(contact_id=contact_id))
    return tuple(out)


def _imported(store: Store, interview: Interview, action: str, event: InviteEvent) -> Imported:
    app = store.get_application(interview.application_id)
    company = store.get_company(app.company_id)
    people = []
    for p in interview.interviewers:
        try:
            people.append(store.get_contact(p.contact_id))
        except NotFound:
            continue
    return Imported(
        interview=interview,
        company=company.name,
        role=app.role,
        interviewers=tuple(people),
        action=action,
        notes=event.zone_notes + event.text_notes,
    )


def notes_block(event: InviteEvent) -> str:
    """The invite's details as plain text, between markers a re-import replaces."""
    lines = [NOTES_START]
    if event.summary:
        lines.append(f"Title: {event.summary}")
    if event.meeting_url:
        lines.append(f"Meeting link: {event.meeting_url}")
    if event.location and event.location != event.meeting_url:
        lines.append(f"Location: {event.location}")
    if event.organizer is not None:
        who = event.organizer
        lines.append(
            f"Organizer: {who.name} <{who.email}>" if who.email else f"Organizer: {who.name}"
        )
    lines.extend(f"Note: {n}" for n in (*event.zone_notes, *event.text_notes))
    if event.description:
        lines += ["", event.description]
    lines.append(NOTES_END)
    return "\n".join(lines)


def merge_notes(current: str, block: str) -> str:
    """Replace the invite block in `current`, keeping what the user wrote around it."""
    if _NOTES_BLOCK.search(current):
        merged = _NOTES_BLOCK.sub(lambda _: block, current, count=1)
    else:
        merged = f"{block}\n\n{current}" if current.strip() else block
    return fields.notes("notes", merged)


def save_debrief(
    store: Store,
    clock: Clock,
    interview_id: int,
    *,
    topics: Sequence[str] = (),
    projects: Sequence[str] = (),
    skills: Sequence[str] = (),
    decision_by: date | None = None,
    planner: Planner | None = None,
) -> Interview:
    """Record what was discussed after an imported interview, so the thank-you is personal."""
    with store.transaction():
        interview = interviews.edit(
            store,
            interview_id,
            topics=tuple(topics),
            projects=tuple(projects),
            skills=tuple(skills),
            decision_by=decision_by,
        )
        if decision_by is not None:
            applications.edit(store, interview.application_id, decision_by=decision_by)
        if planner is not None:
            planning.replan(
                store, planner.policies, planner.holidays, clock.now(), interview.application_id
            )
    return interview


# --- other trackers (CSV) -------------------------------------------------------------


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
    store: Store,
    clock: Clock,
    source: TrackerSource,
    path: Path,
    *,
    mapping: Sequence[str] = (),
    stages: Sequence[str] = (),
    dry_run: bool = False,
    planner: Planner | None = None,
) -> CsvReport:
    """Import applications (and their contacts) from a spreadsheet export.

    Columns are detected by name, `mapping` (`FIELD=COLUMN`) overrides. A row whose
    stage is unknown is reported and left out. A re-import updates the applications it
    matches (same company and role) instead of adding them again. With `planner`, each
    imported application's process follow-ups are planned (with `dry_run`, computed and
    reported only).
    """
    table = source.read(path)
    overrides = tracker.parse_map(mapping)
    stage_words = tracker.parse_stage_map(stages)
    columns = tracker.detect(table.header, overrides)
    profile = store.get_profile()
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
            store, rows, tz, now, Path(table.source).name, write=not dry_run, touched=touched
        )
        if planner is not None:
            planned = _plan_imported(store, touched, planner, now, write=not dry_run)
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
    store: Store, apps: Sequence[Application], planner: Planner, now: datetime, *, write: bool
) -> list[FollowUp]:
    """The process follow-ups of the imported applications: planned per application (the
    whole-database run, nurture included, is not the import's to start), or, dry, the
    same rules on the records as they would be."""
    from followup.domain.timing import planner as rules

    found: list[FollowUp] = []
    profile = store.get_profile()
    for n, app in enumerate(apps, 1):
        company = store.get_company(app.company_id) if app.company_id else None
        company = company or Company(id=-n, name="(new)")
        draft = app if app.id is not None else replace(app, id=-n, company_id=company.id or -n)
        staff = tuple(store.list_contacts(company.id)) if write and company.id else ()
        records = Snapshot(
            profile=profile, companies=(company,), contacts=staff, applications=(draft,)
        )
        derived = rules.plan(records, planner.policies, now, planner.holidays).followups
        # A tracker's dates are the candidate's record, not a schedule: what they call for
        # is planned from now on; nothing is born overdue (issue 16).
        due = [f for f in derived if f.window.latest >= now]
        found += due
        if write and app.id is not None:
            passed = {f.key for f in derived if f.window.latest < now}
            existing = store.list_followups(application_id=app.id)
            changes = rules.merge(existing, rules.Plan(due, {}, passed), now)
            if changes:
                store.save_followups(changes)
    return found


def _apply_rows(
    store: Store,
    rows: Sequence[tracker.TrackerRow],
    tz: str,
    now: datetime,
    name: str,
    *,
    write: bool,
    touched: list[Application] | None = None,
) -> list[RowAction]:
    zone = ZoneInfo(check_zone(tz))
    planned: dict[tuple[str, str], Application] = {}  # apps added in this run, for dry runs
    existing = store.list_applications()
    actions: list[RowAction] = []
    for row in rows:
        company = store.find_company(row.company)
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
                    company = companies.add(store, row.company)
                assert company.id is not None
                new = store.add_application(replace(new, company_id=company.id))
                existing.append(new)
            planned[key] = new
            added = _row_contacts(store, row, company, write=write)
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
            updated = store.update_application(updated)
            existing[:] = [updated if a.id == updated.id else a for a in existing]
        if changes:
            planned[key] = updated
        added = _row_contacts(store, row, company, write=write)
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
    store: Store, row: tracker.TrackerRow, company: Company | None, *, write: bool
) -> int:
    """Add the row's contacts that are not on file yet; how many (would be) added."""
    added = 0
    for name, email in row.contacts:
        found = store.find_contact_by_email(email) if email else None
        if found is None and not email and company is not None:
            found = next(
                (
                    c
                    for c in store.list_contacts(company.id)
                    if c.name.casefold() == name.casefold()
                ),
                None,
            )
        if found is not None:
            continue
        added += 1
        if write and company is not None:
            store.add_contact(
                Contact(
                    name=name or invites.name_from_address(email) or email.partition("@")[0],
                    email=email,
                    company_id=company.id,
                    role=ContactRole.RECRUITER,
                )
            )
    return added


def export_csv(store: Store) -> str:
    """Every application as CSV, cells neutralised against formula injection (F7)."""
    profile = store.get_profile()
    zone = ZoneInfo(check_zone(profile.tz if profile else "UTC"))
    names = {c.id: c.name for c in store.list_companies()}
    people: dict[int | None, list[str]] = {}
    for contact in store.list_contacts():
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
        for a in store.list_applications()
    ]
    return tracker.to_csv(tracker.EXPORT_HEADER, rows)


def events_chosen(invite: Invite, numbers: Sequence[int], take_all: bool) -> list[InviteEvent]:
    """The events picked by their number in the listing (1-based), or all of them."""
    if take_all or len(invite.events) == 1:
        return list(invite.events)
    picked: list[InviteEvent] = []
    for n in numbers:
        if not 1 <= n <= len(invite.events):
            raise ValidationError("--event", f"{n} is not between 1 and {len(invite.events)}")
        if invite.events[n - 1] not in picked:
            picked.append(invite.events[n - 1])
    return picked
