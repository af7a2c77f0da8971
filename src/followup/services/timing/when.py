"""The `when` use case: the thank-you window for one interview, from flags alone."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from followup.domain.errors import ValidationError
from followup.domain.records.model import Pace
from followup.domain.records.zones import check_zone, zone_country
from followup.domain.timing import windows as timing
from followup.domain.timing.policy import PaceChoice, Policies
from followup.domain.timing.windows import BusinessCalendar, Timing

if TYPE_CHECKING:
    from followup.services.deps import Deps


def when(
    deps: Deps,
    *,
    end: datetime,
    recipient_tz: str,
    industry: str | None = None,
    pace: str | None = None,
    country: str | None = None,
) -> Timing:
    """The thank-you window after an interview that ended at `end`, in the recipient's zone.

    `country` picks the holiday calendar; without it, the zone's country is used when the
    zone belongs to exactly one. `pace` wins over `industry`; neither means standard.
    """
    policy, holidays = deps.policies, deps.holidays
    if end.tzinfo is None or end.utcoffset() is None:
        raise ValidationError("--interview-end", "needs a UTC offset or --tz")
    if industry is not None and pace is not None:
        raise ValidationError("--pace", "give --industry or --pace, not both")
    zone_key = check_zone(recipient_tz, "--recipient-tz")
    effective = policy.default if isinstance(policy, Policies) else policy
    notes: list[str] = []
    if country:
        try:
            code = holidays.check_country(country)
        except ValidationError as exc:
            raise ValidationError("--country", exc.problem) from None
        notes.append(f"Public holidays: {code}.")
    else:
        code = zone_country(zone_key) or ""
        if code:
            notes.append(f"Public holidays: {code}, from the recipient's zone {zone_key}.")
        else:
            notes.append(
                f"No single country uses {zone_key}, so only weekends are skipped; "
                "give --country for public holidays."
            )
    if pace is not None:
        try:
            chosen = Pace(pace.strip().lower())
        except ValueError:
            raise ValidationError(
                "--pace", f"must be fast, standard or relaxed, not {pace!r}"
            ) from None
        choice = PaceChoice(chosen, f"You chose the {chosen} pace.")
    elif industry is not None and industry.strip():
        choice = effective.pace_for(industry)
    else:
        choice = PaceChoice(
            Pace.STANDARD, "No industry given, so the standard pace applies (24 to 48 hours)."
        )
    cal = BusinessCalendar(ZoneInfo(zone_key), code, effective, holidays)
    result = timing.thank_you(end, cal, choice)
    return Timing(
        result.earliest,
        result.recommended,
        result.latest,
        result.pace,
        (*result.reasons[:1], *notes, *result.reasons[1:]),
    )
