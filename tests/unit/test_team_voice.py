"""The school's voice (issue 19): `[compose] sign_off` closes every note in place of the
composer's pick, is checked as config, and is linted in a sample note before an
organisation may save it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from followup.adapters.templates.jinja import renderer
from followup.domain.errors import ValidationError
from followup.domain.records.followups import Kind
from followup.domain.writing.compose import compose
from followup.domain.writing.context import NoteContext, Person
from followup.services.team import voice
from followup.settings import Config

CONTEXT = NoteContext(
    candidate_name="Sam Candidate",
    company="Acme",
    role="Data Engineer",
    recipient=Person(name="Ada Lovelace", email="ada@acme.test", topics=("the Spark migration",)),
)


def test_a_sign_off_replaces_the_composers_pick_in_every_kind() -> None:
    for kind in (Kind.THANK_YOU, Kind.STATUS_CHECK):
        plain = compose(kind, CONTEXT, renderer=renderer("en"))
        voiced = compose(kind, replace(CONTEXT, sign_off="With thanks,"), renderer=renderer("en"))
        assert "With thanks,\n" in voiced.body and "With thanks," not in plain.body


@pytest.mark.parametrize("bad", ["Kind\nregards,", "x" * 81, 3])
def test_a_sign_off_is_one_short_line(bad: object) -> None:
    with pytest.raises(ValidationError, match=r"compose\.sign_off"):
        _ = Config.parse({"compose": {"sign_off": bad}}).compose


def test_the_sample_note_is_clean_so_only_the_sign_off_can_fail_it() -> None:
    voice.check_sign_off("Kind regards,")  # the baseline: no error, no warning
    with pytest.raises(ValidationError, match="fails the linter: all-caps"):
        voice.check_sign_off("THANKS SO MUCH")
