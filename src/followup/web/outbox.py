"""Sending from the web: `services.sending` with the app's parts, and a background worker
that runs the outbox (the only sender) on its own connection, woken when something is queued."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from followup.bootstrap import App, build
from followup.domain.errors import DomainError
from followup.domain.mail.outbox import SenderBusy, Via
from followup.services.mail import send as sending

log = logging.getLogger("followup.web")


def send(
    app: App,
    worker: OutboxWorker | None,
    followup_id: int,
    via: Via,
    *,
    force: bool,
    now: bool = False,
) -> sending.Sent:
    """Lint-gate and queue the follow-up as `followup send` does (outside its window it is
    scheduled for the recommended time; past the latest time only `now` sends it), then
    wake the worker: it is the sender, so no SMTP conversation runs on the event loop.
    With no worker (`serve --no-outbox`, tests), this request sends what is due."""
    sent = sending.send_followup(
        app,
        followup_id,
        sending.SendOptions(
            via=via, force=force, now=now, deliver=worker is None, now_field="Send now"
        ),
    )
    if worker is not None:
        worker.poke()
    return sent


class OutboxWorker:
    """Runs the outbox every `interval` seconds, when the next scheduled message falls
    due, or at once when woken. It builds its own App from the same settings, so its
    SQLite connection is its own (WAL lets both work)."""

    def __init__(
        self,
        app: App,
        interval: float = 30.0,
        factory: Callable[[], App] | None = None,
    ) -> None:
        self.factory = factory or (lambda: build(app.settings, **_shareable(app)))
        self.interval = interval
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None
        self.last_error = ""

    def start(self) -> Callable[[], None]:
        self.thread = threading.Thread(target=self._loop, name="followup-outbox", daemon=True)
        self.thread.start()
        return self.stop

    def stop(self) -> None:
        self.stopping.set()
        self.wake.set()
        if self.thread is not None:
            self.thread.join(timeout=30)

    def poke(self) -> None:
        self.wake.set()

    def _loop(self) -> None:
        app = self.factory()
        try:
            while not self.stopping.is_set():
                try:
                    sending.run_outbox(app, self.stopping.is_set)
                    self.last_error = ""
                except SenderBusy:  # another process is sending; it sends ours too
                    self.last_error = ""
                except DomainError as exc:
                    self.last_error = str(exc)
                except Exception as exc:  # keep serving; the entry states say what happened
                    self.last_error = f"internal error: {type(exc).__name__}"
                    log.exception("outbox run failed")
                self.wake.wait(self._pause(app))
                self.wake.clear()
        finally:
            app.close()

    def _pause(self, app: App) -> float:
        """Seconds until the next run: the interval, or less when a message falls due."""
        try:
            due = sending.next_due(app)
        except DomainError:
            return self.interval
        if due is None:
            return self.interval
        until = (due - app.clock.now()).total_seconds()
        return max(min(self.interval, 1.0), min(self.interval, until))


def _shareable(app: App) -> dict[str, object]:
    """Overrides the worker may share: everything but the store and what wraps it."""
    return {k: v for k, v in app.overrides.items() if k not in ("store", "mail")}
