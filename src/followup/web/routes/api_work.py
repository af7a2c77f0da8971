"""JSON API: the agenda, follow-up decisions, drafts, lint and sending."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from followup.domain.errors import ValidationError
from followup.domain.mail.outbox import Via
from followup.domain.records import fields
from followup.domain.writing.lint.linter import Note
from followup.services.mail.outbox import describe
from followup.services.timing import planning
from followup.services.writing import compose as drafting
from followup.services.writing import lint as checking
from followup.web import schemas as s
from followup.web.dependencies import AppDep, Id, NowDep
from followup.web.outbox import send as send_followup
from followup.web.routes.api_records import ERRORS

router = APIRouter(prefix="/api", tags=["follow-ups"], responses=ERRORS)


@router.get("/agenda", response_model=list[s.AgendaItemOut])
def agenda(
    app: AppDep,
    now: NowDep,
    days: Annotated[int, Query(ge=0, le=3660)] = 7,
    all: Annotated[bool, Query(description="Every open follow-up")] = False,
) -> list[s.AgendaItemOut]:
    found = planning.agenda(app, now, days=days, include_all=all)
    return [s.agenda_out(item) for item in found.items]


@router.get("/followups/{followup_id}", response_model=s.FollowUpOut)
def get_followup(app: AppDep, followup_id: Id) -> s.FollowUpOut:
    return s.followup_out(planning.get_followup(app, followup_id))


@router.post("/followups/{followup_id}/done", response_model=s.FollowUpOut)
def done(app: AppDep, now: NowDep, followup_id: Id) -> s.FollowUpOut:
    return s.followup_out(planning.done(app, now, followup_id))


@router.post("/followups/{followup_id}/skip", response_model=s.FollowUpOut)
def skip(app: AppDep, now: NowDep, followup_id: Id, body: s.SkipIn) -> s.FollowUpOut:
    return s.followup_out(planning.skip(app, followup_id, body.why, now))


@router.post("/followups/{followup_id}/snooze", response_model=s.FollowUpOut)
def snooze(app: AppDep, now: NowDep, followup_id: Id, body: s.SnoozeIn) -> s.FollowUpOut:
    return s.followup_out(planning.snooze(app, followup_id, body.until, now))


def _draft_out(followup: object) -> s.DraftOut:
    from followup.domain.records.followups import FollowUp

    assert isinstance(followup, FollowUp) and followup.id is not None
    return s.DraftOut(
        followup_id=followup.id,
        kind=followup.kind.value,
        status=followup.status.value,
        subject=followup.subject,
        body=followup.body,
    )


@router.get("/drafts/{followup_id}", response_model=s.DraftOut)
def get_draft(app: AppDep, followup_id: Id) -> s.DraftOut:
    return _draft_out(planning.get_followup(app, followup_id))


@router.post("/drafts/{followup_id}/compose", response_model=s.DraftOut)
def compose(app: AppDep, followup_id: Id, body: s.ComposeIn) -> s.DraftOut:
    drafted = drafting.draft(app, followup_id, tone=body.tone, variant=body.variant)
    return _draft_out(drafted.followup)


@router.put("/drafts/{followup_id}", response_model=s.DraftOut)
def put_draft(app: AppDep, followup_id: Id, body: s.DraftIn) -> s.DraftOut:
    fields.one_line("subject", body.subject)  # every Unicode line break, as names and roles
    kept = drafting.keep_text(app, followup_id, f"Subject: {body.subject}\n\n{body.body}")
    return _draft_out(kept)


@router.post("/lint", response_model=s.LintOut)
def lint(app: AppDep, now: NowDep, body: s.LintIn) -> s.LintOut:
    """Check a note; with `followup_id`, against that follow-up's records and history."""
    if not body.body.strip():
        raise ValidationError("body", "is empty")
    report = checking.lint_note(
        app,
        checking.Message("api", Note(body=body.body, subject=body.subject)),
        checking.LintRequest(
            followup_id=body.followup_id,
            kind=checking.parse_kind(body.kind) if body.kind else None,
            now=now,
        ),
    )
    return s.LintOut(findings=[s.finding_out(f) for f in report.findings], words=report.words)


@router.post("/send", response_model=s.OutboxOut, status_code=202)
def send(request: Request, app: AppDep, body: s.SendIn) -> s.OutboxOut:
    """Queue the follow-up's draft (linted first; errors block unless `force`) for the
    server's outbox worker to send. Outside its window it is scheduled for the recommended
    time (`next_attempt_at`; the description says when, in both zones); past the latest
    time it is refused unless `now`. The answer is the outbox entry: `queued`, or, when
    the server runs no worker, what this request's send did (`sent`, `retry`, ...)."""
    worker = getattr(request.app.state, "outbox", None)
    sent = send_followup(
        app, worker, body.followup_id, Via(body.via), force=body.force, now=body.now
    )
    said = describe(sent.entry)
    if sent.timing is not None and sent.timing.scheduled:
        said = f"scheduled for {sent.timing.when()}: {sent.timing.decision.reason}"
    return s.outbox_out(sent.entry, said)


@router.get("/outbox", response_model=list[s.OutboxOut])
def list_outbox(app: AppDep) -> list[s.OutboxOut]:
    return [s.outbox_out(e, describe(e)) for e in app.mail.outbox.entries()]
