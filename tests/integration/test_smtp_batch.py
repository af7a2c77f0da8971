"""One SMTP connection per delivery batch, against a real aiosmtpd (issue 18, speed):
the exactly-once rules hold when messages share a connection (reliability.md §1.1). A
message whose DATA gets no answer stays `unknown` and is never resent; the next one
opens a fresh connection. A kept connection the server dropped while idle is noticed
before anything is handed over, and refusals keep the connection (after RSET)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from followup.adapters.mail.smtp import SmtpMailer
from followup.adapters.store.outbox import SqliteOutbox
from followup.adapters.store.sqlite import SqliteStore
from followup.domain.mail.accounts import TlsMode, account
from followup.domain.mail.message import build_message
from followup.domain.mail.outbox import State, Via, new_entry
from followup.services.mail import outbox as outbox_service
from tests.integration.mailservers import PASSWORD, SmtpServer, make_cert
from tests.integration.worker_farm import _MESSAGE_ID

pytestmark = pytest.mark.filterwarnings(
    "ignore:Session.login_data is deprecated:DeprecationWarning"
)
PORTS = {TlsMode.STARTTLS: 587, TlsMode.IMPLICIT: 465}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmtpServer]:
    with SmtpServer(tls="starttls", cert=make_cert(tmp_path_factory.mktemp("tls"))) as srv:
        yield srv


@pytest.fixture
def outbox(tmp_path: Path, server: SmtpServer) -> Iterator[tuple[SqliteStore, SqliteOutbox]]:
    server.handler.reset()
    server.handler.hang_seconds = 3.0
    store = SqliteStore(tmp_path / "f.db")
    yield store, SqliteOutbox(store.db)
    store.close()


def _mailer(
    server: SmtpServer, observer: Callable[[str], None] | None = None, **changes: Any
) -> SmtpMailer:
    acc = account("mail.smtp", server.account(**changes), default_port=PORTS)
    return SmtpMailer(acc, lambda: PASSWORD, observer=observer)


def _queue(outbox: SqliteOutbox, recipients: list[str]) -> list[str]:
    now = datetime.now(UTC)
    ids = []
    for n, rcpt in enumerate(recipients):
        mid = f"<batch{n}.{now.timestamp()}@example.org>"
        raw = build_message(
            sender_name="Ada",
            sender="ada@example.org",
            to=[("", rcpt)],
            subject=f"Thanks {n}",
            body="Thank you for today.",
            message_id=mid,
            date=now,
        )
        outbox.add(
            new_entry(
                message_id=mid,
                followup_id=None,
                via=Via.SMTP,
                sender="ada@example.org",
                recipients=[rcpt],
                subject=f"Thanks {n}",
                raw=raw,
                now=now,
            )
        )
        ids.append(mid)
    return ids


def _run(
    world: tuple[SqliteStore, SqliteOutbox], mailer: SmtpMailer, later: float = 0
) -> list[State]:
    store, outbox = world
    moment = datetime.now(UTC) + timedelta(hours=later)
    outbox_service.run(
        store,
        outbox,
        outbox_service.Transports(mailer=mailer),
        clock=lambda: moment,
        options=outbox_service.RunOptions(jitter=lambda: 0.0),
    )
    return [e.state for e in outbox.entries()]


def _stored(server: SmtpServer) -> Counter[str]:
    found: Counter[str] = Counter()
    for _, content in server.handler.got:
        match = _MESSAGE_ID.search(content)
        assert match is not None
        found[match.group(1).decode()] += 1
    return found


def _on(point: str, nth: int, act: Callable[[], None]) -> Callable[[str], None]:
    """An observer that runs `act` when the mailer reaches `point` for the nth time."""
    seen = Counter[str]()

    def observe(reached: str) -> None:
        seen[reached] += 1
        if reached == point and seen[reached] == nth:
            act()

    return observe


def test_a_batch_goes_over_one_connection_with_one_login(
    outbox: tuple[SqliteStore, SqliteOutbox], server: SmtpServer
) -> None:
    ids = _queue(outbox[1], [f"bob{n}@example.org" for n in range(6)])
    mailer = _mailer(server)
    assert _run(outbox, mailer) == [State.SENT] * 6
    assert mailer.opened == 1
    assert _stored(server) == Counter(ids)


def test_refused_messages_keep_the_connection_for_the_rest(
    outbox: tuple[SqliteStore, SqliteOutbox], server: SmtpServer
) -> None:
    ids = _queue(
        outbox[1], ["bob@example.org", "reject@example.org", "later@example.org", "eve@x.org"]
    )
    mailer = _mailer(server)
    states = _run(outbox, mailer)
    assert states == [State.SENT, State.FAILED, State.RETRY, State.SENT]
    assert mailer.opened == 1  # RSET after each refusal, then the next MAIL FROM
    assert _stored(server) == Counter([ids[0], ids[3]])


def test_a_message_without_an_answer_after_data_stays_unknown_and_the_rest_reconnect(
    outbox: tuple[SqliteStore, SqliteOutbox], server: SmtpServer
) -> None:
    """reliability.md A3 inside a batch: the server stored the second message but never
    answered; it is `unknown`, never resent, and the third opens a new connection."""
    handler = server.handler

    def hang() -> None:
        handler.data_mode = "hang"

    def answer() -> None:
        handler.data_mode = "ok"

    first, then = _on("data", 2, hang), _on("envelope", 3, answer)

    def observe(point: str) -> None:
        first(point)
        then(point)

    mailer = _mailer(server, observe, timeout=1.0)
    ids = _queue(outbox[1], [f"bob{n}@example.org" for n in range(4)])
    assert _run(outbox, mailer) == [State.SENT, State.UNKNOWN, State.SENT, State.SENT]
    assert mailer.opened == 2
    assert _stored(server) == Counter(ids)  # each once, the unknown one included
    assert _run(outbox, _mailer(server), later=48) == [State.SENT, State.UNKNOWN] + [State.SENT] * 2
    assert _stored(server) == Counter(ids)  # nothing resent


def test_a_kept_connection_dropped_while_idle_is_replaced_before_mail_from(
    outbox: tuple[SqliteStore, SqliteOutbox], server: SmtpServer
) -> None:
    ids = _queue(outbox[1], [f"bob{n}@example.org" for n in range(3)])
    mailer = _mailer(server, _on("envelope", 2, server.drop))
    assert _run(outbox, mailer) == [State.SENT] * 3
    assert mailer.opened == 2
    assert _stored(server) == Counter(ids)


def test_a_server_going_down_mid_batch_leaves_the_rest_to_retry(
    outbox: tuple[SqliteStore, SqliteOutbox], server: SmtpServer
) -> None:
    """421 and a closed connection at MAIL FROM (A18) on the kept connection: nothing was
    handed over, so the message and the ones after it retry later; none is unknown."""
    handler = server.handler

    def going_down() -> None:
        handler.mail_mode = "421"

    ids = _queue(outbox[1], [f"bob{n}@example.org" for n in range(3)])
    mailer = _mailer(server, _on("envelope", 2, going_down))
    assert _run(outbox, mailer) == [State.SENT, State.RETRY, State.RETRY]
    assert _stored(server) == Counter(ids[:1])
    handler.mail_mode = "ok"
    assert _run(outbox, _mailer(server), later=1) == [State.SENT] * 3
    assert _stored(server) == Counter(ids)
