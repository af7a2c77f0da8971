"""IMAP against a real Dovecot started by the test (reliability.md §2.2): B1–B10."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.adapters.mail.imap import ImapError, ImapMailbox, UnsafeArgumentError, arg
from followup.adapters.store.outbox import SqliteOutbox
from followup.adapters.store.sqlite import SqliteStore
from followup.domain.mail.accounts import IMAP_PORTS, account
from followup.domain.mail.message import build_message, new_message_id
from followup.domain.mail.outbox import Outcome
from followup.domain.mail.replies import parse_incoming
from followup.domain.records.followups import Channel, Direction, Message
from followup.domain.records.model import Company, Contact
from followup.services.mail import replies
from tests.integration.mailservers import IMAP_PASSWORD, Dovecot, dovecot_missing

pytestmark = [
    pytest.mark.dovecot,
    pytest.mark.skipif(bool(dovecot_missing()), reason=dovecot_missing() or "ok"),
]
NOW = datetime.now(UTC)


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    server = Dovecot().start()
    yield server
    server.stop()


def mailbox(dovecot: Dovecot, password: str = IMAP_PASSWORD, **changes: Any) -> ImapMailbox:
    watch = changes.pop("watch", ("INBOX",))
    acc = account("mail.imap", dovecot.account(**changes), default_port=IMAP_PORTS)
    return ImapMailbox(acc, lambda: password, watch=watch, backoff=0.1)


def draft(token: str) -> tuple[str, bytes]:
    mid = new_message_id(token, "example.org")
    raw = build_message(
        sender_name="Ada",
        sender="ada@example.org",
        to=[("Bob", "bob@example.org")],
        subject="Thank you",
        body="Thanks.",
        message_id=mid,
        date=NOW,
    )
    return mid, raw


def incoming(
    mid: str,
    *,
    sender: str = "Bob <bob@example.org>",
    reply_to: str = "",
    subject: str = "Re: Thank you",
    extra: str = "",
) -> bytes:
    lines = [
        f"From: {sender}",
        "To: ada@example.org",
        f"Subject: {subject}",
        f"Message-ID: {mid}",
        f"Date: {format_datetime(NOW)}",
    ]
    if reply_to:
        lines += [f"In-Reply-To: {reply_to}", f"References: {reply_to}"]
    if extra:
        lines.append(extra)
    return ("\r\n".join(lines) + "\r\n\r\nThanks for writing.\r\n").encode()


def count(dovecot: Dovecot, folder: str, mid: str) -> int:
    client = dovecot.client()
    try:
        client.select_folder(folder, readonly=True)
        return len(client.search(["HEADER", "Message-ID", mid]))
    finally:
        client.logout()


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[SqliteStore, SqliteOutbox, int]]:
    store = SqliteStore(tmp_path / "f.db")
    company = store.companies.add(Company(name="Acme"))
    contact = store.contacts.add(
        Contact(name="Bob", email="bob@example.org", company_id=company.id)
    )
    assert contact.id is not None
    yield store, SqliteOutbox(store.db), contact.id
    store.close()


def test_check_finds_special_use_folders(dovecot: Dovecot) -> None:
    box = mailbox(dovecot)
    assert box.folders() == {"inbox": "INBOX", "drafts": "Drafts", "sent": "Sent"}
    assert "drafts=Drafts" in box.check()
    box.close()


def test_b2_wrong_password_is_one_clear_error_without_retry(dovecot: Dovecot) -> None:
    box = mailbox(dovecot, password="wrong")
    started = time.monotonic()
    with pytest.raises(ImapError, match="login failed for alice"):
        box.folders()
    assert time.monotonic() - started < 5  # one attempt with the server's delay, no loop
    log = (dovecot.dir / "dovecot.log").read_text()
    assert log.count("auth failed") + log.count("Authentication failed") <= 1 or (
        "wrong" not in log
    )


def test_unpinned_certificate_is_refused(dovecot: Dovecot) -> None:
    with pytest.raises(ImapError, match=r"certificate of 127\.0\.0\.1 refused"):
        mailbox(dovecot, cafile="").folders()


def test_starttls_port_works_with_verification(dovecot: Dovecot) -> None:
    box = mailbox(dovecot, port=dovecot.imap_port, tls="starttls")
    assert box.folders()["drafts"] == "Drafts"
    box.close()


def test_b4_draft_append_is_idempotent_by_message_id(dovecot: Dovecot) -> None:
    mid, raw = draft("b4draft00000001")
    box = mailbox(dovecot)
    first = box.save_draft(mid, raw)
    box.close()  # as if the process died between APPEND and recording it
    second = mailbox(dovecot)
    again = second.save_draft(mid, raw)
    second.close()
    assert (first.outcome, first.detail) == (Outcome.DELIVERED, "saved")
    assert (again.outcome, again.detail) == (Outcome.DELIVERED, "already in Drafts")
    assert count(dovecot, "Drafts", mid) == 1


def test_copy_to_sent_is_idempotent(dovecot: Dovecot) -> None:
    mid, raw = draft("sentcopy0000001")
    box = mailbox(dovecot)
    assert box.copy_to_sent(mid, raw) is True
    assert box.copy_to_sent(mid, raw) is False
    assert count(dovecot, "Sent", mid) == 1
    box.close()


def test_b3_append_to_a_vanished_folder_is_a_typed_error(dovecot: Dovecot) -> None:
    client = dovecot.client()
    client.create_folder("Gone")
    box = mailbox(dovecot)
    box.folders()
    box._folders[b"\\Drafts"] = "Gone"  # LIST said so, then the folder went
    client.delete_folder("Gone")
    client.logout()
    mid, raw = draft("b3missing000001")
    attempt = box.save_draft(mid, raw)
    assert attempt.outcome is Outcome.PERMANENT and "refused" in attempt.detail
    box.close()


def test_b7_hostile_values_never_reach_the_server(dovecot: Dovecot) -> None:
    client = dovecot.client()
    client.create_folder("Keep")
    client.logout()
    box = mailbox(dovecot, watch=("INBOX\r\nX1 DELETE Keep",))
    with pytest.raises(UnsafeArgumentError):
        list(box.fetch_replies(["<x@example.org>"], [], NOW, lambda key: False))
    with pytest.raises(UnsafeArgumentError):
        box.save_draft('<a@b>"\r\nX2 DELETE Keep', b"x")
    with pytest.raises(UnsafeArgumentError):
        list(box.fetch_replies([], ["bob@example.org\r\nX3 DELETE Keep"], NOW, lambda k: False))
    check = dovecot.client()
    assert any(name == "Keep" for _, _, name in check.list_folders())
    check.logout()
    box.close()


@given(st.text(alphabet=st.characters(max_codepoint=0x7F), min_size=1, max_size=20))
def test_b7_the_argument_gate_refuses_every_control_character(value: str) -> None:
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        with pytest.raises(UnsafeArgumentError):
            arg("x", value)
    else:
        assert arg("x", value) == value


def _sent(store: SqliteStore, contact_id: int, mid: str) -> None:
    store.messages.add(
        Message(
            contact_id=contact_id,
            direction=Direction.OUT,
            channel=Channel.EMAIL,
            at=NOW,
            message_id=mid,
        )
    )


def test_replies_found_by_thread_and_recorded_once(
    dovecot: Dovecot, world: tuple[SqliteStore, SqliteOutbox, int]
) -> None:
    store, ledger, contact_id = world
    ours = new_message_id("ourthread000001", "example.org")
    _sent(store, contact_id, ours)
    client = dovecot.client()
    client.append(
        "INBOX", incoming("<reply1@mail.example.org>", sender="Recruiter <hr@x.org>", reply_to=ours)
    )
    client.append("INBOX", incoming("<noise1@mail.example.org>", sender="news@x.org"))
    client.logout()
    box = mailbox(dovecot)
    report = replies.sync_imap(store, ledger, box, now=NOW)
    assert [m.message_id for m in report.recorded] == ["<reply1@mail.example.org>"]
    assert report.recorded[0].in_reply_to == ours
    again = replies.sync_imap(store, ledger, box, now=NOW)
    assert again.recorded == []
    incoming_msgs = [m for m in store.messages.list() if m.direction is Direction.IN]
    assert len(incoming_msgs) == 1
    box.close()


def test_b1_kick_mid_session_reconnects_without_duplicates(
    dovecot: Dovecot, world: tuple[SqliteStore, SqliteOutbox, int]
) -> None:
    store, ledger, contact_id = world
    ours = new_message_id("kickthread00001", "example.org")
    _sent(store, contact_id, ours)
    client = dovecot.client()
    client.append("INBOX", incoming("<kick1@mail.example.org>", reply_to=ours))
    client.logout()
    box = mailbox(dovecot)
    box.folders()  # a live session...
    dovecot.kick()  # ...dropped by the server
    report = replies.sync_imap(store, ledger, box, now=NOW)
    assert "<kick1@mail.example.org>" in [m.message_id for m in report.recorded]
    dovecot.kick()
    assert replies.sync_imap(store, ledger, box, now=NOW).recorded == []
    box.close()


def test_b5_uidvalidity_change_resyncs_without_duplicates(
    dovecot: Dovecot, world: tuple[SqliteStore, SqliteOutbox, int]
) -> None:
    store, ledger, contact_id = world
    ours = new_message_id("uidvalidity0001", "example.org")
    _sent(store, contact_id, ours)
    client = dovecot.client()
    client.create_folder("Replies")
    client.append("Replies", incoming("<uv1@mail.example.org>", reply_to=ours))
    box = mailbox(dovecot, watch=("Replies",))
    first = replies.sync_imap(store, ledger, box, now=NOW)
    box.close()
    client.delete_folder("Replies")
    client.create_folder("Replies")
    client.append("Replies", incoming("<uv1@mail.example.org>", reply_to=ours))
    client.append("Replies", incoming("<uv2@mail.example.org>", reply_to=ours))
    client.logout()
    box = mailbox(dovecot, watch=("Replies",))
    second = replies.sync_imap(store, ledger, box, now=NOW)
    assert [m.message_id for m in first.recorded] == ["<uv1@mail.example.org>"]
    assert [m.message_id for m in second.recorded] == ["<uv2@mail.example.org>"]
    sources = {m.source.split(":")[2] for m in store.messages.list() if m.source}
    assert len(sources) == 2  # both UIDVALIDITY values were seen
    box.close()


def test_b10_spoofed_from_does_not_match_but_threading_does(
    dovecot: Dovecot, world: tuple[SqliteStore, SqliteOutbox, int]
) -> None:
    store, ledger, _contact_id = world
    client = dovecot.client()
    client.append("INBOX", incoming("<spoof1@evil.test>", sender="bob@example.org)<eve@evil.test>"))
    client.logout()
    mail = parse_incoming(
        incoming("<spoof1@evil.test>", sender="bob@example.org)<eve@evil.test>"), "t"
    )
    assert mail.sender == "" and any("From" in p for p in mail.problems)
    box = mailbox(dovecot)
    report = replies.sync_imap(store, ledger, box, now=NOW)
    assert "<spoof1@evil.test>" not in [m.message_id for m in report.recorded]
    box.close()


def test_mail_from_an_awaited_contact_counts_as_a_reply(
    dovecot: Dovecot, world: tuple[SqliteStore, SqliteOutbox, int]
) -> None:
    store, ledger, contact_id = world
    _sent(store, contact_id, new_message_id("bysender0000001", "example.org"))
    client = dovecot.client()
    client.append("INBOX", incoming("<direct1@example.org>", subject="Next steps"))
    client.logout()
    box = mailbox(dovecot)
    report = replies.sync_imap(store, ledger, box, now=NOW)
    assert "<direct1@example.org>" in [m.message_id for m in report.recorded]
    box.close()


def test_b7_hostile_incoming_headers_are_unsearchable_not_dangerous(
    dovecot: Dovecot, world: tuple[SqliteStore, SqliteOutbox, int]
) -> None:
    store, ledger, contact_id = world
    ours = new_message_id("hostile00000001", "example.org")
    _sent(store, contact_id, ours)
    hostile = incoming(
        '<"x\r\n X9 DELETE Keep"@evil>', reply_to=ours, subject="=?UTF-8?Q?Hi=0D=0AX8_DELETE_Keep?="
    )
    client = dovecot.client()
    client.create_folder("Keep2")
    client.append("INBOX", hostile)
    client.logout()
    box = mailbox(dovecot)
    report = replies.sync_imap(store, ledger, box, now=NOW)
    [found] = [m for m in report.recorded if m.in_reply_to == ours]
    assert found.message_id == "" and "\n" not in found.subject
    check = dovecot.client()
    assert any(name == "Keep2" for _, _, name in check.list_folders())
    check.logout()
    box.close()


@pytest.mark.slow
def test_b8_large_mailbox_is_fetched_in_batches(
    dovecot: Dovecot, world: tuple[SqliteStore, SqliteOutbox, int]
) -> None:
    store, ledger, contact_id = world
    ours = new_message_id("bulkthread00001", "example.org")
    _sent(store, contact_id, ours)
    client = dovecot.client()
    client.create_folder("Bulk")
    n = 600
    for i in range(n):
        client.append(
            "Bulk", incoming(f"<bulk{i}@example.org>", reply_to=ours, sender=f"x{i}@example.net")
        )
    client.logout()
    box = mailbox(dovecot, watch=("Bulk",))
    started = time.monotonic()
    report = replies.sync_imap(store, ledger, box, now=NOW)
    elapsed = time.monotonic() - started
    assert len(report.recorded) == n and elapsed < 30
    box.close()


def test_b9_malformed_mail_never_crashes_the_parser() -> None:
    samples = [
        b"",
        b"\x00\xff\xfe",
        b"From: \r\n\r\n",
        b"Subject: =?utf-8?q?broken",
        b"Message-ID: <<<>>>\r\nIn-Reply-To: garbage\r\nDate: Feb 30 2024 25:61\r\n\r\n",
        b"From: a@b.c, d@e.f\r\n\r\n",
        b"Content-Type: multipart/mixed\r\n\r\n--x",
    ]
    for raw in samples:
        mail = parse_incoming(raw, "t")
        assert mail.source == "t" and "\n" not in mail.subject


@given(st.binary(max_size=400))
def test_b9_any_bytes_parse_to_a_safe_record(raw: bytes) -> None:
    mail = parse_incoming(raw, "fuzz")
    for value in (mail.subject, mail.message_id, mail.sender, *mail.in_reply_to):
        assert "\r" not in value and "\n" not in value and "\x00" not in value


def test_drafts_expire_nothing_when_imap_is_down(dovecot: Dovecot) -> None:
    acc = account("mail.imap", dovecot.account(port=1, timeout=2.0), default_port=IMAP_PORTS)
    box = ImapMailbox(acc, lambda: IMAP_PASSWORD, retries=0)
    mid, raw = draft("downdraft000001")
    attempt = box.save_draft(mid, raw)
    assert attempt.outcome is Outcome.TEMPORARY and "cannot connect" in attempt.detail


def test_since_is_our_own_date(dovecot: Dovecot) -> None:
    box = mailbox(dovecot)
    found = list(
        box.fetch_replies([], ["nobody@example.org"], NOW - timedelta(days=1), lambda key: False)
    )
    assert found == []
    box.close()


def _multipart_reply(mid: str, reply_to: str, words: str) -> bytes:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = "Bob <bob@example.org>"
    msg["To"] = "ada@example.org"
    msg["Subject"] = "Re: Thank you"
    msg["Message-ID"] = mid
    msg["In-Reply-To"] = reply_to
    msg["Date"] = format_datetime(NOW)
    msg.set_content(words, cte="quoted-printable")
    msg.add_alternative(f"<p>{words}</p>", subtype="html")
    return msg.as_bytes()


@pytest.mark.parametrize("shape", ["plain", "multipart"])
def test_a_stop_request_in_a_synced_reply_body_is_caught(
    dovecot: Dovecot, world: tuple[SqliteStore, SqliteOutbox, int], shape: str
) -> None:
    # CAD-007: "please don't follow up" in the body stops the nudges, as in --mbox/--eml.
    store, ledger, contact_id = world
    ours = new_message_id(f"stopthread{shape}", "example.org")
    _sent(store, contact_id, ours)
    reply = f"<stop-{shape}@mail.example.org>"
    words = "Thanks, Ada. Please don't follow up; we will contact you when we decide."
    if shape == "plain":
        raw = incoming(reply, reply_to=ours).replace(b"Thanks for writing.", words.encode())
    else:
        raw = _multipart_reply(reply, ours, words)
    client = dovecot.client()
    client.append("INBOX", raw)
    client.logout()
    box = mailbox(dovecot)
    try:
        report = replies.sync_imap(store, ledger, box, now=NOW)
    finally:
        box.close()
    [recorded] = [m for m in report.recorded if m.message_id == reply]
    assert recorded.id in report.stops, report
