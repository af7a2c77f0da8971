"""What goes into each kind of note: one builder per kind fills the slots of its template
(CONTENT-001, CONTENT-011, OFFER-002/004/008, DECLINE-001, REJECT-003, NURTURE-002,
HOLIDAY-002/004, NEWS-001).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from followup.domain.errors import ValidationError
from followup.domain.records.followups import Kind
from followup.domain.writing.compose import choose
from followup.domain.writing.compose.phrases import (
    Writer,
    plain,
)
from followup.domain.writing.context import NoteContext

# ------------------------------------------------------------------------- kinds

Slots = dict[str, object]


def _thank_you(w: Writer, c: NoteContext, on: date | None) -> Slots:
    """CONTENT-001: thanks naming the role, a specific reference, the fit, enthusiasm."""
    if c.interview_kind == "informational":
        return _informational(w, c, on)
    v = w.values
    if on is not None and c.interview_end is not None and (on - c.interview_end.date()).days > 6:
        v["weekday"] = ""  # "on Tuesday" only reads right within the week
    slots: Slots = {"thanks": w.say("thanks")}
    if v["topic"]:
        slots["reference"] = w.say("reference")
        more = v["topic2"] and not w.senior  # a senior reader gets one point, not two
        slots["reference_more"] = w.say("reference_more") if more else ""
    else:
        slots["reference"] = w.say("reference_general")
        slots["reference_more"] = ""
        w.note("topics")
    slots["fit"] = _fit(w, c)
    if c.recipient is not None and choose.chairs_panel(c.recipient, c.others):
        slots["reference_more"] = w.say("panel")
    if w.senior:
        slots["enthusiasm"] = w.say("enthusiasm_plain")
        slots["invitation"] = w.say("invitation_plain")
    elif w.process:  # recruiters: interest in the process, not "keen to get started"
        slots["enthusiasm"] = w.say("enthusiasm_process")
        slots["invitation"] = w.say("invitation")
    else:
        slots["enthusiasm"] = w.say("enthusiasm")
        slots["invitation"] = w.say("invitation")
    return slots


def _fit(w: Writer, c: NoteContext) -> str:
    """The candidate's fit: skills paired with the project only where they relate to it
    (issue 15 §3); recruiters hear about the process instead."""
    v = w.values
    if w.process:
        return w.say("process")
    if v["project"] and v["skills"]:
        return "" if w.senior else w.say("fit_both")
    if v["project"]:
        if c.skills:
            w.note("skills_unrelated")
        else:
            w.note("skills")
        return w.say("fit_project")
    if v["skills"]:
        w.note("project")
        return "" if w.senior else w.say("fit_skills")
    w.note("project")
    w.note("skills")
    return ""


def _informational(w: Writer, c: NoteContext, on: date | None) -> Slots:
    """Issue 15 §3: an informational meeting is not an interview: thanks for the advice,
    one thing the candidate will do with it, and an offer to return the favour."""
    v = w.values
    if on is not None and c.interview_end is not None and (on - c.interview_end.date()).days > 6:
        v["weekday"] = ""
    advice = w.say("advice", "informational") if v["topic"] else ""
    if not advice:
        advice = w.say("advice_general", "informational")
        w.note("topics")
    learned = "learned" if v["topic2"] else "learned_general"
    return {
        "thanks": w.say("thanks", "informational"),
        "reference": advice,
        "reference_more": w.say(learned, "informational"),
        "fit": w.say("update", "informational"),
        "enthusiasm": "",
        "invitation": w.say("reciprocate", "informational"),
    }


def _coordinator_thanks(w: Writer, c: NoteContext, on: date | None) -> Slots:
    """TIMING-005: the coordinator or recruiter gets a short version."""
    return {
        "thanks": w.say("thanks"),
        "smooth": w.say("smooth"),
        "enthusiasm": w.say("enthusiasm"),
        "invitation": w.say("invitation"),
    }


def _status_check(w: Writer, c: NoteContext, on: date | None) -> Slots:
    """CONTENT-011; the added value (CAD-005, NEWS-002) is news, else a topic."""
    v = w.values
    if v["news"]:
        value = w.say("value_news")
    elif v["topic"]:
        value = w.say("value_topic")
    else:
        value = ""
        w.note("value")
    return {
        "opening": w.say("opening"),
        "value": value,
        "interest": w.say("interest"),
        "question": w.say("question"),
        "offer_help": w.say("offer_help"),
        "thanks": w.say("thanks"),
    }


def _offer_thanks(w: Writer, c: NoteContext, on: date | None) -> Slots:
    """OFFER-002 with the clarification questions of OFFER-004."""
    checklist: Mapping[str, Mapping[str, Any]] = w.bank.node("offer", "checklist")
    questions: list[str] = []
    for concern in c.offer_concerns:
        key = _checklist_item(checklist, concern)
        ask = str(checklist[key]["ask"]) if key else w.say("concern", concern=concern)
        if ask not in questions:
            questions.append(ask)
    if not c.offer_concerns:
        defaults = [k for k, item in checklist.items() if item.get("default")]
        if c.offer_deadline:
            defaults = [k for k in defaults if k != "deadline"]
        questions = [str(checklist[k]["ask"]) for k in defaults]
        rest = [str(item["ask"]) for k, item in checklist.items() if k not in defaults]
        rest = [r for r in rest if not (c.offer_deadline and r == checklist["deadline"]["ask"])]
        w.note("offer_concerns", asked="; ".join(questions), rest="; ".join(rest))
    elif not c.offer_deadline and checklist["deadline"]["ask"] not in questions:
        questions.append(str(checklist["deadline"]["ask"]))
    if not c.offer_deadline:
        w.note("offer_deadline")
    w.values["questions"] = tuple(questions)
    return {
        "thanks": w.say("thanks"),
        "received": w.say("received"),
        "enthusiasm": w.say("enthusiasm"),
        "questions_intro": w.say("questions_intro") if questions else "",
        "questions": tuple(questions),
        "deadline": w.say("deadline") if c.offer_deadline else "",
        "invitation": w.say("invitation"),
    }


def _checklist_item(checklist: Mapping[str, Mapping[str, Any]], concern: str) -> str | None:
    words = f" {plain(concern)} "
    for key, item in checklist.items():
        if any(f" {plain(str(k))} " in words for k in item.get("keywords", ())):
            return key
    return None


def _offer_accept(w: Writer, c: NoteContext, on: date | None) -> Slots:
    """OFFER-008: accept and ask for the terms in writing; the terms are not on record."""
    w.note("offer_terms")
    return {
        "accept": w.say("accept"),
        "terms": w.say("terms"),
        "enthusiasm": w.say("enthusiasm"),
        "invitation": w.say("invitation"),
    }


def _offer_decline(w: Writer, c: NoteContext, on: date | None) -> Slots:
    """DECLINE-001: thanks, an unambiguous no, a neutral reason, the door left open."""
    return {
        "thanks": w.say("thanks"),
        "decline": w.say("decline"),
        "reason": w.say("reason"),
        "door": w.say("door"),
        "wishes": w.say("wishes"),
    }


def _rejection_reply(w: Writer, c: NoteContext, on: date | None) -> Slots:
    """REJECT-003: gracious, one positive, interest, at most one feedback request."""
    return {
        "thanks": w.say("thanks"),
        "accept": w.say("accept"),
        "positive": w.say("positive_topic") if w.values["topic"] else w.say("positive_general"),
        "interest": w.say("interest"),
        "feedback": w.say("feedback"),
        "wishes": w.say("wishes"),
    }


# Check-in occasions (NURTURE-002, NURTURE-006, NEWS-001), each tied to what is on record.
ANNIVERSARY = range(330, 400)  # days after the interview that read as "about a year ago"


def check_in_occasion(c: NoteContext, on: date | None, sequence: int) -> str:
    """Why this check-in goes now: "anniversary", "news", "update", "exchange", "offer" or
    "plain".

    Dated occasions win (a year since the interview, a company update); otherwise the
    recalled conversation and an offer of something useful take turns by `sequence`, so
    two check-ins in a row to one person never rest on the same reason (NURTURE-002).
    """
    since = (on - c.interview_end.date()).days if on and c.interview_end else None
    if since in ANNIVERSARY:
        return "anniversary"
    if c.news is not None and c.news.title.strip():
        return "news"
    if c.outcome.strip():
        return "update"  # the candidate's own news (a debrief's outcome)
    topics = bool(c.recipient_topics)
    turns = [o for o, ok in (("exchange", topics or c.last_exchange), ("offer", topics)) if ok]
    return turns[sequence % len(turns)] if turns else "plain"


def _check_in(w: Writer, c: NoteContext, on: date | None) -> Slots:
    """NURTURE-002: give before you ask; one named occasion per check-in, never a request.
    Successive check-ins to one person move on by one phrase per slot (Writer.index)."""
    v = w.values
    occasion = check_in_occasion(c, on, w.variant - 1)
    w.occasion = occasion
    v["exchange_date"] = ""
    if c.last_exchange is not None:
        v["exchange_date"] = w.renderer.text(
            str(w.bank.node("words", "month_year")),
            {
                "month": w.bank.node("words", "months")[c.last_exchange.month - 1],
                "year": c.last_exchange.year,
            },
        )
    if occasion == "anniversary":
        give = w.say("give_anniversary_topic" if v["topic"] else "give_anniversary")
    elif occasion == "news":
        give = w.say("give_news")
    elif occasion == "exchange" and v["topic"]:
        give = w.say("give_topic_dated" if v["exchange_date"] else "give_topic")
    elif occasion == "exchange":
        give = w.say("give_exchange")
    elif occasion == "offer":
        give = w.say("give_offer")
        w.note("offer_resource")
    elif occasion == "update":
        give = w.say("give_outcome")
    else:
        give = w.say("give_general")
        w.note("give")
    return {"opening": w.say("opening"), "give": give, "invitation": w.say("invitation")}


def _holiday(w: Writer, c: NoteContext, on: date | None) -> Slots:
    """HOLIDAY-002/004/005: inclusive unless the recipient's observance is known; no pitch."""
    wish = ""
    if on is not None and c.observes:
        table: Mapping[str, Mapping[str, Any]] = w.bank.node("holiday", "observances")
        for observed in c.observes:
            item = table.get(plain(observed).replace(" ", "-"))
            if item and on.month in item.get("months", ()):
                wish = w.say("wish_observed", observance=str(item["name"]))
                break
    if not wish:
        new_year = on is not None and on.month == 1
        wish = w.say("wish_new_year" if new_year else "wish")
    relationship = w.say("relationship_topic") if w.values["topic"] else w.say("relationship")
    return {"wish": wish, "relationship": relationship, "rest": w.say("rest")}


def _news_note(w: Writer, c: NoteContext, on: date | None) -> Slots:
    """NEWS-001: congratulate on a named update; never without one on record."""
    if c.news is None or not c.news.title.strip():
        raise ValidationError("news", "a news note needs a company update on record")
    tie = w.say("tie_topic") if w.values["topic"] else w.say("tie")
    congrats = w.say("congrats_framed") if w.values["news_frame"] else w.say("congrats")
    return {"congrats": congrats, "tie": tie, "invitation": w.say("invitation")}


def _gratitude(w: Writer, c: NoteContext, on: date | None) -> Slots:
    """NURTURE-005: thank the helper and close the loop on the outcome."""
    if not c.outcome:
        w.note("outcome")
    v = w.values
    if v["topic"]:
        recall = w.say("recall_topic")
    elif v["project"]:
        recall = w.say("recall_project")
    else:
        recall = w.say("recall_general")
    return {
        "thanks": w.say("thanks"),
        "recall": recall,
        "support": w.say("support"),
        "return": w.say("return"),
    }


def _offer_reminder(w: Writer, c: NoteContext, on: date | None) -> Slots:
    """OFFER-007: stay in touch while deciding, and keep the promised date."""
    if not c.offer_deadline:
        w.note("offer_deadline")
    return {
        "update": w.say("update"),
        "deadline": w.say("deadline") if c.offer_deadline else "",
        "enthusiasm": w.say("enthusiasm"),
        "thanks": w.say("thanks"),
    }


def _withdrawal(w: Writer, c: NoteContext, on: date | None) -> Slots:
    """OFFER-009: withdraw promptly and courteously after accepting elsewhere."""
    return {"withdraw": w.say("withdraw"), "thanks": w.say("thanks"), "door": w.say("door")}


BUILDERS: dict[Kind, Callable[[Writer, NoteContext, date | None], Slots]] = {
    Kind.THANK_YOU: _thank_you,
    Kind.COORDINATOR_THANKS: _coordinator_thanks,
    Kind.STATUS_CHECK: _status_check,
    Kind.OFFER_THANKS: _offer_thanks,
    Kind.OFFER_REMINDER: _offer_reminder,
    Kind.OFFER_ACCEPT: _offer_accept,
    Kind.OFFER_DECLINE: _offer_decline,
    Kind.WITHDRAWAL: _withdrawal,
    Kind.REJECTION_REPLY: _rejection_reply,
    Kind.CHECK_IN: _check_in,
    Kind.HOLIDAY: _holiday,
    Kind.NEWS_NOTE: _news_note,
    Kind.GRATITUDE: _gratitude,
}
