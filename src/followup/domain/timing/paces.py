"""The pace of a field, from the words people type for it, and where each pace comes from.

The seed: fast-paced fields send the thank-you within the 24-hour window, informal or
laid-back fields at about the 48-hour mark, everything else in between. Fields are
matched on their words and common synonyms ("AI/ML", "non profit", "Higher-Ed"), not
on exact strings. docs/policy.md shows the same table with its sources.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from followup.domain.records.model import Pace

# Why each group has its pace; docs/policy.md prints these next to the table.
SOURCES: Mapping[str, str] = {
    "tech_sales": "seed: 'fast-paced industries, such as technology or sales … within the "
    "24-hour window'",
    "finance_consulting": "TIMING-001: employers recruiting at Babson (finance, consulting) "
    "expect the email on the interview day [A]",
    "hospitality_staffing": "TIMING-010: Glassdoor 2017, restaurants and bars hire fastest "
    "(10.2 days against 23.8 on average) [A]; agencies place candidates within days "
    "[inferred, CAD-008]",
    "standard": "TIMING-001: within 24 hours, 24–48 h acceptable (most career centres, "
    "Accountemps, TopResume) [A/B]",
    "relaxed": "seed: 'an informal setting or a more laid-back industry … the 48-hour mark'; "
    "TIMING-010: government hiring takes 53.8 days on average (Glassdoor 2017) [A]",
}


def _names(text: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in text.split(","))


# (pace, source key, names). Names are in normalised form (see `words`); a name of
# several words matches those words in order anywhere in the field.
_GROUPS: tuple[tuple[Pace, str, tuple[str, ...]], ...] = (
    (
        Pace.FAST,
        "tech_sales",
        _names(
            "technology, tech, software, saas, internet, it, information technology, "
            "cybersecurity, cyber security, cyber, infosec, information security, "
            "security engineering, ai, ml, artificial intelligence, machine learning, data, "
            "data science, analytics, big data, cloud, devops, web3, crypto, blockchain, "
            "edtech, fintech, healthtech, health tech, medtech, insurtech, proptech, "
            "legaltech, regtech, adtech, martech, hrtech, cleantech, climate tech, startup, "
            "startups, scaleup, e-commerce, ecommerce, e commerce, online retail, marketplace, "
            "sales, business development, advertising, media, digital media, journalism, news, "
            "video games"
        ),
    ),
    (
        Pace.FAST,
        "finance_consulting",
        _names(
            "finance, financial services, banking, investment banking, bank, trading, "
            "hedge fund, hedge funds, asset management, wealth management, "
            "investment management, investments, private equity, pe, venture capital, vc, "
            "consulting, management consulting, strategy consulting, consultancy"
        ),
    ),
    (
        Pace.FAST,
        "hospitality_staffing",
        _names(
            "hospitality, hotel, hotels, restaurant, restaurants, food service, "
            "food and beverage, f b, catering, tourism, travel, leisure, retail, staffing, "
            "recruiting, recruitment, talent acquisition, executive search, headhunting, "
            "temp agency, employment agency"
        ),
    ),
    (
        Pace.RELAXED,
        "relaxed",
        _names(
            "nonprofit, non profit, not for profit, ngo, charity, charities, philanthropy, "
            "foundation, third sector, social sector, voluntary sector, education, teaching, "
            "schools, school, k 12, k12, higher education, higher ed, academia, academic, "
            "university, college, research, research institute, think tank, government, "
            "public sector, civil service, public service, public administration, federal, "
            "local government, municipal, arts, culture, museums, museum, music, libraries, "
            "library"
        ),
    ),
    (
        Pace.STANDARD,
        "standard",
        _names(
            "healthcare, health care, health, hospital, medicine, medical, pharma, "
            "pharmaceutical, pharmaceuticals, biotech, biotechnology, life sciences, "
            "manufacturing, engineering, law, legal, law firm, accounting, audit, auditing, "
            "tax, energy, utilities, oil and gas, construction, real estate, insurance, "
            "logistics, supply chain, transport, transportation, automotive, aerospace, "
            "defense, defence, agriculture, food, consumer goods, fmcg, cpg, marketing, "
            "public relations, pr, design, architecture, hr, human resources, gaming, telecom, "
            "telecommunications, other"
        ),
    ),
)


def _table() -> dict[str, tuple[Pace, str]]:
    out: dict[str, tuple[Pace, str]] = {}
    for pace, source, names in _GROUPS:
        for name in names:
            out.setdefault(" ".join(words(name)), (pace, source))
    return out


_SPLIT = re.compile(r"[^0-9a-z+]+")


def words(text: str) -> list[str]:
    """`AI/ML` -> ["ai", "ml"]; `Non-Profit` -> ["non", "profit"]: lower case, split on
    anything but letters, digits and `+`."""
    return [w for w in _SPLIT.split(text.casefold()) if w]


INDUSTRY_PACE: Mapping[str, Pace] = {k: v[0] for k, v in _table().items()}
_SOURCE_OF: Mapping[str, str] = {k: v[1] for k, v in _table().items()}


def normalise_industry(text: str) -> str:
    """The table's key form: lower-case words joined by single spaces."""
    return " ".join(words(text))


def _phrases(ws: list[str]) -> Iterable[str]:
    # Longest phrases first, left to right; then each word run together ("non profit"
    # -> "nonprofit", "e commerce" -> "ecommerce").
    for size in range(min(len(ws), 4), 0, -1):
        for i in range(len(ws) - size + 1):
            part = ws[i : i + size]
            yield " ".join(part)
            if size > 1:
                yield "".join(part)


def lookup(table: Mapping[str, Pace], industry: str) -> tuple[Pace, str] | None:
    """The pace of a field and the table entry that matched, or None when no word of it is
    known. `enterprise software` matches software; `Higher-Ed` matches higher ed."""
    for phrase in _phrases(words(industry)):
        found = table.get(phrase)
        if found is not None:
            return found, phrase
    return None


def source_of(entry: str) -> str:
    """Where the pace of a table entry comes from (empty for the user's own entries)."""
    key = _SOURCE_OF.get(entry)
    return SOURCES[key] if key else ""


def groups() -> list[tuple[Pace, str, tuple[str, ...]]]:
    """The table by group, for docs and tests: (pace, source, names)."""
    return [(pace, SOURCES[source], names) for pace, source, names in _GROUPS]
