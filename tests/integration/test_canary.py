"""The runtime canary (reliability.md §4): this interpreter must carry the email-package
fixes, a safe expat and verifying TLS, or the build fails. `followup doctor` runs the
same checks (services/doctor.py)."""

from __future__ import annotations

import email
import email.policy
import ssl
from email.message import EmailMessage

import pytest

from followup.adapters.mail.imap import UnsafeArgumentError, arg
from followup.services import doctor


@pytest.mark.parametrize("check", doctor.email_checks(), ids=lambda c: c.name)
def test_email_package_fixes_present(check: doctor.Check) -> None:
    assert check.ok, (
        f"{check.name}: {check.detail}; use a patched Python (Debian 3.11.2+deb12u6, 3.13)"
    )


def test_encoded_lf_reserialisation_adds_no_header() -> None:
    incoming = email.message_from_bytes(
        b"Subject: =?UTF-8?Q?Hi=0ABcc:_evil@example.test?=\r\n\r\nx",
        policy=email.policy.default,
    )
    out = EmailMessage(policy=email.policy.SMTP)
    out["Subject"] = incoming["Subject"]
    raw = out.as_bytes()
    assert b"\r\nBcc:" not in raw and b"\nBcc:" not in raw


def test_expat_limits_amplification() -> None:
    check = doctor.expat_check()
    assert check.ok, check.detail


def test_default_tls_context_verifies() -> None:
    context = ssl.create_default_context()
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname
    assert doctor.tls_check().ok


@pytest.mark.parametrize("value", ["INBOX\r\nX1 DELETE Keep", "a\nb", "a\x00b", "a\rb"])
def test_our_imap_argument_gate_rejects_crlf_nul(value: str) -> None:
    with pytest.raises(UnsafeArgumentError):
        arg("folder", value)
