"""Record interviews: by flags, or from a debrief file in one go; each write re-plans
the application's follow-ups."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup.domain.errors import TooLarge, ValidationError
from followup.domain.records import fields
from followup.domain.records.model import (
    Application,
    ContactRole,
    Interview,
    InterviewKind,
    Participant,
    Stage,
)
from followup.domain.records.zones import check_zone
from followup.domain.writing import debrief as debriefs
from followup.domain.writing.context import Person
from followup.services import timing
from followup.services.records import applications, companies, contacts

if TYPE_CHECKING:
    from followup.services.deps import Deps

DEBRIEF_MAX_BYTES = 1_000_000


@dataclass(frozen=True, slots=True)
class Recorded:
    """An interview just recorded, and what the user should know about it."""

    interview: Interview
    application: Application
    warnings: tuple[str, ...] = ()
    planned: int = 0  # follow-ups the re-plan created or changed


def parse_kind(value: str) -> InterviewKind:
    try:
        return InterviewKind(value.strip().lower())
    except ValueError:
        choices = ", ".join(k.value for k in InterviewKind)
        raise ValidationError("--kind", f"{value!r} is not one of {choices}") from None


@dataclass(frozen=True, slots=True, kw_only=True)
class InterviewInput:
    """An interview as the user gives it by flags: when (in `tz`), who (`Name <email>`,
    created on the fly), and what was discussed."""

    application_id: int | None  # None: create `new_application` in the same transaction
    end: datetime
    tz: str
    new_application: applications.NewApplication | None = None
    start: datetime | None = None
    round: int = 1
    kind: str = "video"
    interviewers: Sequence[str] = ()
    coordinator: str | None = None
    topics: Sequence[str] = ()
    projects: Sequence[str] = ()
    skills: Sequence[str] = ()
    decision_by: date | None = None
    next_step: str = ""
    notes: str = ""


def add(deps: Deps, given: InterviewInput) -> Recorded:
    """Record an interview, then re-plan its application's follow-ups."""
    store = deps.store
    application_id, end, tz, start = given.application_id, given.end, given.tz, given.start
    round, decision_by = given.round, given.decision_by
    key = check_zone(tz, "--tz")
    fields.aware("--end", end)
    if start is not None:
        fields.aware("--start", start)
    fields.after("--end", start, end)
    if decision_by is not None and decision_by < end.date():
        raise ValidationError("--decision-by", f"{decision_by} is before the interview")
    fields.round_number("--round", round)
    with store.transaction():
        # Everything below rolls back together: a bad interviewer or date leaves no
        # new application behind.
        if application_id is None:
            if given.new_application is None:
                raise ValidationError("--app", "give --app ID, or --company and --role")
            application_id = applications.add(deps, given.new_application).id
            assert application_id is not None
        app = store.applications.get(application_id)
        people: list[Participant] = []
        for address in given.interviewers:
            person = contacts.ensure(deps, address, company_id=app.company_id)
            assert person.id is not None
            if all(p.contact_id != person.id for p in people):
                people.append(Participant(contact_id=person.id))
        coordinator_id = None
        if given.coordinator:
            coord = contacts.ensure(
                deps,
                given.coordinator,
                company_id=app.company_id,
                role=ContactRole.COORDINATOR,
                field="--coordinator",
            )
            coordinator_id = coord.id
        interview = store.interviews.add(
            Interview(
                application_id=application_id,
                round=round,
                kind=parse_kind(given.kind),
                start=start,
                end=end,
                tz=key,
                interviewers=tuple(people),
                coordinator_id=coordinator_id,
                topics=fields.tags("--topic", list(given.topics)),
                projects=fields.tags("--project", list(given.projects)),
                skills=fields.tags("--skill", list(given.skills)),
                decision_by=decision_by,
                next_step=fields.line("--next-step", given.next_step),
                notes=fields.notes("--notes", given.notes),
            )
        )
        app = _advance(deps, app, decision_by)
        # In the same transaction: a crash or a busy database leaves no interview
        # without its thank-yous, and the plan reads what this transaction wrote.
        planned = timing.replan(deps, app.id).changed
    warnings = () if people else ("no interviewers recorded: no thank-you notes will be planned",)
    return Recorded(interview=interview, application=app, warnings=warnings, planned=planned)


def _advance(deps: Deps, app: Application, decision_by: date | None) -> Application:
    """An interview moves an early application to `interviewing` and records a decision date."""
    store = deps.store
    assert app.id is not None
    if app.stage in (Stage.APPLIED, Stage.SCREENING):
        app = applications.move(deps, app.id, Stage.INTERVIEWING.value, note="interview recorded")
    if decision_by is not None and app.decision_by != decision_by:
        app = store.applications.update(replace(app, decision_by=decision_by))
    return app


def read_debrief(path: Path) -> debriefs.Debrief:
    """Load and validate a debrief file (TOML, or JSON by its suffix or content)."""
    try:
        # Read at most one byte past the cap: a device (/dev/zero) or a pipe has no size
        # to check first, and would otherwise be read until memory runs out.
        with path.open("rb") as handle:
            raw = handle.read(DEBRIEF_MAX_BYTES + 1)
    except FileNotFoundError:
        raise ValidationError(str(path), "no such file") from None
    except IsADirectoryError:
        raise ValidationError(str(path), "is a folder, not a file") from None
    except OSError as exc:
        raise ValidationError(str(path), f"cannot read: {exc.strerror}") from None
    if len(raw) > DEBRIEF_MAX_BYTES:
        raise TooLarge(str(path), f"is larger than the limit of {DEBRIEF_MAX_BYTES:,} bytes")
    return parse_debrief_bytes(raw, str(path))


def parse_debrief_bytes(raw: bytes, source: str) -> debriefs.Debrief:
    """Decode a debrief from bytes; errors name the file and the key."""
    if b"\x00" in raw:
        raise ValidationError(source, "is a binary file, not a TOML or JSON debrief")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            source, f"is not UTF-8 text (bad byte at offset {exc.start})"
        ) from None
    data: Any
    if source.endswith(".json") or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError(source, f"invalid JSON at line {exc.lineno}: {exc.msg}") from None
        except RecursionError:  # [[[[... a million deep: the parser's stack, not ours
            raise ValidationError(source, "is nested too deeply to read") from None
    else:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ValidationError(source, f"invalid TOML: {exc}") from None
        except RecursionError:
            raise ValidationError(source, "is nested too deeply to read") from None
    if not isinstance(data, dict):
        raise ValidationError(source, "must hold a table/object at the top")
    try:
        return debriefs.parse(data)
    except ValidationError as exc:
        raise ValidationError(f"{source}: {exc.field}", exc.problem) from None


def add_from_debrief(deps: Deps, debrief: debriefs.Debrief) -> Recorded:
    """Record the debrief's interview, creating its company, application and people."""
    store = deps.store
    with store.transaction():
        company = companies.ensure(
            deps,
            debrief.company,
            industry=debrief.industry,
            country=debrief.country,
            tz=debrief.company_tz,
            domain=debrief.domain,
            pace=debrief.pace.value if debrief.pace else None,
            article=debrief.company_article,
        )
        if company.article is None and debrief.company_article is not None:
            company = store.companies.update(replace(company, article=debrief.company_article))
        assert company.id is not None
        app = next(
            (
                a
                for a in store.applications.list()
                if a.company_id == company.id
                and a.role.casefold() == debrief.role.casefold()
                and a.stage.is_open
            ),
            None,
        ) or applications.add(
            deps, applications.NewApplication(company=company.name, role=debrief.role)
        )
        assert app.id is not None
        people: list[Participant] = []
        for person in debrief.interviewers:
            contact = store.contacts.find_by_email(person.email) if person.email else None
            if contact is None:
                contact = contacts.add(
                    deps,
                    person.name,
                    email=person.email,
                    title=person.title,
                    company_id=company.id,
                    tz=person.tz,
                    country=person.country,
                )
            contact = contacts.fill_name(deps, contact, **_name_parts(person))
            assert contact.id is not None
            people.append(Participant(contact_id=contact.id, topics=person.topics))
        coordinator_id = None
        if debrief.coordinator is not None:
            coord = debrief.coordinator
            address = f"{coord.name} <{coord.email}>" if coord.email else coord.name
            coordinator_id = contacts.fill_name(
                deps,
                contacts.ensure(deps, address, company_id=company.id, role=ContactRole.COORDINATOR),
                **_name_parts(coord),
            ).id
        interview = store.interviews.add(
            Interview(
                application_id=app.id,
                round=debrief.round,
                kind=debrief.kind,
                start=debrief.start,
                end=debrief.end,
                tz=debrief.tz,
                interviewers=tuple(people),
                coordinator_id=coordinator_id,
                topics=debrief.topics,
                projects=debrief.projects,
                skills=debrief.skills,
                decision_by=debrief.decision_by,
                next_step=debrief.next_step,
                notes=debrief.notes,
            )
        )
        app = _advance(deps, app, debrief.decision_by)
        planned = timing.replan(deps, app.id).changed  # one transaction, as in `add`
    warnings = () if people else ("no interviewers recorded: no thank-you notes will be planned",)
    return Recorded(interview=interview, application=app, warnings=warnings, planned=planned)


def _name_parts(person: Person) -> dict[str, str]:
    """A debrief person's structured name (issue 15 §1), as contact fields."""
    return {key: getattr(person, key) for key in contacts.NAME_PARTS}


def edit(deps: Deps, interview_id: int, **changes: Any) -> Interview:
    """Change the given fields of an interview, then re-plan its application."""
    with deps.store.transaction():
        edited = change(deps, interview_id, **changes)
        timing.replan(deps, edited.application_id)
    return edited


def change(deps: Deps, interview_id: int, **changes: Any) -> Interview:
    """Change the given fields of an interview; no re-plan (for a caller that re-plans
    once at the end of a larger change)."""
    store = deps.store
    with store.transaction():
        interview = store.interviews.get(interview_id)
        updates: dict[str, Any] = {}
        for key, value in changes.items():
            if value is None or value == ():
                continue
            if key in ("start", "end"):
                updates[key] = fields.aware(f"--{key}", value)
            elif key == "tz":
                updates[key] = check_zone(value, "--tz")
            elif key == "kind":
                updates[key] = parse_kind(value)
            elif key in ("topics", "projects", "skills"):
                updates[key] = fields.tags(f"--{key[:-1]}", list(value))
            elif key == "round":
                updates[key] = fields.round_number("--round", value)
            elif key == "decision_by":
                updates[key] = value
            elif key == "next_step":
                updates[key] = fields.line("--next-step", value)
            elif key == "notes":
                updates[key] = fields.notes("--notes", value)
            elif key == "interviewers":
                app = store.applications.get(interview.application_id)
                people = [
                    Participant(contact_id=c.id)
                    for c in (contacts.ensure(deps, a, company_id=app.company_id) for a in value)
                    if c.id is not None
                ]
                updates[key] = tuple(people)
            else:  # pragma: no cover - programming error
                raise TypeError(key)
        edited = replace(interview, **updates)
        fields.after("--end", edited.start, edited.end)
        if edited.decision_by is not None and edited.decision_by < edited.end.date():
            raise ValidationError("--decision-by", f"{edited.decision_by} is before the interview")
        return store.interviews.update(edited)


def listing(deps: Deps, application_id: int | None = None) -> Sequence[Interview]:
    store = deps.store
    return store.interviews.list(application_id)


def get(deps: Deps, interview_id: int) -> Interview:
    """An interview by id (NotFound when there is none)."""
    return deps.store.interviews.get(interview_id)
