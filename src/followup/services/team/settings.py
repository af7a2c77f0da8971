"""Institution settings (issue 19): the organisation's defaults, and which of them a
candidate may override.

An admin sets the organisation's policy values (`policy.<key>`, the `[policy]` keys of
docs/policy.md), lint rules enforced as errors (`lint.enforce`), the school's voice
(`compose.tone`, `compose.panel_notes`, `compose.sign_off`: voice.py) and its holiday
calendar (`holidays.country`, whose public holidays count as days off beside the
recipient's, and `holidays.observed`, further days the organisation keeps as holidays).
A candidate's effective
settings are the server's config file, overlaid by the organisation's, overlaid by the
candidate's own where the admin allows it.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from followup.domain.errors import Refused, ValidationError
from followup.domain.records.team import Role, User
from followup.services.team import users

if TYPE_CHECKING:
    from followup.domain.timing.calendar import HolidayCalendar
    from followup.services.team import TeamDirectory
    from followup.settings import Config

OTHER_KEYS = ("lint.enforce", "compose.tone", "compose.panel_notes", "holidays.country",
              "holidays.observed", "compose.sign_off")  # fmt: skip
MAX_OBSERVED = 400  # days in `holidays.observed`


def keys() -> tuple[str, ...]:
    """Every key an admin may set."""
    from followup.domain.timing.policy import KEYS

    return (*(f"policy.{k}" for k in KEYS), *OTHER_KEYS)


def parse_value(text: str) -> Any:
    """A value typed on the command line or in a form: JSON when it reads as JSON
    (3, true, ["LINT-012"]), else the text itself ("08:00-18:00")."""
    try:
        return json.loads(text)
    except ValueError:
        return text.strip()


def _check_key(key: str) -> str:
    name = key.strip()
    if name not in keys():
        import difflib

        close = difflib.get_close_matches(name, keys(), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise ValidationError(name or "key", f"is not an institution setting{hint}")
    return name


def _observed(value: Any) -> dict[date, str]:
    """`holidays.observed`: "2026-12-07 College closure" strings (a list, or one string
    separated by commas), or a table of dates and names."""
    where = "holidays.observed"
    items: list[tuple[str, str]]
    if isinstance(value, Mapping):
        items = [(str(k), str(v)) for k, v in value.items()]
    else:
        texts = value.split(",") if isinstance(value, str) else value
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            raise ValidationError(where, 'must be a list such as ["2026-12-07 Closure day"]')
        items = [(t.strip()[:10], t.strip()[10:].strip()) for t in texts if t.strip()]
    if len(items) > MAX_OBSERVED:
        raise ValidationError(where, f"has more than {MAX_OBSERVED} days")
    days = {}
    for day, name in items:
        try:
            days[date.fromisoformat(day)] = name[:100] or "Organisation holiday"
        except ValueError:
            raise ValidationError(where, f"{day!r} is not a date like 2026-12-07") from None
    return days


def _raw(base: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """The config document `base` with the settings' values placed in their sections."""
    raw = copy.deepcopy(dict(base))
    for key, value in values.items():
        section, _, name = key.partition(".")
        if section == "holidays":
            continue
        table = raw.setdefault(section, {})
        if not isinstance(table, dict):
            raise ValidationError(section, "must be a table in config.toml")
        table[name] = value
    return raw


def check(key: str, value: Any, holidays: HolidayCalendar) -> tuple[str, Any]:
    """`key` and `value` as stored, or one line naming what is wrong."""
    from followup.settings import Config

    name = _check_key(key)
    if name == "holidays.observed":
        days = _observed(value)
        return name, [f"{d.isoformat()} {n}" for d, n in sorted(days.items())]
    if name == "holidays.country":
        if not isinstance(value, str):
            raise ValidationError(name, "must be a country code such as GB")
        try:
            return name, holidays.check_country(value)
        except ValidationError as exc:
            raise ValidationError(name, exc.problem) from None
    Config.parse(_raw({}, {name: value}))  # every section it touches is checked
    if name == "compose.sign_off":  # the school's voice passes the linter (voice.py)
        from followup.services.team import voice

        voice.check_sign_off(value)
        return name, value.strip()
    return name, value


@dataclass(frozen=True, slots=True)
class Entry:
    key: str
    value: Any
    overridable: bool
    source: str  # "organisation" or "you"


@dataclass(frozen=True, slots=True)
class Effective:
    """A candidate's settings: the config, the holiday calendar's parts, and a stamp that
    changes whenever any of them does."""

    config: Config
    country: str
    observed: Mapping[date, str]
    stamp: str
    entries: list[Entry] = field(default_factory=list)

    def calendar(self, base: HolidayCalendar) -> HolidayCalendar:
        if not self.country and not self.observed:
            return base
        return OrgHolidays(base, self.country, self.observed)


def effective(team: TeamDirectory, account_id: int, base: Mapping[str, Any]) -> Effective:
    """The organisation's settings over the config document `base`, and the candidate's
    own over those where the organisation allows it."""
    from followup.settings import Config

    org, own = team.settings_of(account_id)
    values = {k: v for k, v, _ in org}
    entries = {k: Entry(k, v, o, "organisation") for k, v, o in org}
    for key, value in own.items():
        if key in entries and entries[key].overridable:
            values[key] = value
            entries[key] = Entry(key, value, True, "you")
    stamp = hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:16]
    country = values.get("holidays.country", "")
    return Effective(
        config=Config.parse(_raw(base, values)),
        country=country if isinstance(country, str) else "",
        observed=_observed(values.get("holidays.observed", [])),
        stamp=stamp,
        entries=sorted(entries.values(), key=lambda e: e.key),
    )


def organisation(team: TeamDirectory) -> list[Entry]:
    """The organisation's settings, as an admin sees them."""
    return [Entry(k, v, o, "organisation") for k, v, o in team.org_settings()]


def _admin(user: User | None) -> None:
    # None: the operator at the command line
    if user is not None and (user.role is not Role.ADMIN or user.disabled):
        raise Refused("not allowed: only an admin sets the organisation's settings")


def set_org(
    team: TeamDirectory, holidays: HolidayCalendar, now: datetime, key: str, value: Any, *,
    overridable: bool = False, actor: User | None = None,
) -> Entry:  # fmt: skip
    """Set one organisation default, and whether candidates may override it."""
    _admin(actor)
    name, stored = check(key, value, holidays)
    team.set_org_setting(name, stored, overridable, now)
    users.record(team, actor, "changed a setting", name, now)
    return Entry(name, stored, overridable, "organisation")


def unset_org(team: TeamDirectory, key: str, *, actor: User | None = None) -> None:
    _admin(actor)
    team.drop_org_setting(_check_key(key))


def set_own(
    team: TeamDirectory, holidays: HolidayCalendar, now: datetime, user: User, key: str,
    value: Any,
) -> Entry:  # fmt: skip
    """A candidate's own value for a setting the organisation lets candidates override."""
    if user.role is not Role.CANDIDATE or user.account_id is None:
        raise Refused("not allowed: only a candidate has settings of their own")
    name, stored = check(key, value, holidays)
    allowed = {k for k, _, o in team.org_settings() if o}
    if name not in allowed:
        raise Refused(f"not allowed: your organisation sets {name} for everyone")
    team.set_candidate_setting(user.account_id, name, stored, now)
    return Entry(name, stored, True, "you")


def unset_own(team: TeamDirectory, user: User, key: str) -> None:
    if user.account_id is None:
        raise Refused("not allowed: only a candidate has settings of their own")
    team.drop_candidate_setting(user.account_id, _check_key(key))


class OrgHolidays:
    """A holiday calendar with the organisation's days off added to the recipient's: its
    observed days and its own country's public holidays (HolidayCalendar). Like every
    holiday, they apply where the recipient's country is known."""

    def __init__(self, base: HolidayCalendar, country: str, observed: Mapping[date, str]) -> None:
        self.base, self.country, self.observed = base, country, dict(observed)

    def holiday(self, country: str, day: date) -> str | None:
        found = self.observed.get(day) or self.base.holiday(country, day)
        if found is None and self.country and self.country != country:
            found = self.base.holiday(self.country, day)
        return found

    def weekend(self, country: str) -> frozenset[int]:
        return self.base.weekend(country)

    def check_country(self, country: str) -> str:
        return self.base.check_country(country)

    def government_holiday(self, country: str, day: date) -> str | None:
        return self.base.government_holiday(country, day)
