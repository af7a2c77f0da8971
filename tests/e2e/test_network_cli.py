"""`network`, `news`, `offer` and `contact tier` through the CLI, with every bad input of
issue 9: each is one clear line on stderr, exit code 2, and nothing written."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from followup.adapters.store.sqlite import SqliteStore
from followup.domain.records.model import Contact
from tests.conftest import Invoke


def data(result: object) -> object:
    return json.loads(result.stdout)  # type: ignore[attr-defined]


def one_error(result: object, *words: str) -> None:
    stderr = result.stderr  # type: ignore[attr-defined]
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert "Traceback" not in stderr


@pytest.mark.parametrize("url", ["/etc/hostname", "file:///etc/hostname", "ftp://acme.example/f"])
def test_a_feed_must_be_an_http_url(run: Invoke, profile: None, url: str) -> None:
    one_error(run("company", "add", "Acme", "--feed", url), "--feed", "http")
    assert data(run("company", "list", "--json")) == []  # nothing written
    assert run("company", "add", "Globex").exit_code == 0
    one_error(run("company", "edit", "Globex", "--feed", url), "--feed")
    assert data(run("company", "show", "Globex", "--json"))["feeds"] == []  # type: ignore[index]


def test_unknown_tier(run: Invoke, profile: None) -> None:
    assert run("contact", "add", "Grace", "--company", "Acme", "--country", "US").exit_code == 0
    one_error(run("contact", "tier", "1", "bestie"), "tier", "'bestie'", "close, regular")
    assert data(run("contact", "show", "1", "--json"))["tier"] is None  # type: ignore[index]
    done = run("contact", "tier", "1", "close", "--json")
    assert done.exit_code == 0 and data(done)["tier"] == "close"  # type: ignore[index]


def test_unknown_country_is_refused_when_joining_the_network(
    run: Invoke, profile: None, isolated_home: Path
) -> None:
    store = SqliteStore(isolated_home / "followup.db")  # an old backup's record, say
    store.contacts.add(Contact(name="Zed", country="ZZ"))
    store.close()
    one_error(run("contact", "tier", "1", "regular"), "country", "'ZZ'", "contact edit 1")
    assert data(run("contact", "show", "1", "--json"))["tier"] is None  # type: ignore[index]
    assert run("contact", "tier", "1", "none").exit_code == 0  # leaving needs no calendar


def test_offer_deadline_in_the_past(run: Invoke, profile: None) -> None:
    assert run("app", "add", "--company", "Acme", "--role", "Engineer").exit_code == 0
    one_error(run("offer", "1", "--deadline", "2020-01-31"), "--deadline", "in the past")
    assert data(run("app", "show", "1", "--json"))["stage"] == "applied"  # type: ignore[index]


def test_offer_on_a_closed_application(run: Invoke, profile: None) -> None:
    assert run("app", "add", "--company", "Acme", "--role", "Engineer").exit_code == 0
    assert run("app", "stage", "1", "rejected").exit_code == 0
    one_error(run("offer", "1"), "APP_ID", "rejected", "open application")
    one_error(run("offer", "accept", "1"), "not at the offer stage")


def test_offer_then_accept_plans_letters_and_withdrawals(run: Invoke, profile: None) -> None:
    for company in ("Acme", "Globex"):
        assert run("app", "add", "--company", company, "--role", "Engineer").exit_code == 0
    recorded = run(
        "offer",
        "1",
        "--deadline",
        "2099-03-13",
        "--concern",
        "start date",
        "--concern",
        "remote policy",
        "--json",
    )
    assert recorded.exit_code == 0, recorded.output
    assert data(recorded)["concerns"] == ["start date", "remote policy"]  # type: ignore[index]
    agenda = data(run("agenda", "--all", "--json"))
    thanks = [i for i in agenda if i["kind"] == "offer-thanks"]  # type: ignore[union-attr]
    assert thanks and "start date; remote policy" in thanks[0]["reason"]
    assert any(i["kind"] == "offer-reminder" for i in agenda)  # type: ignore[union-attr]
    assert run("offer", "accept", "1").exit_code == 0
    kinds = {i["kind"]: i for i in data(run("agenda", "--all", "--json"))}  # type: ignore[union-attr]
    assert "offer-accept" in kinds and "offer-thanks" not in kinds
    assert (
        kinds["withdrawal"]["application_id"] == 2 and "OFFER-009" in kinds["withdrawal"]["reason"]
    )


def test_network_json_lists_members_with_reasons(run: Invoke, profile: None) -> None:
    assert (
        run(
            "contact",
            "add",
            "Grace",
            "--email",
            "g@acme.example",
            "--company",
            "Acme",
            "--country",
            "US",
            "--tz",
            "America/New_York",
        ).exit_code
        == 0
    )
    assert run("contact", "tier", "1", "close").exit_code == 0
    report = data(run("network", "--json"))
    assert [m["name"] for m in report["members"]] == ["Grace"]  # type: ignore[index]
    due = report["due"]  # type: ignore[index]
    assert due and "no touch on record" in due[0]["due_reason"]
    assert [p["kind"] for p in report["planned"]] == ["check-in"]  # type: ignore[index]
    text = run("network")
    assert text.exit_code == 0 and "Due for a check-in" in text.stdout and "Grace" in text.stdout


def test_news_fetch_reports_a_failing_feed_in_one_line(run: Invoke, profile: None) -> None:
    assert run("company", "add", "Acme", "--feed", "http://127.0.0.1:9/feed.xml").exit_code == 0
    fetched = run("news", "fetch")
    assert fetched.exit_code == 1
    lines = fetched.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: Acme http://127.0.0.1:9/feed.xml: ")
    listed = data(run("news", "--json"))
    assert listed["items"] == [] and listed["feeds"][0]["error"]  # type: ignore[index]


def test_network_runs_as_a_real_process(tmp_path: Path) -> None:
    env = {**os.environ, "FOLLOWUP_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-m", "followup", "network", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["members"] == []


PACKED = "zlib+base64:"


def test_network_json_reads_the_last_runs_standings_until_a_record_changes(
    run: Invoke, profile: None, isolated_home: Path
) -> None:
    """Issue 16: `network --json` reads the standings the last whole run kept, instead of
    reviewing every contact again, and only while no record changed since."""
    added = run("contact", "add", "Grace", "--company", "Acme", "--country", "US")
    assert added.exit_code == 0
    assert run("contact", "tier", "1", "close").exit_code == 0
    assert run("plan").exit_code == 0
    computed = data(run("network", "--json"))
    store = SqliteStore(isolated_home / "followup.db")
    try:
        packed = store.get_meta("network.summary")
        # Kept compressed: a long history's report runs to megabytes (issue 16).
        assert packed is not None and packed.startswith(PACKED)
        kept = zlib.decompress(base64.b64decode(packed[len(PACKED) :])).decode()
        assert '"name":"Grace"' in kept
        # Read back, not recomputed: what is kept is what the report shows. A report kept
        # as plain text, as the version before kept it, reads the same.
        changed = kept.replace('"name":"Grace"', '"name":"Kept"')
        for stored in (
            PACKED + base64.b64encode(zlib.compress(changed.encode())).decode(),
            changed,
        ):
            store.set_meta("network.summary", stored)
            again = data(run("network", "--json"))
            assert [m["name"] for m in again["members"]] == ["Kept"]  # type: ignore[index]
            for key in ("planned", "budget", "cooling", "gratitude", "left_out"):
                assert again[key] == computed[key], key  # type: ignore[index]
        # A record change bumps the records' revision (the revision migration): reviewed afresh.
        before = store.get_meta("records.revision")
        assert run("contact", "tier", "1", "light").exit_code == 0
        assert store.get_meta("records.revision") != before
    finally:
        store.close()
    fresh = data(run("network", "--json"))
    assert [(m["name"], m["tier"]) for m in fresh["members"]] == [("Grace", "light")]  # type: ignore[index]
