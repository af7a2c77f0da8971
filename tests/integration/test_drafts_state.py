"""`--via drafts` is not a send (issue 17 §3): the draft waits in Dovecot's Drafts folder
as `in_drafts`; the follow-up counts as sent, for the cadence and for reply matching, only
once its Message-ID turns up in the Sent folder or the user marks it done."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from followup.adapters.mail.imap import ImapMailbox
from followup.adapters.store.outbox import SqliteOutbox
from followup.adapters.store.sqlite import SqliteStore
from followup.domain.mail.accounts import IMAP_PORTS, account
from followup.domain.mail.outbox import State, Via
from followup.domain.records.followups import Direction, FollowUp, Kind, Status, Window
from followup.domain.records.model import Company, Contact
from followup.services.mail import outbox as outbox_service
from followup.services.mail import replies
from tests.integration.mailservers import IMAP_PASSWORD, Dovecot, dovecot_missing

pytestmark = [
    pytest.mark.dovecot,
    pytest.mark.skipif(bool(dovecot_missing()), reason=dovecot_missing() or "ok"),
]
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ADA = outbox_service.Sender(name="Ada Lovelace", email="ada@example.org")


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    server = Dovecot().start()
    yield server
    server.stop()


class Fixed:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def mailbox(dovecot: Dovecot) -> ImapMailbox:
    acc = account("mail.imap", dovecot.account(), default_port=IMAP_PORTS)
    return ImapMailbox(acc, lambda: IMAP_PASSWORD, watch=("INBOX",), backoff=0.1)


@pytest.fixture
def drafted(tmp_path: Path) -> Iterator[tuple[SqliteStore, SqliteOutbox, int]]:
    store = SqliteStore(tmp_path / "f.db")
    company = store.companies.add(Company(name="Acme"))
    contact = store.contacts.add(
        Contact(name="Bob Smith", email="bob@example.org", company_id=company.id)
    )
    [followup] = store.followups.save(
        [
            FollowUp(
                key=f"status-check/{tmp_path.name}",
                kind=Kind.STATUS_CHECK,
                contact_id=contact.id,
                window=Window(earliest=NOW, recommended=NOW, latest=NOW + timedelta(days=1)),
                status=Status.DRAFTED,
                subject="Checking in",
                body="Dear Bob,\n\nIs there any news on the role?\n\nBest,\nAda",
                created_at=NOW,
                updated_at=NOW,
            )
        ]
    )
    yield store, SqliteOutbox(store.db), followup.id or 0
    store.close()


def to_drafts(
    store: SqliteStore, outbox: SqliteOutbox, fid: int, box: ImapMailbox
) -> outbox_service.OutboxEntry:
    entry, _ = outbox_service.queue(
        store, outbox, fid, sender=ADA, now=NOW, options=outbox_service.QueueOptions(via=Via.DRAFTS)
    )
    outbox_service.run(store, outbox, outbox_service.Transports(drafts=box), clock=Fixed(NOW))
    return outbox.get(entry.id or 0)


def test_a_draft_is_in_drafts_and_counts_as_nothing_until_it_is_in_sent(
    dovecot: Dovecot, drafted: tuple[SqliteStore, SqliteOutbox, int]
) -> None:
    store, outbox, fid = drafted
    box = mailbox(dovecot)
    entry = to_drafts(store, outbox, fid, box)
    assert entry.state is State.IN_DRAFTS and entry.sent_at is None
    assert not entry.state.delivered and entry.state.label == "in Drafts"
    assert "in your Drafts folder, not sent yet" in outbox_service.describe(entry)
    # Not sent: no outgoing message for the cadence guard or the reply matcher.
    assert store.followups.get(fid).status is Status.QUEUED
    assert [m for m in store.messages.list() if m.direction is Direction.OUT] == []
    # Not in Sent yet: a sync changes nothing.
    later = NOW + timedelta(hours=1)
    assert outbox_service.drafts_sent(store, outbox, box.in_sent, now=later) == []
    # The user sends it from their mail program: the server files a copy in Sent.
    client = dovecot.client()
    client.append("Sent", entry.raw, flags=(b"\\Seen",))
    client.logout()
    [sent] = outbox_service.drafts_sent(store, outbox, box.in_sent, now=later)
    assert sent.state is State.SENT and sent.sent_at == later
    assert store.followups.get(fid).status is Status.SENT
    [out] = [m for m in store.messages.list() if m.direction is Direction.OUT]
    assert out.message_id == entry.message_id and out.kind is Kind.STATUS_CHECK
    # Now a reply threaded to it is matched by its Message-ID.
    reply = (
        f"From: Bob <bob@example.org>\r\nTo: ada@example.org\r\nSubject: Re: Checking in\r\n"
        f"Message-ID: <answer-{fid}@acme.example>\r\nIn-Reply-To: {entry.message_id}\r\n"
        f"Date: Mon, 02 Mar 2026 12:00:00 +0000\r\n\r\nNot yet, soon.\r\n"
    ).encode()
    report = replies.record(store, outbox, [replies_parse(reply)], now=later, me="ada@example.org")
    assert [m.in_reply_to for m in report.recorded] == [entry.message_id]
    box.close()


def replies_parse(raw: bytes) -> replies.IncomingMail:
    from followup.domain.mail.replies import parse_incoming

    return parse_incoming(raw, "eml:answer")


def test_marking_the_follow_up_done_makes_the_draft_sent_once(
    dovecot: Dovecot, drafted: tuple[SqliteStore, SqliteOutbox, int]
) -> None:
    from followup.domain.records.followups import Channel, Message

    store, outbox, fid = drafted
    box = mailbox(dovecot)
    to_drafts(store, outbox, fid, box)
    # What `followup done` does: the follow-up is done and the send is logged once.
    followup = store.followups.get(fid)
    store.followups.save([type(followup)(**{**_fields(followup), "status": Status.DONE})])
    store.messages.add(
        Message(
            contact_id=followup.contact_id or 0,
            direction=Direction.OUT,
            channel=Channel.OTHER,
            kind=followup.kind,
            at=NOW,
            note="marked done in followup",
        )
    )
    [sent] = outbox_service.drafts_sent(store, outbox, box.in_sent, now=NOW)
    assert sent.state is State.SENT and sent.last_error == "marked done by you"
    assert store.followups.get(fid).status is Status.DONE
    assert len([m for m in store.messages.list() if m.direction is Direction.OUT]) == 1
    box.close()


def _fields(followup: FollowUp) -> dict[str, object]:
    return {name: getattr(followup, name) for name in followup.__dataclass_fields__}
