"""The school's voice (issue 19): organisation-level template pieces a candidate's drafts
use unless the candidate overrides them where the admin allows.

The extension point is deliberately small: one closing line (`compose.sign_off`) that
replaces the composer's pick from `[common.close]` in phrases.toml. Every piece is linted
on save inside a sample thank-you note, and refused with the failing rule's name.
"""

from __future__ import annotations

from followup.domain.errors import ValidationError

SAMPLE_BODY = (
    "Dear Ms. Lovelace,\n\n"
    "Thank you for taking the time to speak with me on Tuesday about the Data Engineer "
    "role at Acme. I enjoyed our conversation about the Spark migration, and it made me "
    "more excited about how the team approaches data quality checks.\n\n"
    "My experience building reliable pipelines fits closely with what the role needs, "
    "and I would welcome the chance to contribute. Please let me know if there is anything "
    "else I can share, and I look forward to hearing about the next steps.\n\n"
    "{sign_off}\nSam Candidate"
)


def sample(sign_off: str) -> str:
    """The sample thank-you note a sign-off is linted in."""
    return SAMPLE_BODY.replace("{sign_off}", sign_off)


def check_sign_off(sign_off: str) -> None:
    """Refuse a sign-off that makes the sample thank-you fail the linter (any error or
    warning, so the school's voice never adds a finding to a candidate's draft)."""
    from followup.domain.records.followups import Kind
    from followup.domain.writing.context import NoteContext, Person
    from followup.domain.writing.lint import linter
    from followup.domain.writing.lint.rules import Severity

    text = sign_off.strip()
    if not text:
        raise ValidationError("compose.sign_off", "is empty (unset it to let the composer pick)")
    context = NoteContext(
        candidate_name="Sam Candidate",
        company="Acme",
        role="Data Engineer",
        recipient=Person(
            name="Ada Lovelace", email="ada@acme.test", topics=("the Spark migration",)
        ),
        topics=("data quality checks",),
    )
    findings = linter.lint(
        linter.Note(sample(text), subject="Thank you: Data Engineer interview at Acme"),
        context,
        kind=Kind.THANK_YOU,
    )
    bad = [f for f in findings if f.severity in (Severity.ERROR, Severity.WARNING)]
    if bad:
        first = bad[0]
        raise ValidationError(
            "compose.sign_off", f"fails the linter: {first.rule}: {first.message}"
        )
