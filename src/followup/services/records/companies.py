"""Record the companies the candidate applies to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from followup.domain.errors import NotFound, ValidationError
from followup.domain.records import fields
from followup.domain.records.model import Company, Pace
from followup.domain.records.zones import check_zone

if TYPE_CHECKING:
    from followup.services.deps import Deps


def _clean(changes: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if value is None:
            continue
        if key == "name":
            out[key] = fields.name("name", value)
        elif key == "industry":
            out[key] = fields.line("--industry", value, limit=100)
        elif key == "country":
            out[key] = fields.country("--country", value)
        elif key == "tz":
            out[key] = check_zone(value, "--tz") if value else ""
        elif key == "domain":
            out[key] = fields.line("--domain", value, limit=253).lower()
        elif key == "feeds":
            out[key] = tuple(fields.url("--feed", url) for url in value)
        elif key == "pace":
            try:
                out[key] = Pace(value) if value else None
            except ValueError:
                raise ValidationError("--pace", "must be fast, standard or relaxed") from None
        elif key == "notes":
            out[key] = fields.notes("--notes", value)
        elif key == "article":  # True/False override; "" goes back to inferring it
            if value != "" and not isinstance(value, bool):
                raise ValidationError("--article", "must be true, false or empty")
            out[key] = None if value == "" else value
        else:  # pragma: no cover - programming error
            raise TypeError(key)
    return out


def add(deps: Deps, name: str, **details: Any) -> Company:
    """A new company; the name must be new (case-insensitive)."""
    store = deps.store
    return store.companies.add(Company(**_clean({"name": name, **details})))


def ensure(deps: Deps, name: str, **details: Any) -> Company:
    """The company called `name`, created with `details` when it does not exist yet."""
    store = deps.store
    found = store.companies.find(fields.name("company", name))
    return found if found is not None else add(deps, name, **details)


def edit(deps: Deps, ref: str, **changes: Any) -> Company:
    """Change the given fields of a company."""
    store = deps.store
    company = resolve(deps, ref)
    return store.companies.update(replace(company, **_clean(changes)))


def resolve(deps: Deps, ref: str | int) -> Company:
    """A company by id or by name."""
    store = deps.store
    text = str(ref).strip()
    if text.isascii() and text.isdigit():  # "²" is a digit to str.isdigit, not to int()
        return store.companies.get(int(text))
    found = store.companies.find(text)
    if found is None:
        raise NotFound("company", repr(text))
    return found


def listing(deps: Deps) -> Sequence[Company]:
    store = deps.store
    return store.companies.list()


def get(deps: Deps, company_id: int) -> Company:
    """A company by id (NotFound when there is none)."""
    return deps.store.companies.get(company_id)


def name_of(deps: Deps, company_id: int) -> str:
    """A company's name, for showing a record that points to it."""
    return deps.store.companies.get(company_id).name
