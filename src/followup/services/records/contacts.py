"""Record the people the candidate meets: interviewers, recruiters, referrers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from followup.domain.errors import NotFound, ValidationError
from followup.domain.imports.attendees import team_name
from followup.domain.records import fields
from followup.domain.records import names as personal
from followup.domain.records.model import Contact, ContactRole, Tier
from followup.domain.records.zones import check_zone
from followup.services.records import companies

if TYPE_CHECKING:
    from followup.services.deps import Deps

_ADDRESS = re.compile(r"^\s*(?P<name>[^<>]*?)\s*<(?P<email>[^<>]+)>\s*$")


def parse_address(text: str, field: str = "--with") -> tuple[str, str]:
    """Split `Name <email>` (or a bare name, or a bare email) into name and email."""
    match = _ADDRESS.match(text)
    if match:
        name, email = match["name"].strip().strip('"'), match["email"]
    elif "@" in text and " " not in text.strip():
        email = text.strip()
        name = email.split("@", 1)[0].replace(".", " ").replace("_", " ").title()
    else:
        name, email = text, ""
    if "<" in name or ">" in name:
        # Markup, or an address that did not parse: storing it as a name loses the email.
        raise ValidationError(field, f"{text.strip()!r} is not a name or Name <email>")
    email = fields.email(field, email)
    # hr@ or careers@ with no personal name is "the recruiting team", never "Hr" (issue 17 §4)
    return fields.name(field, team_name(name, email)), email


def _clean(deps: Deps, changes: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if value is None:
            continue
        if key == "name":
            out[key] = fields.name("name", value)
        elif key == "email":
            out[key] = fields.email("--email", value)
        elif key == "title":
            out[key] = fields.line("--title", value, limit=200)
        elif key == "company":
            out["company_id"] = companies.ensure(deps, value).id if value else None
        elif key == "company_id":
            out[key] = value
        elif key == "tz":
            out[key] = check_zone(value, "--tz") if value else ""
        elif key == "country":
            out[key] = fields.country("--country", value)
        elif key == "role":
            try:
                out[key] = ContactRole(value)
            except ValueError:
                choices = ", ".join(r.value for r in ContactRole)
                raise ValidationError("--role", f"{value!r} is not one of {choices}") from None
        elif key == "tier":
            try:
                out[key] = None if value in ("", None) else Tier(value)
            except ValueError:
                choices = ", ".join(t.value for t in Tier)
                raise ValidationError("tier", f"{value!r} is not one of {choices}") from None
        elif key == "observes":
            out[key] = fields.tags("--observes", value)
        elif key == "notes":
            out[key] = fields.notes("--notes", value)
        elif key in _NAME_LIMITS:  # issue 15 §1: "" clears a part
            out[key] = personal.check_part(_flag(key), value, limit=_NAME_LIMITS[key])
        elif key == "name_order":
            out[key] = personal.check_order("--name-order", value)
        elif key == "do_not_contact":
            out[key] = bool(value)
        else:  # pragma: no cover - programming error
            raise TypeError(key)
    return out


# The structured name's parts (CONTENT-008) and their length limits.
_NAME_LIMITS = {
    "honorific": personal.HONORIFIC_MAX,
    "given_name": personal.PART_MAX,
    "family_name": personal.PART_MAX,
    "salutation": personal.PART_MAX,
}
NAME_PARTS = (*_NAME_LIMITS, "name_order")


def _flag(key: str) -> str:
    return "--" + key.replace("_", "-")


def fill_name(deps: Deps, contact: Contact, **parts: str) -> Contact:
    """Fill the contact's empty name parts from `parts` (a debrief's), never replacing one
    on record; "given-first" is the default, so only "family-first" fills the order."""
    cleaned = _clean(deps, {k: v for k, v in parts.items() if v})
    changes = {
        k: v
        for k, v in cleaned.items()
        if not getattr(contact, k) or (k == "name_order" and v is personal.NameOrder.FAMILY_FIRST)
    }
    if not changes or all(getattr(contact, k) == v for k, v in changes.items()):
        return contact
    return deps.store.contacts.update(replace(contact, **changes))


def add(deps: Deps, name: str, *, merge: bool = False, **details: Any) -> Contact:
    """A new contact. An email already on file is an error, or updates that contact if `merge`."""
    store = deps.store
    with store.transaction():
        cleaned = _clean(deps, {"name": name, **details})
        existing = store.contacts.find_by_email(cleaned.get("email", ""))
        if existing is not None and merge:
            return store.contacts.update(replace(existing, **cleaned))
        return store.contacts.add(Contact(**cleaned))


def ensure(
    deps: Deps,
    address: str,
    *,
    company_id: int | None = None,
    role: ContactRole = ContactRole.INTERVIEWER,
    field: str = "--with",
) -> Contact:
    """The contact for `Name <email>`: found by email, else by name at that company, else new."""
    store = deps.store
    name, email = parse_address(address, field)
    found = store.contacts.find_by_email(email)
    if found is None and not email:
        found = next(
            (c for c in store.contacts.list(company_id) if c.name.casefold() == name.casefold()),
            None,
        )
    if found is not None:
        return found
    return store.contacts.add(Contact(name=name, email=email, company_id=company_id, role=role))


def edit(deps: Deps, ref: str, **changes: Any) -> Contact:
    """Change the given fields of a contact."""
    store = deps.store
    with store.transaction():
        contact = resolve(deps, ref)
        updated = store.contacts.update(replace(contact, **_clean(deps, changes)))
    if updated.do_not_contact != contact.do_not_contact:
        from followup.services import timing

        timing.replan(deps)  # their planned notes go, or come back (CAD-007)
    return updated


def resolve(deps: Deps, ref: str | int) -> Contact:
    """A contact by id or by email."""
    store = deps.store
    text = str(ref).strip()
    if text.isascii() and text.isdigit():  # "²" is a digit to str.isdigit, not to int()
        return store.contacts.get(int(text))
    found = store.contacts.find_by_email(text)
    if found is None:
        raise NotFound("contact", repr(text))
    return found


def listing(deps: Deps, company: str | None = None) -> Sequence[Contact]:
    store = deps.store
    company_id = companies.resolve(deps, company).id if company else None
    return store.contacts.list(company_id)


def get(deps: Deps, contact_id: int) -> Contact:
    """A contact by id (NotFound when there is none)."""
    return deps.store.contacts.get(contact_id)


def names(deps: Deps) -> dict[int, str]:
    """Every contact's name by id, for labelling lists."""
    return {c.id: c.name for c in deps.store.contacts.list() if c.id is not None}
