"""The one instant-to-stored-text codec: the widths stored today, and reading them back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from followup.domain.records.stamps import from_text, opt_from_text, opt_to_text, to_text

EST = timezone(timedelta(hours=-5))


def test_rows_are_utc_with_microseconds_always_written() -> None:
    assert to_text(datetime(2026, 11, 24, 15, tzinfo=EST)) == "2026-11-24T20:00:00.000000+00:00"
    assert to_text(datetime(2026, 11, 24, 20, 0, 0, 7, tzinfo=UTC)) == (
        "2026-11-24T20:00:00.000007+00:00"
    )


def test_bookkeeping_is_whole_seconds() -> None:
    moment = datetime(2026, 11, 24, 15, 0, 1, 999_999, tzinfo=EST)
    assert to_text(moment, seconds=True) == "2026-11-24T20:00:01+00:00"


def test_every_width_stored_today_reads_back() -> None:
    when = datetime(2026, 11, 24, 20, tzinfo=UTC)
    assert from_text("2026-11-24T20:00:00.000000+00:00") == when
    assert from_text("2026-11-24T20:00:00+00:00") == when  # migrations, accounts
    assert from_text("2026-11-24T15:00:00-05:00") == when  # planned_at before the codec
    assert opt_to_text(None) is None and opt_from_text(None) is None


aware = st.datetimes(
    min_value=datetime(1971, 1, 1),
    max_value=datetime(9998, 12, 31),
    timezones=st.sampled_from([UTC, EST, timezone(timedelta(hours=5, minutes=30))]),
)


@given(aware, aware)
def test_text_order_is_time_order_and_the_text_round_trips(a: datetime, b: datetime) -> None:
    # The outbox and the job queue sort and claim by the stored text.
    assert (to_text(a) < to_text(b)) == (a < b)
    assert len(to_text(a)) == len(to_text(b)) == 32
    assert from_text(to_text(a)) == a
