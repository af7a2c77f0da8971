"""Where mail passwords come from: the OS keyring when it is a real one, else an
environment variable or a 0600 file the config names. Never SQLite, the config file
or a log (reliability.md §1.10).

keyring silently falls back to `keyrings.alt`'s plaintext file, or fails, on a headless
box; both are refused here, so a password is never written in clear by accident.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

from followup.domain.errors import Unavailable, ValidationError
from followup.domain.mail.accounts import Account

SERVICE = "followup"


def keyring_backend() -> tuple[object | None, str]:
    """The keyring backend if it is acceptable, and a one-line description either way."""
    try:
        import keyring
        from keyring.backends import chainer, fail
    except ImportError:  # pragma: no cover - keyring is a dependency
        return None, "keyring is not installed"
    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    members = (
        list(getattr(backend, "backends", []))
        if isinstance(backend, chainer.ChainerBackend)
        else [backend]
    )
    for member in members:
        module = type(member).__module__
        if isinstance(member, fail.Keyring) or module.startswith("keyrings.alt"):
            return None, f"{name} refused (plaintext or failing backend)"
    try:
        priority = float(backend.priority)
    except Exception:
        priority = 0.0
    if not members or priority < 1:
        return None, f"{name} refused (priority {priority:g} < 1: not a real keyring)"
    return backend, f"{name} (priority {priority:g})"


def key(role: str, account: Account) -> str:
    """The keyring user name for an account, e.g. "smtp:ada@smtp.example.org"."""
    return f"{role}:{account.user}@{account.host}"


def password(role: str, account: Account, environ: Mapping[str, str]) -> str:
    """The password for `account`: env var, then file, then keyring; never cached on disk."""
    if account.password_env:
        value = environ.get(account.password_env, "")
        if value:
            return value
    if account.password_file:
        return read_secret_file(Path(account.password_file).expanduser(), f"mail.{role}")
    backend, _ = keyring_backend()
    if backend is not None:
        value = backend.get_password(SERVICE, key(role, account))  # type: ignore[attr-defined]
        if value:
            return str(value)
    hint = (
        f"set {account.password_env}"
        if account.password_env
        else f"set mail.{role}.password_env or mail.{role}.password_file in the config"
    )
    raise Unavailable(f"no password for {account.user} at {account.host}: {hint}")


def read_secret_file(path: Path, field: str) -> str:
    """A secret file must be the user's own and not readable by others."""
    try:
        info = path.stat()
    except OSError as exc:
        raise Unavailable(f"{field}.password_file {path}: {exc.strerror}") from None
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ValidationError(
            f"{field}.password_file", f"{path} is readable by others; run chmod 600 {path}"
        )
    return path.read_text(encoding="utf-8").rstrip("\r\n")


def store_password(role: str, account: Account, secret: str, fallback: Path) -> str:
    """Keep a password: in the keyring if it is real, else in a new 0600 file; says where."""
    backend, _ = keyring_backend()
    if backend is not None:
        backend.set_password(SERVICE, key(role, account), secret)  # type: ignore[attr-defined]
        return "the system keyring"
    fallback.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(fallback, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, secret.encode("utf-8") + b"\n")
    finally:
        os.close(fd)
    return str(fallback)
