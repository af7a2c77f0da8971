"""Sending keeps the timing (issue 14 item 6) through the CLI, against aiosmtpd: outside
its window `send` schedules the message and says when in both zones, past the latest
time it needs --now, lint warnings are shown, and `doctor` warns when scheduled messages
wait with nothing running the outbox."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup.adapters.store.sqlite import SqliteStore
from followup.domain.records.followups import Window
from followup.domain.timing.wording import short
from tests.conftest import Invoke
from tests.e2e.sending import BODY, configure, drafted
from tests.integration.mailservers import SmtpServer, make_cert

pytestmark = pytest.mark.filterwarnings(
    "ignore:Session.login_data is deprecated:DeprecationWarning"
)
NEW_YORK, LONDON = ZoneInfo("America/New_York"), ZoneInfo("Europe/London")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmtpServer]:
    with SmtpServer(tls="starttls", cert=make_cert(tmp_path_factory.mktemp("tls"))) as srv:
        yield srv


@pytest.fixture(autouse=True)
def _fresh(server: SmtpServer) -> None:
    server.handler.reset()


def followup(home: Path, window: Window, body: str = BODY) -> int:
    """A drafted thank-you to Bob, in New York (the candidate is in London)."""
    return drafted(home, tz=NEW_YORK.key, window=window, body=body)


def ahead() -> Window:
    """A window that opens in two days: sending now is too soon (TIMING-002)."""
    base = datetime.now(NEW_YORK).replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
    return Window(
        earliest=base, recommended=base + timedelta(days=1), latest=base + timedelta(days=2)
    )


def behind() -> Window:
    """A window that closed yesterday."""
    end = datetime.now(UTC) - timedelta(days=1)
    return Window(earliest=end - timedelta(days=2), recommended=end - timedelta(days=1), latest=end)


def test_outside_the_window_send_schedules_and_says_when_in_both_zones(
    run: Invoke,
    profile: None,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    server: SmtpServer,
) -> None:
    configure(isolated_home, monkeypatch, server)
    window = ahead()
    fid = followup(isolated_home, window)
    result = run("send", str(fid))
    assert result.exit_code == 0, result.stderr
    theirs, ours = window.recommended.astimezone(NEW_YORK), window.recommended.astimezone(LONDON)
    mine = f"{ours:%H:%M}" if ours.date() == theirs.date() else short(ours)
    first = result.stdout.splitlines()[0]
    assert first.startswith(
        f"scheduled for {short(theirs)} New York time ({mine} London time): Too soon"
    ), first
    assert "TIMING-002" in first
    assert server.handler.got == []  # not sent: it waits for its time
    [entry] = json.loads(run("outbox", "--json").stdout)
    assert entry["state"] == "queued"
    assert datetime.fromisoformat(entry["due"]) == window.recommended
    # Running the outbox now sends nothing: it is not due yet.
    assert "nothing due" in run("outbox", "run").stdout
    assert server.handler.got == []
    # --now brings the scheduled message forward, once.
    now = run("send", str(fid), "--now")
    assert now.exit_code == 0, now.stderr
    assert now.stdout.startswith("outbox 1: sent to bob@example.org")
    assert len(server.handler.got) == 1


def test_json_says_the_timing(
    run: Invoke,
    profile: None,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    server: SmtpServer,
) -> None:
    configure(isolated_home, monkeypatch, server)
    window = ahead()
    fid = followup(isolated_home, window)
    shown = json.loads(run("send", str(fid), "--json").stdout)
    assert shown["state"] == "queued" and shown["timing"]["action"] == "schedule"
    assert datetime.fromisoformat(shown["timing"]["at"]) == window.recommended
    assert "New York time" in shown["timing"]["when"]


def test_past_the_latest_time_needs_now(
    run: Invoke,
    profile: None,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    server: SmtpServer,
) -> None:
    configure(isolated_home, monkeypatch, server)
    fid = followup(isolated_home, behind())
    refused = run("send", str(fid))
    assert refused.exit_code == 1
    [line] = refused.stderr.strip().splitlines()
    assert line.startswith(f"error: follow-up {fid} not sent: The window closed")
    assert "TIMING-001" in line and "--now" in line
    assert json.loads(run("outbox", "--json").stdout) == []  # nothing queued
    assert server.handler.got == []
    sent = run("send", str(fid), "--now")
    assert sent.exit_code == 0, sent.stderr
    assert len(server.handler.got) == 1


def test_at_and_now_together_are_refused(
    run: Invoke,
    profile: None,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    server: SmtpServer,
) -> None:
    configure(isolated_home, monkeypatch, server)
    fid = followup(isolated_home, ahead())
    result = run("send", str(fid), "--now", "--at", "2099-01-05T09:00+00:00")
    assert result.exit_code == 2 and "--at or --now" in result.stderr


def test_lint_warnings_are_shown_at_send_time(
    run: Invoke,
    profile: None,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    server: SmtpServer,
) -> None:
    configure(isolated_home, monkeypatch, server)
    body = "Dear Bob,\n\nJust checking in!!! I am the best candidate.\n\nBest,\nAda"
    fid = followup(isolated_home, ahead(), body=body)
    lint = json.loads(run("lint", "--followup", str(fid), "--json").stdout)
    warned = [f for f in lint["findings"] if f["severity"] == "warning"]
    assert warned and not [f for f in lint["findings"] if f["severity"] == "error"]
    result = run("send", str(fid))
    assert result.exit_code == 0, result.stderr
    shown = [x for x in result.stderr.splitlines() if x.startswith("warning: ")]
    assert {f["rule"] for f in warned} == {x.split(":")[1].strip() for x in shown}


def test_doctor_warns_when_scheduled_messages_wait_and_nothing_runs_the_outbox(
    run: Invoke,
    profile: None,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    server: SmtpServer,
) -> None:
    configure(isolated_home, monkeypatch, server)
    assert "ok   outbox: runner: nothing scheduled" in run("doctor").stdout
    fid = followup(isolated_home, ahead())
    assert run("send", str(fid)).exit_code == 0
    warned = run("doctor")
    assert "warn outbox: runner: 1 message(s) waiting, but nothing has run" in warned.stdout
    assert "FAIL outbox" not in warned.stdout
    assert run("outbox", "run").exit_code == 0  # something runs it: no warning
    assert "ok   outbox: runner: 1 waiting; the outbox ran last at" in run("doctor").stdout
    # An hour and more of silence warns again.
    store = SqliteStore(isolated_home / "followup.db")
    store.set_meta("outbox.last_run", (datetime.now(UTC) - timedelta(minutes=61)).isoformat())
    store.close()
    assert "warn outbox: runner" in run("doctor").stdout
