"""Jinja2 for the web pages: autoescape always on, strict undefined, user text only ever
passed in as variables (F10), never marked safe."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from followup.domain.records.zones import label

TEMPLATES = Path(__file__).resolve().parent / "templates"

NAV = (
    ("today", "/", "Today"),
    ("pipeline", "/pipeline", "Pipeline"),
    ("interview", "/interviews/new", "Log an interview"),
    ("network", "/network", "Network"),
    ("habits", "/habits", "Habits"),
    ("settings", "/settings", "Settings"),
)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def local(moment: datetime | None, tz: str = "UTC", fmt: str = "%a %-d %b %H:%M") -> str:
    """`Tue 25 Nov 09:00` in zone `tz`."""
    if moment is None:
        return ""
    return moment.astimezone(_zone(tz)).strftime(fmt)


def iso_local(moment: datetime | None, tz: str = "UTC") -> str:
    """The value an <input type=datetime-local> takes."""
    if moment is None:
        return ""
    return moment.astimezone(_zone(tz)).strftime("%Y-%m-%dT%H:%M")


def day(value: date | None) -> str:
    return value.strftime("%a %-d %b %Y") if value else ""


def city(tz: str) -> str:
    """`New York` for America/New_York."""
    if not tz or tz.startswith("Etc/"):
        return label(tz or "UTC")  # "UTC−05:00", never the sign-inverted "GMT+5"
    return tz.rsplit("/", 1)[-1].replace("_", " ")


class Pages:
    """Renders the page templates with what every page needs (nav, CSRF token)."""

    def __init__(self, folder: Path = TEMPLATES) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(folder),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
        )
        self.env.filters.update(local=local, iso_local=iso_local, day=day, city=city)
        self.env.globals["nav"] = NAV

    def render(
        self,
        request: Request,
        name: str,
        context: Mapping[str, Any] | None = None,
        *,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> HTMLResponse:
        values = dict(context or {})
        values.setdefault("page", "")
        values.setdefault("title", "followup")
        values["csrf"] = request.state.csrf
        values["signed_in"] = getattr(request.state, "signed_in", False)
        values["partial"] = request.headers.get("hx-request") == "true" and values.pop(
            "allow_partial", False
        )
        body = self.env.get_template(name).render(values)
        return HTMLResponse(body, status_code=status, headers=dict(headers or {}))

    def fragment(self, request: Request, name: str, context: Mapping[str, Any]) -> str:
        values = dict(context)
        values["csrf"] = request.state.csrf
        return self.env.get_template(name).render(values)
