"""The one HTML-to-text converter, in both of its modes (mail bodies and invite text)."""

from __future__ import annotations

import pytest

from followup.domain.records.text import html_text, looks_like_html
from followup.services.writing import lint as checking

GMAIL = (
    '<div dir="ltr">Hi Jane,<div><br></div><div>Thanks for the <b>chat</b> today.</div>'
    "<div><br></div><div>Best,</div><div>Alex</div></div>"
)
OUTLOOK = (
    "<html><head><title>t</title><style>p{color:red}</style></head><body>"
    "<p class=MsoNormal>Hi Jane,<o:p></o:p></p>\n<p class=MsoNormal><o:p>&nbsp;</o:p></p>\n"
    "<p class=MsoNormal>Thank you for your time &amp; insight.<o:p></o:p></p>\n"
    "<p>Best,<br>Alex</p></body></html>"
)


@pytest.mark.parametrize("paragraphs", [True, False])
def test_scripts_styles_and_the_head_are_dropped(paragraphs: bool) -> None:
    text = html_text(
        "<head><title>T</title><style>b{}</style></head><p>Hi</p><script>alert(1)</script>"
        "<svg><text>drawn</text></svg><p>there</p>",
        paragraphs=paragraphs,
    )
    assert text == "Hi\n\nthere"


@pytest.mark.parametrize("paragraphs", [True, False])
def test_entities_are_decoded_once(paragraphs: bool) -> None:
    text = html_text(
        "<p>Tom &amp; Jerry &amp;lt;b&amp;gt;&nbsp;caf&eacute;</p>", paragraphs=paragraphs
    )
    assert text == "Tom & Jerry &lt;b&gt; café"


def test_a_mail_body_keeps_paragraphs_and_the_spaces_around_inline_tags() -> None:
    assert (
        html_text(GMAIL, paragraphs=True)
        == "Hi Jane,\n\nThanks for the chat today.\n\nBest,\n\nAlex"
    )
    assert html_text(OUTLOOK, paragraphs=True) == (
        "Hi Jane,\n\nThank you for your time & insight.\n\nBest,\nAlex"
    )


def test_in_a_mail_body_list_items_are_lines_and_source_breaks_are_spaces() -> None:
    html = "<p>Two\nthings:</p><ul><li>one</li><li>two</li></ul><p>Done</p>"
    assert html_text(html, paragraphs=True) == "Two things:\none\ntwo\n\nDone"


def test_invite_text_breaks_at_every_block_and_keeps_its_own_line_breaks() -> None:
    html = "Call details\nRoom 4<ul><li>one</li><li>two</li></ul><div><div><p>deep</p></div></div>"
    assert html_text(html) == "Call details\nRoom 4\n\none\n\ntwo\n\ndeep"


@pytest.mark.parametrize("paragraphs", [True, False])
def test_nested_blocks_leave_at_most_one_blank_line(paragraphs: bool) -> None:
    html = "<div><div><div><p>a</p></div></div></div><div><div><p><br></p></div></div><p>b</p>"
    assert html_text(html, paragraphs=paragraphs) == "a\n\nb"


def test_link_targets_are_kept_after_their_text_only_when_asked() -> None:
    html = (
        '<p><a href="https://meet.google.com/abc">Join</a> or '
        '<a href="https://acme.com/x">https://acme.com/x</a> '
        '<a href="javascript:alert(1)">click</a></p>'
    )
    assert html_text(html, links=True) == (
        "Join (https://meet.google.com/abc) or https://acme.com/x click"
    )
    assert html_text(html) == "Join or https://acme.com/x click"


def test_a_bare_angle_bracket_is_text_in_invites_and_a_tag_in_documents() -> None:
    assert html_text("<p>Jane <jane@acme.com> & Bob</p>") == "Jane <jane@acme.com> & Bob"
    assert html_text("<p>Jane <jane@acme.com> & Bob</p>", paragraphs=True) == "Jane & Bob"


def test_looks_like_html_needs_a_real_tag() -> None:
    assert looks_like_html("<p>x</p>") and looks_like_html("a<BR/>b")
    assert not looks_like_html("Jane <jane@acme.com>") and not looks_like_html("1 < 2 > 0")


def test_an_html_only_email_is_linted_as_its_visible_text() -> None:
    eml = (
        "From: Alex <alex@example.org>\nTo: jane@acme.example\nSubject: Thank you\n"
        "MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n" + GMAIL
    ).encode()
    message = checking.parse_message(eml, "note.eml")
    assert message.note.body == "Hi Jane,\n\nThanks for the chat today.\n\nBest,\n\nAlex"
