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
from typing import TYPE_CHECKING

from followup.domain.errors import DomainError
from followup.domain.mail.message import external_text

if TYPE_CHECKING:
    from followup.services.deps import Deps

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
    version = tuple(int(p) for p in text.split(".")[:3] if p.isascii() and p.isdigit())
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


def recovery_steps(database: Path) -> str:
    """What to do about a corrupt database file, in order, without losing what is left."""
    return (
        f"recovery: 1) copy {database.name} and any -wal/-shm beside it to a safe place; "
        f"2) sqlite3 {database} .recover | sqlite3 recovered.db; "
        "3) FOLLOWUP_DATABASE=recovered.db followup doctor, then followup export -o backup.json; "
        "or import your last backup (followup import BACKUP.json) into a new FOLLOWUP_DATABASE"
    )


def repair_plans(deps: Deps) -> int:
    """Re-plan every open application; how many follow-ups had to be created."""
    from followup.services.timing import planning

    now = deps.clock.now()
    created = 0
    for application in deps.store.applications.list():
        if application.id is not None and application.stage.is_open:
            created += planning.replan(deps, now, application.id).created
    return created


def plan_check(repair: Callable[[], int]) -> Check:
    """Every record's follow-ups are planned: `repair` re-plans each application and
    returns how many follow-ups were missing or out of date (a crash between a record
    and its plan, from before they shared a transaction)."""
    try:
        fixed = repair()
    except DomainError as exc:
        return Check("database: plan", False, str(exc))
    if fixed:
        return Check("database: plan", True, f"fixed: planned {fixed} missing follow-up(s)")
    return Check("database: plan", True, "every record's follow-ups are planned")


def server_checks(where: str, pending: list[str]) -> list[Check]:
    """A PostgreSQL database: where it is (no password), and its migrations."""
    checks = [Check("database: server", True, where)]
    if pending:
        detail = f"{len(pending)} pending ({', '.join(pending)}); run `followup db migrate`"
        checks.append(Check("database: migrations", False, detail))
    else:
        checks.append(Check("database: migrations", True, "up to date"))
    return checks


def run(
    *,
    database: Path,
    config: Path,
    integrity: Callable[[], str] | None,
    mail: Callable[[], str],
    keyring: Callable[[], str],
    server: Callable[[], list[Check]] | None = None,
) -> list[Check]:
    """Every check; none raises. With `server` (PostgreSQL), its checks replace the
    database file's: there is no file to look at."""
    checks = [*email_checks(), expat_check(), tls_check()]
    if server is not None:
        try:
            checks += server()
        except DomainError as exc:
            checks.append(Check("database: server", False, str(exc)))
    else:
        checks.append(file_check("database: file", database, secret=True))
    if server is None and integrity is not None and database.exists():
        try:
            result = integrity()
        except DomainError as exc:
            result = str(exc)
        if result != "ok":
            result = f"{result}; {recovery_steps(database)}"
        checks.append(Check("database: integrity_check", result == "ok", result))
    checks.append(file_check("config: file", config))
    try:
        checks.append(Check("config: mail", True, mail()))
    except DomainError as exc:
        checks.append(Check("config: mail", False, str(exc)))
    checks.append(Check("secrets: keyring", True, keyring()))
    return checks
