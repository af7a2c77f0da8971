"""A scheduled message is delivered by whatever runs the outbox (issue 14 item 6):
`followup outbox run --watch` delivers it once, at its time, under a moved clock, never
twice across a restart, and stops cleanly on SIGTERM (a real subprocess)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup.adapters.clock import FixedClock
from followup.bootstrap import build
from followup.domain.mail.outbox import State, Via
from followup.domain.records.followups import Status, Window
from followup.services.mail import send as sending
from followup.settings import Settings
from tests.conftest import Invoke
from tests.e2e.sending import configure, drafted
from tests.integration.mailservers import PASSWORD, SmtpServer, make_cert

pytestmark = pytest.mark.filterwarnings(
    "ignore:Session.login_data is deprecated:DeprecationWarning"
)
NY = ZoneInfo("America/New_York")
ROOT = Path(__file__).resolve().parents[2]


def ny(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=NY)  # type: ignore[misc,arg-type]


# A thank-you for an interview that ended Tue 17 Nov 2026 15:00 New York time.
WINDOW = Window(
    earliest=ny(2026, 11, 17, 17), recommended=ny(2026, 11, 18, 9), latest=ny(2026, 11, 19, 15)
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmtpServer]:
    with SmtpServer(tls="starttls", cert=make_cert(tmp_path_factory.mktemp("tls"))) as srv:
        yield srv


@pytest.fixture(autouse=True)
def _fresh(server: SmtpServer) -> None:
    server.handler.reset()


def followups(home: Path, count: int = 1, window: Window = WINDOW) -> list[int]:
    """Drafted thank-yous to people in New York."""
    return [
        drafted(home, name=f"Bob {n}", email=f"bob{n}@example.org", tz=NY.key, window=window)
        for n in range(count)
    ]


def test_a_message_queued_too_soon_is_delivered_once_at_its_time_by_watch(
    profile: None, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, server: SmtpServer
) -> None:
    configure(isolated_home, monkeypatch, server)
    [fid] = followups(isolated_home)
    clock = FixedClock(ny(2026, 11, 17, 15, 20))  # 20 minutes after the interview
    app = build(Settings.from_env(), clock=clock)
    sent = sending.send_followup(app, fid)
    assert sent.timing is not None and sent.timing.scheduled
    assert sent.entry.state is State.QUEUED and sent.entry.next_attempt_at == WINDOW.recommended
    assert server.handler.got == []

    seen: list[tuple[datetime, int]] = []

    def wait(seconds: float) -> bool:
        """The watch's sleep: move the clock instead, and stop a day later."""
        seen.append((clock.now(), len(server.handler.got)))
        clock.advance(timedelta(seconds=seconds))
        return clock.now() > WINDOW.recommended + timedelta(days=1)

    runs = sending.watch(app, sending.Watch(wait=wait, stopping=lambda: False, interval=3600))
    assert len(server.handler.got) == 1
    # Nothing went before its time; it went on the first run at (or after) it.
    assert all(n == 0 for at, n in seen if at < WINDOW.recommended)
    assert any(at == WINDOW.recommended and n == 1 for at, n in seen)
    entry = app.mail.outbox.get(sent.entry.id or 0)
    assert entry.state is State.SENT and entry.sent_at == WINDOW.recommended
    assert runs == len(seen)
    app.close()

    # A restart, later: the new process sends nothing again.
    clock.advance(timedelta(hours=5))
    again = build(Settings.from_env(), clock=clock)
    steps = iter(range(3))
    sending.watch(
        again,
        sending.Watch(wait=lambda s: next(steps) == 2, stopping=lambda: False, interval=60),
    )
    assert len(server.handler.got) == 1
    assert again.store.followups.get(fid).status is Status.SENT
    again.close()


def test_the_outbox_run_is_recorded_for_doctor(
    profile: None, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, server: SmtpServer
) -> None:
    configure(isolated_home, monkeypatch, server)
    clock = FixedClock(ny(2026, 11, 18, 10))
    app = build(Settings.from_env(), clock=clock)
    assert sending.last_run(app) is None
    sending.run_outbox(app)
    assert sending.last_run(app) == clock.now()
    app.close()


def test_sigterm_finishes_the_current_message_and_stops_watch_cleanly(
    run: Invoke,
    profile: None,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    server: SmtpServer,
) -> None:
    configure(isolated_home, monkeypatch, server)
    now = datetime.now(UTC)
    window = Window(earliest=now, recommended=now, latest=now + timedelta(days=3))
    first, second = followups(isolated_home, 2, window)
    for fid in (first, second):  # due in a moment: the watcher, not `send`, sends them
        at = (datetime.now(UTC) + timedelta(seconds=2)).isoformat()
        result = run("send", str(fid), "--at", at, "--force")
        assert result.exit_code == 0, result.stderr
    server.handler.data_mode, server.handler.hang_seconds = "hang", 2.0  # a slow server
    env = {**os.environ, "FOLLOWUP_HOME": str(isolated_home), "FOLLOWUP_SMTP_PASSWORD": PASSWORD}
    proc = subprocess.Popen(
        [sys.executable, "-m", "followup", "outbox", "run", "--watch", "--interval", "1"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not server.handler.got and time.monotonic() < deadline:
            time.sleep(0.02)
        assert server.handler.got, "the watcher never reached the server"
        assert proc.stdout is not None and proc.stdout.readline().startswith("watching")
        proc.send_signal(signal.SIGTERM)  # mid-DATA: the server is still answering
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert out.strip().endswith("stopped") and "Traceback" not in err
    # The message being sent was finished (sent, not unknown); the next one waits.
    states = {e["followup"]: e["state"] for e in json.loads(run("outbox", "--json").stdout)}
    assert states == {first: "sent", second: "queued"}
    assert len(server.handler.got) == 1
    server.handler.data_mode = "ok"
    assert run("outbox", "run").exit_code == 0
    assert len(server.handler.got) == 2


def test_the_servers_worker_delivers_a_scheduled_message_when_it_falls_due(
    profile: None, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, server: SmtpServer
) -> None:
    from followup.web.outbox import OutboxWorker, send

    configure(isolated_home, monkeypatch, server)
    [fid] = followups(isolated_home)
    clock = FixedClock(ny(2026, 11, 17, 15, 20))
    app = build(Settings.from_env(), clock=clock)
    worker = OutboxWorker(app, interval=0.1, factory=lambda: build(app.settings, clock=clock))
    stop = worker.start()
    try:
        sent = send(app, worker, fid, Via.SMTP, force=False)
        assert sent.timing is not None and sent.timing.scheduled
        time.sleep(0.5)  # several runs: not due yet
        assert server.handler.got == []
        clock.advance(WINDOW.recommended - clock.now())
        deadline = time.monotonic() + 10
        while not server.handler.got and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
    finally:
        stop()
    assert len(server.handler.got) == 1
    assert app.mail.outbox.get(sent.entry.id or 0).sent_at == WINDOW.recommended
    app.close()
