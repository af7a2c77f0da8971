"""Output: JSON for scripts, plain or rich tables for people, text made safe for terminals."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

import click

# Controls and bidi formatting characters could rewrite or reorder what the terminal shows.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
RICH_MAX_ROWS = 300


def safe(value: object) -> str:
    """Text as it may be shown in a terminal: no control or bidi characters."""
    return _UNSAFE.sub("", str(value))


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    raise TypeError(f"cannot encode {type(value).__name__}")


def emit_json(data: Any) -> None:
    """Print data as JSON on stdout."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_default))


def out(text: str = "") -> None:
    click.echo(text)


def warn(text: str) -> None:
    click.echo(f"warning: {text}", err=True)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, title: str = "") -> None:
    """A table: rich on a terminal for small results, aligned plain text otherwise."""
    cells = [[safe(c) for c in row] for row in rows]
    if not cells:
        out(f"No {title or 'rows'}.")
        return
    if sys.stdout.isatty() and len(cells) <= RICH_MAX_ROWS:
        from rich.console import Console
        from rich.table import Table

        grid = Table(title=title or None, show_lines=False)
        for header in headers:
            grid.add_column(header, overflow="fold")
        for row in cells:
            grid.add_row(*row)
        Console().print(grid)
        return
    widths = [min(40, max([len(h)] + [len(r[i]) for r in cells])) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    for row in cells:
        lines.append(
            "  ".join(_clip(c, w).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        )
    click.echo("\n".join(lines))


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def fields(pairs: Sequence[tuple[str, object]]) -> None:
    """`label: value` lines for a `show` command."""
    width = max(len(label) for label, _ in pairs)
    for label, value in pairs:
        if value in (None, "", (), []):
            continue
        if isinstance(value, tuple | list):
            value = ", ".join(str(v) for v in value)
        out(f"{label.rjust(width)}: {safe(value)}")


def moment(value: datetime | None, tz: str) -> str:
    """An instant shown in a zone, e.g. `Tue 24 Nov 2026 15:00 EST`."""
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(tz))
    return local.strftime("%a %d %b %Y %H:%M ") + (local.tzname() or tz)
