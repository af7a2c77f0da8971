"""The outbox: how a composed message goes from queued to sent at most once.

    queued ──claim──▶ sending(connect → envelope → data) ──▶ sent | sent_partial
      ▲                  │ 4xx, refused before DATA, connection error
      └──── retry ◀──────┤   (capped backoff with jitter; then failed)
                         ├──▶ failed   5xx, credentials, TLS, policy (the server's words kept)
                         └──▶ unknown  timeout, disconnect or crash while phase=data

A message in `unknown` may be in the recipient's inbox already, so nothing here
ever moves it back to `queued`; only `resolve(..., resend)`, a person's choice, does
(reliability.md §1.1, A1/A3). Everything is pure: the clock and the jitter are
arguments. Header and address validation live here too, because a header value
that reaches the outbox has to be safe whatever the Python build (§1.5, F1–F4).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP, SMTPUTF8
from email.utils import format_datetime
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
    allowed = "unknown" if choice is Resolution.SENT else "unknown or failed"
    raise Refused(
        f"outbox {entry.id} is {entry.state}; only {allowed} messages can be resolved --{choice}"
    )


def copied_to_sent(entry: OutboxEntry, now: datetime) -> OutboxEntry:
    """The Sent-folder copy is done; it never touches the delivery state (A16)."""
    return replace(entry, copy_pending=False, updated_at=now)


# ---------------------------------------------------------------- headers and addresses

HEADER_MAX = 900  # RFC 5322's line limit is 998; leave room for the field name and folding
SUBJECT_MAX = 400
BODY_MAX = 200_000
# C0, DEL, C1 (NEL is a line break to str.splitlines) and the Unicode line separators.
_C0 = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ATEXT = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\-\u0080-\U0010ffff]+$")
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9\-\u0080-\U0010ffff]{1,63}(?<!-)$")
_MSGID = re.compile(r"^<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]{1,200}@[A-Za-z0-9.\-]{1,253}>$")
_TOKEN = re.compile(r"^[A-Za-z0-9.\-]{8,120}$")


def header_text(field: str, value: str, *, limit: int = HEADER_MAX) -> str:
    """A header value typed by the user: CR, LF, NUL and every other C0 control are refused,
    never silently removed, so a pasted injection attempt is seen (F1)."""
    if _C0.search(value):
        raise ValidationError(field, "contains a line break or control character (CR, LF, NUL)")
    text = unicodedata.normalize("NFC", value).strip()
    if len(text) > limit:
        raise ValidationError(field, f"is {len(text):,} characters; the limit is {limit:,}")
    return text


def external_text(value: str, *, limit: int = HEADER_MAX) -> str:
    """Text from outside (an incoming subject, an ICS SUMMARY) made safe to reuse in a
    header: whitespace, including encoded LFs, collapses to single spaces (F2)."""
    text = _C0.sub(" ", unicodedata.normalize("NFC", value))
    return " ".join(text.split())[:limit]


def address(field: str, value: str) -> str:
    """An addr-spec (local@domain), validated by our own rules, NFC-normalised and with the
    domain lower-cased (F3, F4). Display names are separate (`mailbox`)."""
    if _C0.search(value):
        raise ValidationError(field, "contains a line break or control character")
    text = unicodedata.normalize("NFC", value.strip())
    if not text:
        raise ValidationError(field, "no email address")
    local, at, domain = text.rpartition("@")
    problem = ""
    if not at or not local or not domain:
        problem = "needs the form name@example.org"
    elif len(text) > 254 or len(local.encode()) > 64:
        problem = "is too long"
    elif not _ATEXT.match(local) or local.startswith(".") or local.endswith(".") or ".." in local:
        problem = "has characters not allowed before the @"
    elif "." not in domain or not all(_LABEL.match(label) for label in domain.split(".")):
        problem = "has an invalid domain"
    if problem:
        raise ValidationError(field, f"{text!r} {problem}")
    domain = domain.lower()
    try:
        Address(username=local, domain=domain)
    except (ValueError, TypeError) as exc:
        raise ValidationError(field, f"{text!r} is not an email address ({exc})") from None
    return f"{local}@{domain}"


def needs_smtputf8(addr: str) -> bool:
    """A non-ASCII address can only travel to a server that offers SMTPUTF8 (A15)."""
    return not addr.isascii()


def same_address(a: str, b: str) -> bool:
    """Addresses compared the way dedupe and reply matching need: NFC, case-folded (F4)."""
    return bool(a and b) and _key(a) == _key(b)


def _key(addr: str) -> str:
    return unicodedata.normalize("NFC", addr.strip()).casefold()


def message_id_ok(value: str) -> bool:
    """A Message-ID of the conservative shape we generate and are willing to search for."""
    return bool(_MSGID.match(value))


def new_message_id(token: str, domain: str) -> str:
    """`<token@domain>`, from a random token the caller made (so this stays pure)."""
    if not _TOKEN.match(token):
        raise ValidationError("message-id", "token must be 8-120 letters, digits, dots or dashes")
    domain = domain.encode("idna").decode("ascii").lower() if not domain.isascii() else domain
    value = f"<{token}@{domain.lower()}>"
    if not message_id_ok(value):
        raise ValidationError("message-id", f"{domain!r} is not a usable domain")
    return value


def reply_subject(incoming: str) -> str:
    """ "Re: <their subject>", normalised so an encoded LF cannot start a header (F2)."""
    text = external_text(incoming, limit=SUBJECT_MAX)
    return text if text.lower().startswith("re:") else f"Re: {text}".strip()


def mailbox_header(field: str, display_name: str, addr: str) -> Address:
    """A header mailbox from a name and an address, both validated."""
    name = header_text(f"{field} name", display_name, limit=200)
    spec = address(field, addr)
    local, _, domain = spec.rpartition("@")
    try:
        return Address(display_name=name, username=local, domain=domain)
    except (ValueError, TypeError) as exc:
        raise ValidationError(field, str(exc)) from None


def build_message(
    *,
    sender_name: str,
    sender: str,
    to: Sequence[tuple[str, str]],
    subject: str,
    body: str,
    message_id: str,
    date: datetime,
    in_reply_to: str = "",
    references: Sequence[str] = (),
) -> bytes:
    """The bytes of one outgoing message, built only with `EmailMessage` and `policy.SMTP`
    (never compat32 or email.mime, §1.5). Every value is validated first, so bad input
    stops here, before anything is queued."""
    if not to:
        raise ValidationError("to", "no recipient email address")
    recipients = [mailbox_header("to", name, addr) for name, addr in to]
    origin = mailbox_header("from", sender_name, sender)
    subject_text = header_text("subject", subject, limit=SUBJECT_MAX)
    if not subject_text:
        raise ValidationError("subject", "must not be empty")
    if not body.strip():
        raise ValidationError("body", "is empty; write the message first")
    if len(body) > BODY_MAX:
        raise ValidationError("body", f"is {len(body):,} characters; the limit is {BODY_MAX:,}")
    if "\x00" in body:
        raise ValidationError("body", "contains a NUL character")
    if not message_id_ok(message_id):
        raise ValidationError("message-id", f"{message_id!r} is malformed")
    if date.utcoffset() is None:
        raise ValidationError("date", "needs a time zone")
    thread = [r for r in (in_reply_to, *references) if r]
    for ref in thread:
        if not message_id_ok(ref):
            raise ValidationError("in-reply-to", f"{external_text(ref)!r} is not a Message-ID")
    utf8 = any(needs_smtputf8(a.addr_spec) for a in (origin, *recipients))
    msg = EmailMessage(policy=SMTPUTF8 if utf8 else SMTP)
    msg["From"] = origin
    msg["To"] = recipients
    msg["Subject"] = subject_text
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = message_id
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if thread:
        msg["References"] = " ".join(dict.fromkeys(thread))
    msg["MIME-Version"] = "1.0"
    msg.set_content(body.replace("\r\n", "\n").replace("\r", "\n"))
    return msg.as_bytes()


# ---------------------------------------------------------------- accounts


class TlsMode(StrEnum):
    """There is deliberately no plaintext mode (A11)."""

    STARTTLS = "starttls"
    IMPLICIT = "implicit"


_HOST = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9\-.]{0,251}[A-Za-z0-9])?$|^\[[0-9A-Fa-f:.]+\]$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Account:
    """One server login. The password is never part of it (see adapters/mail/secrets.py)."""

    host: str
    port: int
    tls: TlsMode
    user: str
    password_env: str = ""
    password_file: str = ""
    cafile: str = ""  # a certificate (or CA) the user pinned for a self-signed server
    timeout: float = 30.0
    # SMTP only: least seconds between two submissions, because providers rate-limit
    # and a burst looks like spam (reliability.md §4). The next due entry waits.
    min_interval: float = 10.0

    @property
    def label(self) -> str:
        return f"{self.user}@{self.host}:{self.port}"


def account(field: str, values: dict[str, object], *, default_port: dict[TlsMode, int]) -> Account:
    """An `Account` from a config table, each value checked and named on error."""

    def text(key: str, *, required: bool = False) -> str:
        value = values.get(key, "")
        if not isinstance(value, str):
            raise ValidationError(f"{field}.{key}", "must be a string")
        value = header_text(f"{field}.{key}", value, limit=500)
        if required and not value:
            raise ValidationError(f"{field}.{key}", "is required")
        return value

    unknown = set(values) - {
        "host",
        "port",
        "tls",
        "user",
        "password_env",
        "password_file",
        "cafile",
        "timeout",
        "min_interval_seconds",
    }
    if unknown:
        raise ValidationError(f"{field}.{sorted(unknown)[0]}", "is not a known setting")
    host = text("host", required=True)
    if not _HOST.match(host):
        raise ValidationError(f"{field}.host", f"{host!r} is not a host name")
    tls_text = text("tls") or TlsMode.IMPLICIT.value
    try:
        tls = TlsMode(tls_text)
    except ValueError:
        raise ValidationError(
            f"{field}.tls", f"{tls_text!r}: use 'starttls' or 'implicit' (plaintext is not offered)"
        ) from None
    port = values.get("port", default_port[tls])
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        raise ValidationError(f"{field}.port", f"{port!r} is not a port number")
    timeout = values.get("timeout", 30.0)
    if not isinstance(timeout, int | float) or isinstance(timeout, bool) or not 0 < timeout <= 600:
        raise ValidationError(f"{field}.timeout", "must be seconds between 0 and 600")
    interval = values.get("min_interval_seconds", 10.0)
    if (
        not isinstance(interval, int | float)
        or isinstance(interval, bool)
        or not 0 <= interval <= 3600
    ):
        raise ValidationError(f"{field}.min_interval_seconds", "must be seconds between 0 and 3600")
    env = text("password_env")
    if env and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", env):
        raise ValidationError(f"{field}.password_env", f"{env!r} is not an environment variable")
    return Account(
        host=host,
        port=port,
        tls=tls,
        user=text("user", required=True),
        password_env=env,
        password_file=text("password_file"),
        cafile=text("cafile"),
        timeout=float(timeout),
        min_interval=float(interval),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class MailSettings:
    """The `[mail]` part of the config file."""

    smtp: Account | None = None
    imap: Account | None = None
    from_name: str = ""
    from_email: str = ""
    copy_to_sent: bool = True  # Gmail copies to Sent itself: set false there
    eml_dir: str = ""
    watch: tuple[str, ...] = ("INBOX",)


SMTP_PORTS = {TlsMode.STARTTLS: 587, TlsMode.IMPLICIT: 465}
IMAP_PORTS = {TlsMode.STARTTLS: 143, TlsMode.IMPLICIT: 993}


def mail_settings(config: Mapping[str, object]) -> MailSettings:
    """Read and check `[mail]`, `[mail.smtp]` and `[mail.imap]`; errors name the key."""
    section = config.get("mail", {})
    if not isinstance(section, dict):
        raise ValidationError("mail", "must be a table")
    known = {"smtp", "imap", "from_name", "from", "copy_to_sent", "eml_dir"}
    unknown = set(section) - known
    if unknown:
        raise ValidationError(f"mail.{sorted(unknown)[0]}", "is not a known setting")
    smtp = imap = None
    watch: tuple[str, ...] = ("INBOX",)
    if "smtp" in section:
        if not isinstance(section["smtp"], dict):
            raise ValidationError("mail.smtp", "must be a table")
        smtp = account("mail.smtp", dict(section["smtp"]), default_port=SMTP_PORTS)
    if "imap" in section:
        table = section["imap"]
        if not isinstance(table, dict):
            raise ValidationError("mail.imap", "must be a table")
        table = dict(table)
        if "min_interval_seconds" in table:
            raise ValidationError(
                "mail.imap.min_interval_seconds", "throttles sending: put it under [mail.smtp]"
            )
        folders = table.pop("watch", ["INBOX"])
        if not isinstance(folders, list) or not all(isinstance(f, str) for f in folders):
            raise ValidationError("mail.imap.watch", "must be a list of folder names")
        watch = tuple(header_text("mail.imap.watch", f, limit=200) for f in folders) or watch
        imap = account("mail.imap", table, default_port=IMAP_PORTS)
    sender = section.get("from", "")
    name = section.get("from_name", "")
    eml_dir = section.get("eml_dir", "")
    copy = section.get("copy_to_sent", True)
    if not isinstance(sender, str) or not isinstance(name, str) or not isinstance(eml_dir, str):
        raise ValidationError("mail", "from, from_name and eml_dir must be strings")
    if not isinstance(copy, bool):
        raise ValidationError("mail.copy_to_sent", "must be true or false")
    return MailSettings(
        smtp=smtp,
        imap=imap,
        from_name=header_text("mail.from_name", name, limit=200),
        from_email=address("mail.from", sender) if sender else "",
        copy_to_sent=copy,
        eml_dir=header_text("mail.eml_dir", eml_dir, limit=1000),
        watch=watch,
    )
