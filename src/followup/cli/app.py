"""`followup app`: applications and their stages."""

from __future__ import annotations

from dataclasses import asdict

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.options import get_app, json_option, parse_day, parse_when, pass_app, user_zone
from followup.domain.records.model import Application, Stage
from followup.services.records import applications

STAGES = [s.value for s in Stage]


def _show(app: App, application: Application, as_json: bool) -> None:
    company = app.store.companies.get(application.company_id)
    if as_json:
        console.emit_json({**asdict(application), "company": company.name})
        return
    tz = user_zone(app)
    console.fields(
        [
            ("id", application.id),
            ("company", company.name),
            ("role", application.role),
            ("stage", application.stage),
            ("decision by", application.decision_by),
            ("source", application.source),
            ("url", application.url),
            ("notes", application.notes),
        ]
    )
    console.out("history:")
    for change in application.history:
        note = f" ({console.safe(change.note)})" if change.note else ""
        console.out(f"  {console.moment(change.at, tz)}  {change.stage}{note}")


@click.group()
def app() -> None:
    """Applications: which role at which company, and where it stands.

    \b
    Example:
      followup app add --company Acme --role "Data Engineer"
    """


@app.command("add")
@click.option("--company", required=True, help="Company name (created if new).")
@click.option("--role", required=True, help="The role you applied for.")
@click.option("--stage", type=click.Choice(STAGES), default="applied", show_default=True)
@click.option("--source", default="", help="Where you found it (referral, job board...).")
@click.option("--url", default="", help="The job posting.")
@click.option("--decision-by", help="When they said they would decide (date).")
@click.option("--notes", default="")
@json_option
@pass_app
def add(
    app: App,
    company: str,
    role: str,
    stage: str,
    source: str,
    url: str,
    decision_by: str | None,
    notes: str,
    as_json: bool,
) -> None:
    """Add an application.

    \b
    Example:
      followup app add --company Acme --role "Data Engineer" --url https://acme.example/jobs/42
    """
    day = (
        parse_day(decision_by, user_zone(app), app.clock.now(), "--decision-by")
        if decision_by
        else None
    )
    created = applications.add(
        app,
        applications.NewApplication(
            company=company,
            role=role,
            stage=stage,
            source=source,
            url=url,
            decision_by=day,
            notes=notes,
        ),
    )
    _show(app, created, as_json)


@app.command("edit")
@click.argument("application_id", type=int)
@click.option("--role", help="The role (sets one an invite left unset).")
@click.option("--decision-by", help="When they said they would decide (date).")
@click.option("--source", help="Where you found it.")
@click.option("--url", help="The job posting.")
@click.option("--notes")
@json_option
@pass_app
def edit(
    app: App,
    application_id: int,
    role: str | None,
    decision_by: str | None,
    source: str | None,
    url: str | None,
    notes: str | None,
    as_json: bool,
) -> None:
    """Change an application's role, decision date, source, posting or notes.

    Drafts written from then on use the new role; an application imported from an
    invite that named no role reads "the interview" until it is set.

    \b
    Example:
      followup app edit 1 --role "Data Engineer"
    """
    if all(v is None for v in (role, decision_by, source, url, notes)):
        raise click.UsageError(
            "nothing to change; give --role, --decision-by, --source, --url or --notes"
        )
    day = (
        parse_day(decision_by, user_zone(app), app.clock.now(), "--decision-by")
        if decision_by
        else None
    )
    changed = applications.edit(
        app, application_id, role=role, decision_by=day, url=url, source=source, notes=notes
    )
    _show(app, changed, as_json)


@app.command("list")
@click.option("--stage", type=click.Choice(STAGES), help="Only applications at this stage.")
@json_option
def list_(stage: str | None, as_json: bool) -> None:
    """List applications.

    \b
    Example:
      followup app list --stage interviewing
    """
    app = get_app()
    if as_json:  # scripts get every field, history included
        found = applications.listing(app, stage)
        names = {c.id: c.name for c in app.store.companies.list()}
        console.emit_json([{**asdict(a), "company": names.get(a.company_id, "")} for a in found])
        return
    # Stage is a StrEnum: the table's str() shows its value.
    console.table(
        ["id", "company", "role", "stage", "decision by"],
        [
            (r.id, r.company, r.role, r.stage, r.decision_by or "")
            for r in applications.rows(app, stage)
        ],
        title="applications",
    )


@app.command("show")
@click.argument("application_id", type=int)
@json_option
@pass_app
def show(app: App, application_id: int, as_json: bool) -> None:
    """Show one application with its stage history.

    \b
    Example:
      followup app show 1
    """
    _show(app, app.store.applications.get(application_id), as_json)


@app.command("stage")
@click.argument("application_id", type=int)
@click.argument("stage", type=click.Choice(STAGES))
@click.option("--note", default="", help="Why, or what happened.")
@click.option("--at", "at_text", help="When it happened (default: now).")
@json_option
@pass_app
def stage(
    app: App, application_id: int, stage: str, note: str, at_text: str | None, as_json: bool
) -> None:
    """Move an application to a stage (offer, rejected, ...).

    \b
    Example:
      followup app stage 1 rejected --note "email from recruiter"
    """
    at = parse_when(at_text, user_zone(app), app.clock.now(), "--at") if at_text else None
    changed = applications.set_stage(app, application_id, stage, note=note, at=at)
    _show(app, changed, as_json)
