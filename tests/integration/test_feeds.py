"""Company feeds over real HTTP: a local server started here serves well-formed, ill-formed
and hostile feeds (reliability.md §1.8, matrix E1–E10). Each hostile one is one clear
error; the other feeds carry on."""

from __future__ import annotations

import contextlib
import gzip
import pyexpat
import re
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import pytest

from followup.adapters.clock import FixedClock
from followup.adapters.feeds.http import FetchLimits, HttpFeedSource
from followup.adapters.feeds.rss import parse
from followup.adapters.store.memory import MemoryStore
from followup.adapters.store.news import MemoryNews
from followup.domain.network.news import Category, FeedError
from followup.domain.records.model import Company
from followup.services import network as news_service
from tests.conftest import deps_of

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Acme newsroom</title><link>https://acme.example/</link>
<item><guid>acme-1</guid><title>Acme raises $40M Series B to expand its data platform</title>
<link>https://acme.example/news/series-b</link>
<pubDate>Tue, 10 Nov 2026 09:00:00 GMT</pubDate>
<description>&lt;p&gt;Funding led by Example Ventures.&lt;script&gt;alert(1)&lt;/script&gt;
&lt;/p&gt;</description></item>
<item><guid>acme-2</guid><title>Acme announces layoffs of 10% of staff</title>
<link>https://acme.example/news/layoffs</link><pubDate>Feb 30 2026 25:61</pubDate></item>
<item><guid>acme-1</guid><title>Duplicate of the first item</title></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Globex blog</title>
<id>urn:globex</id><updated>2026-11-12T10:00:00Z</updated>
<entry><id>urn:globex:1</id><title>Globex launches its new analytics product</title>
<link href="https://globex.example/blog/launch"/><updated>2026-11-12T10:00:00Z</updated>
<summary>Now generally available.</summary></entry>
<entry><id>urn:globex:2</id><title>Globex partners with Initech</title>
<link href="/blog/partner"/><updated>2026-11-13T10:00:00Z</updated></entry>
</feed>"""

# An unescaped "&", an HTML entity XML does not know, and no closing tags.
ILL_FORMED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Initech & friends</title>
<item><title>Initech wins an industry award</title><link>https://initech.example/a</link></item>
<item><title>Initech opens new office in Berlin&nbsp;today</title>
<link>https://initech.example/b</link></item>
"""

NOT_A_FEED = b"<html><head><title>Careers</title></head><body>We are hiring!</body></html>"

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><guid>x</guid></item></channel></rss>"""


def xxe(path: Path) -> bytes:
    return (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://'
        + str(path).encode()
        + b'">]><rss version="2.0"><channel><title>t</title><item><title>&xxe;</title>'
        b"<guid>1</guid></item></channel></rss>"
    )


Route = Callable[[BaseHTTPRequestHandler], None]


class Server:
    """A loopback HTTP server whose routes are plain functions; it records every request."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[tuple[str, dict[str, str]]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.seen.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = outer.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    route(self)  # a client that gives up early is what the tests want

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def body(data: bytes, content_type: str = "application/rss+xml", **headers: str) -> Route:
    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            h.send_header(name.replace("_", "-"), value)
        h.end_headers()
        h.wfile.write(data)

    return route


def redirect(location: str, status: int = 302) -> Route:
    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return route


def endless(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    h.end_headers()
    h.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
    chunk = b"<item><title>more</title></item>" * 1000
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        h.wfile.write(chunk)


def slow(h: BaseHTTPRequestHandler) -> None:
    time.sleep(3)  # longer than the read timeout below
    body(RSS)(h)


def trickle(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    h.end_headers()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        h.wfile.write(b" ")
        h.wfile.flush()
        time.sleep(0.05)  # always within the read timeout, never done


def conditional(h: BaseHTTPRequestHandler) -> None:
    if h.headers.get("If-None-Match") == '"v1"':
        h.send_response(304)
        h.end_headers()
        return
    body(RSS, etag='"v1"', last_modified="Tue, 10 Nov 2026 09:00:00 GMT")(h)


def gzip_bomb(h: BaseHTTPRequestHandler) -> None:
    packed = gzip.compress(b"<rss>" + b" " * 3_000_000)
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    h.send_header("Content-Encoding", "gzip")
    h.send_header("Content-Length", str(len(packed)))
    h.end_headers()
    h.wfile.write(packed)


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.close()


@pytest.fixture
def source() -> HttpFeedSource:
    return HttpFeedSource(
        FetchLimits(connect_timeout=2, read_timeout=0.5, total_timeout=1.5, max_bytes=1_000_000)
    )


def test_well_formed_rss_2_gives_its_items_and_validators(
    server: Server, source: HttpFeedSource
) -> None:
    server.routes["/rss"] = body(RSS, etag='"abc"')
    fetched = source.fetch(server.url("/rss"))
    assert fetched.title == "Acme newsroom"
    assert [e.guid for e in fetched.entries] == ["acme-1", "acme-2", "acme-1"]
    assert fetched.entries[0].published == datetime(2026, 11, 10, 9, tzinfo=UTC)
    assert fetched.entries[1].published is None  # E8: malformed date, item kept undated
    assert fetched.etag == '"abc"'
    assert "<script" not in fetched.entries[0].summary  # E9: sanitised by feedparser
    assert fetched.warning == ""


def test_well_formed_atom_resolves_relative_links(server: Server, source: HttpFeedSource) -> None:
    server.routes["/atom"] = body(ATOM, "application/atom+xml")
    fetched = source.fetch(server.url("/atom"))
    assert fetched.title == "Globex blog"
    assert [e.title for e in fetched.entries] == [
        "Globex launches its new analytics product",
        "Globex partners with Initech",
    ]
    assert fetched.entries[0].link == "https://globex.example/blog/launch"


def test_ill_formed_feed_is_read_as_far_as_possible(server: Server, source: HttpFeedSource) -> None:
    server.routes["/broken"] = body(ILL_FORMED)
    fetched = source.fetch(server.url("/broken"))  # E10: never a crash
    assert [e.link for e in fetched.entries] == [
        "https://initech.example/a",
        "https://initech.example/b",
    ]
    assert fetched.title == "Initech & friends"
    assert fetched.warning.startswith("ill-formed, read as far as possible: ")


def test_a_web_page_is_not_a_feed(server: Server, source: HttpFeedSource) -> None:
    server.routes["/careers"] = body(NOT_A_FEED, "text/html")
    with pytest.raises(FeedError, match="not an RSS or Atom feed"):
        source.fetch(server.url("/careers"))


def test_billion_laughs_is_refused_quickly(server: Server, source: HttpFeedSource) -> None:
    server.routes["/laughs"] = body(BILLION_LAUGHS)
    start = time.monotonic()
    with pytest.raises(FeedError, match="declares XML entities"):
        source.fetch(server.url("/laughs"))
    assert time.monotonic() - start < 2  # E1: nothing was expanded


def test_xxe_reads_no_local_file(server: Server, source: HttpFeedSource, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    server.routes["/xxe"] = body(xxe(secret))
    with pytest.raises(FeedError, match="declares XML entities") as caught:
        source.fetch(server.url("/xxe"))
    assert "TOP-SECRET" not in str(caught.value)  # E3


def test_feedparser_given_bytes_would_open_them_as_a_path(tmp_path: Path) -> None:
    """Why rss.parse wraps the body in BytesIO: feedparser.parse(bytes) tries the bytes
    as a file name first, so a body that is a path reads a local file."""
    local = tmp_path / "local.xml"
    local.write_bytes(RSS)
    hostile_body = str(local).encode()
    assert feedparser.parse(hostile_body).entries, "feedparser no longer opens bytes as a path"
    with pytest.raises(FeedError, match="not an RSS or Atom feed"):
        parse(hostile_body, url="https://evil.example/feed")


def test_endless_body_is_cut_at_the_size_cap(server: Server, source: HttpFeedSource) -> None:
    server.routes["/endless"] = endless
    with pytest.raises(FeedError, match="too large"):
        source.fetch(server.url("/endless"))  # E5


def test_declared_length_over_the_cap_is_refused_before_reading(server: Server) -> None:
    small = HttpFeedSource(FetchLimits(max_bytes=1000, read_timeout=1, total_timeout=2))
    server.routes["/big"] = body(RSS * 2)
    with pytest.raises(FeedError, match=f"too large: {len(RSS) * 2:,} bytes; the limit is 1,000"):
        small.fetch(server.url("/big"))


def test_gzip_bomb_is_cut_after_decompression(server: Server, source: HttpFeedSource) -> None:
    server.routes["/bomb"] = gzip_bomb
    with pytest.raises(FeedError, match="too large"):
        source.fetch(server.url("/bomb"))


def test_slow_server_times_out(server: Server, source: HttpFeedSource) -> None:
    server.routes["/slow"] = slow
    start = time.monotonic()
    with pytest.raises(FeedError, match=re.escape("sent nothing for 0.5 s")):
        source.fetch(server.url("/slow"))  # E6
    assert time.monotonic() - start < 2


def test_trickling_server_hits_the_overall_deadline(server: Server, source: HttpFeedSource) -> None:
    server.routes["/trickle"] = trickle
    with pytest.raises(FeedError, match=re.escape("longer than 1.5 s")):
        source.fetch(server.url("/trickle"))


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://example.org/feed", "gopher://x"])
def test_redirect_to_another_scheme_is_refused(
    server: Server, source: HttpFeedSource, target: str
) -> None:
    server.routes["/to-file"] = redirect(target)
    with pytest.raises(FeedError, match=r"redirect to \w+: refused; only http and https"):
        source.fetch(server.url("/to-file"))


def test_redirect_elsewhere_is_rechecked_and_followed(
    server: Server, source: HttpFeedSource
) -> None:
    other = Server()
    try:
        other.routes["/moved"] = body(RSS)
        server.routes["/old"] = redirect(other.url("/moved"), 301)
        fetched = source.fetch(server.url("/old"))
        assert fetched.final_url == other.url("/moved")
        assert fetched.entries
    finally:
        other.close()


def test_redirect_loop_stops_at_the_cap(server: Server, source: HttpFeedSource) -> None:
    server.routes["/a"] = redirect("/b")
    server.routes["/b"] = redirect("/a")
    with pytest.raises(FeedError, match="more than 5 redirects"):
        source.fetch(server.url("/a"))
    assert len(server.seen) == 6


def test_multi_user_mode_refuses_internal_addresses_on_every_hop(server: Server) -> None:
    guarded = HttpFeedSource(
        FetchLimits(
            block_private=True,
            allow_hosts=frozenset({"127.0.0.1"}),
            read_timeout=1,
            total_timeout=2,
        )
    )
    server.routes["/metadata"] = redirect("http://169.254.169.254/latest/meta-data/")
    with pytest.raises(FeedError, match=r"internal address \(169\.254\.169\.254\)"):
        guarded.fetch(server.url("/metadata"))  # E7: blocked before any connection
    with pytest.raises(FeedError, match="internal address"):
        guarded.fetch(server.url("/rss", host="localhost"))
    assert [path for path, _ in server.seen] == ["/metadata"]


@pytest.mark.parametrize("url", ["/etc/hostname", "file:///etc/hostname", "feed.xml", "ftp://x/y"])
def test_feed_url_must_be_http(source: HttpFeedSource, url: str) -> None:
    with pytest.raises(FeedError, match="not an http"):
        source.fetch(url)  # E4


def test_conditional_get_turns_into_not_modified(server: Server, source: HttpFeedSource) -> None:
    server.routes["/cond"] = conditional
    first = source.fetch(server.url("/cond"))
    assert first.etag == '"v1"' and first.last_modified.startswith("Tue, 10 Nov 2026")
    second = source.fetch(server.url("/cond"), etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified and not second.entries
    sent = server.seen[-1][1]
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Tue, 10 Nov 2026 09:00:00 GMT"


def test_http_errors_are_one_line(server: Server, source: HttpFeedSource) -> None:
    with pytest.raises(FeedError, match="HTTP 404") as caught:
        source.fetch(server.url("/missing"))
    assert "\n" not in str(caught.value)


def test_expat_has_the_amplification_limit() -> None:
    """Defence in depth behind the entity refusal (reliability §1.8, E2)."""
    version = tuple(int(p) for p in pyexpat.EXPAT_VERSION.split("_")[1].split("."))
    assert version >= (2, 4, 1)


def test_fetch_stores_items_once_and_the_other_feeds_carry_on(server: Server) -> None:
    server.routes.update(
        {
            "/rss": conditional,
            "/atom": body(ATOM, "application/atom+xml"),
            "/laughs": body(BILLION_LAUGHS),
            "/slow": slow,
            "/endless": endless,
            "/to-file": redirect("file:///etc/passwd"),
        }
    )
    store, news_store = MemoryStore(), MemoryNews()
    acme = store.companies.add(
        Company(name="Acme", feeds=(server.url("/rss"), server.url("/laughs"), server.url("/slow")))
    )
    store.companies.add(
        Company(
            name="Globex",
            feeds=(server.url("/atom"), server.url("/endless"), server.url("/to-file")),
        )
    )
    source = HttpFeedSource(FetchLimits(read_timeout=0.5, total_timeout=1.5, max_bytes=500_000))
    now = datetime(2026, 11, 14, 12, tzinfo=UTC)

    deps = deps_of(store=store, news=news_store, feeds=source, clock=FixedClock(now))
    runs = news_service.fetch_news(deps, now)

    outcome = {r.url.rsplit("/", 1)[1]: r for r in runs}
    assert outcome["rss"].added == 2  # the duplicate guid is stored once
    assert outcome["atom"].added == 2
    for name, words in (
        ("laughs", "entities"),
        ("slow", "sent nothing"),
        ("endless", "too large"),
        ("to-file", "redirect to file"),
    ):
        assert words in outcome[name].error, (name, outcome[name].error)
        assert "\n" not in outcome[name].error
    items = news_store.list_items()
    assert {i.category for i in items} == {
        Category.FUNDING,
        Category.NEGATIVE,
        Category.LAUNCH,
        Category.PARTNERSHIP,
    }
    states = {s.url.rsplit("/", 1)[1]: s for s in news_store.feed_states()}
    assert states["rss"].etag == '"v1"' and states["laughs"].error

    again = news_service.fetch_news(deps, now)
    assert {r.url.rsplit("/", 1)[1] for r in again if r.not_modified} == {"rss"}
    assert next(r for r in again if r.url.endswith("/atom")).added == 0  # deduplicated
    assert len(news_store.list_items(company_id=acme.id)) == 2
