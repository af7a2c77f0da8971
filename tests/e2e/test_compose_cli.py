"""`followup compose KIND --context debrief.toml`: drafts with no database (issue 6)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, Invoke

DEBRIEF = FIXTURES / "compose" / "acme.debrief.toml"
SPARSE = FIXTURES / "compose" / "sparse.debrief.toml"
ROOT = Path(__file__).resolve().parents[2]


def drafts(result: Any) -> list[dict[str, str]]:
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["drafts"]
    for draft in data["drafts"]:
        assert list(draft) == ["kind", "to", "subject", "body"]
    out: list[dict[str, str]] = data["drafts"]
    return out


def test_thank_you_without_to_writes_one_distinct_note_per_interviewer(run: Invoke) -> None:
    notes = drafts(run("compose", "thank-you", "--context", str(DEBRIEF), "--json"))
    assert [n["to"] for n in notes] == [
        "Ana García-López <ana@acme.io>",
        "Bo O'Neill <bo@acme.io>",
        "Dr. Chidi Okafor <chidi@acme.io>",
    ]
    assert [n["body"].split("\n")[0] for n in notes] == [
        "Dear Ana,",
        "Dear Bo,",
        "Dear Dr. Okafor,",
    ]
    assert len({n["body"].split("\n")[2] for n in notes}) == 3  # different openings
    assert "migrating the ETL to Spark" in notes[0]["body"]  # Ana's own topic
    assert all(n["kind"] == "thank-you" and "Senior Data Engineer" in n["body"] for n in notes)


def test_to_picks_one_interviewer_by_name_or_email(run: Invoke) -> None:
    by_name = drafts(
        run("compose", "thank-you", "--context", str(DEBRIEF), "--to", "bo o'neill", "--json")
    )
    by_email = drafts(
        run("compose", "thank-you", "--context", str(DEBRIEF), "--to", "bo@acme.io", "--json")
    )
    assert by_name == by_email and len(by_name) == 1
    assert by_name[0]["to"] == "Bo O'Neill <bo@acme.io>"


def test_coordinator_thanks_goes_to_the_coordinator(run: Invoke) -> None:
    [note] = drafts(run("compose", "coordinator-thanks", "--context", str(DEBRIEF), "--json"))
    assert note["to"] == "Dana Smith <dana@acme.io>" and note["body"].startswith("Dear Dana,")


@pytest.mark.parametrize(
    "kind",
    [
        "status-check",
        "offer-thanks",
        "offer-accept",
        "offer-decline",
        "rejection-reply",
        "check-in",
        "holiday",
        "gratitude",
        "offer-reminder",
        "withdrawal",
    ],
)
def test_every_kind_composes_to_the_first_interviewer(run: Invoke, kind: str) -> None:
    [note] = drafts(run("compose", kind, "--context", str(DEBRIEF), "--json"))
    assert note["kind"] == kind and note["to"] == "Ana García-López <ana@acme.io>"
    assert note["subject"] and note["body"].endswith("sam@example.org")


def test_news_note_without_news_on_record_is_refused(run: Invoke) -> None:
    result = run("compose", "news-note", "--context", str(DEBRIEF))
    assert result.exit_code == 2
    assert result.stderr == "error: news: a news note needs a company update on record\n"


def test_text_output_and_notes_on_stderr(run: Invoke) -> None:
    result = run("compose", "thank-you", "--context", str(SPARSE))
    assert result.exit_code == 0, result.output
    lines = result.stdout.split("\n")
    assert lines[0] == "To: Léa Dubois" and lines[1].startswith("Subject: ") and lines[2] == ""
    assert lines[3] == "Dear Léa Dubois,"  # investment banking: the formal preset
    assert "note: Nothing discussed with Léa Dubois is on record" in result.stderr
    assert "project" not in result.stdout.casefold()  # never invented


def test_tone_and_variant(run: Invoke) -> None:
    base = ["compose", "thank-you", "--context", str(DEBRIEF), "--to", "Ana García-López", "--json"]
    casual = drafts(run(*base, "--tone", "casual"))[0]
    assert casual["body"].startswith("Hi Ana,")
    one = drafts(run(*base, "--variant", "1"))[0]
    two = drafts(run(*base, "--variant", "2"))[0]
    assert one != two and one == drafts(run(*base))[0]


def test_config_tones_per_company_and_contact(run: Invoke, isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "config.toml").write_text(
        '[compose]\ntone = "casual"\n[compose.company_tones]\n"Acme Analytics" = "formal"\n'
        '[compose.contact_tones]\n"bo@acme.io" = "warm"\n',
        encoding="utf-8",
    )
    notes = drafts(run("compose", "thank-you", "--context", str(DEBRIEF), "--json"))
    greetings = [n["body"].split("\n")[0] for n in notes]
    assert greetings == ["Dear Ana García-López,", "Dear Bo,", "Dear Dr. Okafor,"]
    message = drafts(
        run(
            "compose",
            "thank-you",
            "--context",
            str(DEBRIEF),
            "--to",
            "Ana García-López",
            "--tone",
            "casual",
            "--json",
        )
    )[0]
    assert message["body"].startswith("Hi Ana,")  # the message beats the config


def test_user_template_in_the_data_folder_wins(run: Invoke, isolated_home: Path) -> None:
    (isolated_home / "templates").mkdir(parents=True)
    (isolated_home / "templates" / "holiday.txt.j2").write_text(
        "{{ greeting }}\n\n{{ wish }}\n\n{{ close }}\n{{ signature }}\n", encoding="utf-8"
    )
    [note] = drafts(run("compose", "holiday", "--context", str(DEBRIEF), "--json"))
    assert note["body"].count("\n\n") == 2  # greeting, wish, close+signature


def test_compose_uses_no_database(run: Invoke, isolated_home: Path) -> None:
    drafts(run("compose", "thank-you", "--context", str(DEBRIEF), "--json"))
    assert not (isolated_home / "followup.db").exists()


def test_a_debrief_by_the_profiles_owner_is_signed_with_the_profiles_signature(
    run: Invoke, tmp_path: Path
) -> None:
    """CONTENT-009: the phone number lives in the profile's signature; a debrief that names
    the candidate but carries no signature is signed with it, and one naming somebody else
    is left alone."""
    signature = "Sam Lee | +1 555 0100"
    assert run("init", "--name", "Sam Lee", "--email", "sam@example.org", "--tz", "America/Chicago",
               "--signature", signature).exit_code == 0  # fmt: skip
    unsigned = tmp_path / "unsigned.toml"
    text = DEBRIEF.read_text("utf-8").replace(
        'signature = "Sam Lee\\n+1 555 0100\\nsam@example.org"\n', ""
    )
    assert "signature" not in text.split("[company]")[0]
    unsigned.write_text(text, encoding="utf-8")
    [note] = drafts(run("compose", "check-in", "--context", str(unsigned), "--to", "Bo", "--json"))
    assert note["body"].endswith("\n" + signature)
    other = tmp_path / "other.toml"
    other.write_text(text.replace('name = "Sam Lee"', 'name = "Kim Park"'), encoding="utf-8")
    [note] = drafts(run("compose", "check-in", "--context", str(other), "--to", "Bo", "--json"))
    assert note["body"].endswith("\nKim Park")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["thank-you", "--context", "missing.toml"], "error: missing.toml: no such file\n"),
        (
            ["thank-you", "--context", str(DEBRIEF), "--to", "Zed"],
            "error: --to: no interviewer "
            "called 'Zed' (there are: Ana García-López, Bo O'Neill, Dr. Chidi Okafor)\n",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(run: Invoke, args: list[str], message: str) -> None:
    result = run("compose", *args)
    assert result.exit_code == 2
    assert result.stderr == message


def test_usage_errors(run: Invoke, tmp_path: Path) -> None:
    assert run("compose", "thanks", "--context", str(DEBRIEF)).exit_code == 2
    assert run("compose", "thank-you").exit_code == 2  # --context is required
    assert run("compose", "thank-you", "--context", str(DEBRIEF), "--variant", "0").exit_code == 2
    assert run("compose", "thank-you", "--context", str(DEBRIEF), "--tone", "rude").exit_code == 2
    broken = tmp_path / "broken.toml"
    broken.write_text('role = "Engineer"\n[company]\nname = "Acme"\n', encoding="utf-8")
    result = run("compose", "thank-you", "--context", str(broken))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "interview: missing required table" in result.stderr


def test_help_has_an_example(run: Invoke) -> None:
    result = run("compose", "-h")
    assert result.exit_code == 0 and "followup compose thank-you --context debrief.toml" in (
        result.stdout
    )


def test_a_real_process(isolated_home: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "followup",
            "compose",
            "thank-you",
            "--context",
            str(DEBRIEF),
            "--to",
            "ana@acme.io",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    [note] = json.loads(result.stdout)["drafts"]
    assert note["to"] == "Ana García-López <ana@acme.io>"


def test_compose_closes_with_the_configured_sign_off(run: Invoke, isolated_home: Path) -> None:
    """`[compose] sign_off` closes debrief drafts as it closes stored ones (issue 19 §5)."""
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "config.toml").write_text('[compose]\nsign_off = "Kind regards,"\n')
    for note in drafts(run("compose", "thank-you", "--context", str(DEBRIEF), "--json")):
        assert "\nKind regards,\nSam Lee" in note["body"], note["body"]
