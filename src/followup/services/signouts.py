"""Sign-outs every web process sees: `serve --workers` processes, and hosts behind a proxy
on one PostgreSQL, share nothing but the store. A signed session (valid in any process
that holds the secret) that was signed out anywhere is kept here, as a hash, until it
would have expired anyway."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followup.services.deps import Deps

SIGNED_OUT_META = "web.signed_out"
SESSION_LIFETIME = timedelta(days=30)  # a signed session is refused after this anyway


def _key(session: str) -> str:
    return hashlib.sha256(session.encode()).hexdigest()[:32]


def _kept(deps: Deps) -> dict[str, str]:
    raw = deps.store.get_meta(SIGNED_OUT_META)
    try:
        kept = json.loads(raw) if raw else {}
    except ValueError:  # a damaged value: start a new list (sessions still expire)
        return {}
    return {str(k): str(v) for k, v in kept.items()} if isinstance(kept, dict) else {}


def revoke(deps: Deps, session: str, now: datetime) -> None:
    """Refuse `session` from now on in every process; forget sessions past their life."""
    cutoff = (now - SESSION_LIFETIME).isoformat()
    with deps.store.transaction():
        kept = {k: at for k, at in _kept(deps).items() if at >= cutoff}
        kept[_key(session)] = now.isoformat()
        deps.store.set_meta(SIGNED_OUT_META, json.dumps(kept))


def revoked(deps: Deps, session: str) -> bool:
    """Whether `session` was signed out in any process."""
    return _key(session) in _kept(deps)
