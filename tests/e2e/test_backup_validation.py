"""Issue 17 §2: a backup's records meet the validators typed input meets. Every bad record
is reported with its path (`contacts[1].email`) on one line, and nothing is written; a
dangling reference names the entry and key, never "FOREIGN KEY constraint failed"."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke


def _backup(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "followup-backup",
        "version": 2,
        "profile": {
            "name": "Ada",
            "email": "ada@example.org",
            "tz": "Europe/London",
            "country": "GB",
        },
        "companies": [{"id": 1, "name": "Acme"}],
        "contacts": [
            {"id": 1, "name": "Grace Hopper", "email": "grace@acme.example", "company_id": 1}
        ],
        "applications": [
            {"id": 1, "company_id": 1, "role": "Dev", "created_at": "2026-11-01T10:00:00+00:00"}
        ],
        "interviews": [
            {
                "id": 1,
                "application_id": 1,
                "end": "2026-11-24T15:00:00+00:00",
                "tz": "Europe/London",
                "interviewers": [{"contact_id": 1, "topics": ["Spark"]}],
                "topics": ["data quality"],
            }
        ],
    }
    for path, value in changes.items():
        target = data
        *parents, last = path.split("__")
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[last] = value
    return data


def _import(run: Invoke, tmp_path: Path, data: dict[str, Any]) -> tuple[int, str]:
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(data))
    result = run("import", str(path))
    return result.exit_code, result.stderr.replace(f"{path}: ", "")


def test_a_good_backup_imports(run: Invoke, tmp_path: Path) -> None:
    assert _import(run, tmp_path, _backup()) == (0, "")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"contacts__0__email": "not an email"},
            "contacts[0].email: 'not an email' is not an email address",
        ),
        ({"profile__tz": "Mars/Olympus"}, "profile.tz: unknown time zone 'Mars/Olympus'"),
        ({"interviews__0__topics": [1, 2]}, "interviews[0].topics[0]: must be a string"),
        (
            {"interviews__0__interviewers__0__topics": [{"a": 1}]},
            "interviews[0].interviewers[0].topics[0]: must be a string",
        ),
        ({"contacts__0__company_id": 7}, "contacts[0].company_id: no company 7 in this backup"),
        (
            {"interviews__0__interviewers__0__contact_id": 9},
            "interviews[0].interviewers[0].contact_id: no contact 9 in this backup",
        ),
        (
            {"interviews__0__application_id": 4},
            "interviews[0].application_id: no application 4 in this backup",
        ),
        ({"interviews__0__round": 0}, "interviews[0].round: must be a whole number from 1 to 50"),
        ({"companies__0__country": "XX"}, "companies[0].country: unknown country code 'XX'"),
    ],
)
def test_bad_records_are_named_and_nothing_is_written(
    run: Invoke, tmp_path: Path, changes: dict[str, Any], message: str
) -> None:
    code, stderr = _import(run, tmp_path, _backup(**changes))
    assert code == 2
    assert stderr.startswith(f"error: {message}"), stderr
    assert stderr.count("\n") == 1 and "FOREIGN KEY" not in stderr
    assert json.loads(run("export").stdout)["companies"] == []


def test_every_bad_record_is_reported_at_once(run: Invoke, tmp_path: Path) -> None:
    data = _backup(profile__tz="EST", interviews__0__topics=["ok", 3])
    data["contacts"].append({"id": 2, "name": "Bad", "email": "@@", "company_id": 5})
    code, stderr = _import(run, tmp_path, data)
    assert code == 2
    for path in ("profile.tz", "contacts[1].email", "contacts[1].company_id", "topics[1]"):
        assert path in stderr, stderr
    assert stderr.count("\n") == 1
