"""The news repository on PostgreSQL: feed state, news items and offer concerns."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from typing import Any

from followup.adapters.store.news import (
    ITEM_COLUMNS,
    item_values,
    read_item,
    read_offer,
    read_state,
)
from followup.adapters.store.postgres.records import marks
from followup.adapters.store.postgres.session import Repository, fits
from followup.domain.errors import Conflict
from followup.domain.network.news import FeedItem, FeedState
from followup.domain.network.offers import Offer
from followup.domain.records.stamps import opt_to_text, to_text

_STATE = "company_id, url, etag, last_modified, checked_at, ok_at, error, title"
_INSERT_ITEM = f"INSERT INTO news_items (account_id, {ITEM_COLUMNS}, seen_at)"


class PostgresNews(Repository):
    """NewsStore for one account."""

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.session.transaction():
            yield

    def feed_states(self, company_id: int | None = None) -> list[FeedState]:
        sql = f"SELECT {_STATE} FROM feed_state WHERE account_id = %s"
        if company_id is None:
            return [read_state(r) for r in self._read(sql + " ORDER BY company_id, url")]
        if not fits(company_id):
            return []
        rows = self._read(sql + " AND company_id = %s ORDER BY url", (company_id,))
        return [read_state(r) for r in rows]

    def save_feed_state(self, state: FeedState) -> None:
        with self.session.write() as conn:
            conn.execute(
                f"INSERT INTO feed_state (account_id, {_STATE}) VALUES ({marks(9)})"
                " ON CONFLICT (account_id, company_id, url) DO UPDATE SET etag = excluded.etag,"
                " last_modified = excluded.last_modified, checked_at = excluded.checked_at,"
                " ok_at = excluded.ok_at, error = excluded.error, title = excluded.title",
                (
                    self.account,
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
        with self.session.write() as conn:
            for item in items:
                # NOT EXISTS first, so a known item neither inserts nor uses up an id.
                row = conn.execute(
                    f"{_INSERT_ITEM} SELECT {marks(13)} WHERE NOT EXISTS (SELECT 1 FROM"
                    " news_items WHERE account_id = %s AND company_id = %s AND key = %s)"
                    " ON CONFLICT (account_id, company_id, key) DO NOTHING RETURNING id",
                    (
                        self.account,
                        None,
                        *item_values(item),
                        self.account,
                        item.company_id,
                        item.key,
                    ),
                ).fetchone()
                if row is not None:
                    added.append(replace(item, id=row[0]))
        return added

    def list_items(
        self,
        company_id: int | None = None,
        since: datetime | None = None,
        limit: int | None = None,
    ) -> list[FeedItem]:
        where = ""
        args: list[Any] = []
        if company_id is not None:
            if not fits(company_id):
                return []
            where += " AND company_id = %s"
            args.append(company_id)
        if since is not None:
            where += " AND seen_at >= %s"
            args.append(to_text(since))
        sql = f"SELECT {ITEM_COLUMNS} FROM news_items WHERE account_id = %s{where}"
        sql += " ORDER BY seen_at DESC, id DESC"
        if limit is not None:
            sql += " LIMIT %s"
            args.append(limit)
        return [read_item(r) for r in self._read(sql, args)]

    def get_offer(self, application_id: int) -> Offer | None:
        if not fits(application_id):
            return None
        rows = self._read(
            "SELECT application_id, concerns, updated_at FROM offers"
            " WHERE account_id = %s AND application_id = %s",
            (application_id,),
        )
        return read_offer(rows[0]) if rows else None

    def save_offer(self, offer: Offer) -> Offer:
        with self.session.write() as conn:
            conn.execute(
                "INSERT INTO offers (account_id, application_id, concerns, updated_at)"
                " VALUES (%s, %s, %s, %s) ON CONFLICT (account_id, application_id)"
                " DO UPDATE SET concerns = excluded.concerns, updated_at = excluded.updated_at",
                (
                    self.account,
                    offer.application_id,
                    json.dumps(list(offer.concerns), ensure_ascii=False),
                    to_text(offer.updated_at),
                ),
            )
        return offer

    def list_offers(self) -> list[Offer]:
        rows = self._read(
            "SELECT application_id, concerns, updated_at FROM offers WHERE account_id = %s"
            " ORDER BY application_id"
        )
        return [read_offer(r) for r in rows]

    def restore(
        self, states: Sequence[FeedState], items: Sequence[FeedItem], offers: Sequence[Offer]
    ) -> None:
        """Insert a backup's rows as they are (item ids too); joins the caller's transaction."""
        try:
            with self.session.write() as conn:
                for state in states:
                    self.save_feed_state(state)
                with conn.cursor() as cur:
                    cur.executemany(
                        f"{_INSERT_ITEM} VALUES ({marks(13)})",
                        [(self.account, item.id, *item_values(item)) for item in items],
                    )
                for offer in offers:
                    self.save_offer(offer)
        except Conflict as exc:
            raise Conflict(f"cannot restore the news: {exc}") from None
