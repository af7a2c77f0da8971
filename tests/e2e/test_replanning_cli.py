"""Recording changes re-plans by itself: the agenda is right without `followup plan`."""

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


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def kinds(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return sorted((i["kind"], i["contact"]["name"] if i["contact"] else "") for i in items)


def test_recording_an_interview_plans_its_thank_yous(
    run: Invoke, profile: None, clock: time_machine.Traveller
) -> None:
    ok(run("interview", "add", "--from", str(ROOT / "examples/debrief.toml"), "--json"))
    due = ok(run("agenda", "--json"))
    assert kinds(due) == [
        ("coordinator-thanks", "Sam Lee"),
        ("thank-you", "Grace Hopper"),
        ("thank-you", "José O'Neil-Ramírez"),
    ]
    later = ok(run("agenda", "--all", "--json"))
    assert ("status-check", "Sam Lee") in kinds(later)  # through the coordinator (CAD-008)


def test_moving_the_interview_moves_its_notes(
    run: Invoke, profile: None, clock: time_machine.Traveller
) -> None:
    ok(run("interview", "add", "--from", str(ROOT / "examples/debrief.toml"), "--json"))
    before = {i["id"]: i["recommended"] for i in ok(run("agenda", "--all", "--json"))}
    ok(
        run(
            "interview",
            "edit",
            "1",
            "--start",
            "2026-11-25T14:00",
            "--end",
            "2026-11-25T15:00",
            "--tz",
            "America/New_York",
            "--json",
        )
    )
    after = {i["id"]: i["recommended"] for i in ok(run("agenda", "--all", "--json"))}
    assert before.keys() == after.keys()  # the same follow-ups, re-planned in place
    assert any(after[k] > before[k] for k in before)


def test_a_rejection_plans_the_reply_and_a_later_touch(
    run: Invoke, profile: None, clock: time_machine.Traveller
) -> None:
    ok(run("interview", "add", "--from", str(ROOT / "examples/debrief.toml"), "--json"))
    clock.shift(timedelta(days=3))
    ok(run("app", "stage", "1", "rejected", "--json"))
    everything = kinds(ok(run("agenda", "--all", "--json")))
    assert any(kind == "rejection-reply" for kind, _ in everything)
    assert not any(kind == "status-check" for kind, _ in everything)  # the process is over
    clock.shift(timedelta(days=30))
    network = run("network")
    assert "one touch 30 days after the rejection" in network.stdout  # NURTURE-004


def test_a_recorded_reply_stops_the_status_check(
    run: Invoke, profile: None, clock: time_machine.Traveller
) -> None:
    ok(run("interview", "add", "--from", str(ROOT / "examples/debrief.toml"), "--json"))
    assert any(k == "status-check" for k, _ in kinds(ok(run("agenda", "--all", "--json"))))
    clock.shift(timedelta(days=12))
    sam = "sam.lee@acme-analytics.example"
    ok(run("reply", "add", "--contact", sam, "--note", "decision next week", "--json"))
    pending = [i for i in ok(run("agenda", "--all", "--json")) if i["kind"] == "status-check"]
    assert all(i["recommended"] > "2026-12-09" for i in pending), pending


def test_a_long_bucket_is_cut_for_people_but_not_for_scripts(
    run: Invoke, profile: None, clock: time_machine.Traveller
) -> None:
    people = [arg for n in range(27) for arg in ("--with", f"Person {n} <p{n}@acme.com>")]
    ok(run("interview", "add", "--company", "Acme", "--role", "Data Engineer",
           "--end", "2026-11-24T15:00", "--tz", "America/New_York", *people, "--json"))  # fmt: skip
    text = run("agenda").stdout
    assert text.count("Thank-you to Person") == 25
    assert "... and 2 more; `followup agenda --all` lists them" in text
    assert run("agenda", "--all").stdout.count("Thank-you to Person") == 27
    assert len(ok(run("agenda", "--json"))) == 27
