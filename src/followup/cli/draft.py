"""`followup draft`: write the message a follow-up owes, and keep it on the follow-up."""

from __future__ import annotations

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.options import json_option, pass_app
from followup.domain.writing.compose import Draft, Tone
from followup.services.writing import compose as drafting
from followup.services.writing import polish as polishing

TONES = [t.value for t in Tone]


def show_draft(draft: Draft, subject: str, body: str) -> None:
    """The draft as a person reads it: To, Subject, a blank line, the body."""
    console.out(f"To: {console.safe(draft.to)}")
    console.out(f"Subject: {console.safe(subject)}")
    console.out()
    console.out("\n".join(console.safe(line) for line in body.split("\n")))


def show_notes(draft: Draft) -> None:
    for note in draft.notes:
        click.echo(f"note: {note}", err=True)


@click.command()
@click.argument("followup_id", type=int)
@click.option("--tone", type=click.Choice(TONES), help="Override the tone for this message.")
@click.option(
    "--variant", type=click.IntRange(min=1), help="Pick alternative phrasing (1, 2, ...)."
)
@click.option("--edit", is_flag=True, help="Open $EDITOR on the draft and keep what you save.")
@click.option("--ai", is_flag=True, help="Polish it with your own language model (llm).")
@json_option
@pass_app
def draft(
    app: App,
    followup_id: int,
    tone: str | None,
    variant: int | None,
    edit: bool,
    ai: bool,
    as_json: bool,
) -> None:
    """Write the message for follow-up FOLLOWUP_ID and store it on the follow-up.

    The tone comes from the company's industry unless --tone, the contact or the
    company says otherwise (config.toml [compose]). Notes on what would make the
    draft stronger go to stderr.

    \b
    Example:
      followup draft 12
      followup draft 12 --tone formal --variant 2 --edit
    """
    result = drafting.draft(app, followup_id, tone=tone, variant=variant)
    followup, composed = result.followup, result.draft
    if ai:
        polished = polishing.polish(app, composed, result.context)
        if not polished.accepted:
            console.warn(f"AI rewrite rejected, the draft is kept: {polished.reason}")
        elif polished.draft.body != composed.body:
            followup = drafting.keep_text(app, followup_id, polished.draft.body)
    if edit:
        edited = click.edit(f"Subject: {followup.subject}\n\n{followup.body}\n", extension=".txt")
        if (
            edited is not None
            and edited.strip() != f"Subject: {followup.subject}\n\n{followup.body}"
        ):
            followup = drafting.keep_text(app, followup_id, edited)
    if as_json:
        console.emit_json(
            {
                "followup_id": followup.id,
                "kind": composed.kind.value,
                "to": composed.to,
                "subject": followup.subject,
                "body": followup.body,
            }
        )
    else:
        show_draft(composed, followup.subject, followup.body)
    show_notes(composed)
