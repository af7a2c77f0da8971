"""Grammar at the seams, where the user's own words meet the composer's frames (issue 15 §2):
articles before institution names, lists joined with commas and one "and", and topics
noted about someone in the third person turned to "you" when written to them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Head nouns that make a name an institution that takes "the": "the Department for
# Education", "the University of Oslo", "the Global Health Foundation". Brand names
# ("Sakura Market", "Harbor Logistics Group", "Stanford University") take none.
_LEADING = {
    "department", "ministry", "office", "agency", "council", "board", "commission",
    "institute", "foundation", "university", "college", "school", "academy", "bank",
    "museum", "society", "association", "federation", "embassy", "court", "house",
    "government", "city", "state", "port", "bureau", "centre", "center", "library",
    "national", "royal", "federal", "european", "international", "united", "world",
    "general", "technical", "federated", "supreme", "central", "metropolitan",
}  # fmt: skip
_TRAILING = {
    "foundation", "institute", "agency", "council", "commission", "department", "ministry",
    "trust", "society", "association", "museum", "library", "authority", "service",
    "bureau", "administration", "fund", "laboratory", "laboratories", "office", "board",
    "federation", "programme", "observatory", "consortium", "secretariat", "directorate",
    "inspectorate", "tribunal", "parliament", "assembly", "senate",
}  # fmt: skip
_OF = re.compile(r"\b(?:of|for|on)\b", re.IGNORECASE)


def takes_article(name: str) -> bool:
    """Whether an organisation's name reads with "the" in running text."""
    words = name.split()
    if not words:
        return False
    if words[0].casefold() == "the":
        return True
    first, last = words[0].casefold(), words[-1].casefold().strip(".,")
    if last in _TRAILING:
        return True
    # "University of Oslo", "Technical University of Munich", "Bank of England".
    return len(words) > 2 and bool(_OF.search(name)) and first in _LEADING


def with_article(name: str, article: bool | None = None, *, start: bool = False) -> str:
    """The name as it stands in a sentence: "the Department for Education", "The ..." at
    the start of one, and brand names bare. `article` overrides the guess."""
    words = name.split()
    if words and words[0].casefold() == "the":
        name = " ".join(words[1:])
        article = True if article is None else article
    use = takes_article(name) if article is None else article
    if not use:
        return name
    return f"{'The' if start else 'the'} {name}"


def join(items: Sequence[str], conjunction: str = "and") -> str:
    """ "a", "a and b", "a, b and c". An item that holds its own "and" ("Arabic and
    Hindi") never meets a second one: the last join then reads "as well as"."""
    items = [i.strip() for i in items if i.strip()]
    if len(items) <= 1:
        return items[0] if items else ""
    head, last = items[:-1], items[-1]
    word = f" {conjunction} "
    if any(word in f" {i} " for i in (head[-1], last)):
        word = " as well as " if conjunction == "and" else word
    return ", ".join(head) + word + last


# Third-person words and their second-person form, for topics written to that person.
_PRONOUNS = {
    "she": "you", "he": "you", "her": "your", "his": "your", "him": "you", "hers": "yours",
    "herself": "yourself", "himself": "yourself", "she's": "you're", "he's": "you're",
    "she'd": "you'd", "he'd": "you'd", "she'll": "you'll", "he'll": "you'll",
}  # fmt: skip
_VERBS = {
    "is": "are", "was": "were", "has": "have", "does": "do", "doesn't": "don't",
    "isn't": "aren't", "wasn't": "weren't", "hasn't": "haven't",
}  # fmt: skip
# "her" is an object ("what drove her") before these, and a possessive otherwise.
_AFTER_OBJECT = {
    "", "to", "into", "from", "and", "or", "as", "at", "in", "on", "for", "with", "about",
    "that", "when", "while", "because", "so", "then", "over", "through", "back", "up",
}  # fmt: skip
_WORD = re.compile(r"[A-Za-z']+|[^A-Za-z']+")
_THIRD = re.compile(r"\b(?:she|he|her|his|him|hers|herself|himself)\b|\b(?:she|he)'[sdl]l?\b", re.I)


def third_person(text: str) -> bool:
    """Whether a phrase speaks of someone as she or he."""
    return bool(_THIRD.search(text))


def to_second_person(text: str) -> str:
    """Turn "how she moved her team from consulting" into "how you moved your team from
    consulting", for a topic noted about the person the note is written to."""
    tokens = _WORD.findall(text)
    words = [i for i, t in enumerate(tokens) if t[0].isalpha() or t[0] == "'"]
    out = list(tokens)
    for n, i in enumerate(words):
        low = tokens[i].casefold()
        nxt = tokens[words[n + 1]].casefold() if n + 1 < len(words) else ""
        gap = tokens[i + 1] if i + 1 < len(tokens) else ""
        if low == "her":
            possessive = nxt not in _AFTER_OBJECT and not re.search(r"[.,;:!?)]", gap)
            new = "your" if possessive else "you"
        elif low in _PRONOUNS:
            new = _PRONOUNS[low]
            if low in {"she", "he"} and nxt:
                out[words[n + 1]] = _agree(tokens[words[n + 1]])
        else:
            continue
        out[i] = new.capitalize() if tokens[i][0].isupper() else new
    return "".join(out)


def _agree(verb: str) -> str:
    """The verb after "you" where it followed "she" or "he": "moved" stays, "leads" ->
    "lead", "has" -> "have", "is" -> "are"."""
    low = verb.casefold()
    if low in _VERBS:
        return _VERBS[low]
    if low.endswith("ies") and len(low) > 4:
        return verb[:-3] + "y"
    if low.endswith(("ches", "shes", "sses", "xes", "zes")):
        return verb[:-2]
    if low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(low) > 3:
        return verb[:-1]
    return verb


_CONTENT = re.compile(r"[a-z0-9]+")
_SMALL = {"the", "a", "an", "of", "for", "and", "to", "in", "on", "at", "with", "our", "its"}


def same_words(a: str, b: str) -> bool:
    """Whether two phrases share a content word ("Project Atlas" and "the Atlas rollout")."""
    left = {w for w in _CONTENT.findall(a.casefold()) if w not in _SMALL and len(w) > 2}
    right = {w for w in _CONTENT.findall(b.casefold()) if w not in _SMALL and len(w) > 2}
    return bool(left & right - {"project", "work", "team"})


# Headline verbs and the frame each gives the rest of the headline, so a note says "your
# award for supply-chain excellence" instead of quoting a headline inside a sentence.
_HEADLINE_VERBS = {
    "wins": "your {}", "won": "your {}", "receives": "your {}", "received": "your {}",
    "earns": "your {}", "earned": "your {}", "opens": "your {}", "opened": "your {}",
    "raises": "your {}", "raised": "your {}", "secures": "your {}", "secured": "your {}",
    "announces": "your {}", "announced": "your {}", "completes": "your {}",
    "launches": "the launch of {}", "launched": "the launch of {}",
    "unveils": "the launch of {}", "unveiled": "the launch of {}",
    "acquires": "the acquisition of {}", "acquired": "the acquisition of {}",
    "expands": "your expansion {}", "expanded": "your expansion {}",
    "named": "being named {}", "celebrates": "celebrating {}",
    "partners": "your partnership {}", "partnered": "your partnership {}",
}  # fmt: skip


def headline(title: str, company: str) -> str | None:
    """A company headline framed for a sentence ("Harbor Logistics Group wins award for
    supply-chain excellence" -> "your award for supply-chain excellence"); None when the
    headline does not start with the company and a known verb, or is in Title Case
    ("Acme Wins Award")."""
    text = " ".join(title.split()).rstrip(".!")
    name = company.strip()
    for prefix in (f"the {name}", name):
        if name and text.casefold().startswith(prefix.casefold() + " "):
            text = text[len(prefix) + 1 :]
            break
    else:
        return None
    words = text.split()
    if len(words) < 2:
        return None
    if words[0][:1].isupper():
        return None  # Title Case: its proper nouns cannot be told from the rest
    frame = _HEADLINE_VERBS.get(words[0].casefold())
    if frame is None:
        return None
    rest = words[1:]
    if rest[0].casefold() in {"a", "an", "the", "its", "their"} and len(rest) > 1:
        rest = rest[1:]
    if frame.startswith("your partnership") and rest[0].casefold() == "with":
        return frame.format(" ".join(rest))
    return frame.format(" ".join(rest)).strip()


_DETERMINERS = {"the", "a", "an", "our", "your", "their", "its", "this", "that", "my"}


def noun_phrase(text: str) -> str:
    """A user's project or topic as it stands after a preposition: a common-noun phrase
    gets "the" ("the Konbini payment rollout"), a name stays bare ("Project Atlas",
    "Orion"), and one with its own determiner is left alone."""
    words = text.split()
    if not words or words[0].casefold() in _DETERMINERS:
        return text
    # A common noun as the head ("Spark migration of the legacy ETL") or at the end
    # ("Hospital at Home expansion") makes it a thing, not a name: it takes "the".
    for word in (_head(words), words[-1].strip(".,;:")):
        if word[:1].islower() and not any(c.isdigit() for c in word):
            return f"the {text.strip()}"
    return text


_CLAUSE_START = {
    "how", "why", "what", "when", "where", "whether", "which", "who", "whose", "if",
    "that", "ways", "lessons", "plans",
}  # fmt: skip
_HEAD_END = {"for", "of", "between", "in", "on", "with", "at", "to", "from", "after",
             "before", "across", "among", "without", "about", "during", "and", "versus", "vs",
             "as", "like", "into", "over", "under", "through", "by", "than"}  # fmt: skip


# Nouns that read without an article ("pay equity", "data governance").
_MASS = {
    "equity", "governance", "compliance", "strategy", "research", "data", "policy",
    "analytics", "security", "privacy", "infrastructure", "sustainability",
    "accessibility", "diversity", "inclusion", "mentorship", "recruitment", "procurement",
    "regulation", "legislation", "healthcare", "philanthropy", "fundraising", "finance",
    "marketing", "leadership", "design", "engineering", "safety", "quality", "growth",
    "retention", "churn", "latency", "performance", "reliability", "observability",
    "automation", "litigation", "advocacy", "outreach", "care", "education", "training",
    "software", "hardware", "logistics", "tax", "risk", "revenue", "feedback", "advice",
}  # fmt: skip


def _head(words: list[str]) -> str:
    """The last word before the first preposition or conjunction: a phrase's head noun."""
    head = []
    for word in words:
        if word.casefold() in _HEAD_END:
            break
        head.append(word.strip(".,;:"))
    return head[-1] if head else ""


def topic_phrase(text: str) -> str:
    """A topic as it stands after "about" or "of": a singular common-noun phrase gets
    "the" ("the latency budget for ranking", "the code review culture"); clauses ("how
    you ..."), gerunds ("migrating the ETL"), plurals ("data contracts between teams")
    and names stay as written."""
    words = text.split()
    if not words or words[0].casefold() in _DETERMINERS | _CLAUSE_START:
        return text
    if words[0].casefold().endswith("ing"):
        return text
    last = _head(words)
    if not last or not last[:1].islower() or last.casefold().endswith(("s", "ing")):
        return text
    if any(c.isdigit() for c in last) or last.casefold() in _MASS:
        return text
    return f"the {text.strip()}"
