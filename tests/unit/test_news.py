"""Company news in the domain: transparent classification (NEWS-001), dedupe, the feed URL
check (E4), news-note suggestions with their cap (NEWS-005) and the pause after bad news
(NEWS-004)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.adapters.calendar.holidays import MemoryHolidays
from followup.adapters.feeds.memory import MemoryFeedSource, Served
from followup.domain.errors import ValidationError
from followup.domain.network import news
from followup.domain.network.index import Records
from followup.domain.network.news import (
    Category,
    FeedError,
    FeedItem,
    NewsPolicy,
    ParsedEntry,
    classify,
)
from followup.domain.network.policy import NetworkPolicy
from followup.domain.network.standing import review_one
from followup.domain.records.followups import Direction, FollowUp, Kind, Message, Window
from followup.domain.records.model import (
    Application,
    Company,
    Contact,
    Snapshot,
    Stage,
    Tier,
)
from followup.domain.timing import planner
from followup.domain.timing.planning import Plan, Planning
from followup.domain.timing.policy import DEFAULT, Policies

NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)  # a Tuesday


@pytest.mark.parametrize(
    ("title", "category", "matched"),
    [
        ("Acme raises $40M Series B", Category.FUNDING, ("raises", "series b")),
        (
            "Globex launches Atlas, now generally available",
            Category.LAUNCH,
            ("launches", "generally available"),
        ),
        (
            "Initech wins Best Places to Work award",
            Category.AWARD,
            ("wins", "best places to work", "award"),
        ),
        ("Umbrella appoints Jane Doe as CTO", Category.HIRE, ("appoints",)),
        ("Jane Doe promoted to VP of Engineering", Category.HIRE, ("promoted",)),
        ("Hooli partners with Pied Piper", Category.PARTNERSHIP, ("partners with",)),
        ("Stark opens new office in Lisbon", Category.EXPANSION, ("opens new", "new office")),
        ("Acme lays off 10% of staff", Category.NEGATIVE, ("lays off",)),
        ("Acme raises $50M and announces layoffs", Category.NEGATIVE, ("layoffs",)),
        (
            "Regulators open investigation into Globex data breach",
            Category.NEGATIVE,
            ("investigation", "data breach", "breach"),
        ),
        ("Our thoughts on remote work", Category.OTHER, ()),
    ],
)
def test_classification_shows_the_words_that_decided_it(
    title: str, category: Category, matched: tuple[str, ...]
) -> None:
    verdict = classify(title)
    assert verdict.category is category
    assert verdict.matched == matched
    if matched:
        assert verdict.explain() == f"{category} (matched: {', '.join(matched)})"


def test_negative_words_in_the_summary_win_over_a_positive_title() -> None:
    verdict = classify("Acme launches new product", "The launch follows a restructuring.")
    assert verdict.category is Category.NEGATIVE and verdict.matched == ("restructuring",)
    assert not verdict.category.is_positive


def test_words_match_whole_words_only() -> None:
    assert classify("Raisesoft ships nothing").category is not Category.FUNDING
    assert classify("The playoffs are on").category is Category.OTHER  # not "layoff"


@given(st.text(max_size=300), st.text(max_size=300))
def test_every_matched_word_is_in_the_text(title: str, summary: str) -> None:
    verdict = classify(title, summary)
    text = " ".join(f"{title}\n{summary}".lower().split())
    for word in verdict.matched:
        assert word in text
    assert (verdict.category is Category.OTHER) == (not verdict.matched)


def entry(**kw: object) -> ParsedEntry:
    return ParsedEntry(**kw)  # type: ignore[arg-type]


def test_items_are_deduplicated_by_guid_then_link_then_title() -> None:
    entries = [
        entry(guid="g1", title="Acme raises money", link="https://a.example/1"),
        entry(guid="g1", title="Same guid, other title"),
        entry(link="https://a.example/2", title="Acme launches X"),
        entry(link="https://a.example/2", title="Same link"),
        entry(title="No guid or link"),
        entry(title="No guid or link"),
        entry(title="", link="javascript:alert(1)"),  # nothing usable: dropped
    ]
    items = news.to_items(entries, company_id=1, feed_url="https://a.example/f", fetched_at=NOW)
    assert [i.title for i in items] == ["Acme raises money", "Acme launches X", "No guid or link"]
    assert items[0].key == "guid:g1" and items[1].key == "link:https://a.example/2"
    assert items[2].key.startswith("hash:")
    assert items[0].category is Category.FUNDING


def test_hostile_sizes_are_trimmed_not_refused() -> None:
    items = news.to_items(
        [entry(guid="x", title="T" * 100_000, summary="<b>" + "s" * 100_000 + "</b>")],
        company_id=1,
        feed_url="https://a.example/f",
        fetched_at=NOW,
    )
    assert len(items[0].title) == news.TITLE_MAX and len(items[0].summary) == news.SUMMARY_MAX
    assert "<b>" not in items[0].summary


@pytest.mark.parametrize(
    "url",
    [
        "/etc/hostname",
        "file:///etc/hostname",
        "ftp://x.example/f",
        "feed.xml",
        "http://",
        "https://:80/x",
        "  ",
    ],
)
def test_feed_url_must_be_http_with_a_host(url: str) -> None:
    with pytest.raises(ValidationError, match="--feed"):
        news.check_feed_url(url)


def test_memory_feed_source_parses_real_bytes_and_honours_etags() -> None:
    feed = b"""<rss version="2.0"><channel><title>T</title>
    <item><guid>1</guid><title>Acme wins an award</title></item></channel></rss>"""
    source = MemoryFeedSource({"https://a.example/f": Served(body=feed, etag='"1"')})
    first = source.fetch("https://a.example/f")
    assert first.entries[0].title == "Acme wins an award"
    assert source.fetch("https://a.example/f", etag='"1"').not_modified
    with pytest.raises(FeedError, match="not an http"):
        source.fetch("file:///etc/passwd")


# -- suggestions -----------------------------------------------------------------------


def item(item_id: int, title: str, at: datetime, company_id: int = 1) -> FeedItem:
    verdict = classify(title)
    return FeedItem(
        id=item_id,
        company_id=company_id,
        feed_url="https://a.example/f",
        key=f"guid:{item_id}",
        title=title,
        published=at,
        fetched_at=at,
        category=verdict.category,
        matched=verdict.matched,
    )


def planning_for(
    contacts: list[Contact],
    messages: tuple[Message, ...] = (),
    apps: tuple[Application, ...] = (),
    now: datetime = NOW,
) -> tuple[Planning, Records]:
    snapshot = Snapshot(
        companies=(Company(id=1, name="Acme", country="US", tz="UTC"),),
        contacts=tuple(contacts),
        messages=messages,
        applications=apps,
    )
    return Planning(snapshot, Policies(DEFAULT), now, MemoryHolidays()), Records.of(snapshot)


def notes(
    items: list[FeedItem],
    contact: Contact,
    messages: tuple[Message, ...] = (),
    apps: tuple[Application, ...] = (),
) -> list[FollowUp]:
    planning, records = planning_for([contact], messages, apps)
    s = review_one(contact, records, planning, NetworkPolicy())
    return news.note_rule(items, NewsPolicy())(planning, s)


GRACE = Contact(id=5, name="Grace", company_id=1, tier=Tier.REGULAR)


def test_a_fresh_positive_item_suggests_one_note_for_the_newest() -> None:
    found = notes(
        [
            item(1, "Acme raises Series A", NOW - timedelta(days=3)),
            item(2, "Acme launches Atlas", NOW - timedelta(days=1)),
        ],
        GRACE,
    )
    assert [f.key for f in found] == ["news-note/c5/n2"]
    assert "launch (matched: launches)" in found[0].reason
    assert "never sent without you" in found[0].reason and "NEWS-005" in found[0].reason
    # Anchored on the news (the next preferred morning after it), not on "now": it does
    # not slide at every run.
    assert found[0].window.recommended == datetime(2026, 3, 10, 9, tzinfo=UTC)
    assert found[0].window.latest == NOW - timedelta(days=1) + NewsPolicy().note_open


def test_negative_and_stale_news_suggest_nothing() -> None:
    assert notes([item(1, "Acme lays off 200", NOW - timedelta(days=1))], GRACE) == []
    assert notes([item(1, "Acme raises money", NOW - timedelta(days=40))], GRACE) == []


def test_at_most_one_news_note_per_contact_per_30_days() -> None:
    sent = (
        Message(
            contact_id=5, direction=Direction.OUT, kind=Kind.NEWS_NOTE, at=NOW - timedelta(days=25)
        ),
    )
    # The cap ends 5 days from now, inside the news item's 10-day relevance: moved there.
    moved = notes([item(1, "Acme raises money", NOW - timedelta(days=1))], GRACE, sent)
    assert moved and moved[0].window.earliest >= NOW + timedelta(days=5)
    sent = (
        Message(
            contact_id=5, direction=Direction.OUT, kind=Kind.NEWS_NOTE, at=NOW - timedelta(days=10)
        ),
    )
    assert notes([item(1, "Acme raises money", NOW - timedelta(days=1))], GRACE, sent) == []


def test_people_outside_the_network_or_in_a_process_get_no_news_note() -> None:
    fresh = [item(1, "Acme wins award", NOW - timedelta(days=1))]
    assert notes(fresh, Contact(id=6, name="Out", company_id=1, tier=Tier.NONE)) == []
    assert notes(fresh, Contact(id=7, name="Unknown", company_id=1)) == []
    live = (
        Application(
            id=1,
            company_id=1,
            role="Eng",
            stage=Stage.INTERVIEWING,
            created_at=NOW - timedelta(days=9),
        ),
    )
    assert (
        notes(fresh, Contact(id=8, name="Interviewer", company_id=1, tier=Tier.CLOSE), apps=live)
        == []
    )


def test_freshest_is_the_status_checks_value_item() -> None:
    items = [
        item(1, "Acme raises money", NOW - timedelta(days=2)),
        item(2, "Acme lays off staff", NOW - timedelta(days=1)),
        item(3, "Other co launches", NOW, company_id=2),
    ]
    best = news.freshest(items, 1, NOW)
    assert best is not None and best.id == 1
    assert best.as_note().category == "funding"


def test_layoffs_pause_status_checks_for_five_business_days() -> None:
    bad = item(1, "Acme announces layoffs", datetime(2026, 3, 6, 15, tzinfo=UTC))  # a Friday
    planning, _ = planning_for([])
    paused = news.pauses([bad, item(2, "Acme raises", NOW)], planning, NewsPolicy())
    # Five business days in Acme's calendar: Mon 9 to Fri 13 March, to the end of that day.
    assert [(p.company_id, p.until.date()) for p in paused] == [(1, date(2026, 3, 13))]
    later, _ = planning_for([], now=datetime(2026, 3, 14, tzinfo=UTC))
    assert news.pauses([bad], later, NewsPolicy()) == []
    check = FollowUp(
        key="status-check/a1/n1",
        kind=Kind.STATUS_CHECK,
        application_id=1,
        window=Window(earliest=NOW, recommended=NOW, latest=NOW + timedelta(days=3)),
        created_at=NOW,
        updated_at=NOW,
    )
    thanks = FollowUp(
        key="thank-you/i1/c5",
        kind=Kind.THANK_YOU,
        application_id=1,
        window=check.window,
        created_at=NOW,
        updated_at=NOW,
    )
    held = news.hold(Plan([check, thanks], {}), paused, planning, {1: 1})
    moved, kept = held.followups
    assert moved.window.recommended > paused[0].until
    assert "NEWS-004" in moved.reason and "layoffs" in moved.reason
    assert kept == thanks  # only nudges wait


def test_news_settings_are_checked() -> None:
    assert NewsPolicy.from_config({"news": {"fresh_for_days": 7}}).fresh_for == timedelta(days=7)
    with pytest.raises(ValidationError, match=re.escape("news.colour: unknown setting")):
        NewsPolicy.from_config({"news": {"colour": 1}})


def test_planner_merge_cancels_a_suggestion_when_newer_news_replaces_it() -> None:
    old = notes([item(1, "Acme raises money", NOW - timedelta(days=2))], GRACE)
    new = notes(
        [
            item(1, "Acme raises money", NOW - timedelta(days=2)),
            item(2, "Acme wins award", NOW - timedelta(days=1)),
        ],
        GRACE,
    )
    stored = [FollowUp(**{**_fields(old[0]), "id": 1})]
    changes = planner.merge(stored, Plan(new, {}), NOW, kinds=frozenset({Kind.NEWS_NOTE}))
    assert {(c.key, c.status.value) for c in changes} == {
        ("news-note/c5/n1", "cancelled"),
        ("news-note/c5/n2", "planned"),
    }


def _fields(f: FollowUp) -> dict[str, object]:
    return {name: getattr(f, name) for name in f.__slots__}  # type: ignore[attr-defined]


def test_a_status_check_held_by_bad_news_is_replanned_from_when_the_hold_lifts() -> None:
    # Issue 17 §5 (NEWS-004): its window moves whole, so it is not overdue the moment the
    # hold lifts, counted from a deadline that fell while it was not allowed.
    bad = item(1, "Acme announces layoffs", datetime(2026, 3, 6, 15, tzinfo=UTC))
    planning, _ = planning_for([])
    paused = news.pauses([bad], planning, NewsPolicy())
    check = FollowUp(
        key="status-check/a1/n1",
        kind=Kind.STATUS_CHECK,
        application_id=1,
        window=Window(earliest=NOW, recommended=NOW, latest=NOW + timedelta(days=3)),
        created_at=NOW,
        updated_at=NOW,
    )
    (moved,) = news.hold(Plan([check], {}), paused, planning, {1: 1}).followups
    assert moved.window.recommended > paused[0].until
    assert moved.window.latest - moved.window.recommended >= timedelta(days=3)
    assert moved.reason.strip().startswith("Held until")
