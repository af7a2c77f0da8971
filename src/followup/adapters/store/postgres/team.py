"""Team mode's directory on PostgreSQL (issue 19): the organisation, users, sessions,
API tokens, sign-in failures, the audit log, and the caseload's per-candidate figures.

The directory tables hold no candidate records and have no row-level security. Whatever
touches a candidate's records (the audit log, drafts) runs in that candidate's
account wall; the caseload reads many walls at once only as migration 0015's policy allows
(the coach's own candidates, read-only): a coach's reads never use a bypass role.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import psycopg

from followup.adapters.store.postgres.database import PostgresDatabase
from followup.adapters.store.postgres.store import PostgresStore
from followup.adapters.store.postgres.team_settings import TeamSettingsTables
from followup.domain.errors import Conflict, NotFound, Unavailable
from followup.domain.records.stamps import to_text
from followup.domain.records.team import STALLED_DAYS, CaseloadRow, Role, User

_USER = "SELECT id, email, role, name, coach_id, account_id, disabled, sharing FROM team_users"
_OPEN_STAGES = ("applied", "screening", "interviewing")

# A coach's caseload figures, every candidate at once, per account_id. Run in the coach's
# read-only caseload transaction (migration 0015's `coach_caseload` policy): the database
# lets it see only the coach's enabled candidates' rows, whatever @FILTER@ says. @FILTER@
# is the application's own filter (the same accounts) that lets the planner use indexes.
# %(now)s is the instant as stored text, %(today)s and %(week)s ISO dates. Only summary
# columns are named: stage, dates, kinds, statuses, contacts; never subjects, bodies, notes.
_CASELOAD = """
WITH interview_dates AS (
    SELECT i.account_id, i.application_id, max(i.decision_by) AS decision_by,
           max(i."end") AS last_end
    FROM interviews i WHERE @FILTER_I@ GROUP BY i.account_id, i.application_id
), message_dates AS (
    SELECT m.account_id, m.application_id, max(m.at) AS last_at
    FROM messages m WHERE @FILTER_M@ AND m.application_id IS NOT NULL
    GROUP BY m.account_id, m.application_id
), app_figures AS (
    -- stalled: open, older than STALLED_DAYS, and no message or interview since
    SELECT a.account_id, count(*) AS apps,
        count(*) FILTER (WHERE a.stage = ANY(%(open)s)
            AND COALESCE(a.decision_by, i.decision_by) < %(today)s) AS waiting,
        count(*) FILTER (WHERE a.stage = 'offer'
            AND COALESCE(a.decision_by, i.decision_by) >= %(today)s
            AND COALESCE(a.decision_by, i.decision_by) < %(week)s) AS offers,
        count(*) FILTER (WHERE a.stage = ANY(%(open)s) AND a.created_at < %(quiet)s
            AND COALESCE(m.last_at, '') < %(quiet)s
            AND COALESCE(i.last_end, '') < %(quiet)s) AS stalled
    FROM applications a
    LEFT JOIN interview_dates i ON i.account_id = a.account_id AND i.application_id = a.id
    LEFT JOIN message_dates m ON m.account_id = a.account_id AND m.application_id = a.id
    WHERE @FILTER@ GROUP BY a.account_id
), first_sent AS (
    SELECT s.account_id, s.followup_id, min(s.at) AS at
    FROM messages s WHERE @FILTER_S@ AND s.direction = 'out' AND s.followup_id IS NOT NULL
    GROUP BY s.account_id, s.followup_id
), followup_figures AS (
    SELECT f.account_id,
        count(*) FILTER (WHERE f.kind = 'thank-you' AND f.status IN ('planned', 'drafted')
                           AND f.latest < %(now)s) AS overdue,
        count(*) FILTER (WHERE f.kind = 'thank-you' AND f.status IN ('sent', 'done')
                           AND s.at <= f.latest) AS on_time,
        count(*) FILTER (WHERE f.kind = 'thank-you' AND (f.status IN ('sent', 'done')
            OR (f.status IN ('planned', 'drafted') AND f.latest < %(now)s))) AS due,
        count(*) FILTER (WHERE f.kind = 'status-check'
                           AND f.status IN ('sent', 'done')) AS nudges
    FROM followups f
    LEFT JOIN first_sent s ON s.account_id = f.account_id AND s.followup_id = f.id
    WHERE @FILTER_F@ GROUP BY f.account_id
), message_figures AS (
    -- a reply: an inbound message from the same contact within 30 days (REPLY_WINDOW)
    SELECT o.account_id, count(*) AS sent,
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM messages r
            WHERE r.account_id = o.account_id AND r.direction = 'in'
              AND r.contact_id = o.contact_id AND r.at > o.at
              AND r.at <= to_char((o.at::timestamptz + interval '30 days') AT TIME ZONE 'UTC',
                                  'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'))) AS replied
    FROM messages o WHERE o.direction = 'out' AND @FILTER_O@ GROUP BY o.account_id
)
SELECT k.account_id, COALESCE(apps, 0), COALESCE(overdue, 0), COALESCE(waiting, 0),
       COALESCE(offers, 0), COALESCE(stalled, 0), COALESCE(on_time, 0), COALESCE(due, 0),
       COALESCE(nudges, 0), COALESCE(replied, 0), COALESCE(sent, 0)
FROM (SELECT account_id FROM app_figures UNION SELECT account_id FROM followup_figures
      UNION SELECT account_id FROM message_figures) k
LEFT JOIN app_figures USING (account_id)
LEFT JOIN followup_figures USING (account_id)
LEFT JOIN message_figures USING (account_id)
"""


def _caseload_sql(filtered: bool) -> str:
    """The caseload query, with the application's account filter or (for the isolation
    test) without it, relying on the database's policy alone."""
    sql = _CASELOAD
    for marker, alias in (
        ("@FILTER@", "a"),
        ("@FILTER_F@", "f"),
        ("@FILTER_O@", "o"),
        ("@FILTER_I@", "i"),
        ("@FILTER_M@", "m"),
        ("@FILTER_S@", "s"),
    ):
        sql = sql.replace(
            marker, f"{alias}.account_id = ANY(%(accounts)s::bigint[])" if filtered else "true"
        )
    return sql


def _user(row: Sequence[Any]) -> User:
    return User(
        id=int(row[0]),
        email=str(row[1]),
        role=Role(row[2]),
        name=str(row[3]),
        coach_id=None if row[4] is None else int(row[4]),
        account_id=None if row[5] is None else int(row[5]),
        disabled=bool(row[6]),
        sharing=bool(row[7]),
    )


def _one(db: PostgresDatabase, sql: str, args: Sequence[Any] = ()) -> Any:
    with db.transaction(None) as conn:
        return conn.execute(sql, args).fetchone()


def _all(db: PostgresDatabase, sql: str, args: Sequence[Any] = ()) -> list[Any]:
    with db.transaction(None) as conn:
        return conn.execute(sql, args).fetchall()


class PostgresTeam(TeamSettingsTables):
    """The team directory over one database (migrated to 0008 or later)."""

    def __init__(self, database: str | PostgresDatabase) -> None:
        self._owned = isinstance(database, str)
        self.db = PostgresDatabase(database) if isinstance(database, str) else database
        if not any(m.applied_at and "_team" in m.name for m in self.db.status()):
            if self._owned:
                self.db.close()
            raise Unavailable(
                "the PostgreSQL database has no team tables yet: run `followup db migrate`"
            )

    def close(self) -> None:
        if self._owned:
            self.db.close()

    # --- organisation and users -----------------------------------------------------------
    def organisation(self) -> str | None:
        row = _one(self.db, "SELECT name FROM organisations ORDER BY id LIMIT 1")
        return None if row is None else str(row[0])

    def create_organisation(self, name: str, now: datetime) -> None:
        with self.db.transaction(None) as conn:
            conn.execute("LOCK TABLE organisations")
            if conn.execute("SELECT 1 FROM organisations").fetchone():
                raise Conflict("this database already has an organisation")
            conn.execute(
                "INSERT INTO organisations (name, created_at) VALUES (%s, %s)", (name, now)
            )

    def add_user(
        self, email: str, role: Role, now: datetime, *, name: str = "", coach_id: int | None = None
    ) -> User:
        """A new user; a candidate gets a new account of their own."""
        with self.db.transaction(None) as conn:
            org = conn.execute("SELECT id FROM organisations ORDER BY id LIMIT 1").fetchone()
            if org is None:
                raise Unavailable("no organisation yet: run `followup team init` first")
            if conn.execute(
                "SELECT 1 FROM team_users WHERE lower(email) = lower(%s)", (email,)
            ).fetchone():
                raise Conflict(f"{email} is already a user")
            account = None
            if role is Role.CANDIDATE:
                made = conn.execute(
                    "INSERT INTO accounts (name, created_at) VALUES (%s, %s) RETURNING id",
                    (email, to_text(now, seconds=True)),
                ).fetchone()
                assert made is not None
                account = made[0]
            try:
                row = conn.execute(
                    "INSERT INTO team_users (org_id, email, name, role, coach_id, account_id,"
                    " created_at) VALUES (%s, %s, %s, %s, %s, %s, %s)"
                    " RETURNING id, email, role, name, coach_id, account_id, disabled, sharing",
                    (org[0], email, name, role.value, coach_id, account, now),
                ).fetchone()
            except psycopg.errors.UniqueViolation:
                raise Conflict(f"{email} is already a user") from None
        assert row is not None
        return _user(row)

    def user(self, user_id: int) -> User:
        if not 0 < user_id < 2**63:
            raise NotFound("user", user_id)
        row = _one(self.db, f"{_USER} WHERE id = %s", (user_id,))
        if row is None:
            raise NotFound("user", user_id)
        return _user(row)

    def user_by_email(self, email: str) -> User | None:
        row = _one(self.db, f"{_USER} WHERE lower(email) = lower(%s)", (email,))
        return None if row is None else _user(row)

    def users(self) -> list[User]:
        return [_user(r) for r in _all(self.db, f"{_USER} ORDER BY id")]

    def candidates_of(self, coach_id: int) -> list[User]:
        rows = _all(
            self.db,
            f"{_USER} WHERE coach_id = %s AND role = 'candidate' AND NOT disabled ORDER BY id",
            (coach_id,),
        )
        return [_user(r) for r in rows]

    def update_user(self, user_id: int, **changes: Any) -> None:
        """Set `disabled`, `sharing`, `coach_id` or `password_hash` of one user."""
        allowed = {"disabled", "sharing", "coach_id", "password_hash"}
        assert set(changes) <= allowed, changes
        sets = ", ".join(f"{key} = %s" for key in changes)
        with self.db.transaction(None) as conn:
            done = conn.execute(
                f"UPDATE team_users SET {sets} WHERE id = %s", (*changes.values(), user_id)
            )
            if done.rowcount == 0:
                raise NotFound("user", user_id)
            if changes.get("disabled"):  # a disabled user is signed out everywhere
                conn.execute("DELETE FROM team_sessions WHERE user_id = %s", (user_id,))

    def password_hash(self, user_id: int) -> str:
        row = _one(self.db, "SELECT password_hash FROM team_users WHERE id = %s", (user_id,))
        return "" if row is None else str(row[0])

    def store_for(self, account_id: int) -> PostgresStore:
        """The store of one candidate's account, on this database's pool."""
        return PostgresStore(self.db, account_id)

    # --- sessions, tokens and failures ----------------------------------------------------
    def add_session(self, id_hash: str, user_id: int, csrf: str, now: datetime,
                    lifetime: timedelta) -> None:  # fmt: skip
        """A new session; expired sessions and links go now (every sign-in sweeps)."""
        with self.db.transaction(None) as conn:
            conn.execute("DELETE FROM team_sessions WHERE expires_at <= %s", (now,))
            conn.execute("DELETE FROM team_links WHERE expires_at <= %s", (now,))
            conn.execute(
                "INSERT INTO team_sessions (id_hash, user_id, csrf, created_at, expires_at)"
                " VALUES (%s, %s, %s, %s, %s)",
                (id_hash, user_id, csrf, now, now + lifetime),
            )

    def session(self, id_hash: str, now: datetime) -> tuple[User, str] | None:
        row = _one(
            self.db,
            "SELECT u.id, u.email, u.role, u.name, u.coach_id, u.account_id, u.disabled,"
            " u.sharing, s.csrf FROM team_sessions s JOIN team_users u ON u.id = s.user_id"
            " WHERE s.id_hash = %s AND s.expires_at > %s AND NOT u.disabled",
            (id_hash, now),
        )
        return None if row is None else (_user(row), str(row[8]))

    def drop_session(self, id_hash: str) -> None:
        with self.db.transaction(None) as conn:
            conn.execute("DELETE FROM team_sessions WHERE id_hash = %s", (id_hash,))

    def add_token(self, user_id: int, name: str, token_hash: str, now: datetime) -> int:
        row = _one(
            self.db,
            "INSERT INTO team_tokens (user_id, name, token_hash, created_at)"
            " VALUES (%s, %s, %s, %s) RETURNING id",
            (user_id, name, token_hash, now),
        )
        return int(row[0])

    def token_user(self, token_hash: str) -> User | None:
        row = _one(
            self.db,
            "SELECT u.id, u.email, u.role, u.name, u.coach_id, u.account_id, u.disabled,"
            " u.sharing FROM team_tokens t JOIN team_users u ON u.id = t.user_id"
            " WHERE t.token_hash = %s AND t.revoked_at IS NULL AND NOT u.disabled",
            (token_hash,),
        )
        return None if row is None else _user(row)

    def tokens(self, user_id: int) -> list[tuple[int, str, datetime, datetime | None]]:
        rows = _all(
            self.db,
            "SELECT id, name, created_at, revoked_at FROM team_tokens WHERE user_id = %s"
            " ORDER BY id",
            (user_id,),
        )
        return [(int(r[0]), str(r[1]), r[2], r[3]) for r in rows]

    def revoke_token(self, user_id: int, token_id: int, now: datetime) -> None:
        if not 0 < token_id < 2**63:
            raise NotFound("token", token_id)
        with self.db.transaction(None) as conn:
            done = conn.execute(
                "UPDATE team_tokens SET revoked_at = COALESCE(revoked_at, %s)"
                " WHERE id = %s AND user_id = %s",
                (now, token_id, user_id),
            )
            if done.rowcount == 0:
                raise NotFound("token", token_id)

    def add_failure(self, keys: Sequence[str], now: datetime) -> None:
        with self.db.transaction(None) as conn:
            for key in keys:
                conn.execute("INSERT INTO signin_failures (key, at) VALUES (%s, %s)", (key, now))

    def failures(self, key: str, since: datetime) -> int:
        row = _one(
            self.db, "SELECT count(*) FROM signin_failures WHERE key = %s AND at > %s", (key, since)
        )
        return int(row[0])

    def forget_failures(self, before: datetime) -> None:
        with self.db.transaction(None) as conn:
            conn.execute("DELETE FROM signin_failures WHERE at <= %s", (before,))

    # --- one-time links: sign-in by mail, enrolment invites ---------------------------------
    def add_link(self, id_hash: str, user_id: int, purpose: str, now: datetime,
                 lifetime: timedelta) -> None:  # fmt: skip
        """A new link; the user's earlier unused links for the same purpose stop working."""
        with self.db.transaction(None) as conn:
            conn.execute(
                "DELETE FROM team_links WHERE user_id = %s AND purpose = %s AND used_at IS NULL",
                (user_id, purpose),
            )
            conn.execute(
                "INSERT INTO team_links (id_hash, user_id, purpose, created_at, expires_at)"
                " VALUES (%s, %s, %s, %s, %s)",
                (id_hash, user_id, purpose, now, now + lifetime),
            )

    def link(
        self, id_hash: str, purpose: str, now: datetime, *, use: bool
    ) -> tuple[str, User | None]:
        """("ok", user), or ("unknown" | "expired" | "used", None). With `use`, an "ok" link
        is burnt in the same statement, so two requests can never both use it."""
        with self.db.transaction(None) as conn:
            if use:
                row = conn.execute(
                    "UPDATE team_links SET used_at = %s WHERE id_hash = %s AND purpose = %s"
                    " AND used_at IS NULL AND expires_at > %s RETURNING user_id",
                    (now, id_hash, purpose, now),
                ).fetchone()
            else:
                row = conn.execute(
                    "SELECT user_id FROM team_links WHERE id_hash = %s AND purpose = %s"
                    " AND used_at IS NULL AND expires_at > %s",
                    (id_hash, purpose, now),
                ).fetchone()
            if row is not None:
                found = conn.execute(f"{_USER} WHERE id = %s AND NOT disabled", (row[0],))
                user = found.fetchone()
                return ("ok", _user(user)) if user is not None else ("unknown", None)
            seen = conn.execute(
                "SELECT used_at IS NOT NULL FROM team_links WHERE id_hash = %s AND purpose = %s",
                (id_hash, purpose),
            ).fetchone()
        if seen is None:
            return "unknown", None
        return ("used" if seen[0] else "expired"), None

    # --- deletion and the organisation's own log ----------------------------------------------
    def delete_user(self, user_id: int, event: tuple[str, str, str, str, datetime]) -> None:
        """The user, and with a candidate their account: every record behind its wall (the
        foreign keys cascade), the outbox and its messages, the audit log, sessions,
        tokens, links and the sign-in failures counted against the address. A coach's
        candidates are left without a coach. `event` (actor, role, action, detail, at) goes
        to the organisation's log in the same transaction."""
        with self.db.transaction(None) as conn:
            conn.execute("UPDATE team_users SET coach_id = NULL WHERE coach_id = %s", (user_id,))
            row = conn.execute(
                "DELETE FROM team_users WHERE id = %s RETURNING account_id, lower(email)",
                (user_id,),
            ).fetchone()
            if row is None:
                raise NotFound("user", user_id)
            # the rate limit's counts name the address: they go too
            conn.execute(
                "DELETE FROM signin_failures WHERE key = ANY(%s)",
                ([f"{kind}:{row[1]}" for kind in ("email", "link")],),
            )
            if row[0] is not None:
                conn.execute("DELETE FROM accounts WHERE id = %s", (row[0],))
            # the organisation's log keeps what happened, not who it happened to or by
            conn.execute(
                "UPDATE team_events SET actor = 'a deleted user' WHERE lower(actor) = %s",
                (row[1],),
            )
            conn.execute(
                "UPDATE team_events SET detail = replace(lower(detail), %s, 'a deleted user')"
                " WHERE strpos(lower(detail), %s) > 0",
                (row[1], row[1]),
            )
            conn.execute(
                "INSERT INTO team_events (actor, role, action, detail, at)"
                " VALUES (%s, %s, %s, %s, %s)",
                event,
            )

    def log_event(self, event: tuple[str, str, str, str, datetime]) -> None:
        """One line in the organisation's log: (actor, role, action, detail, at)."""
        with self.db.transaction(None) as conn:
            conn.execute(
                "INSERT INTO team_events (actor, role, action, detail, at)"
                " VALUES (%s, %s, %s, %s, %s)",
                event,
            )

    def events(self, limit: int | None = None, offset: int = 0
               ) -> list[tuple[datetime, str, str, str, str]]:  # fmt: skip
        """The organisation's log, newest first; `limit` lines after skipping `offset`."""
        rows = _all(
            self.db,
            "SELECT at, actor, role, action, detail FROM team_events ORDER BY id DESC"
            " LIMIT %s OFFSET %s",
            (limit, offset),
        )
        return [(r[0], str(r[1]), str(r[2]), str(r[3]), str(r[4])) for r in rows]

    # --- the audit log (a candidate's data, behind their wall) -----------------------------
    def audit(self, account_id: int, actor: User, action: str, detail: str,
              now: datetime) -> None:  # fmt: skip
        with self.db.transaction(account_id) as conn:
            conn.execute(
                "INSERT INTO audit_log (account_id, actor_id, actor, role, action, detail, at)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s)",
                (account_id, actor.id, actor.email, actor.role.value, action, detail, now),
            )

    def audit_log(self, account_id: int) -> list[tuple[datetime, str, str, str, str]]:
        with self.db.transaction(account_id) as conn:
            rows = conn.execute(
                "SELECT at, actor, role, action, detail FROM audit_log WHERE account_id = %s"
                " ORDER BY id DESC",
                (account_id,),
            ).fetchall()
        return [(r[0], str(r[1]), str(r[2]), str(r[3]), str(r[4])) for r in rows]

    # --- the caseload ------------------------------------------------------------------------
    def caseload(self, candidates: Sequence[User], now: datetime) -> list[CaseloadRow]:
        """Each candidate's figures: one query for the whole caseload, in the coach's
        read-only caseload transaction (the `coach_caseload` policy, migration 0015)."""
        if not candidates:
            return []
        coaches = {user.coach_id for user in candidates}
        assert len(coaches) == 1 and None not in coaches, "one coach's candidates"
        (coach_id,) = coaches
        assert coach_id is not None
        accounts = [user.account_id for user in candidates if user.account_id is not None]
        figures = caseload_figures(self.db, coach_id, now, accounts)
        rows = []
        for user in candidates:
            got = figures.get(user.account_id or 0, (0,) * 10)
            apps, overdue, waiting, offers, stalled, on_time, due, nudges, replied, sent = got
            rows.append(
                CaseloadRow(
                    user_id=user.id,
                    email=user.email,
                    name=user.name,
                    sharing=user.sharing,
                    applications=apps,
                    thank_you_overdue=overdue,
                    waiting_past_decision=waiting,
                    offer_deadline_week=offers,
                    stalled=stalled,
                    on_time=on_time / due if due else 1.0,
                    nudges_per_application=nudges / apps if apps else 0.0,
                    reply_rate=replied / sent if sent else 0.0,
                )
            )
        return rows


def caseload_figures(
    db: PostgresDatabase, coach_id: int, now: datetime, accounts: Sequence[int] | None
) -> dict[int, tuple[int, ...]]:
    """The raw figures per account id, read as coach `coach_id`. `accounts` is the
    application's own filter; None drops it (the database's policy still holds)."""
    today = now.date()
    args = {
        "now": to_text(now),
        "today": today.isoformat(),
        "week": (today + timedelta(days=7)).isoformat(),
        "quiet": to_text(now - timedelta(days=STALLED_DAYS)),
        "open": list(_OPEN_STAGES),
        "accounts": list(accounts or ()),
    }
    with db.pool.connection() as conn, conn.transaction():
        conn.execute("SET TRANSACTION READ ONLY")
        # The planner's cost for the 10,000-account data passes jit_above_cost, and
        # compiling the plan took ~1.5 s of a query that runs in ~60 ms: no JIT here.
        conn.execute("SET LOCAL jit = off")
        conn.execute("SELECT set_config('followup.coach', %s, true)", (str(int(coach_id)),))
        found = conn.execute(_caseload_sql(accounts is not None), args).fetchall()
    return {int(r[0]): tuple(int(v) for v in r[1:]) for r in found}
