"""The `when` use case: the window of one follow-up after one interview, from flags alone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from followup.domain.errors import ValidationError
from followup.domain.records.followups import Kind
from followup.domain.records.model import Pace
from followup.domain.records.zones import check_zone, zone_country
from followup.domain.timing import windows as timing
from followup.domain.timing.calendar import BusinessCalendar
from followup.domain.timing.policy import PaceChoice, Policies, Policy
from followup.domain.timing.sectors import Sector, sector_of
from followup.domain.timing.windows import Timing

if TYPE_CHECKING:
    from followup.services.deps import Deps

# The kinds `when` answers from an interview alone; the others need an offer or a reply.
KINDS = (Kind.THANK_YOU, Kind.COORDINATOR_THANKS, Kind.STATUS_CHECK)


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    """What `followup when` asks: one interview, one recipient, one kind of message."""

    end: datetime
    recipient_tz: str
    industry: str | None = None
    pace: str | None = None
    country: str | None = None
    decision_by: date | None = None
    kind: str = Kind.THANK_YOU.value
    informational: bool = False
    sector: str | None = None
    company: str = ""  # the company's name, read for its sector ("Department of ...")


def _kind(text: str) -> Kind:
    try:
        kind = Kind(text.strip().lower())
    except ValueError:
        kind = None
    if kind not in KINDS:
        names = ", ".join(k.value for k in KINDS)
        raise ValidationError("--kind", f"must be one of {names}, not {text!r}")
    return kind


def _sector(q: Question) -> tuple[Sector, str]:
    if q.sector:
        try:
            chosen = Sector(q.sector.strip().lower())
        except ValueError:
            names = ", ".join(s.value for s in Sector)
            raise ValidationError("--sector", f"must be one of {names}, not {q.sector!r}") from None
        return chosen, f"Employer sector: {chosen}, as you chose"
    found = sector_of(q.industry or "", q.company)
    if found is Sector.PRIVATE:
        return found, "Employer sector: private (the default)"
    return found, f"Employer sector: {found}, from its industry or name"


def _pace(q: Question, effective: Policy) -> PaceChoice:
    if q.pace is not None:
        try:
            chosen = Pace(q.pace.strip().lower())
        except ValueError:
            raise ValidationError(
                "--pace", f"must be fast, standard or relaxed, not {q.pace!r}"
            ) from None
        return PaceChoice(chosen, f"You chose the {chosen} pace.")
    if q.industry is not None and q.industry.strip():
        return effective.pace_for(q.industry)
    return PaceChoice(Pace.STANDARD, "No industry given, so the standard pace applies.")


def when(deps: Deps, question: Question) -> Timing:
    """The window of one follow-up after an interview that ended at `question.end`, in the
    recipient's zone.

    `country` picks the holiday calendar; without it, the zone's country is used when the
    zone belongs to exactly one. `pace` wins over `industry`; neither means standard. The
    sector (given, or read from the industry and company name) decides whether
    government-only holidays are days off.
    """
    policy, holidays = deps.policies, deps.holidays
    q = question
    end = q.end
    if end.tzinfo is None or end.utcoffset() is None:
        raise ValidationError("--interview-end", "needs a UTC offset or --tz")
    if q.industry is not None and q.pace is not None:
        raise ValidationError("--pace", "give --industry or --pace, not both")
    kind = _kind(q.kind)
    zone_key = check_zone(q.recipient_tz, "--recipient-tz")
    effective = policy.default if isinstance(policy, Policies) else policy
    if q.decision_by is not None:
        local_end = end.astimezone(ZoneInfo(zone_key)).date()
        if q.decision_by < local_end:
            raise ValidationError(
                "--decision-by",
                f"{q.decision_by.isoformat()} is before the interview ({local_end.isoformat()})",
            )
    if kind is Kind.STATUS_CHECK and q.informational:
        raise ValidationError(
            "--kind",
            "an informational meeting gets a thank-you and no status check: there is no "
            "process to ask about (TIMING-006)",
        )
    sector, sector_text = _sector(q)
    notes: list[str] = []
    if q.country:
        try:
            code = holidays.check_country(q.country)
        except ValidationError as exc:
            raise ValidationError("--country", exc.problem) from None
        notes.append(f"Public holidays: {code}. {sector_text}.")
    else:
        code = zone_country(zone_key) or ""
        if code:
            notes.append(
                f"Public holidays: {code}, from the recipient's zone {zone_key}. {sector_text}."
            )
        else:
            notes.append(
                f"No single country uses {zone_key}, so only weekends are skipped; "
                "give --country for public holidays."
            )
    cal = BusinessCalendar(ZoneInfo(zone_key), code, effective, holidays, sector)
    if kind is Kind.STATUS_CHECK:
        result = timing.status_check(end, cal, decision_by=q.decision_by)
        return Timing(
            result.earliest,
            result.recommended,
            result.latest,
            result.pace,
            (*notes, *result.reasons),
        )
    choice = _pace(q, effective)
    result = timing.thank_you(
        end, cal, choice, informational=q.informational, decision_by=q.decision_by
    )
    lead: tuple[str, ...] = ()
    if kind is Kind.COORDINATOR_THANKS:
        lead = ("A short thank-you to the coordinator, on the same timing (TIMING-005).",)
    return Timing(
        result.earliest,
        result.recommended,
        result.latest,
        result.pace,
        (*lead, *result.reasons[:1], *notes, *result.reasons[1:]),
    )
