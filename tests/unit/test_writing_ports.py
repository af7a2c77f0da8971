"""The writing ports: note sources (file, stdin, memory) and the AI polisher's twin."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from followup.adapters.text.notes import FileNotes, MemoryNotes
from followup.adapters.text.polisher import MemoryPolisher
from followup.domain.errors import TooLarge, ValidationError
from followup.domain.records.followups import Kind
from followup.domain.writing.compose import Draft, compose
from followup.domain.writing.context import NoteContext, Person
from followup.services.writing import lint
from followup.services.writing import polish as polishing
from tests.conftest import deps_of

NOTE = b"Subject: Thank you\n\nHi Ana,\n\nThank you for today.\n\nSam\n"


def test_the_file_source_and_its_twin_read_alike(tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_bytes(NOTE)
    real, twin = FileNotes(), MemoryNotes({"note.txt": NOTE})
    assert real.read(str(tmp_path / "note.txt"), 1000) == twin.read("note.txt", 1000) == NOTE
    for source, name in ((real, str(tmp_path / "gone.txt")), (twin, "gone.txt")):
        with pytest.raises(ValidationError, match="no such file"):
            source.read(name, 1000)
    with pytest.raises(TooLarge, match="stdin: is over 10 bytes"):
        FileNotes(stdin=io.BytesIO(NOTE)).read("-", 10)
    with pytest.raises(TooLarge, match=r"note\.txt: is over 10 bytes"):
        twin.read("note.txt", 10)


def test_lint_reads_its_note_through_the_port() -> None:
    message = lint.read_note(deps_of(notes=MemoryNotes({"-": NOTE})), "-")
    assert message.note.subject == "Thank you" and "Thank you for today." in message.note.body


def _draft() -> tuple[NoteContext, Draft]:
    context = NoteContext(
        candidate_name="Sam Lee",
        company="Acme Analytics",
        role="Data Engineer",
        recipient=Person(name="Ana García", email="ana@acme.io"),
        others=(Person(name="Bo O'Neill", email="bo@acme.io"),),
    )
    return context, compose(Kind.THANK_YOU, context, renderer=deps_of().renderer)


def test_polish_goes_through_the_polisher_with_the_configured_model(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "config.toml").write_text('[ai]\nmodel = "tiny"\n')
    twin = MemoryPolisher()
    context, draft = _draft()
    result = polishing.polish(deps_of(polisher=twin), draft, context)
    assert result.accepted and result.draft == draft
    [(body, system, model)] = twin.calls
    assert body == draft.body and "Keep every name" in system and model == "tiny"


def test_a_rewrite_that_names_the_wrong_person_is_refused() -> None:
    twin = MemoryPolisher(lambda body: body.replace("Ana", "Bo"))
    context, draft = _draft()
    result = polishing.polish(deps_of(polisher=twin), draft, context)
    assert not result.accepted and "Bo" in result.reason
    assert result.draft == draft
