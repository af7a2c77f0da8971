"""Headers, addresses and Message-IDs of outgoing mail, and the message bytes themselves.

A header value that reaches the outbox has to be safe whatever the Python build
(reliability.md §1.5, F1–F4), so every value is checked here before it is used.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP, SMTPUTF8
from email.utils import format_datetime

from followup.domain.errors import ValidationError

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
