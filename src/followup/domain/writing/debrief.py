"""The debrief file: one interview with its company, role, people and topics.

The schema is documented in docs/debrief.md. The same file feeds
`interview add --from`, `compose --context` and `lint --context`.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from followup.domain.errors import ValidationError
from followup.domain.records import fields
from followup.domain.records import names as personal
from followup.domain.records.followups import Kind
from followup.domain.records.model import InterviewKind, Pace
from followup.domain.records.panel import check_panel
from followup.domain.records.rounds import parse_round
from followup.domain.records.zones import check_zone, offset_label, zone
from followup.domain.writing.context import NoteContext, Person

# The structured name of a person (issue 15), next to the free-form `name`.
_NAME_KEYS = ("honorific", "given_name", "family_name", "name_order", "salutation")

_KEYS: dict[str, set[str]] = {
    "": {
        "candidate",
        "company",
        "role",
        "interview",
        "interviewers",
        "coordinator",
        "topics",
        "projects",
        "skills",
        "decision_by",
        "next_step",
        "notes",
    },
    "candidate": {"name", "email", "skills", "signature"},
    "company": {"name", "article", "industry", "country", "tz", "domain", "pace"},
    "interview": {"start", "end", "tz", "round", "kind"},
    "interviewers": {"name", "email", "title", "tz", "country", "topics", *_NAME_KEYS},
    "coordinator": {"name", "email", "title", *_NAME_KEYS},
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Debrief:
    """A parsed, validated debrief file."""

    candidate_name: str = ""
    candidate_email: str = ""
    candidate_skills: tuple[str, ...] = ()
    signature: str = ""
    company: str
    company_article: bool | None = None
    industry: str = ""
    country: str = ""
    company_tz: str = ""
    domain: str = ""
    pace: Pace | None = None
    role: str
    start: datetime | None = None
    end: datetime
    tz: str
    round: int = 1
    kind: InterviewKind = InterviewKind.VIDEO
    interviewers: tuple[Person, ...] = ()
    coordinator: Person | None = None
    topics: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    decision_by: date | None = None
    next_step: str = ""
    notes: str = ""

    def recipient(self, to: str | None) -> Person | None:
        """The interviewer `to` names (name or email, case-insensitive), else the first."""
        if not self.interviewers:
            return None
        if not to:
            return self.interviewers[0]
        wanted = to.casefold().strip()
        for person in self.interviewers:
            if wanted in (person.name.casefold(), person.email.casefold()):
                return person
        for person in self.interviewers:
            if wanted in person.name.casefold():
                return person
        names = ", ".join(p.name for p in self.interviewers)
        raise ValidationError("--to", f"no interviewer called {to!r} (there are: {names})")

    def context(
        self, to: str | None = None, *, kind: Kind = Kind.THANK_YOU, **extra: Any
    ) -> NoteContext:
        """The note context for one person, the one mapping compose and lint use: the
        coordinator when `to` names them (name or email) or for coordinator thanks without
        `to`, else the interviewer `to` names, else the first. `others` is everyone else
        met that day, which the wrong-name rule reads: every interviewer, for the coordinator.
        """
        coordinator = self.coordinator
        if coordinator is not None and (
            _names(coordinator, to) if to else kind is Kind.COORDINATOR_THANKS
        ):
            recipient: Person | None = coordinator
            others = self.interviewers
        else:
            recipient = self.recipient(to)
            others = tuple(p for p in self.interviewers if p is not recipient)
        return NoteContext(
            candidate_name=self.candidate_name,
            candidate_email=self.candidate_email,
            signature=self.signature,
            company=self.company,
            company_article=self.company_article,
            industry=self.industry,
            pace=self.pace,
            role=self.role,
            recipient=recipient,
            others=others,
            topics=self.topics,
            projects=self.projects,
            skills=self.skills or self.candidate_skills,
            interview_end=self.end,
            interview_kind=self.kind.value,
            interview_round=self.round,
            decision_by=self.decision_by,
            **extra,
        )


def _names(person: Person, to: str) -> bool:
    """True when `to` is the person's name or email (case-insensitive)."""
    wanted = to.casefold().strip()
    return wanted in (person.name.casefold(), person.email.casefold())


def parse(data: Mapping[str, Any]) -> Debrief:
    """Validate a decoded debrief (TOML or JSON) and return it; errors name the key."""
    _check_keys("", data)
    company = _table(data, "company", required=True)
    interview = _table(data, "interview", required=True)
    candidate = _table(data, "candidate")
    _check_keys("company", company)
    _check_keys("interview", interview)
    _check_keys("candidate", candidate)

    tz_raw = _str(interview, "interview.tz")
    tz = check_zone(tz_raw, "interview.tz") if tz_raw else ""
    end = _instant(interview, "interview.end", tz, required=True)
    assert end is not None
    start = _instant(interview, "interview.start", tz)
    fields.after("interview.end", start, end)
    if not tz:
        tz = _zone_of(end)

    people = data.get("interviewers", [])
    if not isinstance(people, list):
        raise ValidationError("interviewers", "must be a list of tables ([[interviewers]])")
    check_panel("interviewers", len(people))  # before reading 10,000 of them
    interviewers = tuple(_person(p, f"interviewers[{i}]") for i, p in enumerate(people))
    coordinator_data = _table(data, "coordinator")
    _check_keys("coordinator", coordinator_data)
    coordinator = _person(coordinator_data, "coordinator") if coordinator_data else None

    kind_raw = _str(interview, "interview.kind") or InterviewKind.VIDEO.value
    try:
        kind = InterviewKind(kind_raw.lower())
    except ValueError:
        choices = ", ".join(k.value for k in InterviewKind)
        raise ValidationError("interview.kind", f"{kind_raw!r} is not one of {choices}") from None
    round_number = parse_round("interview.round", interview.get("round", 1))

    pace_raw = _str(company, "company.pace")
    try:
        pace = Pace(pace_raw.lower()) if pace_raw else None
    except ValueError:
        raise ValidationError("company.pace", "must be fast, standard or relaxed") from None
    decision_by = _day(data, "decision_by")
    if decision_by is not None and decision_by < end.date():
        raise ValidationError(
            "decision_by", f"{decision_by} is before the interview ({end.date()})"
        )
    company_tz = _str(company, "company.tz")
    article = company.get("article")
    if article is not None and not isinstance(article, bool):
        raise ValidationError("company.article", "must be true or false")
    return Debrief(
        candidate_name=fields.name(
            "candidate.name", _str(candidate, "candidate.name"), required=False
        ),
        candidate_email=fields.email("candidate.email", _str(candidate, "candidate.email")),
        candidate_skills=fields.tags("candidate.skills", candidate.get("skills", [])),
        signature=fields.notes(
            "candidate.signature", _str(candidate, "candidate.signature"), limit=2_000
        ),
        company=fields.name("company.name", _required(company, "company.name")),
        company_article=article,
        industry=fields.line("company.industry", _str(company, "company.industry"), limit=100),
        country=fields.country("company.country", _str(company, "company.country")),
        company_tz=check_zone(company_tz, "company.tz") if company_tz else "",
        domain=fields.line("company.domain", _str(company, "company.domain"), limit=253).lower(),
        pace=pace,
        role=fields.line(
            "role", fields.one_line("role", _required(data, "role")), limit=200, required=True
        ),
        start=start,
        end=end,
        tz=tz,
        round=round_number,
        kind=kind,
        interviewers=interviewers,
        coordinator=coordinator,
        topics=fields.tags("topics", data.get("topics", [])),
        projects=fields.tags("projects", data.get("projects", [])),
        skills=fields.tags("skills", data.get("skills", [])),
        decision_by=decision_by,
        next_step=fields.line("next_step", _str(data, "next_step")),
        notes=fields.notes("notes", _str(data, "notes")),
    )


def _check_keys(where: str, data: Mapping[str, Any]) -> None:
    allowed = _KEYS[where]
    for key in data:
        if key not in allowed:
            path = f"{where}.{key}" if where else key
            close = difflib.get_close_matches(key, sorted(allowed), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValidationError(path, f"unknown key{hint}")


def _table(data: Mapping[str, Any], key: str, *, required: bool = False) -> Mapping[str, Any]:
    value = data.get(key)
    if value is None:
        if required:
            raise ValidationError(key, "missing required table")
        return {}
    if not isinstance(value, Mapping):
        raise ValidationError(key, "must be a table")
    return value


def _str(data: Mapping[str, Any], path: str) -> str:
    value = data.get(path.rsplit(".", 1)[-1], "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(path, "must be a string")
    return value


def _required(data: Mapping[str, Any], path: str) -> str:
    key = path.rsplit(".", 1)[-1]
    if key not in data or data[key] in (None, ""):
        raise ValidationError(path, "missing required key")
    return _str(data, path)


def _person(data: object, path: str) -> Person:
    if not isinstance(data, Mapping):
        raise ValidationError(path, "must be a table with at least a name")
    _check_keys("interviewers" if path.startswith("interviewers") else "coordinator", data)
    tz = _str(data, f"{path}.tz")
    return Person(
        name=fields.name(f"{path}.name", _required(data, f"{path}.name")),
        email=fields.email(f"{path}.email", _str(data, f"{path}.email")),
        title=fields.line(f"{path}.title", _str(data, f"{path}.title"), limit=200),
        tz=check_zone(tz, f"{path}.tz") if tz else "",
        country=fields.country(f"{path}.country", _str(data, f"{path}.country")),
        topics=fields.tags(f"{path}.topics", data.get("topics", [])),
        honorific=_short(data, f"{path}.honorific", personal.HONORIFIC_MAX),
        given_name=_short(data, f"{path}.given_name", personal.PART_MAX),
        family_name=_short(data, f"{path}.family_name", personal.PART_MAX),
        name_order=_name_order(data, path),
        salutation=_short(data, f"{path}.salutation", personal.PART_MAX),
    )


def _short(data: Mapping[str, Any], path: str, limit: int) -> str:
    """One of the structured name parts, checked as a contact's is (one line, no < or >,
    short) but named by its debrief key, so `interview add --from` never blames a flag."""
    return personal.check_part(path, _str(data, path), limit=limit)


def _name_order(data: Mapping[str, Any], path: str) -> str:
    key = f"{path}.name_order"
    return personal.check_order(key, _str(data, key)).value


def _instant(
    data: Mapping[str, Any], path: str, tz: str, *, required: bool = False
) -> datetime | None:
    key = path.rsplit(".", 1)[-1]
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise ValidationError(path, "missing required key")
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError(
                path, f"{value!r} is not an ISO 8601 date-time such as 2026-11-24T15:00-05:00"
            ) from None
    if isinstance(value, date) and not isinstance(value, datetime):
        raise ValidationError(path, "needs a time as well as a date")
    if not isinstance(value, datetime):
        raise ValidationError(path, "must be an ISO 8601 date-time")
    if value.tzinfo is None:
        if not tz:
            raise ValidationError(path, "has no UTC offset; add one or set interview.tz")
        value = value.replace(tzinfo=zone(tz, "interview.tz"))
    return fields.in_range(path, value)


def _day(data: Mapping[str, Any], key: str) -> date | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return fields.in_range(key, value.date())
    if isinstance(value, date):
        return fields.in_range(key, value)
    if isinstance(value, str):
        try:
            return fields.in_range(key, date.fromisoformat(value.strip()))
        except ValueError:
            raise ValidationError(key, f"{value!r} is not a date such as 2026-12-05") from None
    raise ValidationError(key, "must be a date")


def _zone_of(moment: datetime) -> str:
    """A zone for an instant that only carries an offset: the fixed zone of a whole-hour
    offset, never UTC in disguise; a half-hour offset names no zone, so it is refused."""
    offset = moment.utcoffset()
    if offset is None or offset.total_seconds() == 0:
        return "UTC"
    hours, rest = divmod(int(offset.total_seconds()), 3600)
    if rest == 0 and -12 <= hours <= 14:
        # POSIX Etc zones invert the sign: Etc/GMT+5 is UTC-05:00.
        return f"Etc/GMT{-hours:+d}"
    raise ValidationError(
        "interview.tz",
        f"interview.end gives the offset {offset_label(offset)}, which names no time zone; "
        'add tz, e.g. tz = "Asia/Kolkata"',
    )
