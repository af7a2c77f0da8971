"""Personal to team from the web (issue 19): the candidate's import page. The download
back out is /team/account/export (links.py). Thin shell over services/team/transfer.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from followup.domain.errors import ValidationError
from followup.domain.records.team import User
from followup.services.team import transfer
from followup.web.team.auth import TeamDep, UserDep, candidate
from followup.web.templating import Pages

router = APIRouter()
Candidate = Annotated[User, Depends(candidate)]


def _page(request: Request, user: User, counts: dict[str, int] | None = None) -> HTMLResponse:
    pages: Pages = request.app.state.pages
    context = {"title": "Bring your records", "me": user, "error": "", "counts": counts or {}}
    return pages.render(request, "team/import.html", context)


@router.get("/team/account/import", response_class=HTMLResponse)
def import_page(request: Request, user: Candidate) -> HTMLResponse:
    return _page(request, user)


@router.post("/team/account/import", response_class=HTMLResponse)
async def import_upload(request: Request, team: TeamDep, user: UserDep) -> HTMLResponse:
    """Load an uploaded `followup export` file into the signed-in candidate's account.
    The service refuses anyone else, after the upload's spooled file is closed."""
    from followup.services.backup import IMPORT_MAX_BYTES

    form = await request.form()
    try:
        upload = form.get("export")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise ValidationError("export", "choose the .json file `followup export` wrote")
        name = upload.filename
        raw = await upload.read(IMPORT_MAX_BYTES + 1)  # the same cap as `followup import`
    finally:
        await form.close()
    counts = await run_in_threadpool(transfer.import_export, team, user, raw, name)
    return _page(request, user, counts)
