"""Issue 17 §2: bad input gets one clear line naming what and where, and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from followup.domain import backup
from followup.domain.errors import ValidationError
from tests.conftest import Invoke

# What Python makes of the byte 0xE9 in argv (not UTF-8): a lone surrogate.
CAFE = b"caf\xe9".decode("utf-8", "surrogateescape")


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["company", "add", CAFE], "argument 3"),
        (["app", "add", "--company", CAFE, "--role", "Dev"], "--company"),
        (["app", "add", f"--company={CAFE}", "--role", "Dev"], "--company"),
        (["app", "add", "--company", "Acme", "--role", CAFE], "--role"),
    ],
)
def test_invalid_utf8_arguments_are_refused_by_name(
    run: Invoke, profile: None, args: list[str], named: str
) -> None:
    """Before: a UnicodeEncodeError, shown as an internal error."""
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {named}: is not valid UTF-8 text")
    assert result.stderr.count("\n") == 1
    assert run("app", "list", "--json").stdout.strip() == "[]"


def test_lone_surrogates_in_a_debrief_name_the_field(
    run: Invoke, profile: None, tmp_path: Path
) -> None:
    path = tmp_path / "debrief.json"
    path.write_text(
        '{"company": {"name": "Acme"}, "role": "Dev",'
        ' "interview": {"end": "2026-11-24T15:00:00-05:00"},'
        ' "interviewers": [{"name": "Grace", "topics": ["\\ud800x"]}]}'
    )
    result = run("interview", "add", "--from", str(path))
    assert result.exit_code == 2
    assert "interviewers[0].topics[0]: is not valid text (U+D800" in result.stderr
    assert run("app", "list", "--json").stdout.strip() == "[]"


def test_lone_surrogates_in_a_backup_name_the_record() -> None:
    data = json.loads(
        '{"format": "followup-backup", "version": 2, '
        '"companies": [{"id": 1, "name": "Ac\\udcffme"}]}'
    )
    with pytest.raises(ValidationError) as caught:
        backup.from_data(data)
    assert caught.value.field == "companies[0].name" and "U+DCFF" in caught.value.problem


def test_name_and_email_are_parsed_strictly(run: Invoke, profile: None) -> None:
    """Before: the whole string became the name and the email was lost."""
    hostile = '"><img src=x onerror=alert(1)> <x2@evil.example>'
    result = run(
        "interview", "add", "--company", "Acme", "--role", "Dev", "--end", "2026-11-24",
        "--with", hostile,
    )  # fmt: skip
    assert result.exit_code == 2
    assert (
        result.stderr.startswith("error: --with: ")
        and "is not a name or Name <email>" in result.stderr
    )
    assert run("contact", "list", "--json").stdout.strip() == "[]"
    good = run(
        "interview", "add", "--company", "Acme", "--role", "Dev", "--end", "2026-11-24",
        "--with", "Grace Hopper <grace@acme.com>", "--json",
    )  # fmt: skip
    assert good.exit_code == 0, good.output
    people = json.loads(good.stdout)["interviewers"]
    assert [(p["name"], p["email"]) for p in people] == [("Grace Hopper", "grace@acme.com")]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["app", "add", "--company", "Acme", "--role", "Analyst\nBcc: x@evil.example"], "--role"),
        (["app", "add", "--company", "Acme", "--role", "Analyst\rBcc: x@evil.example"], "--role"),
        (["contact", "add", "Eve\r\nBcc: x@evil.example"], "name"),
        (["company", "add", "Acme\nBcc: x@evil.example"], "name"),
    ],
)
def test_typed_names_and_roles_with_line_breaks_are_refused(
    run: Invoke, profile: None, args: list[str], field: str
) -> None:
    """Before: the break became a space, and "Analyst Bcc: ..." reached a subject."""
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"error: {field}: must be one line (it contains a line break)\n"
