"""`replies.watch` (B6) over the memory twins: it records replies as they arrive, once,
re-plans after each batch, renews its wait every `renew` seconds, survives a dropped
search after the first, and stops after `max_seconds`. The same loop runs against a real
Dovecot in tests/integration/test_imap_idle.py."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest

from followup.adapters.mail.memory import MemoryMailbox
from followup.adapters.store.memory import MemoryStore
from followup.adapters.store.outbox import MemoryOutbox
from followup.domain.errors import Unavailable, ValidationError
from followup.domain.records.followups import Channel, Direction, Message
from followup.domain.records.model import Company, Contact
from followup.services.mail import replies

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
OURS = "<0123456789abcdef@example.org>"


def world() -> tuple[MemoryStore, MemoryOutbox, MemoryMailbox]:
    store = MemoryStore()
    company = store.companies.add(Company(name="Acme"))
    contact = store.contacts.add(
        Contact(name="Bob", email="bob@example.org", company_id=company.id)
    )
    store.messages.add(
        Message(
            contact_id=contact.id or 0,
            direction=Direction.OUT,
            channel=Channel.EMAIL,
            at=NOW,
            message_id=OURS,
        )
    )
    return store, MemoryOutbox(), MemoryMailbox()


def reply(n: int, *, thread: bool = True) -> bytes:
    lines = [
        "From: Bob <bob@example.org>" if thread else "From: news@elsewhere.example",
        "Subject: Re: Thank you",
        f"Message-ID: <reply{n}@mail.example.org>",
        "Date: Mon, 02 Mar 2026 10:00:00 +0000",
    ]
    if thread:
        lines.append(f"In-Reply-To: {OURS}")
    return ("\r\n".join(lines) + "\r\n\r\nThanks!\r\n").encode()


def later(seconds: float, action: object) -> threading.Timer:
    timer = threading.Timer(seconds, action)  # type: ignore[arg-type]
    timer.start()
    return timer


def test_a_reply_that_arrives_while_waiting_is_recorded_once_and_replanned() -> None:
    store, ledger, box = world()
    replans: list[int] = []
    batches: list[replies.SyncReport] = []
    timer = later(0.3, lambda: box.deliver(reply(1)))
    started = time.monotonic()
    report = replies.watch(
        store,
        ledger,
        box,
        clock=lambda: NOW,
        replan=lambda: replans.append(1),
        options=replies.WatchOptions(max_seconds=1.2, renew=5, on_batch=batches.append),
    )
    timer.join()
    elapsed = time.monotonic() - started
    assert [m.message_id for m in report.recorded] == ["<reply1@mail.example.org>"]
    assert [m.message_id for m in store.messages.list() if m.direction is Direction.IN] == [
        "<reply1@mail.example.org>"
    ]
    assert replans == [1] and len(batches) == 1
    assert report.wakes == 1 and report.syncs >= 2
    assert 1.1 <= elapsed < 3  # stopped by max_seconds, not by the 5 s renewal


def test_the_wait_is_renewed_every_interval_and_still_notices_mail() -> None:
    store, ledger, box = world()
    timer = later(0.9, lambda: box.deliver(reply(2)))
    report = replies.watch(
        store,
        ledger,
        box,
        clock=lambda: NOW,
        replan=lambda: None,
        options=replies.WatchOptions(max_seconds=1.5, renew=0.25),
    )
    timer.join()
    assert len(box.waits) >= 4 and all(w <= 0.25 for w in box.waits)
    assert [m.message_id for m in report.recorded] == ["<reply2@mail.example.org>"]


def test_mail_that_is_no_reply_is_looked_at_but_not_recorded_nor_replanned() -> None:
    store, ledger, box = world()
    replans: list[int] = []
    box.deliver(reply(3, thread=False))
    report = replies.watch(
        store,
        ledger,
        box,
        clock=lambda: NOW,
        replan=lambda: replans.append(1),
        options=replies.WatchOptions(max_seconds=0.2, renew=0.1),
    )
    assert report.recorded == [] and replans == [] and report.looked_at == 0


def test_a_dropped_search_after_the_first_is_waited_out() -> None:
    store, ledger, box = world()
    problems: list[str] = []

    def drop_then_reply() -> None:
        box.drops = 1  # the search this delivery wakes fails...
        box.deliver(reply(4))

    timer = later(0.2, drop_then_reply)
    report = replies.watch(
        store,
        ledger,
        box,
        clock=lambda: NOW,
        replan=lambda: None,
        options=replies.WatchOptions(
            max_seconds=1.0,
            renew=0.2,  # ...and the next renewal's search finds the reply
            on_problem=problems.append,
        ),
    )
    timer.join()
    assert len(problems) == 1 and "connection lost" in problems[0]
    assert [m.message_id for m in report.recorded] == ["<reply4@mail.example.org>"]
    assert report.problems == problems


def test_the_first_search_failing_stops_at_once() -> None:
    store, ledger, box = world()
    box.drops = 1
    started = time.monotonic()
    with pytest.raises(Unavailable, match="connection lost"):
        replies.watch(
            store,
            ledger,
            box,
            clock=lambda: NOW,
            replan=lambda: None,
            options=replies.WatchOptions(max_seconds=5),
        )
    assert time.monotonic() - started < 1 and box.waits == []


def test_a_report_given_in_is_filled_as_it_goes() -> None:
    store, ledger, box = world()
    box.deliver(reply(5))
    mine = replies.WatchReport()
    returned = replies.watch(
        store,
        ledger,
        box,
        clock=lambda: NOW,
        replan=lambda: None,
        options=replies.WatchOptions(max_seconds=0.1, renew=0.1, report=mine),
    )
    assert returned is mine and len(mine.recorded) == 1


def test_renew_must_be_positive() -> None:
    store, ledger, box = world()
    with pytest.raises(ValidationError, match="renew"):
        replies.watch(
            store,
            ledger,
            box,
            clock=lambda: NOW,
            replan=lambda: None,
            options=replies.WatchOptions(renew=0),
        )
