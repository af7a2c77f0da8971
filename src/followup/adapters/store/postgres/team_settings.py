"""Team mode's institution settings and coaches' draft comments on PostgreSQL (issue 19).

A mixin of `PostgresTeam`: the organisation's settings are directory rows (no row-level
security); a candidate's own overrides and the comments on their drafts sit behind that
candidate's account wall, so each is read and written in their transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from psycopg.types.json import Jsonb

from followup.domain.errors import NotFound, Unavailable

if TYPE_CHECKING:
    from followup.adapters.store.postgres.database import PostgresDatabase
    from followup.domain.records.team import User


class TeamSettingsTables:
    """The organisation's settings, candidates' overrides and draft comments."""

    db: PostgresDatabase

    # --- the organisation's settings --------------------------------------------------------
    def org_settings(self) -> list[tuple[str, Any, bool]]:
        """Every organisation setting: its key, its JSON value, and whether a candidate
        may override it."""
        with self.db.transaction(None) as conn:
            rows = conn.execute(
                "SELECT key, value, overridable FROM org_settings ORDER BY key"
            ).fetchall()
        return [(str(r[0]), r[1], bool(r[2])) for r in rows]

    def set_org_setting(self, key: str, value: Any, overridable: bool, now: datetime) -> None:
        with self.db.transaction(None) as conn:
            org = conn.execute("SELECT id FROM organisations ORDER BY id LIMIT 1").fetchone()
            if org is None:
                raise Unavailable("no organisation yet: run `followup team init` first")
            conn.execute(
                "INSERT INTO org_settings (org_id, key, value, overridable, updated_at)"
                " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (org_id, key) DO UPDATE"
                " SET value = excluded.value, overridable = excluded.overridable,"
                " updated_at = excluded.updated_at",
                (org[0], key, Jsonb(value), overridable, now),
            )

    def drop_org_setting(self, key: str) -> None:
        with self.db.transaction(None) as conn:
            if conn.execute("DELETE FROM org_settings WHERE key = %s", (key,)).rowcount == 0:
                raise NotFound("setting", key)

    # --- a candidate's own overrides (their data) -------------------------------------------
    def candidate_settings(self, account_id: int) -> dict[str, Any]:
        with self.db.transaction(account_id) as conn:
            rows = conn.execute(
                "SELECT key, value FROM candidate_settings WHERE account_id = %s",
                (account_id,),
            ).fetchall()
        return {str(r[0]): r[1] for r in rows}

    def settings_of(self, account_id: int) -> tuple[list[tuple[str, Any, bool]], dict[str, Any]]:
        """The organisation's settings and the candidate's overrides, in one transaction."""
        with self.db.transaction(account_id) as conn:
            org = conn.execute(
                "SELECT key, value, overridable FROM org_settings ORDER BY key"
            ).fetchall()
            own = conn.execute(
                "SELECT key, value FROM candidate_settings WHERE account_id = %s",
                (account_id,),
            ).fetchall()
        return [(str(r[0]), r[1], bool(r[2])) for r in org], {str(r[0]): r[1] for r in own}

    def set_candidate_setting(self, account_id: int, key: str, value: Any, now: datetime) -> None:
        with self.db.transaction(account_id) as conn:
            conn.execute(
                "INSERT INTO candidate_settings (account_id, key, value, updated_at)"
                " VALUES (%s, %s, %s, %s) ON CONFLICT (account_id, key) DO UPDATE"
                " SET value = excluded.value, updated_at = excluded.updated_at",
                (account_id, key, Jsonb(value), now),
            )

    def drop_candidate_setting(self, account_id: int, key: str) -> None:
        with self.db.transaction(account_id) as conn:
            conn.execute(
                "DELETE FROM candidate_settings WHERE account_id = %s AND key = %s",
                (account_id, key),
            )

    # --- comments on shared drafts (the candidate's data) -----------------------------------
    def add_comment(
        self, account_id: int, followup_id: int, author: User, body: str, now: datetime
    ) -> int:
        with self.db.transaction(account_id) as conn:
            row = conn.execute(
                "INSERT INTO draft_comments (account_id, followup_id, author_id, author, body,"
                " at) VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
                (account_id, followup_id, author.id, author.email, body, now),
            ).fetchone()
        assert row is not None
        return int(row[0])

    def comments(
        self, account_id: int, followup_ids: Sequence[int] | None = None
    ) -> list[tuple[int, int, str, str, datetime]]:
        """(id, followup id, author, body, at) of the account's comments, oldest first;
        only those on `followup_ids` when given."""
        sql = "SELECT id, followup_id, author, body, at FROM draft_comments WHERE account_id = %s"
        args: list[Any] = [account_id]
        if followup_ids is not None:
            sql += " AND followup_id = ANY(%s)"
            args.append(list(followup_ids))
        with self.db.transaction(account_id) as conn:
            rows = conn.execute(sql + " ORDER BY id", args).fetchall()
        return [(int(r[0]), int(r[1]), str(r[2]), str(r[3]), r[4]) for r in rows]
