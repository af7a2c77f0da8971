"""Issue 17 §2: at most 50 interviewers per interview, with the same one-line error on every
path: the debrief (compose, interview add --from), repeated --with, an invite's attendees and
a backup. 10,000 interviewers in a debrief used to keep `compose` busy for more than 12 s."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from followup.domain.records.panel import MAX_INTERVIEWERS
from tests.conftest import Invoke

ROOT = Path(__file__).resolve().parents[2]
TOO_MANY = "interviewers; an interview has at most 50"


def _debrief(tmp_path: Path, count: int) -> Path:
    text = (ROOT / "examples" / "debrief.toml").read_text()
    text = text.split("[[interviewers]]", 1)[0]
    people = "".join(
        f'[[interviewers]]\nname = "Person {i}"\nemail = "p{i}@acme-analytics.example"\n\n'
        for i in range(count)
    )
    path = tmp_path / "panel.toml"
    path.write_text(text + people)
    return path


@pytest.mark.usefixtures("profile")
def test_compose_refuses_a_huge_panel_at_once(run: Invoke, tmp_path: Path) -> None:
    path = _debrief(tmp_path, 10_000)
    began = time.monotonic()
    result = run("compose", "thank-you", "--context", str(path))
    assert time.monotonic() - began < 5
    assert result.exit_code == 2
    assert result.stderr == f"error: {path}: interviewers: 10,000 {TOO_MANY}\n"


@pytest.mark.usefixtures("profile")
def test_a_debrief_at_the_cap_is_recorded(run: Invoke, tmp_path: Path) -> None:
    ok = run("interview", "add", "--from", str(_debrief(tmp_path, MAX_INTERVIEWERS)))
    assert ok.exit_code == 0, ok.stderr
    refused = run("interview", "add", "--from", str(_debrief(tmp_path, MAX_INTERVIEWERS + 1)))
    assert refused.exit_code == 2
    assert refused.stderr.endswith(f".toml: interviewers: 51 {TOO_MANY}\n")


@pytest.mark.usefixtures("profile")
def test_repeated_with_is_capped_on_add_and_edit(run: Invoke) -> None:
    people = [arg for i in range(51) for arg in ("--with", f"P{i} <p{i}@acme.example>")]
    base = ("--company", "Acme", "--role", "Dev", "--end", "2026-11-24T15:00")
    refused = run("interview", "add", *base, *people)
    assert refused.exit_code == 2
    assert refused.stderr == f"error: --with: 51 {TOO_MANY}\n"
    assert "Acme" not in run("app", "list").stdout  # nothing written
    assert run("interview", "add", *base, *people[:100]).exit_code == 0
    edited = run("interview", "edit", "1", *people)
    assert edited.exit_code == 2 and edited.stderr == f"error: --with: 51 {TOO_MANY}\n"


@pytest.mark.usefixtures("profile")
def test_an_invite_with_too_many_attendees_is_refused(run: Invoke, tmp_path: Path) -> None:
    attendees = "".join(f"ATTENDEE;CN=Person {i}:mailto:p{i}@acme.example\n" for i in range(60))
    invite = tmp_path / "all-hands.ics"
    invite.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//EN\nBEGIN:VEVENT\nUID:big@acme.example\n"
        "DTSTART:20261124T150000Z\nDTEND:20261124T160000Z\nSUMMARY:Interview with Acme\n"
        f"ORGANIZER;CN=Grace Hopper:mailto:grace@acme.example\n{attendees}"
        "END:VEVENT\nEND:VCALENDAR\n"
    )
    result = run("interview", "import", str(invite), "--company", "Acme", "--role", "Dev")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: attendees of 'Interview with Acme' on 2026-11-24 15:00")
    assert result.stderr.endswith(f": 60 {TOO_MANY}\n")
    assert run("interview", "list").stdout.count("Acme") == 0


def test_a_backup_with_a_huge_panel_is_refused(run: Invoke, tmp_path: Path) -> None:
    data = {
        "format": "followup-backup",
        "version": 2,
        "companies": [{"id": 1, "name": "Acme"}],
        "applications": [
            {
                "id": 1,
                "company_id": 1,
                "role": "Dev",
                "stage": "interviewing",
                "created_at": "2026-11-01T10:00:00+00:00",
            }
        ],
        "interviews": [
            {
                "id": 1,
                "application_id": 1,
                "end": "2026-11-24T15:00:00+00:00",
                "tz": "UTC",
                "interviewers": [{"contact_id": i} for i in range(1, 52)],
            }
        ],
    }
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(data))
    result = run("import", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}: interviews[0].interviewers: 51 {TOO_MANY}")
