"""Personal to team from the web (issue 19): a candidate uploads their personal
`followup export` file into their own account; the same validation, size cap and
all-or-nothing restore as `followup import` (services/backup.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from followup.domain.errors import Refused
from followup.domain.records.team import Role, User

if TYPE_CHECKING:
    from followup.services.team import TeamDirectory


def import_export(team: TeamDirectory, viewer: User, raw: bytes, name: str) -> dict[str, int]:
    """Load `raw` (a `followup export` file) into the viewer's own, empty account; return
    how many records of each kind. Only ever the signed-in candidate's account."""
    from followup.services import backup

    if viewer.role is not Role.CANDIDATE or viewer.account_id is None or viewer.disabled:
        raise Refused("not allowed: only a candidate imports into their own account")
    store = team.store_for(viewer.account_id)
    return backup.import_bytes(store, store.news, store.outbox, raw, name or "the file")
