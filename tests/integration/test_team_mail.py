"""A candidate's own mail account in team mode (issue 19 §3), on a real PostgreSQL with two
aiosmtpd servers: the organisation's relay (the server's `[mail.smtp]`) and Ada's own.
Her choice decides where the workers deliver her mail; the password is write-only and
sealed at rest; bad input writes nothing."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from followup.adapters.store.postgres.team import PostgresTeam
from followup.domain.mail.message import build_message
from followup.domain.mail.outbox import Via, new_entry
from tests.integration.mailservers import PASSWORD, USER, SmtpServer, make_cert
from tests.integration.teamcohort import Cohort, TeamClient, make_cohort


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[tuple[SmtpServer, SmtpServer]]:
    """The organisation's relay and Ada's own server, each with its own certificate."""
    with (
        SmtpServer(tls="starttls", cert=make_cert(tmp_path / "org")) as org,
        SmtpServer(tls="starttls", cert=make_cert(tmp_path / "own")) as own,
    ):
        yield org, own


@pytest.fixture
def cohort(
    team: PostgresTeam,
    tmp_path: Path,
    servers: tuple[SmtpServer, SmtpServer],
    monkeypatch: pytest.MonkeyPatch,
) -> Cohort:
    org, own = servers
    home = tmp_path / "home"
    org.write_config(home, "FOLLOWUP_TEST_SMTP_PASSWORD")
    monkeypatch.setenv("FOLLOWUP_TEST_SMTP_PASSWORD", PASSWORD)
    # Ada's own server is trusted the way a public one is: through the default CA store.
    monkeypatch.setenv("SSL_CERT_FILE", str(own.cert[0]))
    return make_cohort(team, str(home))


@pytest.fixture
def ada(cohort: Cohort) -> Iterator[TeamClient]:
    with cohort.client() as client:
        client.sign_in(cohort.ada.email)
        yield client


def _own(server: SmtpServer, **changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "use": "own", "host": "127.0.0.1", "port": server.port, "tls": "starttls",
        "user": USER, "from_email": "ada@own.example", "password": PASSWORD,
    }  # fmt: skip
    values.update(changes)
    return values


def _meta(cohort: Cohort) -> str:
    assert cohort.ada.account_id is not None
    return cohort.team.store_for(cohort.ada.account_id).get_meta("mail.account") or ""


def _queue(cohort: Cohort, subject: str) -> str:
    """One message due now in Ada's outbox (the web's send queues the same way)."""
    assert cohort.ada.account_id is not None
    store = cohort.team.store_for(cohort.ada.account_id)
    now = datetime.now(UTC)
    message_id = f"<{time.time_ns()}@northfield.test>"
    body = "Thank you for your time today."
    raw = build_message(sender_name="Ada", sender="ada@northfield.test",
                        to=[("Grace", "grace@acme.test")], subject=subject,
                        body=body, message_id=message_id, date=now)  # fmt: skip
    entry = new_entry(message_id=message_id, followup_id=None, via=Via.SMTP,
                      sender="ada@northfield.test", recipients=["grace@acme.test"],
                      subject=subject, raw=raw, now=now)  # fmt: skip
    with store.transaction():
        store.outbox.restore([replace(entry, id=len(store.outbox.entries()) + 1)], {})
    return message_id


def _deliver(cohort: Cohort) -> None:
    from followup import bootstrap

    stop = threading.Event()
    lines: list[str] = []
    bootstrap.run_workers(cohort.app.settings, concurrency=1, stop=stop, report=lines.append,
                          poll=1, kinds=("deliver",), drain=True)  # fmt: skip
    assert not [x for x in lines if "failed" in x], lines


def _subjects(server: SmtpServer) -> list[str]:
    return [
        line.split(b":", 1)[1].strip().decode()
        for _, content in server.handler.got
        for line in content.splitlines()
        if line.lower().startswith(b"subject:")
    ]


def test_her_own_account_is_used_and_its_password_is_write_only(
    cohort: Cohort, ada: TeamClient, servers: tuple[SmtpServer, SmtpServer]
) -> None:
    org, own = servers
    saved = ada.api("PUT", "/api/team/mail", json=_own(own))
    assert saved.status_code == 200, saved.text
    assert saved.json()["password_set"] is True and "password" not in saved.json()
    assert ada.get("/api/team/mail").json()["host"] == "127.0.0.1"
    assert PASSWORD not in ada.get("/team/mail").text
    sealed = _meta(cohort)
    assert sealed and PASSWORD not in sealed  # sealed at rest, never the password itself
    _queue(cohort, "Through my own account")
    _deliver(cohort)
    assert _subjects(own) == ["Through my own account"] and _subjects(org) == []
    # Changing the host without a password keeps the one set; back to the relay after.
    kept = ada.api("PUT", "/api/team/mail", json=_own(own, password="", from_name="Ada L."))
    assert kept.status_code == 200 and kept.json()["password_set"] is True
    assert ada.api("PUT", "/api/team/mail", json={"use": "organisation"}).status_code == 200
    _queue(cohort, "Through the relay")
    _deliver(cohort)
    assert _subjects(org) == ["Through the relay"]
    assert PASSWORD not in _meta(cohort)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"password": ""}, "password"),  # nothing set yet
        ({"host": "bad host!"}, "smtp.host"),
        ({"from_email": "not-an-address"}, "from"),
        ({"port": 70000}, "port"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(
    cohort: Cohort,
    ada: TeamClient,
    servers: tuple[SmtpServer, SmtpServer],
    changes: dict[str, object],
    field: str,
) -> None:
    answer = ada.api("PUT", "/api/team/mail", json=_own(servers[1], **changes))
    assert answer.status_code == 422, answer.text
    assert field in answer.text
    assert _meta(cohort) == ""


def test_the_page_saves_and_a_coach_cannot_reach_it(
    cohort: Cohort, ada: TeamClient, servers: tuple[SmtpServer, SmtpServer]
) -> None:
    form = {k: str(v) for k, v in _own(servers[1]).items()}
    done = ada.post("/team/mail", data={"csrf_token": ada.csrf, **form}, follow_redirects=False)
    assert done.status_code == 303, done.text
    assert "Saved." in ada.get("/team/mail?saved=1").text
    with cohort.client() as coach:
        coach.sign_in(cohort.coach1.email)
        assert coach.get("/api/team/mail").status_code == 403
        assert coach.api("PUT", "/api/team/mail", json={"use": "own"}).status_code == 403
