"""Applications from other trackers' CSV exports, read from real files into a real SQLite
file: quoted commas, line breaks in cells, a BOM, semicolons, blank rows; re-imports
update; the CSV export is neutralised against formula injection (reliability F7)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from followup.adapters.clock import FixedClock
from followup.adapters.store.sqlite import SqliteStore
from followup.adapters.tracker.csv import CsvTracker, MemoryTracker, parse_csv
from followup.domain.errors import TooLarge, ValidationError
from followup.domain.records.model import Profile, Stage
from followup.services.imports import tracker as importing
from tests.conftest import deps_of

NOW = datetime(2024, 6, 1, 9, 0, tzinfo=UTC)

HUNTR = (
    "Company,Job Title,Status,Date Applied,URL,Location,Contact,Notes\r\n"
    '"Acme, Inc.",Data Engineer,Interviewing,2024-04-25,https://acme.com/jobs/1,"Berlin, DE",'
    '"Jane Doe <jane@acme.com>","Referred by Bob.\r\nFollow up in May."\r\n'
    "\r\n"
    ",,,,,,,\r\n"
    "Globex,Analyst,Applied,2024-05-02,,Remote,,\r\n"
    "Initech,SRE,Wishlist,,,,,\r\n"
)
# Excel in most of Europe: a BOM, semicolons, day-first dates, Windows line ends.
EXCEL_DE = (
    "\ufeffFirma;Position;Status;Beworben am;Link;Ort;Kontakt;Notizen\r\n"
    "Initech GmbH;Backend Engineer;Applied;25.04.2024;https://initech.de/jobs/7;Berlin;"
    'lea.braun@initech.de;"Gehalt: 70.000; remote möglich"\r\n'
    ";;;;;;;\r\n"
    "Hooli;Product Manager;Rejected;03.05.2024;;München;;\r\n"
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    found = SqliteStore(tmp_path / "followup.db")
    found.profile.save(
        Profile(name="Ada Lovelace", email="ada@example.org", tz="Europe/London", country="GB")
    )
    yield found
    found.close()


def write(tmp_path: Path, text: str, name: str = "jobs.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def run(store: SqliteStore, path: Path, **options: object) -> importing.CsvReport:
    deps = deps_of(store=store, clock=FixedClock(NOW), tracker=CsvTracker())
    return importing.import_csv(deps, path, **options)  # type: ignore[arg-type]


def test_quoted_commas_line_breaks_and_blank_rows(tmp_path: Path) -> None:
    table = CsvTracker().read(write(tmp_path, HUNTR))
    assert table.delimiter == ","
    assert table.header[:3] == ("Company", "Job Title", "Status")
    assert [line for line, _ in table.rows] == [2, 6, 7]  # blank rows dropped, lines kept
    first = table.rows[0][1]
    assert first[0] == "Acme, Inc."
    assert first[7] == "Referred by Bob.\r\nFollow up in May."


def test_a_bom_semicolons_and_day_first_dates(tmp_path: Path, store: SqliteStore) -> None:
    path = write(tmp_path, EXCEL_DE)
    table = CsvTracker().read(path)
    assert (table.delimiter, table.header[0]) == (";", "Firma")
    report = run(
        store,
        path,
        mapping=[
            "company=Firma",
            "role=Position",
            "applied=Beworben am",
            "url=Link",
            "location=Ort",
            "contact=Kontakt",
            "notes=Notizen",
        ],
    )
    assert report.problems == ()
    assert [r.action for r in report.rows] == ["add", "add"]
    apps = store.applications.list()
    assert [a.created_at.date() for a in apps] == [date(2024, 4, 25), date(2024, 5, 3)]
    assert apps[1].stage is Stage.REJECTED
    assert "Gehalt: 70.000; remote möglich" in apps[0].notes
    lea = store.contacts.find_by_email("lea.braun@initech.de")
    assert lea is not None and lea.name == "Lea Braun"


def test_windows_1252_and_utf16_files(tmp_path: Path) -> None:
    text = "Company,Role\r\nCafé Müller,Barista\r\n"
    legacy = CsvTracker().read(write(tmp_path, text, "old.csv", "cp1252"))
    assert legacy.rows[0][1][0] == "Café Müller"
    assert legacy.notes == ("the file is not UTF-8; read as Windows-1252",)
    wide = CsvTracker().read(
        write(tmp_path, "\ufeff" + text.replace(",", "\t"), "w.csv", "utf-16-le")
    )
    assert (wide.delimiter, wide.rows[0][1][0]) == ("\t", "Café Müller")


def test_import_adds_applications_contacts_and_reports_unknown_stages(
    tmp_path: Path, store: SqliteStore
) -> None:
    report = run(store, write(tmp_path, HUNTR))
    assert report.columns == {
        "company": "Company",
        "role": "Job Title",
        "stage": "Status",
        "applied": "Date Applied",
        "url": "URL",
        "location": "Location",
        "contact": "Contact",
        "notes": "Notes",
    }
    assert [(r.line, r.action, r.company) for r in report.rows] == [
        (2, "add", "Acme, Inc."),
        (6, "add", "Globex"),
    ]
    assert [(p.line, p.field) for p in report.problems] == [(7, "stage")]
    acme = store.applications.get(report.rows[0].application_id or 0)
    assert (acme.role, acme.stage, acme.url) == (
        "Data Engineer",
        Stage.INTERVIEWING,
        "https://acme.com/jobs/1",
    )
    assert acme.notes == "Referred by Bob.\nFollow up in May.\nLocation: Berlin, DE"
    assert acme.created_at.date() == date(2024, 4, 25)
    jane = store.contacts.find_by_email("jane@acme.com")
    assert jane is not None and jane.name == "Jane Doe"
    assert store.companies.find("Initech") is None  # the Wishlist row was left out


def test_dry_run_previews_and_writes_nothing(tmp_path: Path, store: SqliteStore) -> None:
    report = run(store, write(tmp_path, HUNTR), dry_run=True)
    assert report.dry_run
    assert [r.action for r in report.rows] == ["add", "add"]
    assert report.rows[0].contacts == 1
    assert store.applications.list() == [] and store.companies.list() == []
    assert store.contacts.list() == []


def test_reimport_updates_instead_of_duplicating(tmp_path: Path, store: SqliteStore) -> None:
    path = write(tmp_path, HUNTR)
    run(store, path)
    again = run(store, path)
    assert [r.action for r in again.rows] == ["unchanged", "unchanged"]
    assert len(store.applications.list()) == 2 and len(store.contacts.list()) == 1
    moved = HUNTR.replace("Globex,Analyst,Applied", "Globex,Analyst,Offer received")
    report = run(store, write(tmp_path, moved))
    assert [(r.action, r.changes) for r in report.rows] == [
        ("unchanged", ()),
        ("update", ("stage applied -> offer",)),
    ]
    globex = store.applications.get(report.rows[1].application_id or 0)
    assert globex.stage is Stage.OFFER
    assert [h.stage for h in globex.history] == [Stage.APPLIED, Stage.OFFER]
    assert len(store.applications.list()) == 2


def test_stage_words_of_the_user(tmp_path: Path, store: SqliteStore) -> None:
    report = run(store, write(tmp_path, HUNTR), stages=["Wishlist=applied"])
    assert report.problems == ()
    assert [r.company for r in report.rows] == ["Acme, Inc.", "Globex", "Initech"]


def test_no_recognisable_columns_writes_nothing(tmp_path: Path, store: SqliteStore) -> None:
    path = write(tmp_path, "Foo,Bar\r\n1,2\r\n")
    with pytest.raises(ValidationError, match=r"columns: no recognisable columns \(found: 'Foo', "):
        run(store, path)
    assert store.applications.list() == []


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "is empty"),
        (b"\r\n\r\n", "is empty"),
        (
            b"PK\x03\x04\x14\x00\x06\x00",
            "is a spreadsheet or binary file, not CSV: save or export it as CSV first",
        ),
        (b"Company,Role\n\x00\x01", "is a binary file, not CSV"),
        (b",,,\r\n,,\r\n ", "has no rows"),
    ],
)
def test_bad_files_are_one_clear_error(tmp_path: Path, data: bytes, problem: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    with pytest.raises(ValidationError) as caught:
        CsvTracker().read(path)
    assert str(caught.value) == f"{path}: {problem}"


def test_a_file_over_the_cap(tmp_path: Path) -> None:
    path = write(tmp_path, HUNTR)
    with pytest.raises(TooLarge, match="the limit is 100"):
        CsvTracker(max_bytes=100).read(path)


def test_export_neutralises_formula_cells_and_reimports_unchanged(
    tmp_path: Path, store: SqliteStore
) -> None:
    hostile = (
        "Company,Role,Status,Notes,Contact\r\n"
        '"=HYPERLINK(""http://evil.example"",""Acme"")",+Engineer,applied,@SUM(A1),'
        "-x <x@acme.com>\r\n"
        "Globex,Analyst,applied,Fine,\r\n"
    )
    run(store, write(tmp_path, hostile))
    text = importing.export_csv(deps_of(store=store))
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == [
        "Company",
        "Role",
        "Stage",
        "Date Applied",
        "URL",
        "Contact",
        "Source",
        "Notes",
    ]
    for row in rows[1:]:
        assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in row), row
    hostile_row = next(r for r in rows if r[1] == "'+Engineer")
    assert hostile_row[0] == '\'=HYPERLINK("http://evil.example","Acme")'
    assert hostile_row[5] == "'-x <x@acme.com>"
    assert hostile_row[7] == "'@SUM(A1)"
    assert next(r for r in rows if r[1] == "Analyst")[0] == "Globex"
    exported = write(tmp_path, text, "export.csv")
    again = run(store, exported)
    assert [r.action for r in again.rows] == ["unchanged", "unchanged"]
    assert len(store.applications.list()) == 2


def test_the_memory_twin_feeds_the_service_the_same_table(tmp_path: Path) -> None:
    path = write(tmp_path, HUNTR)
    table = parse_csv(path.read_bytes(), str(path))
    twin = MemoryTracker({str(path): table})
    assert twin.read(path) == CsvTracker().read(path)
    with pytest.raises(ValidationError, match="no such file"):
        twin.read(tmp_path / "missing.csv")
