"""One-time links (issue 19): sign-in links sent by mail through the organisation's SMTP
relay, and enrolment invites that expire. A link carries a random token; only its SHA-256
is stored, and it works once, for a short time.

Asking for a sign-in link answers the same for every address (no probing who exists),
and counts toward the same limits as failed password sign-ins: each request may send mail.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from followup.domain.errors import Refused, Unavailable, ValidationError
from followup.domain.mail.message import build_message, new_message_id
from followup.domain.records.team import Role, User, can_manage_users, check_email, role_of
from followup.services.team import signin, users

if TYPE_CHECKING:
    from followup.domain.mail.accounts import MailSettings
    from followup.domain.mail.outbox import Attempt
    from followup.ports import Mailer
    from followup.services.team import TeamDirectory

SIGNIN_LINK_LIFETIME = timedelta(minutes=15)
INVITE_LIFETIME = timedelta(days=7)
MAX_INVITE_DAYS = 30
SIGNIN, INVITE = "signin", "invite"

_REFUSALS = {
    "unknown": "This link is not valid. Check that it was copied whole, or ask for a new one.",
    "expired": "This link has expired. Ask for a new one.",
    "used": "This link has already been used; each link works once. Ask for a new one.",
}


class LinkRefused(Refused):
    """An unknown, expired or used link; `state` says which."""

    def __init__(self, state: str) -> None:
        self.state = state
        super().__init__(_REFUSALS.get(state, _REFUSALS["unknown"]))


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _check(team: TeamDirectory, now: datetime, token: str, purpose: str, *, use: bool) -> User:
    if not token or len(token) > 100:
        raise LinkRefused("unknown")
    state, user = team.link(signin.digest(token), purpose, now, use=use)
    if user is None:
        raise LinkRefused(state)
    return user


# --- sign-in by mail -----------------------------------------------------------------------
def request_signin(
    team: TeamDirectory, now: datetime, email: str, address: str
) -> tuple[User, str] | None:
    """A sign-in link's user and token, or None when the address is nobody's (the caller
    answers the same either way). Over the rate limit: TooManyAttempts for everyone."""
    wanted = email.strip().lower()[:254]
    keys = [f"link:{wanted}", f"addr:{address}"]
    signin.check_rate(team, now, keys)
    team.add_failure(keys, now)  # every request counts: each may send a mail
    try:
        user = team.user_by_email(check_email(wanted))
    except ValidationError:
        return None
    if user is None or user.disabled:
        return None
    token = _new_token()
    team.add_link(signin.digest(token), user.id, SIGNIN, now, SIGNIN_LINK_LIFETIME)
    return user, token


def sign_in_with_link(team: TeamDirectory, now: datetime, token: str) -> signin.SignedIn:
    """A new session for the link's user; the link is burnt in the same statement."""
    return signin.start_session(team, now, _check(team, now, token, SIGNIN, use=True))


def check_relay(mail: MailSettings, mailer: Mailer | None) -> str:
    """The sender address of the organisation's relay, or Unavailable in one line."""
    if mailer is None or mail.smtp is None:
        raise Unavailable("sign-in links need the organisation's mail relay: set [mail.smtp]")
    sender = mail.from_email or (mail.smtp.user if "@" in mail.smtp.user else "")
    if not sender:
        raise Unavailable("sign-in links need a sender address: set mail.from in the config")
    return sender


def send_link(
    mailer: Mailer, mail: MailSettings, now: datetime, user: User, url: str, *, org: str,
    purpose: str = SIGNIN,
) -> Attempt:  # fmt: skip
    """Mail `url` to `user` through the relay; the Attempt says how it went."""
    sender = check_relay(mail, mailer)
    if purpose == SIGNIN:
        subject = f"Your sign-in link for {org}"
        body = (
            f"Hello,\n\nSomeone (we hope you) asked to sign in to followup at {org}.\n"
            f"This link signs you in once, within {SIGNIN_LINK_LIFETIME.seconds // 60} minutes:"
            f"\n\n{url}\n\nIf you did not ask for it, ignore this message.\n"
        )
    else:
        subject = f"You are invited to followup at {org}"
        body = (
            f"Hello,\n\nYou have been enrolled in followup at {org}.\n"
            f"Choose your password here (the link works once):\n\n{url}\n"
        )
    raw = build_message(
        sender_name=mail.from_name or org,
        sender=sender,
        to=[(user.name, user.email)],
        subject=subject,
        body=body,
        message_id=new_message_id(secrets.token_hex(16), sender.rpartition("@")[2]),
        date=now,
    )
    return mailer.send(sender, [user.email], raw, lambda phase: None)


# --- invites -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Invitee:
    """Who is invited: their address, role, a candidate's coach (an address) and name."""

    email: str
    role: str = "candidate"
    coach: str | None = None
    name: str = ""


def invite(
    team: TeamDirectory, now: datetime, who: Invitee, *, actor: User | None = None,
    days: int = INVITE_LIFETIME.days,
) -> tuple[User, str]:  # fmt: skip
    """Enrol a user (or take one who has no password yet) and make an invite link that
    lets them choose a password once within `days`. An admin invites anyone; a coach
    invites candidates of their own. `actor` None is the operator at the command line."""
    if not 1 <= days <= MAX_INVITE_DAYS:
        raise ValidationError("--days", f"must be between 1 and {MAX_INVITE_DAYS}")
    email, role, coach, name = who.email, who.role, who.coach, who.name
    kind = role_of(role, "--role")
    if actor is not None and not can_manage_users(actor):
        if actor.role is not Role.COACH or actor.disabled or kind is not Role.CANDIDATE:
            raise Refused("not allowed: a coach invites only candidates of their own")
        if coach and check_email(coach, "--coach") != actor.email.lower():
            raise Refused("not allowed: a coach invites only candidates of their own")
        coach = actor.email
    address = check_email(email)
    user = team.user_by_email(address)
    if user is None:
        user = users.add(team, now, address, kind.value, coach=coach, name=name, actor=actor)
    else:
        if actor is not None and actor.role is Role.COACH and user.coach_id != actor.id:
            raise Refused("not allowed: a coach invites only candidates of their own")
        if user.role is not kind:
            raise ValidationError("--role", f"{address} is already a {user.role.value}")
        if user.disabled:
            raise ValidationError("email", f"{address} is disabled")
        if team.password_hash(user.id):
            raise ValidationError(
                "email", f"{address} has a password already; they can ask for a sign-in link"
            )
    token = _new_token()
    team.add_link(signin.digest(token), user.id, INVITE, now, timedelta(days=days))
    return user, token


def invited(team: TeamDirectory, now: datetime, token: str) -> User:
    """Whose invite this is, without using it; LinkRefused if it is not usable."""
    return _check(team, now, token, INVITE, use=False)


def accept_invite(team: TeamDirectory, now: datetime, token: str, password: str) -> signin.SignedIn:
    """Set the invited user's password once and sign them in."""
    hashed = signin.hash_password(password)  # a too-short password leaves the link usable
    user = _check(team, now, token, INVITE, use=True)
    team.update_user(user.id, password_hash=hashed)
    return signin.start_session(team, now, user)
