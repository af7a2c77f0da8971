"""Signing in: argon2id passwords, a rate limit per account and per address, sessions
that are new at every sign-in (no fixation), and personal API tokens hashed at rest.

argon2-cffi is imported only when a password is set or checked (the `team` extra).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from followup.domain.errors import Refused, Unavailable, ValidationError
from followup.domain.records.team import User

if TYPE_CHECKING:
    from followup.services.team import TeamDirectory

SESSION_LIFETIME = timedelta(hours=12)
LIMIT_PER_ACCOUNT = 5  # failed sign-ins per account in WINDOW
LIMIT_PER_ADDRESS = 20  # failed sign-ins per client address in WINDOW (many accounts)
WINDOW = timedelta(minutes=15)
MIN_PASSWORD = 10
TOKEN_PREFIX = "fut_"  # noqa: S105 - marks a followup token, not a secret


class SignInRefused(Refused):
    """Wrong email or password (one message for both: no account probing)."""


class TooManyAttempts(Refused):
    """The rate limit: wait, then try again."""


def _hasher() -> Any:
    try:
        from argon2 import PasswordHasher
    except ImportError:  # pragma: no cover - part of the team extra
        raise Unavailable("team sign-in needs argon2: pip install 'followup[team]'") from None
    return PasswordHasher()  # argon2id, RFC 9106's low-memory profile


def digest(secret: str) -> str:
    """SHA-256 of a random secret (session ids, tokens): enough for 256-bit randomness."""
    return hashlib.sha256(secret.encode()).hexdigest()


def hash_password(password: str) -> str:
    """The argon2id hash of a new password, after checking its length."""
    if len(password) < MIN_PASSWORD:
        raise ValidationError("password", f"is shorter than {MIN_PASSWORD} characters")
    return str(_hasher().hash(password))


def set_password(team: TeamDirectory, email: str, password: str) -> None:
    user = team.user_by_email(email.strip())
    if user is None:
        raise ValidationError("email", f"no user {email.strip()}")
    team.update_user(user.id, password_hash=hash_password(password))


def check_rate(team: TeamDirectory, now: datetime, keys: Sequence[str]) -> None:
    """Refuse while the account key (first) or the address key (second) is over its limit."""
    since = now - WINDOW
    if (
        team.failures(keys[0], since) >= LIMIT_PER_ACCOUNT
        or team.failures(keys[1], since) >= LIMIT_PER_ADDRESS
    ):
        raise TooManyAttempts("too many failed sign-ins; wait 15 minutes and try again")


@dataclass(frozen=True, slots=True)
class SignedIn:
    user: User
    session: str  # the cookie value; only its hash is stored
    csrf: str


def sign_in(
    team: TeamDirectory, now: datetime, email: str, password: str, address: str
) -> SignedIn:
    """A new session for the right email and password. Failures count per account and per
    address; past either limit every attempt is refused until the window has passed."""
    from argon2.exceptions import InvalidHashError, VerificationError

    keys = [f"email:{email.strip().lower()}", f"addr:{address}"]
    check_rate(team, now, keys)
    user = team.user_by_email(email.strip())
    hasher = _hasher()
    stored = team.password_hash(user.id) if user is not None else ""
    try:
        if user is None or user.disabled or not stored:
            # the same work as a real check, so timing does not tell which emails exist
            hasher.verify(_DUMMY, password + "x")
        hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        team.add_failure(keys, now)
        raise SignInRefused("wrong email or password") from None
    assert user is not None
    if hasher.check_needs_rehash(stored):
        team.update_user(user.id, password_hash=hasher.hash(password))
    team.forget_failures(now - WINDOW)
    return start_session(team, now, user)


def start_session(team: TeamDirectory, now: datetime, user: User) -> SignedIn:
    """A fresh random session and CSRF token: never one the browser brought along."""
    session, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    team.add_session(digest(session), user.id, csrf, now, SESSION_LIFETIME)
    return SignedIn(user, session, csrf)


def session_user(team: TeamDirectory, now: datetime, session: str) -> tuple[User, str] | None:
    """The signed-in user of a session cookie and its CSRF token, or None."""
    if not session or len(session) > 100:
        return None
    return team.session(digest(session), now)


def sign_out(team: TeamDirectory, session: str) -> None:
    if session:
        team.drop_session(digest(session))


def new_token(team: TeamDirectory, now: datetime, user: User, name: str = "") -> tuple[int, str]:
    """A personal API token for scripts: its id, and the token (shown once, stored hashed)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return team.add_token(user.id, name.strip()[:100], digest(token), now), token


def token_user(team: TeamDirectory, token: str) -> User | None:
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    return team.token_user(digest(token))


def revoke_token(team: TeamDirectory, now: datetime, user: User, token_id: int) -> None:
    team.revoke_token(user.id, token_id, now)


# A valid argon2id hash of a random password, checked when the user is unknown.
_DUMMY = (
    "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA"
    "$0lbN5WXVbFzGhC6lf6ZGuzXOmIKX7iQS3QdsD0kMXGQ"
)
