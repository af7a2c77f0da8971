"""Invite text made safe: HTML reduced to plain text, one-line titles, meeting links."""

from __future__ import annotations

import re

from followup.domain.errors import ValidationError
from followup.domain.imports.invite import DESCRIPTION_MAX
from followup.domain.records import fields
from followup.domain.records.text import html_text, looks_like_html


def plain_text(text: str) -> str:
    """HTML reduced to its visible text, link targets kept; plain text is left as it is."""
    return html_text(text, links=True) if looks_like_html(text) else text


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
