"""SVG chart geometry, computed on the server (no JavaScript chart library): each chart
is a list of shapes with coordinates the template draws."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from followup.domain.timing.habits import Rate

WIDTH = 560
ROW = 28
LABEL = 150  # room for labels on the left
PAD = 8


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    x: float
    y: float
    width: float
    height: float
    text: str  # the value, written beside the bar
    text_x: float
    empty: bool  # nothing to measure in this row


@dataclass(frozen=True, slots=True)
class Chart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    marker_x: float | None = None  # a reference line (the cap)
    summary: str = ""  # the text alternative


def _bars(
    rates: Sequence[Rate],
    value: Callable[[Rate], float],
    text: Callable[[Rate], str],
    scale: float,
) -> list[Bar]:
    span = WIDTH - LABEL - PAD - 60
    out = []
    for i, rate in enumerate(rates):
        length = span * min(max(value(rate) / scale, 0.0), 1.0) if scale else 0.0
        y = PAD + i * ROW
        out.append(
            Bar(
                label=rate.label,
                x=LABEL,
                y=y,
                width=round(length, 1),
                height=ROW - 10,
                text=text(rate),
                text_x=LABEL + length + 6,
                empty=rate.total == 0,
            )
        )
    return out


def rates(rows: Sequence[Rate], what: str) -> Chart:
    """Horizontal bars of percentages (hits / total), 0-100 %."""
    bars = _bars(
        rows,
        lambda r: r.value,
        lambda r: f"{r.value:.0%} of {r.total}" if r.total else "none yet",
        1.0,
    )
    summary = "; ".join(f"{r.label}: {r.value:.0%} of {r.total}" for r in rows if r.total)
    return Chart(tuple(bars), WIDTH, PAD * 2 + ROW * max(len(rows), 1), None, f"{what}. {summary}")


def counts(rows: Sequence[Rate], what: str) -> Chart:
    """Horizontal bars of counts (hits), scaled to the largest."""
    top = max((r.hits for r in rows), default=0)
    bars = _bars(rows, lambda r: r.hits, lambda r: str(r.hits), float(top or 1))
    summary = "; ".join(f"{r.label}: {r.hits}" for r in rows)
    return Chart(tuple(bars), WIDTH, PAD * 2 + ROW * max(len(rows), 1), None, f"{what}. {summary}")


def against_cap(rows: Sequence[Rate], cap: int, what: str) -> Chart:
    """Unanswered nudges per application, with the cap drawn as a line."""
    scale = float(max(cap + 1, max((r.hits for r in rows), default=0)))
    bars = _bars(rows, lambda r: r.hits, lambda r: f"{r.hits} of {cap}", scale)
    span = WIDTH - LABEL - PAD - 60
    marker = LABEL + span * cap / scale
    summary = "; ".join(f"{r.label}: {r.hits} unanswered" for r in rows)
    return Chart(
        tuple(bars),
        WIDTH,
        PAD * 2 + ROW * max(len(rows), 1),
        round(marker, 1),
        f"{what} (cap {cap}). {summary}",
    )
