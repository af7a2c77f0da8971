"""Log an interview: a form that walks through the debrief, and an .ics invite drop."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from followup.domain.errors import ValidationError
from followup.domain.imports.invite import Invite
from followup.domain.records.model import InterviewKind
from followup.domain.records.rounds import parse_round, round_label
from followup.domain.writing import debrief as debriefs
from followup.services import sessions
from followup.services.imports import invites
from followup.services.records import applications, companies, interviews
from followup.web.dependencies import MAX_ID, AppDep, NowDep, PagesDep, candidate_tz

router = APIRouter(include_in_schema=False)
PEOPLE_ROWS = 3
KINDS = [k.value for k in InterviewKind]


@router.get("/interviews/new", response_class=HTMLResponse)
def new(
    request: Request,
    app: AppDep,
    pages: PagesDep,
    application: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> HTMLResponse:
    chosen = applications.get(app, application) if application else None
    company = companies.name_of(app, chosen.company_id) if chosen else ""
    return pages.render(
        request,
        "interview_new.html",
        {
            "page": "interview",
            "title": "Log an interview",
            "company": company,
            "role": chosen.role if chosen else "",
            "tz": candidate_tz(app),
            "kinds": KINDS,
            "rows": range(PEOPLE_ROWS),
            "importing": True,
        },
    )


def _text(form: FormData, key: str) -> str:
    value = form.get(key)
    return value.strip() if isinstance(value, str) else ""


def _list(form: FormData, key: str) -> list[str]:
    """A comma- or newline-separated list."""
    raw = _text(form, key).replace("\n", ",")
    return [part.strip() for part in raw.split(",") if part.strip()]


def debrief_from_form(form: FormData) -> dict[str, Any]:
    """The form's answers in the debrief schema (docs/debrief.md); the domain validates."""
    data: dict[str, Any] = {
        "role": _text(form, "role"),
        "company": {"name": _text(form, "company")},
        "interview": {
            "end": _text(form, "end"),
            "tz": _text(form, "tz"),
            "kind": _text(form, "kind") or "video",
        },
        "topics": _list(form, "topics"),
        "projects": _list(form, "projects"),
        "skills": _list(form, "skills"),
        "next_step": _text(form, "next_step"),
        "notes": _text(form, "notes"),
    }
    if _text(form, "industry"):
        data["company"]["industry"] = _text(form, "industry")
    if _text(form, "start"):
        data["interview"]["start"] = _text(form, "start")
    # The debrief's parser, so "2nd", "second round" and "final" work here too (issue 17 §4).
    data["interview"]["round"] = parse_round("round", _text(form, "round") or "1")
    if _text(form, "decision_by"):
        data["decision_by"] = _text(form, "decision_by")
    people = []
    names = form.getlist("person_name")
    for i, name in enumerate(names):
        if not isinstance(name, str) or not name.strip():
            continue
        person: dict[str, Any] = {"name": name.strip()}
        for key in ("email", "title"):
            values = form.getlist(f"person_{key}")
            value = values[i] if i < len(values) else ""
            if isinstance(value, str) and value.strip():
                person[key] = value.strip()
        topics = form.getlist("person_topics")
        raw = topics[i] if i < len(topics) else ""
        if isinstance(raw, str) and raw.strip():
            person["topics"] = [t.strip() for t in raw.replace("\n", ",").split(",") if t.strip()]
        people.append(person)
    data["interviewers"] = people
    if _text(form, "coordinator_name"):
        data["coordinator"] = {"name": _text(form, "coordinator_name")}
        if _text(form, "coordinator_email"):
            data["coordinator"]["email"] = _text(form, "coordinator_email")
    return data


@router.post("/interviews")
async def create(request: Request, app: AppDep, now: NowDep) -> Response:
    form = await request.form()
    parsed = debriefs.parse(debrief_from_form(form))
    await run_in_threadpool(interviews.add_from_debrief, app, parsed)
    return RedirectResponse("/?notice=interview", status_code=303)


@router.post("/interviews/import")
async def import_invite(request: Request, app: AppDep, now: NowDep) -> Response:
    """Import every event of a dropped .ics (or .eml carrying one), as
    `followup interview import FILE --all` does; company and role fill in what the
    invite does not say."""
    form = await request.form()
    try:
        upload = form.get("invite")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise ValidationError("invite", "choose an .ics file")
        suffix = ".eml" if upload.filename.lower().endswith(".eml") else ".ics"
        raw = await upload.read()
    finally:
        await form.close()  # the spooled upload file, now read
    company, role = _text(form, "company"), _text(form, "role")

    def import_file() -> tuple[Invite, invites.Outcome]:
        with tempfile.TemporaryDirectory(prefix="followup-invite-") as folder:
            path = Path(folder) / f"invite{suffix}"
            path.touch(mode=0o600)
            path.write_bytes(raw)
            return invites.import_all(
                app, path, tz=candidate_tz(app), now=now, company=company, role=role
            )

    invite, outcome = await run_in_threadpool(import_file)
    # Post/redirect/get: the summary is kept in the store for this session and shown by a
    # GET, so a reload shows it again instead of posting the file again, and any process
    # of `serve --workers` (or a restarted server) can show it.
    await run_in_threadpool(
        sessions.keep_import, app, request.state.session, _summary(invite, outcome)
    )
    return RedirectResponse("/interviews/imported", status_code=303)


@router.get("/interviews/imported", response_class=HTMLResponse)
def imported(request: Request, app: AppDep, pages: PagesDep) -> Response:
    """What the last invite dropped in this session did."""
    last = sessions.last_import(app, request.state.session)
    if last is None:
        return RedirectResponse("/interviews/new", status_code=303)
    items = [{**item, "end": datetime.fromisoformat(item["end"])} for item in last["imported"]]
    return pages.render(
        request,
        "import_done.html",
        {
            "page": "interview",
            "title": "Invite imported",
            "imported": items,
            "replanned": last["replanned"],
            "notes": last["notes"],
            "skipped": last["skipped"],
            "tz": candidate_tz(app),
        },
    )


def _summary(invite: Invite, outcome: invites.Outcome) -> dict[str, Any]:
    """What the summary page shows, as JSON-able text."""
    return {
        "imported": [
            {
                "action": item.action,
                "round": round_label(item.interview.round),
                "kind": item.interview.kind.value,
                "company": item.company,
                "role": item.role,
                "end": item.interview.end.isoformat(),
                "interviewers": [c.name for c in item.interviewers],
                "notes": list(item.notes),
                "application_id": item.interview.application_id,
            }
            for item in outcome.imported
        ],
        "notes": list(invite.notes),
        "skipped": [s.reason for s in (*invite.skipped, *outcome.skipped)],
        "replanned": outcome.replanned,
    }
