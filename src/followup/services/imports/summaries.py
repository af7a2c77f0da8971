"""What the last invite import of each web session did, kept in the store's meta table:
it survives a restart and every `serve --workers` process sees it. Sessions appear only as
hashes, and only the latest few are kept."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from followup.services.deps import Deps

IMPORTS_META = "web.last_imports"
KEEP_SESSIONS = 32


def _session_key(session: str) -> str:
    return hashlib.sha256(session.encode()).hexdigest()[:32]


def _kept(deps: Deps) -> dict[str, Any]:
    raw = deps.store.get_meta(IMPORTS_META)
    try:
        kept = json.loads(raw) if raw else {}
    except ValueError:  # a damaged value only loses old summaries
        return {}
    return kept if isinstance(kept, dict) else {}


def last(deps: Deps, session: str) -> dict[str, Any] | None:
    """The summary of this session's last import, if it is still kept."""
    found = _kept(deps).get(_session_key(session))
    return found if isinstance(found, dict) else None


def keep(deps: Deps, session: str, summary: dict[str, Any]) -> None:
    """Keep `summary` as this session's last import, dropping the oldest sessions."""
    with deps.store.transaction():
        kept = _kept(deps)
        kept.pop(_session_key(session), None)
        kept[_session_key(session)] = summary  # the newest last
        while len(kept) > KEEP_SESSIONS:
            kept.pop(next(iter(kept)))
        deps.store.set_meta(IMPORTS_META, json.dumps(kept))
