"""Personal to team and back from the web (issue 19): a candidate uploads the file her
personal `followup export` wrote into her own, empty team account, and downloads it back
unchanged; nothing lands in anyone else's account."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from followup.adapters.store.sqlite import SqliteStore
from followup.domain import backup as backup_format
from followup.services import backup
from followup.services.team import removal, users
from tests.integration.teamcohort import NOW, Cohort, TeamClient


def _personal_export(cohort: Cohort, tmp_path: Path) -> bytes:
    """A personal SQLite database holding a copy of Bob's seeded records, exported as
    `followup export` writes it."""
    store = SqliteStore(tmp_path / "personal.db")
    loaded = backup_format.from_data(json.loads(removal.export(cohort.team, cohort.bob)))
    backup.restore(store, store.news, store.outbox, loaded)
    return backup.dumps(backup.export_data(store, store.news, store.outbox)).encode()


def _cleo(cohort: Cohort) -> TeamClient:
    cleo = users.add(cohort.team, NOW, "cleo@northfield.test", "candidate", name="Cleo")
    hashed = cohort.team.password_hash(cohort.admin.id)
    cohort.team.update_user(cleo.id, password_hash=hashed)
    client = cohort.client()
    client.sign_in(cleo.email)
    return client


def _upload(client: TeamClient, raw: bytes, name: str = "followup-export.json") -> Any:
    return client.post("/team/account/import", files={"export": (name, raw, "application/json")},
                       data={"csrf_token": client.csrf})  # fmt: skip


def test_a_personal_export_imports_from_the_web_and_downloads_back_unchanged(
    cohort: Cohort, tmp_path: Path
) -> None:
    raw = _personal_export(cohort, tmp_path)
    ada_before = removal.export(cohort.team, cohort.ada)
    bob_before = removal.export(cohort.team, cohort.bob)
    with _cleo(cohort) as cleo:
        assert cleo.get("/team/account/import").status_code == 200
        done = _upload(cleo, raw)
        assert done.status_code == 200, done.text
        assert "Imported" in done.text
        back = cleo.get("/team/account/export")
        assert back.status_code == 200
        assert back.content == raw  # lossless: byte for byte what the personal app wrote
        again = _upload(cleo, raw)  # an import never merges
        assert again.status_code == 409, again.text
    # only the signed-in candidate's account changed
    assert removal.export(cohort.team, cohort.ada) == ada_before
    assert removal.export(cohort.team, cohort.bob) == bob_before


@pytest.mark.parametrize(
    ("raw", "problem"),
    [(b"\xff\xfe", "is not UTF-8 text"), (b"{not json", "invalid JSON at line 1"),
     (b'{"version": 99}', "not a followup backup")],
)  # fmt: skip
def test_a_bad_file_is_refused_in_one_line_and_writes_nothing(
    cohort: Cohort, raw: bytes, problem: str
) -> None:
    with _cleo(cohort) as cleo:
        said = _upload(cleo, raw, "mine.json")
        assert said.status_code == 422, said.text
        assert problem in said.text and "mine.json" in said.text
        assert json.loads(cleo.get("/team/account/export").text)["companies"] == []


def test_only_a_candidate_imports(cohort: Cohort, tmp_path: Path) -> None:
    raw = _personal_export(cohort, tmp_path)
    with cohort.client() as coach:
        coach.sign_in(cohort.coach1.email)
        assert _upload(coach, raw).status_code == 403
