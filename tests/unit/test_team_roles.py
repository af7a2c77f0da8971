"""Team mode's role rules and the caseload's sorting and filtering (issue 19): pure."""

from __future__ import annotations

import pytest

from followup.domain.errors import ValidationError
from followup.domain.records.team import (
    CaseloadRow,
    Role,
    User,
    arrange,
    can_manage_users,
    can_see_drafts,
    can_see_pipeline,
    check_assignment,
    check_email,
)

COACH = User(1, "coach@x.org", Role.COACH)
OTHER_COACH = User(2, "other@x.org", Role.COACH)
ADMIN = User(3, "admin@x.org", Role.ADMIN)
ADA = User(4, "ada@x.org", Role.CANDIDATE, coach_id=1, account_id=10)
BOB = User(5, "bob@x.org", Role.CANDIDATE, coach_id=2, account_id=11)


@pytest.mark.parametrize(
    ("viewer", "candidate", "pipeline", "drafts", "drafts_shared"),
    [
        (ADA, ADA, True, True, True),  # her own, always
        (BOB, ADA, False, False, False),  # another candidate: never
        (COACH, ADA, True, False, True),  # her coach: drafts only when shared
        (OTHER_COACH, ADA, False, False, False),  # another coach: never
        (ADMIN, ADA, False, False, False),  # an admin reads no candidate's records
        (COACH, COACH, False, False, False),  # a coach is no candidate
    ],
)
def test_who_sees_what(
    viewer: User, candidate: User, pipeline: bool, drafts: bool, drafts_shared: bool
) -> None:
    from dataclasses import replace

    assert can_see_pipeline(viewer, candidate) is pipeline
    assert can_see_drafts(viewer, candidate) is drafts
    assert can_see_drafts(viewer, replace(candidate, sharing=True)) is drafts_shared


def test_disabled_users_see_nothing_and_only_admins_manage() -> None:
    from dataclasses import replace

    assert not can_see_pipeline(replace(COACH, disabled=True), ADA)
    assert can_manage_users(ADMIN) and not can_manage_users(COACH)
    assert not can_manage_users(replace(ADMIN, disabled=True))


def test_emails_and_assignments() -> None:
    assert check_email("  Ada@Example.ORG ") == "ada@example.org"
    for bad in ("ada", "ada@", "@x.org", "a b@x.org", "ada@localhost"):
        with pytest.raises(ValidationError):
            check_email(bad)
    check_assignment(Role.CANDIDATE, COACH)
    with pytest.raises(ValidationError, match="only a candidate"):
        check_assignment(Role.COACH, COACH)
    with pytest.raises(ValidationError, match="not an enabled coach"):
        check_assignment(Role.CANDIDATE, ADMIN)


def _row(user_id: int, name: str, **figures: float) -> CaseloadRow:
    values: dict[str, float] = {
        "applications": 4, "thank_you_overdue": 0, "waiting_past_decision": 0,
        "offer_deadline_week": 0, "stalled": 0, "on_time": 1.0,
        "nudges_per_application": 0.0, "reply_rate": 0.5, **figures,
    }  # fmt: skip
    return CaseloadRow(user_id=user_id, email=f"{name}@x.org", name=name, sharing=False,
                       **values)  # type: ignore[arg-type]  # fmt: skip


def test_arrange_sorts_and_filters() -> None:
    rows = [
        _row(1, "Cy", stalled=1),
        _row(2, "Ada", thank_you_overdue=1),
        _row(3, "Bo", on_time=0.2),
        _row(4, "Di", offer_deadline_week=1),
    ]
    assert [r.name for r in arrange(rows, "attention", "all")] == ["Ada", "Di", "Cy", "Bo"]
    assert [r.name for r in arrange(rows, "name", "needs-nudge")] == ["Ada", "Cy"]
    assert arrange(rows, "on_time", "all")[0].name == "Bo"
    assert [r.name for r in arrange(rows, "name", "offer-this-week")] == ["Di"]
    with pytest.raises(ValidationError, match="sort"):
        arrange(rows, "shoe-size", "all")
    with pytest.raises(ValidationError, match="filter"):
        arrange(rows, "name", "everyone")
