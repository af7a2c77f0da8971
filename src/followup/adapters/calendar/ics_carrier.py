"""The invite file as bytes: the .eml carrier, the text encoding, and the calendar's shape."""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage

from followup.adapters.calendar.ics_events import reason
from followup.domain.errors import TooLarge, ValidationError
from followup.domain.imports.invite import ReadOptions

_SCAN = 64 * 1024  # bytes looked at to tell an email from a calendar


def is_email(data: bytes, source: str) -> bool:
    if source.lower().endswith(".eml"):
        return True
    head = data[:_SCAN].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:15].upper().startswith(b"BEGIN:VCALENDAR"):
        return False
    return bool(
        re.match(rb"^[A-Za-z][A-Za-z0-9-]*:[ \t]", head)
        and re.search(rb"(?im)^(?:content-type|mime-version|from|subject):", head)
    )


def calendar_in_email(data: bytes, source: str) -> bytes:
    """The first text/calendar part or .ics attachment of an email."""
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        for part in message.walk():
            if part.is_multipart():
                continue
            content_type = part.get_content_type()
            filename = (part.get_filename() or "").lower()
            if content_type in ("text/calendar", "application/ics") or filename.endswith(".ics"):
                payload = part.get_payload(decode=True)
                if isinstance(payload, bytes) and payload.strip():
                    return payload
    except Exception as exc:
        raise ValidationError(source, f"is not a readable email: {reason(exc)}") from None
    raise ValidationError(
        source, "is an email without a calendar invite (no text/calendar part or .ics attachment)"
    )


def decode(data: bytes, source: str, notes: list[str]) -> str:
    if b"\x00" in data[:_SCAN] or data[:4] in (b"\xd0\xcf\x11\xe0", b"PK\x03\x04", b"%PDF"):
        raise ValidationError(source, "is a binary file, not a calendar (.ics) file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    notes.append("the file is not UTF-8; read as Windows-1252")
    return text


def check_shape(text: str, source: str, options: ReadOptions) -> None:
    """Refuse what is not one whole calendar before the parser sees it."""
    begins = len(re.findall(r"(?im)^BEGIN:VCALENDAR\s*$", text))
    if begins == 0:
        raise ValidationError(source, "is not a calendar file (no BEGIN:VCALENDAR)")
    if begins > 1:
        raise ValidationError(
            source,
            f"holds {begins} calendars (BEGIN:VCALENDAR); an invite holds one: "
            "export the single event and import that",
        )
    if not re.search(r"(?im)^END:VCALENDAR\s*$", text):
        raise ValidationError(source, "is cut short: END:VCALENDAR is missing")
    events = len(re.findall(r"(?im)^BEGIN:VEVENT\s*$", text))
    if events == 0:
        raise ValidationError(source, "holds no events (no VEVENT)")
    if events > options.max_events:
        raise TooLarge(
            source,
            f"holds {events:,} events; an invite file may hold {options.max_events:,} "
            "(is it a whole calendar export?)",
        )
