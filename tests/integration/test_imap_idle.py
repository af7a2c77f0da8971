"""IMAP IDLE against a real Dovecot started by the test (reliability.md B1, B6):
`replies.watch` over `ImapMailbox.wait_for_mail`, and `followup sync --watch` as a real
process stopped by --max-seconds or by Ctrl-C (SIGINT).

Each test watches its own folder, so replies left by one test never match in another.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import IO, Any

import pytest

from followup.adapters.mail.imap import ImapMailbox, ImapRefused
from followup.adapters.store.outbox import SqliteOutbox
from followup.adapters.store.sqlite import SqliteStore
from followup.domain.mail.accounts import IMAP_PORTS, account
from followup.domain.mail.message import new_message_id
from followup.domain.records.followups import Channel, Direction, Message
from followup.domain.records.model import Company, Contact
from followup.services.mail import replies
from tests.conftest import ROOT, Invoke
from tests.integration.mailservers import IMAP_PASSWORD, Dovecot, dovecot_missing

pytestmark = [
    pytest.mark.dovecot,
    pytest.mark.slow,
    pytest.mark.skipif(bool(dovecot_missing()), reason=dovecot_missing() or "ok"),
]
NOW = datetime.now(UTC)


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    server = Dovecot().start()
    yield server
    server.stop()


@pytest.fixture
def folder(dovecot: Dovecot, request: pytest.FixtureRequest) -> str:
    """A fresh folder for this test, watched instead of INBOX."""
    name = "W" + "".join(c for c in request.node.name if c.isalnum())[-40:]
    client = dovecot.client()
    client.create_folder(name)
    client.logout()
    return name


class World:
    """A SQLite store with Bob, one message we sent him, and the reply ledger."""

    def __init__(self, path: Path, token: str) -> None:
        self.store = SqliteStore(path)
        self.ledger = SqliteOutbox(self.store.db)
        company = self.store.companies.add(Company(name="Acme"))
        contact = self.store.contacts.add(
            Contact(name="Bob", email="bob@example.org", company_id=company.id)
        )
        self.ours = new_message_id(token, "example.org")
        self.store.messages.add(
            Message(
                contact_id=contact.id or 0,
                direction=Direction.OUT,
                channel=Channel.EMAIL,
                at=NOW,
                message_id=self.ours,
            )
        )

    def incoming(self) -> list[Message]:
        return [m for m in self.store.messages.list() if m.direction is Direction.IN]


@pytest.fixture
def world(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[World]:
    token = ("idle" + "".join(c for c in request.node.name if c.isalnum()))[:24].ljust(16, "0")
    w = World(tmp_path / "f.db", token)
    yield w
    w.store.close()


def reply(ours: str, n: int) -> bytes:
    lines = [
        "From: Bob <bob@example.org>",
        "To: ada@example.org",
        f"Subject: Re: Thank you ({n})",
        f"Message-ID: <idle-reply-{n}-{time.time_ns()}@mail.example.org>",
        f"Date: {format_datetime(NOW)}",
        f"In-Reply-To: {ours}",
        f"References: {ours}",
    ]
    return ("\r\n".join(lines) + "\r\n\r\nThanks for writing.\r\n").encode()


def append(dovecot: Dovecot, folder: str, raw: bytes) -> None:
    client = dovecot.client()
    try:
        client.append(folder, raw)
    finally:
        client.logout()


Boxes = Callable[..., ImapMailbox]


@pytest.fixture
def mailbox(dovecot: Dovecot, folder: str) -> Iterator[Boxes]:
    """Make ImapMailboxes watching this test's folder; each is closed at the end."""
    made: list[ImapMailbox] = []

    def make(password: str = IMAP_PASSWORD) -> ImapMailbox:
        acc = account("mail.imap", dovecot.account(), default_port=IMAP_PORTS)
        box = ImapMailbox(acc, lambda: password, watch=(folder,), backoff=0.2, backoff_cap=1.0)
        made.append(box)
        return box

    yield make
    for box in made:
        box.close()


def at(seconds: float, action: Callable[[], None]) -> threading.Timer:
    timer = threading.Timer(seconds, action)
    timer.start()
    return timer


class Batches:
    """on_batch: when each batch of replies landed, in seconds since `start`."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.times: list[float] = []

    def __call__(self, batch: replies.SyncReport) -> None:
        self.times += [time.monotonic() - self.start] * len(batch.recorded)


def test_a_reply_appended_while_idling_is_recorded_once_at_once(
    dovecot: Dovecot, folder: str, world: World, mailbox: Boxes
) -> None:
    box = mailbox()
    replans: list[int] = []
    landed = Batches()
    raw = reply(world.ours, 1)
    timer = at(1.5, lambda: append(dovecot, folder, raw))
    report = replies.watch(
        world.store,
        world.ledger,
        box,
        clock=lambda: datetime.now(UTC),
        replan=lambda: replans.append(1),
        options=replies.WatchOptions(
            max_seconds=8,
            renew=60,  # no renewal in this test: only IDLE's push can wake it
            on_batch=landed,
        ),
    )
    timer.join()
    assert len(report.recorded) == 1 and len(world.incoming()) == 1
    assert report.recorded[0].in_reply_to == world.ours
    assert replans == [1]
    assert len(landed.times) == 1 and 1.5 <= landed.times[0] < 6  # pushed, not polled at 8 s
    assert box.idles == 2  # one IDLE ended by the new mail, one that ran to the deadline
    # The same mail again (a second APPEND, same Message-ID) adds nothing: dedupe by id.
    append(dovecot, folder, raw)
    assert replies.sync_imap(world.store, world.ledger, box, now=NOW).recorded == []
    assert len(world.incoming()) == 1


def test_kick_during_idle_reconnects_and_still_records_the_next_reply(
    dovecot: Dovecot, folder: str, world: World, mailbox: Boxes
) -> None:
    box = mailbox()
    landed = Batches()
    kick = at(1.5, dovecot.kick)
    later = at(4.0, lambda: append(dovecot, folder, reply(world.ours, 2)))
    report = replies.watch(
        world.store,
        world.ledger,
        box,
        clock=lambda: datetime.now(UTC),
        replan=lambda: None,
        options=replies.WatchOptions(max_seconds=10, renew=60, on_batch=landed),
    )
    kick.join()
    later.join()
    assert box.reconnects >= 1  # the kick ended the first IDLE with BYE
    assert len(report.recorded) == 1 and len(world.incoming()) == 1
    assert len(landed.times) == 1 and 4.0 <= landed.times[0] < 9
    assert report.problems == []  # the adapter reconnected on its own, within the wait


def test_idle_is_renewed_when_the_interval_elapses(
    dovecot: Dovecot, folder: str, world: World, mailbox: Boxes
) -> None:
    box = mailbox()
    timer = at(3.3, lambda: append(dovecot, folder, reply(world.ours, 3)))
    started = time.monotonic()
    report = replies.watch(
        world.store,
        world.ledger,
        box,
        clock=lambda: datetime.now(UTC),
        replan=lambda: None,
        options=replies.WatchOptions(max_seconds=5, renew=1),
    )
    timer.join()
    assert time.monotonic() - started >= 5
    assert box.idles >= 4  # ~1 s each, renewed (DONE, IDLE) rather than held for 5 s
    assert len(report.recorded) == 1  # and a renewed IDLE still hears new mail


def test_a_wrong_password_stops_the_watch_at_once(
    folder: str, world: World, mailbox: Boxes
) -> None:
    box = mailbox(password="wrong")
    started = time.monotonic()
    with pytest.raises(ImapRefused, match="login failed"):
        replies.watch(
            world.store,
            world.ledger,
            box,
            clock=lambda: datetime.now(UTC),
            replan=lambda: None,
            options=replies.WatchOptions(max_seconds=30),
        )
    assert time.monotonic() - started < 8  # one login and the server's delay; no loop


# ---------------------------------------------------------------- `followup sync --watch`


def configure(home: Path, dovecot: Dovecot, folder: str) -> dict[str, str]:
    values = dovecot.account(password_env="FOLLOWUP_IMAP_PASSWORD")
    lines = ["[mail.imap]"]
    lines += [f'{k} = "{v}"' if isinstance(v, str) else f"{k} = {v}" for k, v in values.items()]
    lines.append(f'watch = ["{folder}"]')
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text("\n".join(lines) + "\n")
    return {
        "PATH": os.environ.get("PATH", ""),
        "FOLLOWUP_HOME": str(home),
        "FOLLOWUP_IMAP_PASSWORD": IMAP_PASSWORD,
        "PYTHONPATH": str(ROOT / "src"),
    }


def seed(home: Path, token: str) -> str:
    world = World(home / "followup.db", token)
    world.store.close()
    return world.ours


class Lines:
    """A pipe read line by line in a thread, so the test can wait with a deadline."""

    def __init__(self, pipe: IO[str]) -> None:
        self.pipe = pipe
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.thread = threading.Thread(target=self._pump, args=(pipe,), daemon=True)
        self.thread.start()

    def _pump(self, pipe: IO[str]) -> None:
        for line in pipe:
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"{text!r} not seen in {self.seen!r}")

    def rest(self) -> str:
        """Everything, once the process has exited (its pipe is at EOF)."""
        self.thread.join(timeout=10)
        self.pipe.close()
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return "".join(self.seen)


def spawn(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "followup", "sync", "--watch", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_cli_ctrl_c_stops_cleanly_with_130_after_recording(
    run: Invoke, profile: None, isolated_home: Path, dovecot: Dovecot, folder: str
) -> None:
    env = configure(isolated_home, dovecot, folder)
    ours = seed(isolated_home, "cliwatchctrlc001")
    proc = spawn(env)
    out, err = Lines(proc.stdout), Lines(proc.stderr)  # type: ignore[arg-type]
    try:
        err.wait_for("watching")
        time.sleep(1.5)  # the first search done, IDLE running
        append(dovecot, folder, reply(ours, 4))
        assert "reply from Bob: Re: Thank you (4)" in out.wait_for("reply from")
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        out.rest()
    errors = err.rest()
    assert code == 130
    assert "Traceback" not in errors and "Aborted" not in errors
    assert "stopped watching; 1 new replies" in errors
    store = SqliteStore(isolated_home / "followup.db")
    try:
        assert len([m for m in store.messages.list() if m.direction is Direction.IN]) == 1
    finally:
        store.close()


def test_cli_max_seconds_stops_with_0_and_a_json_summary(
    run: Invoke, profile: None, isolated_home: Path, dovecot: Dovecot, folder: str
) -> None:
    env = configure(isolated_home, dovecot, folder)
    ours = seed(isolated_home, "cliwatchmaxsec01")
    append(dovecot, folder, reply(ours, 5))  # already there: the first search finds it
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "followup", "sync", "--watch", "--max-seconds", "2", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert 2 <= elapsed < 20
    summary: dict[str, Any] = json.loads(result.stdout)
    assert [r["subject"] for r in summary["recorded"]] == ["Re: Thank you (5)"]
    assert "Traceback" not in result.stderr


def test_cli_watch_refuses_mbox_and_max_seconds_alone(run: Invoke, tmp_path: Path) -> None:
    both = run("sync", "--watch", "--mbox", str(tmp_path / "x.mbox"))
    alone = run("sync", "--max-seconds", "5")
    assert both.exit_code == 2 and "--watch" in both.stderr
    assert alone.exit_code == 2 and "--max-seconds needs --watch" in alone.stderr
