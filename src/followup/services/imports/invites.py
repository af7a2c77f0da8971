"""Import interviews from calendar invites (`interview import FILE.ics`).

Invites are upserted by UID (+ RECURRENCE-ID); a higher SEQUENCE wins, METHOD:CANCEL
cancels the interview and, through re-planning, its open follow-ups. Every import runs
in one transaction: bad input writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from followup.domain.errors import NotFound, ValidationError
from followup.domain.imports import attendees
from followup.domain.imports import guess as guesses
from followup.domain.imports.guess import Guess
from followup.domain.imports.invite import Invite, InviteEvent, Person, ReadOptions, Skipped
from followup.domain.records import fields
from followup.domain.records.model import (
    Application,
    Company,
    Contact,
    ContactRole,
    Interview,
    InterviewStatus,
    Participant,
    Profile,
    Stage,
    StageChange,
)
from followup.domain.records.panel import check_panel
from followup.domain.records.zones import check_zone
from followup.services.records import applications, companies, interviews
from followup.services.timing import planning

if TYPE_CHECKING:
    from followup.services.deps import Deps

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


def read_invite(deps: Deps, path: Path, *, tz: str, now: datetime) -> Invite:
    """Parse an invite file; a file with no importable event is one clear error."""
    invite = deps.calendar.read(path, read_options(tz, now))
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
    deps: Deps, event: InviteEvent, *, own_emails: Collection[str] = (), candidate: str = ""
) -> Proposal:
    """The application an event belongs to (from an earlier import, or guessed), and its people."""
    store = deps.store
    people, coordinator = attendees.interviewers(event, own_emails)
    existing = _existing(deps, event)
    if existing is not None:
        held = store.applications.get(existing.application_id)
        company = store.companies.get(held.company_id)
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
    guessed = guesses.guess(
        event.summary, emails, people=[*names, candidate], own_emails=own_emails
    )
    known = _known_company(deps, guessed)
    app = _open_application(deps, known, guessed.role) if known is not None else None
    return Proposal(
        event=event,
        application=app,
        company=known.name if known is not None else guessed.company,
        role=app.role if app is not None else guessed.role,
        guess=guessed,
        interviewers=people,
        coordinator=coordinator,
    )


def _existing(deps: Deps, event: InviteEvent) -> Interview | None:
    store = deps.store
    return store.interviews.find_by_source(event.source_uid)


def _known_company(deps: Deps, guessed: Guess) -> Company | None:
    store = deps.store
    if guessed.domain:
        for company in store.companies.list():
            if company.domain and company.domain.lower() == guessed.domain.lower():
                return company
    return store.companies.find(guessed.company) if guessed.company else None


def _open_application(deps: Deps, company: Company, role: str) -> Application | None:
    """The open application at `company` for `role`; the only open one when no role is known."""
    store = deps.store
    mine = [a for a in store.applications.list() if a.company_id == company.id and a.stage.is_open]
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


def import_events(
    deps: Deps,
    chosen: Sequence[tuple[InviteEvent, Choice]],
    *,
    own_emails: Collection[str] = (),
    candidate: str = "",
    replan: bool = True,
) -> Outcome:
    """Record the chosen events as interviews, all or nothing, then (unless not `replan`)
    re-plan their follow-ups in the same transaction."""
    store, clock = deps.store, deps.clock
    done: list[Imported] = []
    skipped: list[Skipped] = []
    now = clock.now()
    with store.transaction():
        for event, choice in chosen:
            if event.cancelled:
                result = _cancel(deps, event)
            else:
                result = _upsert(deps, event, choice, own_emails, candidate)
            if isinstance(result, Skipped):
                skipped.append(result)
            else:
                done.extend(result)
        replanned = 0
        if replan:
            touched = dict.fromkeys(i.interview.application_id for i in done)
            for application_id in touched:
                replanned += planning.replan(deps, now, application_id).changed
    return Outcome(imported=tuple(done), skipped=tuple(skipped), replanned=replanned)


def _label(event: InviteEvent) -> str:
    title = event.summary or "untitled event"
    local = event.start.astimezone(ZoneInfo(check_zone(event.tz)))
    return f"{title!r} on {local.strftime('%Y-%m-%d %H:%M')} ({event.tz})"


def _cancel(deps: Deps, event: InviteEvent) -> list[Imported] | Skipped:
    """METHOD:CANCEL or STATUS:CANCELLED: mark the interview(s) on file cancelled."""
    store = deps.store
    targets = []
    found = store.interviews.find_by_source(event.source_uid)
    if found is not None:
        targets.append(found)
    elif not event.recurrence_id:  # the whole series: every occurrence imported from it
        prefix = event.uid + "#"
        targets = [i for i in store.interviews.list() if i.source_uid.startswith(prefix)]
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
        updated = store.interviews.update(
            replace(interview, status=InterviewStatus.CANCELLED, source_sequence=event.sequence)
        )
        out.append(_imported(deps, updated, "cancelled", event))
    return out


def _upsert(
    deps: Deps,
    event: InviteEvent,
    choice: Choice,
    own_emails: Collection[str],
    candidate: str,
) -> list[Imported] | Skipped:
    store = deps.store
    existing = _existing(deps, event)
    people, coordinator = attendees.interviewers(event, own_emails)
    if existing is not None:
        if event.sequence < existing.source_sequence:
            return Skipped(
                reason=f"{_label(event)} is an older version (SEQUENCE "
                f"{event.sequence}) of the interview on file (SEQUENCE "
                f"{existing.source_sequence}); kept the newer one"
            )
        app = store.applications.get(existing.application_id)
        if choice.role and not app.role:  # the role the first import could not tell
            assert app.id is not None
            applications.edit(deps, app.id, role=choice.role)
        check_panel(f"attendees of {_label(event)}", len(people))
        participants = _participants(deps, people, app.company_id, existing.interviewers)
        # Those kept and those added, once each; the transaction rolls back a refusal.
        check_panel(f"attendees of {_label(event)}", len(participants))
        coordinator_id = _contact_id(deps, coordinator, app.company_id, ContactRole.COORDINATOR)
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
            return [_imported(deps, existing, "unchanged", event)]
        return [_imported(deps, store.interviews.update(updated), "updated", event)]

    app = _application(deps, event, choice, own_emails, candidate)
    assert app.id is not None
    check_panel(f"attendees of {_label(event)}", len(people))
    participants = _participants(deps, people, app.company_id, ())
    coordinator_id = _contact_id(deps, coordinator, app.company_id, ContactRole.COORDINATOR)
    held = [i for i in store.interviews.list(app.id) if i.status is InterviewStatus.SCHEDULED]
    added = store.interviews.add(
        Interview(
            application_id=app.id,
            round=min(50, len(held) + 1),
            kind=guesses.kind_of(event),
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
            deps,
            app.id,
            Stage.INTERVIEWING.value,
            note="interview imported from a calendar invite",
        )
    return [_imported(deps, added, "added", event)]


def _application(
    deps: Deps,
    event: InviteEvent,
    choice: Choice,
    own_emails: Collection[str],
    candidate: str,
) -> Application:
    """The application named by the choice, else the company and role given or guessed."""
    store = deps.store
    if choice.application_id is not None:
        return store.applications.get(choice.application_id)
    proposal = propose(deps, event, own_emails=own_emails, candidate=candidate)
    company = choice.company or proposal.company
    role = choice.role or proposal.role
    if not company:
        raise ValidationError(
            "company",
            f"cannot tell the company of {_label(event)}; "
            "give --company NAME and --role ROLE, or --app ID",
        )
    domain = proposal.guess.domain if guesses.same_company(company, proposal.guess.company) else ""
    owner = store.companies.find(fields.name("company", company))
    if owner is None:
        owner = companies.add(deps, company, domain=domain)
    found = _open_application(deps, owner, fields.line("role", role, limit=200))
    if found is not None and (not role or found.role.casefold() == role.casefold()):
        return found  # the role given, or the company's only open application
    if not role:
        return _without_role(deps, owner)
    return applications.add(
        deps,
        applications.NewApplication(
            company=owner.name, role=role, stage="interviewing", source="calendar invite"
        ),
    )


def _without_role(deps: Deps, owner: Company) -> Application:
    """An application whose role the invite does not name ("Fabrikam Phone Screen"): the
    role stays unset until `app edit --role`, and drafts say "the interview" meanwhile."""
    assert owner.id is not None
    now = deps.clock.now()
    return deps.store.applications.add(
        Application(
            company_id=owner.id,
            role="",
            stage=Stage.INTERVIEWING,
            history=(StageChange(stage=Stage.INTERVIEWING, at=now),),
            source="calendar invite",
            created_at=now,
        )
    )


def _contact_id(
    deps: Deps, person: Person | None, company_id: int, role: ContactRole
) -> int | None:
    """The contact for an invite's person: by email, else by name at the company, else new."""
    store = deps.store
    if person is None:
        return None
    found = store.contacts.find_by_email(person.email) if person.email else None
    if found is None and not person.email:
        found = next(
            (
                c
                for c in store.contacts.list(company_id)
                if c.name.casefold() == person.name.casefold()
            ),
            None,
        )
    if found is None:
        if role is ContactRole.COORDINATOR and re.search(
            r"recruit|talent", f"{person.name} {person.email}", re.IGNORECASE
        ):
            role = ContactRole.RECRUITER
        found = store.contacts.add(
            Contact(
                name=fields.name("attendee", person.name),
                email=person.email,
                company_id=company_id,
                role=role,
            )
        )
    return found.id


def _participants(
    deps: Deps, people: Sequence[Person], company_id: int, kept: Sequence[Participant]
) -> tuple[Participant, ...]:
    """Interviewers already on file (with their topics) plus the invite's new ones."""
    out = list(kept)
    for p in people:
        contact_id = _contact_id(deps, p, company_id, ContactRole.INTERVIEWER)
        if contact_id is not None and all(x.contact_id != contact_id for x in out):
            out.append(Participant(contact_id=contact_id))
    return tuple(out)


def _imported(deps: Deps, interview: Interview, action: str, event: InviteEvent) -> Imported:
    store = deps.store
    app = store.applications.get(interview.application_id)
    company = store.companies.get(app.company_id)
    people = []
    for p in interview.interviewers:
        try:
            people.append(store.contacts.get(p.contact_id))
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
    deps: Deps,
    interview_id: int,
    *,
    topics: Sequence[str] = (),
    projects: Sequence[str] = (),
    skills: Sequence[str] = (),
    decision_by: date | None = None,
    replan: bool = True,
) -> Interview:
    """Record what was discussed after an imported interview, so the thank-you is personal."""
    store, clock = deps.store, deps.clock
    with store.transaction():
        interview = interviews.change(
            deps,
            interview_id,
            topics=tuple(topics),
            projects=tuple(projects),
            skills=tuple(skills),
            decision_by=decision_by,
        )
        if decision_by is not None:
            applications.edit(deps, interview.application_id, decision_by=decision_by)
        if replan:
            planning.replan(deps, clock.now(), interview.application_id)
    return interview


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


def import_all(
    deps: Deps, path: Path, *, tz: str, now: datetime, company: str = "", role: str = ""
) -> tuple[Invite, Outcome]:
    """Import every event of an invite file, as `interview import FILE --all` does:
    `company` and `role` fill in what the invite does not say."""
    profile = deps.store.profile.get()
    own = own_addresses(profile)
    candidate = profile.name if profile else ""
    invite = read_invite(deps, path, tz=tz, now=now)
    answers = []
    for event in events_chosen(invite, (), True):
        proposal = propose(deps, event, own_emails=own, candidate=candidate)
        if proposal.existing is not None or event.cancelled:
            answers.append((event, Choice()))
        else:
            given = Choice(company=company or proposal.company, role=role or proposal.role)
            answers.append((event, given))
    return invite, import_events(deps, answers, own_emails=own, candidate=candidate)
