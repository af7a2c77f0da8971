"""The outbox: how a composed message goes from queued to sent at most once.

    queued ──claim──▶ sending(connect → envelope → data) ──▶ sent | sent_partial
      ▲                  │ 4xx, refused before DATA, connection error
      └──── retry ◀──────┤   (capped backoff with jitter; then failed)
                         ├──▶ failed   5xx, credentials, TLS, policy (the server's words kept)
                         └──▶ unknown  timeout, disconnect or crash while phase=data

A message put in the Drafts folder is `in_drafts`, not sent: the user may never send it.
It becomes `sent` when its Message-ID turns up in the Sent folder, or when the user says so.

A message in `unknown` may be in the recipient's inbox already, so nothing here
ever moves it back to `queued`; only `resolve(..., resend)`, a person's choice, does
(reliability.md §1.1, A1/A3). Everything is pure: the clock and the jitter are
arguments. Headers and addresses are in `message`, accounts and `[mail]` in `accounts`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from followup.domain.errors import Refused, Unavailable, ValidationError


class State(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    SENT_PARTIAL = "sent_partial"
    RETRY = "retry"
    FAILED = "failed"
    UNKNOWN = "unknown"
    IN_DRAFTS = "in_drafts"  # saved to the Drafts folder; sent only once the user sends it

    @property
    def label(self) -> str:
        """How the state reads in lists: "in Drafts" rather than its stored name."""
        return "in Drafts" if self is State.IN_DRAFTS else self.value

    @property
    def delivered(self) -> bool:
        """The server took the message for at least one recipient."""
        return self in (State.SENT, State.SENT_PARTIAL)

    @property
    def waiting(self) -> bool:
        """May be claimed once due."""
        return self in (State.QUEUED, State.RETRY)


class Phase(StrEnum):
    """How far an SMTP conversation got; `data` is the point of no return."""

    NONE = "none"
    CONNECT = "connect"
    ENVELOPE = "envelope"
    DATA = "data"

    @property
    def rank(self) -> int:
        return _PHASE_ORDER.index(self)


_PHASE_ORDER = (Phase.NONE, Phase.CONNECT, Phase.ENVELOPE, Phase.DATA)


class Via(StrEnum):
    """Where the message goes: the SMTP server, the Drafts folder, or an .eml file."""

    SMTP = "smtp"
    DRAFTS = "drafts"
    EML = "eml"

    @property
    def idempotent(self) -> bool:
        """Repeating the delivery cannot duplicate it (Drafts searches its Message-ID; .eml
        overwrites the same file), so an interrupted attempt is simply retried."""
        return self is not Via.SMTP


class Outcome(StrEnum):
    DELIVERED = "delivered"
    PARTIAL = "partial"
    TEMPORARY = "temporary"
    PERMANENT = "permanent"
    UNKNOWN = "unknown"


class Resolution(StrEnum):
    SENT = "sent"
    RESEND = "resend"


class SenderBusy(Unavailable):
    """Another followup process holds the outbox's sender lock; nothing was sent, what is
    due stays queued for that process (or the next run) to send."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RecipientResult:
    """What the server answered to one RCPT TO."""

    address: str
    code: int
    text: str = ""

    @property
    def accepted(self) -> bool:
        return 200 <= self.code < 300


@dataclass(frozen=True, slots=True, kw_only=True)
class Attempt:
    """What one delivery attempt found out; transports report this and never raise."""

    outcome: Outcome
    phase: Phase
    code: int | None = None
    detail: str = ""
    recipients: tuple[RecipientResult, ...] = ()
    location: str = ""  # where a draft or file went


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryPolicy:
    """Retries are capped in count and in time (A4; django-mailer retried forever)."""

    max_attempts: int = 5
    base: timedelta = timedelta(minutes=1)
    cap: timedelta = timedelta(hours=2)
    give_up_after: timedelta = timedelta(hours=24)


@dataclass(frozen=True, slots=True, kw_only=True)
class OutboxEntry:
    """One composed message on its way out. `raw` is exactly what will be sent."""

    id: int | None = None
    message_id: str
    followup_id: int | None = None
    via: Via = Via.SMTP
    sender: str
    recipients: tuple[str, ...]
    subject: str
    raw: bytes
    state: State = State.QUEUED
    phase: Phase = Phase.NONE
    attempts: int = 0
    created_at: datetime
    scheduled_at: datetime
    next_attempt_at: datetime
    updated_at: datetime
    results: tuple[RecipientResult, ...] = ()
    last_error: str = ""
    sent_at: datetime | None = None
    location: str = ""
    copy_pending: bool = False  # a copy still owed to the Sent folder (A16)

    @property
    def refused(self) -> tuple[RecipientResult, ...]:
        return tuple(r for r in self.results if not r.accepted)


# ---------------------------------------------------------------- classification


def classify_code(code: int) -> Outcome:
    """4xx is temporary, 5xx permanent, 2xx/3xx fine (RFC 5321 §4.2.1)."""
    if 400 <= code < 500:
        return Outcome.TEMPORARY
    if 500 <= code < 600:
        return Outcome.PERMANENT
    return Outcome.DELIVERED


def classify_recipients(results: Sequence[RecipientResult]) -> Outcome:
    """After RCPT: all accepted, some accepted (go on with them), or none (why not)."""
    accepted = [r for r in results if r.accepted]
    if len(accepted) == len(results):
        return Outcome.DELIVERED
    if accepted:
        return Outcome.PARTIAL
    # Nothing was handed over yet, so a temporary refusal of anyone is worth a retry (A8).
    if any(classify_code(r.code) is Outcome.TEMPORARY for r in results):
        return Outcome.TEMPORARY
    return Outcome.PERMANENT


def interrupted(phase: Phase, detail: str) -> Attempt:
    """A timeout, disconnect or crash with no reply code: unknown once DATA began (A3)."""
    if phase is Phase.DATA:
        return Attempt(
            outcome=Outcome.UNKNOWN,
            phase=phase,
            detail=f"{detail}; the server may have the message",
        )
    return Attempt(outcome=Outcome.TEMPORARY, phase=phase, detail=detail)


def replied(phase: Phase, code: int, text: str) -> Attempt:
    """A definite reply code from the server, at any phase."""
    outcome = classify_code(code)
    if outcome is Outcome.DELIVERED:  # an odd 2xx/3xx where an error was expected
        outcome = Outcome.PERMANENT
    return Attempt(outcome=outcome, phase=phase, code=code, detail=f"{code} {text}".strip())


# ---------------------------------------------------------------- transitions


def new_entry(
    *,
    message_id: str,
    followup_id: int | None,
    via: Via,
    sender: str,
    recipients: Sequence[str],
    subject: str,
    raw: bytes,
    now: datetime,
    at: datetime | None = None,
) -> OutboxEntry:
    """A queued entry, due at `at` (or now). Instants must be aware (A17: stored in UTC)."""
    for name, value in (("now", now), ("at", at)):
        if value is not None and value.utcoffset() is None:
            raise ValidationError(name, "needs a time zone")
    due = at if at is not None else now
    return OutboxEntry(
        message_id=message_id,
        followup_id=followup_id,
        via=via,
        sender=sender,
        recipients=tuple(recipients),
        subject=subject,
        raw=raw,
        created_at=now,
        scheduled_at=due,
        next_attempt_at=due,
        updated_at=now,
    )


def is_due(entry: OutboxEntry, now: datetime) -> bool:
    return entry.state.waiting and entry.next_attempt_at <= now


def claim(entry: OutboxEntry, now: datetime) -> OutboxEntry:
    """Start an attempt: `sending` at phase `connect`, one more attempt counted."""
    if not is_due(entry, now):
        raise Refused(f"outbox {entry.id} is {entry.state} and cannot be sent now")
    return replace(
        entry,
        state=State.SENDING,
        phase=Phase.CONNECT,
        attempts=entry.attempts + 1,
        updated_at=now,
    )


def advance(entry: OutboxEntry, phase: Phase, now: datetime) -> OutboxEntry:
    """Record how far the conversation got; phases only move forward."""
    if entry.state is not State.SENDING:
        raise Refused(f"outbox {entry.id} is {entry.state}, not sending")
    if phase.rank < entry.phase.rank:
        raise Refused(f"outbox {entry.id}: phase cannot go back from {entry.phase} to {phase}")
    return replace(entry, phase=phase, updated_at=now)


def backoff(attempts: int, policy: RetryPolicy, jitter: float) -> timedelta:
    """Exponential delay after `attempts` tries, capped; `jitter` in [0, 1) spreads it
    over [delay/2, delay) so that retries from many clients do not line up."""
    if not 0.0 <= jitter < 1.0:
        raise ValueError("jitter must be in [0, 1)")
    exponent = max(0, min(attempts - 1, 30))
    delay = min(policy.cap, policy.base * (2**exponent))
    half: timedelta = delay / 2
    return half + half * jitter


def settle(
    entry: OutboxEntry,
    attempt: Attempt,
    now: datetime,
    *,
    policy: RetryPolicy = RetryPolicy(),
    jitter: float = 0.0,
) -> OutboxEntry:
    """The state after an attempt ends."""
    if entry.state is not State.SENDING:
        raise Refused(f"outbox {entry.id} is {entry.state}, not sending")
    base = replace(
        entry,
        phase=Phase.NONE,
        updated_at=now,
        results=attempt.recipients or entry.results,
        location=attempt.location or entry.location,
    )
    match attempt.outcome:
        case Outcome.DELIVERED if entry.via is Via.DRAFTS:
            # A draft is not a send: nothing counts it as sent until it is (see `sent_from_drafts`).
            return replace(base, state=State.IN_DRAFTS, last_error="")
        case Outcome.DELIVERED:
            return replace(base, state=State.SENT, sent_at=now, last_error="")
        case Outcome.PARTIAL:
            refused = ", ".join(f"{r.address} ({r.code} {r.text})".strip() for r in base.refused)
            return replace(
                base, state=State.SENT_PARTIAL, sent_at=now, last_error=f"refused: {refused}"
            )
        case Outcome.UNKNOWN:
            return replace(base, state=State.UNKNOWN, phase=Phase.DATA, last_error=attempt.detail)
        case Outcome.PERMANENT:
            return replace(base, state=State.FAILED, last_error=attempt.detail)
        case Outcome.TEMPORARY:
            too_many = entry.attempts >= policy.max_attempts
            too_late = now - entry.created_at >= policy.give_up_after
            if too_many or too_late:
                why = f"gave up after {entry.attempts} attempts"
                return replace(base, state=State.FAILED, last_error=f"{why}: {attempt.detail}")
            return replace(
                base,
                state=State.RETRY,
                next_attempt_at=now + backoff(entry.attempts, policy, jitter),
                last_error=attempt.detail,
            )
    raise AssertionError(attempt.outcome)  # pragma: no cover - exhaustive match


def recover(entry: OutboxEntry, now: datetime) -> OutboxEntry:
    """After a crash: an attempt that never reached DATA is queued again; one that did is
    `unknown`, because the server may hold the message (A1, A2)."""
    if entry.state is not State.SENDING:
        return entry
    if entry.phase is Phase.DATA and not entry.via.idempotent:
        return replace(
            entry,
            state=State.UNKNOWN,
            updated_at=now,
            last_error="interrupted during DATA; the server may have the message",
        )
    return replace(entry, state=State.QUEUED, phase=Phase.NONE, updated_at=now)


def resolve(entry: OutboxEntry, choice: Resolution, now: datetime) -> OutboxEntry:
    """A person's decision about an `unknown` (or, to resend, a `failed`) message."""
    if choice is Resolution.SENT and entry.state is State.IN_DRAFTS:
        return sent_from_drafts(entry, now, "marked sent by you")
    if choice is Resolution.SENT and entry.state is State.UNKNOWN:
        return replace(
            entry,
            state=State.SENT,
            phase=Phase.NONE,
            sent_at=entry.sent_at or now,
            updated_at=now,
            last_error="marked sent by you",
        )
    if choice is Resolution.RESEND and entry.state in (State.UNKNOWN, State.FAILED):
        return replace(
            entry,
            state=State.QUEUED,
            phase=Phase.NONE,
            attempts=0,
            next_attempt_at=now,
            updated_at=now,
        )
    allowed = "unknown or in Drafts" if choice is Resolution.SENT else "unknown or failed"
    raise Refused(
        f"outbox {entry.id} is {entry.state}; only {allowed} messages can be resolved --{choice}"
    )


def copied_to_sent(entry: OutboxEntry, now: datetime) -> OutboxEntry:
    """The Sent-folder copy is done; it never touches the delivery state (A16)."""
    return replace(entry, copy_pending=False, updated_at=now)


def sent_from_drafts(entry: OutboxEntry, at: datetime, how: str) -> OutboxEntry:
    """A draft the user sent from their mail program (found in Sent, or they said so)."""
    if entry.state is not State.IN_DRAFTS:
        raise Refused(f"outbox {entry.id} is {entry.state.label}, not in Drafts")
    return replace(
        entry, state=State.SENT, phase=Phase.NONE, sent_at=at, updated_at=at, last_error=how
    )
