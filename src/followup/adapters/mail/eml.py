"""Mail as files: `.eml` written atomically, and exported mail (mbox, .eml folders) read
for offline reply detection.

A written file appears whole or not at all: temp file in the same folder, fsync,
`os.replace`, then fsync of the folder. Names come from the Message-ID through a strict
allow-list, so a hostile id cannot climb out of the folder (F8). Files are 0600.
"""

from __future__ import annotations

import mailbox
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from followup.domain.errors import Unavailable, ValidationError
from followup.domain.mail.outbox import Attempt, Outcome, Phase
from followup.domain.mail.replies import IncomingMail, parse_incoming

MESSAGE_MAX = 25 * 1024 * 1024  # one mail; bigger ones are skipped when reading
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(message_id: str, *, suffix: str = ".eml") -> str:
    """A file name from a Message-ID: ASCII letters, digits, dot, dash, underscore only."""
    text = unicodedata.normalize("NFKC", message_id).strip("<> ")
    text = _UNSAFE_NAME.sub("_", text).strip("._-")[:120]
    if not text:
        raise ValidationError("message-id", "gives an empty file name")
    return text + suffix


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` all-or-nothing, mode 0600 (reliability.md C4)."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".part")
    except OSError as exc:
        raise Unavailable(f"cannot write in {folder}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).chmod(0o600)
        Path(tmp).replace(path)
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise Unavailable(f"cannot write {path}: {exc.strerror}; nothing was written") from None


class EmlFolder:
    """The DraftsFolder port as a folder of .eml files, one per Message-ID."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def save_draft(self, message_id: str, raw: bytes) -> Attempt:
        path = self.folder / safe_name(message_id)
        # Same id, same name: writing again replaces the file, so a retry cannot duplicate.
        try:
            write_atomic(path, raw)
        except Unavailable as exc:
            return Attempt(outcome=Outcome.PERMANENT, phase=Phase.DATA, detail=str(exc))
        return Attempt(
            outcome=Outcome.DELIVERED, phase=Phase.DATA, detail="written", location=str(path)
        )


def read_eml_dir(folder: Path) -> Iterator[IncomingMail]:
    """Every *.eml file directly in `folder`, headers parsed safely (B9)."""
    if not folder.is_dir():
        raise ValidationError("--eml", f"{folder} is not a folder")
    for path in sorted(folder.glob("*.eml")):
        if not path.is_file() or path.is_symlink():
            continue
        size = path.stat().st_size
        if size > MESSAGE_MAX:
            yield IncomingMail(source=f"eml:{path.name}", problems=("too large; skipped",))
            continue
        yield parse_incoming(path.read_bytes(), f"eml:{path.name}")


def read_mbox(path: Path) -> Iterator[IncomingMail]:
    """Every message of an mbox file, read-only, in file order."""
    if not path.is_file():
        raise ValidationError("--mbox", f"{path} is not a file")
    box = mailbox.mbox(path, create=False)
    try:
        for index, key in enumerate(box.keys()):
            try:
                raw = box.get_bytes(key)
            except (OSError, KeyError, ValueError) as exc:
                problem = f"unreadable: {type(exc).__name__}"
                yield IncomingMail(source=f"mbox:{path.name}:{index}", problems=(problem,))
                continue
            if len(raw) > MESSAGE_MAX:
                source = f"mbox:{path.name}:{index}"
                yield IncomingMail(source=source, problems=("too large; skipped",))
                continue
            mail = parse_incoming(raw, f"mbox:{path.name}:{index}")
            # Positions shift when an mbox is edited: key mbox mails by Message-ID if any.
            if mail.message_id:
                mail = _with_source(mail, f"msgid:{mail.message_id}")
            yield mail
    finally:
        box.close()


def _with_source(mail: IncomingMail, source: str) -> IncomingMail:
    from dataclasses import replace

    return replace(mail, source=source)
