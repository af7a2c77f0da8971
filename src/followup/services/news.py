"""Company news: fetch every company's feeds, store new items, list them.

One feed failing (timeout, too large, not a feed, hostile) is recorded against that
feed and the others carry on.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from followup.domain.errors import DomainError
from followup.domain.network.news import FeedItem, FeedState, to_items
from followup.ports import FeedSource, NewsStore, Store
from followup.services import timing

if TYPE_CHECKING:
    from followup.services.deps import Deps


@dataclass(frozen=True, slots=True)
class FeedRun:
    """What happened to one feed in one fetch."""

    company_id: int
    company: str
    url: str
    added: int = 0
    not_modified: bool = False
    error: str = ""
    warning: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def fetch(deps: Deps, now: datetime) -> list[FeedRun]:
    """Fetch every company feed once (conditional GET), store the items not seen before,
    then re-plan everyone: fresh news plans news notes and holds status checks (NEWS-004)."""
    runs = _fetch(deps.store, deps.news, deps.feeds, now)
    timing.replan(deps)
    return runs


def _fetch(store: Store, news_store: NewsStore, feeds: FeedSource, now: datetime) -> list[FeedRun]:
    runs = []
    states = {(s.company_id, s.url): s for s in news_store.feed_states()}
    for company in store.list_companies():
        if company.id is None:
            continue
        for url in company.feeds:
            state = states.get((company.id, url)) or FeedState(company_id=company.id, url=url)
            try:
                fetched = feeds.fetch(url, etag=state.etag, last_modified=state.last_modified)
            except DomainError as exc:
                problem = getattr(exc, "problem", str(exc))
                news_store.save_feed_state(
                    dataclasses.replace(state, checked_at=now, error=problem)
                )
                runs.append(FeedRun(company.id, company.name, url, error=problem))
                continue
            if fetched.not_modified:
                news_store.save_feed_state(dataclasses.replace(state, checked_at=now, error=""))
                runs.append(FeedRun(company.id, company.name, url, not_modified=True))
                continue
            items = to_items(fetched.entries, company_id=company.id, feed_url=url, fetched_at=now)
            with news_store.transaction():
                added = news_store.add_items(items)
                news_store.save_feed_state(
                    dataclasses.replace(
                        state,
                        etag=fetched.etag,
                        last_modified=fetched.last_modified,
                        checked_at=now,
                        ok_at=now,
                        error="",
                        title=fetched.title,
                    )
                )
            runs.append(
                FeedRun(company.id, company.name, url, added=len(added), warning=fetched.warning)
            )
    return runs


@dataclass(frozen=True, slots=True)
class Listed:
    """Stored items with their company names, and each feed's last state."""

    items: list[tuple[FeedItem, str]]
    feeds: list[tuple[FeedState, str]]


def listing(deps: Deps, *, company: int | None = None, limit: int = 50) -> Listed:
    """The newest items (optionally one company's), and the state of every feed."""
    store, news_store = deps.store, deps.news
    names = {c.id: c.name for c in store.list_companies()}
    items = news_store.list_items(company_id=company, limit=limit)
    states = news_store.feed_states(company)
    return Listed(
        [(i, names.get(i.company_id, "")) for i in items],
        [(s, names.get(s.company_id, "")) for s in states],
    )
