"""Team mode's people and what each role may do (issue 19). Pure: values in, decisions out.

- a candidate sees and changes only their own account;
- a coach sees their assigned candidates' pipeline and follow-up status, and their drafts
  only when the candidate has turned sharing on; a coach never sends for a candidate;
- an admin manages users, and reads no candidate's records or messages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from followup.domain.errors import Refused, ValidationError


class Role(StrEnum):
    CANDIDATE = "candidate"
    COACH = "coach"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class User:
    """One person in the organisation; a candidate owns exactly one account."""

    id: int
    email: str
    role: Role
    name: str = ""
    coach_id: int | None = None
    account_id: int | None = None
    disabled: bool = False
    sharing: bool = False  # the candidate's "shared with your coach" switch


def role_of(text: str, where: str = "role") -> Role:
    """The Role named `text`, or one line naming the choices."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise ValidationError(where, f"{text!r} is not one of candidate, coach, admin") from None


def check_email(text: str, where: str = "email") -> str:
    """`text` as a normalised address (trimmed, lower case), or one line saying why not."""
    email = text.strip().lower()
    local, at, domain = email.partition("@")
    if not at or not local or "." not in domain or any(c.isspace() for c in email):
        raise ValidationError(where, f"{text!r} is not an email address")
    if len(email) > 254:
        raise ValidationError(where, "is longer than 254 characters")
    return email


def check_assignment(role: Role, coach: User | None) -> None:
    """Only a candidate has a coach, and that coach must be an enabled coach."""
    if coach is None:
        return
    if role is not Role.CANDIDATE:
        raise ValidationError("--coach", "only a candidate is assigned a coach")
    if coach.role is not Role.COACH or coach.disabled:
        raise ValidationError("--coach", f"{coach.email} is not an enabled coach")


def can_see_pipeline(viewer: User, candidate: User) -> bool:
    """The candidate themself, or their assigned coach; never an admin (no records)."""
    if viewer.disabled or candidate.role is not Role.CANDIDATE:
        return False
    if viewer.id == candidate.id:
        return True
    return viewer.role is Role.COACH and candidate.coach_id == viewer.id


def can_see_drafts(viewer: User, candidate: User) -> bool:
    """Drafts and notes: the candidate, or their coach when sharing is on."""
    if viewer.id == candidate.id:
        return can_see_pipeline(viewer, candidate)
    return candidate.sharing and can_see_pipeline(viewer, candidate)


def require(allowed: bool, what: str) -> None:
    """Refuse with one line unless `allowed`."""
    if not allowed:
        raise Refused(f"not allowed: {what}")


def can_manage_users(viewer: User) -> bool:
    return viewer.role is Role.ADMIN and not viewer.disabled


def caseload_of(coach: User, users: Iterable[User]) -> list[User]:
    """The enabled candidates assigned to `coach`."""
    return [
        u for u in users if u.role is Role.CANDIDATE and u.coach_id == coach.id and not u.disabled
    ]


# --- the caseload page -------------------------------------------------------------------

STALLED_DAYS = 21  # an open application with no message or interview for three weeks


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    """One candidate on a coach's caseload: what needs a nudge, and their habits."""

    user_id: int
    email: str
    name: str
    sharing: bool
    applications: int
    thank_you_overdue: int  # thank-yous past the end of their window (TIMING-001)
    waiting_past_decision: int  # open applications past the decision date they were given
    offer_deadline_week: int  # offers whose decision date falls in the next seven days
    stalled: int  # open applications quiet for STALLED_DAYS
    on_time: float  # thank-yous sent within their window, of those due
    nudges_per_application: float  # status checks sent per application
    reply_rate: float  # messages sent that drew a reply within 30 days

    @property
    def needs_nudge(self) -> bool:
        return bool(self.thank_you_overdue or self.waiting_past_decision or self.stalled)


SORTS = (
    "attention", "name", "thank_you_overdue", "waiting_past_decision", "offer_deadline_week",
    "stalled", "on_time", "nudges_per_application", "reply_rate",
)  # fmt: skip
FILTERS = ("all", "needs-nudge", "thank-you-overdue", "waiting", "offer-this-week", "stalled")


def arrange(rows: Sequence[CaseloadRow], sort: str, filter_: str) -> list[CaseloadRow]:
    """The rows kept by `filter_`, ordered by `sort` (most pressing first; names A-Z)."""
    if sort not in SORTS:
        raise ValidationError("sort", f"{sort!r} is not one of {', '.join(SORTS)}")
    if filter_ not in FILTERS:
        raise ValidationError("filter", f"{filter_!r} is not one of {', '.join(FILTERS)}")
    keep: Callable[[CaseloadRow], bool] = {
        "all": lambda r: True,
        "needs-nudge": lambda r: r.needs_nudge,
        "thank-you-overdue": lambda r: r.thank_you_overdue > 0,
        "waiting": lambda r: r.waiting_past_decision > 0,
        "offer-this-week": lambda r: r.offer_deadline_week > 0,
        "stalled": lambda r: r.stalled > 0,
    }[filter_]
    kept = [r for r in rows if keep(r)]
    by_name = sorted(kept, key=lambda r: (r.name.casefold() or r.email, r.user_id))
    if sort == "name":
        return by_name
    if sort == "attention":
        return sorted(
            by_name,
            key=lambda r: -(3 * r.thank_you_overdue + 2 * r.offer_deadline_week
                            + r.waiting_past_decision + r.stalled),
        )  # fmt: skip
    if sort == "on_time" or sort == "reply_rate":  # the weakest habits first
        return sorted(by_name, key=lambda r: float(getattr(r, sort)))
    return sorted(by_name, key=lambda r: -float(getattr(r, sort)))
