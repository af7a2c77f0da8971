"""Draft follow-ups: from the records (`draft`) or from a debrief file (`compose_from_debrief`).

The composer (`followup.domain.writing.compose`) writes; this module gathers what it writes
from, picks the tone (message > contact > company > config > industry), stores the
draft on its follow-up, and optionally has the user's own language model polish it
(`polish`, through the `llm` library, imported only then). A polished text that
names the wrong person or company, drops the personal reference or adds a lint
error is rejected with the reason, and the composed draft is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from followup.domain.errors import Refused, ValidationError
from followup.domain.network import news
from followup.domain.network.offers import Offer
from followup.domain.records import fields
from followup.domain.records.followups import Channel, Direction, FollowUp, Kind, Status
from followup.domain.records.model import Application, Company, Contact, Interview, InterviewStatus
from followup.domain.records.zones import recipient_zone
from followup.domain.writing.compose import (
    Draft,
    Tone,
    choose,
    compose,
    parse_kind,
    parse_tone,
)
from followup.domain.writing.context import NewsItem, NoteContext, Person
from followup.domain.writing.debrief import Debrief
from followup.ports import Clock, NewsStore, Store
from followup.services.writing import people as recipients

if TYPE_CHECKING:
    from followup.services.deps import Deps
    from followup.settings import ComposeConfig

BODY_MAX = 20_000  # characters; an edited draft beyond this is refused, not truncated


@dataclass(frozen=True, slots=True)
class Drafted:
    """A draft stored on its follow-up, with the context it was written from."""

    followup: FollowUp
    draft: Draft
    context: NoteContext


# ---------------------------------------------------------------------------- tone


def choose_tone(
    explicit: str | Tone | None,
    config: ComposeConfig | None,
    *,
    company: str = "",
    contact_email: str = "",
) -> Tone | None:
    """The tone the user asked for: per message, else per contact, per company, or globally.

    None leaves the choice to the industry preset. Config (`config.toml`):
    `[compose] tone = "warm"`, `[compose.contact_tones] "ana@acme.io" = "casual"`,
    `[compose.company_tones] "Acme" = "formal"`.
    """
    tone = parse_tone(explicit, "--tone")
    if tone is not None:
        return tone
    if config is None:
        return None
    for overrides, key in ((config.contact_tones, contact_email), (config.company_tones, company)):
        wanted = overrides.get(key.casefold()) if key else None
        if wanted is not None:
            return wanted
    return config.tone


# ------------------------------------------------------------------ from the store


def context_for(
    store: Store,
    followup: FollowUp,
    *,
    offer_concerns: Sequence[str] = (),
    offer_deadline: date | None = None,
    news: NewsItem | None = None,
) -> NoteContext:
    """Everything on record that a note for `followup` may refer to (never more)."""
    profile = store.profile.get()
    application = (
        store.applications.get(followup.application_id) if followup.application_id else None
    )
    contact = store.contacts.get(followup.contact_id) if followup.contact_id else None
    if contact is None:
        raise ValidationError(
            f"follow-up {followup.id}", "has no recipient; add a contact to it first"
        )
    refuse_barred(store, contact.id or 0)
    company_id = application.company_id if application else contact.company_id
    company = store.companies.get(company_id) if company_id else None
    interview = _interview_for(store, followup, application)
    recipient, others = _people(store, contact, interview, company.country if company else "")
    # The linter's windows must be the agenda's: the recipient's zone as the planner picks
    # it (contact, company, interview, candidate), not the stored UTC. The country stays the
    # contact's own: it also steers name order, and the linter falls back to the zone's.
    zone = recipient_zone(contact, company, profile, interview.tz if interview else "")
    recipient = replace(recipient, tz=zone)
    siblings = _siblings(store, followup)
    messages = store.messages.list(contact_id=contact.id)
    history = tuple(m.at for m in messages if m.direction is Direction.OUT)
    heard = [m.at for m in messages if m.direction is Direction.IN or m.channel is Channel.MEETING]
    others_companies = _other_companies(store, company, application)
    skills = (interview.skills if interview else ()) or (profile.skills if profile else ())
    return NoteContext(
        candidate_name=profile.name if profile else "",
        candidate_email=profile.email if profile else "",
        signature=profile.signature if profile else "",
        company=company.name if company else "",
        company_article=company.article if company else None,
        industry=company.industry if company else "",
        pace=company.pace if company else None,
        role=application.role if application else "",
        recipient=recipient,
        others=others,
        topics=interview.topics if interview else (),
        projects=interview.projects if interview else (),
        skills=skills,
        interview_end=interview.end if interview else None,
        interview_kind=interview.kind.value if interview else "",
        interview_round=interview.round if interview else 1,
        decision_by=(interview.decision_by if interview else None)
        or (application.decision_by if application else None),
        other_companies=others_companies,
        offer_concerns=tuple(offer_concerns),
        offer_deadline=offer_deadline
        or (application.decision_by if application and followup.kind in _OFFER_KINDS else None),
        news=news,
        outcome=application.stage.value if application and followup.kind is Kind.GRATITUDE else "",
        observes=contact.observes,
        sibling_notes=siblings,
        history=history,
        last_exchange=max(heard).date() if heard else None,  # check-in occasions
    )


def _interview_for(
    store: Store, followup: FollowUp, application: Application | None
) -> Interview | None:
    """The follow-up's interview, else the application's latest one (status checks)."""
    if followup.interview_id:
        return store.interviews.get(followup.interview_id)
    if followup.kind is Kind.CHECK_IN and followup.contact_id is not None:
        met = [  # a check-in recalls the latest interview with them (NURTURE-006)
            i
            for i in store.interviews.list()
            if i.status is not InterviewStatus.CANCELLED
            and any(p.contact_id == followup.contact_id for p in i.interviewers)
        ]
        return max(met, key=lambda i: i.end) if met else None
    if application is None or application.id is None:
        return None
    held = [
        i
        for i in store.interviews.list(application.id)
        if i.status is not InterviewStatus.CANCELLED
    ]
    return max(held, key=lambda i: i.end) if held else None


def _people(
    store: Store, contact: Contact, interview: Interview | None, company_country: str = ""
) -> tuple[Person, tuple[Person, ...]]:
    """The recipient with what was discussed with them, and the others met that day."""
    topics: tuple[str, ...] = ()
    others: list[Person] = []
    if interview is not None:
        for participant in interview.interviewers:
            if participant.contact_id == contact.id:
                topics = participant.topics
            else:
                other = store.contacts.get(participant.contact_id)
                others.append(recipients.person(other, participant.topics, company_country))
    return recipients.person(contact, topics, company_country), tuple(others)


def _siblings(store: Store, followup: FollowUp) -> tuple[str, ...]:
    """Drafts already written for the same interview (LINT-009 compares against them)."""
    if not followup.interview_id:
        return ()
    return tuple(
        f.body
        for f in store.followups.list(application_id=followup.application_id)
        if f.interview_id == followup.interview_id and f.id != followup.id and f.body
    )


def _other_companies(
    store: Store, company: Company | None, application: Application | None
) -> tuple[str, ...]:
    """Companies of the user's other open applications: naming one is a wrong-company slip."""
    from followup.domain.records.model import Stage

    # The lean rows: every application's stage history would cost ~0.3 s at 10,000.
    names: dict[str, str] = {}
    for other in store.applications.list_rows([s for s in Stage if s.is_open]):
        if application is not None and other.id == application.id:
            continue
        if other.company and (company is None or other.company_id != company.id):
            names.setdefault(other.company.casefold(), other.company)
    return tuple(names.values())


_NEWS_ITEM = re.compile(r"/n(\d+)$")


def _offer_and_news(
    followup: FollowUp, company_id: int | None, news_store: NewsStore, now: datetime
) -> tuple[Offer | None, NewsItem | None]:
    """The offer behind an offer letter, and the news item a note may mention (NEWS-002)."""
    offer = None
    if followup.kind in _OFFER_KINDS and followup.application_id is not None:
        offer = news_store.get_offer(followup.application_id)
    item = None
    if company_id is not None and followup.kind in _NEWS_KINDS:
        items = news_store.list_items(company_id)
        wanted = _NEWS_ITEM.search(followup.key) if followup.kind is Kind.NEWS_NOTE else None
        if wanted:  # the item that suggested this note: news-note/c5/n12
            item = next((i for i in items if i.id == int(wanted.group(1))), None)
        else:
            item = news.freshest(items, company_id, now)
    return offer, item.as_note() if item else None


_OFFER_KINDS = frozenset({Kind.OFFER_THANKS, Kind.OFFER_REMINDER, Kind.OFFER_ACCEPT})
_NEWS_KINDS = frozenset({Kind.NEWS_NOTE, Kind.STATUS_CHECK, Kind.CHECK_IN})


def refuse_barred(store: Store, contact_id: int) -> None:
    """Refuse to compose for a contact marked do not contact (issue 17)."""
    contact = store.contacts.get(contact_id)
    if contact.do_not_contact:
        from followup.domain.network.stops import barred

        raise Refused(barred(contact, "composed"))


def draft(
    deps: Deps, followup_id: int, *, tone: str | Tone | None = None, variant: int | None = None
) -> Drafted:
    """Compose the follow-up's message from the records and store it on the follow-up.

    `variant` None picks 1, or for a repeated status check the next variant, so
    follow-up #2 never copies #1 (CAD-005). The news store supplies the offer's open
    concerns and deadline and the company news the note may mention; `[compose]` the tone.
    """
    store, clock, news_store = deps.store, deps.clock, deps.news
    followup = store.followups.get(followup_id)
    if followup.contact_id is not None:  # a do-not-contact person first: it is the reason
        refuse_barred(store, followup.contact_id)
    if not followup.status.is_open:
        raise Refused(
            f"follow-up {followup_id} is {followup.status.value}; only open follow-ups are drafted"
        )
    application = (
        store.applications.get(followup.application_id) if followup.application_id else None
    )
    contact = store.contacts.get(followup.contact_id) if followup.contact_id else None
    company_id = (
        application.company_id if application else (contact.company_id if contact else None)
    )
    offer, item = _offer_and_news(followup, company_id, news_store, clock.now())
    context = context_for(
        store,
        followup,
        offer_concerns=offer.concerns if offer else (),
        news=item,
    )
    if deps.config.compose.sign_off:
        context = replace(context, sign_off=deps.config.compose.sign_off)
    chosen = choose_tone(
        tone,
        deps.config.compose,
        company=context.company,
        contact_email=context.recipient.email if context.recipient else "",
    )
    if variant is None:
        variant = 1 + _earlier_nudges(store, followup)
    on = followup.window.recommended.date()
    composed = compose(followup.kind, context, chosen, variant, renderer=deps.renderer, on=on)
    composed = recipients.stored_hints(composed, contact, deps.renderer)
    saved = _store(store, clock, followup, composed.subject, composed.body)
    return Drafted(followup=saved, draft=composed, context=context)


def _earlier_nudges(store: Store, followup: FollowUp) -> int:
    if followup.kind is Kind.CHECK_IN and followup.contact_id is not None:
        # Each check-in to a person takes the next variant, so no two read alike.
        return sum(
            1
            for m in store.messages.list(contact_id=followup.contact_id)
            if m.direction is Direction.OUT and m.kind is Kind.CHECK_IN
        )
    if followup.kind is not Kind.STATUS_CHECK or followup.contact_id is None:
        return 0
    return sum(
        1
        for m in store.messages.list(contact_id=followup.contact_id)
        if m.direction is Direction.OUT
        and m.kind is Kind.STATUS_CHECK
        and m.application_id == followup.application_id
    )


def keep_text(deps: Deps, followup_id: int, text: str) -> FollowUp:
    """Store a draft the user edited: an optional first line `Subject: ...`, then the body."""
    store, clock = deps.store, deps.clock
    followup = store.followups.get(followup_id)
    if followup.contact_id is not None:  # a do-not-contact person first: it is the reason
        refuse_barred(store, followup.contact_id)
    if not followup.status.is_open:
        raise Refused(
            f"follow-up {followup_id} is {followup.status.value}; only open follow-ups are drafted"
        )
    subject, body = split_subject(text, followup.subject)
    if not body:
        raise ValidationError("draft", "the edited text is empty; the previous draft is kept")
    return _store(store, clock, followup, subject, body)


def split_subject(text: str, default: str = "") -> tuple[str, str]:
    """(subject, body) from text whose first line may be `Subject: ...`."""
    if len(text) > BODY_MAX:
        raise ValidationError("draft", f"is {len(text):,} characters; the limit is {BODY_MAX:,}")
    text = fields.notes("draft", text, limit=BODY_MAX)
    first, _, rest = text.partition("\n")
    if first.lower().startswith("subject:"):
        return fields.line("subject", first[len("subject:") :], limit=300), rest.strip()
    return default, text


def _store(store: Store, clock: Clock, followup: FollowUp, subject: str, body: str) -> FollowUp:
    status = Status.DRAFTED if followup.status is Status.PLANNED else followup.status
    changed = replace(followup, subject=subject, body=body, status=status, updated_at=clock.now())
    return store.followups.save([changed])[0]


# -------------------------------------------------------------- from a debrief file


def compose_from_debrief(
    deps: Deps,
    debrief: Debrief,
    kind: str | Kind,
    *,
    to: str | None = None,
    tone: str | Tone | None = None,
    variant: int = 1,
    on: date | None = None,
) -> list[Draft]:
    """Drafts from a debrief, with no database: one per interviewer for a thank-you
    without `to`, the coordinator for coordinator-thanks, else the one `to` names."""
    kind = parse_kind(kind)
    contexts = debrief_contexts(debrief, kind, to, config=deps.config.compose)
    drafts = []
    for context in contexts:
        assert context.recipient is not None
        chosen = choose_tone(
            tone,
            deps.config.compose,
            company=debrief.company,
            contact_email=context.recipient.email,
        )
        drafts.append(compose(kind, context, chosen, variant, renderer=deps.renderer, on=on))
    return drafts


def debrief_contexts(
    debrief: Debrief, kind: Kind, to: str | None, *, config: ComposeConfig | None = None
) -> list[NoteContext]:
    """The note contexts a debrief gives for `kind` (see compose_from_debrief), closing
    with `[compose] sign_off` when one is set, as stored drafts do."""
    contexts = _debrief_contexts(debrief, kind, to, config)
    if config is not None and config.sign_off:
        return [replace(c, sign_off=config.sign_off) for c in contexts]
    return contexts


def _debrief_contexts(
    debrief: Debrief, kind: Kind, to: str | None, config: ComposeConfig | None
) -> list[NoteContext]:
    """A UK public-sector panel gets one thank-you, to its chair, unless config.toml says
    `[compose] panel_notes = "each"` (issue 15 §1)."""
    if kind is Kind.COORDINATOR_THANKS and not to:
        if debrief.coordinator is None:
            raise ValidationError("coordinator", "the debrief names no coordinator; pass --to")
        base = debrief.context(None) if debrief.interviewers else None
        return [_with_recipient(debrief, debrief.coordinator, base)]
    if not debrief.interviewers:
        if debrief.coordinator is not None and to and _names(debrief.coordinator, to):
            return [_with_recipient(debrief, debrief.coordinator, None)]
        raise ValidationError("interviewers", "the debrief names no interviewers to write to")
    if kind is Kind.THANK_YOU and not to:
        people = _distinct(debrief.interviewers)
        if _panel_notes(config) != "each" and choose.uk_public_panel(
            debrief.country, debrief.industry, debrief.company, people
        ):
            lead = choose.chair(people)
            return [debrief.context(lead.email or lead.name)]
        return [debrief.context(p.email or p.name) for p in people]
    if to and debrief.coordinator is not None and _names(debrief.coordinator, to):
        return [_with_recipient(debrief, debrief.coordinator, debrief.context(None))]
    return [debrief.context(to)]


def _panel_notes(config: ComposeConfig | None) -> str:
    """`[compose] panel_notes`: "chair" (UK public-sector panels' default) or "each"."""
    return config.panel_notes if config is not None else "chair"


def _distinct(people: Sequence[Person]) -> list[Person]:
    # Debrief.context finds people by name or email; two with the same key would collide.
    seen: set[str] = set()
    unique = []
    for person in people:
        key = (person.email or person.name).casefold()
        if key not in seen:
            seen.add(key)
            unique.append(person)
    return unique


def _names(person: Person, to: str) -> bool:
    wanted = to.casefold().strip()
    return wanted in (person.name.casefold(), person.email.casefold())


def _with_recipient(debrief: Debrief, person: Person, base: NoteContext | None) -> NoteContext:
    if base is None:
        base = NoteContext(
            candidate_name=debrief.candidate_name,
            candidate_email=debrief.candidate_email,
            signature=debrief.signature,
            company=debrief.company,
            industry=debrief.industry,
            pace=debrief.pace,
            role=debrief.role,
            topics=debrief.topics,
            projects=debrief.projects,
            skills=debrief.skills or debrief.candidate_skills,
            interview_end=debrief.end,
            interview_kind=debrief.kind.value,
            interview_round=debrief.round,
            decision_by=debrief.decision_by,
        )
    return replace(base, recipient=person, others=())
