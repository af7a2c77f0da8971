"""A small cache of rendered pages (Today, Pipeline) for a busy candidate's database.

A page is served again only while nothing it shows can have changed: the key holds the
session (pages carry its CSRF token), the minute (the agenda's buckets move with time),
a counter bumped by every state-changing request this server handles, and the database
file's and WAL's size and modification time, which change with any commit by any
process (the CLI, the outbox worker).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import datetime
from pathlib import Path

SECONDS = 30  # a cached page is at most this old


class PageCache:
    def __init__(self, database: Path | None, size: int = 64) -> None:
        self.database = database
        self.size = size
        self.generation = 0
        self.entries: OrderedDict[Hashable, bytes] = OrderedDict()

    def changed(self) -> None:
        """Something was written: forget every page."""
        self.generation += 1
        self.entries.clear()

    def _stamp(self) -> tuple[int, ...]:
        if self.database is None:
            return ()
        stamp: list[int] = []
        for path in (self.database, Path(f"{self.database}-wal")):
            try:
                info = path.stat()
            except OSError:
                stamp += [0, 0]
                continue
            stamp += [info.st_mtime_ns, info.st_size]
        return tuple(stamp)

    def page(self, name: str, session: str, now: datetime, render: Callable[[], bytes]) -> bytes:
        """The rendered page, from the cache when it is still right."""
        key = (name, session, int(now.timestamp()) // SECONDS, self.generation, self._stamp())
        found = self.entries.get(key)
        if found is not None:
            self.entries.move_to_end(key)
            return found
        body = render()
        self.entries[key] = body
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)
        return body
