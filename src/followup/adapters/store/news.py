"""The news repository: feed state, news items and offer concerns, on SQLite and in memory.

Each is `Store.news` of its engine: the SQLite one shares the store's `Database`
(migration 0003_news.sql), the memory one the memory store's tables, so writes join
the same transactions.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from datetime import datetime
from typing import Any

from followup.adapters.store.database import Database, translate
from followup.adapters.store.twin import Repository, Twin
from followup.domain.errors import Conflict
from followup.domain.network.news import Category, FeedItem, FeedState
from followup.domain.network.offers import Offer
from followup.domain.records.stamps import opt_from_text, opt_to_text, to_text

ITEM_COLUMNS = (
    "id, company_id, feed_url, key, title, link, summary, published, fetched_at, category, matched"
)


def read_item(r: Sequence[Any]) -> FeedItem:
    fetched = opt_from_text(r[8])
    assert fetched is not None
    return FeedItem(
        id=r[0],
        company_id=r[1],
        feed_url=r[2],
        key=r[3],
        title=r[4],
        link=r[5],
        summary=r[6],
        published=opt_from_text(r[7]),
        fetched_at=fetched,
        category=Category(r[9]),
        matched=tuple(json.loads(r[10])),
    )


def item_values(item: FeedItem) -> tuple[Any, ...]:
    """An item's columns after `id`, in `ITEM_COLUMNS` order, then `seen_at`."""
    return (
        item.company_id,
        item.feed_url,
        item.key,
        item.title,
        item.link,
        item.summary,
        opt_to_text(item.published),
        to_text(item.fetched_at),
        item.category.value,
        json.dumps(list(item.matched)),
        to_text(item.seen_at),
    )


def read_state(r: Sequence[Any]) -> FeedState:
    return FeedState(
        company_id=r[0],
        url=r[1],
        etag=r[2],
        last_modified=r[3],
        checked_at=opt_from_text(r[4]),
        ok_at=opt_from_text(r[5]),
        error=r[6],
        title=r[7],
    )


class SqliteNews:
    """NewsStore in the followup database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.db.transaction():
            yield

    def _read(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self.db.conn.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise translate(exc, self.db.path) from None

    def feed_states(self, company_id: int | None = None) -> list[FeedState]:
        sql = (
            "SELECT company_id, url, etag, last_modified, checked_at, ok_at, error, title "
            "FROM feed_state"
        )
        if company_id is None:
            return [read_state(r) for r in self._read(sql + " ORDER BY company_id, url")]
        return [
            read_state(r)
            for r in self._read(sql + " WHERE company_id = ? ORDER BY url", (company_id,))
        ]

    def save_feed_state(self, state: FeedState) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO feed_state (company_id, url, etag, last_modified, checked_at, ok_at,"
                " error, title) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (company_id, url) DO"
                " UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,"
                " checked_at = excluded.checked_at, ok_at = excluded.ok_at,"
                " error = excluded.error, title = excluded.title",
                (
                    state.company_id,
                    state.url,
                    state.etag,
                    state.last_modified,
                    opt_to_text(state.checked_at),
                    opt_to_text(state.ok_at),
                    state.error,
                    state.title,
                ),
            )

    def add_items(self, items: Iterable[FeedItem]) -> list[FeedItem]:
        added = []
        with self.db.transaction() as conn:
            for item in items:
                cur = conn.execute(
                    "INSERT INTO news_items (company_id, feed_url, key, title, link, summary,"
                    " published, fetched_at, seen_at, category, matched)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (company_id, key) DO NOTHING",
                    (
                        item.company_id,
                        item.feed_url,
                        item.key,
                        item.title,
                        item.link,
                        item.summary,
                        opt_to_text(item.published),
                        to_text(item.fetched_at),
                        to_text(item.seen_at),
                        item.category.value,
                        json.dumps(list(item.matched)),
                    ),
                )
                if cur.rowcount == 1:
                    added.append(replace(item, id=cur.lastrowid))
        return added

    def list_items(
        self,
        company_id: int | None = None,
        since: datetime | None = None,
        limit: int | None = None,
    ) -> list[FeedItem]:
        where: list[str] = []
        args: list[object] = []
        if company_id is not None:
            where.append("company_id = ?")
            args.append(company_id)
        if since is not None:
            where.append("seen_at >= ?")
            args.append(to_text(since))
        sql = f"SELECT {ITEM_COLUMNS} FROM news_items"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY seen_at DESC, id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [read_item(r) for r in self._read(sql, args)]

    def get_offer(self, application_id: int) -> Offer | None:
        rows = self._read(
            "SELECT application_id, concerns, updated_at FROM offers WHERE application_id = ?",
            (application_id,),
        )
        return read_offer(rows[0]) if rows else None

    def save_offer(self, offer: Offer) -> Offer:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO offers (application_id, concerns, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (application_id) DO UPDATE SET concerns = excluded.concerns,"
                " updated_at = excluded.updated_at",
                (
                    offer.application_id,
                    json.dumps(list(offer.concerns), ensure_ascii=False),
                    to_text(offer.updated_at),
                ),
            )
        return offer

    def list_offers(self) -> list[Offer]:
        return [
            read_offer(r)
            for r in self._read(
                "SELECT application_id, concerns, updated_at FROM offers ORDER BY application_id"
            )
        ]

    def restore(
        self, states: Sequence[FeedState], items: Sequence[FeedItem], offers: Sequence[Offer]
    ) -> None:
        """Insert a backup's rows as they are (item ids too); joins the caller's transaction."""
        try:
            with self.db.transaction() as conn:
                for state in states:
                    self.save_feed_state(state)
                conn.executemany(
                    "INSERT INTO news_items (id, company_id, feed_url, key, title, link, summary,"
                    " published, fetched_at, seen_at, category, matched)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            item.id,
                            item.company_id,
                            item.feed_url,
                            item.key,
                            item.title,
                            item.link,
                            item.summary,
                            opt_to_text(item.published),
                            to_text(item.fetched_at),
                            to_text(item.seen_at),
                            item.category.value,
                            json.dumps(list(item.matched)),
                        )
                        for item in items
                    ],
                )
                for offer in offers:
                    self.save_offer(offer)
        except sqlite3.IntegrityError as exc:
            raise Conflict(f"cannot restore the news: {exc}") from None


def read_offer(r: Sequence[Any]) -> Offer:
    updated = opt_from_text(r[2])
    assert updated is not None
    return Offer(application_id=r[0], concerns=tuple(json.loads(r[1])), updated_at=updated)


class MemoryNews(Repository):
    """NewsStore over plain dicts: the twin unit tests use. Its tables are the memory
    store's it belongs to (a fresh one when made alone)."""

    def __init__(self, twin: Twin | None = None) -> None:
        super().__init__(twin or Twin())

    def transaction(self) -> AbstractContextManager[None]:
        return self._twin.transaction()

    def feed_states(self, company_id: int | None = None) -> list[FeedState]:
        return [
            s
            for k, s in sorted(self._t.feed_states.items())
            if company_id is None or k[0] == company_id
        ]

    def save_feed_state(self, state: FeedState) -> None:
        self._t.feed_states[(state.company_id, state.url)] = state

    def add_items(self, items: Iterable[FeedItem]) -> list[FeedItem]:
        added = []
        stored = self._t.items
        for item in items:
            key = (item.company_id, item.key)
            if key in stored:
                continue
            # max + 1, not len + 1: restored ids may have gaps
            new = replace(item, id=max((i.id or 0 for i in stored.values()), default=0) + 1)
            stored[key] = new
            added.append(new)
        return added

    def list_items(
        self,
        company_id: int | None = None,
        since: datetime | None = None,
        limit: int | None = None,
    ) -> list[FeedItem]:
        found = [
            i
            for i in self._t.items.values()
            if (company_id is None or i.company_id == company_id)
            and (since is None or i.seen_at >= since)
        ]
        found.sort(key=lambda i: (i.seen_at, i.id or 0), reverse=True)
        return found if limit is None else found[:limit]

    def get_offer(self, application_id: int) -> Offer | None:
        return self._t.offers.get(application_id)

    def save_offer(self, offer: Offer) -> Offer:
        self._t.offers[offer.application_id] = offer
        return offer

    def list_offers(self) -> list[Offer]:
        return [self._t.offers[k] for k in sorted(self._t.offers)]

    def restore(
        self, states: Sequence[FeedState], items: Sequence[FeedItem], offers: Sequence[Offer]
    ) -> None:
        """Add a backup's rows under SQLite's rules (items unique by id and by company and
        key; states and offers replace); nothing changes on a conflict."""
        stored, ids = dict(self._t.items), {i.id or 0 for i in self._t.items.values()}
        for item in items:
            if item.id is None:
                item = replace(item, id=max(ids, default=0) + 1)
            if item.id in ids or (item.company_id, item.key) in stored:
                raise Conflict(f"cannot restore the news: item {item.id} is already stored")
            stored[(item.company_id, item.key)] = item
            ids.add(item.id or 0)
        self._t.items = stored
        self._t.feed_states.update({(s.company_id, s.url): s for s in states})
        self._t.offers.update({o.application_id: o for o in offers})
