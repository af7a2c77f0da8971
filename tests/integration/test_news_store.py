"""The NewsStore contract, run against every Store engine (SQLite, PostgreSQL, memory)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.adapters.store.memory import MemoryStore
from followup.adapters.store.news import MemoryNews, SqliteNews
from followup.adapters.store.postgres.news import PostgresNews
from followup.adapters.store.postgres.store import PostgresStore
from followup.adapters.store.sqlite import SqliteStore
from followup.domain.network.news import Category, FeedItem, FeedState
from followup.domain.network.offers import Offer
from followup.domain.records.model import Application, Company, Stage
from followup.ports import NewsStore, Store

T0 = datetime(2026, 11, 1, 9, tzinfo=UTC)


@pytest.fixture
def stores(any_store: Store) -> tuple[Store, NewsStore]:
    """Each engine's store (tests/conftest.py) with its news repository."""
    company = any_store.companies.add(Company(name="Acme"))
    assert company.id == 1
    any_store.applications.add(
        Application(company_id=1, role="Eng", stage=Stage.OFFER, created_at=T0)
    )
    return any_store, any_store.news


def item(key: str, at: datetime, title: str = "Acme raises money") -> FeedItem:
    return FeedItem(
        company_id=1,
        feed_url="https://acme.example/f",
        key=key,
        title=title,
        published=at,
        fetched_at=T0,
        category=Category.FUNDING,
        matched=("raises",),
    )


def test_the_twin_matches_the_store(stores: tuple[Store, NewsStore]) -> None:
    store, news = stores
    expected = {SqliteStore: SqliteNews, MemoryStore: MemoryNews, PostgresStore: PostgresNews}
    assert isinstance(news, expected[type(store)])


def test_items_are_stored_once_per_company_and_key(stores: tuple[Store, NewsStore]) -> None:
    _, news = stores
    first = news.add_items([item("guid:1", T0), item("guid:2", T0 + timedelta(days=1))])
    assert [i.key for i in first] == ["guid:1", "guid:2"] and all(i.id for i in first)
    again = news.add_items([item("guid:1", T0, "changed title"), item("guid:3", T0)])
    assert [i.key for i in again] == ["guid:3"]
    listed = news.list_items()
    assert [i.key for i in listed][:1] == ["guid:2"]  # newest first
    assert listed[0] == first[1]  # round-trips exactly, time zone included
    assert [i.key for i in news.list_items(since=T0 + timedelta(hours=1))] == ["guid:2"]
    assert len(news.list_items(limit=1)) == 1 and news.list_items(company_id=99) == []


def test_feed_state_is_upserted(stores: tuple[Store, NewsStore]) -> None:
    _, news = stores
    state = FeedState(company_id=1, url="https://acme.example/f", etag='"1"', checked_at=T0)
    news.save_feed_state(state)
    news.save_feed_state(
        FeedState(
            company_id=1, url="https://acme.example/f", etag='"2"', error="HTTP 500", checked_at=T0
        )
    )
    assert [(s.etag, s.error) for s in news.feed_states()] == [('"2"', "HTTP 500")]
    assert news.feed_states(company_id=2) == []


def test_offer_concerns_round_trip(stores: tuple[Store, NewsStore]) -> None:
    _, news = stores
    assert news.get_offer(1) is None
    news.save_offer(Offer(application_id=1, concerns=("start date",), updated_at=T0))
    news.save_offer(Offer(application_id=1, concerns=("start date", "équité"), updated_at=T0))
    assert news.get_offer(1) == Offer(
        application_id=1, concerns=("start date", "équité"), updated_at=T0
    )
    assert [o.application_id for o in news.list_offers()] == [1]


def test_a_failed_transaction_stores_nothing(stores: tuple[Store, NewsStore]) -> None:
    _, news = stores
    with pytest.raises(RuntimeError), news.transaction():
        news.add_items([item("guid:9", T0)])
        raise RuntimeError("boom")
    assert news.list_items() == []


@given(st.text(min_size=1, max_size=200), st.text(max_size=300))
def test_unicode_titles_round_trip(
    tmp_path_factory: pytest.TempPathFactory, title: str, key: str
) -> None:
    store = SqliteStore(tmp_path_factory.mktemp("h") / "h.db")
    try:
        store.companies.add(Company(name="Acme"))
        news = store.news
        added = news.add_items([item("k:" + key, T0, title)])
        assert news.list_items() == added
    finally:
        store.close()
