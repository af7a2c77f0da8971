"""The outbox state machine (domain/mail/outbox.py) and the sending service over the twins.

Cites reliability.md §3 A-rows: the same rules are exercised against aiosmtpd in
tests/integration/test_smtp_outbox.py.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.adapters.mail.memory import MemoryMailbox, MemoryMailer
from followup.adapters.store.memory import MemoryStore
from followup.adapters.store.outbox import Busy, MemoryOutbox
from followup.domain.errors import Refused, Unavailable, ValidationError
from followup.domain.mail.outbox import (
    Attempt,
    OutboxEntry,
    Outcome,
    Phase,
    RecipientResult,
    Resolution,
    RetryPolicy,
    SenderBusy,
    State,
    Via,
    advance,
    backoff,
    claim,
    classify_code,
    classify_recipients,
    interrupted,
    new_entry,
    recover,
    replied,
    resolve,
    settle,
)
from followup.domain.records.followups import Direction, FollowUp, Kind, Status, Window
from followup.domain.records.model import Company, Contact
from followup.services.mail import outbox as outbox_service

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def entry(**changes: object) -> OutboxEntry:
    base = new_entry(
        message_id="<abcdef0123456789@example.org>",
        followup_id=1,
        via=Via.SMTP,
        sender="ada@example.org",
        recipients=["bob@example.org"],
        subject="Thank you",
        raw=b"raw",
        now=T0,
    )
    return replace(base, id=1, **changes)  # type: ignore[arg-type]


def sending_at(phase: Phase, **changes: object) -> OutboxEntry:
    return replace(claim(entry(**changes), T0), phase=phase)


# ---------------------------------------------------------------- classification


@pytest.mark.parametrize(
    ("code", "outcome"),
    [
        (250, Outcome.DELIVERED),
        (421, Outcome.TEMPORARY),
        (451, Outcome.TEMPORARY),
        (450, Outcome.TEMPORARY),
        (535, Outcome.PERMANENT),
        (550, Outcome.PERMANENT),
        (554, Outcome.PERMANENT),
    ],
)
def test_reply_codes_4xx_retry_5xx_final(code: int, outcome: Outcome) -> None:
    assert classify_code(code) is outcome


def test_recipient_results_all_some_none() -> None:
    ok = RecipientResult(address="a@x.org", code=250)
    gone = RecipientResult(address="reject@x.org", code=550)
    busy = RecipientResult(address="later@x.org", code=450)
    assert classify_recipients([ok, ok]) is Outcome.DELIVERED
    assert classify_recipients([ok, gone]) is Outcome.PARTIAL  # A7
    assert classify_recipients([gone]) is Outcome.PERMANENT  # A6
    assert classify_recipients([busy]) is Outcome.TEMPORARY  # A8: by code, not exception
    assert classify_recipients([busy, gone]) is Outcome.TEMPORARY


def test_interruption_is_unknown_only_once_data_began() -> None:
    assert interrupted(Phase.DATA, "timed out").outcome is Outcome.UNKNOWN  # A3
    assert interrupted(Phase.ENVELOPE, "disconnected").outcome is Outcome.TEMPORARY  # A18
    assert interrupted(Phase.CONNECT, "refused").outcome is Outcome.TEMPORARY  # A9
    assert replied(Phase.DATA, 451, "later").outcome is Outcome.TEMPORARY  # A4: a code is definite


# ---------------------------------------------------------------- transitions


def test_claim_counts_an_attempt_and_starts_at_connect() -> None:
    claimed = claim(entry(), T0)
    assert (claimed.state, claimed.phase, claimed.attempts) == (State.SENDING, Phase.CONNECT, 1)
    with pytest.raises(Refused):
        claim(claimed, T0)
    with pytest.raises(Refused):
        claim(entry(next_attempt_at=T0 + timedelta(hours=1)), T0)


def test_phases_only_move_forward() -> None:
    at_data = advance(claim(entry(), T0), Phase.DATA, T0)
    with pytest.raises(Refused):
        advance(at_data, Phase.ENVELOPE, T0)


def test_settle_outcomes() -> None:
    data = sending_at(Phase.DATA)
    ok = settle(data, Attempt(outcome=Outcome.DELIVERED, phase=Phase.DATA), T0)
    assert (ok.state, ok.sent_at) == (State.SENT, T0)
    unknown = settle(data, interrupted(Phase.DATA, "timed out"), T0)
    assert unknown.state is State.UNKNOWN and "may have" in unknown.last_error
    failed = settle(data, replied(Phase.DATA, 554, "5.7.1 spam"), T0)
    assert failed.state is State.FAILED and "554 5.7.1 spam" in failed.last_error  # A5
    retry = settle(data, replied(Phase.DATA, 451, "later"), T0, jitter=0.0)
    assert retry.state is State.RETRY and retry.next_attempt_at == T0 + timedelta(seconds=30)


def test_partial_records_each_recipient() -> None:
    results = (
        RecipientResult(address="good@x.org", code=250, text="OK"),
        RecipientResult(address="reject@x.org", code=550, text="no such user"),
    )
    after = settle(
        sending_at(Phase.DATA),
        Attempt(outcome=Outcome.PARTIAL, phase=Phase.DATA, recipients=results),
        T0,
    )
    assert after.state is State.SENT_PARTIAL
    assert [r.address for r in after.refused] == ["reject@x.org"]
    assert "reject@x.org (550 no such user)" in after.last_error


def test_retries_are_capped_in_count_then_fail_with_the_server_words() -> None:
    policy = RetryPolicy(max_attempts=3)
    current = entry()
    now = T0
    states = []
    for _ in range(5):
        if not current.state.waiting:
            break
        now = max(now, current.next_attempt_at)
        current = settle(
            claim(current, now),
            replied(Phase.DATA, 451, "4.3.0 try later"),
            now,
            policy=policy,
            jitter=0.5,
        )
        states.append(current.state)
    assert states == [State.RETRY, State.RETRY, State.FAILED]  # A4
    assert current.last_error == "gave up after 3 attempts: 451 4.3.0 try later"


def test_retries_are_capped_in_time() -> None:
    late = T0 + timedelta(hours=25)
    after = settle(
        replace(sending_at(Phase.ENVELOPE), attempts=1), interrupted(Phase.CONNECT, "refused"), late
    )
    assert after.state is State.FAILED


@given(attempts=st.integers(1, 200), jitter=st.floats(0, 1, exclude_max=True))
def test_backoff_grows_is_capped_and_jitter_stays_in_range(attempts: int, jitter: float) -> None:
    policy = RetryPolicy(base=timedelta(minutes=1), cap=timedelta(hours=2))
    delay = backoff(attempts, policy, jitter)
    full = min(policy.cap, policy.base * 2 ** min(attempts - 1, 30))
    assert full / 2 <= delay <= full
    assert delay <= backoff(attempts + 1, policy, jitter) or delay * 2 >= policy.cap


def test_backoff_rejects_jitter_outside_range() -> None:
    with pytest.raises(ValueError, match="jitter"):
        backoff(1, RetryPolicy(), 1.0)


@pytest.mark.parametrize(
    ("phase", "state"),
    [(Phase.CONNECT, State.QUEUED), (Phase.ENVELOPE, State.QUEUED), (Phase.DATA, State.UNKNOWN)],
)
def test_recovery_after_a_crash(phase: Phase, state: State) -> None:
    recovered = recover(sending_at(phase), T0)  # A1, A2
    assert recovered.state is state
    assert recovered.raw == b"raw" and recovered.message_id == entry().message_id


def test_recovery_requeues_idempotent_routes_even_at_data() -> None:
    assert recover(sending_at(Phase.DATA, via=Via.DRAFTS), T0).state is State.QUEUED


def test_resolve_only_unknown_or_failed() -> None:
    unknown = recover(sending_at(Phase.DATA), T0)
    assert resolve(unknown, Resolution.SENT, T0).state is State.SENT
    again = resolve(unknown, Resolution.RESEND, T0)
    assert (again.state, again.attempts, again.next_attempt_at) == (State.QUEUED, 0, T0)
    with pytest.raises(Refused, match="only unknown"):
        resolve(entry(state=State.SENT), Resolution.RESEND, T0)
    with pytest.raises(Refused):
        resolve(entry(state=State.FAILED), Resolution.SENT, T0)


def test_new_entry_needs_aware_times() -> None:
    with pytest.raises(ValidationError):
        new_entry(
            message_id="<x@y.org>",
            followup_id=None,
            via=Via.SMTP,
            sender="a@b.org",
            recipients=["c@d.org"],
            subject="s",
            raw=b"",
            now=datetime(2026, 1, 1),
        )


# ---------------------------------------------------------------- the service, on the twins


class Fixed:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def seeded(
    email: str = "bob@example.org", body: str = "Thank you for your time today."
) -> tuple[MemoryStore, int]:
    store = MemoryStore()
    company = store.companies.add(Company(name="Acme"))
    contact = store.contacts.add(Contact(name="Bob Smith", email=email, company_id=company.id))
    [followup] = store.followups.save(
        [
            FollowUp(
                key="thank-you/1",
                kind=Kind.THANK_YOU,
                contact_id=contact.id,
                window=Window(earliest=T0, recommended=T0, latest=T0 + timedelta(days=1)),
                status=Status.DRAFTED,
                subject="Thank you",
                body=body,
                created_at=T0,
                updated_at=T0,
            )
        ]
    )
    assert followup.id is not None
    return store, followup.id


ADA = outbox_service.Sender(name="Ada Lovelace", email="ada@example.org")


def send_now(
    store: MemoryStore, outbox: MemoryOutbox, fid: int, mailer: MemoryMailer, **kw: object
) -> OutboxEntry:
    options = outbox_service.QueueOptions(**kw)  # type: ignore[arg-type]
    entry, _ = outbox_service.queue(store, outbox, fid, sender=ADA, now=T0, options=options)
    outbox_service.run(store, outbox, outbox_service.Transports(mailer=mailer), clock=Fixed(T0))
    return outbox.get(entry.id or 0)


def test_send_marks_the_followup_sent_and_records_the_message() -> None:
    store, fid = seeded()
    mailer = MemoryMailer()
    done = send_now(store, MemoryOutbox(), fid, mailer)
    assert done.state is State.SENT and len(mailer.delivered) == 1
    assert store.followups.get(fid).status is Status.SENT
    [message] = store.messages.list()
    assert (message.direction, message.message_id, message.followup_id) == (
        Direction.OUT,
        done.message_id,
        fid,
    )


def test_double_submit_gives_one_entry_and_sent_refuses_again() -> None:
    store, fid = seeded()
    outbox = MemoryOutbox()
    first, created = outbox_service.queue(
        store,
        outbox,
        fid,
        sender=ADA,
        now=T0,
        options=outbox_service.QueueOptions(at=T0 + timedelta(hours=1)),
    )
    second, created_again = outbox_service.queue(store, outbox, fid, sender=ADA, now=T0)
    assert created and not created_again and first.id == second.id  # A14
    assert len(outbox.entries()) == 1
    outbox_service.run(
        store,
        outbox,
        outbox_service.Transports(mailer=MemoryMailer()),
        clock=Fixed(T0 + timedelta(hours=2)),
    )
    with pytest.raises(Refused, match="already sent"):
        outbox_service.queue(store, outbox, fid, sender=ADA, now=T0)


def test_gate_blocks_unless_forced() -> None:
    store, fid = seeded()
    outbox = MemoryOutbox()

    def gate(followup: FollowUp, subject: str, body: str) -> list[str]:
        return ["LINT-001: too short"]

    with pytest.raises(Refused, match="LINT-001"):
        outbox_service.queue(
            store, outbox, fid, sender=ADA, now=T0, options=outbox_service.QueueOptions(gate=gate)
        )
    assert outbox.entries() == [] and store.followups.get(fid).status is Status.DRAFTED
    entry, created = outbox_service.queue(
        store,
        outbox,
        fid,
        sender=ADA,
        now=T0,
        options=outbox_service.QueueOptions(gate=gate, force=True),
    )
    assert created and entry.state is State.QUEUED


@pytest.mark.parametrize(
    ("email", "body", "field"),
    [("", "Hello there", "to"), ("bob@example.org", "   ", "body")],
)
def test_bad_input_queues_nothing(email: str, body: str, field: str) -> None:
    store, fid = seeded(email=email, body=body)
    outbox = MemoryOutbox()
    with pytest.raises(ValidationError) as caught:
        outbox_service.queue(store, outbox, fid, sender=ADA, now=T0)
    assert caught.value.field == field and outbox.entries() == []


def test_unknown_is_never_resent_automatically() -> None:
    store, fid = seeded()
    outbox = MemoryOutbox()
    mailer = MemoryMailer(["hang"])
    done = send_now(store, outbox, fid, mailer)
    assert done.state is State.UNKNOWN and len(mailer.delivered) == 1  # A3
    for hours in (1, 24, 24 * 30):
        outbox_service.run(
            store,
            outbox,
            outbox_service.Transports(mailer=mailer),
            clock=Fixed(T0 + timedelta(hours=hours)),
        )
    assert len(mailer.delivered) == 1 and outbox.get(done.id or 0).state is State.UNKNOWN
    outbox_service.resolve(store, outbox, done.id or 0, Resolution.SENT, now=T0)
    assert store.followups.get(fid).status is Status.SENT


def test_resend_after_unknown_is_the_user_choice() -> None:
    store, fid = seeded()
    outbox = MemoryOutbox()
    mailer = MemoryMailer(["hang", "ok"])
    done = send_now(store, outbox, fid, mailer)
    outbox_service.resolve(store, outbox, done.id or 0, Resolution.RESEND, now=T0)
    outbox_service.run(store, outbox, outbox_service.Transports(mailer=mailer), clock=Fixed(T0))
    assert outbox.get(done.id or 0).state is State.SENT and len(mailer.delivered) == 2


def test_failed_keeps_the_draft_editable() -> None:
    store, fid = seeded()
    outbox = MemoryOutbox()
    done = send_now(store, outbox, fid, MemoryMailer(["554"]))
    assert done.state is State.FAILED and "554" in done.last_error  # A5
    followup = store.followups.get(fid)
    assert followup.status is Status.DRAFTED and followup.body.startswith("Thank you")
    again, created = outbox_service.queue(store, outbox, fid, sender=ADA, now=T0)
    assert created and again.id == done.id and again.message_id != done.message_id


def test_sent_copy_failure_never_resends() -> None:
    store, fid = seeded()
    outbox = MemoryOutbox()
    mailer, box = MemoryMailer(), MemoryMailbox(fail_sent=True)
    entry, _ = outbox_service.queue(store, outbox, fid, sender=ADA, now=T0)
    transports = outbox_service.Transports(mailer=mailer, sent_copy=box)
    report = outbox_service.run(store, outbox, transports, clock=Fixed(T0))
    assert report.copy_errors and outbox.get(entry.id or 0).copy_pending  # A16
    box.fail_sent = False
    report = outbox_service.run(store, outbox, transports, clock=Fixed(T0))
    assert [e.id for e in report.copied] == [entry.id]
    assert len(mailer.delivered) == 1 and len(box.boxes["Sent"]) == 1


def test_drafts_route_is_idempotent() -> None:
    store, fid = seeded()
    outbox = MemoryOutbox()
    box = MemoryMailbox()
    entry, _ = outbox_service.queue(
        store, outbox, fid, sender=ADA, now=T0, options=outbox_service.QueueOptions(via=Via.DRAFTS)
    )
    # A crash after APPEND, before the database heard of it: the row is back in the queue.
    assert box.save_draft(entry.message_id, entry.raw).outcome is Outcome.DELIVERED
    outbox_service.run(store, outbox, outbox_service.Transports(drafts=box), clock=Fixed(T0))
    # In Drafts is not sent: the user may never send it (issue 17).
    assert len(box.boxes["Drafts"]) == 1 and outbox.get(entry.id or 0).state is State.IN_DRAFTS


def test_one_sender_at_a_time() -> None:
    outbox = MemoryOutbox()
    with outbox.lock(), pytest.raises(Busy), outbox.lock():
        pass


def test_the_shells_get_a_typed_error_when_another_sender_holds_the_lock() -> None:
    """A13: `sender_lock` turns the port's Unavailable into SenderBusy, nothing sent."""
    store, fid = seeded()
    outbox, mailer = MemoryOutbox(), MemoryMailer()
    entry, _ = outbox_service.queue(store, outbox, fid, sender=ADA, now=T0)
    with outbox.lock(), pytest.raises(SenderBusy, match="another sender is running"):
        outbox_service.run(
            store,
            outbox,
            outbox_service.Transports(mailer=mailer),
            clock=Fixed(T0),
            options=outbox_service.RunOptions(lock=outbox_service.sender_lock(outbox)),
        )
    assert isinstance(SenderBusy("x"), Unavailable)
    assert mailer.delivered == [] and outbox.get(entry.id or 0).state is State.QUEUED
    with outbox_service.sender_lock(outbox):  # released: the next run may take it
        pass


def test_non_ascii_recipient_without_smtputf8_is_named_and_not_sent() -> None:
    store, fid = seeded(email="jürgen@example.de")
    mailer = MemoryMailer(smtputf8=False)
    done = send_now(store, MemoryOutbox(), fid, mailer)
    assert done.state is State.FAILED and "SMTPUTF8" in done.last_error  # A15
    assert mailer.delivered == []
