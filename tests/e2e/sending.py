"""What the sending tests share: a mail account in config.toml and drafted follow-ups
written straight into a SQLite database, as `followup draft` would leave them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from followup.adapters.store.sqlite import SqliteStore
from followup.domain.records.followups import FollowUp, Kind, Status, Window
from followup.domain.records.model import Company, Contact
from tests.integration.mailservers import PASSWORD, SmtpServer

BODY = "Dear Bob,\n\nThank you for your time today.\n\nBest,\nAda"


def configure(
    home: Path, monkeypatch: pytest.MonkeyPatch, server: SmtpServer, **changes: object
) -> None:
    """config.toml with the test server as the SMTP account (password from the environment)."""
    server.write_config(home, "FOLLOWUP_SMTP_PASSWORD", **changes)
    monkeypatch.setenv("FOLLOWUP_SMTP_PASSWORD", PASSWORD)


def drafted(
    home: Path,
    *,
    name: str = "Bob Smith",
    email: str = "bob@example.org",
    tz: str = "",
    window: Window | None = None,
    body: str = BODY,
) -> int:
    """A drafted thank-you to a new contact at Acme; its window opens now unless given."""
    store = SqliteStore(home / "followup.db")
    company = store.companies.find("Acme") or store.companies.add(Company(name="Acme"))
    contact = store.contacts.add(Contact(name=name, email=email, company_id=company.id, tz=tz))
    now = datetime.now(UTC)
    [saved] = store.followups.save(
        [
            FollowUp(
                key=f"thank-you/{contact.id}",
                kind=Kind.THANK_YOU,
                contact_id=contact.id,
                window=window or Window(earliest=now, recommended=now, latest=now),
                status=Status.DRAFTED,
                subject="Thank you",
                body=body,
                created_at=now,
                updated_at=now,
            )
        ]
    )
    store.close()
    return saved.id or 0
