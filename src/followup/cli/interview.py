"""`followup interview`: who you met, what you discussed, what happens next."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.interview_import import import_invite
from followup.cli.options import json_option, parse_day, parse_when, pass_app, user_zone
from followup.domain.errors import ValidationError
from followup.domain.records.model import Interview, InterviewKind
from followup.domain.records.panel import check_panel
from followup.domain.records.rounds import parse_round, round_label
from followup.services.records import applications, interviews

KINDS = [k.value for k in InterviewKind]


def _as_data(app: App, interview: Interview) -> dict[str, object]:
    data = asdict(interview)
    data["interviewers"] = [
        {**asdict(app.store.contacts.get(p.contact_id)), "topics": list(p.topics)}
        for p in interview.interviewers
    ]
    return data


def _show(app: App, interview: Interview, as_json: bool) -> None:
    if as_json:
        console.emit_json(_as_data(app, interview))
        return
    people = [app.store.contacts.get(p.contact_id) for p in interview.interviewers]
    application = app.store.applications.get(interview.application_id)
    company = app.store.companies.get(application.company_id)
    console.fields(
        [
            ("id", interview.id),
            ("application", f"{application.id} ({company.name}, {application.role})"),
            ("round", round_label(interview.round)),
            ("kind", interview.kind),
            ("start", console.moment(interview.start, interview.tz)),
            ("end", console.moment(interview.end, interview.tz)),
            ("interviewers", [f"{p.name} <{p.email}>" if p.email else p.name for p in people]),
            ("topics", interview.topics),
            ("projects", interview.projects),
            ("skills", interview.skills),
            ("decision by", interview.decision_by),
            ("next step", interview.next_step),
            ("status", interview.status),
            ("notes", interview.notes),
        ]
    )


@click.group()
def interview() -> None:
    """Interviews: who you met and what you discussed.

    \b
    Example:
      followup interview add --from debrief.toml
    """


@interview.command("add")
@click.option(
    "--from",
    "source",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A debrief file (TOML or JSON) recording the whole interview.",
)
@click.option("--app", "application_id", type=int, help="The application it belongs to.")
@click.option("--company", help="Instead of --app: the company (an application is created).")
@click.option("--role", help="With --company: the role.")
@click.option("--end", "end_text", help="When it ended (ISO 8601 or 'today 3pm').")
@click.option("--start", "start_text", help="When it started.")
@click.option("--tz", help="The zone of the times given (default: your profile's).")
@click.option(
    "--round",
    "round_",
    default="1",
    show_default=True,
    help='The round: a number, an ordinal ("second", "2nd") or "final".',
)
@click.option("--kind", type=click.Choice(KINDS), default="video", show_default=True)
@click.option(
    "--with",
    "people",
    multiple=True,
    help='An interviewer, "Name <email>"; repeat for each person.',
)
@click.option("--coordinator", help='The recruiter or coordinator, "Name <email>".')
@click.option("--topic", "topics", multiple=True, help="Something you discussed; repeatable.")
@click.option("--project", "projects", multiple=True, help="A company project that came up.")
@click.option("--skill", "skills", multiple=True, help="One of your skills that fits.")
@click.option("--decision-by", help="When they said they would decide.")
@click.option("--next-step", default="", help="The next step they described.")
@click.option("--notes", default="")
@json_option
@pass_app
def add(
    app: App,
    source: Path | None,
    application_id: int | None,
    company: str | None,
    role: str | None,
    end_text: str | None,
    start_text: str | None,
    tz: str | None,
    round_: str,
    kind: str,
    people: tuple[str, ...],
    coordinator: str | None,
    topics: tuple[str, ...],
    projects: tuple[str, ...],
    skills: tuple[str, ...],
    decision_by: str | None,
    next_step: str,
    notes: str,
    as_json: bool,
) -> None:
    """Record an interview, by options or from a debrief file (see docs/debrief.md).

    \b
    Examples:
      followup interview add --from debrief.toml
      followup interview add --company Acme --role "Data Engineer" --end "today 3pm" \\
          --with "Grace Hopper <grace@acme.com>" --with "Alan Turing <alan@acme.com>" \\
          --topic "migrating the ETL to Spark" --decision-by 2026-12-04
    """
    check_panel("--with", len(dict.fromkeys(people)))
    if source is not None:
        recorded = interviews.add_from_debrief(app, interviews.read_debrief(source))
    else:
        if not end_text:
            raise ValidationError("--end", "is required (or give --from debrief.toml)")
        zone = user_zone(app, tz)
        now = app.clock.now()
        new = None
        if application_id is None:
            if not (company and role):
                raise ValidationError("--app", "give --app ID, or --company and --role")
            new = applications.NewApplication(company=company, role=role)
        # Every option is parsed before the service writes anything (the application too).
        given = interviews.InterviewInput(
            application_id=application_id,
            new_application=new,
            end=parse_when(end_text, zone, now, "--end"),
            start=parse_when(start_text, zone, now, "--start") if start_text else None,
            tz=zone,
            round=parse_round("--round", round_),
            kind=kind,
            interviewers=people,
            coordinator=coordinator,
            topics=topics,
            projects=projects,
            skills=skills,
            decision_by=parse_day(decision_by, zone, now, "--decision-by") if decision_by else None,
            next_step=next_step,
            notes=notes,
        )
        recorded = interviews.add(app, given)
    for warning in recorded.warnings:
        console.warn(warning)
    _show(app, recorded.interview, as_json)


@interview.command("list")
@click.option("--app", "application_id", type=int, help="Only this application's interviews.")
@json_option
@pass_app
def list_(app: App, application_id: int | None, as_json: bool) -> None:
    """List interviews.

    \b
    Example:
      followup interview list --app 1
    """
    found = interviews.listing(app, application_id)
    if as_json:
        console.emit_json([_as_data(app, i) for i in found])
        return
    console.table(
        ["id", "app", "round", "kind", "end", "people", "status"],
        [
            (
                i.id,
                i.application_id,
                round_label(i.round),
                i.kind.value,
                console.moment(i.end, i.tz),
                len(i.interviewers),
                i.status.value,
            )
            for i in found
        ],
        title="interviews",
    )


@interview.command("show")
@click.argument("interview_id", type=int)
@json_option
@pass_app
def show(app: App, interview_id: int, as_json: bool) -> None:
    """Show one interview.

    \b
    Example:
      followup interview show 1 --json
    """
    _show(app, app.store.interviews.get(interview_id), as_json)


@interview.command("edit")
@click.argument("interview_id", type=int)
@click.option("--end", "end_text")
@click.option("--start", "start_text")
@click.option("--tz", help="The zone of the times given, and of the interview.")
@click.option("--round", "round_", help='A number, an ordinal ("second", "2nd") or "final".')
@click.option("--kind", type=click.Choice(KINDS))
@click.option("--with", "people", multiple=True, help="Replace the interviewers.")
@click.option("--topic", "topics", multiple=True, help="Replace the topics.")
@click.option("--project", "projects", multiple=True, help="Replace the projects.")
@click.option("--skill", "skills", multiple=True, help="Replace the skills that fit.")
@click.option("--decision-by")
@click.option("--next-step")
@click.option("--notes")
@json_option
@pass_app
def edit(
    app: App,
    interview_id: int,
    end_text: str | None,
    start_text: str | None,
    tz: str | None,
    round_: str | None,
    kind: str | None,
    people: tuple[str, ...],
    topics: tuple[str, ...],
    projects: tuple[str, ...],
    skills: tuple[str, ...],
    decision_by: str | None,
    next_step: str | None,
    notes: str | None,
    as_json: bool,
) -> None:
    """Change an interview; only the options given change.

    \b
    Example:
      followup interview edit 1 --decision-by 2026-12-11 --topic "data contracts"
    """
    check_panel("--with", len(dict.fromkeys(people)))
    current = app.store.interviews.get(interview_id)
    zone = user_zone(app, tz) if tz else current.tz
    now = app.clock.now()
    edited = interviews.edit(
        app,
        interview_id,
        end=parse_when(end_text, zone, now, "--end") if end_text else None,
        start=parse_when(start_text, zone, now, "--start") if start_text else None,
        tz=tz,
        round=parse_round("--round", round_) if round_ is not None else None,
        kind=kind,
        interviewers=people,
        topics=topics,
        projects=projects,
        skills=skills,
        decision_by=parse_day(decision_by, zone, now, "--decision-by") if decision_by else None,
        next_step=next_step,
        notes=notes,
    )
    _show(app, edited, as_json)


interview.add_command(import_invite)  # `interview import FILE.ics`
