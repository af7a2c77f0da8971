"""The people on an invite: interviewers, the coordinator, robots, names from addresses."""

from __future__ import annotations

import re
from collections.abc import Collection

from followup.domain.errors import ValidationError
from followup.domain.imports.guess import is_scheduling_domain
from followup.domain.imports.invite import InviteEvent, Person
from followup.domain.records import fields
from followup.domain.records.addresses import ROLE_LOCAL_PARTS, TEAM_NAME, is_role_address

_ROLE_LOCALS = frozenset(
    {
        "noreply",
        "no-reply",
        "donotreply",
        "do-not-reply",
        "notifications",
        "notification",
        "calendar",
        "calendar-notification",
        "invites",
        "invite",
        "scheduling",
        "scheduler",
        "mailer-daemon",
        "postmaster",
        "bounce",
        "bounces",
        "meetings",
        "events",
    }
)


def is_automated(email: str) -> bool:
    """A no-reply or notification sender, or a calendar/scheduling service address."""
    local, _, domain = email.lower().rpartition("@")
    base = local.split("+", 1)[0]
    return (
        base in _ROLE_LOCALS
        or base.startswith(("noreply", "no-reply", "donotreply"))
        or (is_scheduling_domain(domain))
    )


TEAM = TEAM_NAME  # who a role address such as hr@ or careers@ is (issue 17 §4)
_WORDS = re.compile(r"[^\w]+|_")


def team_name(name: str, email: str) -> str:
    """TEAM for a role address (hr@, careers@) that carries no personal name, else `name`.

    "HR", "Careers", "Talent Acquisition" or a name made from the address are no names;
    "Jane Smith <careers@acme.com>" is a person writing from a shared mailbox.
    """
    if not email or not is_role_address(email):
        return name
    words = [w for w in _WORDS.split(name.casefold()) if w]
    local, _, domain = email.casefold().rpartition("@")
    local = local.partition("+")[0]
    labels = set(domain.split("."))  # "Acme Careers" at careers@acme.com names no one
    if (
        not words
        or "".join(words) == re.sub(r"[._\-]", "", local)
        or all(w in ROLE_LOCAL_PARTS or w in _TEAM_WORDS or w in labels for w in words)
    ):
        return TEAM
    return name


_TEAM_WORDS = frozenset({"team", "acquisition", "department", "dept", "the", "resources", "human"})


def name_from_address(email: str) -> str:
    """A readable name from an address: `jane.doe+x@acme.com` -> `Jane Doe`; "" for robots."""
    local = email.rpartition("@")[0].split("+", 1)[0]
    if not local or is_automated(email):
        return ""
    pieces = [p for p in re.split(r"[._\-]+", re.sub(r"\d+", " ", local)) for p in p.split()]
    words = [(p[0].upper() + ".") if len(p) == 1 else p[:1].upper() + p[1:].lower() for p in pieces]
    return " ".join(words)


def person(cn: str, email: str, *, role: str = "", kind: str = "") -> Person | None:
    """A Person from CN and address; None when neither gives a usable name."""
    try:
        address = fields.email("attendee", re.sub(r"^mailto:", "", email, flags=re.IGNORECASE))
    except ValidationError:
        address = ""
    # An overlong CN is cut, not fatal: the invite is someone else's text.
    name = fields.name("attendee", cn[: fields.NAME_MAX], required=False).strip("'\" ")
    if name and "@" in name and name.lower() == address.lower():
        name = ""  # CN repeating the address is no name at all
    derived = False
    if not name and address:
        name, derived = name_from_address(address), True
    if address and not is_automated(address):
        team = team_name("" if derived else name, address)
        name, derived = (team, False) if team == TEAM else (name, derived)
    if not name:
        return None
    return Person(
        name=name, email=address, name_derived=derived, role=role.upper(), kind=kind.upper()
    )


def interviewers(
    event: InviteEvent, own_emails: Collection[str]
) -> tuple[tuple[Person, ...], Person | None]:
    """The interviewers and the coordinator of an event.

    Attendees become interviewers, except the candidate's own addresses, rooms and robots.
    The organizer becomes the coordinator, unless they are the only other person there,
    in which case they are the interviewer.
    """
    own = {e.casefold() for e in own_emails if e}

    def usable(p: Person | None) -> bool:
        return (
            p is not None
            and p.is_person
            and p.email.casefold() not in own
            and not (p.email and is_automated(p.email))
        )

    organizer = event.organizer if usable(event.organizer) else None
    seen: set[str] = set()
    people: list[Person] = []
    team: Person | None = None
    for attendee in event.attendees:
        key = (attendee.email or attendee.name).casefold()
        if usable(attendee) and key not in seen:
            seen.add(key)
            if attendee.name == TEAM:  # a shared mailbox interviews no one
                team = team or attendee
            else:
                people.append(attendee)
    if organizer is not None and organizer.name == TEAM:
        key = organizer.email.casefold()
        return tuple(p for p in people if p.email.casefold() != key), organizer
    if organizer is None and team is not None:
        return tuple(people), team
    if organizer is not None:
        key = (organizer.email or organizer.name).casefold()
        others = [p for p in people if (p.email or p.name).casefold() != key]
        if not others:
            return (organizer,), None
        return tuple(others), organizer
    return tuple(people), None
