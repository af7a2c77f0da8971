"""Invite text made safe: HTML reduced to plain text, one-line titles, meeting links."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from followup.domain.errors import ValidationError
from followup.domain.imports.invite import DESCRIPTION_MAX
from followup.domain.records import fields

# Only real tag names count as HTML: "Jane <jane@acme.com>" is plain text, not a tag.
_TAG_NAMES = (
    r"(?:a|b|i|u|p|br|hr|div|span|em|strong|small|ul|ol|li|table|thead|tbody|tr|td|th|"
    r"html|head|body|meta|title|style|script|font|img|h[1-6]|pre|code|blockquote|center|"
    r"iframe|object|embed|svg|form|input|button|link|base|o:p|xml)"
)
_HTML_TAG = re.compile(rf"</?{_TAG_NAMES}\b[^>]*>", re.IGNORECASE)
_NOT_A_TAG = re.compile(rf"<(?!/?{_TAG_NAMES}\b|!)", re.IGNORECASE)
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "tr",
        "ul",
        "ol",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "hr",
    }
)
_DROP_TAGS = frozenset({"script", "style", "head", "title", "xml", "iframe", "object", "svg"})


class _TextOfHtml(HTMLParser):
    """Collects the visible text of an HTML fragment; link targets are kept after their text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._drop = 0
        self._href: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_TAGS:
            self._drop += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "a":
            href = next((v for k, v in attrs if k == "href" and v), "")
            self._href.append(href if re.match(r"https?://", href, re.IGNORECASE) else "")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_TAGS:
            self._drop = max(0, self._drop - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "a" and self._href:
            href = self._href.pop()
            shown = "".join(self.parts[-3:])
            if href and href not in shown:
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        if not self._drop:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    """True when the text carries real HTML tags."""
    return bool(_HTML_TAG.search(text))


def plain_text(text: str) -> str:
    """HTML reduced to its visible text (scripts and styles dropped); plain text unescaped only."""
    if not looks_like_html(text):
        return text
    parser = _TextOfHtml()
    parser.feed(_NOT_A_TAG.sub("&lt;", text))  # keep "Jane <jane@acme.com>" as text
    parser.close()
    joined = "".join(parser.parts).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in joined.splitlines()]
    # Collapse the runs of blank lines that nested block tags leave behind.
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()  # entities were decoded once by the parser; not again


def summary_text(raw: str) -> tuple[str, tuple[str, ...]]:
    """SUMMARY as one safe line; notes say what was removed (HTML, line breaks).

    A SUMMARY may unescape to a real newline (`Interview\\nBcc: x@y`, reliability D12):
    it is joined into one line, so it can never start a header line later.
    """
    notes: list[str] = []
    text = raw
    if looks_like_html(text):
        text = plain_text(text)
        notes.append("the title contained HTML; kept as text only")
    if re.search(r"[\r\n\x0b\x0c\x85\u2028\u2029]", text):
        notes.append("the title contained line breaks; joined into one line")
    return fields.line("summary", text, limit=fields.LINE_MAX), tuple(notes)


def description_text(raw: str) -> tuple[str, tuple[str, ...]]:
    """DESCRIPTION as plain text with its line breaks, capped; notes say what was changed."""
    notes: list[str] = []
    text = raw
    if looks_like_html(text):
        text = plain_text(text)
        notes.append("the description contained HTML; kept as text only")
    if len(text) > DESCRIPTION_MAX:
        text = text[:DESCRIPTION_MAX].rstrip() + "\n[description shortened]"
        notes.append(f"the description was longer than {DESCRIPTION_MAX:,} characters; shortened")
    return fields.notes("description", text), tuple(notes)


# --- meeting links -------------------------------------------------------------------

_URL = re.compile(r"https?://[^\s<>\"'()\[\]{}]+", re.IGNORECASE)
_MEETING_HOSTS = (
    "zoom.us",
    "zoom.com",
    "zoomgov.com",
    "meet.google.com",
    "teams.microsoft.com",
    "teams.live.com",
    "webex.com",
    "whereby.com",
    "chime.aws",
    "bluejeans.com",
    "gotomeeting.com",
    "gotomeet.me",
    "meet.jit.si",
    "around.co",
    "hangouts.google.com",
    "meet.goto.com",
    "skype.com",
    "ringcentral.com",
    "dialpad.com",
    "coderpad.io",
)


def urls_in(text: str) -> list[str]:
    """http(s) URLs in a text, trailing punctuation removed."""
    return [m.group(0).rstrip(".,;:!?>") for m in _URL.finditer(text)]


def meeting_link(*texts: str) -> str:
    """The video-meeting link among the texts (location first), or the first URL in the first."""
    found = [u for t in texts for u in urls_in(t)]
    for url in found:
        host = re.sub(r"^https?://", "", url, flags=re.IGNORECASE).split("/")[0].lower()
        host = host.rsplit("@", 1)[-1].split(":")[0]
        if any(host == h or host.endswith("." + h) for h in _MEETING_HOSTS):
            return _valid_url(url)
    first = urls_in(texts[0]) if texts else []
    return _valid_url(first[0]) if first else ""


def _valid_url(url: str) -> str:
    try:
        return fields.url("meeting link", url)
    except ValidationError:
        return ""
