"""The outbox: queue a message once, deliver it at most once, never lose it.

`queue` lints the final message, builds it with a fresh Message-ID and puts it in the
durable outbox together with the follow-up's new status. `run` is the only sender:
under the outbox's process lock it first recovers what a crash left in `sending`,
then claims due entries one at a time, recording each phase before it starts.
Nothing in `unknown` is sent again unless the user says so (`resolve`).

`followup.services.mail.send` wires the sender, the lint gate and the transports from
the mail kit for the CLI and the web.
"""

from __future__ import annotations

import random
import secrets
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from followup.domain.errors import Conflict, DomainError, Refused, Unavailable, ValidationError
from followup.domain.mail.message import build_message, new_message_id
from followup.domain.mail.outbox import (
    Attempt,
    OutboxEntry,
    Outcome,
    Phase,
    Resolution,
    RetryPolicy,
    SenderBusy,
    State,
    Via,
    advance,
    copied_to_sent,
    interrupted,
    new_entry,
    sent_from_drafts,
    settle,
)
from followup.domain.mail.outbox import resolve as resolve_entry
from followup.domain.records.followups import Channel, Direction, FollowUp, Message, Status
from followup.ports import DraftsFolder, Mailbox, Mailer, Outbox, Store

if TYPE_CHECKING:
    pass

# (follow-up, subject, body) -> the reasons it must not go: error-level lint findings
# and cadence-guard refusals. Empty means it may go.
Gate = Callable[[FollowUp, str, str], Sequence[str]]
# follow-up -> (subject, body), for a follow-up with no stored draft.
Drafter = Callable[[FollowUp], tuple[str, str]]
# follow-up -> when it should go (None: now); raises to refuse (past its window).
Scheduler = Callable[[FollowUp], datetime | None]


DEFAULT_POLICY = RetryPolicy()


def _no_fault(point: str) -> None:
    return None


def _never() -> bool:
    return False


def _token() -> str:
    return secrets.token_hex(16)


@dataclass(frozen=True, slots=True, kw_only=True)
class Sender:
    """Who the mail is from."""

    name: str
    email: str


@dataclass(slots=True, kw_only=True)
class Transports:
    """Where each `Via` goes; None means that route is not configured."""

    mailer: Mailer | None = None
    drafts: DraftsFolder | None = None
    eml: DraftsFolder | None = None
    sent_copy: Mailbox | None = None  # append a copy of SMTP sends to the Sent folder


@dataclass(slots=True, kw_only=True)
class Throttle:
    """At least `interval` seconds between two SMTP submissions of one account, across
    runs too (reliability.md §4): the next due entry waits; nothing is dropped."""

    interval: float
    sleep: Callable[[float], None] = time.sleep
    last: datetime | None = None  # the end of the latest SMTP attempt
    looked: bool = False  # `last` was read from the outbox

    def wait(self, outbox: Outbox, current: OutboxEntry, now: datetime) -> float:
        """Sleep until the interval since the last submission has passed; the seconds slept."""
        if self.interval <= 0:
            return 0.0
        if not self.looked:
            self.looked, self.last = True, _last_submission(outbox, current)
        if self.last is None:
            return 0.0
        # A clock that jumped back never makes it wait more than one interval (D14).
        pause = min(self.interval, self.interval - (now - self.last).total_seconds())
        if pause <= 0:
            return 0.0
        self.sleep(pause)
        return pause


def _last_submission(outbox: Outbox, current: OutboxEntry) -> datetime | None:
    """When an earlier run last handed a message to the SMTP server (or tried to): one
    aggregate read, not every entry the account ever sent."""
    return outbox.last_submission(current.id)


@dataclass(slots=True, kw_only=True)
class RunReport:
    """What one `run` did."""

    recovered: list[OutboxEntry] = field(default_factory=list)
    settled: list[OutboxEntry] = field(default_factory=list)
    copied: list[OutboxEntry] = field(default_factory=list)
    copy_errors: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------- queue


@dataclass(frozen=True, slots=True, kw_only=True)
class QueueOptions:
    """How `queue` takes a follow-up: its route and time (else the scheduler's), whether
    the gate's reasons are overridden (`force`), the gate, the drafter and the scheduler,
    and the Message-ID token source."""

    via: Via = Via.SMTP
    at: datetime | None = None
    force: bool = False
    gate: Gate | None = None
    drafter: Drafter | None = None
    scheduler: Scheduler | None = None
    token: Callable[[], str] = _token


def queue(
    store: Store,
    outbox: Outbox,
    followup_id: int,
    *,
    sender: Sender,
    now: datetime,
    options: QueueOptions | None = None,
) -> tuple[OutboxEntry, bool]:
    """Put the follow-up's final message in the outbox; (entry, True) when newly queued,
    (the existing entry, False) when it already was (double submit, A14)."""
    options = options or QueueOptions()
    via, at, force = options.via, options.at, options.force
    gate, drafter, token = options.gate, options.drafter, options.token
    followup = store.followups.get(followup_id)
    existing = outbox.find_for_followup(followup_id)
    if existing is not None and existing.state is not State.FAILED:
        if existing.state.delivered:
            when = existing.sent_at.date().isoformat() if existing.sent_at else "earlier"
            raise Refused(
                f"follow-up {followup_id} was already sent on {when} (outbox {existing.id}); "
                "nothing was sent again"
            )
        return existing, False
    if followup.contact_id is not None:
        barred_contact = store.contacts.get(followup.contact_id)
        if barred_contact.do_not_contact:  # first: it is the reason, whatever the status
            from followup.domain.network.stops import barred

            raise Refused(barred(barred_contact, "sent"))
    if followup.status in (Status.SENT, Status.DONE):
        raise Refused(f"follow-up {followup_id} is already {followup.status}; nothing was sent")
    if not followup.status.is_open:
        raise Refused(f"follow-up {followup_id} is {followup.status}; reopen it to send it")
    if followup.contact_id is None:
        raise ValidationError("to", f"follow-up {followup_id} has no contact to write to")
    contact = store.contacts.get(followup.contact_id)
    if not contact.email:
        raise ValidationError(
            "to",
            f"contact {contact.id} ({contact.name}) has no email address; add one with "
            f"`followup contact edit {contact.id} --email ADDRESS`",
        )
    if not sender.email:
        raise ValidationError("from", "no sender address; set it with `followup init --email`")
    if at is None and options.scheduler is not None:
        at = options.scheduler(followup)
    subject, body = followup.subject, followup.body
    if not body.strip() and drafter is not None:
        subject, body = drafter(followup)
    if gate is not None:
        reasons = list(gate(followup, subject, body))
        if reasons and not force:
            raise Refused(
                f"follow-up {followup_id} not queued: {'; '.join(reasons)} "
                "(fix the draft, or use --force to send anyway)"
            )
    domain = sender.email.rpartition("@")[2]
    message_id = new_message_id(token(), domain)
    previous = _thread(store, followup)
    raw = build_message(
        sender_name=sender.name,
        sender=sender.email,
        to=[(contact.name, contact.email)],
        subject=subject,
        body=body,
        message_id=message_id,
        date=at or now,
        in_reply_to=previous[-1] if previous else "",
        references=previous,
    )
    entry = new_entry(
        message_id=message_id,
        followup_id=followup_id,
        via=via,
        sender=sender.email,
        recipients=[contact.email],
        subject=subject,
        raw=raw,
        now=now,
        at=at,
    )
    try:
        with store.transaction():
            if existing is not None:  # a failed attempt, edited and sent again
                stored = outbox.save(replace(entry, id=existing.id))
            else:
                stored = outbox.add(entry)
            store.followups.save(
                [
                    replace(
                        followup, status=Status.QUEUED, subject=subject, body=body, updated_at=now
                    )
                ]
            )
    except Conflict:
        # Someone queued the same follow-up a moment ago: theirs is the one (A14).
        again = outbox.find_for_followup(followup_id)
        if again is None:
            raise
        return again, False
    return stored, True


def _thread(store: Store, followup: FollowUp) -> list[str]:
    """Message-IDs of our earlier mail to this contact about this application, oldest first."""
    if followup.contact_id is None:
        return []
    earlier = [
        m.message_id
        for m in store.messages.list(contact_id=followup.contact_id)
        if m.message_id
        and m.direction is Direction.OUT
        and m.channel is Channel.EMAIL
        and m.application_id == followup.application_id
    ]
    return earlier[-5:]


# ---------------------------------------------------------------------- run


@dataclass(frozen=True, slots=True, kw_only=True)
class RunOptions:
    """How `run` sends: retry policy and jitter, the crash-test fault hook, how many
    entries at most, the lock held throughout (default: the outbox's process lock), and
    the SMTP throttle."""

    policy: RetryPolicy = DEFAULT_POLICY
    jitter: Callable[[], float] = random.random
    fault: Callable[[str], None] = _no_fault
    limit: int = 100
    lock: AbstractContextManager[None] | None = None
    throttle: Throttle | None = None
    stop: Callable[[], bool] = _never  # asked before each entry: stop after the current one


def run(
    store: Store,
    outbox: Outbox,
    transports: Transports,
    *,
    clock: Callable[[], datetime],
    options: RunOptions | None = None,
) -> RunReport:
    """Recover, then send every due entry (at most `limit`), then owed Sent copies.
    Holds `lock` (by default the outbox's process lock, when it has one) throughout;
    with `throttle`, SMTP submissions are spaced out."""
    o = options or RunOptions()
    report = RunReport()
    with o.lock if o.lock is not None else outbox.lock():
        _run(
            store,
            outbox,
            transports,
            clock,
            o.policy,
            o.jitter,
            o.fault,
            o.limit,
            report,
            o.throttle,
            o.stop,
        )
    return report


@contextmanager
def sender_lock(outbox: Outbox) -> Iterator[None]:
    """The outbox's process lock, raising `SenderBusy` at once if another process holds it."""
    with ExitStack() as held:
        try:
            held.enter_context(outbox.lock())
        except SenderBusy:
            raise
        except Unavailable as exc:
            # The Outbox port raises Unavailable on entering lock() only when another
            # sender holds it; the shells need that case typed, not guessed from its text.
            raise SenderBusy(str(exc)) from exc
        yield


def _run(
    store: Store,
    outbox: Outbox,
    transports: Transports,
    clock: Callable[[], datetime],
    policy: RetryPolicy,
    jitter: Callable[[], float],
    fault: Callable[[str], None],
    limit: int,
    report: RunReport,
    throttle: Throttle | None = None,
    stop: Callable[[], bool] = _never,
) -> None:
    report.recovered = recover(store, outbox, clock())
    # One SMTP connection carries the run's messages; the mailer closes it after anything
    # but a clean answer, so a message in flight on a dying connection stays `unknown`.
    with transports.mailer.session() if transports.mailer is not None else nullcontext():
        for _ in range(limit):
            if stop():  # a clean stop (SIGTERM): the current message is finished, no new one
                break
            fault("before-claim")
            entry = outbox.claim(clock())
            if entry is None:
                break
            fault("after-claim")
            pace = throttle if throttle is not None and entry.via is Via.SMTP else None
            if pace is not None:
                pace.wait(outbox, entry, clock())
            report.settled.append(_attempt(store, outbox, transports, entry, clock, policy, jitter))
            if pace is not None:
                pace.last = clock()
    if transports.sent_copy is not None:
        _copy_pending(outbox, transports.sent_copy, clock, report)


def _attempt(
    store: Store,
    outbox: Outbox,
    transports: Transports,
    entry: OutboxEntry,
    clock: Callable[[], datetime],
    policy: RetryPolicy,
    jitter: Callable[[], float],
) -> OutboxEntry:
    current = entry

    def phase(step: Phase) -> None:
        nonlocal current
        if step is not current.phase:
            current = outbox.save(advance(current, step, clock()))

    try:
        attempt = _deliver(transports, current, phase)
    except DomainError as exc:
        attempt = interrupted(current.phase, str(exc))
    except Exception as exc:
        attempt = interrupted(current.phase, f"internal error: {type(exc).__name__}: {exc}")
    if current.via.idempotent and attempt.outcome is Outcome.UNKNOWN:
        attempt = replace(attempt, outcome=Outcome.TEMPORARY)
    after = settle(current, attempt, clock(), policy=policy, jitter=jitter())
    if after.state is State.SENT and after.via is Via.SMTP and transports.sent_copy is not None:
        after = replace(after, copy_pending=True)
    return _record(store, outbox, after, clock())


def _deliver(transports: Transports, entry: OutboxEntry, phase: Callable[[Phase], None]) -> Attempt:
    if entry.via is Via.SMTP:
        if transports.mailer is None:
            return _not_configured("no SMTP account; run `followup mail setup`")
        return transports.mailer.send(entry.sender, entry.recipients, entry.raw, phase)
    target = transports.drafts if entry.via is Via.DRAFTS else transports.eml
    if target is None:
        what = "IMAP account" if entry.via is Via.DRAFTS else "eml folder"
        return _not_configured(f"no {what}; run `followup mail setup`")
    phase(Phase.ENVELOPE)
    return target.save_draft(entry.message_id, entry.raw)


def _not_configured(detail: str) -> Attempt:
    return Attempt(outcome=Outcome.PERMANENT, phase=Phase.CONNECT, detail=detail)


def _record(store: Store, outbox: Outbox, entry: OutboxEntry, now: datetime) -> OutboxEntry:
    """Save the entry and, in the same transaction, what it means for the follow-up."""
    with store.transaction():
        outbox.save(entry)
        if entry.followup_id is None:
            return entry
        followup = store.followups.get(entry.followup_id)
        if entry.state.delivered:
            if followup.status not in (Status.SENT, Status.DONE):
                store.followups.save([replace(followup, status=Status.SENT, updated_at=now)])
            _record_message(store, followup, entry)
        elif entry.state is State.FAILED and followup.status is Status.QUEUED:
            # The draft stays, editable, and can be sent again (A5).
            store.followups.save([replace(followup, status=Status.DRAFTED, updated_at=now)])
    return entry


def _record_message(store: Store, followup: FollowUp, entry: OutboxEntry) -> None:
    if followup.contact_id is None or store.messages.find(entry.message_id) is not None:
        return
    if followup.status is Status.DONE and entry.via is Via.DRAFTS:
        return  # `followup done` logged this send already; counting it twice would be wrong
    where = {
        Via.SMTP: "sent by SMTP",
        Via.DRAFTS: "sent by you from Drafts",
        Via.EML: "written to a file",
    }
    store.messages.add(
        Message(
            contact_id=followup.contact_id,
            application_id=followup.application_id,
            followup_id=followup.id,
            direction=Direction.OUT,
            channel=Channel.EMAIL,
            kind=followup.kind,
            at=entry.sent_at or entry.updated_at,
            subject=entry.subject,
            message_id=entry.message_id,
            source=f"outbox:{entry.id}",
            note=where[entry.via],
        )
    )


def recover(store: Store, outbox: Outbox, now: datetime) -> list[OutboxEntry]:
    """Startup recovery (A1, A2): claimed but before DATA -> queued; during DATA -> unknown."""
    return outbox.recover(now)


def _copy_pending(
    outbox: Outbox, mailbox: Mailbox, clock: Callable[[], datetime], report: RunReport
) -> None:
    """Copies to Sent are retried here, separately; a failure never re-sends (A16)."""
    for entry in outbox.entries([State.SENT]):
        if not entry.copy_pending:
            continue
        try:
            mailbox.copy_to_sent(entry.message_id, entry.raw)
        except DomainError as exc:
            report.copy_errors.append(f"outbox {entry.id}: copy to Sent failed: {exc}")
            continue
        report.copied.append(outbox.save(copied_to_sent(entry, clock())))


# ---------------------------------------------------------------------- drafts


def drafts_sent(
    store: Store, outbox: Outbox, in_sent: Callable[[Sequence[str]], set[str]], *, now: datetime
) -> list[OutboxEntry]:
    """Drafts the user has sent since: those whose Message-ID `in_sent` finds in the Sent
    folder, and those whose follow-up they marked done. Each becomes `sent` and, only
    then, counts for the cadence and for reply matching."""
    waiting = outbox.entries([State.IN_DRAFTS])
    if not waiting:
        return []
    done: list[OutboxEntry] = []
    found = in_sent([e.message_id for e in waiting])
    for entry in waiting:
        how = ""
        if entry.message_id in found:
            how = "found in your Sent folder"
        elif (
            entry.followup_id is not None
            and store.followups.get(entry.followup_id).status is Status.DONE
        ):
            how = "marked done by you"
        if how:
            done.append(_record(store, outbox, sent_from_drafts(entry, now, how), now))
    return done


# ---------------------------------------------------------------------- resolve


def resolve(
    store: Store, outbox: Outbox, entry_id: int, choice: Resolution, *, now: datetime
) -> OutboxEntry:
    """The user's decision on an `unknown` entry: it was sent, or send it again."""
    entry = outbox.get(entry_id)
    after = resolve_entry(entry, choice, now)
    if choice is Resolution.SENT:
        return _record(store, outbox, after, now)
    with store.transaction():
        outbox.save(after)
        if after.followup_id is not None:
            followup = store.followups.get(after.followup_id)
            if followup.status is not Status.QUEUED:
                store.followups.save([replace(followup, status=Status.QUEUED, updated_at=now)])
    return after


UNKNOWN_ADVICE = (
    "It may have reached the recipient. Look in your Sent folder (or ask your mail "
    "provider's web mail) for the subject and Message-ID shown, then run "
    "`followup outbox resolve ID --sent` if it is there, or `--resend` if it is not."
)


def describe(entry: OutboxEntry, tz: tzinfo | None = None) -> str:
    """One line about an entry's state, for the CLI; times in `tz` (default: the
    system's local zone), readable."""
    to = ", ".join(entry.recipients)
    match entry.state:
        case State.IN_DRAFTS:
            return (
                f"outbox {entry.id}: in your Drafts folder, not sent yet: send it from your "
                f"mail program to {to}; `followup sync` notices it in Sent "
                f"(or say `followup done {entry.followup_id}`)"
            )
        case State.SENT:
            where = f" ({entry.location})" if entry.location else ""
            return f"outbox {entry.id}: sent to {to}{where}, Message-ID {entry.message_id}"
        case State.SENT_PARTIAL:
            return f"outbox {entry.id}: sent, but not to everyone: {entry.last_error}"
        case State.QUEUED:
            return f"outbox {entry.id}: queued for {readable(entry.next_attempt_at, tz)} to {to}"
        case State.RETRY:
            return (
                f"outbox {entry.id}: not sent yet, will retry after "
                f"{readable(entry.next_attempt_at, tz)}: {entry.last_error}"
            )
        case State.FAILED:
            return f"outbox {entry.id}: not sent: {entry.last_error}"
        case State.UNKNOWN:
            return (
                f"outbox {entry.id}: MAY HAVE BEEN SENT ({entry.last_error}). "
                f"Subject: {entry.subject!r}; to: {to}; tried {readable(entry.updated_at, tz)}; "
                f"Message-ID {entry.message_id}. {UNKNOWN_ADVICE}"
            )
        case State.SENDING:
            return f"outbox {entry.id}: being sent now (phase {entry.phase})"


def readable(at: datetime, tz: tzinfo | None = None) -> str:
    """A moment as people read it, in `tz` (default: the system's local zone):
    "Fri 4 Dec 2026 16:05 CET"."""
    local = at.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b %Y %H:%M} {local.tzname() or ''}".rstrip()
