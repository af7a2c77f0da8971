"""The job queue workers share on PostgreSQL (issue 18): outbox delivery, re-plans after a
change, the daily sweep, feed fetches and reply sync, for every account.

One pending job per account and kind: queueing twice is one job, due at the earlier time.
A worker claims a job with `FOR UPDATE SKIP LOCKED` inside a transaction it keeps open
while it works, so any number of workers on any number of hosts never take the same job,
and a worker killed at any moment releases its job by dying: the transaction aborts and
the row is there for the next worker. `NOTIFY followup_jobs` wakes idle workers at once;
polling is the fallback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from followup.domain.records.stamps import from_text, to_text

if TYPE_CHECKING:
    import psycopg

CHANNEL = "followup_jobs"
KINDS = ("deliver", "replan", "sweep", "feeds", "sync")
MAX_BACKOFF = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Job:
    """One unit of background work for one account."""

    id: int
    account_id: int
    kind: str
    due_at: datetime
    attempts: int


class PostgresJobs:
    """The queue, on one autocommit connection of its own (a claim holds a transaction)."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn

    def enqueue(self, account_id: int, kind: str, due_at: datetime, now: datetime) -> None:
        """Ask for `kind` work on an account at `due_at`; an earlier request wins."""
        if kind not in KINDS:
            raise ValueError(f"unknown job kind {kind!r}")
        with self.conn.transaction():
            self.conn.execute(
                "INSERT INTO jobs (account_id, kind, due_at, created_at) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (account_id, kind) DO UPDATE "
                "SET due_at = LEAST(jobs.due_at, EXCLUDED.due_at)",
                (account_id, kind, to_text(due_at), to_text(now)),
            )
            self.conn.execute(f"NOTIFY {CHANNEL}")

    @contextmanager
    def claim(self, now: datetime, kinds: tuple[str, ...] = KINDS) -> Iterator[Job | None]:
        """The next due job, locked for as long as the block runs. Leaving the block
        normally completes the job (deletes it); an exception puts it back with a backoff
        and re-raises; a killed process releases it untouched."""
        failure: Exception | None = None
        with self.conn.transaction():
            row = self.conn.execute(
                "SELECT id, account_id, kind, due_at, attempts FROM jobs "
                "WHERE due_at <= %s AND kind = ANY(%s) ORDER BY due_at "
                "FOR UPDATE SKIP LOCKED LIMIT 1",
                (to_text(now), list(kinds)),
            ).fetchone()
            if row is None:
                yield None
                return
            job = Job(row[0], row[1], row[2], from_text(row[3]), row[4])
            try:
                with self.conn.transaction():  # a savepoint around the job's own writes
                    yield job
            except Exception as exc:
                # Kept, not raised here: raising would roll the backoff back with the rest.
                failure = exc
                delay = min(timedelta(seconds=30) * 2**job.attempts, MAX_BACKOFF)
                self.conn.execute(
                    "UPDATE jobs SET attempts = attempts + 1, due_at = %s, last_error = %s "
                    "WHERE id = %s",
                    (to_text(now + delay), f"{type(exc).__name__}: {exc}"[:500], job.id),
                )
            else:
                self.conn.execute("DELETE FROM jobs WHERE id = %s", (job.id,))
        if failure is not None:
            raise failure

    def pending(self) -> list[Job]:
        """Every job not yet done, soonest first."""
        rows = self.conn.execute(
            "SELECT id, account_id, kind, due_at, attempts FROM jobs ORDER BY due_at, id"
        ).fetchall()
        return [Job(r[0], r[1], r[2], from_text(r[3]), r[4]) for r in rows]

    def next_due(self) -> datetime | None:
        """When the soonest job falls due, to sleep until then."""
        row = self.conn.execute("SELECT min(due_at) FROM jobs").fetchone()
        return from_text(row[0]) if row and row[0] else None


def wait_for_jobs(conn: psycopg.Connection[Any], timeout: float) -> bool:
    """Sleep until a job is queued (NOTIFY) or `timeout` seconds pass; True when woken.
    `conn` must be in autocommit mode and dedicated to listening."""
    conn.execute(f"LISTEN {CHANNEL}")
    for _ in conn.notifies(timeout=timeout, stop_after=1):
        return True
    return False
