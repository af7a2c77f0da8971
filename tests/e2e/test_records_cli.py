"""Recording a candidate's world through the CLI, including every bad input of issue 2."""

from __future__ import annotations

import base64
import json
import threading
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import Invoke
from tests.support.dates import RECENT_DAY, RECENT_END, RECENT_START

ROOT = Path(__file__).resolve().parents[2]
DECISION = (RECENT_DAY + timedelta(days=10)).isoformat()


def data(result: object) -> object:
    return json.loads(result.stdout)  # type: ignore[attr-defined]


def test_init_then_change_one_answer(run: Invoke) -> None:
    first = run(
        "init", "--name", "Ada", "--email", "ada@example.org", "--tz", "America/Chicago", "--json"
    )
    assert first.exit_code == 0, first.output
    assert data(first)["country"] == "US"  # derived from the zone
    again = run("init", "--signature", "Ada L.\n+1 555 0100", "--json")
    assert data(again)["name"] == "Ada" and data(again)["signature"].startswith("Ada L.")


def test_init_needs_name_and_email_the_first_time(run: Invoke) -> None:
    result = run("init", "--tz", "UTC")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: --name: is required the first time you run init"


def test_unknown_time_zone_is_one_clear_line(run: Invoke) -> None:
    result = run("init", "--name", "A", "--email", "a@b.co", "--tz", "Mars/Olympus")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "unknown time zone 'Mars/Olympus'" in result.stderr
    assert "Traceback" not in result.output


def test_record_application_and_interview_with_two_interviewers(run: Invoke, profile: None) -> None:
    app = run("app", "add", "--company", "Acme", "--role", "Data Engineer", "--json")
    assert app.exit_code == 0, app.output
    app_id = data(app)["id"]
    interview = run(
        "interview",
        "add",
        "--app",
        str(app_id),
        "--end",
        RECENT_END,
        "--tz",
        "America/New_York",
        "--with",
        "Grace Hopper <grace@acme.com>",
        "--with",
        "Alan Turing <alan@acme.com>",
        "--topic",
        "Spark migration",
        "--decision-by",
        DECISION,
        "--json",
    )
    assert interview.exit_code == 0, interview.output
    got = data(interview)
    assert [p["name"] for p in got["interviewers"]] == ["Grace Hopper", "Alan Turing"]
    ny = datetime.fromisoformat(RECENT_END).replace(tzinfo=ZoneInfo("America/New_York"))
    assert got["end"] == ny.isoformat()
    listed = data(run("app", "list", "--json"))
    assert listed[0]["stage"] == "interviewing" and listed[0]["decision_by"] == DECISION
    text = run("app", "list")
    assert "Acme" in text.stdout and "interviewing" in text.stdout
    shown = run("app", "show", str(app_id))
    assert "applied" in shown.stdout and "interview recorded" in shown.stdout


def test_end_before_start_is_refused_and_nothing_is_written(run: Invoke, profile: None) -> None:
    run("app", "add", "--company", "Acme", "--role", "X")
    result = run(
        "interview",
        "add",
        "--app",
        "1",
        "--start",
        RECENT_END,
        "--end",
        RECENT_START,
        "--with",
        "Grace <g@acme.com>",
    )
    assert result.exit_code == 2 and "--end" in result.stderr and "before" in result.stderr
    assert data(run("interview", "list", "--json")) == []
    assert data(run("contact", "list", "--json")) == []


def test_interview_without_interviewers_is_allowed_with_a_warning(
    run: Invoke, profile: None
) -> None:
    run("app", "add", "--company", "Acme", "--role", "X")
    result = run("interview", "add", "--app", "1", "--end", RECENT_END)
    assert result.exit_code == 0
    assert "warning: no interviewers recorded" in result.stderr


def test_duplicate_contact_email_is_refused_or_merged(run: Invoke) -> None:
    assert run("contact", "add", "Grace Hopper", "--email", "grace@acme.com").exit_code == 0
    dup = run("contact", "add", "G. Hopper", "--email", "GRACE@acme.com")
    assert dup.exit_code == 2
    assert "already belongs to another contact (contact 1, Grace Hopper)" in dup.stderr
    merged = run(
        "contact",
        "add",
        "Grace B. Hopper",
        "--email",
        "grace@acme.com",
        "--title",
        "VP",
        "--merge",
        "--json",
    )
    assert merged.exit_code == 0 and data(merged)["id"] == 1 and data(merged)["title"] == "VP"
    assert len(data(run("contact", "list", "--json"))) == 1


def test_debrief_records_everything_in_one_go(run: Invoke, profile: None) -> None:
    result = run("interview", "add", "--from", str(ROOT / "examples/debrief.toml"), "--json")
    assert result.exit_code == 0, result.output
    got = data(result)
    assert got["round"] == 2 and got["projects"] == ["Spark migration of the legacy ETL"]
    assert got["interviewers"][1]["topics"] == [
        "backfilling three years of events",
        "testing Airflow DAGs",
    ]
    assert data(run("company", "show", "Acme Analytics", "--json"))["industry"] == "technology"
    # the coordinator is a contact too
    roles = sorted(c["role"] for c in data(run("contact", "list", "--json")))
    assert roles == ["coordinator", "interviewer", "interviewer"]


def test_debrief_with_missing_key_names_it(run: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "d.toml"
    bad.write_text('role = "X"\n[company]\nname = "Acme"\n[interview]\ntz = "UTC"\n')
    result = run("interview", "add", "--from", str(bad))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {bad}: interview.end: missing required key"


def test_debrief_that_is_not_utf8(run: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "latin1.toml"
    bad.write_bytes('role = "Ingénieur"\n'.encode("latin-1"))
    result = run("interview", "add", "--from", str(bad))
    assert result.exit_code == 2 and "is not UTF-8 text" in result.stderr


def test_ten_megabyte_notes_are_rejected_with_the_limit(run: Invoke) -> None:
    result = run("company", "add", "Acme", "--notes", "x" * 10_000_000)
    assert result.exit_code == 2 and "limit is 100,000" in result.stderr
    assert data(run("company", "list", "--json")) == []


@pytest.mark.parametrize(
    "name", ["José Ramírez", "李小龍", "\u05d3\u05d5\u05d3 \u200fכהן", "Zoë O'Brien-Smith"]
)
def test_international_names_are_nfc_and_shown_safely(run: Invoke, name: str) -> None:
    decomposed = unicodedata.normalize("NFD", name)
    result = run("contact", "add", decomposed, "--email", "p@x.org", "--json")
    assert result.exit_code == 0
    stored = data(result)["name"]
    assert stored == unicodedata.normalize("NFC", name)
    shown = run("contact", "list").stdout
    assert "\u200f" not in shown and "\u202e" not in shown


def test_bidi_override_never_reaches_the_database(run: Invoke) -> None:
    result = run("contact", "add", "Eve\u202eexe.txt", "--json")
    assert data(result)["name"] == "Eveexe.txt"


def test_corrupt_database_is_a_clear_error(
    run: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "corrupt.db"
    bad.write_bytes(b"\x00garbage" * 1000)
    monkeypatch.setenv("FOLLOWUP_DATABASE", str(bad))
    result = run("app", "list")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: database") and "corrupt" in result.stderr
    assert bad.read_bytes() == b"\x00garbage" * 1000


def test_stage_changes_are_kept_in_history(run: Invoke, profile: None) -> None:
    run("app", "add", "--company", "Acme", "--role", "X")
    moved = run("app", "stage", "1", "rejected", "--note", "email from recruiter", "--json")
    history = data(moved)["history"]
    assert [h["stage"] for h in history] == ["applied", "rejected"]
    assert history[1]["note"] == "email from recruiter"
    assert run("app", "stage", "1", "hired").exit_code == 2


def test_natural_dates_are_read_in_the_users_zone(run: Invoke, profile: None) -> None:
    run("app", "add", "--company", "Acme", "--role", "X")
    result = run("interview", "add", "--app", "1", "--end", "tomorrow 3pm", "--json")
    assert result.exit_code == 0, result.output
    assert data(result)["end"].endswith(("+00:00", "+01:00"))  # London
    assert "T15:00:00" in data(result)["end"]
    bad = run("interview", "add", "--app", "1", "--end", "when pigs fly")
    assert bad.exit_code == 2 and "cannot read 'when pigs fly' as a date" in bad.stderr


def test_missing_record_is_a_usage_error(run: Invoke) -> None:
    result = run("app", "show", "99")
    assert result.exit_code == 2 and result.stderr.strip() == "error: no application 99"


RSS = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Acme news</title><item>'
    b"<title>Acme raises Series B funding</title><link>https://acme.example/b</link>"
    b"<guid>b</guid><pubDate>Tue, 10 Nov 2026 09:00:00 GMT</pubDate></item></channel></rss>"
)


@pytest.fixture
def feed_url() -> Iterator[str]:
    """A company feed on loopback, for `news fetch`."""

    class Feed(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(RSS)))
            self.end_headers()
            self.wfile.write(RSS)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/feed.xml"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@time_machine.travel(
    datetime(2026, 11, 25, 15, 0, tzinfo=UTC), tick=False
)  # the example's next day
def test_export_import_export_is_identical(
    run: Invoke, profile: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, feed_url: str
) -> None:
    run("interview", "add", "--from", str(ROOT / "examples/debrief.toml"))
    run("app", "stage", "1", "offer")
    # What later features keep beside the records: an offer's concerns, a feed's state
    # and its item, an outbox entry (sent to an .eml file) and the mails sync looked at.
    assert run("offer", "1", "--concern", "start date").exit_code == 0
    assert run("company", "edit", "Acme Analytics", "--feed", feed_url).exit_code == 0
    assert run("news", "fetch").exit_code == 0
    agenda = data(run("agenda", "--all", "--json"))
    thanks = next(i["id"] for i in agenda if i["kind"] == "thank-you")  # type: ignore[union-attr]
    sent = run("send", str(thanks), "--via", "eml", "--force", "--now", "--json")
    assert sent.exit_code == 0, sent.output
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "r.eml").write_bytes(
        b"From: Grace Hopper <grace.hopper@acme-analytics.example>\r\nSubject: Re: Thanks\r\n"
        b"Message-ID: <r1@acme-analytics.example>\r\n\r\nThanks, Ada!\r\n"
    )
    assert run("sync", "--eml", str(inbox)).exit_code == 0
    first = run("export", "--format", "json")
    assert first.exit_code == 0
    exported = data(first)
    assert exported["version"] == 2  # type: ignore[index]
    [entry] = exported["outbox"]  # type: ignore[index]
    raw = base64.b64decode(entry["raw"])
    assert entry["message_id"] == data(sent)["message_id"]  # type: ignore[index]
    assert f"Message-ID: {entry['message_id']}".encode() in raw
    assert [o["concerns"] for o in exported["offers"]] == [["start date"]]  # type: ignore[index]
    assert [n["category"] for n in exported["news_items"]] == ["funding"]  # type: ignore[index]
    assert [f["url"] for f in exported["feed_states"]] == [feed_url]  # type: ignore[index]
    assert "msgid:<r1@acme-analytics.example>" in {s["key"] for s in exported["imap_seen"]}  # type: ignore[index]
    backup = tmp_path / "backup.json"
    written = run("export", "-o", str(backup))
    assert written.exit_code == 0 and (backup.stat().st_mode & 0o777) == 0o600
    monkeypatch.setenv("FOLLOWUP_DATABASE", str(tmp_path / "restored.db"))
    loaded = run("import", str(backup), "--json")
    assert loaded.exit_code == 0, loaded.output
    counts = data(loaded)
    assert counts["interviews"] == 1 and counts["outbox"] == 1  # type: ignore[index]
    assert counts["news_items"] == counts["feed_states"] == counts["offers"] == 1  # type: ignore[index]
    assert run("export").stdout == first.stdout
    again = run("import", str(backup))
    assert again.exit_code == 2 and "empty database" in again.stderr
    assert run("outbox", "--json").stdout.count(entry["message_id"]) == 1


def test_import_rejects_bad_backups(run: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "b.json"
    bad.write_text(
        json.dumps({"format": "followup-backup", "version": 1, "companies": [{"id": 1}]})
    )
    result = run("import", str(bad))
    assert result.exit_code == 2 and "companies[0]" in result.stderr


def test_company_edit_and_feeds(run: Invoke) -> None:
    run("company", "add", "Acme", "--industry", "nonprofit")
    edited = run(
        "company",
        "edit",
        "Acme",
        "--pace",
        "fast",
        "--feed",
        "https://acme.example/feed.xml",
        "--json",
    )
    assert data(edited)["pace"] == "fast"
    assert data(edited)["feeds"] == ["https://acme.example/feed.xml"]
    bad = run("company", "edit", "Acme", "--feed", "/etc/passwd")
    assert bad.exit_code == 2 and "not an http(s) URL" in bad.stderr


@pytest.mark.usefixtures("profile")
def test_round_options_take_ordinal_words(run: Invoke) -> None:
    """Issue 17 §4: `--round` reads like the debrief's interview.round."""
    base = ("interview", "add", "--company", "Acme", "--role", "Dev", "--end", RECENT_END)
    assert run(*base, "--round", "second round", "--with", "Grace <grace@acme.com>").exit_code == 0
    shown = run("interview", "show", "1", "--json")
    assert json.loads(shown.stdout)["round"] == 2
    assert "the round-2 video interview" in run("agenda", "--all", "--json").stdout
    assert run("interview", "edit", "1", "--round", "final").exit_code == 0
    assert "final" in run("interview", "show", "1").stdout
    assert "the final-round video interview" in run("agenda", "--all", "--json").stdout
    refused = run("interview", "edit", "1", "--round", "zeroth")
    assert refused.exit_code == 2
    assert refused.stderr.startswith("error: --round: 'zeroth' is not a round")
