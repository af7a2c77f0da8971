"""The scenario table (issue 14): the slot a coach would pick, with real holiday data, and
every number a reason states checked against the window it describes."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup.adapters.calendar.holidays import PackageHolidays
from followup.domain.timing.policy import DEFAULT
from followup.domain.timing.windows import Timing
from followup.services.timing import when as timing_service
from tests.conftest import deps_of
from tests.unit.timing_scenarios import SCENARIOS, Scenario

HOLIDAYS = PackageHolidays()
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def ask(s: Scenario) -> tuple[datetime, Timing]:
    end = datetime.fromisoformat(s.end).replace(tzinfo=ZoneInfo(s.tz))
    question = timing_service.Question(
        end=end,
        recipient_tz=s.recipient,
        industry=s.industry,
        decision_by=date.fromisoformat(s.decision_by) if s.decision_by else None,
        informational=s.informational,
        company=s.company,
    )
    return end, timing_service.when(deps_of(policies=DEFAULT, holidays=HOLIDAYS), question)


def _moment(text: str, zone: ZoneInfo, near: datetime) -> datetime:
    """`Thu 26 Nov 09:00` in `zone`, in the year that puts it nearest to `near`."""
    day, num, month, clock = text.split()
    hour, minute = (int(x) for x in clock.split(":"))
    found = min(
        (
            datetime(y, _MONTHS.index(month) + 1, int(num), hour, minute, tzinfo=zone)
            for y in (near.year - 1, near.year, near.year + 1)
        ),
        key=lambda t: abs(t - near),
    )
    assert _DAYS[found.weekday()] == day, f"{text!r} names the wrong weekday"
    return found


def check_reasons(end: datetime, result: Timing) -> None:
    """Every number a reason states is true of this window."""
    zone = result.recommended.tzinfo
    assert isinstance(zone, ZoneInfo)
    text = " ".join(result.reasons)
    hours_after = (result.recommended - end).total_seconds() / 3600
    checked: set[int] = set()
    for sentence in result.reasons:
        assert sentence.endswith("."), sentence
        for label, value in (
            ("Not before ", result.earliest),
            ("Recommended ", result.recommended),
            ("No later than ", result.latest),
        ):
            if sentence.startswith(label):
                stamp = re.match(r"\w{3} \d{1,2} \w{3} \d{2}:\d{2}", sentence[len(label) :])
                assert stamp is not None, sentence
                assert _moment(stamp.group(0), zone, value) == value, sentence
    for match in re.finditer(r"about (\d+) (hours|minutes) after the interview", text):
        n, unit = int(match.group(1)), match.group(2)
        real = hours_after if unit == "hours" else hours_after * 60
        assert abs(real - n) <= 0.5, f"{match.group(0)!r} but it is {real:.2f} {unit}"
        checked.add(match.start(1))
    for match in re.finditer(r"wait at least (\d+) (hours?|minutes) after", text):
        n = int(match.group(1)) * (60 if match.group(2).startswith("hour") else 1)
        assert result.earliest - end >= timedelta(minutes=n), match.group(0)
        checked.add(match.start(1))
    for match in re.finditer(r"It waits (\d+) (hours?|minutes) after", text):
        n = int(match.group(1)) * (60 if match.group(2).startswith("hour") else 1)
        assert result.earliest - end >= timedelta(minutes=n), match.group(0)
        checked.add(match.start(1))
    for match in re.finditer(r"before the (\d+)-hour mark", text):
        assert hours_after <= int(match.group(1)), match.group(0)
        checked.add(match.start(1))
    for match in re.finditer(
        r"No working morning(?:, quiet days aside,)? falls within (\d+) hours", text
    ):
        assert hours_after > int(match.group(1)), match.group(0)
        checked.add(match.start(1))
    for match in re.finditer(r"more than (\d+) hours after the interview", text):
        checked.add(match.start(1))  # about the morning it did not pick; see the next check
    if "interview ended, the same day" in text:
        assert result.recommended.date() == end.astimezone(zone).date()
    # No other hour figure may appear unchecked: "within 24 hours" or "the 48-hour mark"
    # must never be claimed in passing.
    for match in re.finditer(r"(\d+)(?:[ -])hours?\b", text):
        assert match.start(1) in checked, (
            f"unchecked figure in {text[max(0, match.start() - 60) : match.end() + 20]!r}"
        )


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_scenario(scenario: Scenario) -> None:
    end, result = ask(scenario)
    zone = ZoneInfo(scenario.recipient)
    expected = datetime.fromisoformat(scenario.expect).replace(tzinfo=zone)
    assert result.recommended == expected, (
        f"got {result.recommended:%a %d %b %H:%M}, want {expected:%a %d %b %H:%M}: "
        + " ".join(result.reasons)
    )
    assert end < result.earliest <= result.recommended <= result.latest  # nothing before its cause
    check_reasons(end, result)


def test_the_table_covers_what_the_issue_lists() -> None:
    assert len(SCENARIOS) >= 60
    ids = " ".join(s.id for s in SCENARIOS).casefold()
    for topic in (
        "columbus",
        "veterans",
        "thanksgiving",
        "uk",
        "easter",
        "diwali",
        "golden week",
        "eid",
        "ramadan",
        "israel",
        "saudi",
        "christmas",
        "decision",
        "informational",
        "berlin",
        "bangalore",
        "sydney",
        "tokyo",
    ):
        assert topic in ids, topic
    weekdays = {datetime.fromisoformat(s.end).weekday() for s in SCENARIOS}
    assert weekdays == set(range(7))


def test_an_unknown_field_says_so() -> None:
    scenario = next(s for s in SCENARIOS if s.industry == "underwater basket weaving")
    _end, result = ask(scenario)
    assert "'underwater basket weaving' is not in the pace table" in result.reasons[0]
    assert "standard pace" in result.reasons[0]


def test_the_reason_checker_catches_a_wrong_number() -> None:
    _end, result = ask(SCENARIOS[0])
    wrong = Timing(
        result.earliest,
        result.recommended,
        result.latest,
        result.pace,
        (*result.reasons, "Aim at about the 48-hour mark."),
    )
    with pytest.raises(AssertionError, match="unchecked figure"):
        end = datetime.fromisoformat(SCENARIOS[0].end).replace(tzinfo=ZoneInfo(SCENARIOS[0].tz))
        check_reasons(end, wrong)
