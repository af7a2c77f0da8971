"""`followup draft FOLLOWUP_ID`: the planner's follow-ups, drafted and stored (issue 6)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine

from tests.conftest import FIXTURES, Invoke

DEBRIEF = FIXTURES / "compose" / "acme.debrief.toml"
AFTER = datetime(2026, 11, 24, 22, 0, tzinfo=UTC)  # two hours after the interview ended


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    text = result.stdout.strip()
    return json.loads(text) if text.startswith(("{", "[")) else text


@pytest.fixture
def planned(run: Invoke) -> Iterator[dict[tuple[str, str], int]]:
    """Sam interviewed at Acme with three people and a coordinator; follow-ups planned."""
    with time_machine.travel(AFTER, tick=False):
        ok(
            run(
                "init",
                "--name",
                "Sam Lee",
                "--email",
                "sam@example.org",
                "--tz",
                "America/New_York",
                "--signature",
                "Sam Lee\n+1 555 0100",
            )
        )
        ok(run("interview", "add", "--from", str(DEBRIEF), "--json"))
        ok(run("plan"))
        items = ok(run("agenda", "--all", "--json"))
        yield {(i["kind"], i["contact"]["name"]): i["id"] for i in items}


def agenda_status(run: Invoke, followup_id: int) -> str:
    items = ok(run("agenda", "--all", "--json"))
    return str(next(i["status"] for i in items if i["id"] == followup_id))


def test_draft_prints_and_stores_the_note(run: Invoke, planned: dict[tuple[str, str], int]) -> None:
    ana = planned[("thank-you", "Ana García-López")]
    data = ok(run("draft", str(ana), "--json"))
    assert list(data) == ["followup_id", "kind", "to", "subject", "body"]
    assert data["followup_id"] == ana and data["kind"] == "thank-you"
    assert data["to"] == "Ana García-López <ana@acme.io>"
    assert data["body"].startswith("Dear Ana,") and data["body"].endswith("Sam Lee\n+1 555 0100")
    assert "migrating the ETL to Spark" in data["body"]  # her own topic, from the store
    assert agenda_status(run, ana) == "drafted"
    again = ok(run("draft", str(ana), "--json"))
    assert again == data  # same records, same variant: same draft


def test_text_output(run: Invoke, planned: dict[tuple[str, str], int]) -> None:
    result = run("draft", str(planned[("thank-you", "Bo O'Neill")]))
    lines = ok(result).split("\n")
    assert lines[:2] == ["To: Bo O'Neill <bo@acme.io>", lines[1]] and lines[1].startswith(
        "Subject:"
    )
    assert lines[3] == "Dear Bo,"


def test_notes_to_one_interview_differ(run: Invoke, planned: dict[tuple[str, str], int]) -> None:
    bodies = [
        ok(run("draft", str(planned[("thank-you", name)]), "--json"))["body"]
        for name in ("Ana García-López", "Bo O'Neill", "Dr. Chidi Okafor")
    ]
    openings = {body.split("\n")[2].split(".")[0] for body in bodies}
    assert len(openings) == 3
    lint = run(
        "lint",
        "--followup",
        str(planned[("thank-you", "Bo O'Neill")]),
        "--format",
        "json",
        "-",
        input="Subject: x\n\n" + bodies[1],
    )
    rules = {f["rule"] for f in json.loads(lint.stdout)["findings"]}
    assert "duplicate-note" not in rules


def test_tone_and_variant(run: Invoke, planned: dict[tuple[str, str], int]) -> None:
    ana = str(planned[("thank-you", "Ana García-López")])
    assert ok(run("draft", ana, "--tone", "formal", "--json"))["body"].startswith(
        "Dear Ana García-López,"
    )
    first = ok(run("draft", ana, "--variant", "1", "--json"))["body"]
    second = ok(run("draft", ana, "--variant", "2", "--json"))["body"]
    assert first != second


def test_edit_keeps_what_the_editor_saved(
    run: Invoke,
    planned: dict[tuple[str, str], int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "text = p.read_text(encoding='utf-8')\n"
        "text = text.replace('Subject: ', 'Subject: Edited – ', 1)\n"
        "text = text.rstrip() + '\\n\\nPS: I enjoyed the office tour.\\n'\n"
        "p.write_text(text, encoding='utf-8')\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f'"{sys.executable}" "{script}"')
    coordinator = str(planned[("coordinator-thanks", "Dana Smith")])
    data = ok(run("draft", coordinator, "--edit", "--json"))
    assert data["subject"].startswith("Edited – ")
    assert data["body"].endswith("PS: I enjoyed the office tour.")
    monkeypatch.setenv("EDITOR", "true")  # an editor that changes nothing keeps the draft
    assert ok(run("draft", coordinator, "--edit", "--json"))["body"].startswith("Dear Dana,")


def test_offer_thanks_asks_the_recorded_concerns(
    run: Invoke, planned: dict[tuple[str, str], int]
) -> None:
    with time_machine.travel(AFTER, tick=False):
        ok(
            run(
                "offer",
                "1",
                "--deadline",
                "2026-12-20",
                "--concern",
                "equity vesting",
                "--concern",
                "parking",
            )
        )
        items = ok(run("agenda", "--all", "--json"))
        offer_id = next(i["id"] for i in items if i["kind"] == "offer-thanks")
        body = ok(run("draft", str(offer_id), "--json"))["body"]
    assert "- the equity grant, its vesting schedule and any cliff" in body
    assert "- more detail on parking" in body
    assert "December 20" in body  # OFFER-006: a specific date


def test_bad_input(run: Invoke, planned: dict[tuple[str, str], int]) -> None:
    missing = run("draft", "999")
    assert missing.exit_code == 2 and missing.stderr == "error: no follow-up 999\n"
    assert run("draft", "abc").exit_code == 2
    assert run("draft", "1", "--variant", "0").exit_code == 2
    assert run("draft", "1", "--tone", "snarky").exit_code == 2
    done_id = planned[("thank-you", "Dr. Chidi Okafor")]
    with time_machine.travel(AFTER, tick=False):
        ok(run("done", str(done_id)))
    refused = run("draft", str(done_id))
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"error: follow-up {done_id} is done; only open follow-ups are drafted\n"
    )


def test_help_has_an_example(run: Invoke) -> None:
    result = run("draft", "--help")
    assert result.exit_code == 0 and "followup draft 12" in result.stdout


def test_status_check_mentions_fresh_company_news(
    run: Invoke, planned: dict[tuple[str, str], int]
) -> None:
    """CAD-005 / NEWS-002: the stored news item is the status check's added value."""
    from followup.bootstrap import build
    from followup.domain.network.news import Category, FeedItem

    app = build()
    company = app.store.companies.list()[0]
    assert company.id is not None
    app.news.add_items([
        FeedItem(company_id=company.id, feed_url="https://acme.example/feed", key="n1",
                 title="Acme Analytics opens a Lisbon office", category=Category.EXPANSION,
                 published=AFTER, fetched_at=AFTER),
    ])  # fmt: skip
    app.close()
    status = planned[("status-check", "Dana Smith")]
    with time_machine.travel(AFTER, tick=False):
        body = ok(run("draft", str(status), "--json"))["body"]
    assert "“Acme Analytics opens a Lisbon office”" in body
