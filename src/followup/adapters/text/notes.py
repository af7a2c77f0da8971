"""Where `followup lint` reads a note: a file, or standard input for "-".

`FileNotes` reads the file system and the process's standard input; `MemoryNotes` is
its twin over a dict of names to bytes, with the same errors.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from followup.domain.errors import TooLarge, ValidationError


def _too_large(name: str, data: bytes, limit: int) -> bytes:
    if len(data) > limit:
        raise TooLarge(
            name if name != "-" else "stdin",
            f"is over {limit:,} bytes; a follow-up note is a few hundred words",
        )
    return data


class FileNotes:
    """A file by its path, or standard input for "-"; reads at most `limit` + 1 bytes."""

    def __init__(self, stdin: BinaryIO | None = None) -> None:
        self._stdin = stdin

    def read(self, name: str, limit: int) -> bytes:
        if name == "-":
            stream = self._stdin if self._stdin is not None else sys.stdin.buffer
            return _too_large(name, stream.read(limit + 1), limit)
        try:
            with Path(name).open("rb") as handle:
                data = handle.read(limit + 1)
        except FileNotFoundError:
            raise ValidationError(name, "no such file") from None
        except IsADirectoryError:
            raise ValidationError(name, "is a folder, not a file") from None
        except OSError as exc:
            raise ValidationError(name, f"cannot read it: {exc.strerror}") from None
        return _too_large(name, data, limit)


class MemoryNotes:
    """Notes held in memory by name ("-" included): the in-memory twin."""

    def __init__(self, notes: Mapping[str, bytes] | None = None) -> None:
        self.notes = dict(notes or {})

    def read(self, name: str, limit: int) -> bytes:
        if name not in self.notes:
            raise ValidationError(name, "no such file")
        return _too_large(name, self.notes[name][: limit + 1], limit)
