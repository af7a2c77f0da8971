"""The JSON backup format: every record, as plain data, and back.

Export then import into an empty database then export again gives identical data.
Version 2 adds what later features keep beside the records (feed state, news items,
offer concerns, the outbox and the mails reply detection has looked at); version 1
files still load, with those sections empty. The format is documented in docs/backup.md.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from dataclasses import fields as dc_fields
from datetime import date, datetime
from enum import Enum
from types import UnionType
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from followup.domain.errors import ValidationError
from followup.domain.mail.outbox import OutboxEntry, RecipientResult
from followup.domain.network.news import FeedItem, FeedState
from followup.domain.network.offers import Offer
from followup.domain.records import fields as record_fields
from followup.domain.records import names
from followup.domain.records.followups import FollowUp, Message, Window
from followup.domain.records.model import (
    Application,
    Company,
    Contact,
    Interview,
    Participant,
    Profile,
    Snapshot,
    StageChange,
)
from followup.domain.records.panel import check_panel
from followup.domain.records.zones import check_zone

FORMAT = "followup-backup"
VERSION = 2
READS = (1, 2)  # versions `from_data` accepts


@dataclass(frozen=True, slots=True, kw_only=True)
class SeenMail:
    """An incoming mail that reply detection has already looked at, and when."""

    key: str  # "imap:<folder>:<uidvalidity>:<uid>" or "msgid:<id>"
    seen_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Backup:
    """Everything a backup holds: the Store's records and what lives beside them."""

    records: Snapshot = field(default_factory=Snapshot)
    feed_states: tuple[FeedState, ...] = ()
    news_items: tuple[FeedItem, ...] = ()
    offers: tuple[Offer, ...] = ()
    outbox: tuple[OutboxEntry, ...] = ()
    imap_seen: tuple[SeenMail, ...] = ()


_RECORDS: dict[str, type] = {  # version 1: the Store's Snapshot
    "companies": Company,
    "contacts": Contact,
    "applications": Application,
    "interviews": Interview,
    "followups": FollowUp,
    "messages": Message,
}
_BESIDE: dict[str, type] = {  # version 2: the NewsStore's and the Outbox's rows
    "feed_states": FeedState,
    "news_items": FeedItem,
    "offers": Offer,
    "outbox": OutboxEntry,
    "imap_seen": SeenMail,
}


def to_data(backup: Backup) -> dict[str, Any]:
    """The backup as JSON-ready data (bytes as base64 text)."""
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    records = backup.records
    data["profile"] = _dump(records.profile) if records.profile else None
    for section in _RECORDS:
        data[section] = [_dump(record) for record in getattr(records, section)]
    for section in _BESIDE:
        data[section] = [_dump(record) for record in getattr(backup, section)]
    return data


def from_data(data: Mapping[str, Any]) -> Backup:
    """Validate backup data (version 1 or 2) and return it; errors name the record and key."""
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise ValidationError("format", f"not a followup backup (expected format {FORMAT!r})")
    version = data.get("version")
    if type(version) is not int or version not in READS:
        raise ValidationError("version", f"unsupported backup version {version!r}")
    sections = {**_RECORDS, **(_BESIDE if version >= 2 else {})}
    unknown = set(data) - {"format", "version", "profile", *sections}
    if unknown:
        raise ValidationError(sorted(unknown)[0], f"unknown section in a version {version} backup")
    problems: list[ValidationError] = []
    parts: dict[str, Any] = {}
    profile = data.get("profile")
    parts["profile"] = _try(problems, _load, Profile, profile, "profile") if profile else None
    for section, cls in sections.items():
        items = data.get(section, [])
        if not isinstance(items, list):
            raise ValidationError(section, "must be a list")
        loaded = (
            _try(problems, _load, cls, item, f"{section}[{i}]") for i, item in enumerate(items)
        )
        parts[section] = tuple(record for record in loaded if record is not None)
    beside = {name: parts.pop(name) for name in _BESIDE if name in parts}
    backup = Backup(records=Snapshot(**parts), **beside)
    if not problems:  # references are checked between records that all loaded
        problems += validate(backup)
        _try(problems, _check, backup)
    if problems:
        raise _every(problems)
    return backup


_MAX_LISTED = 10


def _every(problems: Sequence[ValidationError]) -> ValidationError:
    """Every bad record in one line: the first as the error, the others listed after it."""
    first, rest = problems[0], problems[1:]
    if not rest:
        return first
    listed = "; ".join(f"{p.field}: {p.problem}" for p in rest[:_MAX_LISTED])
    more = f"; and {len(rest) - _MAX_LISTED} more" if len(rest) > _MAX_LISTED else ""
    return ValidationError(first.field, f"{first.problem} (and {len(rest)} more: {listed}{more})")


def _try(problems: list[ValidationError], check: Callable[..., _R], *args: Any) -> _R | None:
    try:
        return check(*args)
    except ValidationError as exc:
        problems.append(exc)
        return None


def validate(backup: Backup) -> list[ValidationError]:
    """The backup's records through the validators typed input meets (issue 17 §2): emails,
    zones, countries, lists of strings, rounds, panels, and every reference between records,
    each problem naming its entry and key (`contacts[3].email`)."""
    problems: list[ValidationError] = []
    records = backup.records

    def check(function: Callable[..., object], path: str, *args: Any) -> None:
        _try(problems, function, path, *args)

    if records.profile is not None:
        p = records.profile
        check(record_fields.one_line, "profile.name", p.name)
        check(record_fields.email, "profile.email", p.email)
        _zone(problems, "profile.tz", p.tz)
        check(record_fields.country, "profile.country", p.country)
        check(_strings, "profile.skills", p.skills)
    companies = _ids(problems, "companies", records.companies)
    contacts = _ids(problems, "contacts", records.contacts)
    applications = _ids(problems, "applications", records.applications)
    interviews = _ids(problems, "interviews", records.interviews)
    followups = _ids(problems, "followups", records.followups)
    for i, company in enumerate(records.companies):
        at = f"companies[{i}]"
        check(record_fields.one_line, f"{at}.name", company.name)
        _zone(problems, f"{at}.tz", company.tz, required=False)
        check(record_fields.country, f"{at}.country", company.country)
        check(_strings, f"{at}.feeds", company.feeds)
    for i, contact in enumerate(records.contacts):
        at = f"contacts[{i}]"
        check(record_fields.one_line, f"{at}.name", contact.name)
        check(record_fields.email, f"{at}.email", contact.email)
        _zone(problems, f"{at}.tz", contact.tz, required=False)
        check(record_fields.country, f"{at}.country", contact.country)
        check(_strings, f"{at}.observes", contact.observes)
        _link(problems, f"{at}.company_id", contact.company_id, companies, "company")
    for i, app in enumerate(records.applications):
        check(record_fields.one_line, f"applications[{i}].role", app.role)
        _link(problems, f"applications[{i}].company_id", app.company_id, companies, "company")
    for i, interview in enumerate(records.interviews):
        at = f"interviews[{i}]"
        _zone(problems, f"{at}.tz", interview.tz)
        check(record_fields.round_number, f"{at}.round", interview.round)
        check(check_panel, f"{at}.interviewers", len(interview.interviewers))
        for name in ("topics", "projects", "skills"):
            check(_strings, f"{at}.{name}", getattr(interview, name))
        _link(
            problems, f"{at}.application_id", interview.application_id, applications, "application"
        )
        _link(problems, f"{at}.coordinator_id", interview.coordinator_id, contacts, "contact")
        for j, person in enumerate(interview.interviewers):
            _link(
                problems,
                f"{at}.interviewers[{j}].contact_id",
                person.contact_id,
                contacts,
                "contact",
            )
            check(_strings, f"{at}.interviewers[{j}].topics", person.topics)
    for i, followup in enumerate(records.followups):
        at = f"followups[{i}]"
        _link(
            problems, f"{at}.application_id", followup.application_id, applications, "application"
        )
        _link(problems, f"{at}.interview_id", followup.interview_id, interviews, "interview")
        _link(problems, f"{at}.contact_id", followup.contact_id, contacts, "contact")
    for i, message in enumerate(records.messages):
        at = f"messages[{i}]"
        _link(problems, f"{at}.contact_id", message.contact_id, contacts, "contact")
        _link(problems, f"{at}.application_id", message.application_id, applications, "application")
        _link(problems, f"{at}.followup_id", message.followup_id, followups, "follow-up")
    return problems


def _ids(problems: list[ValidationError], section: str, records: Sequence[Any]) -> set[int]:
    """The ids of a section; a repeated id is a problem (the store would refuse it raw)."""
    seen: set[int] = set()
    for i, record in enumerate(records):
        if record.id is not None and record.id in seen:
            problems.append(ValidationError(f"{section}[{i}].id", "duplicates an earlier record"))
        if record.id is not None:
            seen.add(record.id)
    return seen


def _link(
    problems: list[ValidationError], path: str, value: int | None, known: set[int], kind: str
) -> None:
    if value is not None and value not in known:
        problems.append(ValidationError(path, f"no {kind} {value} in this backup"))


def _zone(problems: list[ValidationError], path: str, value: str, *, required: bool = True) -> None:
    if value or required:
        _try(problems, check_zone, value, path)


def _strings(path: str, values: Sequence[object]) -> None:
    for i, item in enumerate(values):
        if not isinstance(item, str):
            raise ValidationError(f"{path}[{i}]", "must be a string")


def counts(backup: Backup) -> dict[str, int]:
    """How many records of each kind, by section name."""
    found = {section: len(getattr(backup.records, section)) for section in _RECORDS}
    found.update({section: len(getattr(backup, section)) for section in _BESIDE})
    return found


def _check(backup: Backup) -> None:
    """Refuse the new sections' dangling references and duplicates, naming the record, so
    both stores reject the same files (SQLite would only say "constraint failed")."""
    records = backup.records
    for i, contact in enumerate(records.contacts):  # as `contact edit` checks them (issue 15)
        for part, limit in _NAME_PARTS.items():
            names.check_part(f"contacts[{i}].{part}", getattr(contact, part), limit=limit)
    companies = {c.id for c in records.companies}
    applications = {a.id for a in records.applications}
    followups = {f.id for f in records.followups}
    for i, state in enumerate(backup.feed_states):
        _refers(f"feed_states[{i}].company_id", state.company_id, companies, "company")
    for i, item in enumerate(backup.news_items):
        _refers(f"news_items[{i}].company_id", item.company_id, companies, "company")
    for i, offer in enumerate(backup.offers):
        _refers(f"offers[{i}].application_id", offer.application_id, applications, "application")
    for i, entry in enumerate(backup.outbox):
        if entry.followup_id is not None:
            _refers(f"outbox[{i}].followup_id", entry.followup_id, followups, "follow-up")
    _unique("feed_states", backup.feed_states, "url", lambda s: (s.company_id, s.url))
    _unique("news_items", backup.news_items, "id", lambda n: n.id)
    _unique("news_items", backup.news_items, "key", lambda n: (n.company_id, n.key))
    _unique("offers", backup.offers, "application_id", lambda o: o.application_id)
    _unique("outbox", backup.outbox, "id", lambda e: e.id)
    _unique("outbox", backup.outbox, "message_id", lambda e: e.message_id)
    _unique("outbox", backup.outbox, "followup_id", lambda e: e.followup_id)
    _unique("imap_seen", backup.imap_seen, "key", lambda s: s.key)


_NAME_PARTS = {
    "honorific": names.HONORIFIC_MAX,
    "given_name": names.PART_MAX,
    "family_name": names.PART_MAX,
    "salutation": names.PART_MAX,
}


def _refers(path: str, value: int, known: set[int | None], kind: str) -> None:
    if value not in known:
        raise ValidationError(path, f"no {kind} {value} in this backup")


_R = TypeVar("_R")


def _unique(
    section: str, records: Sequence[_R], name: str, key: Callable[[_R], Hashable | None]
) -> None:
    seen: set[Hashable] = set()
    for i, record in enumerate(records):
        value = key(record)
        if value is None:  # no id yet: the store gives one
            continue
        if value in seen:
            raise ValidationError(f"{section}[{i}].{name}", "duplicates an earlier record")
        seen.add(value)


def _dump(value: Any) -> Any:
    if isinstance(value, bytes):  # raw messages: exactly the bytes that were (or will be) sent
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_dump(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _dump(getattr(value, f.name)) for f in dc_fields(value)}
    return value


_T = TypeVar("_T")
_NESTED: dict[str, type] = {
    "history": StageChange,
    "interviewers": Participant,
    "window": Window,
    "results": RecipientResult,
}


def _load(cls: type[_T], data: Any, path: str) -> _T:
    if not isinstance(data, Mapping):
        raise ValidationError(path, "must be an object")
    hints = get_type_hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dc_fields(cls):  # type: ignore[arg-type]
        if f.name not in data:
            continue
        kwargs[f.name] = _convert(hints[f.name], data[f.name], f"{path}.{f.name}", f.name)
    unknown = set(data) - {f.name for f in dc_fields(cls)}  # type: ignore[arg-type]
    if unknown:
        raise ValidationError(f"{path}.{sorted(unknown)[0]}", "unknown key")
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise ValidationError(path, f"incomplete record ({exc})") from None


def _convert(hint: Any, value: Any, path: str, name: str) -> Any:
    optional = get_origin(hint) in (UnionType, Union) and type(None) in get_args(hint)
    if value is None:
        if not optional:
            raise ValidationError(path, "must not be null")
        return None
    if name in _NESTED:
        nested = _NESTED[name]
        if isinstance(value, list):
            return tuple(_load(nested, v, f"{path}[{i}]") for i, v in enumerate(value))
        return _load(nested, value, path)
    target = hint
    if get_origin(hint) in (UnionType, Union):
        target = next(a for a in get_args(hint) if a is not type(None))
    if get_origin(target) is tuple:
        if not isinstance(value, list):
            raise ValidationError(path, "must be a list")
        return tuple(value)
    if target is bytes:
        if not isinstance(value, str):
            raise ValidationError(path, "must be base64 text")
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError(path, "invalid base64") from None
    parser: Callable[[Any], Any] | None = None
    if target is datetime:
        parser = datetime.fromisoformat
    elif target is date:
        parser = date.fromisoformat
    elif isinstance(target, type) and issubclass(target, Enum):
        parser = target
    if parser is not None:
        try:
            parsed = parser(value)
        except (ValueError, TypeError):
            raise ValidationError(path, f"invalid value {value!r}") from None
        if isinstance(parsed, datetime) and parsed.tzinfo is None:
            raise ValidationError(path, "needs a UTC offset")
        if isinstance(parsed, date):
            record_fields.in_range(path, parsed)
        return parsed
    if target in (int, str, bool) and not isinstance(value, target):
        raise ValidationError(path, f"must be {target.__name__}")
    if isinstance(value, str):
        record_fields.unicode_text(path, value)
    if target is int and not -(2**63) <= value < 2**63:
        raise ValidationError(path, f"{value} is out of range for a stored number")
    return value
