"""Fetch a feed ourselves, with limits, then hand the bytes to the parser (reliability §1.8).

- http and https only, checked on the first URL and again on every redirect (E4);
- connect and read timeouts, and a deadline for the whole download (E6);
- a size cap, from Content-Length and again while streaming, after decompression (E5);
- at most `max_redirects` redirects (a loop is an error, not a hang);
- conditional GET: If-None-Match / If-Modified-Since, and 304 means "not modified";
- optionally (multi-user mode) no private, loopback or link-local addresses, checked
  after DNS on every hop (E7; the name is resolved again at connect, so DNS rebinding
  remains possible: a proxy is the full answer).
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from followup.domain.errors import ValidationError
from followup.domain.network.news import FeedError, Fetched, check_feed_url

if TYPE_CHECKING:
    import httpx

USER_AGENT = "followup-feeds/1 (+https://github.com/followup; a personal job-search assistant)"
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# A validator we send back must be a plain header value: printable ASCII, no CR/LF.
_VALIDATOR = re.compile(r"^[\x20-\x7e]{1,512}$")

Resolver = Callable[[str], list[str]]


def _resolve(host: str) -> list[str]:
    try:
        return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None)})
    except (OSError, UnicodeError):
        return []


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchLimits:
    """How far a feed download may go."""

    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    total_timeout: float = 30.0
    max_bytes: int = 5_000_000  # a 5.4 MB feed took 2.6 s and 112 MB to parse (§1.8)
    max_redirects: int = 5
    block_private: bool = False  # multi-user mode: refuse internal addresses (SSRF)
    allow_hosts: frozenset[str] = field(default_factory=frozenset)  # exempt from block_private


class HttpFeedSource:
    """`FeedSource` over httpx; `transport` lets tests and the twin swap the network."""

    def __init__(
        self,
        limits: FetchLimits | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver = _resolve,
    ) -> None:
        self.limits = limits or FetchLimits()
        self._transport = transport
        self._resolver = resolver

    def fetch(self, url: str, *, etag: str = "", last_modified: str = "") -> Fetched:
        try:
            start = check_feed_url(url, "feed")
        except ValidationError as exc:
            raise FeedError(url, exc.problem) from None
        body, final, headers = self._download(start, etag, last_modified)
        if body is None:
            return Fetched(
                url=url, final_url=final, not_modified=True, etag=etag, last_modified=last_modified
            )
        from followup.adapters.feeds.rss import parse

        title, entries, warning = parse(body, url=url, content_type=headers.get("content-type", ""))
        return Fetched(
            url=url,
            final_url=final,
            entries=tuple(entries),
            title=title,
            warning=warning,
            etag=_validator(headers.get("etag", "")),
            last_modified=_validator(headers.get("last-modified", "")),
        )

    # -- the download ----------------------------------------------------------------
    def _download(
        self, url: str, etag: str, last_modified: str
    ) -> tuple[bytes | None, str, dict[str, str]]:
        import httpx

        limits = self.limits
        timeout = httpx.Timeout(
            connect=limits.connect_timeout,
            read=limits.read_timeout,
            write=limits.read_timeout,
            pool=limits.connect_timeout,
        )
        headers = {"User-Agent": USER_AGENT, "Accept": _ACCEPT}
        if _validator(etag):
            headers["If-None-Match"] = etag
        if _validator(last_modified):
            headers["If-Modified-Since"] = last_modified
        deadline = time.monotonic() + limits.total_timeout
        current = url
        with httpx.Client(
            timeout=timeout, follow_redirects=False, transport=self._transport, trust_env=False
        ) as client:
            for _ in range(limits.max_redirects + 1):
                self._check_host(url, current)
                try:
                    with client.stream("GET", current, headers=headers) as response:
                        if response.status_code in _REDIRECTS:
                            current = self._next_hop(url, response)
                            continue
                        if response.status_code == 304:
                            return None, current, {}
                        if not 200 <= response.status_code < 300:
                            phrase = response.reason_phrase or "error"
                            raise FeedError(url, f"HTTP {response.status_code} {phrase}")
                        body = self._read(url, response, deadline)
                        return body, current, {k.lower(): v for k, v in response.headers.items()}
                except httpx.ConnectTimeout:
                    raise FeedError(
                        url, f"could not connect within {limits.connect_timeout:g} s"
                    ) from None
                except httpx.ReadTimeout:
                    raise FeedError(
                        url, f"the server sent nothing for {limits.read_timeout:g} s"
                    ) from None
                except httpx.ConnectError as exc:
                    raise FeedError(url, f"cannot connect: {_short(exc)}") from None
                except httpx.HTTPError as exc:
                    raise FeedError(url, f"{type(exc).__name__}: {_short(exc)}") from None
        raise FeedError(url, f"more than {limits.max_redirects} redirects")

    def _next_hop(self, url: str, response: httpx.Response) -> str:
        location = response.headers.get("location", "").strip()
        if not location:
            raise FeedError(url, f"HTTP {response.status_code} redirect without a Location")
        try:
            target = str(response.url.join(location))
        except Exception:  # httpx.InvalidURL and friends: the server's text, not ours
            raise FeedError(url, f"redirect to an invalid URL {location[:200]!r}") from None
        if not re.match(r"^https?://", target, re.IGNORECASE):
            scheme = target.split(":", 1)[0][:20]
            raise FeedError(url, f"redirect to {scheme}: refused; only http and https are followed")
        try:
            return check_feed_url(target, "redirect")
        except ValidationError as exc:
            raise FeedError(url, f"redirect refused: {exc.problem}") from None

    def _check_host(self, url: str, current: str) -> None:
        if not self.limits.block_private:
            return
        import httpx

        host = httpx.URL(current).host
        if host in self.limits.allow_hosts:
            return
        addresses = self._resolver(host)
        if not addresses:
            raise FeedError(url, f"cannot resolve {host!r}")
        for text in addresses:
            address = ipaddress.ip_address(text.split("%", 1)[0])
            if not address.is_global:
                raise FeedError(
                    url,
                    f"refused: {host} is an internal address ({address}); "
                    "feeds must be on the public internet",
                )

    def _read(self, url: str, response: httpx.Response, deadline: float) -> bytes:
        cap = self.limits.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > cap:
            raise FeedError(url, f"feed too large: {int(declared):,} bytes; the limit is {cap:,}")
        chunks: list[bytes] = []
        size = 0
        for chunk in _chunks(response):
            size += len(chunk)
            if size > cap:
                raise FeedError(url, f"feed too large: more than {cap:,} bytes")
            if time.monotonic() > deadline:
                raise FeedError(
                    url, f"the download took longer than {self.limits.total_timeout:g} s"
                )
            chunks.append(chunk)
        return b"".join(chunks)


def _chunks(response: httpx.Response) -> Iterator[bytes]:
    # Decoded bytes: the cap applies after gzip, so a compression bomb is cut off too.
    yield from response.iter_bytes()


def _validator(value: str) -> str:
    return value if value and _VALIDATOR.match(value) else ""


def _short(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__
