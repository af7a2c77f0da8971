"""The JSON API's shapes (pydantic), and the conversions from domain records."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from followup.domain.mail.outbox import OutboxEntry
from followup.domain.records.followups import FollowUp
from followup.domain.records.model import Application, Company, Contact, Interview, Profile
from followup.domain.timing.agenda import AgendaItem
from followup.domain.writing.lint.linter import Finding


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorOut(BaseModel):
    error: str
    field: str | None = None


class FieldErrorOut(BaseModel):
    """A 422: what is wrong, and where (`interview.end`, `name`, `followup_id`)."""

    error: str
    field: str


class _Name(Strict):
    name: str = Field(max_length=200)
    email: str | None = Field(None, max_length=254)
    title: str | None = Field(None, max_length=200)
    honorific: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    name_order: str | None = Field(None, description="given-first or family-first")
    salutation: str | None = None


class InterviewerIn(_Name):
    tz: str | None = Field(None, description="IANA zone where the person works")
    country: str | None = Field(None, description="ISO country code")
    topics: list[str] | None = Field(None, description="what you discussed with this person")


class CandidateIn(Strict):
    name: str | None = None
    email: str | None = None
    skills: list[str] | None = None
    signature: str | None = None


class DebriefCompanyIn(Strict):
    name: str = Field(max_length=200)
    article: bool | None = None
    industry: str | None = None
    country: str | None = None
    tz: str | None = None
    domain: str | None = None
    pace: str | None = Field(None, description="fast, standard or relaxed")


class DebriefInterviewIn(Strict):
    end: str = Field(description="ISO 8601, with an offset or with `tz`")
    start: str | None = None
    tz: str | None = None
    round: int | str | None = Field(None, description="1-50, or final")
    kind: str | None = Field(None, description="phone, video, onsite or informational")


class DebriefIn(Strict):
    """A debrief object, as in docs/debrief.md. Only the schema: the debrief parser
    checks it (and names the key of any problem)."""

    role: str = Field(max_length=200)
    company: DebriefCompanyIn
    interview: DebriefInterviewIn
    interviewers: list[InterviewerIn] = Field(default_factory=list, max_length=50)
    candidate: CandidateIn | None = None
    coordinator: _Name | None = None
    topics: list[str] | None = None
    projects: list[str] | None = None
    skills: list[str] | None = None
    decision_by: date | None = None
    next_step: str | None = None
    notes: str | None = Field(None, max_length=100_000)


def inline_schema(model: type[BaseModel]) -> dict[str, Any]:
    """`model`'s JSON schema with its nested models written in place, for an OpenAPI
    `requestBody` that no route parameter declares. An optional key is left out, never
    null, so `None` defaults are not offered as values."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def expand(node: Any) -> Any:
        if isinstance(node, dict):
            choices = node.get("anyOf")
            if node.get("default", 0) is None and isinstance(choices, list):
                kept = [c for c in choices if c != {"type": "null"}]
                node = {k: v for k, v in node.items() if k not in ("anyOf", "default")}
                node.update(kept[0] if len(kept) == 1 else {"anyOf": kept})
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                beside = {k: v for k, v in node.items() if k != "$ref"}
                node = {**defs[ref.removeprefix("#/$defs/")], **beside}
            return {k: expand(v) for k, v in node.items()}
        if isinstance(node, list):
            return [expand(v) for v in node]
        return node

    expanded: dict[str, Any] = expand(schema)
    return expanded


class SessionOut(BaseModel):
    csrf_token: str = Field(description="Send it as the X-CSRF-Token header on every write.")


class ProfileIn(Strict):
    name: str | None = Field(None, max_length=200)
    email: str | None = Field(None, max_length=254)
    tz: str | None = Field(None, max_length=64)
    country: str | None = Field(None, max_length=8)
    signature: str | None = Field(None, max_length=2000)
    skills: list[str] | None = Field(None, max_length=100)


class ProfileOut(BaseModel):
    name: str
    email: str
    tz: str
    country: str
    signature: str
    skills: list[str]


class CompanyIn(Strict):
    name: str = Field(max_length=200)
    industry: str | None = Field(None, max_length=100)
    country: str | None = Field(None, max_length=8)
    tz: str | None = Field(None, max_length=64)
    domain: str | None = Field(None, max_length=253)
    notes: str | None = Field(None, max_length=100_000)
    # Issue 15 §2: whether the name takes "the"; null infers it. Checked by the service.
    article: bool | None = None


class CompanyOut(BaseModel):
    id: int
    name: str
    industry: str
    country: str
    tz: str
    domain: str
    pace: str | None
    notes: str
    article: bool | None = Field(description='Whether the name takes "the"; null: inferred.')


class ContactIn(Strict):
    name: str = Field(max_length=200)
    email: str | None = Field(None, max_length=254)
    title: str | None = Field(None, max_length=200)
    company: str | None = Field(None, max_length=200)
    tz: str | None = Field(None, max_length=64)
    country: str | None = Field(None, max_length=8)
    role: str | None = Field(None, max_length=32)
    notes: str | None = Field(None, max_length=100_000)
    # The structured name (issue 15 §1, CONTENT-008). The service checks each part as the CLI
    # does (one line, no < or >, its own limit); max_length here only bounds the request.
    honorific: str | None = Field(None, max_length=1000)
    given_name: str | None = Field(None, max_length=1000)
    family_name: str | None = Field(None, max_length=1000)
    name_order: str | None = Field(None, max_length=1000, description="given-first or family-first")
    salutation: str | None = Field(None, max_length=1000)
    do_not_contact: bool | None = Field(
        None, description="Asked not to be contacted: no planned notes, no sending (CAD-007)."
    )


class ContactOut(BaseModel):
    id: int
    name: str
    email: str
    title: str
    company_id: int | None
    tz: str
    country: str
    role: str
    tier: str | None
    notes: str
    # The structured name (issue 15 §1, CONTENT-008); "" where not on record.
    honorific: str
    given_name: str
    family_name: str
    name_order: str
    salutation: str
    do_not_contact: bool = False


class ApplicationIn(Strict):
    company: str = Field(max_length=200)
    role: str = Field(max_length=200)
    stage: str = Field("applied", max_length=32)
    source: str = Field("", max_length=500)
    url: str = Field("", max_length=2000)
    decision_by: date | None = None
    notes: str = Field("", max_length=100_000)


class StageIn(Strict):
    stage: str = Field(max_length=32)
    note: str = Field("", max_length=500)


class StageChangeOut(BaseModel):
    stage: str
    at: datetime
    note: str


class ApplicationOut(BaseModel):
    id: int
    company_id: int
    company: str
    role: str
    stage: str
    history: list[StageChangeOut]
    source: str
    url: str
    decision_by: date | None
    created_at: datetime
    notes: str


class ParticipantOut(BaseModel):
    contact_id: int
    topics: list[str]


class InterviewOut(BaseModel):
    id: int
    application_id: int
    round: int
    kind: str
    start: datetime | None
    end: datetime
    tz: str
    interviewers: list[ParticipantOut]
    coordinator_id: int | None
    topics: list[str]
    projects: list[str]
    skills: list[str]
    decision_by: date | None
    next_step: str
    notes: str
    status: str


class RecordedOut(BaseModel):
    interview: InterviewOut
    application_id: int
    warnings: list[str]
    planned: int = Field(description="Follow-ups created or changed by re-planning.")


class WindowOut(BaseModel):
    earliest: datetime
    recommended: datetime
    latest: datetime


class FollowUpOut(BaseModel):
    id: int
    key: str
    kind: str
    application_id: int | None
    interview_id: int | None
    contact_id: int | None
    window: WindowOut
    status: str
    reason: str
    snoozed_until: datetime | None
    note: str
    subject: str
    body: str


class ContactRef(BaseModel):
    id: int | None
    name: str
    email: str


class AgendaItemOut(BaseModel):
    id: int
    kind: str
    bucket: str
    application_id: int | None
    company: str
    contact: ContactRef | None
    earliest: datetime
    recommended: datetime
    latest: datetime
    status: str
    reason: str
    recipient_tz: str


class SkipIn(Strict):
    why: str = Field(min_length=1, max_length=500)


class SnoozeIn(Strict):
    until: datetime


class ComposeIn(Strict):
    tone: str | None = Field(None, max_length=16)
    variant: int | None = Field(None, ge=1, le=20)


class DraftIn(Strict):
    subject: str = Field("", max_length=998)
    body: str = Field(min_length=1, max_length=20_000)


class DraftOut(BaseModel):
    followup_id: int
    kind: str
    status: str
    subject: str
    body: str


class LintIn(Strict):
    body: str = Field(max_length=20_000)
    subject: str | None = Field(None, max_length=998)
    followup_id: int | None = Field(
        None, ge=1, description="Lint against this follow-up's records."
    )
    kind: str | None = Field(None, max_length=32)


class FindingOut(BaseModel):
    rule: str
    severity: str
    message: str
    line: int
    column: int
    start: int
    end: int
    suggestion: str
    in_subject: bool


class LintOut(BaseModel):
    findings: list[FindingOut]
    words: int


class SendIn(Strict):
    followup_id: int = Field(ge=1)
    via: str = Field("smtp", pattern="^(smtp|drafts|eml)$")
    force: bool = False
    now: bool = False  # send at once, outside the follow-up's window or past it


class OutboxOut(BaseModel):
    id: int
    message_id: str
    followup_id: int | None
    via: str
    recipients: list[str]
    subject: str
    state: str
    attempts: int
    last_error: str
    sent_at: datetime | None
    next_attempt_at: datetime
    description: str


def profile_out(p: Profile) -> ProfileOut:
    return ProfileOut(
        name=p.name,
        email=p.email,
        tz=p.tz,
        country=p.country,
        signature=p.signature,
        skills=list(p.skills),
    )


def company_out(c: Company) -> CompanyOut:
    assert c.id is not None
    return CompanyOut(
        id=c.id,
        name=c.name,
        industry=c.industry,
        country=c.country,
        tz=c.tz,
        domain=c.domain,
        pace=c.pace.value if c.pace else None,
        notes=c.notes,
        article=c.article,
    )


def contact_out(c: Contact) -> ContactOut:
    assert c.id is not None
    return ContactOut(
        id=c.id,
        name=c.name,
        email=c.email,
        title=c.title,
        company_id=c.company_id,
        tz=c.tz,
        country=c.country,
        role=c.role.value,
        tier=c.tier.value if c.tier else None,
        notes=c.notes,
        honorific=c.honorific,
        given_name=c.given_name,
        family_name=c.family_name,
        name_order=c.name_order.value,
        salutation=c.salutation,
        do_not_contact=c.do_not_contact,
    )


def application_out(a: Application, company: str) -> ApplicationOut:
    assert a.id is not None
    return ApplicationOut(
        id=a.id,
        company_id=a.company_id,
        company=company,
        role=a.role,
        stage=a.stage.value,
        history=[StageChangeOut(stage=h.stage.value, at=h.at, note=h.note) for h in a.history],
        source=a.source,
        url=a.url,
        decision_by=a.decision_by,
        created_at=a.created_at,
        notes=a.notes,
    )


def interview_out(i: Interview) -> InterviewOut:
    assert i.id is not None
    return InterviewOut(
        id=i.id,
        application_id=i.application_id,
        round=i.round,
        kind=i.kind.value,
        start=i.start,
        end=i.end,
        tz=i.tz,
        interviewers=[
            ParticipantOut(contact_id=p.contact_id, topics=list(p.topics)) for p in i.interviewers
        ],
        coordinator_id=i.coordinator_id,
        topics=list(i.topics),
        projects=list(i.projects),
        skills=list(i.skills),
        decision_by=i.decision_by,
        next_step=i.next_step,
        notes=i.notes,
        status=i.status.value,
    )


def followup_out(f: FollowUp) -> FollowUpOut:
    assert f.id is not None
    w = f.window
    return FollowUpOut(
        id=f.id,
        key=f.key,
        kind=f.kind.value,
        application_id=f.application_id,
        interview_id=f.interview_id,
        contact_id=f.contact_id,
        window=WindowOut(earliest=w.earliest, recommended=w.recommended, latest=w.latest),
        status=f.status.value,
        reason=f.reason,
        snoozed_until=f.snoozed_until,
        note=f.note,
        subject=f.subject,
        body=f.body,
    )


def agenda_out(item: AgendaItem) -> AgendaItemOut:
    f = item.followup
    assert f.id is not None
    c = item.contact
    return AgendaItemOut(
        id=f.id,
        kind=f.kind.value,
        bucket=item.bucket.value,
        application_id=f.application_id,
        company=item.company,
        contact=ContactRef(id=c.id, name=c.name, email=c.email) if c else None,
        earliest=f.window.earliest,
        recommended=f.window.recommended,
        latest=f.window.latest,
        status=f.status.value,
        reason=f.reason,
        recipient_tz=item.recipient_tz,
    )


def finding_out(f: Finding) -> FindingOut:
    data: dict[str, Any] = f.as_dict()
    return FindingOut(**data, in_subject=f.in_subject)


def outbox_out(e: OutboxEntry, description: str) -> OutboxOut:
    assert e.id is not None
    return OutboxOut(
        id=e.id,
        message_id=e.message_id,
        followup_id=e.followup_id,
        via=e.via.value,
        recipients=list(e.recipients),
        subject=e.subject,
        state=e.state.value,
        attempts=e.attempts,
        last_error=e.last_error,
        sent_at=e.sent_at,
        next_attempt_at=e.next_attempt_at,
        description=description,
    )
