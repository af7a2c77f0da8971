"""Field cleaning: NFC, control characters, sizes, addresses, countries."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.domain.errors import TooLarge, ValidationError
from followup.domain.records import fields


def test_names_are_stored_in_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "José Ramírez")
    assert decomposed != "José Ramírez"
    assert fields.name("name", decomposed) == "José Ramírez"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Grace   Hopper ", "Grace Hopper"),
        ("Eve\u202egnp.exe", "Evegnp.exe"),  # right-to-left override removed
        ("Ann\x00a", "Anna"),
        ("李小龍", "李小龍"),
        ("O'Neil-Ramírez", "O'Neil-Ramírez"),
        ("line\nbreak", "line break"),
    ],
)
def test_lines_lose_controls_and_keep_letters(raw: str, clean: str) -> None:
    assert fields.line("name", raw) == clean


def test_required_name_must_not_be_empty() -> None:
    with pytest.raises(ValidationError, match="name: must not be empty"):
        fields.name("name", "  \u202e ")


def test_ten_megabyte_notes_are_refused_with_the_limit_named() -> None:
    with pytest.raises(TooLarge, match="limit is 100,000"):
        fields.notes("--notes", "x" * 10_000_000)


def test_notes_keep_line_breaks() -> None:
    assert fields.notes("notes", "a\r\nb\rc") == "a\nb\nc"


@pytest.mark.parametrize("bad", ["no-at-sign", "a@b", "a b@c.de", "x@y.z\r\nBcc: e@f.g", "<a@b.c>"])
def test_bad_email_addresses_are_refused(bad: str) -> None:
    with pytest.raises(ValidationError, match="is not an email address"):
        fields.email("--email", bad)


def test_email_domain_is_lower_cased() -> None:
    assert fields.email("e", "Grace.Hopper@ACME.com") == "Grace.Hopper@acme.com"


def test_unknown_country_lists_close_matches() -> None:
    with pytest.raises(ValidationError, match="close matches"):
        fields.country("--country", "XX")
    assert fields.country("c", "uk") == "GB"


def test_tags_deduplicate_case_insensitively_in_order() -> None:
    assert fields.tags("t", "Spark, SQL; spark\nAirflow") == ("Spark", "SQL", "Airflow")


def test_url_must_be_http() -> None:
    with pytest.raises(ValidationError, match="not an http"):
        fields.url("--feed", "file:///etc/passwd")


@given(st.text())
def test_cleaned_lines_never_contain_controls(text: str) -> None:
    try:
        cleaned = fields.line("x", text, limit=10**9)
    except ValidationError:
        return
    assert all(unicodedata.category(ch) != "Cc" for ch in cleaned)
    assert cleaned == unicodedata.normalize("NFC", cleaned) or cleaned == cleaned.strip()
