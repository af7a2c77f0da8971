"""`followup agenda`, and the decisions taken from it: `done`, `skip`, `snooze`,
`heard-back`; `plan` re-plans every follow-up from the records."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.options import get_app, json_option, parse_when, pass_app, user_zone
from followup.domain.records.followups import FollowUp
from followup.domain.timing.agenda import AgendaItem, Bucket, title
from followup.domain.timing.wording import city
from followup.services import timing
from followup.services.timing import planning

PER_BUCKET = 25
_HEADINGS = {
    Bucket.OVERDUE: "Overdue",
    Bucket.DUE: "Due now",
    Bucket.UPCOMING: "Upcoming",
    Bucket.LATER: "Later",
}


def _zone(key: str) -> ZoneInfo:
    """A zone by key, kept for the whole command: ZoneInfo's own cache holds only the last
    few strongly, and an agenda names more zones than that (each miss reads its file)."""
    found = _ZONES.get(key)
    if found is None:
        found = _ZONES[key] = ZoneInfo(key)
    return found


_ZONES: dict[str, ZoneInfo] = {}


def _item_json(item: AgendaItem) -> dict[str, Any]:
    """The public JSON shape of one agenda line."""
    f = item.followup
    zone = _zone(item.recipient_tz)
    contact = item.contact
    return {
        "id": f.id,
        "kind": f.kind.value,
        "application_id": f.application_id,
        "contact": (
            {"id": contact.id, "name": contact.name, "email": contact.email} if contact else None
        ),
        "earliest": f.window.earliest.astimezone(zone).isoformat(timespec="seconds"),
        "recommended": f.window.recommended.astimezone(zone).isoformat(timespec="seconds"),
        "latest": f.window.latest.astimezone(zone).isoformat(timespec="seconds"),
        "status": f.status.value,
        "reason": f.reason,
    }


def _span(f: FollowUp, tz: str) -> str:
    zone = _zone(tz)
    rec = f.window.recommended.astimezone(zone)
    first = f.window.earliest.astimezone(zone)
    last = f.window.latest.astimezone(zone)
    return (
        f"{rec:%a} {rec.day} {rec:%b %H:%M} "
        f"(window {first:%a} {first.day} {first:%b %H:%M} – {last:%a} {last.day} {last:%b %H:%M})"
    )


def _print_item(item: AgendaItem) -> None:
    f = item.followup
    console.out(f"  [{f.id}] {console.safe(title(item))}")
    console.out(f"      their time ({city(item.recipient_tz)}): {_span(f, item.recipient_tz)}")
    if item.candidate_tz != item.recipient_tz:
        console.out(f"      your time ({city(item.candidate_tz)}): {_span(f, item.candidate_tz)}")
    if f.snoozed_until is not None:
        until = f.snoozed_until.astimezone(ZoneInfo(item.candidate_tz))
        console.out(f"      snoozed until {until:%a} {until.day} {until:%b %H:%M}")
    console.out(f"      why: {console.safe(f.reason)}")


@click.group("agenda", invoke_without_command=True)
@click.option(
    "--days",
    type=click.IntRange(0, 3660),
    default=7,
    show_default=True,
    help="How far ahead to look.",
)
@click.option("--all", "include_all", is_flag=True, help="Every open follow-up, however far off.")
@json_option
@click.pass_context
def agenda(ctx: click.Context, days: int, include_all: bool, as_json: bool) -> None:
    """Show overdue, due-now and upcoming follow-ups, each with its window and reason.

    Windows are shown in the recipient's zone and in yours. Nudges the cadence guard
    forbids (too many unanswered, too soon, year-end quiet period) never appear. Its
    commands act on them (done, skip, snooze), record a reply (heard-back), or re-plan
    everything (plan).

    \b
    Example:
      followup agenda --days 14
      followup agenda done 12
    """
    if ctx.invoked_subcommand is not None:
        return
    app = get_app(ctx)
    result = planning.agenda(app, app.clock.now(), days=days, include_all=include_all)
    if as_json:
        console.emit_json([_item_json(item) for item in result.items])
        return
    if not result.items:
        console.out(f"Nothing due in the next {days} days." if not include_all else "Nothing open.")
        return
    groups: dict[Bucket, list[AgendaItem]] = {}
    for item in result.items:
        groups.setdefault(item.bucket, []).append(item)
    for bucket, items in groups.items():
        console.out(_HEADINGS[bucket])
        # A person acts on a handful; thousands of lines would hide them (--all lists all).
        shown = items if include_all else items[:PER_BUCKET]
        for item in shown:
            _print_item(item)
        if len(shown) < len(items):
            console.out(
                f"  ... and {len(items) - len(shown)} more; `followup agenda --all` lists them"
            )


def _followup_json(f: FollowUp) -> dict[str, Any]:
    return {
        "id": f.id,
        "key": f.key,
        "kind": f.kind.value,
        "application_id": f.application_id,
        "contact_id": f.contact_id,
        "status": f.status.value,
        "snoozed_until": f.snoozed_until.isoformat(timespec="seconds") if f.snoozed_until else None,
        "note": f.note,
        "reason": f.reason,
    }


@click.command("done")
@click.argument("followup_id", metavar="ID", type=int)
@json_option
@pass_app
def done(app: App, followup_id: int, as_json: bool) -> None:
    """Mark a follow-up done: you sent it. Nudges count toward the cadence cap.

    \b
    Example:
      followup done 12
    """
    now = app.clock.now()
    updated = planning.done(app, now, followup_id)
    quiet = (
        planning.gone_quiet(app, [updated.application_id])
        if updated.kind.is_nudge and updated.application_id is not None
        else []
    )
    if as_json:
        console.emit_json({**_followup_json(updated), "gone_quiet": [r for _, r in quiet] or None})
        return
    console.out(f"Marked {followup_id} done.")
    for application, reason in quiet:
        console.out(f"Application {application.id} ({console.safe(application.role)}): {reason}")


@click.command("skip")
@click.argument("followup_id", metavar="ID", type=int)
@click.option("--why", required=True, help="Why you are not sending it.")
@json_option
@pass_app
def skip(app: App, followup_id: int, why: str, as_json: bool) -> None:
    """Skip a follow-up on purpose; re-planning will not bring it back.

    \b
    Example:
      followup skip 12 --why "thanked her in person"
    """
    updated = planning.skip(app, followup_id, why, app.clock.now())
    if as_json:
        console.emit_json(_followup_json(updated))
        return
    console.out(f"Skipped {followup_id}.")


@click.command("snooze")
@click.argument("followup_id", metavar="ID", type=int)
@click.option(
    "--until",
    "until_text",
    required=True,
    help="When it should come back: ISO 8601 or a phrase ('monday 9am').",
)
@json_option
@pass_app
def snooze(app: App, followup_id: int, until_text: str, as_json: bool) -> None:
    """Hide a follow-up from the agenda until a later time.

    \b
    Example:
      followup snooze 12 --until "monday 9am"
    """
    now = app.clock.now()
    tz = user_zone(app)
    until = parse_when(until_text, tz, now, "--until")
    updated = planning.snooze(app, followup_id, until, now)
    if as_json:
        console.emit_json(_followup_json(updated))
        return
    console.out(f"Snoozed {followup_id} until {console.moment(until, tz)}.")


@click.command("heard-back")
@click.argument("application_id", metavar="APP_ID", type=int)
@click.option("--contact", "contact_id", type=int, help="Who replied (default: your main contact).")
@click.option("--at", "at_text", help="When they replied (default: now).")
@click.option("--note", default="", help="What they said, briefly.")
@click.option(
    "--stop",
    is_flag=True,
    help="They asked not to be chased: no more status checks on this application (CAD-007).",
)
@json_option
@pass_app
def heard_back(
    app: App,
    application_id: int,
    contact_id: int | None,
    at_text: str | None,
    note: str,
    stop: bool,
    as_json: bool,
) -> None:
    """Record that the company replied: the unanswered count starts again (CAD-007).

    A reply that asks not to be chased ("please don't follow up", "we'll be in touch",
    "not moving forward"), in --note or said with --stop, stops the status checks on
    this application until they write again; what was detected is shown.

    \b
    Example:
      followup heard-back 3 --note "still deciding, expect news next week"
      followup heard-back 3 --note "we will contact you" --stop
    """
    from followup.domain.mail import stop_requests

    if stop:
        note = (
            f"{stop_requests.mark(stop_requests.BY_HAND)}; {note}"
            if note
            else (stop_requests.mark(stop_requests.BY_HAND))
        )
    now = app.clock.now()
    at: datetime | None = parse_when(at_text, user_zone(app), now, "--at") if at_text else None
    message = planning.heard_back(
        app,
        now,
        application_id,
        contact_id=contact_id,
        at=at,
        note=note,
    )
    request = stop_requests.in_note(message.note)
    if as_json:
        console.emit_json(
            {
                "id": message.id,
                "application_id": application_id,
                "contact_id": message.contact_id,
                "at": message.at.isoformat(timespec="seconds"),
                "stop": None
                if request is None
                else {"why": request.stop.value, "phrase": request.phrase},
            }
        )
        return
    console.out(f"Recorded a reply on application {application_id}; follow-ups re-planned.")
    if request is not None:
        console.out(console.safe(stop_requests.describe(request)))


@click.command("plan")
@json_option
@pass_app
def plan(app: App, as_json: bool) -> None:
    """Re-plan every follow-up from your records. Safe to run any time: it never
    duplicates, and keeps what you skipped, finished or snoozed.

    \b
    Example:
      followup plan
    """
    result = timing.replan(app)
    if as_json:
        console.emit_json(
            {"created": result.created, "updated": result.updated, "cancelled": result.cancelled}
        )
        return
    console.out(f"{result.created} new, {result.updated} updated, {result.cancelled} cancelled.")


# The agenda's verbs; `followup plan|done|skip|snooze|heard-back` stay as shortcuts.
for _command in (done, skip, snooze, heard_back, plan):
    agenda.add_command(_command)
