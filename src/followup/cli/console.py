"""Output: JSON for scripts, plain or rich tables for people, text made safe for terminals."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

import click

# Controls and bidi formatting characters could rewrite or reorder what the terminal shows:
# C0 but tab and newline, DEL and C1, LRM/RLM, the embeddings and overrides, the isolates.
_UNSAFE = dict.fromkeys(
    [
        *range(0x09),
        *range(0x0B, 0x20),
        *range(0x7F, 0xA0),
        *(0x200E, 0x200F),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]
)
# A lone surrogate (from undecodable input) cannot be encoded for any terminal: show the
# replacement character instead of failing the whole output.
_UNSAFE.update(dict.fromkeys(range(0xD800, 0xE000), "\ufffd"))
RICH_MAX_ROWS = 300


def safe(value: object) -> str:
    """Text as it may be shown in a terminal: no control or bidi characters, and lone
    surrogates shown as U+FFFD."""
    text = str(value)
    # Each unsafe character is a control (Cc) or format (Cf) one, which isprintable()
    # rejects, so most cells skip the translation (a table calls this per cell).
    return text if text.isprintable() else text.translate(_UNSAFE)


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    raise TypeError(f"cannot encode {type(value).__name__}")


def emit_json(data: Any) -> None:
    """Print data as JSON on stdout."""
    click.echo(dumps(data))


def dumps(data: Any) -> str:
    """`json.dumps(data, ensure_ascii=False, indent=2, default=_default)`, the same text.

    With an indent the json module encodes in Python, line by line: that took a tenth of
    `followup agenda --json` (issue 16). Here the containers are laid out in Python and the
    values, the bulk of the work, are encoded by the C encoder.
    """
    parts: list[str] = []
    _layout(data, "\n", parts)
    return "".join(parts)


_ENCODE_STR = json.encoder.encode_basestring  # C when available, as json.dumps uses
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def _key(key: object) -> str:
    """A dict key as json.dumps writes it (the same types, in the same order)."""
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _ENCODE(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _layout(value: Any, newline: str, parts: list[str]) -> None:
    """Append `value` to parts, indented two spaces a level; `newline` ends with the
    current level's indentation."""
    if isinstance(value, str):
        parts.append(_ENCODE_STR(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, int):
        parts.append(int.__repr__(value))  # as json.dumps writes an int (or IntEnum)
    elif isinstance(value, float):
        parts.append(_ENCODE(value))  # NaN and the infinities as json.dumps writes them
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = newline + "  "
        sep = "{" + inner
        for key, item in value.items():
            parts.append(sep)
            parts.append(_ENCODE_STR(key if type(key) is str else _key(key)))
            kind = type(item)
            # Strings and None inline: most values are, and a call for each is most of the
            # cost of a long `agenda --json` (issue 16).
            if kind is str:
                parts.append(": ")
                parts.append(_ENCODE_STR(item))
            elif item is None:
                parts.append(": null")
            else:
                parts.append(": ")
                _layout(item, inner, parts)
            sep = "," + inner
        parts.append(newline + "}")
    elif isinstance(value, list | tuple):
        if not value:
            parts.append("[]")
            return
        inner = newline + "  "
        sep = "[" + inner
        for item in value:
            parts.append(sep)
            _layout(item, inner, parts)
            sep = "," + inner
        parts.append(newline + "]")
    else:
        _layout(_default(value), newline, parts)


def out(text: str = "") -> None:
    click.echo(text)


def warn(text: str) -> None:
    click.echo(f"warning: {text}", err=True)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, title: str = "") -> None:
    """A table: rich on a terminal for small results, aligned plain text otherwise."""
    if not rows:
        out(f"No {title or 'rows'}.")
        return
    if sys.stdout.isatty() and len(rows) <= RICH_MAX_ROWS:
        from rich.console import Console
        from rich.table import Table

        grid = Table(title=title or None, show_lines=False)
        for header in headers:
            grid.add_column(header, overflow="fold")
        for row in rows:
            grid.add_row(*(safe(cell) for cell in row))
        Console().print(grid)
        return
    # Column by column: one str() pass per column is cheaper than a tuple per row
    # (`app list` lays out 10,000 rows, issue 16).
    columns = [list(map(str, column)) for column in zip(*rows, strict=True)]
    # Checking each column whole is far cheaper than cleaning 10,000 rows cell by cell;
    # only a column with something to remove is cleaned (before clipping, which could
    # cut the character off and leave the cell one short of its width).
    columns = [
        column if "".join(column).isprintable() else list(map(safe, column)) for column in columns
    ]
    click.echo("\n".join(_aligned(headers, columns)))


def _aligned(headers: Sequence[str], columns: list[list[str]]) -> list[str]:
    """Lines with each column padded to its widest cell, clipped at 40 characters."""
    longest = [max(map(len, col)) for col in columns]
    widths = [min(40, max(len(h), n)) for h, n in zip(headers, longest, strict=True)]
    # Clipped into a new list: the caller may lay the same columns out again, cleaned.
    columns = [
        [_clip(c, width) for c in column] if n > width else column
        for column, n, width in zip(columns, longest, widths, strict=True)
    ]
    line = "  ".join(f"%-{w}s" for w in widths)
    rows = zip(*columns, strict=True)
    return [(line % tuple(headers)).rstrip(), *[(line % row).rstrip() for row in rows]]


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
    name = local.tzname() or tz
    if name[:1] in "+-" or tz.startswith("Etc/"):
        # A fixed offset: "UTC−05:00", not "-05" or the sign-inverted "Etc/GMT+5".
        from followup.domain.records.zones import offset_label

        name = offset_label(local.utcoffset() or timedelta())
    return local.strftime("%a %d %b %Y %H:%M ") + name
