"""`followup offer`: record an offer, then accept or decline it."""

from __future__ import annotations

from typing import Any

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.options import json_option, parse_day, pass_app, user_zone
from followup.domain.records.model import Application
from followup.services.records import outcomes


class _OfferGroup(click.Group):
    """`offer APP_ID ...` records; `offer accept|decline APP_ID` answers."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["record", *args]
        return super().parse_args(ctx, args)


@click.group("offer", cls=_OfferGroup)
def offer() -> None:
    """Record an offer and what is still unclear, then accept or decline it.

    Recording plans the thank-you within one business day (it asks your open questions
    in one message) and a reminder halfway to the deadline. Accepting plans the
    confirmation and a withdrawal from every other open process; both plan gratitude
    notes to referrers and references.

    \b
    Examples:
      followup offer 3 --deadline 2026-12-04 --concern "start date" --concern "remote policy"
      followup offer accept 3
      followup offer decline 3
    """


def _show(application: Application, planned: int, extra: dict[str, Any], as_json: bool) -> None:
    if as_json:
        console.emit_json(
            {
                "application_id": application.id,
                "stage": application.stage.value,
                "decision_by": application.decision_by,
                **extra,
                "planned": planned,
            }
        )
        return
    console.out(
        f"Application {application.id} ({console.safe(application.role)}) is now "
        f"{application.stage}."
    )
    for key, value in extra.items():
        if value:
            shown = "; ".join(value) if isinstance(value, list | tuple) else value
            console.out(f"  {key}: {console.safe(shown)}")
    console.out("See `followup agenda` for the notes this plans.")


@offer.command("record")
@click.argument("application_id", metavar="APP_ID", type=int)
@click.option("--deadline", "deadline_text", help="When they need your answer (date).")
@click.option(
    "--concern",
    "concerns",
    multiple=True,
    help="Something to clarify (salary, start date, remote...); repeatable.",
)
@json_option
@pass_app
def record(
    app: App,
    application_id: int,
    deadline_text: str | None,
    concerns: tuple[str, ...],
    as_json: bool,
) -> None:
    """Record an offer on APP_ID (also `followup offer APP_ID ...`): its deadline and the
    questions still open. Running it again adds concerns or moves the deadline.

    \b
    Example:
      followup offer 3 --deadline 2026-12-04 --concern "start date"
    """
    tz = user_zone(app)
    deadline = (
        parse_day(deadline_text, tz, app.clock.now(), "--deadline") if deadline_text else None
    )
    done = outcomes.record_offer(app, application_id, deadline=deadline, concerns=concerns)
    assert done.offer is not None
    _show(done.application, done.planned, {"concerns": list(done.offer.concerns)}, as_json)


@offer.command("accept")
@click.argument("application_id", metavar="APP_ID", type=int)
@json_option
@pass_app
def accept(app: App, application_id: int, as_json: bool) -> None:
    """Accept the offer on APP_ID; plans the confirmation and withdrawals elsewhere.

    \b
    Example:
      followup offer accept 3
    """
    answered = outcomes.answer_offer(app, application_id, accept=True)
    _show(answered.application, answered.planned, {}, as_json)


@offer.command("decline")
@click.argument("application_id", metavar="APP_ID", type=int)
@json_option
@pass_app
def decline(app: App, application_id: int, as_json: bool) -> None:
    """Decline the offer on APP_ID; plans a short, warm decline letter.

    \b
    Example:
      followup offer decline 3
    """
    answered = outcomes.answer_offer(app, application_id, accept=False)
    _show(answered.application, answered.planned, {}, as_json)
