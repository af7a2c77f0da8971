"""Issue 17 §5 through the CLI on a real SQLite file: accepting an offer stops the other
processes' nudges at once (OFFER-009), people at the employer you joined are colleagues,
helpers join the check-in rotation only by a tier, and greeting windows sit near the
holiday."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine

from tests.conftest import Invoke

ROOT = Path(__file__).resolve().parents[2]
# The debrief's interview (application 1, Acme Analytics) ended Tue 24 Nov 2026 15:00 New York.
AFTER_INTERVIEW = datetime(2026, 11, 24, 21, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(AFTER_INTERVIEW, tick=False) as traveller:
        yield traveller


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def agenda(run: Invoke) -> list[dict[str, Any]]:
    return list(ok(run("agenda", "--all", "--json")))


def test_accepting_an_offer_cancels_status_checks_elsewhere_at_once(
    run: Invoke, profile: None, clock: time_machine.Traveller
) -> None:
    ok(run("interview", "add", "--from", str(ROOT / "examples/debrief.toml"), "--json"))
    assert any(i["kind"] == "status-check" and i["application_id"] == 1 for i in agenda(run))
    ok(run("app", "add", "--company", "Globex", "--role", "Engineer", "--json"))
    clock.shift(timedelta(days=1))
    ok(run("offer", "2", "--deadline", "2026-12-04", "--json"))
    assert run("offer", "accept", "2").exit_code == 0
    elsewhere = [i for i in agenda(run) if i["application_id"] == 1]
    assert [i for i in elsewhere if i["kind"] == "status-check"] == []
    [withdrawal] = [i for i in elsewhere if i["kind"] == "withdrawal"]
    assert "OFFER-009" in withdrawal["reason"]


def test_people_at_the_employer_you_joined_are_colleagues(
    run: Invoke, profile: None, clock: time_machine.Traveller
) -> None:
    ok(run("interview", "add", "--from", str(ROOT / "examples/debrief.toml"), "--json"))
    clock.shift(timedelta(days=2))
    ok(run("offer", "1", "--deadline", "2026-12-04", "--json"))
    assert run("offer", "accept", "1").exit_code == 0
    for day in (datetime(2026, 12, 2, 15, 0, tzinfo=UTC), datetime(2027, 3, 10, 15, 0, tzinfo=UTC)):
        clock.move_to(day)
        ok(run("plan", "--json"))
        touches = [i for i in agenda(run) if i["kind"] in ("check-in", "holiday")]
        assert touches == [], touches
    members = ok(run("network", "--json"))["members"]
    assert members == []


def test_a_reference_thanked_under_an_application_does_not_join_the_rotation(
    run: Invoke, profile: None, isolated_home: Path, clock: time_machine.Traveller
) -> None:
    from followup.adapters.store.sqlite import SqliteStore
    from followup.domain.records.followups import Channel, Direction, Kind, Message

    ok(run("app", "add", "--company", "Globex", "--role", "Engineer", "--json"))
    ok(run("app", "stage", "1", "rejected", "--json"))
    ok(
        run(
            "contact", "add", "Rita Moreno", "--email", "rita@example.org",
            "--role", "reference", "--country", "US", "--json",
        )
    )  # fmt: skip
    store = SqliteStore(isolated_home / "followup.db")
    try:
        for direction, kind in ((Direction.OUT, Kind.GRATITUDE), (Direction.IN, None)):
            store.messages.add(
                Message(
                    contact_id=1,
                    application_id=1,
                    direction=direction,
                    channel=Channel.EMAIL,
                    kind=kind,
                    at=AFTER_INTERVIEW - timedelta(days=120),
                )
            )
    finally:
        store.close()
    ok(run("plan", "--json"))
    assert [i for i in agenda(run) if i["kind"] == "check-in"] == []
    assert ok(run("network", "--json"))["members"] == []
    # A tier you set puts her in the rotation.
    ok(run("contact", "tier", "1", "regular", "--json"))
    ok(run("plan", "--json"))
    assert [m["contact_id"] for m in ok(run("network", "--json"))["members"]] == [1]


def test_editing_an_open_application_after_accepting_keeps_its_status_check_retired(
    run: Invoke, profile: None, clock: time_machine.Traveller
) -> None:
    # OFFER-009 binds a re-plan of one application too, not only the next whole run.
    ok(run("interview", "add", "--from", str(ROOT / "examples/debrief.toml"), "--json"))
    ok(run("app", "add", "--company", "Globex", "--role", "Engineer", "--json"))
    clock.shift(timedelta(days=1))
    ok(run("offer", "2", "--deadline", "2026-12-04", "--json"))
    assert run("offer", "accept", "2").exit_code == 0
    ok(run("interview", "edit", "1", "--notes", "they liked the case study", "--json"))
    elsewhere = [i for i in agenda(run) if i["application_id"] == 1]
    assert [i for i in elsewhere if i["kind"] == "status-check"] == []
