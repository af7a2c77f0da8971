"""Parse feed bytes with feedparser: RSS and Atom, ill-formed ones as far as they go.

feedparser is only ever given an in-memory stream. Given a string it would fetch a
URL or read a local file, and given *bytes* it first tries them as a file name
(`_open_resource` calls `open(bytes)`), so a hostile body that is a path would be read
from disk (reliability.md §1.8, E4). A document declaring XML entities is refused
before parsing: billion laughs and XXE both need `<!ENTITY` (E1–E3); expat's
amplification limit and feedparser's doctype stripping stay as defence in depth.
"""

from __future__ import annotations

import io
import re
import time
from datetime import UTC, datetime
from typing import Any

from followup.domain.network.news import FeedError, ParsedEntry

MAX_ENTRIES = 500
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_PROLOGUE_SCAN = 1 << 20  # entity declarations live in the prologue


def declares_entities(body: bytes) -> bool:
    """True when the document's DOCTYPE declares entities (<!ENTITY ...>)."""
    match = _DOCTYPE.search(body, 0, _PROLOGUE_SCAN)
    if match is None:
        return False
    end = body.find(b"]>", match.start(), match.start() + _PROLOGUE_SCAN)
    subset = body[match.start() : end if end >= 0 else match.start() + _PROLOGUE_SCAN]
    return b"<!ENTITY" in subset.upper()


def _moment(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed"):
        # dict.get: FeedParserDict's own lookup maps one key to the other with a warning.
        value = dict.get(entry, key)
        if isinstance(value, time.struct_time):
            try:
                return datetime(*value[:6], tzinfo=UTC)
            except (ValueError, OverflowError):
                return None  # a malformed date: the item is kept, undated (E8)
    return None


def _text(value: object, limit: int) -> str:
    return value[:limit] if isinstance(value, str) else ""


def parse(body: bytes, *, url: str, content_type: str = "") -> tuple[str, list[ParsedEntry], str]:
    """(feed title, entries, warning) from a downloaded document; FeedError when it is not
    a feed at all. The warning names a tolerated problem in an ill-formed feed."""
    if declares_entities(body):
        raise FeedError(url, "refused: the document declares XML entities (billion laughs, XXE)")
    import feedparser

    headers = {"content-type": content_type} if content_type else {}
    result = feedparser.parse(io.BytesIO(body), response_headers=headers, sanitize_html=True)
    entries = list(result.get("entries") or ())[:MAX_ENTRIES]
    problem = result.get("bozo_exception")
    reason = " ".join(str(problem).split())[:200] if problem else ""
    if not entries and not result.get("version"):
        raise FeedError(url, f"not an RSS or Atom feed{': ' + reason if reason else ''}")
    feed = result.get("feed") or {}
    parsed = [
        ParsedEntry(
            guid=_text(e.get("id"), 1000),
            link=_text(e.get("link"), 2000),
            title=_text(e.get("title"), 2000),
            summary=_text(e.get("summary"), 20_000),
            published=_moment(e),
        )
        for e in entries
    ]
    warning = f"ill-formed, read as far as possible: {reason}" if result.get("bozo") else ""
    return _text(feed.get("title"), 500), parsed, warning
