"""In-memory twins of the mail ports, for unit tests and dry runs.

`MemoryMailer` plays a scripted SMTP server: each queued outcome answers one attempt,
and what it "delivered" is kept. `MemoryMailbox` keeps folders of raw messages with
the same idempotent APPEND and the same matching as the IMAP adapter; `wait_for_mail`
blocks like IMAP IDLE until `deliver` (from another thread) or the timeout.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime

from followup.domain.errors import Unavailable
from followup.domain.mail.message import same_address
from followup.domain.mail.outbox import (
    Attempt,
    Outcome,
    Phase,
    RecipientResult,
    classify_recipients,
    interrupted,
    replied,
)
from followup.domain.mail.replies import IncomingMail, parse_incoming


class MemoryMailer:
    """A scripted SMTP server. Script entries: "ok", "451", "554", "hang" (no answer
    after DATA), "drop" (disconnect before DATA). Recipients starting with "reject" get
    550 and "later" 450, as the aiosmtpd harness does."""

    def __init__(
        self,
        script: Sequence[str] = (),
        *,
        smtputf8: bool = True,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.script = list(script)
        self.smtputf8 = smtputf8
        self.clock = clock
        self.delivered: list[tuple[str, tuple[str, ...], bytes]] = []
        self.phases: list[Phase] = []
        self.submitted_at: list[datetime] = []  # when each attempt began, given a clock

    def check(self) -> str:
        return "memory: ready"

    def session(self) -> AbstractContextManager[None]:
        """Nothing to keep open between sends."""
        return nullcontext()

    def send(
        self,
        sender: str,
        recipients: Sequence[str],
        raw: bytes,
        phase: Callable[[Phase], None],
    ) -> Attempt:
        mode = self.script.pop(0) if self.script else "ok"
        if self.clock is not None:
            self.submitted_at.append(self.clock())
        if mode == "refused":
            return interrupted(Phase.CONNECT, "connection refused")
        if not self.smtputf8 and any(not a.isascii() for a in (sender, *recipients)):
            return Attempt(
                outcome=Outcome.PERMANENT,
                phase=Phase.CONNECT,
                detail="address is not ASCII and the server does not support SMTPUTF8",
            )
        phase(Phase.ENVELOPE)
        self.phases.append(Phase.ENVELOPE)
        if mode == "drop":
            return interrupted(Phase.ENVELOPE, "server disconnected")
        results = tuple(_rcpt(r) for r in recipients)
        verdict = classify_recipients(results)
        if verdict in (Outcome.TEMPORARY, Outcome.PERMANENT):
            return Attempt(
                outcome=verdict,
                phase=Phase.ENVELOPE,
                detail="recipients refused",
                recipients=results,
            )
        phase(Phase.DATA)
        self.phases.append(Phase.DATA)
        if mode in ("451", "554"):
            attempt = replied(Phase.DATA, int(mode), "scripted")
            return Attempt(
                outcome=attempt.outcome,
                phase=Phase.DATA,
                code=attempt.code,
                detail=attempt.detail,
                recipients=results,
            )
        accepted = tuple(r.address for r in results if r.accepted)
        self.delivered.append((sender, accepted, raw))
        if mode == "hang":
            return interrupted(Phase.DATA, "timed out")
        return Attempt(
            outcome=verdict, phase=Phase.DATA, code=250, detail="250 OK", recipients=results
        )


def _rcpt(address: str) -> RecipientResult:
    if address.startswith("reject"):
        return RecipientResult(address=address, code=550, text="5.1.1 no such user")
    if address.startswith("later"):
        return RecipientResult(address=address, code=450, text="4.2.1 mailbox busy")
    return RecipientResult(address=address, code=250, text="OK")


class MemoryMailbox:
    """Folders of raw messages: INBOX, Drafts and Sent, with UIDs and a UIDVALIDITY."""

    def __init__(self, *, sent: bool = True, fail_sent: bool = False) -> None:
        self.boxes: dict[str, list[bytes]] = {"INBOX": [], "Drafts": []}
        if sent:
            self.boxes["Sent"] = []
        self.fail_sent = fail_sent
        self.uidvalidity = 1
        self.drops = 0  # the next searches that fail as a dropped connection does (B1)
        self.waits: list[float] = []  # the timeout of each wait_for_mail, as IDLE renewals
        self._arrived = threading.Condition()
        self._announced = 0  # INBOX size the last wait_for_mail reported

    def check(self) -> str:
        return str(self.folders())

    def folders(self) -> dict[str, str]:
        out = {"inbox": "INBOX", "drafts": "Drafts"}
        if "Sent" in self.boxes:
            out["sent"] = "Sent"
        return out

    def _append_once(self, folder: str, message_id: str, raw: bytes) -> bool:
        box = self.boxes[folder]
        if any(parse_incoming(m, "").message_id == message_id for m in box):
            return False
        box.append(raw)
        return True

    def save_draft(self, message_id: str, raw: bytes) -> Attempt:
        added = self._append_once("Drafts", message_id, raw)
        return Attempt(
            outcome=Outcome.DELIVERED,
            phase=Phase.DATA,
            detail="saved" if added else "already in Drafts",
            location="memory:Drafts",
        )

    def copy_to_sent(self, message_id: str, raw: bytes) -> bool:
        if self.fail_sent or "Sent" not in self.boxes:
            raise Unavailable("the Sent folder cannot be reached")
        return self._append_once("Sent", message_id, raw)

    def in_sent(self, message_ids: Sequence[str]) -> set[str]:
        there = {parse_incoming(m, "").message_id for m in self.boxes.get("Sent", [])}
        return {i for i in message_ids if i in there}

    def deliver(self, raw: bytes) -> None:
        """Put an incoming mail into INBOX (what an MTA would do)."""
        with self._arrived:
            self.boxes["INBOX"].append(raw)
            self._arrived.notify_all()

    def wait_for_mail(self, timeout: float) -> bool:
        """Block until INBOX grows or `timeout` seconds pass; True when it grew."""
        self.waits.append(timeout)
        with self._arrived:
            grew = self._arrived.wait_for(
                lambda: len(self.boxes["INBOX"]) > self._announced, max(0.0, timeout)
            )
            self._announced = len(self.boxes["INBOX"])
        return grew

    def fetch_replies(
        self,
        ours: Sequence[str],
        senders: Sequence[str],
        since: datetime,
        seen: Callable[[str], bool],
    ) -> Iterator[IncomingMail]:
        if self.drops > 0:
            self.drops -= 1
            raise Unavailable("IMAP search INBOX: connection lost (server shutting down)")
        wanted = set(ours)
        with self._arrived:
            inbox = list(self.boxes["INBOX"])
            self._announced = len(inbox)
        for uid, raw in enumerate(inbox, start=1):
            key = f"imap:INBOX:{self.uidvalidity}:{uid}"
            if seen(key):
                continue
            mail = parse_incoming(raw, key)
            threads = wanted.intersection((*mail.in_reply_to, *mail.references))
            if threads or any(same_address(mail.sender, s) for s in senders):
                yield mail

    def close(self) -> None:
        return None
