"""JSON API: the records (profile, companies, contacts, applications, interviews)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool

from followup.domain.errors import ValidationError
from followup.domain.writing import debrief as debriefs
from followup.services.records import applications, companies, contacts, interviews
from followup.services.records import profile as profiles
from followup.web import schemas as s
from followup.web.dependencies import MAX_ID, AppDep, Id, NowDep

ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": s.ErrorOut} for code in (401, 403, 404, 409, 413, 429, 503)
}
ERRORS[422] = {"model": s.FieldErrorOut}
router = APIRouter(prefix="/api", tags=["records"], responses=ERRORS)


@contextmanager
def _json_fields() -> Iterator[None]:
    """Name a bad value by its JSON key (`given_name`), not the CLI flag the shared checks
    use (`--given-name`): the caller wrote the key. A field over its limit is a 422 like
    any bad field (the request itself was not too large)."""
    try:
        yield
    except ValidationError as exc:
        if not exc.field.startswith("--"):
            raise
        raise ValidationError(exc.field[2:].replace("-", "_"), exc.problem) from None


@router.get("/session", response_model=s.SessionOut)
def session(request: Request) -> s.SessionOut:
    """The CSRF token for this session (its cookie is set on the response)."""
    return s.SessionOut(csrf_token=request.state.csrf)


@router.get("/profile", response_model=s.ProfileOut)
def get_profile(app: AppDep) -> s.ProfileOut:
    return s.profile_out(profiles.get(app))


@router.put("/profile", response_model=s.ProfileOut)
def put_profile(app: AppDep, body: s.ProfileIn) -> s.ProfileOut:
    return s.profile_out(profiles.save(app, **body.model_dump()))


@router.get("/companies", response_model=list[s.CompanyOut])
def list_companies(app: AppDep) -> list[s.CompanyOut]:
    return [s.company_out(c) for c in companies.listing(app)]


@router.post("/companies", response_model=s.CompanyOut, status_code=201)
def add_company(app: AppDep, body: s.CompanyIn) -> s.CompanyOut:
    details = body.model_dump(exclude={"name"}, exclude_none=True)
    with _json_fields():
        return s.company_out(companies.add(app, body.name, **details))


@router.get("/companies/{company_id}", response_model=s.CompanyOut)
def get_company(app: AppDep, company_id: Id) -> s.CompanyOut:
    return s.company_out(companies.get(app, company_id))


@router.get("/contacts", response_model=list[s.ContactOut])
def list_contacts(
    app: AppDep, company: Annotated[str | None, Query(max_length=200)] = None
) -> list[s.ContactOut]:
    return [s.contact_out(c) for c in contacts.listing(app, company)]


@router.post("/contacts", response_model=s.ContactOut, status_code=201)
def add_contact(app: AppDep, body: s.ContactIn) -> s.ContactOut:
    details = body.model_dump(exclude={"name"}, exclude_none=True)
    with _json_fields():
        return s.contact_out(contacts.add(app, body.name, **details))


@router.get("/contacts/{contact_id}", response_model=s.ContactOut)
def get_contact(app: AppDep, contact_id: Id) -> s.ContactOut:
    return s.contact_out(contacts.get(app, contact_id))


@router.get("/applications", response_model=list[s.ApplicationOut])
def list_applications(
    app: AppDep,
    stage: Annotated[str | None, Query(max_length=32)] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 500,
) -> list[s.ApplicationOut]:
    found = list(applications.listing(app, stage))[-limit:]
    names: dict[int, str] = {}
    out = []
    for a in found:
        if a.company_id not in names:
            names[a.company_id] = companies.name_of(app, a.company_id)
        out.append(s.application_out(a, names[a.company_id]))
    return out


@router.post("/applications", response_model=s.ApplicationOut, status_code=201)
def add_application(app: AppDep, body: s.ApplicationIn) -> s.ApplicationOut:
    added = applications.add(app, applications.NewApplication(**body.model_dump()))
    return s.application_out(added, companies.name_of(app, added.company_id))


@router.get("/applications/{application_id}", response_model=s.ApplicationOut)
def get_application(app: AppDep, application_id: Id) -> s.ApplicationOut:
    found = applications.get(app, application_id)
    return s.application_out(found, companies.name_of(app, found.company_id))


@router.post("/applications/{application_id}/stage", response_model=s.ApplicationOut)
def set_stage(app: AppDep, application_id: Id, body: s.StageIn) -> s.ApplicationOut:
    moved = applications.set_stage(app, application_id, body.stage, note=body.note)
    return s.application_out(moved, companies.name_of(app, moved.company_id))


@router.get("/interviews", response_model=list[s.InterviewOut])
def list_interviews(
    app: AppDep, application_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None
) -> list[s.InterviewOut]:
    return [s.interview_out(i) for i in interviews.listing(app, application_id)]


@router.get("/interviews/{interview_id}", response_model=s.InterviewOut)
def get_interview(app: AppDep, interview_id: Id) -> s.InterviewOut:
    return s.interview_out(interviews.get(app, interview_id))


@router.post(
    "/interviews",
    response_model=s.RecordedOut,
    status_code=201,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": s.inline_schema(s.DebriefIn)}},
        }
    },
)
async def add_interview(request: Request, app: AppDep, now: NowDep) -> s.RecordedOut:
    """Record an interview from a debrief object (docs/debrief.md) and plan its notes."""
    try:
        data = await request.json()
    except (ValueError, RecursionError):  # RecursionError: nested past JsonDepthGuard's reach
        raise ValidationError("body", "must be a JSON debrief object") from None
    if not isinstance(data, dict):
        raise ValidationError("body", "must be a JSON debrief object")
    parsed = debriefs.parse(data)
    recorded = await run_in_threadpool(interviews.add_from_debrief, app, parsed)
    assert recorded.application.id is not None
    return s.RecordedOut(
        interview=s.interview_out(recorded.interview),
        application_id=recorded.application.id,
        warnings=list(recorded.warnings),
        planned=recorded.planned,
    )
