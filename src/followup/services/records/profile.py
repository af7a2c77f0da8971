"""Record who the candidate is."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from followup.domain.errors import ValidationError
from followup.domain.records import fields
from followup.domain.records.model import Profile
from followup.domain.records.zones import check_zone, zone_country

if TYPE_CHECKING:
    from followup.services.deps import Deps


def save(
    deps: Deps,
    *,
    name: str | None = None,
    email: str | None = None,
    tz: str | None = None,
    country: str | None = None,
    signature: str | None = None,
    skills: str | list[str] | None = None,
) -> Profile:
    """Create the profile, or change the answers given; the others stay as they were."""
    store = deps.store
    current = store.profile.get()
    if current is None:
        missing = [
            flag
            for flag, value in (("--name", name), ("--email", email), ("--tz", tz))
            if not value
        ]
        if missing:
            raise ValidationError(missing[0], "is required the first time you run init")
        assert name is not None and email is not None and tz is not None
        key = check_zone(tz, "--tz")
        derived = zone_country(key) or ""
        if not country and not derived:
            raise ValidationError("--country", f"cannot be derived from {key}; give it")
        current = Profile(name="", email="", tz=key, country=country or derived)
    changes: dict[str, object] = {}
    if name is not None:
        changes["name"] = fields.name("--name", name)
    if email is not None:
        changes["email"] = fields.email("--email", email, required=True)
    if tz is not None:
        changes["tz"] = check_zone(tz, "--tz")
    if country is not None:
        changes["country"] = fields.country("--country", country)
    if signature is not None:
        changes["signature"] = fields.notes("--signature", signature, limit=2_000)
    if skills is not None:
        changes["skills"] = fields.tags("--skills", skills)
    profile = replace(current, **changes)  # type: ignore[arg-type]
    store.profile.save(profile)
    return profile


def get(deps: Deps) -> Profile:
    """The profile, or a clear error saying how to create one."""
    store = deps.store
    profile = store.profile.get()
    if profile is None:
        raise ValidationError("profile", "no profile yet: run `followup init` first")
    return profile


def find(deps: Deps) -> Profile | None:
    """The profile, or None before `followup init`."""
    return deps.store.profile.get()


def zone(deps: Deps) -> str:
    """The candidate's zone for display: the profile's, else UTC."""
    found = deps.store.profile.get()
    return found.tz if found and found.tz else "UTC"
