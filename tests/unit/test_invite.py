"""Guessing from invites: company and role, people, names from addresses, safe text."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.domain.imports import attendees, guess, invite, invite_text
from followup.domain.imports.invite import InviteEvent, Person
from followup.domain.records.model import InterviewKind

START = datetime(2024, 6, 12, 14, 0, tzinfo=UTC)


def event(**changes: object) -> InviteEvent:
    values: dict[str, object] = {
        "uid": "u1",
        "start": START,
        "end": START + timedelta(hours=1),
        "tz": "UTC",
    }
    values.update(changes)
    return InviteEvent(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("summary", "company", "role"),
    [
        # the two shapes the issue names
        ("Interview with Acme – Data Engineer", "Acme", "Data Engineer"),
        ("Acme / Jane Doe: onsite", "Acme", ""),
        # shapes seen in Google, Outlook, Zoom, Teams and scheduling tools
        ("Acme - Data Engineer Interview", "Acme", "Data Engineer"),
        ("Data Engineer interview at Acme", "Acme", "Data Engineer"),
        ("Phone Screen: Acme (Senior Backend Engineer)", "Acme", "Senior Backend Engineer"),
        ("Interview: Ada Lovelace for Data Engineer at Acme", "Acme", "Data Engineer"),
        ("Acme | Technical Interview | Staff Engineer", "Acme", "Staff Engineer"),
        ("Acme Corp Interview", "Acme Corp", ""),
        ("Onsite at Acme (Berlin)", "Acme", ""),
        ("Interview with Jane Doe (Acme)", "Acme", ""),
        ("Acme: Product Designer – Portfolio review", "Acme", "Product Designer"),
        ("Final round — Acme Corp — Senior Data Engineer", "Acme Corp", "Senior Data Engineer"),
        ("Software Engineer Interview with Initech", "Initech", "Software Engineer"),
        ("Interview with Initech for the Backend Engineer role", "Initech", "Backend Engineer"),
        ("Ada Lovelace <> Acme", "Acme", ""),
        ("Initech x Ada: Intro call", "Initech", ""),
        (
            "Umbrella Corp | Product Designer | Portfolio review",
            "Umbrella Corp",
            "Product Designer",
        ),
        (
            "Updated invitation: Interview with Globex @ Wed Jun 12, 2024 3pm - 4pm (EDT)",
            "Globex",
            "",
        ),
        ("Technical Interview - Software Engineer II", "", "Software Engineer II"),
        # titles that name no company: people, tools, or nothing at all
        ("Jane Doe and Ada Lovelace", "", ""),
        ("30 Minute Meeting between Jane Doe and Ada Lovelace", "", ""),
        ("Zoom meeting", "", ""),
        ("Microsoft Teams Meeting", "", ""),
        ("Interview", "", ""),
        ("", "", ""),
    ],
)
def test_company_and_role_from_the_title(summary: str, company: str, role: str) -> None:
    assert guess.guess_from_summary(summary, people=["Jane Doe", "Ada Lovelace"]) == (
        company,
        role,
    )


def test_the_company_comes_from_the_address_domain_when_the_title_says_nothing() -> None:
    found = guess.guess("Interview", ["talent@acme-corp.co.uk", "ada@gmail.com", "x@calendly.com"])
    assert (found.company, found.domain) == ("Acme Corp", "acme-corp.co.uk")
    assert "address domain acme-corp.co.uk" in found.reasons[0]


def test_title_and_domain_agreeing_keep_the_titles_spelling_and_the_domain() -> None:
    found = guess.guess("Interview with AcmeCorp", ["jane@acmecorp.com"])
    assert (found.company, found.domain) == ("AcmeCorp", "acmecorp.com")
    assert found.alternatives == ()


def test_an_agency_domain_is_offered_as_an_alternative_not_taken() -> None:
    found = guess.guess("Interview with Acme - Data Engineer", ["sam@hire-heroes.com"])
    assert found.company == "Acme"
    assert found.domain == ""
    assert found.alternatives == ("Hire Heroes",)


def test_the_candidates_own_and_public_addresses_say_nothing() -> None:
    found = guess.guess(
        "Chat",
        ["ada@acme.com", "bob@gmail.com", "c@hotmail.co.uk", "d@yahoo.fr", "e@zoom.us"],
        own_emails=["ADA@acme.com"],
    )
    assert found.company == ""


@pytest.mark.parametrize(
    ("domain", "name"),
    [
        ("acme.com", "Acme"),
        ("eng.acme-corp.co.uk", "Acme Corp"),
        ("wallaby.com.au", "Wallaby"),
        ("initech.de", "Initech"),
        ("gmail.com", ""),
        ("outlook.de", ""),
        ("calendly.com", ""),
        ("resource.calendar.google.com", ""),
        ("us02web.zoom.us", ""),
        ("greenhouse.io", ""),
    ],
)
def test_company_from_domain(domain: str, name: str) -> None:
    assert guess.company_from_domain(domain) == name


@pytest.mark.parametrize(
    ("email", "name"),
    [
        ("jane.doe@acme.com", "Jane Doe"),
        ("jane.doe+interviews@acme.com", "Jane Doe"),
        ("j_smith2@acme.com", "J. Smith"),
        ("ANNA-MARIA.LOPEZ@acme.com", "Anna Maria Lopez"),
        ("bob@acme.com", "Bob"),
        ("noreply@calendly.com", ""),
        ("no-reply@acme.com", ""),
        ("calendar-notification@google.com", ""),
        ("anyone@calendly.com", ""),
    ],
)
def test_name_from_address(email: str, name: str) -> None:
    assert attendees.name_from_address(email) == name


def test_a_person_takes_cn_else_a_name_from_the_address() -> None:
    assert attendees.person("Bob Engineer", "mailto:bob@acme.com") == Person(
        name="Bob Engineer", email="bob@acme.com"
    )
    derived = attendees.person("", "MAILTO:carol.smith@acme.com")
    assert derived is not None
    assert (derived.name, derived.name_derived) == ("Carol Smith", True)
    repeated = attendees.person("carol.smith@acme.com", "mailto:carol.smith@acme.com")
    assert repeated is not None and repeated.name == "Carol Smith"
    assert attendees.person("", "mailto:noreply@acme.com") is None
    assert attendees.person("", "not an address") is None


def test_interviewers_leave_out_the_candidate_rooms_and_robots() -> None:
    organizer = Person(name="Jane Recruiter", email="jane@acme.com")
    found, coordinator = attendees.interviewers(
        event(
            organizer=organizer,
            attendees=(
                organizer,
                Person(name="Bob", email="bob@acme.com"),
                Person(name="Ada", email="ada@example.org"),
                Person(name="Room 5", email="c_1@resource.calendar.google.com", kind="RESOURCE"),
                Person(name="Calendly", email="notifications@calendly.com"),
                Person(name="Bob again", email="BOB@acme.com"),
            ),
        ),
        own_emails=["ada@example.org"],
    )
    assert [p.email for p in found] == ["bob@acme.com"]
    assert coordinator == organizer


def test_an_organizer_alone_with_the_candidate_is_the_interviewer() -> None:
    host = Person(name="Jane Doe", email="jane.doe@hooli.com")
    found, coordinator = attendees.interviewers(
        event(organizer=host, attendees=(host, Person(name="Ada", email="ada@example.org"))),
        own_emails=["ada@example.org"],
    )
    assert (found, coordinator) == ((host,), None)


def test_the_candidate_as_organizer_is_no_coordinator() -> None:
    me = Person(name="Ada", email="ada@example.org")
    found, coordinator = attendees.interviewers(
        event(organizer=me, attendees=(Person(name="Bob", email="bob@acme.com"),)),
        own_emails=["ada@example.org"],
    )
    assert coordinator is None
    assert [p.name for p in found] == ["Bob"]


@pytest.mark.parametrize(
    ("changes", "kind"),
    [
        ({"summary": "Phone screen with Initrode"}, InterviewKind.PHONE),
        ({"summary": "Onsite at Acme"}, InterviewKind.ONSITE),
        (
            {"summary": "Chat", "location": "Initech HQ, Hauptstraße 5, Berlin"},
            InterviewKind.ONSITE,
        ),
        ({"summary": "Call", "meeting_url": "https://zoom.us/j/1"}, InterviewKind.VIDEO),
        ({"summary": "Interview"}, InterviewKind.VIDEO),
    ],
)
def test_kind_of(changes: dict[str, object], kind: InterviewKind) -> None:
    assert guess.kind_of(event(**changes)) is kind


def test_meeting_links_prefer_a_video_host_and_drop_trailing_punctuation() -> None:
    link = invite_text.meeting_link(
        "Room 4", "See https://acme.com/about. Join: <https://acme.zoom.us/j/123?pwd=x>."
    )
    assert link == "https://acme.zoom.us/j/123?pwd=x"
    assert (
        invite_text.meeting_link("https://acme.com/office-map", "") == "https://acme.com/office-map"
    )
    assert invite_text.meeting_link("Room 4", "no links") == ""


def test_html_is_reduced_to_its_visible_text() -> None:
    text = invite_text.plain_text(
        "<html><head><style>p{}</style></head><body><p>Hi &amp; welcome</p>"
        "<script>alert(1)</script><img src=x onerror=alert(1)>"
        '<a href="https://meet.google.com/abc">Join</a> Jane <jane@acme.com></body></html>'
    )
    assert text == "Hi & welcome\nJoin (https://meet.google.com/abc) Jane <jane@acme.com>"


def test_entities_are_decoded_once() -> None:
    assert invite_text.plain_text("<p>&amp;lt;b&amp;gt; is a tag</p>") == "&lt;b&gt; is a tag"


def test_plain_text_with_angle_brackets_is_left_alone() -> None:
    assert invite_text.plain_text("Jane <jane@acme.com> & Bob") == "Jane <jane@acme.com> & Bob"


def test_a_header_injection_in_the_title_is_joined_into_one_line() -> None:
    text, notes = invite_text.summary_text("Interview\nBcc: x@y\r\nX-Evil: 1")
    assert text == "Interview Bcc: x@y X-Evil: 1"
    assert notes == ("the title contained line breaks; joined into one line",)


def test_a_long_description_is_shortened_with_a_note() -> None:
    text, notes = invite_text.description_text("x" * (invite.DESCRIPTION_MAX + 10))
    assert text.endswith("[description shortened]")
    assert len(text) < invite.DESCRIPTION_MAX + 30
    assert "shortened" in notes[0]


@given(st.text())
def test_a_title_is_always_one_line_without_controls(raw: str) -> None:
    text, _ = invite_text.summary_text(raw)
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", text)


@given(st.text().filter(lambda t: not any(w in t.lower() for w in ("&", "script", "alert"))))
def test_descriptions_never_keep_a_script_tag(raw: str) -> None:
    text, _ = invite_text.description_text(f"<p>{raw}</p><script>alert(1)</script>")
    assert "<script" not in text.lower()
    assert "alert(1)" not in text


def test_source_uid_and_cancelled() -> None:
    assert event().source_uid == "u1"
    assert event(recurrence_id="20240612T140000Z").source_uid == "u1#20240612T140000Z"
    assert event(method="CANCEL").cancelled
    assert event(status="CANCELLED").cancelled
    assert not event(method="REQUEST").cancelled


def test_a_missing_uid_gets_a_stable_stand_in() -> None:
    first = invite.fallback_uid("Interview", START, "jane@acme.com")
    assert first == invite.fallback_uid("Interview", START, "jane@acme.com")
    assert first != invite.fallback_uid("Interview", START + timedelta(hours=1), "jane@acme.com")
