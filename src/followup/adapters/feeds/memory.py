"""The FeedSource twin: feeds from a table, parsed by the real parser when given bytes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from followup.domain.errors import ValidationError
from followup.domain.network.news import FeedError, Fetched, check_feed_url


@dataclass(frozen=True, slots=True)
class Served:
    """One canned response: a document (or an error message) and its validators."""

    body: bytes = b""
    error: str = ""
    etag: str = ""
    last_modified: str = ""


class MemoryFeedSource:
    """`FeedSource` over {url: Served}; honours ETag/Last-Modified like a server would."""

    def __init__(self, feeds: Mapping[str, Served] | None = None) -> None:
        self.feeds = dict(feeds or {})
        self.requests: list[tuple[str, str, str]] = []  # (url, etag, last_modified) asked

    def fetch(self, url: str, *, etag: str = "", last_modified: str = "") -> Fetched:
        self.requests.append((url, etag, last_modified))
        try:
            check_feed_url(url, "feed")
        except ValidationError as exc:
            raise FeedError(url, exc.problem) from None
        served = self.feeds.get(url)
        if served is None:
            raise FeedError(url, "HTTP 404 Not Found")
        if served.error:
            raise FeedError(url, served.error)
        if (served.etag and etag == served.etag) or (
            served.last_modified and last_modified == served.last_modified
        ):
            return Fetched(
                url=url, final_url=url, not_modified=True, etag=etag, last_modified=last_modified
            )
        from followup.adapters.feeds.rss import parse

        title, entries, warning = parse(served.body, url=url)
        return Fetched(
            url=url,
            final_url=url,
            entries=tuple(entries),
            title=title,
            warning=warning,
            etag=served.etag,
            last_modified=served.last_modified,
        )

    def serve(self, url: str, served: Served) -> None:
        """Replace what `url` returns (a feed that changed)."""
        self.feeds[url] = replace(served)
