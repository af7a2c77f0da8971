"""The threads and connections of one `followup worker` process on PostgreSQL.

Each worker thread has a connection of its own for the job queue (its held jobs live as
long as it does) and shares one pool for the accounts' stores. One listening connection
turns `NOTIFY followup_jobs` into a wake-up for every idle thread; a thread that misses
one still polls. What a thread does with its queue is the caller's (the services' loop).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from typing import Any, Protocol

from followup.adapters.store.postgres.database import PostgresDatabase
from followup.adapters.store.postgres.jobs import PostgresJobs, listen
from followup.domain.errors import Unavailable


class _Closable(Protocol):
    def close(self) -> None: ...


# (queue, the account's ports for one job, wait) -> jobs done
Body = Callable[
    [PostgresJobs, Callable[[int], AbstractContextManager[Any]], Callable[[float], bool]], int
]


class WorkerPool:
    """`concurrency` worker threads over one database, until `stop` is set."""

    def __init__(
        self,
        url: str,
        concurrency: int,
        stop: threading.Event,
        app_for: Callable[[PostgresDatabase, int], _Closable],
    ) -> None:
        self.url = url
        self.concurrency = concurrency
        self.stop = stop
        self.app_for = app_for
        self.db = PostgresDatabase(url, min_size=1, max_size=2 * concurrency + 2)
        pending = [m.name for m in self.db.status() if not m.applied_at]
        if pending:  # the jobs table and its triggers come from the migrations
            self.db.close()
            raise Unavailable(
                f"the PostgreSQL database is not up to date ({len(pending)} migration(s)"
                " pending): run `followup db migrate`"
            )
        self._woken = threading.Condition()
        self._wakeups = 0  # NOTIFYs heard so far

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.db.close()

    @staticmethod
    def now() -> datetime:
        return datetime.now(UTC)

    def run(self, body: Body) -> int:
        """Run `body` on every worker thread; return when all have returned (after
        `stop`), with the jobs they did."""
        done: list[int] = []
        errors: list[BaseException] = []
        listener = threading.Thread(target=self._listen, name="followup-listen", daemon=True)
        listener.start()
        threads = [
            threading.Thread(
                target=self._thread, args=(body, done, errors), name=f"followup-worker-{n}"
            )
            for n in range(self.concurrency)
        ]
        for thread in threads:
            thread.start()
        while any(t.is_alive() for t in threads):
            if self.stop.wait(0.5):
                with self._woken:
                    self._woken.notify_all()
                for thread in threads:
                    thread.join()
        if errors:
            raise errors[0]
        return sum(done)

    def _thread(self, body: Body, done: list[int], errors: list[BaseException]) -> None:
        import psycopg

        try:
            with psycopg.connect(self.url, autocommit=True, connect_timeout=10) as conn:
                queue = PostgresJobs(conn, reconnect=self._connect)
                seen = [self._wakeups]

                def wait(seconds: float) -> bool:
                    with self._woken:
                        if self._wakeups == seen[0] and not self.stop.is_set():
                            self._woken.wait(seconds)
                        seen[0] = self._wakeups
                    return self.stop.is_set()

                done.append(body(queue, self._account, wait))
                queue.conn.close()
        except BaseException as exc:  # shown by `run`, in the main thread
            errors.append(exc)
            self.stop.set()

    def _connect(self) -> Any:
        import psycopg

        return psycopg.connect(self.url, autocommit=True, connect_timeout=10)

    @contextmanager
    def _account(self, account_id: int) -> Iterator[Any]:
        app = self.app_for(self.db, account_id)
        try:
            yield app
        finally:
            app.close()

    def _listen(self) -> None:
        """Wake the idle threads on each NOTIFY; reconnect after a lost connection."""
        import psycopg

        while not self.stop.is_set():
            try:
                with self._connect() as conn:
                    listen(conn)
                    while not self.stop.is_set():
                        for _ in conn.notifies(timeout=0.5):
                            with self._woken:
                                self._wakeups += 1
                                self._woken.notify_all()
            except psycopg.Error:
                self.stop.wait(1.0)  # the threads poll meanwhile
