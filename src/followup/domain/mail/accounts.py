"""Mail accounts and the `[mail]` settings: where to submit, where to look for replies."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from followup.domain.errors import ValidationError
from followup.domain.mail.message import address, header_text


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
