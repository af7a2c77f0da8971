"""Company news: feed items, their transparent classification, and the notes they suggest.

Classification is a word list, not a model: every verdict carries the words that
matched, so the user can see why an item counts as funding or as layoffs (NEWS-001).
Positive items suggest a "news note" (never sent on their own); negative ones
suggest nothing and pause status checks at that employer (NEWS-004).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cache
from hashlib import sha256
from typing import Any

from followup.domain.errors import Unavailable, ValidationError
from followup.domain.network.standing import Standing
from followup.domain.records import fields
from followup.domain.records.followups import Direction, FollowUp, Kind, Window
from followup.domain.timing.planning import Plan, Planning
from followup.domain.timing.wording import short_day
from followup.domain.writing.context import NewsItem


class FeedError(Unavailable):
    """One feed could not be fetched or parsed; the message says which and why."""

    def __init__(self, url: str, problem: str) -> None:
        self.url = url
        self.problem = problem
        super().__init__(f"feed {url}: {problem}")


class Category(StrEnum):
    """What a news item is about (NEWS-001, NEWS-004)."""

    FUNDING = "funding"
    LAUNCH = "launch"
    AWARD = "award"
    HIRE = "hire"  # a hire or a promotion
    PARTNERSHIP = "partnership"
    EXPANSION = "expansion"
    NEGATIVE = "negative"  # layoffs, lawsuits, bad results, scandals
    OTHER = "other"

    @property
    def is_positive(self) -> bool:
        """A legitimate reason to get in touch (NEWS-001)."""
        return self not in (Category.NEGATIVE, Category.OTHER)


def _phrases(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split(",") if p.strip())


# Each phrase is matched as whole words, case-insensitively; `*` stands for any word ending.
# Order matters only for ties: the earlier positive category wins.
LEXICON: Mapping[Category, tuple[str, ...]] = {
    Category.NEGATIVE: _phrases(
        "layoff*, lays off, laid off, laying off, job cuts, cuts jobs, cut jobs, workforce "
        "reduction, reduction in force, redundanc*, downsiz*, furlough*, restructuring, "
        "lawsuit*, sued, sues, class action, settlement, fined, penalty, investigation, probe, "
        "scandal, fraud, data breach, breach, outage, recall*, bankrupt*, insolvency, chapter "
        "11, shuts down, shutting down, shut down, wind down, winds down, net loss, losses, "
        "misses estimates, profit warning, resigns amid, steps down amid, ousted"
    ),
    Category.FUNDING: _phrases(
        "raises, raised, funding, funding round, series a, series b, series c, series d, series "
        "e, seed round, pre-seed, investment from, investors, valuation, backed by, venture "
        "capital, ipo, goes public, acquires, acquisition"
    ),
    Category.LAUNCH: _phrases(
        "launch*, introduc*, unveil*, debut*, now available, generally available, general "
        "availability, releases, released, release of, new product, new feature*, rolls out, "
        "rolling out, ships"
    ),
    Category.AWARD: _phrases(
        "award*, wins, won, winner, named a leader, named leader, recogni*, honored, honoured, "
        "best places to work, great place to work, top 100, top 50, prize, ranked, certified b "
        "corp"
    ),
    Category.HIRE: _phrases(
        "appoint*, hires, hired, joins as, joined as, promoted, promotion, promotes, "
        "names new, named ceo, named cto, new ceo, new cto, new cfo, new vp, welcomes, "
        "elevated to"
    ),
    Category.PARTNERSHIP: _phrases(
        "partnership, partners with, partnered with, partnering with, teams up, team up, "
        "collaborat*, alliance, joint venture, integration with, signs deal"
    ),
    Category.EXPANSION: _phrases(
        "expands, expanded, expansion, new office*, opens office, opens new, opens in, new "
        "headquarters, new market*, growing team, is hiring"
    ),
}


def _pattern(phrase: str) -> str:
    words = [re.escape(w.rstrip("*")) + (r"\w*" if w.endswith("*") else "") for w in phrase.split()]
    return r"\b" + r"\s+".join(words) + r"\b"


@cache
def _compiled() -> dict[Category, tuple[re.Pattern[str], ...]]:
    """The lexicon as patterns, compiled on first use (not on the CLI's start-up path)."""
    return {
        category: tuple(re.compile(_pattern(p), re.IGNORECASE) for p in phrases)
        for category, phrases in LEXICON.items()
    }


@dataclass(frozen=True, slots=True)
class Classification:
    """A category and the words in the item that decided it."""

    category: Category
    matched: tuple[str, ...] = ()

    def explain(self) -> str:
        """E.g. `funding (matched: raises, series b)`."""
        if not self.matched:
            return f"{self.category} (no listed words matched)"
        return f"{self.category} (matched: {', '.join(self.matched)})"


def classify(title: str, summary: str = "") -> Classification:
    """Classify an item by the listed words in its title and summary.

    Any negative word wins: "raises $50M and lays off 10%" is not a reason to
    congratulate anyone (NEWS-004). Otherwise the category with most matches wins.
    """
    text = f"{title}\n{summary}"
    found: dict[Category, dict[str, int]] = {}  # category -> word -> first position
    compiled = _compiled()
    for category, patterns in compiled.items():
        for pattern in patterns:
            for match in pattern.finditer(text):
                word = " ".join(match.group(0).lower().split())
                found.setdefault(category, {}).setdefault(word, match.start())
    # Words in the order they appear in the item, as a reader would find them.
    hits = {c: sorted(words, key=lambda w: (words[w], w)) for c, words in found.items()}
    if Category.NEGATIVE in hits:
        return Classification(Category.NEGATIVE, tuple(hits[Category.NEGATIVE]))
    if not hits:
        return Classification(Category.OTHER)
    order = list(compiled)
    best = max(hits, key=lambda c: (len(hits[c]), -order.index(c)))
    return Classification(best, tuple(hits[best]))


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedItem:
    """One entry of a company feed, as stored."""

    id: int | None = None
    company_id: int
    feed_url: str
    key: str  # dedupe identity: the guid, else the link, else a hash of title and date
    title: str
    link: str = ""
    summary: str = ""
    published: datetime | None = None  # None when the feed's date was missing or malformed
    fetched_at: datetime
    category: Category = Category.OTHER
    matched: tuple[str, ...] = ()

    @property
    def classification(self) -> Classification:
        return Classification(self.category, self.matched)

    @property
    def seen_at(self) -> datetime:
        """When the news happened as far as we know: its date, else when we fetched it."""
        return self.published or self.fetched_at

    def as_note(self) -> NewsItem:
        """The form the composer takes (CAD-005, NEWS-002)."""
        return NewsItem(title=self.title, url=self.link, category=str(self.category))


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedEntry:
    """An entry as the feed parser hands it over, before classification."""

    guid: str = ""
    link: str = ""
    title: str = ""
    summary: str = ""
    published: datetime | None = None


def item_key(entry: ParsedEntry) -> str:
    """The dedupe key: guid, else link, else a hash of the title and date."""
    if entry.guid:
        return f"guid:{entry.guid}"
    if entry.link:
        return f"link:{entry.link}"
    stamp = entry.published.isoformat() if entry.published else ""
    return "hash:" + sha256(f"{entry.title}\n{stamp}".encode()).hexdigest()[:32]


TITLE_MAX = 500
SUMMARY_MAX = 2_000


def to_items(
    entries: Iterable[ParsedEntry], *, company_id: int, feed_url: str, fetched_at: datetime
) -> list[FeedItem]:
    """Clean, classify and de-duplicate parsed entries (first occurrence wins)."""
    seen: set[str] = set()
    items = []
    for entry in entries:
        # Cut before cleaning: a hostile feed's megabyte title is trimmed, not refused.
        title = fields.line("title", entry.title[:TITLE_MAX])
        text = _strip_tags(entry.summary[: SUMMARY_MAX * 4])
        summary = fields.line("summary", text, limit=SUMMARY_MAX * 4)[:SUMMARY_MAX]
        link = entry.link.strip() if re.match(r"^https?://", entry.link.strip(), re.I) else ""
        if not title and not link:
            continue
        key = item_key(replace(entry, title=title, link=link))
        if key in seen:
            continue
        seen.add(key)
        verdict = classify(title, summary)
        items.append(
            FeedItem(
                company_id=company_id,
                feed_url=feed_url,
                key=key[:600],
                title=title or link,
                link=link[: fields.URL_MAX],
                summary=summary,
                published=entry.published,
                fetched_at=fetched_at,
                category=verdict.category,
                matched=verdict.matched,
            )
        )
    return items


_TAG = re.compile(r"<[^>]*>")


def _strip_tags(text: str) -> str:
    """Plain text for classification and display; the feed's HTML is never rendered."""
    return _TAG.sub(" ", text)


def check_feed_url(value: str, field_name: str = "--feed") -> str:
    """An http(s) feed URL with a host; refuses paths and file:// (reliability E4)."""
    text = value.strip()
    if not text:
        raise ValidationError(field_name, "a feed URL is required")
    if not re.match(r"^https?://", text, re.IGNORECASE):
        raise ValidationError(
            field_name, f"{text!r} is not an http(s) URL (local paths and file:// are refused)"
        )
    checked = fields.url(field_name, text)
    host = re.match(r"^https?://([^/?#]*)", checked, re.IGNORECASE)
    authority = host.group(1) if host else ""
    hostname = authority.rpartition("@")[2]
    if not hostname or hostname.startswith(":"):
        raise ValidationError(field_name, f"{text!r} has no host name")
    return checked


# -- fetching ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Fetched:
    """What one fetch of a feed brought: its entries, or "not modified" (a 304)."""

    url: str
    final_url: str = ""  # after redirects
    not_modified: bool = False
    entries: tuple[ParsedEntry, ...] = ()
    etag: str = ""
    last_modified: str = ""
    title: str = ""
    warning: str = ""  # an ill-formed feed that still gave entries (feedparser's "bozo")


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedState:
    """What we remember about one company feed between fetches."""

    company_id: int
    url: str
    etag: str = ""
    last_modified: str = ""
    checked_at: datetime | None = None
    ok_at: datetime | None = None
    error: str = ""  # the last fetch's problem, empty when it worked
    title: str = ""


# -- notes and pauses ------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class NewsPolicy:
    """Settings for news-driven notes (`[news]`; NEWS-004). The per-contact cap (NEWS-005)
    is each recipient's `policy.news_note_min_days`."""

    fresh_for: timedelta = timedelta(days=14)  # older items are not news any more
    note_open: timedelta = timedelta(days=10)  # how long a suggested note stays relevant
    negative_pause_business_days: int = 5  # NEWS-004

    @classmethod
    def from_config(cls, config: Mapping[str, object]) -> NewsPolicy:
        """Read the `[news]` table of the config file; unknown keys are errors."""
        table = config.get("news", {})
        if not isinstance(table, Mapping):
            raise ValidationError("news", "must be a table")
        changes: dict[str, Any] = {}
        for key, value in table.items():
            where = f"news.{key}"
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 365:
                raise ValidationError(where, f"must be a whole number from 0 to 365, not {value!r}")
            if key in ("fresh_for_days", "note_open_days"):
                changes[key.removesuffix("_days")] = timedelta(days=value)
            elif key == "negative_pause_business_days":
                changes[key] = value
            else:
                raise ValidationError(where, "unknown setting")
        return replace(cls(), **changes)


def fresh(item: FeedItem, now: datetime, policy: NewsPolicy) -> bool:
    """Published (or first seen) within `fresh_for`, and not in the future."""
    return now - policy.fresh_for <= item.seen_at <= now + timedelta(days=1)


def freshest(
    items: Iterable[FeedItem], company_id: int, now: datetime, policy: NewsPolicy | None = None
) -> FeedItem | None:
    """The newest fresh positive item at a company: the value item of a status check
    (CAD-005, NEWS-002)."""
    policy = policy or NewsPolicy()
    candidates = [
        i
        for i in items
        if i.company_id == company_id and i.category.is_positive and fresh(i, now, policy)
    ]
    return max(candidates, key=lambda i: (i.seen_at, i.id or 0), default=None)


def note_rule(
    items: Sequence[FeedItem], policy: NewsPolicy
) -> Callable[[Planning, Standing], list[FollowUp]]:
    """The network's news-note rule: at most one note per contact, from the freshest
    positive item at their company, `news_note_min_days` after their last (NEWS-001/005).

    Only people in the network and outside an open process get one (their status check
    uses the news instead, NEWS-002); negative items never suggest a note (NEWS-004).
    It is a suggestion on the agenda, never sent on its own.
    """
    by_company: dict[int, list[FeedItem]] = {}
    for item in items:
        by_company.setdefault(item.company_id, []).append(item)

    def rule(planning: Planning, s: Standing) -> list[FollowUp]:
        contact = s.contact
        if contact.company_id is None or not s.in_network or s.in_process:
            return []
        item = freshest(
            by_company.get(contact.company_id, ()), contact.company_id, planning.now, policy
        )
        if item is None or item.id is None:
            return []
        company = planning.companies.get(contact.company_id)
        cal, recipient_policy = planning.calendar(company, contact)
        start = item.seen_at  # fixed, so the note does not slide at every run
        sent = [
            m.at
            for m in planning.contact_messages.get(s.contact_id, ())
            if m.direction is Direction.OUT and m.kind is Kind.NEWS_NOTE
        ]
        if sent:
            start = max(start, max(sent) + timedelta(days=recipient_policy.news_note_min_days))
        latest = item.seen_at + policy.note_open
        begin = cal.local(cal.next_preferred(start))
        if begin > latest or latest < planning.now:
            return []  # the cap outlasts the news, or the news is stale: no late congratulations
        return [
            planning.followup(
                f"news-note/c{s.contact_id}/n{item.id}",
                Kind.NEWS_NOTE,
                Window(earliest=begin, recommended=begin, latest=cal.local(latest)),
                f"{company.name if company else 'Their company'} news: {item.title!r}, "
                f"{item.classification.explain()}. A short note of congratulations, never sent "
                f"without you; at most one every {recipient_policy.news_note_min_days} days "
                "(NEWS-001, NEWS-005).",
                contact_id=s.contact_id,
            )
        ]

    return rule


@dataclass(frozen=True, slots=True, kw_only=True)
class Pause:
    """Status checks to a company's people wait until `until` (NEWS-004)."""

    company_id: int
    until: datetime
    item: FeedItem = field(compare=False)


def pauses(items: Iterable[FeedItem], planning: Planning, policy: NewsPolicy) -> list[Pause]:
    """Companies with negative news whose pause still runs, one per company: the pause
    counts business days in the company's own calendar (NEWS-004)."""
    latest: dict[int, Pause] = {}
    for item in items:
        if item.category is not Category.NEGATIVE:
            continue
        cal = planning.calendar(planning.companies.get(item.company_id), None)[0]
        last = cal.add_business_days(
            cal.local_date(item.seen_at), policy.negative_pause_business_days
        )
        until = cal.local(cal.day(last).close)
        if until <= planning.now:
            continue
        current = latest.get(item.company_id)
        if current is None or until > current.until:
            latest[item.company_id] = Pause(company_id=item.company_id, until=until, item=item)
    return sorted(latest.values(), key=lambda p: p.company_id)


def hold(
    plan: Plan, paused: Sequence[Pause], planning: Planning, applications: Mapping[int, int]
) -> Plan:
    """Move status checks at a company with fresh negative news after the pause (NEWS-004).
    `applications` maps an application id to its company id."""
    if not paused:
        return plan
    until = {p.company_id: p for p in paused}
    out = []
    for f in plan.followups:
        company_id = applications.get(f.application_id) if f.application_id else None
        pause = until.get(company_id) if company_id is not None else None
        if f.kind is Kind.STATUS_CHECK and pause is not None and f.window.recommended < pause.until:
            contact = planning.contacts.get(f.contact_id) if f.contact_id else None
            cal = planning.calendar(planning.companies.get(company_id), contact)[0]
            at = cal.local(cal.next_preferred(pause.until))
            f = replace(
                f,
                window=Window(
                    earliest=max(f.window.earliest, at),
                    recommended=at,
                    # Re-planned from when the hold lifts: the window moves whole, so
                    # it is not overdue since a deadline that fell inside the hold.
                    latest=max(f.window.latest, at + (f.window.latest - f.window.recommended)),
                ),
                reason=f"{f.reason} Held until {short_day(cal.local_date(at))}: the company "
                f"announced {pause.item.title!r} ({pause.item.classification.explain()}); "
                "give them room (NEWS-004).",
            )
        out.append(f)
    return Plan(out, plan.retired, plan.kept)
