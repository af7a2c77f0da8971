"""Deleting an account (issue 19): a candidate deletes their own, an admin (or the operator
at the command line) anyone's. A candidate's account goes whole: every record behind its
wall, the outbox with its messages, the audit log, sessions, tokens and links. The
organisation's log keeps that an account was deleted, by whom and when, and nothing that
names the person."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from followup.domain.errors import Refused, ValidationError
from followup.domain.records.team import Role, User, can_manage_users
from followup.services.team import users

if TYPE_CHECKING:
    from followup.services.team import TeamDirectory

DELETED = "deleted an account"


def export(team: TeamDirectory, viewer: User) -> str:
    """Everything in the viewer's own account, as `followup export` writes it (offered
    before deleting it)."""
    from followup.services import backup

    if viewer.role is not Role.CANDIDATE or viewer.account_id is None:
        raise Refused("not allowed: only a candidate has an account to export")
    store = team.store_for(viewer.account_id)
    return backup.dumps(backup.export_data(store, store.news, store.outbox))


def delete(
    team: TeamDirectory,
    now: datetime,
    email: str,
    *,
    actor: User | None,
    confirm: str | None = None,
) -> User:
    """Delete the user `email` and everything of theirs. A candidate deleting their own
    account confirms by typing their address (`confirm`). Returns the user as they were."""
    user = users.by_email(team, email)
    own = actor is not None and actor.id == user.id
    if actor is not None and not own and not can_manage_users(actor):
        raise Refused("not allowed: only an admin deletes another user's account")
    if own and (confirm or "").strip().lower() != user.email.lower():
        raise ValidationError("confirm", "type your email address to confirm the deletion")
    users.keep_an_admin(team, user, actor, "delete")
    if actor is None:
        who, role = "the operator (command line)", "operator"
    elif own:
        who, role = "the account holder", user.role.value
    else:
        who, role = actor.email, actor.role.value
    team.delete_user(user.id, (who, role, DELETED, f"a {user.role.value} account", now))
    return user


def events(team: TeamDirectory, viewer: User | None) -> list[tuple[datetime, str, str, str, str]]:
    """The organisation's log, newest first: admins (and the operator) only."""
    if viewer is not None and viewer.role is not Role.ADMIN:
        raise Refused("not allowed: only an admin reads the organisation's log")
    return team.events()
