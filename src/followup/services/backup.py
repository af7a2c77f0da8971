"""Export everything to JSON, and load it back into an empty database.

"Everything" is the Store's records plus what the NewsStore and the Outbox keep beside
them (docs/backup.md). The web's meta values (the calendar feed token) stay out: a
secret does not belong in a file that gets copied around.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from followup.domain import backup
from followup.domain.errors import Conflict, TooLarge, ValidationError
from followup.ports import NewsStore, Outbox, Store

IMPORT_MAX_BYTES = 200_000_000


def snapshot(store: Store, news: NewsStore, outbox: Outbox) -> backup.Backup:
    """Everything the three ports hold, in a stable order (ids, else natural keys)."""
    seen = outbox.seen_log()
    return backup.Backup(
        records=store.snapshot(),
        feed_states=tuple(news.feed_states()),
        news_items=tuple(sorted(news.list_items(), key=lambda i: i.id or 0)),
        offers=tuple(news.list_offers()),
        outbox=tuple(sorted(outbox.entries(), key=lambda e: e.id or 0)),
        imap_seen=tuple(backup.SeenMail(key=k, seen_at=seen[k]) for k in sorted(seen)),
    )


def export_data(store: Store, news: NewsStore, outbox: Outbox) -> dict[str, Any]:
    """Every record, as JSON-ready data."""
    return backup.to_data(snapshot(store, news, outbox))


def is_empty(store: Store, news: NewsStore, outbox: Outbox) -> bool:
    """Nothing stored in any of the three (an import never merges)."""
    return (
        store.is_empty()
        and not news.feed_states()
        and not news.list_items(limit=1)
        and not news.list_offers()
        and not outbox.seen_log()
        and not outbox.entries()
    )


def restore(store: Store, news: NewsStore, outbox: Outbox, loaded: backup.Backup) -> dict[str, int]:
    """Load a backup into an empty database in one transaction; return the counts."""
    if not is_empty(store, news, outbox):
        raise Conflict(
            "import needs an empty database; set FOLLOWUP_DATABASE to a new file to restore into"
        )
    # On SQLite the three share one connection, so this is one transaction; the memory
    # twins each roll back their own part when anything inside fails.
    with store.transaction(), news.transaction(), outbox.transaction():
        store.restore(loaded.records)
        news.restore(loaded.feed_states, loaded.news_items, loaded.offers)
        outbox.restore(loaded.outbox, {s.key: s.seen_at for s in loaded.imap_seen})
    return backup.counts(loaded)


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write_private(path: Path, text: str) -> None:
    """Write atomically (temp file, fsync, rename) with mode 0600; an old file stays on failure."""
    folder = path.parent if str(path.parent) else Path()
    if path.exists() and not path.is_file():
        # A device, pipe or socket: renaming over it would replace it with a regular file.
        raise ValidationError(str(path), "is not a regular file; give a file path to write")
    if not folder.is_dir():
        raise ValidationError(str(path), f"cannot write: no folder {folder}")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise ValidationError(str(path), f"cannot write: {exc.strerror}") from None
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


def import_file(store: Store, news: NewsStore, outbox: Outbox, path: Path) -> dict[str, int]:
    """Load a JSON backup (version 1 or 2) into an empty database; return how many records
    of each kind. All or nothing: a bad record anywhere writes nothing."""
    try:
        with path.open("rb") as handle:  # bounded: /dev/zero or a pipe has no size
            raw = handle.read(IMPORT_MAX_BYTES + 1)
    except FileNotFoundError:
        raise ValidationError(str(path), "no such file") from None
    except OSError as exc:
        raise ValidationError(str(path), f"cannot read: {exc.strerror}") from None
    return import_bytes(store, news, outbox, raw, str(path))


def import_bytes(
    store: Store, news: NewsStore, outbox: Outbox, raw: bytes, where: str
) -> dict[str, int]:
    """`import_file` on bytes already read (at most IMPORT_MAX_BYTES + 1 of them), e.g. a
    web upload; `where` names them in errors."""
    if len(raw) > IMPORT_MAX_BYTES:
        raise TooLarge(where, f"is larger than the limit of {IMPORT_MAX_BYTES:,} bytes")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValidationError(where, "is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ValidationError(where, f"invalid JSON at line {exc.lineno}: {exc.msg}") from None
    except RecursionError:  # [[[[... a million deep: the parser's stack, not ours
        raise ValidationError(where, "is nested too deeply to read") from None
    try:
        loaded = backup.from_data(data)
    except ValidationError as exc:
        raise ValidationError(f"{where}: {exc.field}", exc.problem) from None
    return restore(store, news, outbox, loaded)
