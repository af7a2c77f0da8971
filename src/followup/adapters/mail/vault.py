"""Sealing a candidate's own mail password for storage in team mode (issue 19 §3): Fernet
(AES-128-CBC with an HMAC) under the server's key, so a database dump or backup never
holds a usable password. The key is `FOLLOWUP_MAIL_KEY` (give every host and worker the
same one), else a key file in the data folder, created 0600 on first use."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from followup.domain.errors import Unavailable, ValidationError

KEY_ENV = "FOLLOWUP_MAIL_KEY"
KEY_FILE = "mail.key"


class FernetVault:
    """Seals and opens secrets with one Fernet key."""

    def __init__(self, key: bytes) -> None:
        from cryptography.fernet import Fernet

        try:
            self._fernet = Fernet(key)
        except ValueError:
            raise ValidationError(
                KEY_ENV, "is not a Fernet key (32 bytes, url-safe base64)"
            ) from None

    def seal(self, secret: str) -> str:
        return self._fernet.encrypt(secret.encode()).decode()

    def open(self, sealed: str) -> str:
        from cryptography.fernet import InvalidToken

        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except (InvalidToken, ValueError):
            raise Unavailable(
                f"a stored mail password cannot be opened with this server's key ({KEY_ENV}); "
                "set the password again"
            ) from None


def vault_for(home: Path, environ: Mapping[str, str]) -> FernetVault:
    """The server's vault: the key from the environment, else the data folder's key file."""
    given = environ.get(KEY_ENV, "")
    if given:
        return FernetVault(given.encode())
    path = home / KEY_FILE
    if not path.exists():
        from cryptography.fernet import Fernet

        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            pass
        else:
            with os.fdopen(fd, "wb") as out:
                out.write(Fernet.generate_key())
    return FernetVault(path.read_bytes().strip())
