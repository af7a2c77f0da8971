"""Structured names on stored contacts (issue 15 §1): `contact add/edit` and `company
add/edit` set them, and drafts written from the database greet exactly as drafts from a
debrief do, through the real CLI on a real SQLite file."""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine

from followup.adapters.clock import FixedClock
from followup.bootstrap import build
from followup.domain.records.followups import Kind
from followup.domain.writing import debrief as debriefs
from followup.domain.writing.compose import compose
from followup.services.records import interviews
from followup.services.records import profile as profiles
from followup.services.writing import compose as drafting
from followup.services.writing import people as recipients
from followup.settings import Settings
from tests.conftest import FIXTURES, Invoke

AFTER = datetime(2026, 11, 18, 6, 0, tzinfo=UTC)  # 15:00 in Tokyo, after the interview
CORPUS = sorted((FIXTURES / "quality" / "debriefs").glob("*.toml"))


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    text = result.stdout.strip()
    return json.loads(text) if text.startswith(("{", "[")) else text


def greeting(body: str) -> str:
    return body.split("\n", 1)[0]


@pytest.fixture
def tanaka(run: Invoke, profile: None) -> int:
    """Mr. Tanaka, typed family name first, interviewed the candidate at a brand."""
    with time_machine.travel(AFTER, tick=False):
        ok(run("company", "add", "Sakura Market", "--country", "JP", "--no-article"))
        contact = ok(
            run(
                "contact", "add", "Tanaka Hiroshi", "--email", "h.tanaka@sakura.example",
                "--company", "Sakura Market", "--honorific", "Mr.", "--given-name", "Hiroshi",
                "--family-name", "Tanaka", "--name-order", "family-first", "--json",
            )
        )  # fmt: skip
        assert contact["name_order"] == "family-first" and contact["honorific"] == "Mr."
        ok(
            run(
                "interview", "add", "--company", "Sakura Market", "--role", "Backend Engineer",
                "--end", "2026-11-18T11:00:00+09:00", "--with",
                "Tanaka Hiroshi <h.tanaka@sakura.example>", "--topic", "settlement batch windows",
            )
        )  # fmt: skip
        ok(run("plan"))
        items = ok(run("agenda", "--all", "--json"))
    return int(next(i["id"] for i in items if i["kind"] == "thank-you"))


def draft(run: Invoke, followup_id: int, tone: str = "formal") -> Any:
    with time_machine.travel(AFTER, tick=False):
        return run("draft", str(followup_id), "--tone", tone, "--json")


def test_a_stored_contact_is_greeted_by_honorific_and_family_name(run: Invoke, tanaka: int) -> None:
    body = ok(draft(run, tanaka))["body"]
    assert greeting(body) == "Dear Mr. Tanaka,"
    assert "Sakura Market" in body and "the Sakura Market" not in body
    # A friendly note to a family-first name stays formal: never "Hi Hiroshi" or "Mr. Hiroshi".
    assert greeting(ok(draft(run, tanaka, "casual"))["body"]) == "Dear Mr. Tanaka,"


def test_the_salutation_overrides_and_clearing_falls_back_with_a_note(
    run: Invoke, tanaka: int
) -> None:
    ok(run("contact", "edit", "h.tanaka@sakura.example", "--salutation", "Tanaka-san"))
    assert greeting(ok(draft(run, tanaka))["body"]) == "Dear Tanaka-san,"
    ok(run("contact", "edit", "h.tanaka@sakura.example", "--salutation", "", "--honorific", ""))
    result = draft(run, tanaka)
    assert greeting(ok(result)["body"]) == "Dear Tanaka Hiroshi,"  # the safe fallback
    # ... and the draft says which field would improve it, and where: on the stored
    # contact (the command and the web page), not a debrief key the user has no file for.
    assert "No honorific is on record for Tanaka Hiroshi" in result.stderr
    assert "followup contact edit 1 --honorific" in result.stderr
    assert "/contacts/1" in result.stderr
    assert "(honorific:" not in result.stderr and "(salutation)" not in result.stderr


def test_a_company_article_set_on_the_command_line_reaches_the_draft(
    run: Invoke, tanaka: int
) -> None:
    ok(run("company", "edit", "Sakura Market", "--article"))
    assert "the Sakura Market" in ok(draft(run, tanaka))["body"]
    shown = ok(run("company", "edit", "Sakura Market", "--infer-article", "--json"))
    assert shown["article"] is None


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--honorific", "Mr.\nBcc: eve@example.org"], "--honorific: must be one line"),
        (["--salutation", "<script>"], "--salutation: must not contain < or >"),
        (["--honorific", "Grand Master of the Order of the Garter, KG"], "the limit is 40"),
        (["--name-order", "sideways"], "'sideways' is not one of"),
    ],
)
def test_bad_name_parts_are_one_clear_line(
    run: Invoke, profile: None, args: list[str], problem: str
) -> None:
    ok(run("contact", "add", "Grace Hopper"))
    result = run("contact", "edit", "1", *args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert problem in lines[-1] and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("part", "problem"),
    [
        ('salutation = "<b>Tanaka-san</b>"', "interviewers[1].salutation: must not contain < or >"),
        ('honorific = "Mr.\\nBcc: eve@example.org"', "interviewers[1].honorific: must be one line"),
    ],
)
def test_a_debrief_refuses_a_name_part_a_contact_would_refuse_naming_its_key(
    run: Invoke, profile: None, tmp_path: Path, part: str, problem: str
) -> None:
    """The debrief checks the parts itself, so the line names the key to fix, never the
    `--salutation` flag the user did not type, and nothing is half-recorded."""
    path = tmp_path / "debrief.toml"
    path.write_text(
        'role = "Dev"\n[company]\nname = "Acme"\n[interview]\nend = 2026-11-24T15:00:00-05:00\n'
        '[[interviewers]]\nname = "Grace Hopper"\n'
        f'[[interviewers]]\nname = "Tanaka Hiroshi"\n{part}\n'
    )
    result = run("interview", "add", "--from", str(path))
    assert result.exit_code == 2, result.output
    assert problem in result.stderr.strip().splitlines()[-1]
    assert "--" not in result.stderr and "Traceback" not in result.stderr
    assert run("contact", "list", "--json").stdout.strip() == "[]"


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_the_corpus_drafts_the_same_from_stored_contacts(path: Path, tmp_path: Path) -> None:
    """Issue 15 "done when", from the database: each debrief recorded in a real SQLite file
    by a candidate with a profile, then every thank-you drafted from the stored records is
    the debrief path's draft, word for word, in every tone (so the greeting uses the same
    name fields and the notes name the same missing ones), and passes the linter."""
    from tests.unit.test_composer import _problems

    parsed = debriefs.parse(tomllib.loads(path.read_text("utf-8")))
    app = build(
        Settings.from_env({"FOLLOWUP_HOME": str(tmp_path)}),
        clock=FixedClock(parsed.end.astimezone(UTC)),
    )
    try:
        name = parsed.candidate_name or "Sam Rivera"
        profiles.save(app, name=name, email="sam@example.org", tz="UTC", country="GB")
        parsed = recipients.signed(parsed, app.store.profile.get())
        recorded = interviews.add_from_debrief(app, parsed)
        stored = {
            f.contact_id: f
            for f in app.store.followups.list(application_id=recorded.application.id)
            if f.kind is Kind.THANK_YOU
        }
        wanted = drafting.debrief_contexts(parsed, Kind.THANK_YOU, None)
        assert wanted
        for context in wanted:
            assert context.recipient is not None
            contact = next(
                c
                for c in app.store.contacts.list()
                if c.name == context.recipient.name and c.email == context.recipient.email
            )
            from_db = drafting.context_for(app.store, stored[contact.id])
            assert from_db.company_article == parsed.company_article
            for tone in ("formal", "warm", "casual"):
                mine = compose(Kind.THANK_YOU, context, tone, renderer=app.renderer)
                theirs = compose(Kind.THANK_YOU, from_db, tone, renderer=app.renderer)
                assert (theirs.body, theirs.notes) == (mine.body, mine.notes), (tone, contact.name)
                assert _problems(theirs, from_db) == [], (tone, contact.name)
    finally:
        app.close()


def test_the_company_country_is_only_a_weak_hint_for_the_order() -> None:
    """Family-first where that is the strong norm (a Chinese company's "Wang Xiaoming"),
    never for a multinational hub's "Rajesh Nair"; the contact's own country wins."""
    from followup.domain.records.model import Contact
    from followup.domain.writing.people import name_of

    wang = recipients.person(Contact(name="Wang Xiaoming", honorific="Mr."), (), "CN")
    assert wang.name_order == "family-first" and wang.country == ""
    assert name_of(wang).family == "Wang"
    assert recipients.person(Contact(name="Rajesh Nair"), (), "SG").name_order == "given-first"
    assert recipients.person(Contact(name="Li Na", country="GB"), (), "CN").name_order == (
        "given-first"
    )


def test_compose_from_a_debrief_without_a_candidate_signs_with_the_profile(
    run: Invoke, profile: None
) -> None:
    """Coach review: a debrief that does not name the candidate still gets a signed note."""
    debrief = FIXTURES / "quality" / "debriefs" / "19-retail-recruiter-only.toml"
    result = run("compose", "thank-you", "--context", str(debrief), "--json")
    body = ok(result)["drafts"][0]["body"]
    assert body.endswith("\nAda Lovelace") and "keen to get started" not in body
