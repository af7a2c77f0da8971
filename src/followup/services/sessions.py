"""What every web process must know about a browser session, kept in the store: `serve
--workers` processes, and hosts behind a proxy on one PostgreSQL, share nothing else.
Sessions appear only as hashes.

- Sign-outs: a signed session (valid in any process holding the secret) signed out
  anywhere is refused everywhere, and remembered until it would have expired anyway.
- The last invite import of each recent session, for its summary page after a reload,
  a restart or a request served by another process.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from followup.services.deps import Deps

SIGNED_OUT_META = "web.signed_out"
SESSION_LIFETIME = timedelta(days=30)  # a signed session is refused after this anyway
IMPORTS_META = "web.last_imports"
KEEP_SESSIONS = 32  # sessions whose last import is kept


def _key(session: str) -> str:
    return hashlib.sha256(session.encode()).hexdigest()[:32]


def _kept(deps: Deps, meta: str) -> dict[str, Any]:
    raw = deps.store.get_meta(meta)
    try:
        kept = json.loads(raw) if raw else {}
    except ValueError:  # a damaged value loses only what it held (sessions still expire)
        return {}
    return kept if isinstance(kept, dict) else {}


def sign_out(deps: Deps, session: str, now: datetime) -> None:
    """Refuse `session` from now on in every process; forget sessions past their life."""
    cutoff = (now - SESSION_LIFETIME).isoformat()
    with deps.store.transaction():
        kept = {k: at for k, at in _kept(deps, SIGNED_OUT_META).items() if str(at) >= cutoff}
        kept[_key(session)] = now.isoformat()
        deps.store.set_meta(SIGNED_OUT_META, json.dumps(kept))


def signed_out(deps: Deps, session: str) -> bool:
    """Whether `session` was signed out in any process."""
    return _key(session) in _kept(deps, SIGNED_OUT_META)


def last_import(deps: Deps, session: str) -> dict[str, Any] | None:
    """The summary of this session's last invite import, if it is still kept."""
    found = _kept(deps, IMPORTS_META).get(_key(session))
    return found if isinstance(found, dict) else None


def keep_import(deps: Deps, session: str, summary: dict[str, Any]) -> None:
    """Keep `summary` as this session's last import, dropping the oldest sessions."""
    with deps.store.transaction():
        kept = _kept(deps, IMPORTS_META)
        kept.pop(_key(session), None)
        kept[_key(session)] = summary  # the newest last
        while len(kept) > KEEP_SESSIONS:
            kept.pop(next(iter(kept)))
        deps.store.set_meta(IMPORTS_META, json.dumps(kept))
