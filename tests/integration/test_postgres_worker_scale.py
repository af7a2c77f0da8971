"""Workers at scale on a real PostgreSQL (issue 18, Tests: Workers): 4 `followup worker`
processes deliver 10,000 queued messages to aiosmtpd with none twice and none lost
(Message-IDs counted at the server); then a crash matrix of 100 random `kill -9`s of
workers during delivery, after which every message went exactly once, or is `unknown`
and was not resent (reliability.md A1, A2)."""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from followup.domain.mail.outbox import State
from tests.integration.mailservers import SmtpServer, make_cert
from tests.integration.pgserver import PostgresServer
from tests.integration.worker_farm import Farm, kill, stop

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:Session.login_data is deprecated:DeprecationWarning"),
]
WORKERS = 4
MESSAGES = 10_000
KILLS = 100


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmtpServer]:
    with SmtpServer(tls="starttls", cert=make_cert(tmp_path_factory.mktemp("tls"))) as srv:
        yield srv


def _exactly_once(farm: Farm, ids: list[str], states: dict[str, State]) -> Counter[str]:
    """Every message sent once, or `unknown` and at the server at most once."""
    delivered = farm.delivered()
    assert set(delivered) <= set(ids), "the server got mail nobody queued"
    assert set(states) == set(ids)
    twice = {m: n for m, n in delivered.items() if n > 1}
    assert twice == {}, f"{len(twice)} message(s) delivered more than once"
    lost = [m for m, s in states.items() if s is State.SENT and delivered[m] != 1]
    assert lost == [], f"{len(lost)} message(s) marked sent but not at the server"
    assert set(states.values()) <= {State.SENT, State.UNKNOWN}, Counter(states.values())
    return Counter(s.value for s in states.values())


def test_four_workers_deliver_ten_thousand_messages_once_each(
    postgres: PostgresServer, server: SmtpServer, tmp_path: Path
) -> None:
    server.handler.reset()
    farm = Farm(postgres, server, tmp_path / "farm", "worker_scale")
    try:
        ids = farm.queue(accounts=40, per_account=MESSAGES // 40)
        started = time.monotonic()
        workers = [farm.start(2, "--quiet") for _ in range(WORKERS)]
        try:
            states = farm.wait_settled(timeout=600)
            elapsed = time.monotonic() - started
        finally:
            codes = [stop(w)[0] for w in workers]
        assert codes == [0] * WORKERS
        counts = _exactly_once(farm, ids, states)
        assert counts == {"sent": MESSAGES}  # no crash here: nothing is left unknown
        assert len(farm.delivered()) == MESSAGES
        print(f"\n{MESSAGES} messages, {WORKERS} workers: {MESSAGES / elapsed:.0f} messages/s")
    finally:
        farm.close()


def test_crash_matrix_of_a_hundred_kill_9s_during_delivery(
    postgres: PostgresServer, server: SmtpServer, tmp_path: Path
) -> None:
    server.handler.reset()
    farm = Farm(postgres, server, tmp_path / "farm", "worker_crashes")
    rng = random.Random(18)
    try:
        began = time.monotonic()
        ids = farm.queue(accounts=10, per_account=100)
        workers = [farm.start(2, "--quiet") for _ in range(WORKERS)]
        born = [time.monotonic()] * WORKERS
        kills = 0
        try:
            while kills < KILLS:
                # Each kill lands while mail flows: after the server stored a message, a
                # moment into the next; the victim is the longest-running worker, the one
                # most surely past its start-up and in the middle of a delivery.
                seen = len(server.handler.got)
                deadline = time.monotonic() + 30
                while len(server.handler.got) == seen:
                    assert time.monotonic() < deadline, "no worker delivered for 30 s"
                    time.sleep(0.01)
                time.sleep(rng.uniform(0.0, 0.1))
                victim = born.index(min(born))
                kill(workers[victim])
                kills += 1
                workers[victim] = farm.start(2, "--quiet")
                born[victim] = time.monotonic()
                if len(ids) - len(server.handler.got) < 300:  # keep them busy to the end
                    ids += farm.queue(accounts=4, per_account=100)
            killed = time.monotonic()
            states = farm.wait_settled(timeout=120)
        finally:
            codes = [stop(w)[0] for w in workers]
        print(
            f"\ncrash matrix: {kills} kills in {killed - began:.0f} s, "
            f"settled {time.monotonic() - killed:.0f} s later"
        )
        assert codes == [0] * WORKERS
        counts = _exactly_once(farm, ids, states)
        reached = sum(
            1 for m, st in states.items() if st is State.UNKNOWN and m in farm.delivered()
        )
        print(f"{len(ids)} messages: {dict(counts)}; {reached} of the unknown reached the server")
    finally:
        farm.close()
