"""How many interviewers one interview may have: the same cap on every path (issue 17 §2).

A debrief with 10,000 interviewers made `compose` run for more than 12 s; no real panel
comes near 50. The debrief file, `interview add/edit --with`, an invite's attendees, a
backup's interviews and the web's forms and API all refuse more, with this one message.
"""

from __future__ import annotations

from followup.domain.errors import ValidationError

MAX_INTERVIEWERS = 50


def check_panel(field: str, count: int) -> None:
    """Refuse more than MAX_INTERVIEWERS interviewers, naming where they came from."""
    if count > MAX_INTERVIEWERS:
        raise ValidationError(
            field,
            f"{count:,} interviewers; an interview has at most {MAX_INTERVIEWERS}",
        )
