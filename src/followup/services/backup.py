"""Export everything to JSON, and load it back into an empty database."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from followup.domain import backup
from followup.domain.errors import Conflict, TooLarge, ValidationError
from followup.ports import Store

IMPORT_MAX_BYTES = 200_000_000


def export_data(store: Store) -> dict[str, Any]:
    """Every record, as JSON-ready data."""
    return backup.to_data(store.snapshot())


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write_private(path: Path, text: str) -> None:
    """Write atomically (temp file, fsync, rename) with mode 0600; an old file stays on failure."""
    folder = path.parent if str(path.parent) else Path()
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).chmod(0o600)
        Path(tmp).replace(path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ValidationError(str(path), f"cannot write: {exc.strerror}") from None


def import_file(store: Store, path: Path) -> dict[str, int]:
    """Load a JSON backup into an empty database; return how many records of each kind."""
    try:
        if path.stat().st_size > IMPORT_MAX_BYTES:
            raise TooLarge(str(path), f"is larger than {IMPORT_MAX_BYTES:,} bytes")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ValidationError(str(path), "no such file") from None
    except OSError as exc:
        raise ValidationError(str(path), f"cannot read: {exc.strerror}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValidationError(str(path), "is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ValidationError(str(path), f"invalid JSON at line {exc.lineno}: {exc.msg}") from None
    try:
        snapshot = backup.from_data(data)
    except ValidationError as exc:
        raise ValidationError(f"{path}: {exc.field}", exc.problem) from None
    if not store.is_empty():
        raise Conflict(
            "import needs an empty database; set FOLLOWUP_DATABASE to a new file to restore into"
        )
    store.restore(snapshot)
    return {
        "companies": len(snapshot.companies),
        "contacts": len(snapshot.contacts),
        "applications": len(snapshot.applications),
        "interviews": len(snapshot.interviews),
        "followups": len(snapshot.followups),
        "messages": len(snapshot.messages),
    }
