"""Issue 17 §5: "please don't follow up" stops the follow-ups (CAD-007), and a person
marked "do not contact" gets no planned notes at all and nothing composed or sent."""

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
# The debrief's interview ended Tue 24 Nov 2026 15:00 New York time.
AFTER_INTERVIEW = datetime(2026, 11, 24, 21, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(AFTER_INTERVIEW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def interviewed(run: Invoke, profile: None, clock: time_machine.Traveller) -> None:
    ok(run("interview", "add", "--from", str(ROOT / "examples/debrief.toml"), "--json"))


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if result.stdout.lstrip().startswith(("[", "{")) else None


def status_checks(run: Invoke) -> list[dict[str, Any]]:
    return [i for i in ok(run("agenda", "--all", "--json")) if i["kind"] == "status-check"]


@pytest.mark.usefixtures("interviewed")
@pytest.mark.parametrize(
    "note",
    [
        "Thanks Ada, please don't follow up, we will contact you",
        "No need to follow up, we'll be in touch after the panel",
        "We have decided we are not moving forward with your application",
    ],
)
def test_a_reply_asking_not_to_be_chased_stops_the_status_checks(
    run: Invoke, clock: time_machine.Traveller, note: str
) -> None:
    assert status_checks(run)
    clock.shift(timedelta(days=2))
    result = run("heard-back", "1", "--note", note)
    assert result.exit_code == 0, result.output
    assert "Stop request detected: they" in result.stdout and "(CAD-007)" in result.stdout
    assert status_checks(run) == []
    ok(run("plan"))  # a whole-database run keeps it stopped
    assert status_checks(run) == []
    # They write again without asking it: the status checks come back.
    clock.shift(timedelta(days=5))
    ok(run("heard-back", "1", "--note", "Still deciding, news next week"))
    assert status_checks(run)


@pytest.mark.usefixtures("interviewed")
def test_heard_back_stop_says_so_by_hand(run: Invoke, clock: time_machine.Traveller) -> None:
    clock.shift(timedelta(days=2))
    result = run("heard-back", "1", "--note", "recruiter called", "--stop", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stop"]["why"] == "asked not to follow up"
    assert status_checks(run) == []
    # The thank-yous are not nudges: they stay (CAD-006).
    kinds = {i["kind"] for i in ok(run("agenda", "--all", "--json"))}
    assert "thank-you" in kinds


@pytest.mark.usefixtures("interviewed")
def test_a_do_not_contact_person_gets_no_notes_and_nothing_is_drafted_or_sent(
    run: Invoke,
) -> None:
    grace = "grace.hopper@acme-analytics.example"
    [to_grace] = [
        i
        for i in ok(run("agenda", "--all", "--json"))
        if i["contact"] and i["contact"]["name"] == "Grace Hopper"
    ]
    shown = run("contact", "edit", grace, "--do-not-contact")
    assert shown.exit_code == 0, shown.output
    assert "do not contact" in shown.stdout and "yes" in shown.stdout
    names = {i["contact"]["name"] for i in ok(run("agenda", "--all", "--json")) if i["contact"]}
    assert "Grace Hopper" not in names and "Sam Lee" in names
    ok(run("plan"))
    names = {i["contact"]["name"] for i in ok(run("agenda", "--all", "--json")) if i["contact"]}
    assert "Grace Hopper" not in names
    fid = str(to_grace["id"])
    for args in (["draft", fid], ["send", fid, "--now", "--via", "eml"]):
        refused = run(*args)
        assert refused.exit_code != 0
        [line] = refused.stderr.strip().splitlines()
        assert "is marked do not contact; nothing was" in line, line
    # Undone: her thank-you comes back.
    ok(run("contact", "edit", grace, "--contact-ok", "--json"))
    names = {i["contact"]["name"] for i in ok(run("agenda", "--all", "--json")) if i["contact"]}
    assert "Grace Hopper" in names
