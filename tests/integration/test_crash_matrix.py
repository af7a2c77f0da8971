"""The crash matrix (issue 7 §6; reliability.md A1, A2): a real `followup outbox run`
subprocess is SIGKILLed at each step of a send, 20 times per step, against aiosmtpd.

Across every run: nothing is delivered twice; nothing is lost (each message is delivered
once, or sits in `unknown` and the user is told); the database passes integrity_check.
Kill points come from a test-only entry point (tests/support/crashing_followup.py) that
runs the real command line with a mail kit whose observer kills the process; "accepted"
is the exception: there the SMTP server kills the shipped sender after storing the message.
The shipped `followup` offers no kill switch: FOLLOWUP_FAULT is ignored, as shown below.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from email import message_from_bytes
from pathlib import Path

import pytest

from followup.adapters.store.outbox import SqliteOutbox
from followup.adapters.store.sqlite import SqliteStore
from followup.domain.mail.outbox import State
from followup.domain.records.followups import FollowUp, Kind, Status, Window
from followup.domain.records.model import Company, Contact
from followup.services.mail import outbox as outbox_service
from tests.integration.mailservers import PASSWORD, SmtpServer, make_cert

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:Session.login_data is deprecated:DeprecationWarning"),
]
REPEATS = 20
KILLED = -9
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmtpServer]:
    with SmtpServer(tls="starttls", cert=make_cert(tmp_path_factory.mktemp("tls"))) as srv:
        yield srv


class Home:
    """A FOLLOWUP_HOME with a config pointing at the test server and N queued messages."""

    def __init__(self, path: Path, server: SmtpServer) -> None:
        self.path = path
        server.write_config(path, "FOLLOWUP_TEST_SMTP_PASSWORD")
        self.env = {
            "PATH": os.environ.get("PATH", ""),
            "FOLLOWUP_HOME": str(path),
            "FOLLOWUP_TEST_SMTP_PASSWORD": PASSWORD,
        }

    def queue(self, n: int) -> list[str]:
        store = SqliteStore(self.path / "followup.db")
        outbox = SqliteOutbox(store.db)
        company = store.companies.add(Company(name="Acme"))
        now = datetime.now(UTC)
        ids = []
        for i in range(n):
            contact = store.contacts.add(
                Contact(name=f"Person {i}", email=f"p{i}@example.org", company_id=company.id)
            )
            [followup] = store.followups.save(
                [
                    FollowUp(
                        key=f"thank-you/{i}",
                        kind=Kind.THANK_YOU,
                        contact_id=contact.id,
                        window=Window(earliest=now, recommended=now, latest=now),
                        status=Status.DRAFTED,
                        subject=f"Thank you {i}",
                        body="Thanks.",
                        created_at=now,
                        updated_at=now,
                    )
                ]
            )
            entry, _ = outbox_service.queue(
                store,
                outbox,
                followup.id or 0,
                now=now,
                sender=outbox_service.Sender(name="Ada", email="ada@example.org"),
            )
            ids.append(entry.message_id)
        store.close()
        return ids

    def run(
        self, server: SmtpServer, fault: str = "", command: tuple[str, ...] = ("outbox", "run")
    ) -> subprocess.CompletedProcess[str]:
        program = ["-m", "followup"]
        if fault and fault != "accepted":
            program = ["-m", "tests.support.crashing_followup", fault]
        proc = subprocess.Popen(
            [sys.executable, *program, *command],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        if fault == "accepted":
            server.handler.kill_pid = proc.pid
        out, err = proc.communicate(timeout=60)
        return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)

    def states(self) -> dict[str, State]:
        store = SqliteStore(self.path / "followup.db")
        try:
            assert store.db.integrity() == "ok"
            return {e.message_id: e.state for e in SqliteOutbox(store.db).entries()}
        finally:
            store.close()


def delivered(server: SmtpServer) -> Counter[str]:
    return Counter(str(message_from_bytes(raw)["Message-ID"]) for _, raw in server.handler.got)


@pytest.mark.parametrize("point", ["before-claim", "after-claim", "envelope", "data", "accepted"])
def test_kill_at_every_step(point: str, server: SmtpServer, tmp_path: Path) -> None:
    server.handler.reset()
    if point == "accepted":
        server.handler.data_mode = "kill"
    home = Home(tmp_path / "home", server)
    ids = home.queue(REPEATS)
    for _ in range(REPEATS):
        result = home.run(server, point)
        assert result.returncode == KILLED, result.stderr
        assert home.states()  # the database opens and passes integrity_check after each kill
    server.handler.data_mode = "ok"
    home.run(server)
    told = home.run(server, command=("outbox",))  # what the user sees when they look
    states = home.states()
    counts = delivered(server)
    assert all(n == 1 for n in counts.values()), counts  # never twice
    for mid in ids:
        if states[mid] is State.SENT:
            assert counts[mid] == 1
        else:  # not lost: the user is told it may have gone, with how to resolve it
            assert states[mid] is State.UNKNOWN, (mid, states[mid])
            [line] = [x for x in told.stderr.splitlines() if mid in x]
            assert "MAY HAVE BEEN SENT" in line and "outbox resolve" in line
    expected = {
        "before-claim": (REPEATS, 0),  # (sent, unknown)
        "after-claim": (REPEATS, 0),
        "envelope": (REPEATS, 0),  # A2: back to queued, then sent exactly once
        "data": (0, REPEATS),  # killed before DATA's first byte: unknown, never resent
        "accepted": (0, REPEATS),  # A1: the server has it, the row says unknown
    }[point]
    sent = sum(s is State.SENT for s in states.values())
    unknown = sum(s is State.UNKNOWN for s in states.values())
    assert (sent, unknown) == expected
    if point == "accepted":
        assert len(counts) == REPEATS  # each delivered exactly once, none resent
    again = home.run(server)
    assert sum(delivered(server).values()) == sum(counts.values()), again.stdout


@pytest.mark.parametrize("point", ["before-claim", "after-claim", "envelope", "data", "accepted"])
def test_the_shipped_followup_ignores_followup_fault(
    point: str, server: SmtpServer, tmp_path: Path
) -> None:
    # The old hook killed a real `followup` with FOLLOWUP_FAULT set; now it sends.
    server.handler.reset()
    home = Home(tmp_path / "home", server)
    [mid] = home.queue(1)
    home.env = dict(home.env, FOLLOWUP_FAULT=point)
    result = home.run(server)
    assert result.returncode == 0, result.stderr
    assert home.states() == {mid: State.SENT}
    assert delivered(server) == Counter({mid: 1})


def test_nothing_shipped_reads_followup_fault() -> None:
    readers = [
        path.relative_to(ROOT)
        for path in (ROOT / "src").rglob("*.py")
        if "FOLLOWUP_FAULT" in path.read_text(encoding="utf-8")
    ]
    assert readers == []
