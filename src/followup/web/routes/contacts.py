"""A contact's page: the details a greeting is built from, edited as `contact edit` does
(issue 15 §1: honorific, given and family names, their order, the exact salutation)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from followup.services.records import contacts
from followup.web.dependencies import AppDep, Id, PagesDep

router = APIRouter(include_in_schema=False)
# The form's fields, in the order `contact edit` takes them.
FIELDS = ("name", "email", "title", *contacts.NAME_PARTS)


@router.get("/contacts/{contact_id}", response_class=HTMLResponse)
def page(request: Request, contact_id: Id, app: AppDep, pages: PagesDep) -> HTMLResponse:
    contact = contacts.get(app, contact_id)
    return pages.render(
        request,
        "contact.html",
        {
            "page": "network",
            "title": contact.name,
            "contact": contact,
            "orders": ("given-first", "family-first"),
            "notice": request.query_params.get("notice", ""),
        },
    )


@router.post("/contacts/{contact_id}")
async def edit_contact(request: Request, contact_id: Id, app: AppDep) -> Response:
    """A coroutine only to read the body: FastAPI's Form() reads an empty field as absent,
    and here "" must clear a name part while an absent field changes nothing."""
    form = await request.form()
    changes = {key: form.get(key) for key in FIELDS}
    given: dict[str, object] = {
        key: value for key, value in changes.items() if isinstance(value, str)
    }
    # An unticked checkbox sends nothing: the hidden marker says the switch was on the form.
    if form.get("do_not_contact_shown") == "1":
        given["do_not_contact"] = form.get("do_not_contact") == "on"
    # The service checks each as `contact edit` does (one clear line on bad input).
    await run_in_threadpool(contacts.edit, app, str(contact_id), **given)
    return RedirectResponse(f"/contacts/{contact_id}?notice=saved", status_code=303)
