"""`followup sync --mbox FILE` over an mbox file written here: a reply threaded to our
Message-ID, a reply known by its sender's address, and a malformed mail that is skipped
with a warning (B9, B10). Running it again records nothing twice."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from followup.adapters.store.sqlite import SqliteStore
from followup.domain.records.followups import (
    Channel,
    Direction,
    FollowUp,
    Kind,
    Message,
    Status,
    Window,
)
from followup.domain.records.model import Company, Contact
from tests.conftest import Invoke

NOW = datetime.now(UTC)
OURS = "<5f0c2a9e7b3d41c8a6e2@example.org>"

MBOX = f"""\
From hr@acme.example Mon Mar  2 10:00:00 2026
From: Hiring Team <hr@acme.example>
To: ada@example.org
Subject: Re: Thank you
Message-ID: <threaded-1@acme.example>
In-Reply-To: {OURS}
References: {OURS}
Date: Mon, 02 Mar 2026 10:00:00 +0000

Thanks, Ada. Can you do Thursday?

From carol@example.org Mon Mar  2 11:00:00 2026
From: Carol Jones <carol@example.org>
To: ada@example.org
Subject: Next steps
Message-ID: <by-sender-1@example.org>
Date: Mon, 02 Mar 2026 11:00:00 +0000

Hi Ada, we would like to move forward.

From newsletter@shop.example Mon Mar  2 12:00:00 2026
From: Shop <newsletter@shop.example>
To: ada@example.org
Subject: Spring sale
Message-ID: <news-1@shop.example>
Date: Mon, 02 Mar 2026 12:00:00 +0000

Not a reply.

From nobody Mon Mar  2 13:00:00 2026
From: carol@example.org)<eve@evil.example>
Subject: Re: Next steps
Message-ID: <malformed-1@evil.example>
Date: Feb 30 2024 25:61

Spoofed and broken.
"""


@pytest.fixture
def seeded(profile: None, isolated_home: Path) -> Path:
    """Bob, to whom we sent OURS; Carol, whose thank-you is still planned."""
    store = SqliteStore(isolated_home / "followup.db")
    try:
        company = store.companies.add(Company(name="Acme"))
        bob = store.contacts.add(
            Contact(name="Bob Smith", email="bob@example.org", company_id=company.id)
        )
        carol = store.contacts.add(
            Contact(name="Carol Jones", email="carol@example.org", company_id=company.id)
        )
        store.messages.add(
            Message(
                contact_id=bob.id or 0,
                direction=Direction.OUT,
                channel=Channel.EMAIL,
                at=NOW,
                subject="Thank you",
                message_id=OURS,
            )
        )
        store.followups.save(
            [
                FollowUp(
                    key=f"thank-you/{carol.id}",
                    kind=Kind.THANK_YOU,
                    contact_id=carol.id,
                    window=Window(earliest=NOW, recommended=NOW, latest=NOW),
                    status=Status.PLANNED,
                    created_at=NOW,
                    updated_at=NOW,
                )
            ]
        )
    finally:
        store.close()
    path = isolated_home / "export.mbox"
    path.write_text(MBOX)
    return path


def incoming(home: Path) -> list[Message]:
    store = SqliteStore(home / "followup.db")
    try:
        return [m for m in store.messages.list() if m.direction is Direction.IN]
    finally:
        store.close()


def test_mbox_replies_by_thread_and_by_sender_and_malformed_skipped(
    run: Invoke, seeded: Path, isolated_home: Path
) -> None:
    result = run("sync", "--mbox", str(seeded))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "reply from Bob Smith: Re: Thank you" in lines
    assert "reply from Carol Jones: Next steps" in lines
    assert lines[-1] == "2 new replies; 4 mails looked at"
    [warning] = result.stderr.strip().splitlines()
    assert warning.startswith("warning: msgid:<malformed-1@evil.example>: ")
    assert "From header is malformed" in warning
    recorded = {m.message_id: m for m in incoming(isolated_home)}
    assert set(recorded) == {"<threaded-1@acme.example>", "<by-sender-1@example.org>"}
    assert recorded["<threaded-1@acme.example>"].in_reply_to == OURS
    assert recorded["<by-sender-1@example.org>"].in_reply_to == ""


def test_mbox_sync_again_records_nothing_twice(
    run: Invoke, seeded: Path, isolated_home: Path
) -> None:
    assert run("sync", "--mbox", str(seeded)).exit_code == 0
    again = run("sync", "--mbox", str(seeded), "--json")
    assert again.exit_code == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["recorded"] == [] and report["skipped"] == []
    assert report["looked_at"] == 4
    assert len(incoming(isolated_home)) == 2


def test_mbox_json_lists_what_was_recorded(run: Invoke, seeded: Path) -> None:
    result = run("sync", "--mbox", str(seeded), "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert sorted(r["subject"] for r in report["recorded"]) == ["Next steps", "Re: Thank you"]
    assert len(report["skipped"]) == 1 and "malformed-1" in report["skipped"][0]


def test_missing_mbox_is_one_clear_line(run: Invoke, isolated_home: Path) -> None:
    result = run("sync", "--mbox", str(isolated_home / "nope.mbox"))
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: --mbox") and "is not a file" in line
