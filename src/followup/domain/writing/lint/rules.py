"""The table of lint rules: stable names, groups, default severities, sources and explanations.

The names are a public interface (`--select`, `--ignore`, the JSON output). Each rule cites
the domain-rules.md IDs it comes from; `explain(name)` is the `--explain` text. The check
that emits a rule is a `@check(name)` function in one of the family modules (see linter.py);
docs/lint.md is generated from this table by scripts/gen_lint_docs.py.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from followup.domain.errors import ValidationError
from followup.domain.records.followups import Kind


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """A lint rule: its stable name, default severity, sources and explanation."""

    name: str
    group: str
    severity: Severity
    ids: tuple[str, ...]
    summary: str
    explanation: str
    bad: str
    good: str
    kinds: frozenset[Kind] | None = None  # None: every kind

    def explain(self) -> str:
        """The `--explain` text: what, why, the rule IDs and an example."""
        applies = (
            "every kind of message"
            if self.kinds is None
            else ", ".join(sorted(k.value for k in self.kinds))
        )
        return (
            f"{self.name} ({self.severity}; {self.group}; {', '.join(self.ids)})\n\n"
            f"{self.summary}\n\n{self.explanation}\n\n"
            f"Applies to: {applies}.\n\n"
            f"Flagged:  {self.bad}\nBetter:   {self.good}\n"
        )


def _kinds(*kinds: Kind) -> frozenset[Kind]:
    return frozenset(kinds)


_OFFER_KINDS = _kinds(Kind.OFFER_THANKS, Kind.OFFER_REMINDER, Kind.OFFER_ACCEPT, Kind.OFFER_DECLINE)
_E, _W = Severity.ERROR, Severity.WARNING

RULES: dict[str, Rule] = {
    r.name: r
    for r in (
        Rule(
            name="missing-gratitude",
            group="structure",
            severity=_W,
            ids=("CONTENT-001", "CONTENT-011"),
            summary="The note never thanks the reader.",
            explanation=(
                "A thank-you note opens with thanks for their time, naming the role "
                "(CONTENT-001 slot 2); a status check ends with thanks (CONTENT-011). "
                "“No, thank you” and a bare “Thanks,” sign-off do not count."
            ),
            bad="Dear Maria, I am writing about the Data Engineer role.",
            good="Dear Maria, thank you for speaking with me about the Data Engineer role.",
            kinds=_kinds(
                Kind.THANK_YOU,
                Kind.COORDINATOR_THANKS,
                Kind.STATUS_CHECK,
                Kind.OFFER_THANKS,
                Kind.OFFER_ACCEPT,
                Kind.OFFER_DECLINE,
                Kind.REJECTION_REPLY,
                Kind.GRATITUDE,
            ),
        ),
        Rule(
            name="missing-enthusiasm",
            group="structure",
            severity=_W,
            ids=("CONTENT-001", "CONTENT-011"),
            summary="The note does not reaffirm interest in the role.",
            explanation=(
                "Hiring managers read a missing statement of interest as a lack of it. "
                "Say once, plainly, that you are excited about the role or look forward to "
                "the next step (CONTENT-001 slot 5, CONTENT-011 slot 3). Informational meetings "
                "have no role to be keen on, so their thank-yous are exempt."
            ),
            bad="Thank you for your time yesterday.",
            good="I am excited about the chance to help the team ship the Spark migration.",
            kinds=_kinds(Kind.THANK_YOU, Kind.STATUS_CHECK, Kind.OFFER_THANKS, Kind.OFFER_ACCEPT),
        ),
        Rule(
            name="missing-invitation",
            group="structure",
            severity=_W,
            ids=("CONTENT-001", "CONTENT-006", "CONTENT-011"),
            summary="No invitation to ask questions or to continue the conversation.",
            explanation=(
                "Close by offering more information or inviting questions, so the reader "
                "has an easy next step (CONTENT-001 slot 6, CONTENT-006, CONTENT-011 slot 5)."
            ),
            bad="I look forward to hearing from you.",
            good="Please let me know if I can share anything else, such as code samples.",
            kinds=_kinds(Kind.THANK_YOU, Kind.STATUS_CHECK),
        ),
        Rule(
            name="not-personalized",
            group="structure",
            severity=_W,
            ids=("LINT-008", "CONTENT-001"),
            summary="No reference to anything specific from the conversation.",
            explanation=(
                "A note you could have written before the interview reads as perfunctory "
                "(LINT-008). Mention one topic, project or detail you discussed "
                "(CONTENT-001 slot 3). With a context, the note must touch one of its "
                "topics or projects, in any wording (“the Spark migration” matches "
                "“migrating the ETL to Spark”); without one, it must name a detail after "
                "a phrase such as “you mentioned” or “we discussed”."
            ),
            bad="Thank you for your time. I look forward to hearing from you.",
            good="I enjoyed hearing how the team is moving its nightly ETL to Spark.",
            kinds=_kinds(Kind.THANK_YOU, Kind.GRATITUDE),
        ),
        Rule(
            name="wrong-company",
            group="facts",
            severity=_E,
            ids=("LINT-003",),
            summary="Names another company, or misspells this one.",
            explanation=(
                "A company name left over from another application, or a misspelled name, "
                "tells the reader the note was pasted (LINT-003). Other companies come from "
                "your other applications and the context; names match case-sensitively, so "
                "Apple the company is not the fruit."
            ),
            bad="I would love to bring my skills to Globex.  (writing to Initech)",
            good="I would love to bring my skills to Initech.",
        ),
        Rule(
            name="wrong-name",
            group="facts",
            severity=_E,
            ids=("LINT-002", "CONTENT-008"),
            summary="Greets someone who is not the recipient, or misspells a name.",
            explanation=(
                "A candidate was dropped for misspelling the VP's name (LINT-002). The "
                "greeting must name the recipient (first name, last name with a title, or "
                "full name), and names of the people you met must be spelled as on record, "
                "hyphens and apostrophes included."
            ),
            bad="Dear Jon,  (to John Park)",
            good="Dear John,",
        ),
        Rule(
            name="generic-salutation",
            group="facts",
            severity=_W,
            ids=("CONTENT-008", "LINT-002"),
            summary="“Dear Hiring Manager” or “To whom it may concern” when the name is known.",
            explanation=(
                "Greeting a role or nobody in particular reads like a form letter when the "
                "recipient's name is on record (CONTENT-008). A team greeting (“Dear Hiring "
                "Team”) to a group stays allowed."
            ),
            bad="Dear Hiring Manager,  (to Ahmed Al Mansouri)",
            good="Dear Mr. Al Mansouri,",
        ),
        Rule(
            name="honorific-given-name",
            group="facts",
            severity=_E,
            ids=("CONTENT-008", "LINT-002"),
            summary="A title with the given name: “Dear Mr. Hiroshi”.",
            explanation=(
                "A courtesy or academic title goes with the family name in every culture "
                "(CONTENT-008): “Mr. Tanaka”, “Dr. Weber”, “Ms. García López”. A title "
                "before the given name shows the name was misread, often one written "
                "family name first."
            ),
            bad="Dear Mr. Hiroshi,  (to Tanaka Hiroshi)",
            good="Dear Mr. Tanaka,",
        ),
        Rule(
            name="bare-family-name",
            group="facts",
            severity=_W,
            ids=("CONTENT-008",),
            summary="The family name alone: “Dear Tanaka,”.",
            explanation=(
                "A family name alone is curt in English (CONTENT-008): add the title "
                "(“Dear Mr. Tanaka,”), a form the person uses (“Tanaka-san”), or the given "
                "name in a friendly note."
            ),
            bad="Dear Tanaka,  (to Tanaka Hiroshi)",
            good="Dear Mr. Tanaka,",
        ),
        Rule(
            name="wrong-role",
            group="facts",
            severity=_W,
            ids=("LINT-004", "CONTENT-005"),
            summary="Names a job title other than the role applied for.",
            explanation=(
                "Name the position so the reader can place you (CONTENT-005), and name it "
                "right: a title from another application is a copy-paste tell (LINT-004)."
            ),
            bad="the Senior Data Analyst position  (applied: Senior Data Engineer)",
            good="the Senior Data Engineer position",
        ),
        Rule(
            name="unfilled-placeholder",
            group="facts",
            severity=_E,
            ids=("LINT-001",),
            summary="A template placeholder was left in the text.",
            explanation=(
                "[Name], {company}, <role>, XXX, TODO or “Dear ,” show the note is a "
                "template; Babson employers describe exactly this (LINT-001)."
            ),
            bad="Dear [Name], thank you for the {role} interview.",
            good="Dear Maria, thank you for the Data Engineer interview.",
        ),
        Rule(
            name="pushy-tone",
            group="tone",
            severity=_W,
            ids=("LINT-012", "LINT-013", "CONTENT-011"),
            summary="Pushy or passive-aggressive wording, or a deadline you set them.",
            explanation=(
                "“Just following up again”, “I need an answer”, “ASAP”, “per my last email”, "
                "ultimatums and deadlines set by the candidate read as impatience or blame "
                "(LINT-012, LINT-013). Ask about their timeline instead (CONTENT-011). "
                "Two or more pushy or desperate phrases make it an error. Quoted text "
                "is not checked."
            ),
            bad="Per my last email, I need an answer by Friday.",
            good="Could you share when you expect to make a decision?",
        ),
        Rule(
            name="desperate-tone",
            group="tone",
            severity=_W,
            ids=("LINT-012",),
            summary="Begging or desperate wording.",
            explanation=(
                "“I really need this job”, “you are my only option” and begging are a bad "
                "look (LINT-012). Show interest through what you would bring."
            ),
            bad="I really need this job; you are my only option.",
            good="I would bring five years of pipeline work to this role.",
        ),
        Rule(
            name="over-flattery",
            group="tone",
            severity=_W,
            ids=("LINT-020", "CONTENT-006"),
            summary="Gushing: thanks repeated, superlatives, “my dream company”.",
            explanation=(
                "Excessive flattery does not work (LINT-020): say thank you once, and let a "
                "specific reference show your interest. Three or more thanks in the body, "
                "or superlatives such as “the most amazing interview of my life”, “an "
                "incredible honor” or “my dream company”, are flagged."
            ),
            bad="Thank you, thank you, thank you for the most amazing interview of my life.",
            good="Thank you for the conversation about the data platform on Tuesday.",
        ),
        Rule(
            name="job-request-in-greeting",
            group="tone",
            severity=_W,
            ids=("HOLIDAY-004", "NURTURE-002"),
            summary="A job request or résumé inside a holiday greeting, check-in or news note.",
            explanation=(
                "A holiday greeting is a greeting only, with no job request, résumé or "
                "attachment (HOLIDAY-004); a check-in offers something rather than asking "
                "for a job (NURTURE-002). Ask about openings in a separate message, weeks "
                "later."
            ),
            bad="Are there any openings on your team? I have attached my updated resume.",
            good="I hope the season brings you some rest.",
            kinds=_kinds(Kind.HOLIDAY, Kind.CHECK_IN, Kind.NEWS_NOTE),
        ),
        Rule(
            name="apology",
            group="tone",
            severity=_W,
            ids=("LINT-019", "CONTENT-007"),
            summary="Apologises for the interview or makes excuses.",
            explanation=(
                "Do not apologise for nerves, lateness or an answer; if something needs "
                "adding, add it positively in one sentence (LINT-019, CONTENT-007)."
            ),
            bad="Sorry I was so nervous and rambled on the design question.",
            good="One more thought on the design question: a queue would decouple the two.",
        ),
        Rule(
            name="negative-remark",
            group="tone",
            severity=_W,
            ids=("LINT-018",),
            summary="Criticises a past employer, the interviewer, the process or yourself.",
            explanation=(
                "Keep it positive: criticism of a current or former employer, the "
                "interviewer or the hiring process, or of yourself, is remembered (LINT-018)."
            ),
            bad="My current manager is incompetent, and the panel was disorganized.",
            good="I am looking for a team that invests in mentoring.",
        ),
        Rule(
            name="salary-talk",
            group="tone",
            severity=_E,
            ids=("LINT-011",),
            summary="Raises pay, benefits or vacation outside an offer conversation.",
            explanation=(
                "A thank-you or status check is not the place for salary, bonus, equity, "
                "benefits or vacation (LINT-011). These are fine in offer replies."
            ),
            bad="Could you also tell me the salary range and how much PTO you offer?",
            good="(save it for the offer conversation)",
            kinds=frozenset(k for k in Kind if k not in _OFFER_KINDS),
        ),
        Rule(
            name="too-long",
            group="form",
            severity=_W,
            ids=("LINT-006", "CONTENT-003"),
            summary="Longer than the target length for its kind.",
            explanation=(
                "Thank-you notes do best at 75–175 words: longer is noted (info), over 250 "
                "words is a warning and over 400 an error. Status checks target 50–120 "
                "words, holiday notes 25–80 (CONTENT-003, LINT-006). Bands are configurable "
                "under [lint.length]."
            ),
            bad="(a 320-word thank-you)",
            good="(three short paragraphs, about 150 words)",
        ),
        Rule(
            name="too-short",
            group="form",
            severity=_W,
            ids=("LINT-006", "CONTENT-003"),
            summary="Shorter than the target length for its kind.",
            explanation=(
                "Very short notes read as disinterest (Babson employers, CONTENT-003): a "
                "thank-you under 75 words is noted, under 50 words warned about (LINT-006)."
            ),
            bad="Thanks for your time today. Talk soon.",
            good="(a specific reference, an interest line and an offer to help: ~100 words)",
        ),
        Rule(
            name="long-paragraph",
            group="form",
            severity=_W,
            ids=("LINT-007", "CONTENT-003"),
            summary="A paragraph over 80 words or 4 sentences.",
            explanation=(
                "Big, dense paragraphs put readers off; keep each to at most 3–4 sentences "
                "(LINT-007, CONTENT-003)."
            ),
            bad="(one 120-word block)",
            good="(the same text in two or three short paragraphs)",
        ),
        Rule(
            name="exclamation-overuse",
            group="form",
            severity=_W,
            ids=("LINT-014",),
            summary='More than one "!" in the message, or "!!".',
            explanation=(
                "Career offices advise resisting excessive exclamation points (LINT-014). "
                "Keep at most one; quoted text is not counted."
            ),
            bad="Thank you so much!! I loved it!",
            good="Thank you. I enjoyed our conversation.",
        ),
        Rule(
            name="all-caps",
            group="form",
            severity=_W,
            ids=("CONTENT-012", "LINT-014"),
            summary="Words in capitals read as shouting.",
            explanation=(
                "Plain, warm wording works best (CONTENT-012); capitals are the written "
                "form of raising your voice, like extra exclamation marks (LINT-014). "
                "Acronyms such as ETL or AWS and names on record are fine."
            ),
            bad="I am REALLY excited about this role.",
            good="I am excited about this role.",
        ),
        Rule(
            name="too-casual",
            group="form",
            severity=_W,
            ids=("LINT-015", "LINT-016", "LINT-017", "CONTENT-008"),
            summary="Emoji, emoticons, slang or a casual greeting.",
            explanation=(
                "Emoji and emoticons are errors (LINT-015); textspeak such as “thx”, "
                "“gonna” or “lol” (LINT-016) and greetings such as “Hey” or “Hi there” "
                "(LINT-017, CONTENT-008) are warnings."
            ),
            bad="Hey Maria, thx for today, gonna send the code soon :)",
            good="Hi Maria, thank you for today; I will send the code this afternoon.",
        ),
        Rule(
            name="spelling",
            group="form",
            severity=_W,
            ids=("LINT-005",),
            summary="A word the offline dictionary does not know.",
            explanation=(
                "An offer was withdrawn over misspellings (LINT-005). Names, the company, "
                "the role, topics and projects from the context and your own word list "
                "([lint] words = [...]) count as known; capitalised words inside a sentence, "
                "and those that start one but look like names, are skipped."
            ),
            bad="I look forward to recieving your feedback.",
            good="I look forward to receiving your feedback.",
        ),
        Rule(
            name="missing-subject",
            group="form",
            severity=_E,
            ids=("CONTENT-002", "LINT-027"),
            summary="The message has no subject.",
            explanation=(
                "Only 14% of messages without a subject got a reply in Boomerang's data "
                "(CONTENT-002, LINT-027). Start the file with a `Subject: ...` line."
            ),
            bad="(no Subject: line)",
            good="Subject: Thank you – Data Engineer interview",
        ),
        Rule(
            name="weak-subject",
            group="form",
            severity=_W,
            ids=("CONTENT-002", "LINT-027"),
            summary="A vague or over-long subject.",
            explanation=(
                "Make the subject specific: name the role or your name, in 3–4 words if "
                "possible and at most 60 characters. “Following up”, “Hi” or “Checking in” "
                "alone are vague (CONTENT-002, LINT-027)."
            ),
            bad="Subject: Following up",
            good="Subject: Following up – Data Engineer interview (Nov 24)",
        ),
        Rule(
            name="too-soon",
            group="timing",
            severity=_W,
            ids=("LINT-025", "TIMING-002", "TIMING-003", "TIMING-007", "TIMING-008"),
            summary="Sent before the interview ended, too soon after it, or before a "
            "status check is due.",
            explanation=(
                "A thank-you sent the minute you leave reads as pre-written: wait at least "
                "2 hours (TIMING-002; 30 minutes when they decide the same day, TIMING-003). "
                "Anything sent before the interview ended is an error. A status check "
                "waits for the decision date plus a buffer, or 5 business days "
                "(TIMING-007, TIMING-008)."
            ),
            bad="--sent-at 15:20 for an interview that ended at 15:00",
            good="--sent-at 17:30, or the next morning",
        ),
        Rule(
            name="too-late",
            group="timing",
            severity=_W,
            ids=("LINT-026", "TIMING-001", "TIMING-006"),
            summary="A thank-you sent after its window closed.",
            explanation=(
                "Send the thank-you within the pace's window: 24 hours in fast fields, "
                "48 in most, 72 in laid-back ones, stretched over weekends and holidays "
                "(TIMING-001; informational meetings get 3 business days, TIMING-006). "
                "Late still beats never, but drop words such as “today”."
            ),
            bad="--sent-at three days after the interview",
            good="--sent-at the next morning",
            kinds=_kinds(Kind.THANK_YOU, Kind.COORDINATOR_THANKS),
        ),
        Rule(
            name="too-frequent",
            group="timing",
            severity=_W,
            ids=("CAD-001", "CAD-002", "CAD-006"),
            summary="Another nudge too soon after the last, or past the cap.",
            explanation=(
                "At most 2 unanswered status follow-ups, at least 5 business days apart, "
                "counting every channel (CAD-001, CAD-002). Past the cap it is an error. "
                "Thank-you notes never count (CAD-006)."
            ),
            bad="a third unanswered status check, or one 2 days after the last",
            good="one status check a week after the decision date",
            kinds=frozenset(k for k in Kind if k.is_nudge),
        ),
        Rule(
            name="duplicate-note",
            group="timing",
            severity=_W,
            ids=("LINT-009", "CAD-005"),
            summary="Nearly the same as another note for the same interview.",
            explanation=(
                "Interviewers compare notes: bodies at least 80% alike, after masking names, "
                "are a warning, at least 95% an error (LINT-009). A second follow-up must "
                "add something new (CAD-005)."
            ),
            bad="the note to Priya with only the name changed from the note to Tom",
            good="a note that mentions what you discussed with Priya",
        ),
    )
}

# The groups, in the order `--select` help and docs/lint.md list them, with their titles.
GROUP_TITLES: dict[str, str] = {
    "structure": "Structure",
    "facts": "Facts",
    "tone": "Tone",
    "form": "Form",
    "timing": "Timing and cadence",
}

GROUPS: dict[str, tuple[str, ...]] = {}
for _rule in RULES.values():
    GROUPS.setdefault(_rule.group, ())
    GROUPS[_rule.group] += (_rule.name,)


def explain(name: str) -> str:
    """The explanation of one rule; ValidationError listing close matches if unknown."""
    return RULES[check_rule_names([name], "--explain")[0]].explain()


def check_rule_names(names: Iterable[str], where: str) -> list[str]:
    """Rule names, groups or ALL, expanded; unknown ones raise naming the close matches."""
    out: list[str] = []
    vocabulary = [*RULES, *GROUPS, "ALL"]
    for raw in names:
        name = raw.strip()
        if not name:
            continue
        if name.upper() == "ALL":
            out.extend(RULES)
        elif name.lower() in GROUPS:
            out.extend(GROUPS[name.lower()])
        elif name.lower() in RULES:
            out.append(name.lower())
        else:
            close = difflib.get_close_matches(name.lower(), vocabulary, n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise ValidationError(where, f"unknown rule {name!r}{hint}")
    return out
