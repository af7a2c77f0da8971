"""HTML reduced to the text a reader sees: the one converter for mail bodies and invites."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Only real tag names count as HTML: "Jane <jane@acme.com>" is plain text, not a tag.
_TAG_NAMES = (
    r"(?:a|b|i|u|p|br|hr|div|span|em|strong|small|ul|ol|li|table|thead|tbody|tr|td|th|"
    r"html|head|body|meta|title|style|script|font|img|h[1-6]|pre|code|blockquote|center|"
    r"iframe|object|embed|svg|form|input|button|link|base|o:p|xml)"
)
_HTML_TAG = re.compile(rf"</?{_TAG_NAMES}\b[^>]*>", re.IGNORECASE)
_NOT_A_TAG = re.compile(rf"<(?!/?{_TAG_NAMES}\b|!)", re.IGNORECASE)
_DROP_TAGS = frozenset({"script", "style", "head", "title", "xml", "iframe", "object", "svg"})
# Lines mode: every block boundary is a line break (runs collapse to one blank line).
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "tr", "ul", "ol", "table", "blockquote", "pre", "hr"}
    | {f"h{n}" for n in range(1, 7)}
)
# Paragraphs mode: where a tag opens, the break it stands for.
_OPENING_BREAKS = {"p": "\n\n", "div": "\n\n"} | dict.fromkeys(
    ("br", "li", "tr", "h1", "h2", "h3"), "\n"
)
_SPACES = re.compile(r"\s+")


def looks_like_html(text: str) -> bool:
    """True when the text carries real HTML tags."""
    return bool(_HTML_TAG.search(text))


def html_text(html: str, *, paragraphs: bool = False, links: bool = False) -> str:
    """The visible text of `html`: scripts, styles and the head dropped, entities decoded
    once, spaces collapsed on each line, at most one blank line in a row.

    `paragraphs` is for a whole HTML document (a mail body): `<p>` and `<div>` open a
    paragraph, `<br>`, `<li>`, `<tr>` and `<h1>`-`<h3>` a line, and the source's own line
    breaks are spaces. Without it the text may be partly HTML (an invite's description):
    every block tag breaks the line where it opens and closes, the source's line breaks
    stay, and a `<` that opens no known tag ("Jane <jane@acme.com>") stays text.
    `links` keeps each http(s) link target, in brackets, after its text.
    """
    parser = _Text(paragraphs=paragraphs, links=links)
    parser.feed(html if paragraphs else _NOT_A_TAG.sub("&lt;", html))
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()  # entities were decoded once by the parser; not again


class _Text(HTMLParser):
    """Collects the visible text and the line breaks the tags stand for."""

    def __init__(self, *, paragraphs: bool, links: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._paragraphs = paragraphs
        self._links = links
        self._drop = 0
        self._href: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_TAGS:
            self._drop += 1
        elif self._paragraphs:
            if tag in _OPENING_BREAKS:
                self.parts.append(_OPENING_BREAKS[tag])
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "a" and self._links:
            href = next((v for k, v in attrs if k == "href" and v), "")
            self._href.append(href if re.match(r"https?://", href, re.IGNORECASE) else "")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_TAGS:
            self._drop = max(0, self._drop - 1)
        elif tag in _BLOCK_TAGS and not self._paragraphs:
            self.parts.append("\n")
        if tag == "a" and self._href:
            href = self._href.pop()
            shown = "".join(self.parts[-3:])
            if href and href not in shown:
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        if not self._drop:
            # In a document the source's line breaks are only spaces between words.
            self.parts.append(_SPACES.sub(" ", data) if self._paragraphs else data)
