"""The SQLite outbox against a real SMTP server (aiosmtpd on loopback): reliability.md A3–A18.

A1 and A2 (a sender killed mid-send) run as real subprocesses in test_crash_matrix.py.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from followup.adapters.mail.imap import ImapMailbox
from followup.adapters.mail.smtp import SmtpMailer
from followup.adapters.store.database import Database
from followup.adapters.store.outbox import Busy, SqliteOutbox
from followup.adapters.store.sqlite import SqliteStore
from followup.domain.errors import Conflict
from followup.domain.mail.accounts import Account, TlsMode, account
from followup.domain.mail.message import build_message, new_message_id
from followup.domain.mail.outbox import OutboxEntry, RetryPolicy, State, Via, new_entry
from followup.domain.records.followups import FollowUp, Kind, Status, Window
from followup.domain.records.model import Company, Contact
from followup.services.mail import outbox as outbox_service
from tests.integration.mailservers import PASSWORD, SmtpServer, free_port, make_cert

pytestmark = pytest.mark.filterwarnings(
    "ignore:Session.login_data is deprecated:DeprecationWarning"
)
PORTS = {TlsMode.STARTTLS: 587, TlsMode.IMPLICIT: 465}
ADA = outbox_service.Sender(name="Ada Lovelace", email="ada@example.org")


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_cert(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def server(cert: tuple[Path, Path]) -> Iterator[SmtpServer]:
    with SmtpServer(tls="starttls", cert=cert) as srv:
        yield srv


@pytest.fixture(autouse=True)
def _reset(request: pytest.FixtureRequest) -> None:
    if "server" in request.fixturenames:
        request.getfixturevalue("server").handler.reset()


@dataclass
class World:
    store: SqliteStore
    outbox: SqliteOutbox
    path: Path

    def followup(self, email: str = "bob@example.org", key: str = "thank-you/1") -> int:
        company = self.store.companies.find("Acme") or self.store.companies.add(
            Company(name="Acme")
        )
        contact = self.store.contacts.find_by_email(email) or self.store.contacts.add(
            Contact(name="Bob Smith", email=email, company_id=company.id)
        )
        now = datetime.now(UTC)
        [saved] = self.store.followups.save(
            [
                FollowUp(
                    key=key,
                    kind=Kind.THANK_YOU,
                    contact_id=contact.id,
                    window=Window(earliest=now, recommended=now, latest=now),
                    status=Status.DRAFTED,
                    subject="Thank you",
                    body="Thanks for today.",
                    created_at=now,
                    updated_at=now,
                )
            ]
        )
        assert saved.id is not None
        return saved.id

    def send(
        self,
        fid: int,
        mailer: SmtpMailer,
        *,
        at: datetime | None = None,
        now: datetime | None = None,
        **kw: Any,
    ) -> OutboxEntry:
        moment = now or datetime.now(UTC)
        entry, _ = outbox_service.queue(
            self.store,
            self.outbox,
            fid,
            sender=ADA,
            now=moment,
            options=outbox_service.QueueOptions(at=at),
        )
        self.run(mailer, now=moment, **kw)
        return self.outbox.get(entry.id or 0)

    def run(
        self, mailer: SmtpMailer, *, now: datetime | None = None, **kw: Any
    ) -> outbox_service.RunReport:
        moment = now
        transports = kw.pop("transports", outbox_service.Transports(mailer=mailer))
        return outbox_service.run(
            self.store,
            self.outbox,
            transports,
            clock=(lambda: moment) if moment else (lambda: datetime.now(UTC)),
            options=outbox_service.RunOptions(jitter=lambda: 0.0, **kw),
        )


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    store = SqliteStore(tmp_path / "f.db")
    yield World(store=store, outbox=SqliteOutbox(store.db), path=tmp_path / "f.db")
    store.close()


def mailer_for(server: SmtpServer, password: str = PASSWORD, **changes: Any) -> SmtpMailer:
    acc: Account = account("mail.smtp", server.account(**changes), default_port=PORTS)
    return SmtpMailer(acc, lambda: password)


def test_send_once_through_starttls(world: World, server: SmtpServer) -> None:
    done = world.send(world.followup(), mailer_for(server))
    assert done.state is State.SENT
    [(rcpts, content)] = server.handler.got
    assert rcpts == ["bob@example.org"] and done.message_id.encode() in content
    assert world.store.followups.get(done.followup_id or 0).status is Status.SENT
    assert world.store.messages.find(done.message_id) is not None


def test_a3_timeout_after_data_is_unknown_and_not_retried(world: World, server: SmtpServer) -> None:
    server.handler.data_mode, server.handler.hang_seconds = "hang", 2.5
    mailer = mailer_for(server, timeout=1.0)
    done = world.send(world.followup(), mailer)
    assert done.state is State.UNKNOWN and "may have the message" in done.last_error
    assert len(server.handler.got) == 1  # the server stored it
    server.handler.data_mode = "ok"
    world.run(mailer, now=datetime.now(UTC) + timedelta(days=2))
    assert len(server.handler.got) == 1 and world.outbox.get(done.id or 0).state is State.UNKNOWN


def test_a4_451_retries_with_backoff_then_fails_with_server_text(
    world: World, server: SmtpServer
) -> None:
    server.handler.data_mode = "451"
    mailer = mailer_for(server)
    policy = RetryPolicy(max_attempts=2, base=timedelta(minutes=1))
    t0 = datetime.now(UTC)
    done = world.send(world.followup(), mailer, now=t0, policy=policy)
    assert done.state is State.RETRY and "451 4.3.0 try later" in done.last_error
    assert done.next_attempt_at == t0 + timedelta(seconds=30)  # jitter 0: half the base
    world.run(mailer, now=t0 + timedelta(seconds=10), policy=policy)  # not due: untouched
    assert world.outbox.get(done.id or 0).attempts == 1
    world.run(mailer, now=t0 + timedelta(minutes=5), policy=policy)
    final = world.outbox.get(done.id or 0)
    assert final.state is State.FAILED and final.attempts == 2
    assert final.last_error == "gave up after 2 attempts: 451 4.3.0 try later"
    assert server.handler.got == []


def test_a5_554_fails_at_once_and_keeps_the_draft(world: World, server: SmtpServer) -> None:
    server.handler.data_mode = "554"
    done = world.send(world.followup(), mailer_for(server))
    assert done.state is State.FAILED and done.last_error == "554 5.7.1 rejected as spam"
    followup = world.store.followups.get(done.followup_id or 0)
    assert followup.status is Status.DRAFTED and followup.body == "Thanks for today."


def _entry(world: World, recipients: list[str]) -> OutboxEntry:
    now = datetime.now(UTC)
    mid = new_message_id(f"{len(world.outbox.entries()):04d}abcdefgh", "example.org")
    raw = build_message(
        sender_name="Ada",
        sender="ada@example.org",
        to=[("", r) for r in recipients],
        subject="Hello",
        body="Hi.",
        message_id=mid,
        date=now,
    )
    return world.outbox.add(
        new_entry(
            message_id=mid,
            followup_id=None,
            via=Via.SMTP,
            sender="ada@example.org",
            recipients=recipients,
            subject="Hello",
            raw=raw,
            now=now,
        )
    )


def test_a6_all_recipients_refused_fails_per_recipient(world: World, server: SmtpServer) -> None:
    entry = _entry(world, ["reject1@example.org", "reject2@example.org"])
    world.run(mailer_for(server))
    after = world.outbox.get(entry.id or 0)
    assert after.state is State.FAILED
    assert [(r.address, r.code) for r in after.results] == [
        ("reject1@example.org", 550),
        ("reject2@example.org", 550),
    ]
    assert server.handler.got == []


def test_a7_partial_refusal_is_recorded_and_never_resent(world: World, server: SmtpServer) -> None:
    entry = _entry(world, ["good@example.org", "reject@example.org"])
    mailer = mailer_for(server)
    world.run(mailer)
    after = world.outbox.get(entry.id or 0)
    assert after.state is State.SENT_PARTIAL
    assert [r.address for r in after.refused] == ["reject@example.org"]
    assert "reject@example.org (550 5.1.1 no such user)" in after.last_error
    world.run(mailer, now=datetime.now(UTC) + timedelta(days=1))
    assert [rcpts for rcpts, _ in server.handler.got] == [["good@example.org"]]


def test_a8_450_on_rcpt_is_retryable(world: World, server: SmtpServer) -> None:
    entry = _entry(world, ["later@example.org"])
    world.run(mailer_for(server))
    after = world.outbox.get(entry.id or 0)
    assert after.state is State.RETRY and "450 4.2.1 mailbox busy" in after.last_error


def test_a9_connection_refused_is_retryable(world: World, cert: tuple[Path, Path]) -> None:
    acc = account(
        "mail.smtp",
        {
            "host": "127.0.0.1",
            "port": free_port(),
            "tls": "starttls",
            "user": "alice",
            "timeout": 2.0,
        },
        default_port=PORTS,
    )
    done = world.send(world.followup(), SmtpMailer(acc, lambda: PASSWORD))
    assert done.state is State.RETRY and done.attempts == 1
    assert "cannot connect to 127.0.0.1" in done.last_error
    assert world.store.db.integrity() == "ok"


def test_a10_wrong_password_fails_once_and_is_never_stored(
    world: World, server: SmtpServer
) -> None:
    secret = "wrong-but-secret-Pa55"
    mailer = mailer_for(server, password=secret)
    done = world.send(world.followup(), mailer)
    assert done.state is State.FAILED and done.last_error.startswith("login failed for alice")
    world.run(mailer, now=datetime.now(UTC) + timedelta(days=1))
    assert world.outbox.get(done.id or 0).attempts == 1  # no retry loop (lockouts)
    world.store.close()
    for path in world.path.parent.glob("f.db*"):
        assert secret.encode() not in path.read_bytes()
    world.store = SqliteStore(world.path)


def test_a11_no_starttls_means_no_send(world: World, cert: tuple[Path, Path]) -> None:
    with SmtpServer(tls="none", cert=cert) as plain:
        done = world.send(world.followup(), mailer_for(plain))
        assert done.state is State.FAILED and "refusing to send in plaintext" in done.last_error
        assert plain.handler.got == []


def test_a12_self_signed_certificate_is_refused_unless_pinned(
    world: World, server: SmtpServer, tmp_path: Path
) -> None:
    done = world.send(world.followup(), mailer_for(server, cafile=""))
    assert done.state is State.FAILED and "certificate of 127.0.0.1 refused" in done.last_error
    other, _ = make_cert(tmp_path / "other", "other.example")
    fid = world.followup("carol@example.org", key="thank-you/2")
    wrong = world.send(fid, mailer_for(server, cafile=str(other)))
    assert wrong.state is State.FAILED and "certificate" in wrong.last_error
    assert server.handler.got == []


def test_a12_implicit_tls_with_pinned_certificate(world: World, cert: tuple[Path, Path]) -> None:
    with SmtpServer(tls="implicit", cert=cert) as implicit:
        done = world.send(world.followup(), mailer_for(implicit))
        assert done.state is State.SENT and len(implicit.handler.got) == 1


def test_a13_two_claimers_never_share_a_row(world: World) -> None:
    for _ in range(30):
        _entry(world, ["bob@example.org"])
    outboxes = [SqliteOutbox(Database(world.path)) for _ in range(2)]
    claimed: list[list[int]] = [[], []]
    start = threading.Barrier(2)

    def work(i: int) -> None:
        start.wait()
        while (entry := outboxes[i].claim(datetime.now(UTC))) is not None:
            claimed[i].append(entry.id or 0)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not set(claimed[0]) & set(claimed[1])
    assert sorted(claimed[0] + claimed[1]) == [e.id for e in world.outbox.entries()]
    with outboxes[0].lock(), pytest.raises(Busy):  # and one sender process at a time
        world.run(mailer_for_nothing())
    for o in outboxes:
        o.db.close()


def mailer_for_nothing() -> SmtpMailer:
    acc = account(
        "mail.smtp", {"host": "127.0.0.1", "port": free_port(), "user": "x"}, default_port=PORTS
    )
    return SmtpMailer(acc, lambda: "")


def test_a14_double_submit_is_one_row(world: World) -> None:
    fid = world.followup()
    first, created = outbox_service.queue(
        world.store, world.outbox, fid, sender=ADA, now=datetime.now(UTC)
    )
    second, again = outbox_service.queue(
        world.store, world.outbox, fid, sender=ADA, now=datetime.now(UTC)
    )
    assert created and not again and first.id == second.id and len(world.outbox.entries()) == 1
    with pytest.raises(Conflict):
        world.outbox.add(replace(first, id=None, followup_id=None))  # same Message-ID


def test_a15_non_ascii_address_without_smtputf8(world: World, cert: tuple[Path, Path]) -> None:
    with SmtpServer(tls="starttls", cert=cert, smtputf8=False) as narrow:
        done = world.send(world.followup("jürgen@example.de"), mailer_for(narrow))
        assert done.state is State.FAILED
        assert "'jürgen@example.de' is not ASCII" in done.last_error
        assert narrow.handler.got == []


def test_a15_non_ascii_address_with_smtputf8(world: World, server: SmtpServer) -> None:
    done = world.send(world.followup("jürgen@example.de"), mailer_for(server))
    assert done.state is State.SENT
    assert server.handler.got[0][0] == ["jürgen@example.de"]


def test_a16_sent_copy_failure_keeps_sent_and_never_resends(
    world: World, server: SmtpServer
) -> None:
    acc = account(
        "mail.imap",
        {"host": "127.0.0.1", "port": free_port(), "user": "alice", "timeout": 2.0},
        default_port={TlsMode.STARTTLS: 143, TlsMode.IMPLICIT: 993},
    )
    mailer = mailer_for(server)
    transports = outbox_service.Transports(
        mailer=mailer, sent_copy=ImapMailbox(acc, lambda: "x", retries=0)
    )
    done = world.send(world.followup(), mailer, transports=transports)
    assert done.state is State.SENT and done.copy_pending
    report = world.run(mailer, transports=transports)
    assert report.copy_errors and "copy to Sent failed" in report.copy_errors[0]
    assert len(server.handler.got) == 1 and world.outbox.get(done.id or 0).state is State.SENT


def test_a17_scheduled_send_across_dst_fires_once(world: World, server: SmtpServer) -> None:
    new_york = ZoneInfo("America/New_York")
    # 02:30 does not exist that night (02:00 -> 03:00); zoneinfo reads it as 03:30 EDT.
    at = datetime(2026, 3, 8, 2, 30, tzinfo=new_york)
    mailer = mailer_for(server)
    with time_machine.travel(datetime(2026, 3, 7, 12, 0, tzinfo=UTC), tick=True) as traveller:
        entry, _ = outbox_service.queue(
            world.store,
            world.outbox,
            world.followup(),
            sender=ADA,
            now=datetime.now(UTC),
            options=outbox_service.QueueOptions(at=at),
        )
        row = world.store.db.conn.execute(
            "SELECT scheduled_at FROM outbox WHERE id = ?", (entry.id,)
        ).fetchone()
        assert row[0] == "2026-03-08T07:30:00.000000+00:00"  # stored in UTC
        traveller.move_to(datetime(2026, 3, 8, 1, 59, tzinfo=new_york))
        world.run(mailer)
        assert server.handler.got == []
        traveller.move_to(datetime(2026, 3, 8, 3, 29, tzinfo=new_york))  # jumped, not yet due
        world.run(mailer)
        assert server.handler.got == []
        traveller.move_to(datetime(2026, 3, 8, 3, 31, tzinfo=new_york))
        world.run(mailer)
        world.run(mailer)
        traveller.shift(timedelta(days=1))
        world.run(mailer)
    assert len(server.handler.got) == 1 and world.outbox.get(entry.id or 0).state is State.SENT


def test_a18_421_mid_envelope_is_retryable_without_duplicate(
    world: World, server: SmtpServer
) -> None:
    server.handler.mail_mode = "421"
    mailer = mailer_for(server)
    t0 = datetime.now(UTC)
    done = world.send(world.followup(), mailer, now=t0)
    assert done.state is State.RETRY and server.handler.got == []
    server.handler.mail_mode = "ok"
    world.run(mailer, now=t0 + timedelta(hours=1))
    world.run(mailer, now=t0 + timedelta(hours=2))
    assert world.outbox.get(done.id or 0).state is State.SENT and len(server.handler.got) == 1
