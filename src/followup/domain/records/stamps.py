"""Instants as stored text: the one codec every store, queue and meta mark uses.

Two widths are stored, both UTC ISO 8601 with the offset written out:
- records, the outbox, news, seen mail and jobs: always with microseconds
  (`2026-11-24T20:00:00.000000+00:00`), fixed width so text order is time order
  (the outbox and the job queue claim and sort by the text);
- the migration and account bookkeeping: whole seconds (`2026-11-24T20:00:00+00:00`).
Reading takes either, and any ISO text with an offset that older versions wrote.
"""

from __future__ import annotations

from datetime import UTC, datetime


def to_text(moment: datetime, *, seconds: bool = False) -> str:
    """`moment` as stored text, in UTC; microseconds unless `seconds` (bookkeeping)."""
    return moment.astimezone(UTC).isoformat(timespec="seconds" if seconds else "microseconds")


def from_text(text: str) -> datetime:
    """The instant stored as `text`, with the offset it was stored with."""
    return datetime.fromisoformat(text)


def opt_to_text(moment: datetime | None) -> str | None:
    """`to_text`, with None kept as None."""
    return None if moment is None else to_text(moment)


def opt_from_text(text: str | None) -> datetime | None:
    """`from_text`, with None kept as None."""
    return None if text is None else from_text(text)
