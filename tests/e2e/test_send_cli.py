"""`followup send`, `outbox`, `reply`, `sync` and `doctor` through the CLI, against aiosmtpd.

Bad input gets one clear line each, the message is kept, and nothing is sent twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.e2e.sending import BODY, configure, drafted
from tests.integration.mailservers import PASSWORD, SmtpServer, make_cert

pytestmark = pytest.mark.filterwarnings(
    "ignore:Session.login_data is deprecated:DeprecationWarning"
)


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_cert(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def server(certs: tuple[Path, Path]) -> Iterator[SmtpServer]:
    with SmtpServer(tls="starttls", cert=certs) as srv:
        yield srv


def followup(home: Path, email: str = "bob@example.org", body: str = BODY) -> int:
    return drafted(home, email=email, body=body)


@pytest.fixture(autouse=True)
def _fresh(server: SmtpServer) -> None:
    server.handler.reset()


def test_send_then_already_sent(
    run: Invoke,
    profile: None,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    server: SmtpServer,
) -> None:
    configure(isolated_home, monkeypatch, server)
    fid = followup(isolated_home)
    first = run("send", str(fid), "--force", "--now")
    assert first.exit_code == 0, first.stderr
    assert first.stdout.startswith("outbox 1: sent to bob@example.org")
    again = run("send", str(fid), "--force", "--now")
    assert again.exit_code == 1
    assert again.stderr.strip().startswith(f"error: follow-up {fid} was already sent on")
    assert len(again.stderr.strip().splitlines()) == 1
    assert len(server.handler.got) == 1
    listing = run("outbox", "--json")
    assert '"state": "sent"' in listing.stdout


@pytest.mark.parametrize(
    ("changes", "email", "expected"),
    [
        ({}, "jürgen@example.de", "'jürgen@example.de' is not ASCII"),
        ({"cafile": ""}, "bob@example.org", "certificate of 127.0.0.1 refused"),
        (
            {"host": "nonexistent.invalid", "timeout": 3.0},
            "bob@example.org",
            "cannot find host nonexistent.invalid",
        ),
    ],
    ids=["non-ascii-without-smtputf8", "refused-certificate", "unknown-host"],
)
def test_bad_transport_is_one_clear_line(
    run: Invoke,
    profile: None,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    certs: tuple[Path, Path],
    changes: dict[str, object],
    email: str,
    expected: str,
) -> None:
    with SmtpServer(tls="starttls", cert=certs, smtputf8=False) as narrow:
        configure(isolated_home, monkeypatch, narrow, **changes)
        fid = followup(isolated_home, email=email)
        result = run("send", str(fid), "--force", "--now")
        assert result.exit_code == 1
        [line] = [x for x in result.stderr.strip().splitlines() if not x.startswith("warning:")]
        assert line.startswith("error: outbox 1: not sent") and expected in line
        assert narrow.handler.got == []
    listing = run("outbox", "--json")
    assert "Thank you" in listing.stdout  # the message is kept


def test_wrong_password(
    run: Invoke,
    profile: None,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    server: SmtpServer,
) -> None:
    configure(isolated_home, monkeypatch, server)
    monkeypatch.setenv("FOLLOWUP_SMTP_PASSWORD", "not-the-password")
    fid = followup(isolated_home)
    result = run("send", str(fid), "--force", "--now")
    assert result.exit_code == 1
    [line] = [x for x in result.stderr.strip().splitlines() if not x.startswith("warning:")]
    assert "login failed for alice" in line and "not-the-password" not in result.output


def test_missing_recipient_address(
    run: Invoke,
    profile: None,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    server: SmtpServer,
) -> None:
    configure(isolated_home, monkeypatch, server)
    fid = followup(isolated_home, email="")
    result = run("send", str(fid), "--force", "--now")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: to: contact 1 (Bob Smith) has no email address; add one with "
        "`followup contact edit 1 --email ADDRESS`"
    )
    assert run("outbox", "--json").stdout.strip() == "[]"


def test_no_account_configured(run: Invoke, profile: None, isolated_home: Path) -> None:
    fid = followup(isolated_home)
    result = run("send", str(fid), "--now")
    assert result.exit_code == 2 and "no SMTP account configured" in result.stderr


def test_scheduled_send_waits_for_outbox_run(
    run: Invoke,
    profile: None,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    server: SmtpServer,
) -> None:
    configure(isolated_home, monkeypatch, server)
    fid = followup(isolated_home)
    result = run("send", str(fid), "--force", "--at", "2099-01-05T09:00+00:00")
    assert result.exit_code == 0 and "queued for Mon 5 Jan 2099 09:00 UTC" in result.stdout
    assert run("outbox", "run").stdout.strip() == "nothing due"
    assert server.handler.got == []


def test_while_another_process_sends_the_message_stays_queued(
    run: Invoke,
    profile: None,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    server: SmtpServer,
) -> None:
    """A13: one sender at a time; `send` and `outbox run` say so (a typed SenderBusy)."""
    from followup.bootstrap import build

    configure(isolated_home, monkeypatch, server)
    fid = followup(isolated_home)
    other = build()  # another followup process, in the middle of an outbox run
    try:
        with other.mail.outbox.lock():
            result = run("send", str(fid), "--force", "--now")
            assert result.exit_code == 0, result.stderr
            assert "another followup process is sending" in result.stderr
            assert "the message stays queued" in result.stderr
            assert result.stdout.startswith("outbox 1: queued for")
            busy = run("outbox", "run")
            assert busy.exit_code == 0 and "the message stays queued" in busy.stderr
            assert server.handler.got == []
    finally:
        other.close()
    after = run("outbox", "run")
    assert after.stdout.startswith("outbox 1: sent to bob@example.org")
    assert len(server.handler.got) == 1


def test_unknown_then_resolve(
    run: Invoke,
    profile: None,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    server: SmtpServer,
) -> None:
    configure(isolated_home, monkeypatch, server, timeout=1.0)
    server.handler.data_mode, server.handler.hang_seconds = "hang", 2.0
    fid = followup(isolated_home)
    result = run("send", str(fid), "--force", "--now")
    assert result.exit_code == 1 and "MAY HAVE BEEN SENT" in result.stderr
    assert "outbox resolve ID --sent" in result.stderr
    server.handler.data_mode = "ok"
    assert run("outbox", "run").stdout.strip() == "nothing due"
    resolved = run("outbox", "resolve", "1", "--sent")
    assert resolved.exit_code == 0 and "sent to bob@example.org" in resolved.stdout
    assert len(server.handler.got) == 1
    bad = run("outbox", "resolve", "1", "--resend")
    assert bad.exit_code == 1 and "only unknown or failed" in bad.stderr


def test_reply_add_and_sync_eml(
    run: Invoke,
    profile: None,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    server: SmtpServer,
    tmp_path: Path,
) -> None:
    configure(isolated_home, monkeypatch, server)
    fid = followup(isolated_home)
    assert run("send", str(fid), "--force", "--now").exit_code == 0
    mid = run("outbox", "--json").stdout.split('"message_id": "')[1].split('"')[0]
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "r.eml").write_bytes(
        b"From: Bob Smith <bob@example.org>\r\nSubject: Re: Thank you\r\n"
        b"Message-ID: <r1@acme.example>\r\nIn-Reply-To: " + mid.encode() + b"\r\n\r\nThanks!\r\n"
    )
    first = run("sync", "--eml", str(folder))
    assert first.exit_code == 0 and "reply from Bob Smith: Re: Thank you" in first.stdout
    assert "0 new replies" in run("sync", "--eml", str(folder)).stdout
    manual = run("reply", "add", "--contact", "bob@example.org", "--note", "called")
    assert manual.exit_code == 0 and "recorded a reply from Bob Smith" in manual.stdout
    unknown = run("reply", "add", "--contact", "nobody@example.org")
    assert unknown.exit_code == 2 and unknown.stderr.count("\n") == 1


def test_doctor_reports_without_secrets(
    run: Invoke,
    profile: None,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    server: SmtpServer,
) -> None:
    configure(isolated_home, monkeypatch, server)
    result = run("doctor")
    assert "ok   email: verify_generated_headers" in result.stdout
    assert "smtp alice@127.0.0.1" in result.stdout and PASSWORD not in result.output


def test_mail_test_logs_in_and_sends_nothing(
    run: Invoke,
    profile: None,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    server: SmtpServer,
) -> None:
    configure(isolated_home, monkeypatch, server)
    result = run("mail", "test")
    assert result.exit_code == 0 and "smtp: logged in to alice@127.0.0.1" in result.stdout
    assert server.handler.got == []


def test_sends_are_throttled_per_account_across_runs(
    run: Invoke,
    profile: None,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    server: SmtpServer,
) -> None:
    """reliability.md §4: `[mail.smtp] min_interval_seconds` spaces submissions out; the
    second `send` right after the first waits, and both go out once."""
    import time

    configure(isolated_home, monkeypatch, server, min_interval_seconds=2.5)
    first, second = followup(isolated_home), followup(isolated_home, email="carol@example.org")
    started = time.monotonic()
    assert run("send", str(first), "--force", "--now").exit_code == 0
    result = run("send", str(second), "--force", "--now")
    elapsed = time.monotonic() - started
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("outbox 2: sent to carol@example.org")
    assert elapsed >= 2.5  # the second submission came 2.5 s after the first ended
    assert [rcpts for rcpts, _ in server.handler.got] == [
        ["bob@example.org"],
        ["carol@example.org"],
    ]
