"""Issue 17 §2: bad input gets one clear line naming what and where, and writes nothing."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
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
    assert result.stderr.startswith(f"error: {field}: must be one line (it contains a line break")


def test_export_refuses_a_device_or_pipe_and_leaves_it(
    run: Invoke, profile: None, tmp_path: Path
) -> None:
    """Before: the atomic rename replaced the pipe with a regular file."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    result = run("export", "-o", str(pipe))
    assert result.exit_code == 2
    assert result.stderr == f"error: {pipe}: is not a regular file; give a file path to write\n"
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_export_into_a_missing_folder_is_one_line(
    run: Invoke, profile: None, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "dir" / "x.json"
    result = run("export", "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr == f"error: {target}: cannot write: no folder {target.parent}\n"


def test_lint_explain_nothing_is_one_line(run: Invoke) -> None:
    result = run("lint", "--explain", "")
    assert result.exit_code == 2
    assert result.stderr == "error: --explain: give a rule name, such as pushy-tone\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["export"], ["app", "list"], ["agenda"], ["doctor"]])
def test_a_full_disk_on_stdout_is_exit_1_with_a_line(
    isolated_home: Path, command: list[str]
) -> None:
    """Before: `export > /dev/full` exited 0, others ended in an internal error."""
    exe = shutil.which("followup", path=str(Path(sys.executable).parent))
    env = {**os.environ, "FOLLOWUP_HOME": str(isolated_home)}
    init = ["init", "--name", "Ada", "--email", "ada@example.org", "--tz", "Europe/London"]
    assert subprocess.run([exe, *init], env=env, capture_output=True).returncode == 0  # type: ignore[list-item]
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [exe, *command],  # type: ignore[list-item]
            env=env,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    assert done.stderr == "error: cannot write the output: No space left on device\n"


def test_a_reader_that_goes_away_is_quiet(isolated_home: Path) -> None:
    """`followup export | head -1`: no BrokenPipeError, no internal error."""
    exe = shutil.which("followup", path=str(Path(sys.executable).parent))
    env = {**os.environ, "FOLLOWUP_HOME": str(isolated_home)}
    init = ["init", "--name", "Ada", "--email", "ada@example.org", "--tz", "Europe/London"]
    assert subprocess.run([exe, *init], env=env, capture_output=True).returncode == 0  # type: ignore[list-item]
    proc = subprocess.Popen(
        [exe, "export"],  # type: ignore[list-item]
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(1)
    proc.stdout.close()
    proc.wait(timeout=60)
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert "internal error" not in err and "Traceback" not in err


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize(
    ("args", "cap"),
    [
        (["interview", "add", "--from", "/dev/zero"], "1,000,000 bytes"),
        (["import", "/dev/zero"], "200,000,000 bytes"),
    ],
)
def test_endless_files_stop_at_the_cap(
    run: Invoke, profile: None, args: list[str], cap: str
) -> None:
    """Before: /dev/zero has size 0, passed the size check and was read until MemoryError."""
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr == f"error: /dev/zero: is larger than the limit of {cap}\n"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_config_file_stops_at_the_cap(
    run: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOLLOWUP_CONFIG", "/dev/zero")
    result = run("app", "list")
    assert result.exit_code == 2
    assert result.stderr == "error: /dev/zero: is larger than the limit of 1,000,000 bytes\n"


@pytest.mark.parametrize("depth", [1_000, 100_000])
@pytest.mark.parametrize("kind", ["debrief.json", "debrief.toml", "backup.json", "config.toml"])
def test_deep_nesting_is_one_line(
    run: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, depth: int
) -> None:
    """Before: RecursionError, shown as an internal error."""
    path = tmp_path / kind
    nested = "[" * depth + "]" * depth
    path.write_text(f"a = {nested}\n" if kind.endswith(".toml") else nested)
    if kind == "config.toml":
        monkeypatch.setenv("FOLLOWUP_CONFIG", str(path))
        args = ["app", "list"]
    else:
        args = (
            ["import", str(path)]
            if kind == "backup.json"
            else ["interview", "add", "--from", str(path)]
        )
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"error: {path}: is nested too deeply to read\n"


ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("SEQUENCE:0", f"SEQUENCE:{2**63}"), f"has a SEQUENCE of {2**63}, out of range"),
        (
            ("20240520T143000Z", "99991231T143000Z"),
            "DTSTART is in year 9999, out of range (from 1900 to 2199)",
        ),
        (
            ("20240520T143000Z", "00010101T143000Z"),
            "DTSTART is in year 1, out of range (from 1900 to 2199)",
        ),
    ],
)
def test_invite_values_out_of_range_are_one_line(
    run: Invoke, profile: None, tmp_path: Path, change: tuple[str, str], problem: str
) -> None:
    """Before: OverflowError at the store, or an interview in year 1 that broke plans."""
    text = (ROOT / "tests/fixtures/ics/calendly.ics").read_text()
    text = text.replace(*change).replace("DTEND:20240520T150000Z", "DURATION:PT30M")
    path = tmp_path / "invite.ics"
    path.write_text(text)
    result = run("interview", "import", str(path), "--role", "Dev")
    assert result.exit_code == 2, result.output
    assert problem in result.stderr and result.stderr.count("\n") == 1
    assert run("interview", "list", "--json").stdout.strip() == "[]"


def test_calendar_export_refuses_a_pipe_and_leaves_it(
    run: Invoke, profile: None, tmp_path: Path
) -> None:
    """The same atomic rename as `export -o`: a device such as /dev/null would be replaced."""
    pipe = tmp_path / "pipe.ics"
    os.mkfifo(pipe)
    result = run("calendar", "export", str(pipe))
    assert result.exit_code == 2
    assert result.stderr == f"error: {pipe}: is not a regular file; give a file path to write\n"
    assert stat.S_ISFIFO(pipe.stat().st_mode)


@pytest.mark.parametrize("contact", ["¹", "²", "٣"])
def test_a_non_ascii_digit_is_a_name_not_an_id(run: Invoke, profile: None, contact: str) -> None:
    # str.isdigit() says yes to "¹" and "٣"; int() does not: found by the hostile sweep.
    result = run("reply", "add", "--contact", contact, "--json")
    assert "internal error" not in result.stderr
    assert result.exit_code in (1, 2)
