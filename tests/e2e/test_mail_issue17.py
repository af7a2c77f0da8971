"""Issue 17 §3 through the CLI: an `unknown` message is easy to resolve (subject,
recipient and a readable local time beside its Message-ID; `outbox show` prints it
whole), `sync --json` never lists a mail both as recorded and as skipped, a reply asking
not to be chased is shown as such, and `mail setup` reads a piped password quietly."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from followup.adapters.store.outbox import SqliteOutbox
from followup.adapters.store.sqlite import SqliteStore
from followup.domain.mail.message import build_message
from followup.domain.mail.outbox import Phase, State, Via, new_entry
from followup.domain.records.followups import Channel, Direction, Message
from followup.domain.records.model import Company, Contact
from tests.conftest import Invoke

TRIED = datetime(2026, 7, 1, 14, 5, tzinfo=UTC)  # 15:05 in London (BST)
OURS = "<5f0c2a9e7b3d41c8a6e2@example.org>"


def unknown_entry(home: Path) -> int:
    store = SqliteStore(home / "followup.db")
    try:
        raw = build_message(
            sender_name="Ada",
            sender="ada@example.org",
            to=[("Bob Smith", "bob@example.org")],
            subject="Thank you for Tuesday",
            body="Dear Bob,\n\nThank you for your time on Tuesday.\n\nBest,\nAda",
            message_id="<u1@example.org>",
            date=TRIED,
        )
        outbox = SqliteOutbox(store.db)
        entry = outbox.add(
            new_entry(
                message_id="<u1@example.org>",
                followup_id=None,
                via=Via.SMTP,
                sender="ada@example.org",
                recipients=["bob@example.org"],
                subject="Thank you for Tuesday",
                raw=raw,
                now=TRIED,
            )
        )
        outbox.save(
            dataclasses.replace(
                entry,
                state=State.UNKNOWN,
                phase=Phase.DATA,
                updated_at=TRIED,
                last_error="no answer after DATA",
            )
        )
        return entry.id or 0
    finally:
        store.close()


def test_unknown_shows_subject_recipient_and_local_time(
    run: Invoke, profile: None, isolated_home: Path
) -> None:
    entry_id = unknown_entry(isolated_home)
    result = run("outbox")
    assert result.exit_code == 0, result.stderr
    warning = " ".join(result.stderr.split())
    assert f"outbox {entry_id}: MAY HAVE BEEN SENT" in warning
    assert "Subject: 'Thank you for Tuesday'" in warning
    assert "to: bob@example.org" in warning
    assert "Wed 1 Jul 2026 15:05 BST" in warning  # the profile's zone, not UTC ISO
    assert "2026-07-01T14:05" not in warning
    assert "Message-ID <u1@example.org>" in warning


def test_outbox_show_prints_the_whole_message(
    run: Invoke, profile: None, isolated_home: Path
) -> None:
    entry_id = unknown_entry(isolated_home)
    result = run("outbox", "show", str(entry_id))
    assert result.exit_code == 0, result.stderr
    assert "Subject: Thank you for Tuesday" in result.stdout
    assert "To: Bob Smith <bob@example.org>" in result.stdout
    assert "Message-ID: <u1@example.org>" in result.stdout
    assert "Thank you for your time on Tuesday." in result.stdout
    as_json = json.loads(run("outbox", "show", str(entry_id), "--json").stdout)
    assert as_json["state"] == "unknown" and "Thank you for your time on Tuesday." in as_json["raw"]
    missing = run("outbox", "show", "99")
    assert missing.exit_code != 0 and "Traceback" not in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1


MBOX = f"""\
From hr@acme.example Mon Mar  2 10:00:00 2026
From: Bob Smith <bob@example.org>
To: ada@example.org
Subject: Re: Thank you
Message-ID: <undated-1@acme.example>
In-Reply-To: {OURS}
Date: Mon, 02 Mar 2026 10:00:00

Thanks Ada. We will be in touch once the panel has met; please don't follow up before.

> Dear Bob, is there any news?
"""


def seeded(home: Path) -> None:
    store = SqliteStore(home / "followup.db")
    try:
        company = store.companies.add(Company(name="Acme"))
        bob = store.contacts.add(
            Contact(name="Bob Smith", email="bob@example.org", company_id=company.id)
        )
        store.messages.add(
            Message(
                contact_id=bob.id or 0,
                direction=Direction.OUT,
                channel=Channel.EMAIL,
                at=datetime(2026, 3, 1, tzinfo=UTC),
                message_id=OURS,
            )
        )
    finally:
        store.close()
    (home / "export.mbox").write_text(MBOX)


def test_sync_json_never_lists_a_mail_as_recorded_and_skipped(
    run: Invoke, profile: None, isolated_home: Path
) -> None:
    seeded(isolated_home)
    result = run("sync", "--mbox", str(isolated_home / "export.mbox"), "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    [recorded] = report["recorded"]
    assert report["skipped"] == []  # it was recorded: not skipped as well
    assert any("Date without a time zone" in w for w in report["warnings"])
    assert recorded["stop"] == {"why": "asked not to follow up", "phrase": "please don't follow up"}


def test_sync_shows_the_stop_request_it_detected(
    run: Invoke, profile: None, isolated_home: Path
) -> None:
    seeded(isolated_home)
    result = run("sync", "--mbox", str(isolated_home / "export.mbox"))
    assert result.exit_code == 0, result.stderr
    assert "reply from Bob Smith: Re: Thank you" in result.stdout
    assert 'Stop request detected: they asked not to follow up ("please don\'t follow up")' in (
        result.stdout
    )


def test_mail_setup_reads_a_piped_password_without_a_getpass_warning(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "FOLLOWUP_HOME": str(home),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "followup",
            "mail",
            "setup",
            "--smtp-host",
            "smtp.example.org",
            "--smtp-tls",
            "implicit",
            "--smtp-port",
            "465",
            "--user",
            "ada@example.org",
        ],
        input="app-pass-7f3c9e\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        start_new_session=True,  # no controlling terminal, as under cron or a pipe
        check=False,
    )
    assert "GetPassWarning" not in done.stderr
    assert "echo" not in done.stderr.lower()
    assert done.returncode == 0, done.stderr
    assert "password kept in" in done.stdout
    assert "app-pass-7f3c9e" not in (home / "config.toml").read_text()
