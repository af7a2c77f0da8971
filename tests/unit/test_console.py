"""cli.console: text made safe for terminals, and plain tables laid out as they always were."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.cli import console
from followup.domain.records.model import Stage

# The rule as first written (one regex per cell): the faster code must agree with it.
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
SURROGATE = re.compile("[\ud800-\udfff]")
TRICKY = "\x00\x07\t\n\x0b\x1b\x7f\x85\x9f\u200b\u200e\u200f\u202a\u202e\u2066\u2069\u00e9\u4e2d"


def reference_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """The plain-text layout before issue 3's speed-up, kept as the oracle."""
    cells = [[SURROGATE.sub("\ufffd", UNSAFE.sub("", str(c))) for c in row] for row in rows]
    widths = [min(40, max([len(h)] + [len(r[i]) for r in cells])) for i, h in enumerate(headers)]

    def clip(text: str, width: int) -> str:
        return text if len(text) <= width else text[: width - 1] + "…"

    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    for row in cells:
        lines.append(
            "  ".join(clip(c, w).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        )
    return "\n".join(lines) + "\n"


def test_safe_removes_exactly_what_the_rule_names() -> None:
    for char in map(chr, range(0x3000)):
        text = f"a{char}b"
        assert console.safe(text) == UNSAFE.sub("", text), hex(ord(char))


@given(st.text(alphabet=st.characters() | st.sampled_from(TRICKY)))
def test_safe_matches_the_rule_on_any_text(text: str) -> None:
    # A lone surrogate is shown as U+FFFD (it cannot be encoded for any terminal).
    assert console.safe(text) == SURROGATE.sub("\ufffd", UNSAFE.sub("", text))


def test_safe_shows_values_as_text() -> None:
    assert console.safe(Stage.OFFER) == "offer"
    assert console.safe(date(2026, 12, 4)) == "2026-12-04"
    assert console.safe("Zoë\u202e") == "Zoë"


def test_a_lone_surrogate_is_shown_as_the_replacement_character(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert console.safe("caf\udce9") == "caf\ufffd"
    console.table(["company"], [("caf\udce9",)])
    assert "caf\ufffd" in capsys.readouterr().out


cell = st.one_of(
    st.text(alphabet=st.characters() | st.sampled_from(TRICKY), max_size=60),
    st.integers(min_value=0, max_value=10**6),
    st.sampled_from(list(Stage)),
    st.dates().map(str),
)


@given(st.lists(st.tuples(cell, cell, cell), min_size=1, max_size=30))
def test_plain_tables_are_laid_out_as_before(
    capsys: pytest.CaptureFixture[str], rows: list[tuple[object, object, object]]
) -> None:
    capsys.readouterr()
    console.table(["id", "company", "role"], rows)
    assert capsys.readouterr().out == reference_table(["id", "company", "role"], rows)


def test_long_cells_are_clipped_and_unsafe_ones_cleaned_before_measuring(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = [(1, "A" * 50, Stage.APPLIED), (22, "\x1b[31mred\x1b[0m", "")]
    console.table(["id", "company", "stage"], rows)
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == f"1   {'A' * 39}…  applied"
    assert lines[2].startswith("22  [31mred[0m") and "\x1b" not in lines[2]
    assert lines[2] == lines[2].rstrip()


def test_an_empty_table_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    console.table(["id"], [], title="applications")
    assert capsys.readouterr().out == "No applications.\n"


_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and the infinities too: json.dumps writes them as NaN, Infinity
    | st.text()
    | st.dates()
    | st.sampled_from(Stage)
)
_KEYS = st.text() | st.integers() | st.floats() | st.booleans() | st.none()


@given(
    st.recursive(
        _LEAVES,
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.tuples(inner, inner)
            | st.frozensets(st.integers(), max_size=3)
            | st.dictionaries(_KEYS, inner, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_json_is_the_text_json_dumps_writes(data: object) -> None:
    expected = json.dumps(data, ensure_ascii=False, indent=2, default=console._default)
    assert console.dumps(data) == expected


def test_json_refuses_what_json_dumps_refuses() -> None:
    with pytest.raises(TypeError, match="cannot encode object"):
        console.dumps({"a": [object()]})
    with pytest.raises(TypeError, match="keys must be"):
        console.dumps({(1, 2): 1})
