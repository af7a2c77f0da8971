"""Sending from the web: queue through `services.sending`, and a background worker that
runs the outbox (the only sender) on its own connection, woken when something is queued."""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable
from datetime import datetime

from followup.bootstrap import App, build
from followup.domain.errors import DomainError, Unavailable, ValidationError
from followup.domain.outbox import OutboxEntry, Via, build_message, new_message_id
from followup.services import sending

log = logging.getLogger("followup.web")


def transports(app: App) -> sending.Transports:
    """The configured routes; a missing one makes its entries fail with a clear reason."""
    kit = app.mail
    mailbox = kit.mailbox()
    copy = mailbox if kit.settings.copy_to_sent else None
    return sending.Transports(mailer=kit.mailer(), drafts=mailbox, eml=kit.eml(), sent_copy=copy)


def sender(app: App) -> sending.Sender:
    settings = app.mail.settings
    profile = app.store.get_profile()
    return sending.Sender(
        name=settings.from_name or (profile.name if profile else ""),
        email=settings.from_email or (profile.email if profile else ""),
    )


def queue(
    app: App, followup_id: int, via: Via, now: datetime, *, force: bool = False
) -> OutboxEntry:
    """Lint-gate and queue the follow-up's stored draft (as `followup send` does)."""
    settings = app.mail.settings
    if via is Via.SMTP and settings.smtp is None:
        raise ValidationError("via", "no SMTP account configured; run `followup mail setup`")
    if via is Via.DRAFTS and settings.imap is None:
        raise ValidationError("via", "no IMAP account configured; run `followup mail setup`")
    entry, _ = sending.queue(
        app.store,
        app.mail.outbox,
        followup_id,
        sender=sender(app),
        now=now,
        via=via,
        force=force,
        gate=sending.standard_gate(
            app.store,
            config=app.settings.config,
            policies=app.policies,
            holidays=app.holidays,
            now=now,
        ),
        drafter=sending.standard_drafter(app.store, app.clock, app.renderer),
    )
    return entry


def run_once(app: App) -> sending.RunReport | None:
    """Send what is due; None when another process holds the outbox lock."""
    try:
        return sending.run(
            app.store, app.mail.outbox, transports(app), clock=app.clock.now, fault=app.mail.fault
        )
    except Unavailable as exc:
        if "sending" in str(exc):
            return None
        raise


def eml(app: App, followup_id: int, now: datetime) -> tuple[str, bytes]:
    """The stored draft as an .eml file to download (a fresh Message-ID; nothing queued)."""
    followup = app.store.get_followup(followup_id)
    if followup.contact_id is None:
        raise ValidationError("to", f"follow-up {followup_id} has no contact to write to")
    contact = app.store.get_contact(followup.contact_id)
    if not contact.email:
        raise ValidationError("to", f"{contact.name} has no email address yet")
    origin = sender(app)
    if not origin.email:
        raise ValidationError("from", "no sender address; set your email in Settings")
    domain = origin.email.rpartition("@")[2]
    raw = build_message(
        sender_name=origin.name,
        sender=origin.email,
        to=[(contact.name, contact.email)],
        subject=followup.subject,
        body=followup.body,
        message_id=new_message_id(secrets.token_hex(16), domain),
        date=now,
    )
    return f"followup-{followup_id}-{followup.kind.value}.eml", raw


class OutboxWorker:
    """Runs the outbox every `interval` seconds, or at once when woken. It builds its own
    App from the same settings, so its SQLite connection is its own (WAL lets both work)."""

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
                    run_once(app)
                    self.last_error = ""
                except DomainError as exc:
                    self.last_error = str(exc)
                except Exception as exc:  # keep serving; the entry states say what happened
                    self.last_error = f"internal error: {type(exc).__name__}"
                    log.exception("outbox run failed")
                self.wake.wait(self.interval)
                self.wake.clear()
        finally:
            app.close()


def _shareable(app: App) -> dict[str, object]:
    """Overrides the worker may share: everything but the store and what wraps it."""
    return {k: v for k, v in app.overrides.items() if k not in ("store", "mail")}
