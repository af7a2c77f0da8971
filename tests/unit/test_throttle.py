"""The per-account send throttle (reliability.md §4) over the memory twins: SMTP
submissions are spaced by `[mail.smtp] min_interval_seconds`, across runs too; the
next due entry waits and nothing is dropped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.adapters.mail.memory import MemoryMailbox, MemoryMailer
from followup.adapters.store.memory import MemoryStore
from followup.adapters.store.outbox import MemoryOutbox
from followup.domain.errors import ValidationError
from followup.domain.mail.accounts import mail_settings
from followup.domain.mail.outbox import State, Via
from followup.domain.records.followups import FollowUp, Kind, Status, Window
from followup.domain.records.model import Company, Contact
from followup.services.mail import outbox as outbox_service

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ADA = outbox_service.Sender(name="Ada Lovelace", email="ada@example.org")


class Time:
    """A fake wall clock that only `sleep` moves, as the real one would while waiting."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now
        self.slept: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += timedelta(seconds=seconds)


def queued(n: int, via: Via = Via.SMTP) -> tuple[MemoryStore, MemoryOutbox]:
    store, outbox = MemoryStore(), MemoryOutbox()
    company = store.companies.add(Company(name="Acme"))
    for i in range(n):
        contact = store.contacts.add(
            Contact(name=f"Person {i}", email=f"p{i}@example.org", company_id=company.id)
        )
        [followup] = store.followups.save(
            [
                FollowUp(
                    key=f"thank-you/{i}",
                    kind=Kind.THANK_YOU,
                    contact_id=contact.id,
                    window=Window(earliest=T0, recommended=T0, latest=T0 + timedelta(days=1)),
                    status=Status.DRAFTED,
                    subject=f"Thank you {i}",
                    body="Thank you for your time today.",
                    created_at=T0,
                    updated_at=T0,
                )
            ]
        )
        outbox_service.queue(
            store,
            outbox,
            followup.id or 0,
            sender=ADA,
            now=T0,
            options=outbox_service.QueueOptions(via=via),
        )
    return store, outbox


def run(
    store: MemoryStore,
    outbox: MemoryOutbox,
    mailer: MemoryMailer,
    clock: Time,
    interval: float = 10.0,
    **transports: object,
) -> outbox_service.RunReport:
    return outbox_service.run(
        store,
        outbox,
        outbox_service.Transports(mailer=mailer, **transports),  # type: ignore[arg-type]
        clock=clock,
        options=outbox_service.RunOptions(
            throttle=outbox_service.Throttle(interval=interval, sleep=clock.sleep)
        ),
    )


def gaps(mailer: MemoryMailer) -> list[float]:
    times = mailer.submitted_at
    return [(b - a).total_seconds() for a, b in pairwise(times)]


def test_a_batch_is_spaced_out_and_nothing_is_dropped() -> None:
    store, outbox = queued(4)
    clock = Time()
    mailer = MemoryMailer(clock=clock)
    report = run(store, outbox, mailer, clock)
    assert [e.state for e in report.settled] == [State.SENT] * 4
    assert len(mailer.delivered) == 4
    assert gaps(mailer) == [10.0, 10.0, 10.0]
    assert clock.slept == [10.0, 10.0, 10.0]  # the first send had nobody to wait for


def test_the_interval_holds_across_runs() -> None:
    store, outbox = queued(2)
    clock = Time()
    mailer = MemoryMailer(clock=clock)
    outbox_service.run(
        store,
        outbox,
        outbox_service.Transports(mailer=mailer),
        clock=clock,
        options=outbox_service.RunOptions(
            limit=1, throttle=outbox_service.Throttle(interval=10, sleep=clock.sleep)
        ),
    )
    clock.now += timedelta(seconds=4)  # the next `outbox run` comes 4 s later
    run(store, outbox, mailer, clock)
    assert len(mailer.delivered) == 2
    assert clock.slept == [6.0] and gaps(mailer) == [10.0]


def test_no_wait_once_the_interval_has_passed() -> None:
    store, outbox = queued(2)
    clock = Time()
    mailer = MemoryMailer(clock=clock)
    outbox_service.run(
        store,
        outbox,
        outbox_service.Transports(mailer=mailer),
        clock=clock,
        options=outbox_service.RunOptions(
            limit=1, throttle=outbox_service.Throttle(interval=10, sleep=clock.sleep)
        ),
    )
    clock.now += timedelta(minutes=5)
    run(store, outbox, mailer, clock)
    assert clock.slept == [] and len(mailer.delivered) == 2


def test_failed_attempts_count_and_retries_still_go_out() -> None:
    store, outbox = queued(2)
    clock = Time()
    mailer = MemoryMailer(["451", "ok"], clock=clock)
    report = run(store, outbox, mailer, clock)
    assert [e.state for e in report.settled] == [State.RETRY, State.SENT]
    assert gaps(mailer) == [10.0]
    clock.now += timedelta(hours=3)  # past the retry's backoff
    again = run(store, outbox, mailer, clock)
    assert [e.state for e in again.settled] == [State.SENT]
    assert len(mailer.delivered) == 2


def test_drafts_are_not_throttled() -> None:
    store, outbox = queued(3, via=Via.DRAFTS)
    clock = Time()
    drafts = MemoryMailbox()
    report = run(store, outbox, MemoryMailer(clock=clock), clock, drafts=drafts)
    assert [e.state for e in report.settled] == [State.IN_DRAFTS] * 3
    assert clock.slept == [] and len(drafts.boxes["Drafts"]) == 3


def test_zero_turns_it_off() -> None:
    store, outbox = queued(3)
    clock = Time()
    mailer = MemoryMailer(clock=clock)
    run(store, outbox, mailer, clock, interval=0)
    assert clock.slept == [] and len(mailer.delivered) == 3


@given(back=st.floats(min_value=0, max_value=1e6))
def test_a_clock_jump_back_waits_at_most_one_interval(back: float) -> None:
    clock = Time()
    throttle = outbox_service.Throttle(interval=10, sleep=clock.sleep, last=T0, looked=True)
    _store, outbox = queued(1)
    [entry] = outbox.entries()
    waited = throttle.wait(outbox, entry, T0 - timedelta(seconds=back))
    assert 0 < waited <= 10 and clock.slept == [waited]


def test_the_setting_defaults_to_ten_seconds_and_is_checked() -> None:
    smtp = {"host": "smtp.example.org", "user": "ada"}
    assert mail_settings({"mail": {"smtp": smtp}}).smtp.min_interval == 10.0  # type: ignore[union-attr]
    tuned = {"mail": {"smtp": {**smtp, "min_interval_seconds": 2.5}}}
    assert mail_settings(tuned).smtp.min_interval == 2.5  # type: ignore[union-attr]
    for bad in (-1, 4000, "10", True):
        with pytest.raises(ValidationError, match=r"mail\.smtp\.min_interval_seconds"):
            mail_settings({"mail": {"smtp": {**smtp, "min_interval_seconds": bad}}})
    imap = {"host": "imap.example.org", "user": "ada", "min_interval_seconds": 1}
    with pytest.raises(ValidationError, match=r"mail\.imap\.min_interval_seconds"):
        mail_settings({"mail": {"imap": imap}})
