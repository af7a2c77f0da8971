"""Holiday greetings: who gets one and when (HOLIDAY-001..005)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime

from followup.domain.network.policy import NetworkPolicy
from followup.domain.network.standing import Standing
from followup.domain.timing.calendar import BusinessCalendar

HolidayDate = Callable[[str, int], date | None]
"""(canonical holiday name, year) -> its (first) day that year, or None when unknown."""

# Holidays a contact may observe (HOLIDAY-005), with the spellings users type.
OBSERVANCES: Mapping[str, tuple[str, ...]] = {
    "christmas": ("christmas", "xmas"),
    "orthodox christmas": ("orthodox christmas",),
    "hanukkah": ("hanukkah", "chanukah", "hanukah"),
    "kwanzaa": ("kwanzaa",),
    "diwali": ("diwali", "deepavali"),
    "lunar new year": ("lunar new year", "chinese new year", "spring festival", "tet", "seollal"),
    "eid al-fitr": ("eid al-fitr", "eid", "eid ul-fitr", "eid-ul-fitr"),
    "eid al-adha": ("eid al-adha", "eid ul-adha", "eid-ul-adha"),
    "rosh hashanah": ("rosh hashanah", "jewish new year"),
    "nowruz": ("nowruz", "norooz", "persian new year"),
    "vesak": ("vesak", "buddha day"),
}
_ALIASES = {alias: name for name, aliases in OBSERVANCES.items() for alias in aliases}
# A greeting for one of these replaces the season's greeting, in the same window.
_DECEMBER = frozenset({"christmas", "hanukkah", "kwanzaa"})


def observance(name: str) -> str | None:
    """The canonical name of a holiday the user typed, or None when we do not know it."""
    return _ALIASES.get(" ".join(name.casefold().replace("_", " ").split()))


def two_way(s: Standing, now: datetime, settings: NetworkPolicy) -> bool:
    """HOLIDAY-001: they answered or met us within a year, and have not gone quiet."""
    return (
        s.last_reply is not None
        and now - s.last_reply <= settings.two_way_within
        and s.unanswered < settings.greeting_max_unanswered
    )


def greeting_windows(
    s: Standing,
    cal: BusinessCalendar,
    now: datetime,
    settings: NetworkPolicy,
    holiday_date: HolidayDate,
) -> list[tuple[str, date, date, str]]:
    """(key suffix, first day, last day, reason) of each greeting due around `now`.

    The default is an inclusive season's greeting in the holiday window (Dec 1–18), or
    a new-year note (Jan 2–10) once December's has passed (HOLIDAY-002/003). A greeting
    for a specific holiday goes only to someone known to observe it (HOLIDAY-005), in
    the week before it; one in December takes the season greeting's place.
    """
    policy = cal.policy
    today = cal.local_date(now)
    observed = {o for o in (observance(x) for x in s.contact.observes) if o}
    greeted = [cal.local_date(g) for g in s.greeted]
    plans: list[tuple[str, date, date, str]] = []
    for year in (today.year - 1, today.year):
        (sm, sd), (em, ed) = policy.holiday_window
        (nm, nd), (xm, xd) = policy.new_year_window
        start, end = date(year, sm, sd), date(year, em, ed)
        if any(date(year, 11, 1) <= g <= date(year + 1, 1, 31) for g in greeted):
            continue  # one greeting a season
        special = sorted(
            (day, name)
            for name in observed & _DECEMBER
            if (day := holiday_date(name, year)) is not None
            and date(year, 11, 15) <= day <= date(year + 1, 1, 10)
        )
        key = f"{year}-season"
        day, name = special[0] if special else (start, "")
        # The week before the holiday itself, not December's whole window: a Hanukkah
        # greeting on Dec 1 for a Dec 25 first night is three weeks early (HOLIDAY-005).
        last = day
        if special and today <= last:
            first = day - settings.observance_lead
            plans.append(
                (key, first, last, f"A {name.title()} greeting: they observe it (HOLIDAY-005).")
            )
        elif today <= end:
            plans.append(
                (key, start, end, "A season's greeting in inclusive words (HOLIDAY-002/003).")
            )
        else:
            plans.append(
                (
                    key,
                    date(year + 1, nm, nd),
                    date(year + 1, xm, xd),
                    "A new-year note: December's window has passed (HOLIDAY-003).",
                )
            )
    for name in sorted(observed - _DECEMBER):
        for year in (today.year, today.year + 1):
            day = holiday_date(name, year)
            if day is None or any(abs((g - day).days) <= 14 for g in greeted):
                continue
            plans.append(
                (
                    f"{year}-{name.replace(' ', '-')}",
                    day - settings.observance_lead,
                    day,
                    f"A {name.title()} greeting: they observe it (HOLIDAY-005).",
                )
            )
    return [p for p in plans if p[2] >= today and p[1] <= today + settings.greeting_horizon]
