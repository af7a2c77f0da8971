"""Replies: reading an incoming mail's headers safely and deciding whether it answers us.

Matching uses In-Reply-To/References carrying our own Message-IDs first; the From
address is used only when the header parsed without defects, because a spoofed
`alice@example.org)<bob@example.org>` is read as alice on unpatched Pythons (B10,
CVE-2023-27043). Every header is normalised before it is kept (F2).
"""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from email.errors import HeaderParseError, MessageError
from email.utils import parsedate_to_datetime

from followup.domain.mail.message import external_text, message_id_ok, same_address

_ANGLE = re.compile(r"<[^<>\s]{1,400}>")
_HEADERS_MAX = 64_000  # headers beyond this are not worth reading
_TEXT_MAX = 8_000  # a reply's own words come first; quoted history after is not needed


@dataclass(frozen=True, slots=True, kw_only=True)
class IncomingMail:
    """The parts of an incoming mail that reply detection needs, already made safe."""

    source: str  # where it was found: "imap:INBOX:<uidvalidity>:<uid>", "mbox:NAME:3", "eml:NAME"
    message_id: str = ""  # "" when missing or not of a safe shape
    in_reply_to: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    sender: str = ""  # "" unless the From header parsed cleanly to one address
    subject: str = ""
    date: datetime | None = None
    problems: tuple[str, ...] = ()
    text: str = ""  # the start of the plain-text body, for stop requests (CAD-007)


@dataclass(frozen=True, slots=True, kw_only=True)
class Match:
    """Why an incoming mail counts as a reply, and to what."""

    contact_id: int
    followup_id: int | None
    our_message_id: str  # "" when matched by sender only
    reason: str


def parse_incoming(raw: bytes, source: str) -> IncomingMail:
    """Read headers with `policy.default`; a malformed mail yields problems, never a crash (B9)."""
    problems: list[str] = []
    try:
        msg = email.message_from_bytes(raw[:_HEADERS_MAX], policy=email.policy.default)
    except (MessageError, ValueError, TypeError, IndexError) as exc:  # pragma: no cover - defensive
        return IncomingMail(source=source, problems=(f"unreadable: {type(exc).__name__}",))

    def header(name: str) -> str:
        try:
            value = msg.get(name)
        except (HeaderParseError, ValueError, TypeError, IndexError, AttributeError):
            problems.append(f"unparseable {name}")
            return ""
        return "" if value is None else str(value)

    message_id = ""
    own = _ids(header("Message-ID"))
    if own:
        message_id = own[0]
    elif header("Message-ID"):
        problems.append("unsearchable Message-ID")
    in_reply_to = _ids(header("In-Reply-To"))
    references = _ids(header("References"))
    sender = ""
    try:
        from_header = msg.get("From")
        addresses = getattr(from_header, "addresses", ())
        defects = getattr(from_header, "defects", ())
        if from_header is not None and (defects or len(addresses) != 1):
            problems.append("From header is malformed; not used for matching")
        elif addresses:
            sender = addresses[0].addr_spec
    except (HeaderParseError, ValueError, TypeError, IndexError, AttributeError):
        problems.append("unparseable From")
    date = None
    date_text = header("Date")
    if date_text:
        try:
            date = parsedate_to_datetime(date_text)
        except (TypeError, ValueError, IndexError):
            problems.append("unparseable Date")
        if date is not None and date.utcoffset() is None:
            date = None
            problems.append("Date without a time zone")
    problems.extend(sorted({type(d).__name__ for d in msg.defects}))
    return IncomingMail(
        text=_plain_text(msg),
        source=source,
        message_id=message_id,
        in_reply_to=in_reply_to,
        references=references,
        sender=external_text(sender, limit=254) if "@" in sender else "",
        subject=external_text(header("Subject")),
        date=date,
        problems=tuple(problems),
    )


def _plain_text(msg: email.message.Message) -> str:
    """The start of the plain-text body, or "" when there is none or it cannot be read."""
    try:
        part = msg.get_body(preferencelist=("plain",))  # type: ignore[attr-defined]
        text = part.get_content() if part is not None else ""
    except (HeaderParseError, MessageError, LookupError, ValueError, TypeError, AttributeError):
        return ""
    # Kept line by line: the detector skips quoted ("> ") lines. Never put in a header.
    return str(text)[:_TEXT_MAX]


def _ids(value: str) -> tuple[str, ...]:
    """The Message-IDs of safe shape in a header value; anything else is dropped."""
    found = [m for m in _ANGLE.findall(value) if message_id_ok(m)]
    return tuple(dict.fromkeys(found))


def match(
    mail: IncomingMail,
    *,
    ours: Mapping[str, tuple[int, int | None]],
    awaiting: Mapping[str, tuple[int, int | None]],
    exclude_senders: Collection[str] = (),
) -> Match | None:
    """Decide whether `mail` replies to us.

    `ours` maps our sent Message-IDs to (contact_id, followup_id); `awaiting` maps the
    addresses of contacts we wrote to (or owe) to the same pair. Threading headers
    win; the sender is a fallback (CAD-007: any reply from them resets the clock).
    """
    if any(same_address(mail.sender, mine) for mine in exclude_senders):
        return None
    for ref in (*mail.in_reply_to, *reversed(mail.references)):
        if ref in ours:
            contact_id, followup_id = ours[ref]
            return Match(
                contact_id=contact_id,
                followup_id=followup_id,
                our_message_id=ref,
                reason=f"In-Reply-To/References {ref}",
            )
    if mail.sender:
        for addr, (contact_id, followup_id) in awaiting.items():
            if same_address(mail.sender, addr):
                return Match(
                    contact_id=contact_id,
                    followup_id=followup_id,
                    our_message_id="",
                    reason="from a contact we wrote to",
                )
    return None
