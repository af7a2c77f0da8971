"""Spreadsheet exports read into a `Table`: the real TrackerSource, and its in-memory twin.

Real exports come with a byte-order mark (Excel), `;` as the delimiter (Excel in most of
Europe), commas and line breaks inside quoted cells, Windows-1252 bytes, and blank rows.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from followup.domain.errors import TooLarge, ValidationError
from followup.domain.imports.tracker import MAX_BYTES, MAX_ROWS, Table

_DELIMITERS = (",", ";", "\t", "|")
_BINARY = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")  # xlsx/ods (zip), xls (OLE), PDF


class CsvTracker:
    """TrackerSource over CSV files."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes

    def read(self, path: Path) -> Table:
        """The file's header and non-empty rows; any problem is one ValidationError naming it."""
        source = str(path)
        try:
            size = path.stat().st_size
            if size > self.max_bytes:
                raise TooLarge(source, f"is {size:,} bytes; the limit is {self.max_bytes:,}")
            with path.open("rb") as handle:
                data = handle.read(self.max_bytes + 1)
        except FileNotFoundError:
            raise ValidationError(source, "no such file") from None
        except IsADirectoryError:
            raise ValidationError(source, "is a folder, not a file") from None
        except OSError as exc:
            raise ValidationError(source, f"cannot be read: {exc.strerror or exc}") from None
        if len(data) > self.max_bytes:
            raise TooLarge(source, f"is larger than {self.max_bytes:,} bytes")
        return parse_csv(data, source)


def parse_csv(data: bytes, source: str) -> Table:
    """Decode, sniff the delimiter and split into rows; blank rows are dropped."""
    if not data.strip():
        raise ValidationError(source, "is empty")
    if data.startswith(_BINARY):
        raise ValidationError(
            source, "is a spreadsheet or binary file, not CSV: save or export it as CSV first"
        )
    notes: list[str] = []
    text, encoding = _decode(data, source, notes)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    header: tuple[str, ...] | None = None
    rows: list[tuple[int, tuple[str, ...]]] = []
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = tuple(c.strip() for c in cells)
                continue
            if len(rows) >= MAX_ROWS:
                raise TooLarge(source, f"has more than {MAX_ROWS:,} rows")
            rows.append((start, tuple(cells)))
    except csv.Error as exc:
        raise ValidationError(source, f"line {reader.line_num}: {exc}") from None
    if header is None:
        raise ValidationError(source, "has no rows")
    return Table(
        source=source,
        header=header,
        rows=tuple(rows),
        delimiter=delimiter,
        encoding=encoding,
        notes=tuple(notes),
    )


def _decode(data: bytes, source: str, notes: list[str]) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ValidationError(source, "is not valid UTF-16 text") from None
    if b"\x00" in data:
        raise ValidationError(source, "is a binary file, not CSV")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        notes.append("the file is not UTF-8; read as Windows-1252")
        return data.decode("cp1252", errors="replace"), "cp1252"


def _delimiter(text: str) -> str:
    """The delimiter the header line uses most, outside quotes; a comma when none is used."""
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    unquoted = re.sub(r'"[^"]*"', "", first)
    counts = {d: unquoted.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


class MemoryTracker:
    """The in-memory twin: tables held by path."""

    def __init__(self, tables: dict[str, Table] | None = None) -> None:
        self.tables = dict(tables or {})

    def add(self, path: str | Path, table: Table) -> None:
        self.tables[str(path)] = table

    def read(self, path: Path) -> Table:
        try:
            return self.tables[str(path)]
        except KeyError:
            raise ValidationError(str(path), "no such file") from None
