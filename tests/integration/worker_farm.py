"""A PostgreSQL database with queued mail for many accounts, and real `followup worker`
processes delivering it to aiosmtpd (issue 18 §3): shared by the worker tests."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from followup.adapters.store.postgres.database import PostgresDatabase
from followup.adapters.store.postgres.store import PostgresStore
from followup.domain.mail.message import build_message
from followup.domain.mail.outbox import OutboxEntry, State, Via, new_entry
from tests.integration.mailservers import PASSWORD, SmtpServer
from tests.integration.pgserver import PostgresServer

ROOT = Path(__file__).resolve().parents[2]
_MESSAGE_ID = re.compile(rb"^Message-ID:\s*(<[^>\r\n]+>)", re.IGNORECASE | re.MULTILINE)
WAITING = (State.QUEUED, State.RETRY, State.SENDING)


class Farm:
    """One migrated database, a FOLLOWUP_HOME whose config points at `server`, and the
    accounts made so far."""

    def __init__(self, postgres: PostgresServer, server: SmtpServer, home: Path, name: str):
        self.url = postgres.fresh_database(name)
        self.db = PostgresDatabase(self.url, max_size=4)
        self.db.migrate()
        self.server = server
        self.accounts: list[int] = []
        server.write_config(home, "FOLLOWUP_TEST_SMTP_PASSWORD")
        self.env = {
            "PATH": os.environ.get("PATH", ""),
            "FOLLOWUP_HOME": str(home),
            "FOLLOWUP_DATABASE": self.url,
            "FOLLOWUP_TEST_SMTP_PASSWORD": PASSWORD,
            "PYTHONUNBUFFERED": "1",
        }

    def close(self) -> None:
        self.db.close()

    def store(self, account_id: int) -> PostgresStore:
        return PostgresStore(self.db, account_id)

    def queue(self, accounts: int, per_account: int) -> list[str]:
        """`per_account` due messages in each of `accounts` new accounts; their Message-IDs."""
        now = datetime.now(UTC)
        ids: list[str] = []
        for _ in range(accounts):
            account = self.db.add_account(f"candidate-{len(self.accounts)}")
            self.accounts.append(account)
            entries: list[OutboxEntry] = []
            for i in range(per_account):
                message_id = f"<w{account}.{i}.{time.time_ns()}@example.org>"
                raw = build_message(
                    sender_name="Ada",
                    sender="ada@example.org",
                    to=[("Grace", f"grace{i}@example.org")],
                    subject=f"Thank you {i}",
                    body="Thank you for your time today.",
                    message_id=message_id,
                    date=now,
                )
                entry = new_entry(
                    message_id=message_id,
                    followup_id=None,
                    via=Via.SMTP,
                    sender="ada@example.org",
                    recipients=[f"grace{i}@example.org"],
                    subject=f"Thank you {i}",
                    raw=raw,
                    now=now,
                )
                entries.append(replace(entry, id=i + 1))
                ids.append(message_id)
            store = self.store(account)
            with store.transaction():
                store.outbox.restore(entries, {})
        return ids

    def states(self) -> dict[str, State]:
        """Every message's state, across the accounts."""
        found: dict[str, State] = {}
        for account in self.accounts:
            for entry in self.store(account).outbox.entries():
                found[entry.message_id] = entry.state
        return found

    def delivered(self) -> Counter[str]:
        """How many times the server stored each Message-ID."""
        seen: Counter[str] = Counter()
        for _, content in list(self.server.handler.got):
            match = _MESSAGE_ID.search(content)
            assert match is not None, content[:200]
            seen[match.group(1).decode()] += 1
        return seen

    def jobs(self) -> list[tuple[int, str, str]]:
        with self.db.transaction(None) as conn:
            rows = conn.execute("SELECT account_id, kind, due_at FROM jobs ORDER BY id").fetchall()
        return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]

    def start(self, concurrency: int = 1, *extra: str) -> subprocess.Popen[str]:
        """A `followup worker` process."""
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "followup",
                "worker",
                "--concurrency",
                str(concurrency),
                "--poll",
                "1",
                *extra,
            ],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def wait_settled(self, timeout: float) -> dict[str, State]:
        """Wait until no message waits or is being sent; the states then."""
        deadline = time.monotonic() + timeout
        while True:
            states = self.states()
            if not any(s in WAITING for s in states.values()):
                return states
            if time.monotonic() > deadline:
                waiting = Counter(s for s in states.values() if s in WAITING)
                raise AssertionError(f"still waiting after {timeout:g} s: {dict(waiting)}")
            time.sleep(0.2)


def stop(proc: subprocess.Popen[str], timeout: float = 30) -> tuple[int, str, str]:
    """SIGTERM, once it has said it started (its handler is in place by then; a SIGTERM
    during its imports would kill it as the default action does), then its exit code
    and output."""
    first = ""
    if proc.poll() is None and proc.stdout is not None:
        first = proc.stdout.readline()
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, first + out, err


def kill(proc: subprocess.Popen[str]) -> None:
    """SIGKILL and reap."""
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
