"""What a note may say about whom (issue 15 §1, §3): the recipient's register by seniority
and role, the topics that are theirs to be praised for, and the candidate's skills that
relate to a project or topic."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from followup.domain.writing import grammar
from followup.domain.writing.context import NoteContext, Person

# Titles whose holders get shorter, plainer notes: executives, board members, professors,
# senior officials (CONTENT-008 register).
_SENIOR = re.compile(
    r"\b(?:chief|ceo|cfo|coo|cto|cio|cmo|cpo|president|founder|co-founder|board chair|chairman|"
    r"chairwoman|chairperson|board|trustee|director[- ]general|managing director|"
    r"executive director|permanent secretary|under-secretary|secretary of state|minister|"
    r"commissioner|ambassador|dean|provost|rector|vice-chancellor|chancellor|professor|"
    r"head of department|general counsel|senior partner|managing partner|evp|svp|"
    r"executive vice president|senior vice president|deputy director)\b",
    re.IGNORECASE,
)
# Titles of people who run the process rather than the work: they hear about the process
# and the conversation, never praise for a project (issue 15 §3).
_PROCESS = re.compile(
    r"\b(?:recruiter|recruiting|recruitment|talent|hr|human resources|people partner|"
    r"people operations|coordinator|sourcer|hiring partner)\b",
    re.IGNORECASE,
)


def senior(person: Person, academic: str = "") -> bool:
    """Executives, board members, professors and senior officials."""
    return bool(_SENIOR.search(person.title)) or academic == "Professor"


def runs_process(person: Person) -> bool:
    """Recruiters, HR partners and coordinators."""
    return bool(_PROCESS.search(person.title))


def own_topics(person: Person) -> tuple[str, ...]:
    """The recipient's own topics, turned to "you" where they were noted as "she"/"he"."""
    return tuple(grammar.to_second_person(t) for t in person.topics)


def shared_topics(context: NoteContext) -> tuple[str, ...]:
    """The interview's topics that are not the recipient's and not about someone in the
    third person (whose pronoun would land on the wrong reader)."""
    person = context.recipient
    taken = {t.casefold() for t in person.topics} if person else set()
    return tuple(
        t for t in context.topics if t.casefold() not in taken and not grammar.third_person(t)
    )


_WORD = re.compile(r"[a-z0-9+#]+")


def _stems(text: str) -> set[str]:
    words = _WORD.findall(text.casefold())
    return {w[:-1] if w.endswith("s") and len(w) > 4 else w for w in words if len(w) > 2}


def related_skills(
    skills: Sequence[str],
    about: Iterable[str],
    synonyms: Mapping[str, Sequence[str]],
    limit: int = 2,
) -> tuple[str, ...]:
    """The skills that relate to a project or topic, best first: a word in common, or a
    word the synonym table links to the skill. Empty when none fits."""
    target: set[str] = set()
    for text in about:
        target |= _stems(text)
    if not target:
        return ()
    scored: list[tuple[int, int, str]] = []
    for i, skill in enumerate(skills):
        related = _stems(skill)
        for word in _WORD.findall(skill.casefold()):
            for linked in synonyms.get(word, ()):
                related |= _stems(str(linked))
        hits = len(related & target)
        if hits:
            scored.append((-hits, i, skill))
    return tuple(skill for _, _, skill in sorted(scored)[:limit])


_PUBLIC = re.compile(
    r"\b(?:government|public sector|civil service|ministry|department|council|nhs|"
    r"local authority|home office|cabinet office|hm treasury|hmrc|agency)\b",
    re.IGNORECASE,
)
_CHAIR = re.compile(r"\bchair(?:man|woman|person)?\b|\bpanel lead\b", re.IGNORECASE)
# The chair of this interview panel, not of a board or a committee.
_PANEL_CHAIR = re.compile(r"\bpanel\b.*\bchair|\bchair\b.*\bpanel\b|\bpanel lead\b", re.IGNORECASE)


def uk_public_panel(country: str, industry: str, company: str, panel: Sequence[Person]) -> bool:
    """A UK public-sector interview panel: by custom one note goes to the chair, who
    passes it on, rather than one to each member (issue 15 §1)."""
    uk = country.strip().upper() in {"GB", "UK"}
    public = bool(_PUBLIC.search(industry) or _PUBLIC.search(company))
    return uk and public and len(panel) > 1


def chair(panel: Sequence[Person]) -> Person:
    """The panel's chair: the member titled so, else the first listed."""
    return next(
        (p for p in panel if _PANEL_CHAIR.search(p.title)),
        next((p for p in panel if _CHAIR.search(p.title)), panel[0]),
    )


def chairs_panel(person: Person, others: Sequence[Person]) -> bool:
    """The recipient chairs a panel that met the candidate with them."""
    return bool(others) and bool(_PANEL_CHAIR.search(person.title))
