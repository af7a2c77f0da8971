"""The cadence guard (CAD-001..007, SEND-005): how often a candidate may nudge."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from followup.adapters.calendar.holidays import MemoryHolidays
from followup.domain.records.followups import Channel, Direction, Kind, Message
from followup.domain.timing import cadence
from followup.domain.timing.calendar import BusinessCalendar
from followup.domain.timing.policy import DEFAULT

NY = ZoneInfo("America/New_York")
HOLIDAYS = MemoryHolidays({"US": {date(2027, 1, 1): "New Year's Day"}})
CAL = BusinessCalendar(NY, "US", DEFAULT, HOLIDAYS)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=NY)  # type: ignore[misc,arg-type]


def out(
    when: datetime, kind: Kind | None = Kind.STATUS_CHECK, channel: Channel = Channel.EMAIL
) -> Message:
    return Message(
        contact_id=1, application_id=1, direction=Direction.OUT, kind=kind, at=when, channel=channel
    )


def reply(when: datetime) -> Message:
    return Message(contact_id=1, application_id=1, direction=Direction.IN, at=when)


def test_two_unanswered_status_checks_mean_gone_quiet() -> None:
    history = cadence.thread([out(at(2026, 11, 2, 10)), out(at(2026, 11, 9, 10))])
    assert (history.nudges, history.unanswered) == (2, 2)
    verdict = cadence.check(Kind.STATUS_CHECK, at(2026, 11, 30, 10), history, CAL)
    assert not verdict.allowed
    assert verdict.rule == "CAD-001"
    assert "Gone quiet" in verdict.reason


def test_a_reply_resets_the_count() -> None:
    messages = [out(at(2026, 11, 2, 10)), out(at(2026, 11, 9, 10)), reply(at(2026, 11, 10, 16))]
    history = cadence.thread(reversed(messages))  # order of input does not matter
    assert (history.nudges, history.unanswered) == (2, 0)
    assert history.last_reply == at(2026, 11, 10, 16)
    assert cadence.check(Kind.STATUS_CHECK, at(2026, 11, 30, 10), history, CAL).allowed


def test_thank_yous_never_count() -> None:
    messages = [out(at(2026, 11, d, 10), Kind.THANK_YOU) for d in (2, 3, 4)]
    messages.append(out(at(2026, 11, 4, 11), Kind.COORDINATOR_THANKS))
    history = cadence.thread(messages)
    assert (history.nudges, history.unanswered) == (0, 0)
    assert cadence.check(Kind.STATUS_CHECK, at(2026, 11, 5, 10), history, CAL).allowed


def test_a_thank_you_is_always_allowed_even_when_gone_quiet() -> None:
    history = cadence.thread([out(at(2026, 11, 2, 10)), out(at(2026, 11, 9, 10))])
    assert cadence.check(Kind.THANK_YOU, at(2026, 11, 9, 11), history, CAL).allowed


def test_unknown_outgoing_messages_count_as_nudges() -> None:
    # A logged call with no kind: counted, to stay on the safe side (CAD-003).
    history = cadence.thread([out(at(2026, 11, 2, 10), None, Channel.PHONE)])
    assert history.unanswered == 1


@pytest.mark.parametrize(
    ("when", "allowed"),
    [
        (at(2026, 11, 6, 10), False),  # Friday: 4 business days after Monday
        (at(2026, 11, 9, 8), True),  # the next Monday: 5 business days (CAD-002)
    ],
)
def test_five_business_days_between_nudges(when: datetime, allowed: bool) -> None:
    history = cadence.thread([out(at(2026, 11, 2, 10))])
    verdict = cadence.check(Kind.STATUS_CHECK, when, history, CAL)
    assert verdict.allowed is allowed
    if not allowed:
        assert verdict.rule == "CAD-002"
        assert verdict.not_before == at(2026, 11, 9, 8)


def test_the_gap_counts_every_channel_and_everyone_at_the_company() -> None:
    # A LinkedIn message to a colleague on Monday blocks an email nudge on Wednesday (CAD-003).
    linkedin = out(at(2026, 11, 2, 10), Kind.CHECK_IN, Channel.LINKEDIN)
    linkedin = dataclasses.replace(linkedin, contact_id=2, application_id=None)
    verdict = cadence.check(
        Kind.STATUS_CHECK,
        at(2026, 11, 4, 10),
        cadence.Thread(),
        CAL,
        company_last_nudge=cadence.last_nudge([linkedin]),
    )
    assert not verdict.allowed and verdict.rule == "CAD-002"


def test_no_status_nudges_at_year_end() -> None:
    verdict = cadence.check(Kind.STATUS_CHECK, at(2026, 12, 23, 10), cadence.Thread(), CAL)
    assert not verdict.allowed and verdict.rule == "SEND-005"
    # Jan 1 is a holiday and Jan 2-3 a weekend: the first allowed day is Mon 4 Jan.
    assert verdict.not_before == at(2027, 1, 4, 8)
    assert cadence.check(Kind.THANK_YOU, at(2026, 12, 23, 10), cadence.Thread(), CAL).allowed


def test_the_cap_is_a_setting() -> None:
    strict = BusinessCalendar(
        NY, "US", dataclasses.replace(DEFAULT, max_unanswered_status_checks=1), HOLIDAYS
    )
    history = cadence.thread([out(at(2026, 11, 2, 10))])
    verdict = cadence.check(Kind.STATUS_CHECK, at(2026, 11, 30, 10), history, strict)
    assert not verdict.allowed and "1 status check went unanswered" in verdict.reason
    assert cadence.check(Kind.STATUS_CHECK, at(2026, 11, 30, 10), history, CAL).allowed
