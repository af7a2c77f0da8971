"""Who a note is from and to, from the records: a stored contact as the composer's Person
(the same structured name a debrief gives, issue 15 §1), and the candidate's signature."""

from __future__ import annotations

from dataclasses import replace

from followup.domain.records import names
from followup.domain.records.model import Contact, Profile
from followup.domain.records.names import NameOrder
from followup.domain.writing.compose import Draft
from followup.domain.writing.compose.phrases import Renderer
from followup.domain.writing.context import Person
from followup.domain.writing.debrief import Debrief

__all__ = ["person", "signed", "stored_hints"]


def person(contact: Contact, topics: tuple[str, ...] = (), company_country: str = "") -> Person:
    """A stored contact as the composer and the linter see a debrief's person: the same
    structured name (issue 15 §1, CONTENT-008). The contact's country, else the company's,
    is only a hint for the name's order; `country` stays the contact's own (holidays)."""
    order, hint = contact.name_order, company_country.upper()
    # The company's is the weaker hint: only where family-first is the strong norm (a
    # Singapore bank's "Rajesh Nair" is still greeted "Rajesh").
    if order is NameOrder.GIVEN_FIRST and not contact.country and hint in names.FAMILY_NORM:
        order = names.parse(contact.name, country=hint, email=contact.email).order
    return Person(
        name=contact.name,
        email=contact.email,
        title=contact.title,
        tz=contact.tz,
        country=contact.country,
        topics=topics,
        honorific=contact.honorific,
        given_name=contact.given_name,
        family_name=contact.family_name,
        name_order=order.value,
        salutation=contact.salutation,
    )


def signed(debrief: Debrief, profile: Profile | None) -> Debrief:
    """A debrief signed with what the profile knows: the candidate's name when it names
    nobody, and the profile's signature when it names the profile's owner without one
    (CONTENT-009: the phone number lives in the signature)."""
    if profile is None:
        return debrief
    if not debrief.candidate_name:
        return replace(
            debrief,
            candidate_name=profile.name,
            candidate_email=debrief.candidate_email or profile.email,
            signature=debrief.signature or profile.signature,
        )
    if not debrief.signature and debrief.candidate_name.casefold() == profile.name.casefold():
        return replace(debrief, signature=profile.signature)
    return debrief


def stored_hints(draft: Draft, contact: Contact | None, renderer: Renderer) -> Draft:
    """The draft, its name-fallback note saying how to fix a stored contact (`contact edit
    ID --honorific`, or its web page) instead of which debrief key to add (CONTENT-008)."""
    if contact is None or contact.id is None:
        return draft
    notes = renderer.bank.node("notes")
    values = {"name": contact.name, "id": contact.id}
    asked = renderer.text(str(notes["honorific"]), values)
    if asked not in draft.notes:
        return draft
    fix = renderer.text(str(notes["honorific_contact"]), values)
    return replace(draft, notes=tuple(fix if n == asked else n for n in draft.notes))
