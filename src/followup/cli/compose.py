"""`followup compose`: drafts from a debrief file, with no database."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.draft import TONES, show_draft, show_notes
from followup.cli.options import json_option, pass_app
from followup.domain.records.followups import Kind
from followup.services.records import interviews
from followup.services.writing import compose as drafting
from followup.services.writing import people as recipients
from followup.services.writing import polish as polishing

KINDS = [k.value for k in Kind]


@click.command()
@click.argument("kind", type=click.Choice(KINDS, case_sensitive=False), metavar="KIND")
@click.option(
    "--context",
    "context_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The debrief file (TOML or JSON, see docs/debrief.md).",
)
@click.option("--to", help="The interviewer to write to (name or email).")
@click.option("--tone", type=click.Choice(TONES), help="Override the tone.")
@click.option(
    "--variant",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Pick alternative phrasing (1, 2, ...).",
)
@click.option("--ai", is_flag=True, help="Polish each draft with your own language model (llm).")
@json_option
@pass_app
def compose(
    app: App,
    kind: str,
    context_path: Path,
    to: str | None,
    tone: str | None,
    variant: int,
    ai: bool,
    as_json: bool,
) -> None:
    """Write a KIND of follow-up from a debrief file; nothing is stored.

    KIND is one of thank-you, coordinator-thanks, status-check, offer-thanks,
    offer-accept, offer-decline, rejection-reply, check-in, holiday, news-note,
    gratitude (also offer-reminder, withdrawal). A thank-you without --to gives
    one note per interviewer.

    \b
    Example:
      followup compose thank-you --context debrief.toml
      followup compose status-check --context debrief.toml --to "Ana García" --json
    """
    debrief = interviews.read_debrief(context_path)
    if app.settings.database.exists():
        debrief = recipients.signed(debrief, app.store.profile.get())  # sign with what is known
    drafts = drafting.compose_from_debrief(app, debrief, kind, to=to, tone=tone, variant=variant)
    if ai:
        contexts = drafting.debrief_contexts(
            debrief, Kind(kind.lower()), to, config=app.settings.config.compose
        )
        kept = []
        for composed, context in zip(drafts, contexts, strict=True):
            polished = polishing.polish(app, composed, context)
            if not polished.accepted:
                console.warn(f"AI rewrite for {composed.to} rejected: {polished.reason}")
            kept.append(replace(polished.draft, notes=composed.notes))
        drafts = kept
    if as_json:
        console.emit_json({"drafts": [d.as_dict() for d in drafts]})
    else:
        for i, composed in enumerate(drafts):
            if i:
                console.out("\n" + "-" * 40 + "\n")
            show_draft(composed, composed.subject, composed.body)
    for composed in drafts:
        show_notes(composed)
