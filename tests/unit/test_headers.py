"""Header and address safety (reliability.md §1.5, §3 F1–F4), whatever the Python build."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.adapters.mail.eml import safe_name
from followup.domain.errors import ValidationError
from followup.domain.mail.message import (
    address,
    build_message,
    external_text,
    header_text,
    message_id_ok,
    needs_smtputf8,
    new_message_id,
    reply_subject,
    same_address,
)
from followup.domain.mail.replies import parse_incoming

MID = "<0123456789abcdef@example.org>"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def build(**changes: object) -> bytes:
    values: dict[str, object] = {
        "sender_name": "Ada Lovelace",
        "sender": "ada@example.org",
        "to": [("Bob Smith", "bob@example.org")],
        "subject": "Thank you",
        "body": "Thanks for today.",
        "message_id": MID,
        "date": NOW,
    }
    values.update(changes)
    return build_message(**values)  # type: ignore[arg-type]


def headers(raw: bytes) -> list[tuple[str, str]]:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    return [(k.lower(), str(v)) for k, v in msg.items()]


HOSTILE = [
    "Hi\nBcc: x@evil.test",
    "Hi\r\nBcc: x@evil.test",
    "Hi\n",
    "Hi\x00",
    "Hi\n Bcc: x",
    "Hi\rX",
    "Hi\x1b[31m",
    "Hi\x0bthere",
]


# F1 -------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("field", ["subject", "sender_name", "to_name"])
def test_control_characters_are_refused_with_the_field_named(field: str, value: str) -> None:
    change: dict[str, object] = (
        {"to": [(value, "bob@example.org")]} if field == "to_name" else {field: value}
    )
    with pytest.raises(ValidationError) as caught:
        build(**change)
    assert caught.value.field.split()[0] in ("subject", "from", "to")


@given(st.text(min_size=1, max_size=60))
def test_any_subject_either_refused_or_exactly_one_header(subject: str) -> None:
    try:
        raw = build(subject=subject)
    except ValidationError:
        assert any(ord(c) < 32 or 127 <= ord(c) <= 159 or c in "\u2028\u2029" for c in subject) or (
            not subject.strip()
        )
        return
    names = [k for k, _ in headers(raw)]
    assert names.count("subject") == 1 and "bcc" not in names
    assert b"\r\n\r\n" in raw and raw.index(b"\r\n\r\n") > raw.index(b"Subject:")


def test_messages_use_policy_smtp_crlf_and_our_message_id() -> None:
    raw = build()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert dict(headers(raw))["message-id"] == MID


# F2 -------------------------------------------------------------------------------------

INCOMING = (
    b"From: Bob <bob@example.org>\r\n"
    b"Subject: =?UTF-8?Q?Interview=0ABcc:_victim@evil.test?=\r\n"
    b"Message-ID: <r1@example.org>\r\n\r\nhello\r\n"
)


def test_reply_to_an_encoded_lf_subject_injects_nothing() -> None:
    incoming = parse_incoming(INCOMING, "test")
    assert "\n" not in incoming.subject
    raw = build(subject=reply_subject(incoming.subject), in_reply_to="<r1@example.org>")
    names = [k for k, _ in headers(raw)]
    assert "bcc" not in names and names.count("subject") == 1
    assert dict(headers(raw))["subject"] == "Re: Interview Bcc: victim@evil.test"


@given(st.text(max_size=80))
def test_external_text_is_always_one_safe_line(value: str) -> None:
    text = external_text(value)
    assert header_text("subject", text) == text or len(text) > 900
    assert text == text.strip() and "  " not in text


# F3 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "b@example.test>\r\nRCPT TO:<evil@x.test",
        "bob@example.org\n",
        "bob@exa mple.org",
        "bob",
        "@example.org",
        "bob@",
        "bob@localhost",
        "a..b@example.org",
        "<bob@example.org>",
        "bob@example.org,eve@x.org",
        "bob\x00@example.org",
        "b(c)@example.org",
        "x" * 65 + "@a.org",
    ],
)
def test_bad_envelope_addresses_are_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        address("to", value)


def test_addresses_are_normalised() -> None:
    assert address("to", "  Bob@Example.ORG ") == "Bob@example.org"


# F4 -------------------------------------------------------------------------------------


def test_nfc_and_nfd_addresses_are_the_same_person() -> None:
    nfd, nfc = "jose\u0301@example.org", "jos\u00e9@example.org"
    assert nfd != nfc
    assert address("to", nfd) == nfc
    assert same_address(nfd, nfc) and same_address("BOB@example.org", "bob@EXAMPLE.org")
    assert needs_smtputf8(nfc) and not needs_smtputf8("bob@example.org")


def test_unicode_subjects_and_names_round_trip() -> None:
    raw = build(subject="面接のお礼 🙏", to=[("Zoë Ångström", "zoe@example.org")])
    parsed = dict(headers(raw))
    assert parsed["subject"] == "面接のお礼 🙏" and "Zoë Ångström" in parsed["to"]
    assert raw.isascii()  # encoded words: no SMTPUTF8 needed for names and subjects


def test_non_ascii_address_uses_smtputf8_policy() -> None:
    raw = build(to=[("Jürgen", "jürgen@example.de")])
    assert "jürgen@example.de" in raw.decode("utf-8")


def test_file_names_lose_bidi_controls_and_path_parts() -> None:
    name = safe_name("<..\u202e/../etc/passwd\x00@evil>")
    assert "/" not in name and "\u202e" not in name and not name.startswith(".")
    assert name.endswith(".eml") and name.isascii()


# Message-IDs ----------------------------------------------------------------------------


def test_message_ids_are_generated_in_a_safe_shape() -> None:
    mid = new_message_id("0123456789abcdef", "example.org")
    assert mid == "<0123456789abcdef@example.org>" and message_id_ok(mid)
    with pytest.raises(ValidationError):
        new_message_id("bad token\r\n", "example.org")
    assert not message_id_ok('<a"b@x>\r\nX DELETE Keep')
    assert new_message_id("0123456789abcdef", "bücher.de").endswith("@xn--bcher-kva.de>")


def test_empty_body_and_missing_recipient_are_named() -> None:
    with pytest.raises(ValidationError, match="body"):
        build(body="  \n ")
    with pytest.raises(ValidationError, match="to"):
        build(to=[])
