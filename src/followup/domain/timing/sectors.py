"""Whose days off count: the recipient's sector, and the days most offices are dark anyway.

Private employers do not stop for government-only holidays: US firms work on Columbus
Day and Veterans Day, while federal and state offices, schools, universities and many
nonprofits close. The sector is read from the company's industry and the words of its
name ("Department of ...", "University of ...", "... Foundation"), so no new field is
needed; an unknown company is private, as most employers are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

from followup.domain.timing.paces import words


class Sector(StrEnum):
    """Which days off an employer keeps."""

    PRIVATE = "private"
    PUBLIC = "public"  # government at any level
    NONPROFIT = "nonprofit"
    EDUCATION = "education"  # schools, universities, research institutes

    @property
    def keeps_government_holidays(self) -> bool:
        """Government, education and many nonprofit offices close on every official holiday."""
        return self is not Sector.PRIVATE


# Holidays the `holidays` package lists as public (they are federal) on which most
# private employers stay open (annual US employer holiday-practice surveys; OPM lists
# them as federal holidays). Names as the package spells them; "(observed)" is ignored.
PRIVATE_WORKS_ON: Mapping[str, frozenset[str]] = {
    "US": frozenset({"Columbus Day", "Veterans Day"}),
}

_PHRASES: tuple[tuple[Sector, tuple[str, ...]], ...] = (
    (
        Sector.PUBLIC,
        (
            "government",
            "public sector",
            "civil service",
            "public service",
            "public administration",
            "federal",
            "municipal",
            "local government",
            "department of",
            "ministry",
            "agency",
            "city of",
            "county of",
            "state of",
            "bureau",
            "commission",
            "council",
            "municipality",
            "parliament",
            "embassy",
            "armed forces",
            "police",
            "department",
        ),
    ),
    (
        Sector.EDUCATION,
        (
            "university",
            "college",
            "school",
            "schools",
            "academia",
            "academic",
            "higher education",
            "higher ed",
            "education",
            "k 12",
            "k12",
            "research institute",
            "institute of",
            "polytechnic",
            "library",
            "museum",
        ),
    ),
    (
        Sector.NONPROFIT,
        (
            "nonprofit",
            "non profit",
            "not for profit",
            "ngo",
            "charity",
            "charities",
            "foundation",
            "philanthropy",
            "third sector",
            "voluntary sector",
            "red cross",
        ),
    ),
)


# Per sector, in `_PHRASES` order: its phrases as word tuples, their lengths, and the
# phrases run together ("nonprofit" for "non profit"). Built once at import.
_INDEX = tuple(
    (
        sector,
        frozenset(tuple(p.split()) for p in phrases),
        tuple(sorted({len(p.split()) for p in phrases})),
        frozenset(p.replace(" ", "") for p in phrases),
    )
    for sector, phrases in _PHRASES
)


# A whole-database run asks once per recipient (tens of thousands of times) about a few
# thousand companies; the answer depends on the two strings only.
@lru_cache(maxsize=4096)
def sector_of(industry: str, company_name: str = "") -> Sector:
    """The sector from the industry, else from words in the company's name."""
    for text in (industry, company_name):
        ws = words(text)
        if not ws:
            continue
        joined = "".join(ws)
        for sector, grams, lengths, run_together in _INDEX:
            if joined in run_together or any(
                tuple(ws[i : i + n]) in grams for n in lengths for i in range(len(ws) - n + 1)
            ):
                return sector
    return Sector.PRIVATE


def private_works_on(country: str, holiday: str) -> bool:
    """Whether private employers in `country` stay open on this holiday."""
    name = holiday.replace("(observed)", "").strip()
    return name in PRIVATE_WORKS_ON.get(country, frozenset())


def quiet_reason(d: date, holiday: Callable[[date], str | None]) -> str | None:
    """Why `d` is a quiet day, when it is one: a working day most offices are dark in
    practice. Christmas Eve and New Year's Eve where the next day is a holiday; the
    Friday after a Thursday Thanksgiving. `holiday` looks up the recipient's days off."""
    if d.month == 12 and d.day == 24 and holiday(d + timedelta(days=1)):
        return "Christmas Eve"
    if d.month == 12 and d.day == 31 and holiday(d + timedelta(days=1)):
        return "New Year's Eve"
    if d.weekday() == 4:
        before = holiday(d - timedelta(days=1))
        if before and before.startswith("Thanksgiving"):
            return "the Friday after Thanksgiving"
    return None
