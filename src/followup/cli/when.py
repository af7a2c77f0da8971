"""`followup when`: the timing of one follow-up after one interview, as a pure command."""

from __future__ import annotations

import textwrap
from datetime import datetime
from zoneinfo import ZoneInfo

import click

from followup.cli import console
from followup.cli.options import get_app, json_option, parse_day, parse_when
from followup.domain.errors import ValidationError
from followup.domain.records.model import Pace
from followup.domain.records.zones import check_zone
from followup.domain.timing.sectors import Sector
from followup.domain.timing.windows import Timing
from followup.domain.timing.wording import city
from followup.services.timing import when as timing_service

PACES = [p.value for p in Pace]
KINDS = [k.value for k in timing_service.KINDS]
SECTORS = [s.value for s in Sector]
_SAID = ("Not before ", "No later than ")


def _friendly(result: Timing, recipient_tz: str, interview_tz: str, preferred_end: str) -> str:
    """One paragraph: when to send, the bounds, then the reasons."""
    rec = result.recommended
    place = city(recipient_tz)
    span = f"{rec:%H:%M}–{preferred_end}" if f"{rec:%H:%M}" < preferred_end else f"{rec:%H:%M}"
    head = f"Send it {rec:%A} {rec.day} {rec:%b}, {span} {place} time"
    if interview_tz != recipient_tz:
        there = rec.astimezone(ZoneInfo(interview_tz))
        head += f" ({there:%a %H:%M} {city(interview_tz)} time)"
    earliest, latest = result.earliest, result.latest
    head += (
        f"; not before {earliest:%a} {earliest.day} {earliest:%b %H:%M}, "
        f"no later than {latest:%A} {latest.day} {latest:%b %H:%M}."
    )
    # The bounds are in the first sentence already; keep the reasons that add something.
    extra = [r for r in result.reasons if not r.startswith(_SAID)]
    text = " ".join((head, *extra))
    return textwrap.fill(console.safe(text), width=100)


@click.command("when")
@click.option(
    "--interview-end",
    required=True,
    help="When the interview ended: ISO 8601 (2026-11-24T15:00) or a phrase.",
)
@click.option(
    "--tz", help="Zone of --interview-end when it has no offset; the default recipient zone."
)
@click.option("--recipient-tz", help="The recipient's zone (default: --tz).")
@click.option("--industry", help="The company's industry; sets the pace (see docs/policy.md).")
@click.option("--pace", type=click.Choice(PACES), help="Set the pace directly instead.")
@click.option("--country", help="The recipient's holiday calendar (ISO code, e.g. US, GB, JP).")
@click.option(
    "--sector",
    type=click.Choice(SECTORS),
    help="The employer's sector; public, nonprofit and education keep government-only "
    "holidays. Default: read from --industry and --company.",
)
@click.option("--company", default="", help="The company's name, read for its sector.")
@click.option(
    "--decision-by",
    help="The date they said they would decide (ISO 8601 or a phrase); "
    "a same-day or next-morning decision moves the thank-you before it.",
)
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    default="thank-you",
    show_default=True,
    help="Which follow-up to time.",
)
@click.option("--informational", is_flag=True, help="It was an informational meeting (TIMING-006).")
@json_option
def when(
    interview_end: str,
    tz: str | None,
    recipient_tz: str | None,
    industry: str | None,
    pace: str | None,
    country: str | None,
    sector: str | None,
    company: str,
    decision_by: str | None,
    kind: str,
    informational: bool,
    as_json: bool,
) -> None:
    """When to send a follow-up after an interview: earliest, recommended and latest.

    The recommended time falls in the recipient's business hours (09:00-11:30 preferred) on
    a working day of their employer, skipping weekends and the holidays it keeps.

    \b
    Example:
      followup when --interview-end 2026-11-24T15:00 --tz America/New_York \\
          --recipient-tz Europe/London --industry tech
    """
    if industry is not None and pace is not None:
        raise click.UsageError("give --industry or --pace, not both")
    app = get_app()
    interview_tz = check_zone(tz, "--tz") if tz else None
    recipient = check_zone(recipient_tz, "--recipient-tz") if recipient_tz else interview_tz
    if recipient is None:
        raise ValidationError("--tz", "give the interview's zone, e.g. --tz America/New_York")
    if interview_tz is None and not _has_offset(interview_end):
        raise ValidationError("--tz", "the interview end has no UTC offset; give its zone")
    interview_tz = interview_tz or recipient
    now = app.clock.now()
    end = parse_when(interview_end, interview_tz, now, "--interview-end")
    decision = parse_day(decision_by, recipient, now, "--decision-by") if decision_by else None
    question = timing_service.Question(
        end=end,
        recipient_tz=recipient,
        industry=industry,
        pace=pace,
        country=country,
        decision_by=decision,
        kind=kind,
        informational=informational,
        sector=sector,
        company=company,
    )
    result = timing_service.when(app, question)
    if as_json:
        console.emit_json(
            {
                "earliest": result.earliest.isoformat(),
                "recommended": result.recommended.isoformat(),
                "latest": result.latest.isoformat(),
                "pace": result.pace.value,
                "reasons": list(result.reasons),
            }
        )
        return
    preferred_end = f"{app.policies.default.preferred_end:%H:%M}"
    console.out(_friendly(result, recipient, interview_tz, preferred_end))


def _has_offset(text: str) -> bool:
    try:
        parsed = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return False
    return parsed.tzinfo is not None
