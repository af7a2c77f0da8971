"""E-mail addresses that belong to a function, not a person: `hr@`, `careers@`,
`no-reply@`. A calendar invite's organiser at such an address is "the recruiting team",
never a contact called "Hr" (issue 17 §4)."""

from __future__ import annotations

import re

# Local parts that name a team, a mailbox or a machine.
ROLE_LOCAL_PARTS = frozenset({
    "hr", "careers", "career", "jobs", "job", "recruiting", "recruitment", "recruiter",
    "recruiters", "talent", "talentacquisition", "ta", "hiring", "people", "peopleops",
    "staffing", "apply", "applications", "applicants", "candidates", "interviews",
    "interview", "scheduling", "schedule", "calendar", "noreply", "donotreply",
    "notifications", "notification", "info", "admin", "office", "team", "contact",
    "hello", "support", "mailer-daemon", "postmaster", "invites", "invitations",
    "campus", "university", "graduates", "internships", "workday", "greenhouse", "lever",
})  # fmt: skip
_SEPARATORS = re.compile(r"[._+\-]")
TEAM_NAME = "the recruiting team"  # the contact a role address with no personal name becomes


def is_role_address(email: str) -> bool:
    """Whether an address reaches a team or a machine rather than one person."""
    local = email.strip().rpartition("@")[0].casefold() if "@" in email else ""
    if not local:
        return False
    local = local.partition("+")[0]
    if local in ROLE_LOCAL_PARTS or _SEPARATORS.sub("", local) in ROLE_LOCAL_PARTS:
        return True
    # "no-reply", "hr-team", "talent.acquisition", "uk-careers": any part names a function.
    parts = [p for p in _SEPARATORS.split(local) if p]
    return len(parts) > 1 and all(p in ROLE_LOCAL_PARTS or len(p) <= 2 for p in parts)
