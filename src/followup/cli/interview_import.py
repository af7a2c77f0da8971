"""`followup interview import` (calendar invites), and the CSV side of `import`/`export`.

Light at import time: the interview group attaches this command, so the services
(and icalendar, inside the adapter) load only when an import runs.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from followup.cli import console
from followup.cli.options import json_option, parse_day, pass_app, user_zone
from followup.domain.errors import ValidationError

if TYPE_CHECKING:
    from followup.bootstrap import App
    from followup.domain.imports.invite import Invite, InviteEvent
    from followup.services.imports.invites import Choice, Outcome, Proposal
    from followup.services.imports.tracker import CsvReport


def _interactive(as_json: bool, yes: bool) -> bool:
    """Ask only a person at a terminal; never in --json or --yes runs."""
    return not as_json and not yes and sys.stdin.isatty()


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--app", "application_id", type=int, help="The application the interview is for.")
@click.option("--company", help="The company, instead of the guess.")
@click.option("--role", help="The role, instead of the guess.")
@click.option("--all", "take_all", is_flag=True, help="Import every event in the file.")
@click.option(
    "--event", "numbers", type=int, multiple=True, help="Import event N of the listing; repeatable."
)
@click.option(
    "--me",
    "extra_emails",
    multiple=True,
    help="Another address of yours (never an interviewer); repeatable.",
)
@click.option("--yes", "-y", is_flag=True, help="Accept the guesses without asking.")
@json_option
@pass_app
def import_invite(
    app: App,
    file: Path,
    application_id: int | None,
    company: str | None,
    role: str | None,
    take_all: bool,
    numbers: tuple[int, ...],
    extra_emails: tuple[str, ...],
    yes: bool,
    as_json: bool,
) -> None:
    """Import an interview from a calendar invite (.ics, or an .eml carrying one).

    Times keep their zone (IANA, Windows/Outlook names, custom VTIMEZONE, UTC); times
    with no zone are read in yours, with a note. Attendees become interviewers, the
    organizer the coordinator. Importing the same invite again updates it; a cancelled
    invite cancels the interview and its follow-ups. At a terminal you confirm the
    company and role, and afterwards record the debrief.

    \b
    Examples:
      followup interview import invite.ics
      followup interview import invite.eml --app 3
      followup interview import schedule.ics --all --company Acme --role "Data Engineer" --json
    """
    from followup.services.imports import invites

    store, clock = app.store, app.clock
    now = clock.now()
    profile = store.profile.get()
    tz = user_zone(app)
    own = invites.own_addresses(profile, extra_emails)
    candidate = profile.name if profile else ""
    interactive = _interactive(as_json, yes)

    invite = invites.read_invite(app, file, tz=tz, now=now)
    if not as_json:
        for note in invite.notes:
            console.warn(note)
    chosen = _choose(invite, numbers, take_all, interactive)
    answers: list[tuple[InviteEvent, Choice]] = []
    for event in chosen:
        proposal = invites.propose(app, event, own_emails=own, candidate=candidate)
        answers.append((event, _answer(proposal, application_id, company, role, interactive)))
    outcome = invites.import_events(app, answers, own_emails=own, candidate=candidate)
    skipped = (*invite.skipped, *outcome.skipped)
    if as_json:
        console.emit_json(_as_json(outcome, skipped))
        return
    _show(outcome, skipped, file)
    if interactive:
        _debrief(app, outcome, tz)


def _choose(
    invite: Invite, numbers: tuple[int, ...], take_all: bool, interactive: bool
) -> list[InviteEvent]:
    """The events to import: all, the numbered ones, or the ones the user picks."""
    from followup.services.imports import invites

    events = invite.events
    if len(events) == 1 or take_all or numbers:
        return invites.events_chosen(invite, numbers, take_all)
    listing = [f"{n}. {_line(e)}" for n, e in enumerate(events, 1)]
    click.echo(f"{invite.source} holds {len(events)} events:", err=True)
    for entry in listing:
        click.echo("  " + console.safe(entry), err=True)
    if not interactive:
        raise ValidationError(
            str(invite.source),
            f"holds {len(events)} events; choose with --event N (repeatable) or --all",
        )
    answer = click.prompt("Import which? (numbers, or 'all')", default="all", err=True)
    if answer.strip().lower() == "all":
        return list(events)
    try:
        picked = tuple(int(x) for x in answer.replace(",", " ").split())
    except ValueError:
        raise ValidationError("answer", f"{answer!r} is not a list of numbers") from None
    return invites.events_chosen(invite, picked, False)


def _line(event: InviteEvent) -> str:
    state = " [cancelled]" if event.cancelled else ""
    title = event.summary or "(no title)"
    return f"{console.moment(event.start, event.tz)}  {title}{state}"


def _answer(
    proposal: Proposal,
    application_id: int | None,
    company: str | None,
    role: str | None,
    interactive: bool,
) -> Choice:
    """The user's choice of application: given, confirmed, corrected, or the guess as is."""
    from followup.services.imports.invites import Choice

    if application_id is not None:
        return Choice(application_id=application_id)
    if proposal.existing is not None or proposal.event.cancelled:
        # An update or a cancellation: the interview has its application; --role fills in
        # a role the first import could not tell.
        return Choice(role=role or "")
    guessed_company = company or proposal.company
    guessed_role = role or proposal.role
    if interactive and not (company and role):
        event = proposal.event
        click.echo(console.safe(f"Invite: {_line(event)}"), err=True)
        for person in proposal.interviewers:
            click.echo(console.safe(f"  with {person.name} <{person.email}>"), err=True)
        for reason in proposal.guess.reasons:
            click.echo(console.safe(f"  guessed {reason}"), err=True)
        if proposal.application is not None:
            click.echo(f"  matches application {proposal.application.id}", err=True)
        guessed_company = click.prompt(
            "Company", default=guessed_company or None, err=True, type=str
        )
        # Empty is allowed: the role stays unset until given (issue 17 §4).
        guessed_role = click.prompt(
            "Role", default=guessed_role or "", show_default=bool(guessed_role), err=True, type=str
        )
    return Choice(company=guessed_company, role=guessed_role)


def _as_json(outcome: Outcome, skipped: tuple[Any, ...]) -> dict[str, Any]:
    """The issue's JSON shape, exactly."""
    return {
        "interviews": [
            {
                "id": item.interview.id,
                "application_id": item.interview.application_id,
                "company": item.company,
                "role": item.role,
                "start": item.interview.start.isoformat() if item.interview.start else None,
                "end": item.interview.end.isoformat(),
                "interviewers": [{"name": c.name, "email": c.email} for c in item.interviewers],
                "notes": item.interview.notes,
            }
            for item in outcome.imported
        ],
        "skipped": [{"reason": s.reason} for s in skipped],
    }


def _show(outcome: Outcome, skipped: tuple[Any, ...], file: Path) -> None:
    for item in outcome.imported:
        i = item.interview
        when = console.moment(i.start or i.end, i.tz)
        verb = item.action.capitalize()
        role = item.role or "role not set"
        console.out(
            console.safe(
                f"{verb} interview {i.id}: {item.company}, {role} - {when} ({i.kind.value})"
            )
        )
        if not item.role:
            console.out(
                console.safe(
                    f'  note: the invite names no role; drafts say "the role" until you set '
                    f"it: followup interview import {file} --role ROLE"
                )
            )
        if item.interviewers:
            people = ", ".join(
                f"{c.name} <{c.email}>" if c.email else c.name for c in item.interviewers
            )
            console.out(console.safe(f"  interviewers: {people}"))
        for note in item.notes:
            console.out(console.safe(f"  note: {note}"))
    for entry in skipped:
        console.warn(console.safe(f"skipped {entry.reason}"))
    if outcome.replanned:
        console.out(f"Re-planned {outcome.replanned} follow-up(s); see `followup agenda`.")


def _debrief(app: App, outcome: Outcome, tz: str) -> None:
    """Ask what was discussed, for interviews already held, so the thank-you is personal."""
    from followup.services.imports import invites

    now = app.clock.now()
    for item in outcome.imported:
        interview = item.interview
        if item.action == "cancelled" or interview.id is None:
            continue
        if interview.end > now:
            console.out(
                f"After the interview, record the debrief: "
                f"followup interview edit {interview.id} --topic ... --decision-by ..."
            )
            continue
        if not click.confirm(
            f"Record the debrief for interview {interview.id} now?", default=True, err=True
        ):
            continue
        topics = click.prompt("Topics you discussed (comma-separated)", default="", err=True)
        projects = click.prompt("Their projects that came up", default="", err=True)
        skills = click.prompt("Your skills that fit", default="", err=True)
        decision = click.prompt("When will they decide? (date, or empty)", default="", err=True)
        invites.save_debrief(
            app,
            interview.id,
            topics=_split(topics),
            projects=_split(projects),
            skills=_split(skills),
            decision_by=parse_day(decision, tz, now, "decision date") if decision else None,
        )
        console.out(f"Saved the debrief for interview {interview.id}.")


def _split(text: str) -> list[str]:
    return [x.strip() for x in text.replace(";", ",").split(",") if x.strip()]


# --- CSV: `followup import --from csv` and `followup export --format csv` -------------


def import_csv(
    app: App,
    file: Path,
    mapping: tuple[str, ...],
    stages: tuple[str, ...],
    dry_run: bool,
    as_json: bool,
) -> None:
    """Import applications from another tracker's CSV export (the `--from csv` path)."""
    from followup.services.imports import tracker

    report = tracker.import_csv(app, file, mapping=mapping, stages=stages, dry_run=dry_run)
    if as_json:
        console.emit_json(_report_json(report))
    else:
        _show_report(report)
    if report.problems and not report.rows:
        raise ValidationError(str(file), "no row could be imported")


def _report_json(report: CsvReport) -> dict[str, Any]:
    return {
        "dry_run": report.dry_run,
        "columns": report.columns,
        "rows": [
            {
                "line": r.line,
                "action": r.action,
                "application_id": r.application_id,
                "company": r.company,
                "role": r.role,
                "stage": r.stage,
                "changes": list(r.changes),
                "contacts_added": r.contacts,
            }
            for r in report.rows
        ],
        "problems": [
            {"line": p.line, "field": p.field, "problem": p.problem} for p in report.problems
        ],
        "notes": list(report.notes),
        "planned": [
            {
                "kind": f.kind.value,
                "application_id": f.application_id if (f.application_id or 0) > 0 else None,
                "recommended": f.window.recommended.isoformat(timespec="seconds"),
                "reason": f.reason,
            }
            for f in report.planned
        ],
    }


def _show_report(report: CsvReport) -> None:
    mapped = ", ".join(f"{k} <- {v!r}" for k, v in report.columns.items())
    console.out(console.safe(f"Columns: {mapped}"))
    for note in report.notes:
        console.warn(note)
    if report.dry_run:
        console.table(
            ["line", "action", "company", "role", "stage", "changes"],
            [
                (r.line, r.action, r.company, r.role, r.stage, ", ".join(r.changes))
                for r in report.rows
            ],
            title="rows (dry run: nothing written)",
        )
    for problem in report.problems:
        console.warn(console.safe(f"left out {problem}"))
    verb = "Would add" if report.dry_run else "Added"
    console.out(
        f"{verb} {report.count('add')}, "
        f"{'would update' if report.dry_run else 'updated'} {report.count('update')}, "
        f"unchanged {report.count('unchanged')}, left out {len(report.problems)}."
    )
    if report.dry_run and report.planned:
        console.table(
            ["kind", "recommended", "why"],
            [(f.kind, f"{f.window.recommended:%Y-%m-%d %H:%M}", f.reason) for f in report.planned],
            title="follow-ups the import would plan",
        )
    kinds = Counter(str(f.kind) for f in report.planned)
    listed = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
    console.out(
        f"{'Would plan' if report.dry_run else 'Planned'} {len(report.planned)} follow-up"
        f"{'' if len(report.planned) == 1 else 's'}{f' ({listed})' if listed else ''}; "
        "check-ins and greetings wait for a two-way exchange (see `followup agenda`)."
    )


def export_csv_text(app: App) -> str:
    """Every application as CSV, cells neutralised against formula injection."""
    from followup.services.imports import tracker

    return tracker.export_csv(app)


__all__ = ["export_csv_text", "import_csv", "import_invite"]
