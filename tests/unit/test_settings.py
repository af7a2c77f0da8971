"""The config file is parsed once into typed sections; a typo names its key."""

from __future__ import annotations

import re

import pytest

from followup.domain.errors import ValidationError
from followup.domain.writing.compose import Tone
from followup.settings import Config


def test_sections_are_typed_and_default_when_absent() -> None:
    config = Config.parse(
        {
            "compose": {"locale": "en", "tone": "warm", "contact_tones": {"Ana@Acme.io": "casual"}},
            "ai": {"model": "gpt-4o-mini"},
            "network": {"min_gap_days": 10},
        }
    )
    assert config.compose.tone is Tone.WARM
    assert config.compose.contact_tones == {"ana@acme.io": Tone.CASUAL}
    assert config.ai.model == "gpt-4o-mini"
    assert config.network.min_gap.days == 10
    assert config.news.fresh_for.days == 14  # absent: the defaults
    assert config.mail.smtp is None


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ({"netwrok": {}}, "netwrok: is not a known section (did you mean [network]?)"),
        ({"network": {"colour": 1}}, "network.colour: unknown setting"),
        ({"news": {"colour": 1}}, "news.colour: unknown setting"),
        ({"compose": {"tones": "warm"}}, "compose.tones: unknown setting"),
        ({"compose": {"company_tones": {"Acme": "shouty"}}}, "compose.company_tones.Acme:"),
        ({"ai": {"modle": "x"}}, "ai.modle: unknown setting"),
        ({"mail": {"form": "a@b.c"}}, "mail.form: is not a known setting"),
        ({"lint": {"selct": []}}, "lint.selct: unknown setting"),
        ({"policy": "fast"}, "policy: must be a table"),
    ],
)
def test_a_typo_anywhere_is_refused_when_the_file_is_read(raw: dict[str, object], key: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(key)):
        Config.parse(raw)
