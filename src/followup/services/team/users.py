"""The organisation and its users: set-up, enrolment (one by one or from a CSV), listing
and disabling. The CLI runs these as the operator; the web runs them for an admin."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from followup.domain.errors import Refused, ValidationError
from followup.domain.records.team import (
    Role,
    User,
    can_manage_users,
    check_assignment,
    check_email,
    require,
    role_of,
)

if TYPE_CHECKING:
    from followup.services.team import TeamDirectory

MAX_CSV_ROWS = 20_000


def init(team: TeamDirectory, now: datetime, org: str, admin_email: str) -> User:
    """Create the organisation and its first admin."""
    name = org.strip()
    if not name:
        raise ValidationError("--org", "is empty")
    email = check_email(admin_email, "--admin")
    team.create_organisation(name, now)
    return team.add_user(email, Role.ADMIN, now)


def add(
    team: TeamDirectory,
    now: datetime,
    email: str,
    role: str,
    *,
    coach: str | None = None,
    name: str = "",
    actor: User | None = None,
) -> User:
    """Enrol one user; a candidate gets an account of their own and, optionally, a coach."""
    address = check_email(email)
    kind = role_of(role)
    coach_user = None
    if coach:
        coach_user = team.user_by_email(check_email(coach, "--coach"))
        if coach_user is None:
            raise ValidationError("--coach", f"no user {coach.strip()}")
    check_assignment(kind, coach_user)
    user = team.add_user(
        address,
        kind,
        now,
        name=name.strip(),
        coach_id=None if coach_user is None else coach_user.id,
    )
    if actor is not None and user.account_id is not None:
        team.audit(user.account_id, actor, "enrolled", f"as {kind.value}", now)
    record(team, actor, "added a user", f"{address} as {kind.value}", now)
    return user


def by_email(team: TeamDirectory, email: str) -> User:
    """The user with this address, or one line saying there is none."""
    found = team.user_by_email(check_email(email))
    if found is None:
        raise ValidationError("email", f"no user {email.strip()}")
    return found


def listing(team: TeamDirectory) -> list[User]:
    return team.users()


def keep_an_admin(team: TeamDirectory, user: User, actor: User | None, doing: str) -> None:
    """Refuse to disable or delete one's own admin user, or the last enabled admin."""
    if actor is not None and actor.id == user.id and user.role is Role.ADMIN:
        raise Refused(f"not allowed: an admin cannot {doing} themselves")
    if user.role is Role.ADMIN and not user.disabled:
        others = [u for u in team.users() if u.role is Role.ADMIN and not u.disabled]
        if len(others) <= 1:
            raise Refused(f"not allowed: {user.email} is the last admin; add another first")


def disable(team: TeamDirectory, now: datetime, email: str, *, actor: User | None = None) -> User:
    """Disable a user: they can no longer sign in, and their sessions end now."""
    user = by_email(team, email)
    keep_an_admin(team, user, actor, "disable")
    team.update_user(user.id, disabled=True)
    if actor is not None and user.account_id is not None:
        team.audit(user.account_id, actor, "disabled", "the user was disabled", now)
    record(team, actor, "disabled a user", user.email, now)
    return team.user(user.id)


@dataclass(frozen=True, slots=True)
class Enrolment:
    added: list[User]
    skipped: list[str]  # "line 4: ada@example.org is already a user"


def enrol(team: TeamDirectory, now: datetime, text: str, *, source: str = "CSV") -> Enrolment:
    """Enrol every row of a CSV with columns email, role (default candidate), coach, name.
    Every row is checked first; a bad row stops the whole file with its line number."""
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    if "email" not in columns:
        raise ValidationError(source, "has no 'email' column in its header line")
    rows: list[tuple[int, dict[str, str]]] = []
    for number, raw in enumerate(reader, start=2):
        if len(rows) >= MAX_CSV_ROWS:
            raise ValidationError(source, f"has more than {MAX_CSV_ROWS:,} rows")
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        where = f"{source} line {number}"
        check_email(row.get("email", ""), where)
        role_of(row.get("role") or "candidate", where)
        if row.get("coach"):
            check_email(row["coach"], where)
        rows.append((number, row))
    added, skipped = [], []
    for number, row in rows:
        if team.user_by_email(row["email"]) is not None:
            skipped.append(f"line {number}: {row['email']} is already a user")
            continue
        try:
            added.append(
                add(team, now, row["email"], row.get("role") or "candidate",
                    coach=row.get("coach") or None, name=row.get("name", ""))
            )  # fmt: skip
        except ValidationError as exc:
            raise ValidationError(f"{source} line {number}", exc.problem) from None
    return Enrolment(added, skipped)


# --- the organisation's log ------------------------------------------------------------------
EVENTS_PER_PAGE = 50


def record(team: TeamDirectory, actor: User | None, action: str, detail: str,
           now: datetime) -> None:  # fmt: skip
    """One line in the organisation's log: who (None: the operator at the command line)
    did what. Callers pass addresses, roles and setting names, never a candidate's text."""
    who, role = ("the operator (command line)", "operator") if actor is None else (
        actor.email, actor.role.value)  # fmt: skip
    team.log_event((who, role, action, detail, now))


def event_page(
    team: TeamDirectory, viewer: User, page: int = 1
) -> tuple[list[tuple[datetime, str, str, str, str]], bool]:
    """One page of the organisation's log, newest first, and whether an older page exists:
    sign-ins, user and settings changes, deletions. Admins only."""
    require(can_manage_users(viewer), "only an admin reads the organisation's log")
    if page < 1:
        raise ValidationError("page", f"{page} is not a page number (1 or more)")
    found = team.events(EVENTS_PER_PAGE + 1, (page - 1) * EVENTS_PER_PAGE)
    return found[:EVENTS_PER_PAGE], len(found) > EVENTS_PER_PAGE
