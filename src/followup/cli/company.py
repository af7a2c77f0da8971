"""`followup company`: the companies you apply to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any, TypeVar

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.options import json_option, pass_app
from followup.domain.errors import ValidationError
from followup.domain.records.model import Company
from followup.services.records import companies

F = TypeVar("F", bound=Callable[..., Any])

_details = [
    click.option("--industry", help="e.g. technology, nonprofit, finance (sets the pace)."),
    click.option("--country", help="ISO country code, for public holidays."),
    click.option("--tz", help="Time zone of its office (IANA)."),
    click.option("--domain", help="Email domain, e.g. acme.com."),
    click.option("--feed", "feeds", multiple=True, help="News feed URL (RSS/Atom); repeatable."),
    click.option(
        "--pace",
        type=click.Choice(["fast", "standard", "relaxed"]),
        help="Override the industry's pace.",
    ),
    click.option("--notes", help="Anything worth remembering."),
    click.option(
        "--article/--no-article",
        default=None,
        help='Whether the name takes "the" ("the Department for Education"); '
        "inferred from the name when not given.",
    ),
]


def _with_details(func: F) -> F:
    for option in reversed(_details):
        func = option(func)
    return func


def _show(company: Company, as_json: bool) -> None:
    if as_json:
        console.emit_json(asdict(company))
        return
    console.fields(
        [
            ("id", company.id),
            ("name", company.name),
            ("industry", company.industry),
            ("country", company.country),
            ("tz", company.tz),
            ("domain", company.domain),
            ("feeds", company.feeds),
            ("pace", company.pace),
            ("article", _article(company.article)),
            ("notes", company.notes),
        ]
    )


def _article(article: bool | None) -> str:
    return "inferred" if article is None else ("the" if article else "none")


@click.group()
def company() -> None:
    """Companies you apply to.

    \b
    Example:
      followup company add Acme --industry technology --country US --tz America/New_York
    """


@company.command("add")
@click.argument("name")
@_with_details
@json_option
@pass_app
def add(
    app: App, name: str, feeds: tuple[str, ...], as_json: bool, **details: str | bool | None
) -> None:
    """Add a company.

    \b
    Example:
      followup company add "Acme Corp" --industry software --domain acme.com
    """
    _show(companies.add(app, name, feeds=feeds or None, **details), as_json)


@company.command("list")
@json_option
@pass_app
def list_(app: App, as_json: bool) -> None:
    """List companies.

    \b
    Example:
      followup company list --json
    """
    found = companies.listing(app)
    if as_json:
        console.emit_json([asdict(c) for c in found])
        return
    console.table(
        ["id", "name", "industry", "country", "tz"],
        [(c.id, c.name, c.industry, c.country, c.tz) for c in found],
        title="companies",
    )


@company.command("show")
@click.argument("ref")
@json_option
@pass_app
def show(app: App, ref: str, as_json: bool) -> None:
    """Show one company, by id or name.

    \b
    Example:
      followup company show Acme
    """
    _show(companies.resolve(app, ref), as_json)


@company.command("edit")
@click.argument("ref")
@click.option("--name", help="A new name.")
@_with_details
@click.option("--infer-article", is_flag=True, help='Infer "the" from the name again.')
@json_option
@pass_app
def edit(
    app: App,
    ref: str,
    feeds: tuple[str, ...],
    infer_article: bool,
    as_json: bool,
    **changes: str | bool | None,
) -> None:
    """Change a company's details; only the options given change.

    \b
    Examples:
      followup company edit Acme --pace relaxed --feed https://acme.example/blog.rss
      followup company edit "Department for Education" --article
    """
    if infer_article:
        if changes.get("article") is not None:
            raise ValidationError("--infer-article", "give it or --article/--no-article, not both")
        changes["article"] = ""
    _show(companies.edit(app, ref, feeds=feeds or None, **changes), as_json)
