"""The numbers behind every timing and cadence rule, and the user's overrides of them.

Defaults come from `shared/domain-rules.md` §13 and the seed article; each field cites
its rule. The config file overrides them globally (`[policy]`), per company
(`[policy.companies."Acme"]`) or per contact (`[policy.contacts."jane@acme.example"]`).
docs/policy.md lists every key.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta
from typing import Any

from followup.domain.errors import ValidationError
from followup.domain.records.model import Company, Contact, Pace
from followup.domain.timing.paces import INDUSTRY_PACE, lookup, normalise_industry

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class PaceChoice:
    """The pace for a recipient and the sentence saying where it came from."""

    pace: Pace
    reason: str
    known: bool = True  # False when the industry was not in the table


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy:
    """Every number a timing or cadence rule uses. Immutable; build changed copies with
    `dataclasses.replace` or `apply_overrides`."""

    pace: Pace | None = None  # forced pace for a company or contact (overrides the industry)
    industries: Mapping[str, Pace] = field(default_factory=lambda: dict(INDUSTRY_PACE))

    # Thank-you notes (TIMING-001/002/003, seed "When to Send Follow-Ups").
    thank_you_min_delay: timedelta = timedelta(hours=2)  # TIMING-002
    # Which working morning after the interview each pace aims at: 0 = the same day when
    # the interview ends before `same_day_before`, else the next morning (TIMING-001).
    thank_you_mornings: Mapping[Pace, int] = field(
        default_factory=lambda: {Pace.FAST: 0, Pace.STANDARD: 1, Pace.RELAXED: 2}
    )
    same_day_before: time = time(14, 0)  # TIMING-001
    # The seed's outer bound: a later morning is used only when no working morning falls
    # on or before the day this long after the interview.
    thank_you_bound: timedelta = timedelta(hours=48)
    fast_decision_delay: timedelta = timedelta(hours=1)  # TIMING-003: within 1-2 hours
    fast_decision_min_delay: timedelta = timedelta(minutes=30)  # TIMING-003
    avoid_quiet_days: bool = True  # Friday after US Thanksgiving, 24 and 31 Dec
    thank_you_latest: Mapping[Pace, timedelta] = field(
        default_factory=lambda: {
            Pace.FAST: timedelta(hours=24),
            Pace.STANDARD: timedelta(hours=48),
            Pace.RELAXED: timedelta(hours=72),
        }
    )
    informational_latest_business_days: int = 3  # TIMING-006

    # Send windows, in the recipient's zone (SEND-001/002/003).
    business_start: time = time(8, 0)
    business_end: time = time(18, 0)
    preferred_start: time = time(9, 0)
    preferred_end: time = time(11, 30)
    status_check_days: frozenset[int] = frozenset({1, 2, 3})  # Tue-Thu, SEND-003

    # Status checks (TIMING-007/008).
    status_after_decision_business_days: int = 2  # TIMING-007
    status_after_interview_business_days: int = 7  # TIMING-008
    status_earliest_business_days: int = 5  # TIMING-008
    status_latest_business_days: int = 3  # after the recommended day [inferred]

    # Cadence guard (CAD-001/002, SEND-005).
    max_unanswered_status_checks: int = 2  # CAD-001
    min_gap_business_days: int = 5  # CAD-002
    blackout_start: tuple[int, int] = (12, 22)  # SEND-005, (month, day), inclusive
    blackout_end: tuple[int, int] = (1, 2)

    # Offers and rejections (OFFER-001/007, REJECT-002).
    offer_ack_business_days: int = 1  # OFFER-001
    offer_reminder_fraction: float = 0.5  # OFFER-007
    rejection_min_delay: timedelta = timedelta(hours=1)  # REJECT-002 cooling-off
    rejection_reply_business_days: int = 1  # REJECT-002
    rejection_latest_business_days: int = 2  # REJECT-002

    # The long run (NURTURE-001/004, NEWS-005, HOLIDAY-003); used by the network planner.
    check_in_days: Mapping[str, int] = field(
        default_factory=lambda: {"close": 42, "regular": 90, "light": 180}
    )
    post_rejection_check_in_days: int = 30  # NURTURE-004
    news_note_min_days: int = 30  # NEWS-005
    holiday_window: tuple[tuple[int, int], tuple[int, int]] = ((12, 1), (12, 18))  # HOLIDAY-003
    new_year_window: tuple[tuple[int, int], tuple[int, int]] = ((1, 2), (1, 10))  # HOLIDAY-003

    # Housekeeping.
    stale_after_days: int = 14  # a newly derived follow-up this far past due is not created
    calendar_alarm_minutes: int = 15

    def pace_for(self, industry: str, company_pace: Pace | None = None) -> PaceChoice:
        """The pace for an industry: forced by this policy, else the company's, else the table."""
        if self.pace is not None:
            return PaceChoice(self.pace, f"Your settings set the pace to {self.pace}.")
        if company_pace is not None:
            return PaceChoice(company_pace, f"The company is set to the {company_pace} pace.")
        if not normalise_industry(industry):
            return PaceChoice(
                Pace.STANDARD, "No industry on record, so the standard pace applies.", known=True
            )
        found = lookup(self.industries, industry)
        if found is None:
            return PaceChoice(
                Pace.STANDARD,
                f"The industry {industry.strip()!r} is not in the pace table, "
                "so the standard pace applies.",
                known=False,
            )
        pace, entry = found
        name = industry.strip()
        name = name[:1].upper() + name[1:]
        if entry != normalise_industry(industry):
            name += f" (read as {entry!r})"
        return PaceChoice(pace, self.pace_sentence(pace).format(industry=name))

    def pace_sentence(self, pace: Pace) -> str:
        """What a pace means, with `{industry}` to fill in; it names the rule, not an hour
        mark, because the window shown states the real hours."""
        mornings = self.thank_you_mornings[pace]
        if mornings == 0:
            return (
                "{industry} is a fast-paced field: send the same day when the interview ends "
                f"before {self.same_day_before:%H:%M}, else the next working morning "
                "(seed, TIMING-001)."
            )
        nth = _NTH.get(mornings, f"{mornings}th")
        if pace is Pace.RELAXED:
            return (
                "{industry} is a more laid-back field (seed): the "
                f"{nth} working morning after the interview at the latest."
            )
        return (
            "{industry} moves at a standard pace: the "
            + nth
            + (" working morning after the interview (TIMING-001).")
        )


_NTH = {1: "first", 2: "second", 3: "third"}

DEFAULT = Policy()


# --- overrides from the config file -------------------------------------------------

_HHMM = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")
_MMDD = re.compile(r"^\s*(\d{1,2})-(\d{1,2})\s*$")


def _number(where: str, value: object, *, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(where, f"must be a number, not {value!r}")
    if not low <= value <= high:
        raise ValidationError(where, f"must be between {low:g} and {high:g}, not {value!r}")
    return float(value)


def _integer(where: str, value: object, *, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(where, f"must be a whole number, not {value!r}")
    if not low <= value <= high:
        raise ValidationError(where, f"must be between {low} and {high}, not {value!r}")
    return value


def _hours(where: str, value: object, high: float = 24 * 14) -> timedelta:
    return timedelta(hours=_number(where, value, low=0, high=high))


def _span(where: str, value: object) -> tuple[time, time]:
    match = _HHMM.match(value) if isinstance(value, str) else None
    if match is None:
        raise ValidationError(where, f'must look like "08:00-18:00", not {value!r}')
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        raise ValidationError(where, f"{value!r} is not a valid time range")
    start, end = time(h1, m1), time(h2, m2)
    if end <= start:
        raise ValidationError(where, f"the end of {value!r} must come after its start")
    return start, end


def _month_day(where: str, value: object) -> tuple[int, int]:
    match = _MMDD.match(value) if isinstance(value, str) else None
    if match is None:
        raise ValidationError(where, f'must look like "12-22" (month-day), not {value!r}')
    month, day = int(match.group(1)), int(match.group(2))
    days_in = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    if not 1 <= month <= 12 or not 1 <= day <= days_in[month - 1]:
        raise ValidationError(where, f"{value!r} is not a valid month-day")
    return month, day


def _date_range(where: str, value: object) -> tuple[tuple[int, int], tuple[int, int]]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise ValidationError(
            where, f'must be two month-days such as ["12-22", "01-02"], not {value!r}'
        )
    return _month_day(f"{where}[0]", value[0]), _month_day(f"{where}[1]", value[1])


def _clock(where: str, value: object) -> time:
    match = re.match(r"^\s*(\d{1,2}):(\d{2})\s*$", value) if isinstance(value, str) else None
    if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValidationError(where, f'must be a time such as "14:00", not {value!r}')
    return time(int(match.group(1)), int(match.group(2)))


def _mornings(where: str, value: object, current: Mapping[Pace, int]) -> dict[Pace, int]:
    if not isinstance(value, Mapping):
        raise ValidationError(where, "must be a table such as { fast = 0, relaxed = 2 }")
    merged = dict(current)
    for key, n in value.items():
        merged[_pace(f"{where}.{key}", key)] = _integer(f"{where}.{key}", n, low=0, high=3)
    return merged


def _pace(where: str, value: object) -> Pace:
    try:
        return Pace(str(value).strip().lower())
    except ValueError:
        raise ValidationError(where, f"must be fast, standard or relaxed, not {value!r}") from None


def _per_pace(
    where: str, value: object, current: Mapping[Pace, timedelta]
) -> dict[Pace, timedelta]:
    if not isinstance(value, Mapping):
        raise ValidationError(where, "must be a table such as { fast = 2, standard = 24 }")
    merged = dict(current)
    for key, hours in value.items():
        merged[_pace(f"{where}.{key}", key)] = _hours(f"{where}.{key}", hours)
    return merged


def _weekdays(where: str, value: object) -> frozenset[int]:
    if not isinstance(value, list | tuple) or not value:
        raise ValidationError(where, 'must be a list of weekdays such as ["Tue", "Wed"]')
    days = set()
    for i, item in enumerate(value):
        name = str(item).strip().casefold()[:3]
        if name not in WEEKDAYS:
            raise ValidationError(f"{where}[{i}]", f"{item!r} is not a weekday")
        days.add(WEEKDAYS.index(name))
    return frozenset(days)


def _tiers(where: str, value: object, current: Mapping[str, int]) -> dict[str, int]:
    if not isinstance(value, Mapping):
        raise ValidationError(where, "must be a table such as { close = 42, regular = 90 }")
    merged = dict(current)
    for key, days in value.items():
        if key not in merged:
            raise ValidationError(f"{where}.{key}", f"unknown tier; use one of {', '.join(merged)}")
        merged[key] = _integer(f"{where}.{key}", days, low=1, high=3650)
    return merged


def _industries(where: str, value: object, current: Mapping[str, Pace]) -> dict[str, Pace]:
    if not isinstance(value, Mapping):
        raise ValidationError(where, 'must be a table such as { biotech = "fast" }')
    merged = dict(current)
    for key, pace in value.items():
        name = normalise_industry(str(key))
        if not name:
            raise ValidationError(where, "an industry name must not be empty")
        merged[name] = _pace(f"{where}.{key}", pace)
    return merged


def _apply(policy: Policy, key: str, value: object, where: str) -> dict[str, Any]:
    """The dataclass fields that one config key changes."""
    p = policy
    simple_days = {
        "informational_latest_business_days": (1, 30),
        "status_after_decision_business_days": (0, 60),
        "status_after_interview_business_days": (1, 60),
        "status_earliest_business_days": (1, 60),
        "status_latest_business_days": (0, 30),
        "min_gap_business_days": (0, 60),
        "offer_ack_business_days": (0, 10),
        "rejection_reply_business_days": (0, 10),
        "rejection_latest_business_days": (0, 10),
        "post_rejection_check_in_days": (1, 3650),
        "news_note_min_days": (0, 3650),
        "stale_after_days": (1, 3650),
        "calendar_alarm_minutes": (0, 7 * 24 * 60),
    }
    if key in simple_days:
        low, high = simple_days[key]
        return {key: _integer(where, value, low=low, high=high)}
    match key:
        case "pace":
            return {"pace": _pace(where, value)}
        case "thank_you_min_delay_hours":
            return {"thank_you_min_delay": _hours(where, value, high=48)}
        case "thank_you_after_hours":
            raise ValidationError(
                where,
                "is no longer used; set thank_you_mornings instead "
                "(0 = same day, 1 = next working morning, 2 = the second)",
            )
        case "thank_you_mornings":
            return {"thank_you_mornings": _mornings(where, value, p.thank_you_mornings)}
        case "same_day_before":
            return {"same_day_before": _clock(where, value)}
        case "thank_you_bound_hours":
            return {"thank_you_bound": _hours(where, value, high=24 * 7)}
        case "fast_decision_delay_minutes":
            return {
                "fast_decision_delay": timedelta(minutes=_integer(where, value, low=0, high=240))
            }
        case "thank_you_latest_hours":
            return {"thank_you_latest": _per_pace(where, value, p.thank_you_latest)}
        case "business_hours":
            start, end = _span(where, value)
            return {"business_start": start, "business_end": end}
        case "preferred_hours":
            start, end = _span(where, value)
            return {"preferred_start": start, "preferred_end": end}
        case "status_check_days":
            return {"status_check_days": _weekdays(where, value)}
        case "max_unanswered_status_checks":
            # CAD-001: 2 by default; 3 is the hard cap a user may choose.
            return {key: _integer(where, value, low=0, high=3)}
        case "year_end_blackout":
            first, last = _date_range(where, value)
            return {"blackout_start": first, "blackout_end": last}
        case "offer_reminder_fraction":
            return {key: _number(where, value, low=0.05, high=0.95)}
        case "rejection_min_delay_hours":
            return {"rejection_min_delay": _hours(where, value, high=48)}
        case "check_in_days":
            return {"check_in_days": _tiers(where, value, p.check_in_days)}
        case "holiday_window":
            return {"holiday_window": _date_range(where, value)}
        case "new_year_window":
            return {"new_year_window": _date_range(where, value)}
    raise ValidationError(where, _unknown(key))


KEYS = (
    "pace",
    "thank_you_min_delay_hours",
    "thank_you_mornings",
    "same_day_before",
    "thank_you_bound_hours",
    "fast_decision_delay_minutes",
    "thank_you_latest_hours",
    "informational_latest_business_days",
    "business_hours",
    "preferred_hours",
    "status_check_days",
    "status_after_decision_business_days",
    "status_after_interview_business_days",
    "status_earliest_business_days",
    "status_latest_business_days",
    "max_unanswered_status_checks",
    "min_gap_business_days",
    "year_end_blackout",
    "offer_ack_business_days",
    "offer_reminder_fraction",
    "rejection_min_delay_hours",
    "rejection_reply_business_days",
    "rejection_latest_business_days",
    "check_in_days",
    "post_rejection_check_in_days",
    "news_note_min_days",
    "holiday_window",
    "new_year_window",
    "stale_after_days",
    "calendar_alarm_minutes",
)
_SECTIONS = ("industries", "companies", "contacts")


def _unknown(key: str) -> str:
    import difflib  # only for a typo: kept off the start-up path

    close = difflib.get_close_matches(key, KEYS + _SECTIONS, n=3)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    return f"unknown policy setting{hint}"


def apply_overrides(policy: Policy, table: Mapping[str, object], where: str) -> Policy:
    """A copy of `policy` with the settings of one config table applied; sub-tables are skipped."""
    changes: dict[str, Any] = {}
    for key, value in table.items():
        if key in _SECTIONS:
            continue
        changes.update(_apply(dataclasses.replace(policy, **changes), key, value, f"{where}.{key}"))
    result = dataclasses.replace(policy, **changes)
    _check_consistent(result, where)
    return result


def _check_consistent(p: Policy, where: str) -> None:
    if not (p.business_start <= p.preferred_start < p.preferred_end <= p.business_end):
        raise ValidationError(f"{where}.preferred_hours", "must lie inside business_hours")
    for pace in Pace:
        if p.thank_you_latest[pace] < p.thank_you_min_delay:
            raise ValidationError(
                f"{where}.thank_you_latest_hours.{pace}",
                "must not be earlier than thank_you_min_delay_hours",
            )
    if p.status_earliest_business_days > p.status_after_interview_business_days:
        raise ValidationError(
            f"{where}.status_earliest_business_days",
            "must not exceed status_after_interview_business_days",
        )
    if p.rejection_latest_business_days < p.rejection_reply_business_days:
        raise ValidationError(
            f"{where}.rejection_latest_business_days",
            "must not be less than rejection_reply_business_days",
        )


class Policies:
    """The global policy plus per-company and per-contact overrides, resolved on demand.

    Company tables are keyed by company name or id, contact tables by email, name or id,
    all compared case-insensitively.
    """

    __slots__ = ("_cache", "_companies", "_contacts", "default")

    def __init__(
        self,
        default: Policy = DEFAULT,
        companies: Mapping[str, Mapping[str, object]] | None = None,
        contacts: Mapping[str, Mapping[str, object]] | None = None,
    ) -> None:
        self.default = default
        self._companies = {k.casefold().strip(): v for k, v in (companies or {}).items()}
        self._contacts = {k.casefold().strip(): v for k, v in (contacts or {}).items()}
        self._cache: dict[tuple[str, str], Policy] = {}

    @property
    def has_overrides(self) -> bool:
        return bool(self._companies or self._contacts)

    def _key(self, table: Mapping[str, object], *names: str) -> str:
        for name in names:
            key = name.casefold().strip()
            if key and key in table:
                return key
        return ""

    def for_recipient(self, company: Company | None, contact: Contact | None) -> Policy:
        """The policy for a message to `contact` at `company` (either may be unknown)."""
        if not self.has_overrides:
            return self.default
        ckey = self._key(self._companies, company.name, str(company.id)) if company else ""
        pkey = (
            self._key(self._contacts, contact.email, contact.name, str(contact.id))
            if contact
            else ""
        )
        cached = self._cache.get((ckey, pkey))
        if cached is None:
            cached = self.default
            if ckey:
                cached = apply_overrides(cached, self._companies[ckey], f"policy.companies.{ckey}")
            if pkey:
                cached = apply_overrides(cached, self._contacts[pkey], f"policy.contacts.{pkey}")
            self._cache[(ckey, pkey)] = cached
        return cached


def _table(where: str, value: object) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise ValidationError(where, "must be a table")
    return value


def from_config(config: Mapping[str, object], base: Policy = DEFAULT) -> Policies:
    """Read the `[policy]` table of a parsed config file into Policies; every key is checked.

    Raises ValidationError naming the offending key, e.g. `policy.business_hours`.
    """
    raw = config.get("policy")
    if raw is None:
        return Policies(base)
    section = _table("policy", raw)
    policy = base
    if "industries" in section:
        policy = dataclasses.replace(
            policy,
            industries=_industries("policy.industries", section["industries"], policy.industries),
        )
    policy = apply_overrides(policy, section, "policy")
    tables: dict[str, dict[str, Mapping[str, object]]] = {"companies": {}, "contacts": {}}
    for name in ("companies", "contacts"):
        if name not in section:
            continue
        for key, sub in _table(f"policy.{name}", section[name]).items():
            where = f"policy.{name}.{key}"
            sub_table = _table(where, sub)
            for nested in _SECTIONS:
                if nested in sub_table:
                    raise ValidationError(
                        f"{where}.{nested}", "is only allowed directly in [policy]"
                    )
            apply_overrides(policy, sub_table, where)  # validate now, not at first use
            tables[name][str(key)] = sub_table
    return Policies(policy, tables["companies"], tables["contacts"])
