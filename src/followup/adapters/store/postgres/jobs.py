"""The job queue workers share on PostgreSQL (issue 18): outbox delivery, re-plans after a
change, the daily sweep, feed fetches and reply sync, for every account.

One pending job per account and kind: queueing twice is one job, due at the earlier time,
and each request bumps the job's `generation`. A worker claims a job in a short
transaction (`FOR UPDATE SKIP LOCKED`) and holds it with a session advisory lock keyed by
its id while it works. So any number of workers on any number of hosts never take the
same job; queueing never waits for a worker; and a worker killed at any moment frees its
job when its connection closes, the row untouched for the next worker. A job is completed
only if no request arrived while it ran (same generation); else it stays, due, and runs
again. `NOTIFY followup_jobs` wakes idle workers at once; polling is the fallback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from followup.domain.records.stamps import from_text, to_text

if TYPE_CHECKING:
    import psycopg

CHANNEL = "followup_jobs"
KINDS = ("deliver", "replan", "sweep", "feeds", "sync")
FIRST_BACKOFF = timedelta(seconds=30)
MAX_BACKOFF = timedelta(hours=1)

# Due jobs no worker holds: a held job's advisory lock (one bigint key, the job id) shows
# in pg_locks as classid = high 32 bits, objid = low 32 bits, objsubid = 1. The held ids
# are read once per claim (an uncorrelated NOT IN, hashed), not once per due job: with
# thousands of jobs due at once a correlated lookup re-read pg_locks for each of them.
# jobs_due_id (migration 0013) walks due jobs in claim order, so LIMIT 1 stops early.
_CLAIM = """
SELECT id, account_id, kind, due_at, attempts, generation FROM jobs
WHERE due_at <= %s AND kind = ANY(%s)
  AND id NOT IN (
    SELECT l.classid::bigint << 32 | l.objid::bigint FROM pg_locks l
    WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND l.granted
      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))
ORDER BY due_at, id LIMIT 1
FOR UPDATE SKIP LOCKED
"""


class _Identified(Protocol):
    @property
    def id(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Job:
    """One unit of background work for one account."""

    id: int
    account_id: int
    kind: str
    due_at: datetime
    attempts: int
    generation: int = 0


class PostgresJobs:
    """The queue, on one autocommit connection of its own: a worker's held jobs live as
    long as that connection does."""

    def __init__(
        self,
        conn: psycopg.Connection[Any],
        *,
        reconnect: Callable[[], psycopg.Connection[Any]] | None = None,
    ) -> None:
        self.conn = conn
        self._reconnect = reconnect  # a worker's way back after the server restarted
        self._again: dict[int, datetime] = {}

    def enqueue(self, account_id: int, kind: str, due_at: datetime, now: datetime) -> None:
        """Ask for `kind` work on an account at `due_at`; an earlier request wins."""
        _check(kind)
        with self.conn.transaction():
            self.conn.execute(
                "INSERT INTO jobs AS j (account_id, kind, due_at, created_at) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT (account_id, kind) DO UPDATE "
                "SET due_at = LEAST(j.due_at, EXCLUDED.due_at), generation = j.generation + 1",
                (account_id, kind, to_text(due_at), to_text(now)),
            )
            self.conn.execute(f"NOTIFY {CHANNEL}")

    def ensure(self, account_id: int, kind: str, due_at: datetime, now: datetime) -> None:
        """A `kind` job for the account, due at `due_at` unless one is pending already
        (periodic work: a pending job keeps its time)."""
        _check(kind)
        self.conn.execute(
            "INSERT INTO jobs (account_id, kind, due_at, created_at) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (account_id, kind) DO NOTHING",
            (account_id, kind, to_text(due_at), to_text(now)),
        )

    def again(self, job: _Identified, at: datetime) -> None:
        """Inside `claim`: when the job completes, keep it, due at `at` (periodic work, or
        more to do later), instead of removing it."""
        self._again[job.id] = at

    @contextmanager
    def claim(self, now: datetime, kinds: tuple[str, ...] = KINDS) -> Iterator[Job | None]:
        """The next due job, held for as long as the block runs. Leaving the block
        normally completes the job; an exception puts it back with a backoff and
        re-raises; a killed process releases it untouched."""
        job = self._take(now, kinds)
        if job is None:
            yield None
            return
        try:
            yield job
        except Exception as exc:
            self._back_off(job, now, exc)
            raise
        else:
            self._complete(job)
        finally:
            self._again.pop(job.id, None)
            self._release(job)

    def _take(self, now: datetime, kinds: tuple[str, ...]) -> Job | None:
        if self._reconnect is not None and (self.conn.closed or self.conn.broken):
            self.conn = self._reconnect()
        for _ in range(10):  # another worker may win the lock between the read and ours
            with self.conn.transaction():
                row = self.conn.execute(_CLAIM, (to_text(now), list(kinds))).fetchone()
                if row is None:
                    return None
                won = self.conn.execute("SELECT pg_try_advisory_lock(%s)", (row[0],)).fetchone()
            if won and won[0]:
                return Job(row[0], row[1], row[2], from_text(row[3]), row[4], row[5])
        return None

    def _complete(self, job: Job) -> None:
        at = self._again.get(job.id)
        with self.conn.transaction():
            if at is None:
                gone = self.conn.execute(
                    "DELETE FROM jobs WHERE id = %s AND generation = %s", (job.id, job.generation)
                ).rowcount
                if gone:
                    return
                # Asked for again while it ran: it stays, due as the new request said.
                self.conn.execute(
                    "UPDATE jobs SET attempts = 0, last_error = '' WHERE id = %s", (job.id,)
                )
                return
            self.conn.execute(
                "UPDATE jobs SET attempts = 0, last_error = '', due_at = CASE "
                "WHEN generation = %s THEN %s ELSE LEAST(due_at, %s) END WHERE id = %s",
                (job.generation, to_text(at), to_text(at), job.id),
            )

    def _back_off(self, job: Job, now: datetime, exc: Exception) -> None:
        delay = min(FIRST_BACKOFF * 2 ** min(job.attempts, 16), MAX_BACKOFF)
        self.conn.execute(
            "UPDATE jobs SET attempts = attempts + 1, due_at = %s, last_error = %s WHERE id = %s",
            (to_text(now + delay), f"{type(exc).__name__}: {exc}"[:500], job.id),
        )

    def _release(self, job: Job) -> None:
        if not self.conn.closed:
            self.conn.execute("SELECT pg_advisory_unlock(%s)", (job.id,))

    def pending(self) -> list[Job]:
        """Every job not yet done, soonest first."""
        rows = self.conn.execute(
            "SELECT id, account_id, kind, due_at, attempts, generation FROM jobs "
            "ORDER BY due_at, id"
        ).fetchall()
        return [Job(r[0], r[1], r[2], from_text(r[3]), r[4], r[5]) for r in rows]

    def next_due(self, kinds: tuple[str, ...] = KINDS) -> datetime | None:
        """When the soonest job falls due, to sleep until then."""
        row = self.conn.execute(
            "SELECT min(due_at) FROM jobs WHERE kind = ANY(%s)", (list(kinds),)
        ).fetchone()
        return from_text(row[0]) if row and row[0] else None


def _check(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")


def listen(conn: psycopg.Connection[Any]) -> None:
    """Subscribe `conn` (autocommit, dedicated to listening) to the queue's wake-ups."""
    conn.execute(f"LISTEN {CHANNEL}")


def wait_for_jobs(conn: psycopg.Connection[Any], timeout: float) -> bool:
    """Sleep until a job is queued (NOTIFY) or `timeout` seconds pass; True when woken.
    `conn` must be in autocommit mode and dedicated to listening."""
    listen(conn)
    for _ in conn.notifies(timeout=timeout, stop_after=1):
        return True
    return False
