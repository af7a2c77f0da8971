"""Replies that ask not to be chased stop the nudges (CAD-007; issue 17 §5), and role
addresses are not people (issue 17 §4)."""

from __future__ import annotations

import pytest

from followup.domain.mail.stop_requests import Stop, detect
from followup.domain.records.addresses import is_role_address


@pytest.mark.parametrize(
    ("reply", "stop"),
    [
        ("Thanks Ada. Please don't follow up; we'll reach out next month.", Stop.NO_FOLLOW_UP),
        ("Please do not follow-up on this application.", Stop.NO_FOLLOW_UP),
        ("There is no need to follow up, the panel meets Friday.", Stop.NO_FOLLOW_UP),
        ("We’ll be in touch once the panel has met.", Stop.WILL_CONTACT),
        ("We will contact you with the outcome.", Stop.WILL_CONTACT),
        ("You will hear from us by the 20th.", Stop.WILL_CONTACT),
        ("Unfortunately we are not moving forward with your application.", Stop.CLOSED),
        ("We have decided to proceed with another candidate.", Stop.CLOSED),
        ("The position has been filled.", Stop.CLOSED),
        ("We'll be in touch. Sadly we won't be moving forward this time.", Stop.CLOSED),
    ],
)
def test_requests_not_to_be_chased_are_detected(reply: str, stop: Stop) -> None:
    found = detect(reply)
    assert found is not None
    assert found.stop is stop
    assert found.phrase.casefold() in " ".join(reply.split()).casefold()


@pytest.mark.parametrize(
    "reply",
    [
        "Thanks for your note! The team enjoyed meeting you.",
        "Could you send two references by Thursday?",
        "Happy to answer any questions; feel free to follow up with me directly.",
        "We are moving forward with next steps: can you do Tuesday?",
        "> Please don't follow up\nThanks, I'll keep you posted on the timeline.",
    ],
)
def test_ordinary_replies_stop_nothing(reply: str) -> None:
    assert detect(reply) is None


@pytest.mark.parametrize(
    "address",
    ["hr@acme.com", "careers@acme.com", "no-reply@greenhouse.io", "noreply@acme.com",
     "talent.acquisition@acme.com", "uk-careers@acme.co.uk", "recruiting+eng@acme.com"],
)  # fmt: skip
def test_role_addresses(address: str) -> None:
    assert is_role_address(address)


@pytest.mark.parametrize(
    "address", ["grace@acme.com", "grace.hopper@acme.com", "hr.manager.jane@acme.com", "bob"]
)
def test_personal_addresses(address: str) -> None:
    assert not is_role_address(address)


# ---- wired (issue 17): recorded replies carry what was detected, the plan honours it


def test_a_synced_reply_that_asks_not_to_be_chased_stops_that_application() -> None:
    from datetime import UTC, datetime

    from followup.adapters.store.memory import MemoryStore
    from followup.adapters.store.outbox import MemoryOutbox
    from followup.domain.mail.replies import parse_incoming
    from followup.domain.network.stops import stopped_applications
    from followup.domain.records.followups import Channel, Direction, Message
    from followup.domain.records.model import Application, Company, Contact
    from followup.services.mail.replies import record

    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    store = MemoryStore()
    company = store.companies.add(Company(name="Acme"))
    bob = store.contacts.add(Contact(name="Bob", email="bob@acme.example", company_id=company.id))
    app = store.applications.add(
        Application(company_id=company.id or 0, role="Analyst", created_at=now)
    )
    store.messages.add(
        Message(
            contact_id=bob.id or 0,
            application_id=app.id,
            direction=Direction.OUT,
            channel=Channel.EMAIL,
            at=now,
            message_id="<ours-1@example.org>",
        )
    )
    raw = (
        b"From: Bob <bob@acme.example>\r\nSubject: Re: Checking in\r\n"
        b"Message-ID: <r1@acme.example>\r\nIn-Reply-To: <ours-1@example.org>\r\n"
        b"Date: Mon, 02 Mar 2026 12:00:00 +0000\r\n\r\n"
        b"Hi Ada,\r\nWe will contact you once the panel has met.\r\n\r\n"
        b"> please don't follow up is not what we wrote\r\n"
    )
    report = record(store, MemoryOutbox(), [parse_incoming(raw, "eml:r1")], now=now)
    [reply] = report.recorded
    assert reply.application_id == app.id
    [stop] = report.stops.values()
    assert stop.stop is Stop.WILL_CONTACT and stop.phrase == "We will contact you"
    assert stopped_applications(store.messages.list()) == {app.id: stop}
