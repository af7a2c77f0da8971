"""`followup doctor`: is this interpreter, TLS setup, database and config fit to send mail?

The email checks are the runtime canary of reliability.md §4: they fail on Python builds
without the CVE-2024-6923 and CVE-2023-27043 fixes, whatever their version number says.
"""

from __future__ import annotations

import email
import email.errors
import email.policy
import email.utils
import inspect
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

from followup.domain.errors import DomainError
from followup.domain.mail.message import external_text

EXPAT_MIN = (2, 4, 1)


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    ok: bool
    detail: str
    warn: bool = False  # ok, but worth the user's attention: shown, does not fail doctor


OUTBOX_QUIET = timedelta(hours=1)


def outbox_check(waiting: int, last_run: datetime | None, now: datetime) -> Check:
    """Scheduled messages need something to run the outbox (cron, a timer, `followup
    serve`, `outbox run --watch`): warn when some wait and no run happened for an hour."""
    name = "outbox: runner"
    if waiting == 0:
        return Check(name, True, "nothing scheduled")
    when = "never" if last_run is None else f"last at {last_run:%Y-%m-%d %H:%M} UTC"
    if last_run is not None and now - last_run <= OUTBOX_QUIET:
        return Check(name, True, f"{waiting} waiting; the outbox ran {when}")
    return Check(
        name,
        True,
        f"{waiting} message(s) waiting, but nothing has run the outbox for an hour (ran "
        f"{when}); run `followup outbox run` from cron, a timer or launchd (docs/mail.md), "
        "or keep `followup serve` or `followup outbox run --watch` running",
        warn=True,
    )


def email_checks() -> list[Check]:
    """The email package's header-injection and address-parsing fixes."""
    checks = [
        Check(
            "email: verify_generated_headers",
            hasattr(email.policy.default, "verify_generated_headers"),
            "CVE-2024-6923 fix (newlines in generated headers are refused)",
        ),
        Check(
            "email: parseaddr strict",
            "strict" in inspect.signature(email.utils.parseaddr).parameters,
            "CVE-2023-27043 fix (spoofed From addresses are not misparsed)",
        ),
    ]
    spoof = email.utils.parseaddr("alice@example.org)<bob@example.org>")
    checks.append(Check("email: spoofed address", spoof == ("", ""), f"parseaddr gives {spoof!r}"))
    checks.append(_encoded_lf_canary())
    return checks


def _encoded_lf_canary() -> Check:
    """Re-serialising a decoded Subject that carried an encoded LF must add no header."""
    incoming = email.message_from_bytes(
        b"Subject: =?UTF-8?Q?Hi=0ABcc:_evil@example.test?=\r\n\r\nx",
        policy=email.policy.default,
    )
    out = EmailMessage(policy=email.policy.SMTP)
    try:
        out["Subject"] = incoming["Subject"]  # the header object, as a naive reply copies it
        raw = out.as_bytes()
    except (ValueError, email.errors.HeaderWriteError) as exc:
        return Check("email: encoded-LF canary", True, f"refused ({type(exc).__name__})")
    injected = b"\nBcc:" in raw or b"\r\nBcc:" in raw
    # Our own builder normalises such text anyway (F2); this reports the interpreter.
    ours = "\n" not in external_text(str(incoming["Subject"]))
    return Check(
        "email: encoded-LF canary",
        not injected and ours,
        "a Bcc header was injected" if injected else "no header injected",
    )


def expat_check() -> Check:
    import pyexpat

    text = pyexpat.EXPAT_VERSION.rpartition("_")[2]
    version = tuple(int(p) for p in text.split(".")[:3] if p.isdigit())
    return Check(
        "xml: expat version",
        version >= EXPAT_MIN,
        f"{pyexpat.EXPAT_VERSION} (>= 2.4.1 limits entity amplification)",
    )


def tls_check() -> Check:
    context = ssl.create_default_context()
    paths = ssl.get_default_verify_paths()
    store = paths.cafile or paths.capath or ""
    ok = context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname and bool(store)
    return Check("tls: certificate verification", ok, f"{ssl.OPENSSL_VERSION}; CA store {store}")


def file_check(name: str, path: Path, *, secret: bool = False) -> Check:
    if not path.exists():
        return Check(name, True, f"{path} (not created yet)")
    mode = path.stat().st_mode & 0o777
    private = not mode & 0o077
    return Check(
        name,
        private or not secret,
        f"{path} mode {mode:o}" + ("" if private else "; run chmod 600 on it"),
    )


def run(
    *,
    database: Path,
    config: Path,
    integrity: Callable[[], str] | None,
    mail: Callable[[], str],
    keyring: Callable[[], str],
) -> list[Check]:
    """Every check; none raises."""
    checks = [*email_checks(), expat_check(), tls_check()]
    checks.append(file_check("database: file", database, secret=True))
    if integrity is not None and database.exists():
        try:
            result = integrity()
            checks.append(Check("database: integrity_check", result == "ok", result))
        except DomainError as exc:
            checks.append(Check("database: integrity_check", False, str(exc)))
    checks.append(file_check("config: file", config))
    try:
        checks.append(Check("config: mail", True, mail()))
    except DomainError as exc:
        checks.append(Check("config: mail", False, str(exc)))
    checks.append(Check("secrets: keyring", True, keyring()))
    return checks
