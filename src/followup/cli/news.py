"""`followup news`: company feeds, their items and the news notes they suggest."""

from __future__ import annotations

import sys

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.exit_codes import ExitCode
from followup.cli.options import get_app, json_option, pass_app, user_zone
from followup.domain.records.followups import Kind, Status
from followup.services import network as news_service
from followup.services.records import companies


@click.group("news", invoke_without_command=True)
@click.option("--company", help="Only this company's items (name or id).")
@click.option("--limit", type=click.IntRange(1, 1000), default=30, show_default=True)
@json_option
@click.pass_context
def news(ctx: click.Context, company: str | None, limit: int, as_json: bool) -> None:
    """List company news, each item with its category and the words that decided it,
    and the news notes suggested from it (never sent without you).

    Add feeds with `followup company edit ACME --feed URL`, then `followup news fetch`.

    \b
    Example:
      followup news --company Acme --json
    """
    if ctx.invoked_subcommand is not None:
        return
    _list(get_app(), company, limit, as_json)


def _list(app: App, company: str | None, limit: int, as_json: bool) -> None:
    company_id = companies.resolve(app, company).id if company else None
    listed = news_service.list_news(app, company=company_id, limit=limit)
    notes = [
        f
        for f in app.store.followups.list(statuses=(Status.PLANNED, Status.DRAFTED))
        if f.kind is Kind.NEWS_NOTE
    ]
    if as_json:
        console.emit_json(
            {
                "items": [
                    {
                        "id": i.id,
                        "company": name,
                        "company_id": i.company_id,
                        "title": i.title,
                        "link": i.link,
                        "published": i.published,
                        "fetched_at": i.fetched_at,
                        "category": i.category.value,
                        "positive": i.category.is_positive,
                        "matched": list(i.matched),
                        "feed": i.feed_url,
                    }
                    for i, name in listed.items
                ],
                "suggestions": [
                    {
                        "id": f.id,
                        "contact_id": f.contact_id,
                        "recommended": f.window.recommended,
                        "latest": f.window.latest,
                        "reason": f.reason,
                    }
                    for f in notes
                ],
                "feeds": [
                    {
                        "company": name,
                        "url": s.url,
                        "checked_at": s.checked_at,
                        "ok_at": s.ok_at,
                        "error": s.error,
                        "title": s.title,
                    }
                    for s, name in listed.feeds
                ],
            }
        )
        return
    tz = user_zone(app)
    if not listed.items:
        console.out(
            "No news yet. Add a feed with `followup company edit NAME --feed URL`, "
            "then run `followup news fetch`."
        )
    for item, name in listed.items:
        when = console.moment(item.seen_at, tz)
        console.out(f"  [{item.id}] {console.safe(name)}: {console.safe(item.title)}")
        console.out(f"      {when} · {console.safe(item.classification.explain())}")
        if item.link:
            console.out(f"      {console.safe(item.link)}")
    if notes:
        console.out("Suggested news notes (on the agenda; never sent without you)")
        for f in notes:
            console.out(f"  [{f.id}] to contact {f.contact_id}: {console.safe(f.reason)}")


@news.command("fetch")
@json_option
@pass_app
def fetch(app: App, as_json: bool) -> None:
    """Download every company feed (conditional GET), store new items, plan news notes.

    One feed failing is reported and the others carry on; the exit code is then 1.

    \b
    Example:
      followup news fetch
    """
    runs = news_service.fetch_news(app, app.clock.now())
    failed = [r for r in runs if not r.ok]
    if as_json:
        console.emit_json(
            [
                {
                    "company": r.company,
                    "url": r.url,
                    "added": r.added,
                    "not_modified": r.not_modified,
                    "error": r.error or None,
                    "warning": r.warning or None,
                }
                for r in runs
            ]
        )
    else:
        if not runs:
            console.out("No feeds. Add one with `followup company edit NAME --feed URL`.")
        for r in runs:
            where = f"{console.safe(r.company)} {console.safe(r.url)}"
            if r.error:
                click.echo(f"error: {where}: {console.safe(r.error)}", err=True)
            elif r.not_modified:
                console.out(f"{where}: not modified")
            else:
                console.out(f"{where}: {r.added} new")
                if r.warning:
                    console.warn(f"{where}: {console.safe(r.warning)}")
    if failed:
        sys.exit(ExitCode.FAILED)
