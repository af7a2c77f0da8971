"""Applications exported from another tracker or a spreadsheet, as rows to import.

The tracker adapter reads the file into a `Table`; everything here is pure: which
column holds which field (`--map FIELD=COLUMN` overrides), their stage in our terms
(an unknown stage is reported, never guessed), dates, and the neutralised cells of
a CSV export (reliability F7).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from followup.domain.errors import ValidationError
from followup.domain.records import fields
from followup.domain.records.model import Stage

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000


class Field(StrEnum):
    """What a column can hold; the names are the ones `--map FIELD=COLUMN` takes."""

    COMPANY = "company"
    ROLE = "role"
    STAGE = "stage"
    APPLIED = "applied"
    URL = "url"
    LOCATION = "location"
    CONTACT = "contact"
    CONTACT_EMAIL = "contact_email"
    NOTES = "notes"
    SOURCE = "source"


# Header names other trackers and spreadsheets use, compared after folding case and punctuation.
ALIASES: dict[Field, tuple[str, ...]] = {
    Field.COMPANY: (
        "company",
        "company name",
        "employer",
        "organization",
        "organisation",
        "org",
        "firm",
        "business",
    ),
    Field.ROLE: (
        "role",
        "job title",
        "title",
        "position",
        "job",
        "job position",
        "job role",
        "position title",
        "role title",
        "job name",
        "opening",
    ),
    Field.STAGE: (
        "status",
        "stage",
        "application status",
        "application stage",
        "state",
        "current status",
        "pipeline stage",
    ),
    Field.APPLIED: (
        "date applied",
        "applied",
        "applied on",
        "applied date",
        "application date",
        "date of application",
        "date",
        "date submitted",
        "submitted",
    ),
    Field.URL: (
        "url",
        "link",
        "job url",
        "job link",
        "posting",
        "posting url",
        "job posting",
        "listing",
        "job listing",
        "website",
        "application link",
    ),
    Field.LOCATION: ("location", "city", "place", "office", "job location"),
    Field.CONTACT: (
        "contact",
        "contact name",
        "contacts",
        "recruiter",
        "recruiter name",
        "contact person",
        "point of contact",
        "hiring contact",
    ),
    Field.CONTACT_EMAIL: ("contact email", "email", "recruiter email", "e mail", "contact e mail"),
    Field.NOTES: ("notes", "note", "comments", "comment", "remarks", "description"),
    Field.SOURCE: ("source", "found via", "found on", "job board", "channel", "referral"),
}

# Stage names other trackers use (Huntr, Teal, Simplify, Notion templates, spreadsheets).
# Words that could mean two things ("declined": by whom?) are left out on purpose.
STAGE_WORDS: dict[str, Stage] = {
    **dict.fromkeys(
        (
            "applied",
            "application sent",
            "application submitted",
            "submitted",
            "sent",
            "apply",
            "applied online",
            "resume sent",
            "cv sent",
            "awaiting response",
            "waiting",
            "pending",
            "in progress",
        ),
        Stage.APPLIED,
    ),
    **dict.fromkeys(
        (
            "screening",
            "screen",
            "phone screen",
            "recruiter screen",
            "recruiter call",
            "in review",
            "under review",
            "reviewing",
            "hr screen",
            "initial call",
        ),
        Stage.SCREENING,
    ),
    **dict.fromkeys(
        (
            "interview",
            "interviewing",
            "interviews",
            "interview scheduled",
            "onsite",
            "on site",
            "technical interview",
            "final round",
            "final interview",
            "first interview",
            "second interview",
            "assessment",
            "take home",
            "coding challenge",
            "interviewed",
            "in interview",
        ),
        Stage.INTERVIEWING,
    ),
    **dict.fromkeys(
        ("offer", "offered", "offer received", "negotiating", "negotiation", "offer extended"),
        Stage.OFFER,
    ),
    **dict.fromkeys(("accepted", "offer accepted", "hired", "signed", "joined"), Stage.ACCEPTED),
    **dict.fromkeys(
        (
            "rejected",
            "not selected",
            "rejection",
            "unsuccessful",
            "no offer",
            "turned down",
            "did not move forward",
            "not moving forward",
            "denied",
        ),
        Stage.REJECTED,
    ),
    **dict.fromkeys(
        (
            "withdrawn",
            "withdrew",
            "i withdrew",
            "withdraw",
            "offer declined",
            "declined offer",
            "not interested",
        ),
        Stage.WITHDRAWN,
    ),
    **dict.fromkeys(
        (
            "closed",
            "archived",
            "no response",
            "ghosted",
            "expired",
            "position closed",
            "filled",
            "job closed",
            "position filled",
        ),
        Stage.CLOSED,
    ),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    """A spreadsheet as read: its header, its non-empty rows with their line numbers."""

    source: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...] = ()
    delimiter: str = ","
    encoding: str = "utf-8"
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class TrackerRow:
    """One application as a tracker holds it, cleaned and mapped to our terms."""

    line: int
    company: str
    role: str
    stage: Stage | None = None  # None: the cell was empty
    stage_text: str = ""
    applied: date | None = None
    url: str = ""
    location: str = ""
    contacts: tuple[tuple[str, str], ...] = ()  # (name, email)
    notes: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RowProblem:
    """A row left out, and why; the user fixes the file or adds a mapping."""

    line: int
    field: str
    problem: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.problem}"


def fold(text: str) -> str:
    """A header or stage for matching: case, accents, emoji and punctuation folded away."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w]+|_", " ", text.casefold())
    return " ".join(text.split())


def parse_map(values: Iterable[str]) -> dict[Field, str]:
    """`--map FIELD=COLUMN` options as a mapping; errors name the option."""
    out: dict[Field, str] = {}
    for value in values:
        name, sep, column = value.partition("=")
        if not sep or not column.strip():
            raise ValidationError("--map", f'{value!r} should look like role="Job Title"')
        try:
            key = Field(name.strip().lower().replace("-", "_"))
        except ValueError:
            choices = ", ".join(f.value for f in Field)
            raise ValidationError("--map", f"{name!r} is not one of {choices}") from None
        out[key] = column.strip()
    return out


def parse_stage_map(values: Iterable[str]) -> dict[str, Stage]:
    """`--stage VALUE=STAGE` options: the user's own words for our stages."""
    out: dict[str, Stage] = {}
    for value in values:
        text, sep, stage = value.rpartition("=")
        if not sep or not text.strip():
            raise ValidationError("--stage", f'{value!r} should look like "Ghosted=closed"')
        try:
            out[fold(text)] = Stage(stage.strip().lower())
        except ValueError:
            choices = ", ".join(s.value for s in Stage)
            raise ValidationError("--stage", f"{stage!r} is not one of {choices}") from None
    return out


def detect(header: Sequence[str], overrides: Mapping[Field, str] | None = None) -> dict[Field, int]:
    """Which column holds which field: `overrides` first, then the known header names.

    Raises ValidationError when a mapped column does not exist, or when no company or
    no role column can be found ("no recognisable columns").
    """
    folded = [fold(h) for h in header]
    columns: dict[Field, int] = {}
    for key, column in (overrides or {}).items():
        wanted = fold(column)
        if wanted not in folded:
            shown = ", ".join(repr(h) for h in header if h.strip()) or "none"
            raise ValidationError("--map", f"no column {column!r} (the columns are: {shown})")
        columns[key] = folded.index(wanted)
    taken = set(columns.values())
    for key, aliases in ALIASES.items():
        if key in columns:
            continue
        for alias in aliases:
            if alias in folded and folded.index(alias) not in taken:
                columns[key] = folded.index(alias)
                taken.add(columns[key])
                break
    missing = [f.value for f in (Field.COMPANY, Field.ROLE) if f not in columns]
    if missing:
        shown = ", ".join(repr(h) for h in header if h.strip()) or "none"
        if len(missing) == 2 and len(columns) == 0:
            problem = f"no recognisable columns (found: {shown})"
        else:
            problem = f"no {' or '.join(missing)} column (found: {shown})"
        raise ValidationError(
            "columns", f"{problem}; name them with --map company=COLUMN --map role=COLUMN"
        )
    return columns


def stage_of(text: str, overrides: Mapping[str, Stage] | None = None) -> Stage | None:
    """Our stage for a tracker's word, or None when it is not known (it is never guessed)."""
    key = fold(text)
    if overrides and key in overrides:
        return overrides[key]
    if key in STAGE_WORDS:
        return STAGE_WORDS[key]
    try:
        return Stage(key)
    except ValueError:
        return None


_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    )
}


def day_order(values: Iterable[str]) -> str:
    """`dmy` or `mdy` for a column of numeric dates, from any unambiguous one; "" if none is."""
    for value in values:
        m = re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})\s*", value)
        if m:
            a, b = int(m[1]), int(m[2])
            if a > 12 >= b:
                return "dmy"
            if b > 12 >= a:
                return "mdy"
    return ""


def parse_date(value: str, order: str) -> date:
    """A date as trackers write it: ISO, `03/05/2024` in `order` (dmy/mdy), `5 Mar 2024`."""
    text = value.strip()
    iso = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?", text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        num = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})(?:[T ,].*)?", text)
        if num:
            a, b, y = int(num[1]), int(num[2]), int(num[3])
            year = y + 2000 if y < 100 else y
            return date(year, a, b) if order == "mdy" else date(year, b, a)
        words = re.fullmatch(
            r"(?:[A-Za-z]+,?\s+)?(?:(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?|([A-Za-z]+)\.?\s+"
            r"(\d{1,2})(?:st|nd|rd|th)?),?\s+(\d{4})",
            text,
        )
        if words:
            day = int(words[1] or words[4])
            month = _MONTHS.get((words[2] or words[3])[:3].lower())
            if month:
                return date(int(words[5]), month, day)
    except ValueError as exc:
        raise ValidationError("applied", f"{value!r} is not a real date ({exc})") from None
    raise ValidationError("applied", f"{value!r} is not a date such as 2024-03-05")


_ADDRESS = re.compile(r"^\s*\"?(?P<name>[^<>\"]*?)\"?\s*<(?P<email>[^<>]+)>\s*$")


def contacts_of(cell: str, email_cell: str = "") -> tuple[tuple[str, str], ...]:
    """People in a Contact cell: `Jane Doe <jane@x.com>; Bob`, plus a separate email column."""
    out: list[tuple[str, str]] = []
    parts = [p for p in re.split(r"[;\n]+", cell) if p.strip()]
    emails = [e.strip() for e in re.split(r"[;,\s]+", email_cell) if e.strip()]
    for i, part in enumerate(parts):
        m = _ADDRESS.match(part)
        if m:
            name, email = m["name"], m["email"]
        elif "@" in part and " " not in part.strip():
            name, email = "", part.strip()
        else:
            name, email = part, (emails[i] if i < len(emails) else "")
        out.append(
            (fields.name("contact", name, required=False), fields.email("contact email", email))
        )
    if not parts:
        out.extend(("", fields.email("contact email", e)) for e in emails)
    return tuple((n, e) for n, e in out if n or e)


def map_rows(
    table: Table,
    columns: Mapping[Field, int],
    *,
    stages: Mapping[str, Stage] | None = None,
    day_first: bool = True,
) -> tuple[list[TrackerRow], list[RowProblem]]:
    """Rows in our terms, and the rows left out with their reason.

    `day_first` decides `03/05/2024` only when no date in the column settles it.
    """
    applied_col = columns.get(Field.APPLIED)
    order = day_order(
        cells[applied_col]
        for _, cells in table.rows
        if applied_col is not None and applied_col < len(cells)
    ) or ("dmy" if day_first else "mdy")
    rows: list[TrackerRow] = []
    problems: list[RowProblem] = []

    def cell(cells: tuple[str, ...], key: Field) -> str:
        index = columns.get(key)
        if index is None or index >= len(cells):
            return ""
        return unneutralise(cells[index]).strip()

    for line, cells in table.rows:
        current = "company"
        try:
            company = fields.name("company", cell(cells, Field.COMPANY), required=False)
            current = "role"
            role = fields.line("role", cell(cells, Field.ROLE), limit=200)
            if not company or not role:
                missing = "company" if not company else "role"
                problems.append(RowProblem(line=line, field=missing, problem="is empty"))
                continue
            current = "stage"
            stage_text = fields.line("stage", cell(cells, Field.STAGE), limit=100)
            stage = stage_of(stage_text, stages) if stage_text else None
            if stage_text and stage is None:
                problems.append(
                    RowProblem(
                        line=line,
                        field="stage",
                        problem=f"{stage_text!r} is not a stage we know; map it with "
                        f'--stage "{stage_text}=STAGE" (one of '
                        f"{', '.join(s.value for s in Stage)})",
                    )
                )
                continue
            current = "applied"
            applied_text = cell(cells, Field.APPLIED)
            applied = parse_date(applied_text, order) if applied_text else None
            current = "url"
            url_text = cell(cells, Field.URL)
            url = fields.url("url", url_text) if re.match(r"https?://", url_text, re.I) else ""
            current = "contact"
            people = contacts_of(cell(cells, Field.CONTACT), cell(cells, Field.CONTACT_EMAIL))
            current = "notes"
            notes = fields.notes("notes", cell(cells, Field.NOTES), limit=20_000)
            if url_text and not url:
                notes = "\n".join(x for x in (notes, f"Link: {url_text}") if x)
            rows.append(
                TrackerRow(
                    line=line,
                    company=company,
                    role=role,
                    stage=stage,
                    stage_text=stage_text,
                    applied=applied,
                    url=url,
                    location=fields.line("location", cell(cells, Field.LOCATION), limit=200),
                    contacts=people,
                    notes=notes,
                    source=fields.line("source", cell(cells, Field.SOURCE), limit=200),
                )
            )
        except ValidationError as exc:
            problems.append(RowProblem(line=line, field=exc.field or current, problem=exc.problem))
    return rows, problems


# --- export --------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

EXPORT_HEADER = ("Company", "Role", "Stage", "Date Applied", "URL", "Contact", "Source", "Notes")


def neutralise(cell: str) -> str:
    """A cell no spreadsheet runs as a formula: `=`, `+`, `-`, `@`, tab, CR get a `'` first."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def unneutralise(cell: str) -> str:
    """Undo `neutralise` on import, so an export re-imports to the same values."""
    if cell.startswith("'") and cell[1:].startswith(_FORMULA_START):
        return cell[1:]
    return cell


def to_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """CSV text with every cell neutralised (reliability F7); CRLF line ends, as RFC 4180 says."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(c) for c in row])
    return buffer.getvalue()
