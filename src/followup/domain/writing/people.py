"""A recipient's name as a structure (CONTENT-008), read once for the composer and the
linter: typed name fields win, otherwise `names.parse` reads `name` with the country and
the e-mail address as hints."""

from __future__ import annotations

from functools import lru_cache

from followup.domain.records import names
from followup.domain.writing.context import Person


def name_of(person: Person) -> names.PersonName:
    """The person's name in parts. "given-first" is the field's default, so only
    "family-first" counts as typed; otherwise the order is inferred from the name, the
    address and the country (issue 15 §1)."""
    order = person.name_order if person.name_order == names.NameOrder.FAMILY_FIRST else ""
    return _parse(
        person.name,
        person.honorific,
        person.given_name,
        person.family_name,
        order,
        person.salutation,
        person.country,
        person.email,
    )


@lru_cache(maxsize=1024)
def _parse(
    name: str,
    honorific: str,
    given: str,
    family: str,
    order: str,
    salutation: str,
    country: str,
    email: str,
) -> names.PersonName:
    return names.parse(
        name,
        honorific=honorific,
        given_name=given,
        family_name=family,
        name_order=order,
        salutation=salutation,
        country=country,
        email=email,
    )
