"""The draft editor: the composed note, live lint as you type (htmx, debounced) with
findings highlighted in place and one-click fixes, tone and variant switches, and
send / save to Drafts / download as .eml."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from followup.bootstrap import App
from followup.domain.errors import ValidationError
from followup.domain.mail.outbox import OutboxEntry, State, Via
from followup.domain.records import fields
from followup.domain.records.followups import FollowUp, Status
from followup.domain.timing.agenda import title
from followup.domain.writing.compose import Tone
from followup.domain.writing.lint import fixes
from followup.domain.writing.lint.linter import Finding, Note, Severity
from followup.services.mail import outbox as outbox_service
from followup.services.mail import send as sending
from followup.services.timing import planning
from followup.services.writing import compose as drafting
from followup.services.writing import lint as checking
from followup.web.dependencies import AppDep, Id, NowDep, PagesDep, is_htmx
from followup.web.outbox import OutboxWorker, send
from followup.web.templating import Pages

router = APIRouter(include_in_schema=False)
TONES = [t.value for t in Tone]
ACTIONS = {"save": None, "send": Via.SMTP, "drafts": Via.DRAFTS}


@dataclass(frozen=True, slots=True)
class Shown:
    """A finding as the editor shows it: its fix, if one click can apply it."""

    index: int
    finding: Finding
    edit: fixes.Edit | None


def lint(app: App, followup: FollowUp, subject: str, body: str, now: datetime) -> list[Finding]:
    """Lint the text being edited against what the database knows about the follow-up."""
    assert followup.id is not None
    report = checking.lint_note(
        app,
        checking.Message(f"follow-up {followup.id}", Note(body=body, subject=subject)),
        checking.LintRequest(followup_id=followup.id, kind=followup.kind, now=now),
    )
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    return sorted(
        report.findings, key=lambda f: (order[f.severity], f.in_subject is False, f.start)
    )


def shown(findings: list[Finding], subject: str, body: str) -> list[Shown]:
    return [
        Shown(i, f, fixes.fix(f, subject if f.in_subject else body)) for i, f in enumerate(findings)
    ]


def segments(text: str, findings: list[Shown]) -> list[tuple[str, Shown | None]]:
    """`text` cut into plain runs and marked runs, one mark per non-overlapping finding."""
    marks = sorted(
        (s for s in findings if not s.finding.in_subject and s.finding.end > s.finding.start),
        key=lambda s: (s.finding.start, -s.finding.end),
    )
    out: list[tuple[str, Shown | None]] = []
    at = 0
    for mark in marks:
        start, end = mark.finding.start, min(mark.finding.end, len(text))
        if start < at or start >= len(text):
            continue
        if start > at:
            out.append((text[at:start], None))
        out.append((text[start:end], mark))
        at = end
    if at < len(text):
        out.append((text[at:], None))
    return out


def _context(
    app: App, followup: FollowUp, subject: str, body: str, now: datetime
) -> dict[str, object]:
    found = shown(lint(app, followup, subject, body, now), subject, body) if body.strip() else []
    return {
        "followup": followup,
        "subject": subject,
        "body": body,
        "findings": found,
        "segments": segments(body, found),
        "errors": sum(1 for s in found if s.finding.severity is Severity.ERROR),
        "words": len(body.split()),
    }


def _entry(app: App, followup_id: Id) -> OutboxEntry | None:
    return app.mail.outbox.find_for_followup(followup_id)


@router.get("/drafts/{followup_id}", response_class=HTMLResponse)
def editor(
    request: Request, followup_id: Id, app: AppDep, pages: PagesDep, now: NowDep
) -> HTMLResponse:
    # The same item Today shows: its title and its window in both zones.
    item = planning.item(app, followup_id, now)
    followup, contact = item.followup, item.contact
    heading = title(item)
    values = _context(app, followup, followup.subject, followup.body, now)
    values.update(
        page="today",
        title=heading,
        heading=heading,
        contact=contact,
        tones=TONES,
        tz=item.candidate_tz,
        their_tz=item.recipient_tz,
        entry=_entry(app, followup_id),
        describe=outbox_service.describe,
        notice=request.query_params.get("notice", ""),
        editable=followup.status.is_open and followup.status is not Status.QUEUED,
    )
    return pages.render(request, "draft.html", values)


@router.post("/drafts/{followup_id}/compose")
def compose(
    followup_id: Id,
    app: AppDep,
    tone: Annotated[str, Form()] = "",
    variant: Annotated[int | None, Form(ge=1, le=20)] = None,
) -> Response:
    drafting.draft(app, followup_id, tone=tone or None, variant=variant)
    return RedirectResponse(f"/drafts/{followup_id}", status_code=303)


def _findings_html(
    request: Request,
    pages: Pages,
    app: App,
    followup: FollowUp,
    subject: str,
    body: str,
    now: datetime,
) -> str:
    return pages.fragment(request, "_lint.html", _context(app, followup, subject, body, now))


@router.post("/drafts/{followup_id}/lint", response_class=HTMLResponse)
def live_lint(
    request: Request,
    followup_id: Id,
    app: AppDep,
    pages: PagesDep,
    now: NowDep,
    subject: Annotated[str, Form(max_length=998)] = "",
    body: Annotated[str, Form(max_length=drafting.BODY_MAX)] = "",
) -> HTMLResponse:
    followup = planning.get_followup(app, followup_id)
    return HTMLResponse(_findings_html(request, pages, app, followup, subject, body, now))


@router.post("/drafts/{followup_id}/fix", response_class=HTMLResponse)
def one_click_fix(
    request: Request,
    followup_id: Id,
    app: AppDep,
    pages: PagesDep,
    now: NowDep,
    index: Annotated[int, Form(ge=0)],
    subject: Annotated[str, Form(max_length=998)] = "",
    body: Annotated[str, Form(max_length=drafting.BODY_MAX)] = "",
) -> HTMLResponse:
    """Re-lint the submitted text, apply the fix of finding `index`, answer the new fields."""
    followup = planning.get_followup(app, followup_id)
    found = shown(lint(app, followup, subject, body, now), subject, body)
    if index >= len(found) or found[index].edit is None:
        raise ValidationError("fix", "that finding has no one-click fix any more; edit the text")
    edit = found[index].edit
    assert edit is not None
    if edit.in_subject:
        subject = edit.apply(subject)
    else:
        body = edit.apply(body)
    values = _context(app, followup, subject, body, now)
    values["editable"] = True
    return HTMLResponse(pages.fragment(request, "_fields.html", values))


@router.post("/drafts/{followup_id}")
def save(
    request: Request,
    followup_id: Id,
    app: AppDep,
    subject: Annotated[str, Form(max_length=998)] = "",
    body: Annotated[str, Form(max_length=drafting.BODY_MAX)] = "",
    action: Annotated[str, Form()] = "save",
    force: Annotated[bool, Form()] = False,
    now: Annotated[bool, Form()] = False,
) -> Response:
    if action not in ACTIONS:
        raise ValidationError("action", f"must be one of {', '.join(ACTIONS)}")
    fields.one_line("subject", subject)  # every Unicode line break, as names and roles
    drafting.keep_text(app, followup_id, f"Subject: {subject}\n\n{body}")
    via = ACTIONS[action]
    notice = "saved"
    if via is not None:
        worker: OutboxWorker | None = getattr(request.app.state, "outbox", None)
        # The worker, when there is one, is the sender; else this request sends.
        sent = send(app, worker, followup_id, via, force=force, now=now)
        # Outside its window it waits for the recommended time: the page says when.
        notice = "scheduled" if sent.timing is not None and sent.timing.scheduled else "queued"
    return RedirectResponse(f"/drafts/{followup_id}?notice={notice}", status_code=303)


@router.post("/drafts/{followup_id}/eml")
def download(followup_id: Id, app: AppDep, now: NowDep) -> Response:
    name, raw = sending.eml_file(app, followup_id, now)
    return Response(
        raw,
        media_type="message/rfc822",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/drafts/{followup_id}/status", response_class=HTMLResponse)
def status(request: Request, followup_id: Id, app: AppDep, pages: PagesDep) -> HTMLResponse:
    entry = _entry(app, followup_id)
    settled = entry is None or entry.state not in (State.QUEUED, State.SENDING, State.RETRY)
    if entry is not None and entry.state is State.QUEUED and entry.attempts == 0:
        # Scheduled for later: nothing to watch every second until then.
        settled = settled or entry.next_attempt_at > app.clock.now() + timedelta(minutes=1)
    html = pages.fragment(
        request,
        "_outbox.html",
        {
            "entry": entry,
            "followup": planning.get_followup(app, followup_id),
            "describe": outbox_service.describe,
            "oob": True,
        },
    )
    # htmx stops polling when the answer carries status 286.
    return HTMLResponse(html, status_code=286 if settled and is_htmx(request) else 200)
