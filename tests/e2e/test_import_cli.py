"""`followup interview import`, `followup import --from csv` and `followup export --format csv`
through the command line: click's runner, and one real terminal session for the prompts."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import select
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

from tests.conftest import FIXTURES, Invoke

ICS = FIXTURES / "ics"


def error_line(stderr: str) -> str:
    """The one `error:` line; nothing that looks like a traceback."""
    assert "Traceback" not in stderr
    lines = [ln for ln in stderr.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.mark.usefixtures("profile")
def test_json_output_has_exactly_the_issues_shape(run: Invoke) -> None:
    result = run("interview", "import", str(ICS / "google_meet.ics"), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"interviews", "skipped"}
    (item,) = data["interviews"]
    assert set(item) == {
        "id",
        "application_id",
        "company",
        "role",
        "start",
        "end",
        "interviewers",
        "notes",
    }
    assert (item["company"], item["role"]) == ("Acme", "Data Engineer")
    assert datetime.fromisoformat(item["start"]) == datetime(2024, 11, 5, 15, 0, tzinfo=UTC)
    assert datetime.fromisoformat(item["end"]) == datetime(2024, 11, 5, 15, 45, tzinfo=UTC)
    assert item["interviewers"] == [
        {"name": "Bob Engineer", "email": "bob.engineer@acme.com"},
        {"name": "Carol Smith", "email": "carol.smith@acme.com"},
    ]
    assert "Meeting link: https://meet.google.com/abc-defg-hij" in item["notes"]
    assert data["skipped"] == []


@pytest.mark.usefixtures("profile")
def test_importing_again_updates_the_same_interview(run: Invoke) -> None:
    first = run("interview", "import", str(ICS / "google_meet.ics"))
    assert first.exit_code == 0 and first.stdout.startswith("Added interview 1: Acme")
    again = run("interview", "import", str(ICS / "google_meet_moved.ics"))
    assert again.stdout.startswith("Updated interview 1: Acme, Data Engineer - Wed 06 Nov 2024")
    cancelled = run("interview", "import", str(ICS / "google_meet_cancel.ics"))
    assert cancelled.stdout.startswith("Cancelled interview 1")
    listing = json.loads(run("interview", "list", "--json").stdout)
    assert [(i["id"], i["status"]) for i in listing] == [(1, "cancelled")]


@pytest.mark.usefixtures("profile")
def test_skipped_events_are_listed_with_their_reason(run: Invoke) -> None:
    result = run("interview", "import", str(ICS / "invalid_date.ics"), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["interviews"]) == 1
    assert data["skipped"] == [
        {
            "reason": "event 'Interview on the 30th of February': DTSTART "
            "is not valid (Wrong datetime format: 20240230T150000Z)"
        }
    ]


@pytest.mark.usefixtures("profile")
@time_machine.travel(datetime(2024, 3, 1, 12, 0, tzinfo=UTC), tick=False)
def test_several_events_are_listed_and_chosen(run: Invoke) -> None:
    path = str(ICS / "panel_recurring.ics")
    refused = run("interview", "import", path)
    assert refused.exit_code == 2
    assert "1. Mon 18 Mar 2024 10:00 CET  Vandelay Industries - Import Analyst - panel" in (
        refused.stderr
    )
    assert error_line(refused.stderr).endswith(
        "holds 3 events; choose with --event N (repeatable) or --all"
    )
    assert run("interview", "list", "--json").stdout.strip() == "[]"
    one = json.loads(run("interview", "import", path, "--event", "2", "--json").stdout)
    assert [i["start"][:16] for i in one["interviews"]] == ["2024-03-26T15:00"]
    every = json.loads(run("interview", "import", path, "--all", "--json").stdout)
    assert len(every["interviews"]) == 3
    assert len(json.loads(run("interview", "list", "--json").stdout)) == 3


@pytest.mark.usefixtures("profile")
def test_company_and_role_can_be_given_when_the_invite_does_not_say(run: Invoke) -> None:
    path = str(ICS / "calendly.ics")
    unset = run("interview", "import", path)
    assert unset.exit_code == 0 and "Hooli, role not set" in unset.stdout  # issue 17 §4
    done = run("interview", "import", path, "--role", "Product Manager", "--json")
    item = json.loads(done.stdout)["interviews"][0]
    assert (item["company"], item["role"]) == ("Hooli", "Product Manager")
    by_app = run(
        "interview",
        "import",
        str(ICS / "floating.ics"),
        "--app",
        str(item["application_id"]),
        "--json",
    )
    floating = json.loads(by_app.stdout)["interviews"][0]
    assert floating["application_id"] == item["application_id"]
    assert "read in your zone Europe/London" in floating["notes"]


@pytest.mark.usefixtures("profile")
@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("several_calendars.ics", "holds 2 calendars"),
        ("no_invite.eml", "is an email without a calendar invite"),
        ("secondly.ics", "nothing to import: event 'Every second': repeats secondly"),
        ("missing.ics", "no such file"),
    ],
)
def test_bad_invites_are_one_error_line(run: Invoke, name: str, problem: str) -> None:
    result = run("interview", "import", str(ICS / name))
    assert result.exit_code == 2
    line = error_line(result.stderr)
    assert line.startswith(f"error: {ICS / name}: ")
    assert problem in line


@pytest.mark.usefixtures("profile")
def test_csv_dry_run_import_and_export(run: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "huntr.csv"
    source.write_text(
        "\ufeffCompany;Job Title;Status;Date Applied;Contact\r\n"
        '"Acme; Inc.";Data Engineer;Interviewing;2024-04-25;Jane Doe <jane@acme.com>\r\n'
        ";;;;\r\n"
        "=cmd|' /C calc'!A0;Analyst;applied;2024-05-02;\r\n"
        "Initech;SRE;Declined;;\r\n",
        encoding="utf-8",
    )
    preview = run("import", "--from", "csv", str(source), "--dry-run")
    assert preview.exit_code == 0, preview.stderr
    assert "Would add 2, would update 0, unchanged 0, left out 1." in preview.stdout
    assert "left out line 5: stage: 'Declined' is not a stage we know" in preview.stderr
    assert json.loads(run("app", "list", "--json").stdout) == []

    done = run("import", "--from", "csv", str(source), "--json")
    report = json.loads(done.stdout)
    assert [r["action"] for r in report["rows"]] == ["add", "add"]
    assert report["problems"][0]["line"] == 5
    again = json.loads(run("import", "--from", "csv", str(source), "--json").stdout)
    assert [r["action"] for r in again["rows"]] == ["unchanged", "unchanged"]

    exported = run("export", "--format", "csv")
    rows = list(csv.reader(io.StringIO(exported.stdout, newline="")))
    assert rows[0][:3] == ["Company", "Role", "Stage"]
    assert sorted(r[0] for r in rows[1:]) == ["'=cmd|' /C calc'!A0", "Acme; Inc."]
    target = tmp_path / "apps.csv"
    assert run("export", "--format", "csv", "-o", str(target)).exit_code == 0
    assert target.stat().st_mode & 0o777 == 0o600
    assert target.read_text(encoding="utf-8") == exported.stdout


@pytest.mark.usefixtures("profile")
def test_csv_with_no_recognisable_columns(run: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "x.csv"
    source.write_text("Foo,Bar\n1,2\n")
    result = run("import", "--from", "csv", str(source))
    assert result.exit_code == 2
    assert "columns: no recognisable columns (found: 'Foo', 'Bar')" in error_line(result.stderr)
    assert run("import", "backup.json", "--map", "role=Title").exit_code == 2


# --- a real terminal: confirm the guesses, then the debrief -------------------------


def _expect(fd: int, text: str, seen: list[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while text not in "".join(seen):
        left = deadline - time.monotonic()
        assert left > 0, f"waited for {text!r}; got {''.join(seen)!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                chunk = b""
            assert chunk, f"process ended before {text!r}; got {''.join(seen)!r}"
            seen.append(chunk.decode(errors="replace"))


@pytest.mark.usefixtures("profile")
def test_a_person_at_a_terminal_confirms_and_records_the_debrief(run: Invoke) -> None:
    main, other = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "followup", "interview", "import", str(ICS / "calendly.ics")],
        stdin=other,
        stdout=other,
        stderr=other,
        env=os.environ.copy(),
        close_fds=True,
    )
    os.close(other)
    seen: list[str] = []
    try:
        for prompt, answer in [
            ("Company [Hooli]:", ""),
            ("Role:", "Product Manager"),
            ("Record the debrief for interview 1 now?", "y"),
            ("Topics you discussed", "ranking experiments, search latency"),
            ("Their projects that came up", "Hooli Search"),
            ("Your skills that fit", "Python; SQL"),
            ("When will they decide?", "2024-06-07"),
        ]:
            _expect(main, prompt, seen)
            os.write(main, answer.encode() + b"\r")
        _expect(main, "Saved the debrief for interview 1.", seen)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(main)
    output = "".join(seen)
    assert "guessed company 'Hooli' from the address domain hooli.com" in output
    shown = json.loads(run("interview", "show", "1", "--json").stdout)
    assert shown["topics"] == ["ranking experiments", "search latency"]
    assert shown["projects"] == ["Hooli Search"]
    assert shown["skills"] == ["Python", "SQL"]
    assert shown["decision_by"] == "2024-06-07"
