"""The web never runs blocking work on the event loop (issue 13, move 4): page and API
handlers are plain functions that run one at a time on a worker thread, sharing the one
SQLite connection without interleaving; only the handlers that must await a request body
are coroutines, and they hand their work to that thread."""

from __future__ import annotations

import inspect
import threading
from collections.abc import Iterator
from datetime import datetime

import pytest
from fastapi.routing import APIRoute

from followup.bootstrap import App
from followup.web import create_app
from followup.web.routes import ROUTERS
from tests.e2e.web.conftest import BASE, NOW, Client, debrief, make_app

# Coroutines only because they await the request body; their work goes to the thread.
BODY_READERS = {"add_interview", "create", "edit_contact", "import_invite", "test_mail"}


class ThreadClock:
    """A fixed clock that notes which thread asked it the time."""

    def __init__(self, now: datetime) -> None:
        self.at = now
        self.threads: set[int] = set()

    def now(self) -> datetime:
        self.threads.add(threading.get_ident())
        return self.at


@pytest.fixture
def clocked() -> Iterator[tuple[App, ThreadClock]]:
    clock = ThreadClock(NOW)
    built = make_app(clock)
    yield built, clock
    built.close()


def test_handlers_are_plain_functions_except_the_body_readers() -> None:
    endpoints = [r.endpoint for router in ROUTERS for r in router.routes if isinstance(r, APIRoute)]
    assert len(endpoints) > 40
    coroutines = {e.__name__ for e in endpoints if inspect.iscoroutinefunction(e)}
    assert coroutines == BODY_READERS


def test_pages_and_writes_run_off_the_event_loop_one_at_a_time(
    clocked: tuple[App, ThreadClock],
) -> None:
    app, clock = clocked
    with Client(create_app(app), base_url=BASE, follow_redirects=False) as client:

        async def loop_facts() -> tuple[int, float]:
            import anyio.to_thread

            limiter = anyio.to_thread.current_default_thread_limiter()
            return threading.get_ident(), limiter.total_tokens

        loop_thread, tokens = client.portal.call(loop_facts)  # type: ignore[union-attr]
        assert tokens == 1  # one database thread
        clock.threads.clear()
        end = NOW.replace(hour=NOW.hour - 3) if NOW.hour >= 3 else NOW
        created = client.api("POST", "/api/interviews", json=debrief(end))
        assert created.status_code == 201, created.text
        assert client.get("/").status_code == 200
        assert client.get("/api/agenda").status_code == 200
    assert clock.threads, "the handlers never asked the time"
    assert loop_thread not in clock.threads
