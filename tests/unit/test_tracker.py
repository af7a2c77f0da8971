"""Tracker rows: column detection, --map, stages (unknown ones reported), dates, neutralised CSV."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.domain.errors import ValidationError
from followup.domain.imports import tracker
from followup.domain.imports.tracker import Field, Table
from followup.domain.records.model import Stage


def table(header: tuple[str, ...], *rows: tuple[str, ...]) -> Table:
    return Table(
        source="jobs.csv", header=header, rows=tuple((n, r) for n, r in enumerate(rows, 2))
    )


@pytest.mark.parametrize(
    "header",
    [
        ("Company", "Job Title", "Status", "Date Applied", "URL", "Location", "Contact", "Notes"),
        ("company name", "position", "stage", "applied", "link", "city", "recruiter", "comments"),
        (
            "\ufeffCOMPANY",
            "Role",
            "Application Status",
            "Applied On",
            "Job URL",
            "Location",
            "Contact Person",
            "Notes",
        ),
        (
            "Employer",
            "Title",
            "State",
            "Application Date",
            "Posting",
            "Office",
            "Contact Name",
            "Remarks",
        ),
    ],
)
def test_common_header_names_are_detected(header: tuple[str, ...]) -> None:
    found = tracker.detect(header)
    assert found[Field.COMPANY] == 0
    assert found[Field.ROLE] == 1
    assert found[Field.STAGE] == 2
    assert found[Field.APPLIED] == 3
    assert found[Field.URL] == 4
    assert found[Field.LOCATION] == 5
    assert found[Field.CONTACT] == 6
    assert found[Field.NOTES] == 7


def test_map_overrides_detection() -> None:
    header = ("Org", "What", "Position", "City")
    found = tracker.detect(header, tracker.parse_map(["company=Org", "role=What"]))
    assert (found[Field.COMPANY], found[Field.ROLE]) == (0, 1)
    assert found[Field.LOCATION] == 3
    assert Field.STAGE not in found


def test_no_recognisable_columns_is_one_clear_error() -> None:
    with pytest.raises(ValidationError) as caught:
        tracker.detect(("foo", "bar", "baz"))
    message = str(caught.value)
    assert "no recognisable columns" in message
    assert "'foo', 'bar', 'baz'" in message
    assert "--map company=COLUMN" in message
    assert "\n" not in message


def test_a_missing_role_column_is_named() -> None:
    with pytest.raises(ValidationError, match="no role column"):
        tracker.detect(("Company", "Status"))


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        (["role"], "should look like"),
        (["colour=Job"], "is not one of"),
        (["role="], "should look like"),
    ],
)
def test_bad_map_options(values: list[str], problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        tracker.parse_map(values)


def test_a_map_to_a_missing_column_lists_the_columns() -> None:
    with pytest.raises(ValidationError, match=r"no column 'Nope' \(the columns are: 'A', 'B'\)"):
        tracker.detect(("A", "B"), {Field.COMPANY: "Nope"})


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("Applied", Stage.APPLIED),
        ("APPLICATION SENT", Stage.APPLIED),
        ("Phone Screen", Stage.SCREENING),
        ("Interviewing", Stage.INTERVIEWING),
        ("On-site", Stage.INTERVIEWING),
        ("Offer received", Stage.OFFER),
        ("Negotiating", Stage.OFFER),
        ("Hired", Stage.ACCEPTED),
        ("Not selected", Stage.REJECTED),
        ("I Withdrew", Stage.WITHDRAWN),
        ("No Response 👻", Stage.CLOSED),
        ("closed", Stage.CLOSED),
    ],
)
def test_stages_of_other_trackers(text: str, stage: Stage) -> None:
    assert tracker.stage_of(text) is stage


@pytest.mark.parametrize("text", ["Declined", "Wishlist", "Bookmarked", "Maybe later"])
def test_unknown_or_ambiguous_stages_are_not_guessed(text: str) -> None:
    assert tracker.stage_of(text) is None


def test_the_users_own_stage_words() -> None:
    words = tracker.parse_stage_map(["Declined=rejected", "Wish list = applied"])
    assert tracker.stage_of("declined", words) is Stage.REJECTED
    assert tracker.stage_of("WISH-LIST", words) is Stage.APPLIED
    with pytest.raises(ValidationError, match="is not one of"):
        tracker.parse_stage_map(["Ghosted=gone"])


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2024-03-05", "dmy", date(2024, 3, 5)),
        ("2024-03-05T10:00:00Z", "mdy", date(2024, 3, 5)),
        ("05/03/2024", "dmy", date(2024, 3, 5)),
        ("03/05/2024", "mdy", date(2024, 3, 5)),
        ("5.3.24", "dmy", date(2024, 3, 5)),
        ("5 Mar 2024", "mdy", date(2024, 3, 5)),
        ("March 5th, 2024", "dmy", date(2024, 3, 5)),
        ("Tue, 5 March 2024", "dmy", date(2024, 3, 5)),
    ],
)
def test_dates_as_trackers_write_them(text: str, order: str, expected: date) -> None:
    assert tracker.parse_date(text, order) == expected


@pytest.mark.parametrize("text", ["2024-02-30", "31/31/2024", "soon", "Smarch 5, 2024"])
def test_bad_dates_are_named(text: str) -> None:
    with pytest.raises(ValidationError, match="applied"):
        tracker.parse_date(text, "dmy")


def test_the_day_order_comes_from_an_unambiguous_date_in_the_column() -> None:
    assert tracker.day_order(["03/05/2024", "25/04/2024"]) == "dmy"
    assert tracker.day_order(["03/05/2024", "04/25/2024"]) == "mdy"
    assert tracker.day_order(["03/05/2024"]) == ""


def test_contacts_from_a_cell_and_an_email_column() -> None:
    assert tracker.contacts_of('Jane Doe <jane@acme.com>; "Bob, Jr." <bob@acme.com>') == (
        ("Jane Doe", "jane@acme.com"),
        ("Bob, Jr.", "bob@acme.com"),
    )
    assert tracker.contacts_of("Jane Doe", "jane@acme.com") == (("Jane Doe", "jane@acme.com"),)
    assert tracker.contacts_of("", "jane@acme.com") == (("", "jane@acme.com"),)
    assert tracker.contacts_of("", "") == ()


def test_rows_are_mapped_and_bad_ones_reported_with_their_line() -> None:
    header = ("Company", "Position", "Status", "Date Applied", "URL", "Location", "Contact")
    rows, problems = tracker.map_rows(
        table(
            header,
            (
                "Acme",
                "Data Engineer",
                "Interviewing",
                "25/04/2024",
                "https://acme.com/jobs/1",
                "Berlin",
                "Jane Doe <jane@acme.com>",
            ),
            ("Globex", "Analyst", "Wishlist", "", "", "", ""),
            ("", "Analyst", "Applied", "", "", "", ""),
            ("Initech", "SRE", "", "not a date", "", "", ""),
            ("Hooli", "PM", "applied", "03/05/2024", "acme.com/no-scheme", "", ""),
        ),
        tracker.detect(header),
    )
    assert [r.company for r in rows] == ["Acme", "Hooli"]
    acme, hooli = rows
    assert acme.stage is Stage.INTERVIEWING
    assert acme.applied == date(2024, 4, 25)
    assert acme.contacts == (("Jane Doe", "jane@acme.com"),)
    assert acme.location == "Berlin"
    assert hooli.applied == date(2024, 5, 3)  # day first, as 25/04/2024 showed
    assert hooli.url == ""
    assert "Link: acme.com/no-scheme" in hooli.notes
    assert [(p.line, p.field) for p in problems] == [(3, "stage"), (4, "company"), (5, "applied")]
    assert "'Wishlist' is not a stage we know" in problems[0].problem
    assert '--stage "Wishlist=STAGE"' in problems[0].problem


def test_an_exported_cell_is_read_back_as_it_was() -> None:
    header = ("Company", "Role", "Notes")
    rows, _ = tracker.map_rows(
        table(header, ("'=Acme", "'-Data Engineer", "'@note")), tracker.detect(header)
    )
    assert (rows[0].company, rows[0].role, rows[0].notes) == ("=Acme", "-Data Engineer", "@note")


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1 555", "'+1 555"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Acme", "Acme"),
        ("", ""),
    ],
)
def test_formula_cells_are_neutralised(cell: str, safe: str) -> None:
    assert tracker.neutralise(cell) == safe


@given(st.text())
def test_neutralise_then_unneutralise_round_trips(cell: str) -> None:
    safe = tracker.neutralise(cell)
    assert not safe.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert tracker.unneutralise(safe) == cell


@given(st.lists(st.lists(st.text(), min_size=3, max_size=3), max_size=5))
def test_every_exported_cell_is_safe_and_the_csv_parses_back(rows: list[list[str]]) -> None:
    text = tracker.to_csv(("A", "B", "C"), rows)
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert parsed[0] == ["A", "B", "C"]
    assert len(parsed) == len(rows) + 1
    for written, original in zip(parsed[1:], rows, strict=True):
        assert [tracker.unneutralise(c) for c in written] == original
        assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in written)
