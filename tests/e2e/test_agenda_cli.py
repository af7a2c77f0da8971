"""The agenda and the user's decisions through the CLI, with time frozen (issue 4 §4-5).

Cadence scenarios end to end: ignored twice means no third nudge; a reply reopens.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

from tests.conftest import Invoke

START = datetime(2026, 11, 16, 12, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if result.stdout.strip().startswith(("{", "[")) else None


@pytest.fixture
def interview(run: Invoke, clock: time_machine.Traveller) -> int:
    """Ada in London interviewed at Acme (New York, software) on Tue 17 Nov, ending 15:00."""
    ok(
        run(
            "init",
            "--name",
            "Ada Lovelace",
            "--email",
            "ada@example.org",
            "--tz",
            "Europe/London",
            "--country",
            "GB",
        )
    )
    ok(
        run(
            "company",
            "add",
            "Acme",
            "--industry",
            "software",
            "--country",
            "US",
            "--tz",
            "America/New_York",
        )
    )
    recorded = ok(
        run(
            "interview",
            "add",
            "--company",
            "Acme",
            "--role",
            "Data Engineer",
            "--end",
            "2026-11-17T15:00",
            "--tz",
            "America/New_York",
            "--with",
            "Grace Hopper <grace@acme.example>",
            "--coordinator",
            "Cora Ordinator <cora@acme.example>",
            "--json",
        )
    )
    ok(run("plan"))  # whatever recording already planned, this must not duplicate it
    application_id: int = recorded["application_id"]
    return application_id


def agenda(run: Invoke, *args: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = ok(run("agenda", "--json", *args))
    return items


def test_agenda_json_shape_and_planning_once(run: Invoke, interview: int) -> None:
    items = agenda(run, "--all")
    assert [(i["kind"], i["contact"]["name"]) for i in items] == [
        ("thank-you", "Grace Hopper"),
        ("coordinator-thanks", "Cora Ordinator"),
        ("status-check", "Cora Ordinator"),
    ]
    first = items[0]
    assert list(first) == [
        "id",
        "kind",
        "application_id",
        "contact",
        "earliest",
        "recommended",
        "latest",
        "status",
        "reason",
    ]
    assert list(first["contact"]) == ["id", "name", "email"]
    assert first["application_id"] == interview and first["status"] == "planned"
    assert first["recommended"] == "2026-11-18T09:00:00-05:00"  # the recipient's zone
    assert ok(run("plan", "--json")) == {"created": 0, "updated": 0, "cancelled": 0}
    assert agenda(run, "--all") == items


def test_text_shows_both_zones_and_the_reason(run: Invoke, interview: int) -> None:
    result = run("agenda", "--days", "3")
    assert result.exit_code == 0
    assert "Upcoming" in result.stdout
    assert "Thank-you to Grace Hopper (Acme)" in result.stdout
    assert "their time (New York): Wed 18 Nov 09:00" in result.stdout
    assert "your time (London): Wed 18 Nov 14:00" in result.stdout
    assert (
        "why: A thank-you for the round-1 video interview that ended Tue 17 Nov 15:00"
        in result.stdout
    )
    assert "Status check" not in result.stdout  # beyond three days


def test_ignored_twice_means_no_third_nudge_and_a_reply_reopens(
    run: Invoke, interview: int, clock: time_machine.Traveller
) -> None:
    # Thank-yous sent: they never count toward the cap (CAD-006).
    clock.move_to(datetime(2026, 11, 18, 15, 0, tzinfo=UTC))
    for item in agenda(run):
        if item["kind"] != "status-check":
            ok(run("done", str(item["id"])))
    # TIMING-008: 7 business days after Tue 17 Nov, past Thanksgiving, mid-week: Tue 1 Dec.
    clock.move_to(datetime(2026, 12, 1, 15, 0, tzinfo=UTC))
    [first] = agenda(run)
    assert first["kind"] == "status-check" and first["recommended"] == "2026-12-01T09:00:00-05:00"
    ok(run("done", str(first["id"])))
    [second] = [i for i in agenda(run, "--all") if i["kind"] == "status-check"]
    assert second["earliest"] >= "2026-12-08"  # CAD-002: five business days apart
    assert "unanswered" in second["reason"]
    clock.move_to(datetime(2026, 12, 10, 15, 0, tzinfo=UTC))
    assert [i["id"] for i in agenda(run)] == [second["id"]]
    done = run("done", str(second["id"]))
    assert done.exit_code == 0 and "Gone quiet" in done.stdout  # CAD-001
    # No third nudge, however far ahead we look.
    clock.move_to(datetime(2027, 2, 1, 15, 0, tzinfo=UTC))
    assert agenda(run, "--all") == []
    ok(run("plan"))
    assert agenda(run, "--all") == []
    # They write back: the count resets and a status check is planned again (CAD-007).
    ok(run("heard-back", str(interview), "--note", "still deciding"))
    [third] = agenda(run, "--all")
    assert third["kind"] == "status-check" and "CAD-007" in third["reason"]


def test_skip_is_kept_across_replanning(run: Invoke, interview: int) -> None:
    [thanks, *_] = agenda(run, "--all")
    ok(run("skip", str(thanks["id"]), "--why", "thanked her in person"))
    ok(run("plan"))
    assert thanks["id"] not in [i["id"] for i in agenda(run, "--all")]
    again = run("skip", str(thanks["id"]), "--why", "again")
    assert again.exit_code == 2 and "already skipped" in again.stderr


def test_snooze_hides_until_then(
    run: Invoke, interview: int, clock: time_machine.Traveller
) -> None:
    [thanks, *_] = agenda(run, "--days", "3")
    ok(run("snooze", str(thanks["id"]), "--until", "2026-11-25T09:00"))
    clock.move_to(datetime(2026, 11, 18, 15, 0, tzinfo=UTC))
    assert thanks["id"] not in [i["id"] for i in agenda(run, "--days", "3")]
    clock.move_to(datetime(2026, 11, 23, 15, 0, tzinfo=UTC))
    assert thanks["id"] in [i["id"] for i in agenda(run, "--days", "3")]
    clock.move_to(datetime(2026, 11, 25, 10, 0, tzinfo=UTC))
    assert thanks["id"] in [i["id"] for i in agenda(run, "--days", "0")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["skip", "{id}"], "Missing option '--why'"),
        (["skip", "{id}", "--why", "  "], "--why: must not be empty"),
        (
            ["snooze", "{id}", "--until", "2020-01-01T09:00"],
            "--until: 2020-01-01T09:00:00+00:00 is not in the future",
        ),
        (["snooze", "{id}", "--until", "whenever, really"], "--until: cannot read"),
        (["done", "999"], "no follow-up 999"),
        (["agenda", "--days", "-1"], "--days"),
        (["heard-back", "999"], "no application 999"),
    ],
)
def test_bad_input(run: Invoke, interview: int, args: list[str], message: str) -> None:
    [first, *_] = agenda(run, "--all")
    result = run(*[a.format(id=first["id"]) for a in args])
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.output


def test_done_twice_is_refused(run: Invoke, interview: int) -> None:
    [first, *_] = agenda(run, "--all")
    ok(run("done", str(first["id"])))
    again = run("done", str(first["id"]))
    assert again.exit_code == 2 and "already done" in again.stderr
