"""`followup lint` through the CLI: formats, exit codes, --explain, --select and bad input."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, Invoke

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "lint"
GOOD = CORPUS / "notes" / "001-good-initech-maryjane.txt"
CONTEXT = CORPUS / "contexts" / "initech.toml"
GOOD_TIME = "2026-11-24T18:30:00-05:00"

BAD = """Subject: Thank you – Senior Data Engineer interview

Hey Mary-Jane,

Thank you for meeting with me this afternoon!! I enjoyed hearing about the Spark migration.

I would love to bring my experience to {company}. Please let me know ASAP.

I am excited about the role. Let me know if I can share anything else.

Best,
Alex Chen
"""


def where(text: str, needle: str) -> str:
    """`line:column` of the first `needle` in a file's text, 1-based, as ruff prints it."""
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return f"{number}:{line.index(needle) + 1}"
    raise AssertionError(needle)


def write(tmp_path: Path, text: str, name: str = "note.txt") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def findings(result: object) -> list[dict[str, object]]:
    data = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert set(data) == {"findings", "words"}
    return data["findings"]  # type: ignore[no-any-return]


def test_a_good_note_passes(run: Invoke) -> None:
    result = run("lint", str(GOOD), "--context", str(CONTEXT), "--sent-at", GOOD_TIME)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"All checks passed \(\d+ words\)\.\n", result.stdout)


def test_text_output_reads_like_ruff(run: Invoke, tmp_path: Path) -> None:
    path = write(tmp_path, BAD)
    result = run("lint", path, "--context", str(CONTEXT), "--sent-at", GOOD_TIME)
    assert result.exit_code == 1  # the placeholder is an error
    lines = result.stdout.splitlines()
    assert f"{path}:3:1 warning too-casual casual greeting “Hey Mary-Jane”" in lines
    assert (
        f"{path}:{where(BAD, '!!')} warning exclamation-overuse 2 exclamation marks; use at most 1"
    ) in lines
    assert (
        f"{path}:{where(BAD, '{company}')} error unfilled-placeholder unfilled placeholder "
        "“{company}”"
    ) in lines
    assert "    help: Replace it with “Initech”." in lines
    assert lines[-1].startswith("Found 5 problems (1 error, 4 warnings) in ")


def test_json_output_has_the_public_shape(run: Invoke, tmp_path: Path) -> None:
    path = write(tmp_path, BAD)
    result = run(
        "lint", path, "--context", str(CONTEXT), "--sent-at", GOOD_TIME, "--format", "json"
    )
    assert result.exit_code == 1
    found = findings(result)
    assert {f["rule"] for f in found} == {
        "too-casual",
        "exclamation-overuse",
        "unfilled-placeholder",
        "pushy-tone",
        "too-short",
    }
    for finding in found:
        assert list(finding) == [
            "rule",
            "severity",
            "message",
            "line",
            "column",
            "start",
            "end",
            "suggestion",
        ]
        assert finding["severity"] in ("error", "warning", "info")
    placeholder = next(f for f in found if f["rule"] == "unfilled-placeholder")
    body = BAD.split("\n\n", 1)[1]
    assert body[placeholder["start"] : placeholder["end"]] == "{company}"  # type: ignore[misc]
    assert json.loads(run("lint", path, "--json").stdout)["words"] == len(body.split())


def test_warnings_alone_exit_zero(run: Invoke, tmp_path: Path) -> None:
    path = write(tmp_path, BAD.replace("{company}", "Initech"))
    result = run("lint", path, "--context", str(CONTEXT), "--sent-at", GOOD_TIME)
    assert result.exit_code == 0
    assert "warning pushy-tone" in result.stdout


def test_standard_input(run: Invoke) -> None:
    result = run("lint", "-", "--format", "json", input=BAD)
    assert result.exit_code == 1
    assert "unfilled-placeholder" in {f["rule"] for f in findings(result)}
    assert run("lint", input="Subject: Hi\n\nthx\n").stdout.startswith("stdin:1:10 warning")


def test_explain(run: Invoke) -> None:
    result = run("lint", "--explain", "pushy-tone")
    assert result.exit_code == 0
    assert "LINT-012" in result.stdout and "per my last email" in result.stdout
    unknown = run("lint", "--explain", "pushy")
    assert unknown.exit_code == 2
    assert unknown.stderr == ("error: --explain: unknown rule 'pushy'; did you mean pushy-tone?\n")


def test_unknown_rule_in_select_lists_close_matches(run: Invoke) -> None:
    result = run("lint", str(GOOD), "--select", "spellng,wrong-nam")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --select: unknown rule 'spellng'; did you mean ")
    assert "spelling" in result.stderr and result.stderr.count("\n") == 1


def test_select_ignore_and_config(run: Invoke, tmp_path: Path, isolated_home: Path) -> None:
    path = write(tmp_path, BAD)
    only = run("lint", path, "--select", "tone", "--json")
    assert {f["rule"] for f in findings(only)} == {"pushy-tone"}
    ignored = run("lint", path, "--ignore", "facts,form", "--json")
    assert not {f["rule"] for f in findings(ignored)} & {"unfilled-placeholder", "too-casual"}
    assert ignored.exit_code == 0
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "config.toml").write_text('[lint]\nignore = ["facts"]\n')
    assert run("lint", path).exit_code == 0
    (isolated_home / "config.toml").write_text('[lint]\nselect = ["nonsense"]\n')
    bad = run("lint", path)
    assert bad.exit_code == 2 and bad.stderr.startswith("error: lint.select: unknown rule")


def test_user_word_list(run: Invoke, tmp_path: Path, isolated_home: Path) -> None:
    path = write(tmp_path, GOOD.read_text().replace("backfill.", "zorblaxing backfill."))
    assert "spelling" in run("lint", path, "--select", "spelling").stdout
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "words.txt").write_text("# my words\nzorblaxing\n")
    assert run("lint", path, "--select", "spelling").stdout.startswith("All checks passed")


def test_to_picks_the_recipient(run: Invoke) -> None:
    result = run(
        "lint",
        str(GOOD),
        "--context",
        str(CONTEXT),
        "--to",
        "Tom Reyes",
        "--sent-at",
        GOOD_TIME,
        "--json",
    )
    # The note greets Mary-Jane and mentions her topic, not Tom's.
    assert sorted(f["rule"] for f in findings(result)) == ["not-personalized", "wrong-name"]
    nobody = run("lint", str(GOOD), "--context", str(CONTEXT), "--to", "Zed")
    assert nobody.exit_code == 2 and "no interviewer called 'Zed'" in nobody.stderr
    alone = run("lint", str(GOOD), "--to", "Tom Reyes", "--json")
    assert [f["rule"] for f in findings(alone)] == ["wrong-name"]


def test_kind_and_timing(run: Invoke) -> None:
    late = run(
        "lint",
        str(GOOD),
        "--context",
        str(CONTEXT),
        "--sent-at",
        "2026-11-27T09:00:00-05:00",
        "--json",
    )
    assert [f["rule"] for f in findings(late)] == ["too-late"]
    status = run(
        "lint",
        str(GOOD),
        "--context",
        str(CONTEXT),
        "--kind",
        "status-check",
        "--sent-at",
        GOOD_TIME,
        "--json",
    )
    assert "too-soon" in {f["rule"] for f in findings(status)}
    wrong = run("lint", str(GOOD), "--kind", "love-letter")
    assert wrong.exit_code == 2 and "--kind: unknown kind 'love-letter'" in wrong.stderr


def test_eml_input_uses_its_subject_and_date(run: Invoke, tmp_path: Path) -> None:
    text = GOOD.read_text().split("\n\n", 1)[1]
    eml = (
        "From: Alex Chen <alex@example.org>\nTo: mj@initech.example\n"
        "Subject: Following up\nDate: Fri, 27 Nov 2026 14:00:00 -0500\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n" + text
    )
    path = write(tmp_path, eml, "note.eml")
    result = run("lint", path, "--context", str(CONTEXT), "--json")
    found = {f["rule"]: f for f in findings(result)}
    assert set(found) == {"weak-subject", "too-late"}
    assert found["weak-subject"]["line"] == 3


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is empty"),
        (b"  \n\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a binary file, not text"),
        (b"Subject: Hi\n\nCaf\xe9 au lait", "is not UTF-8 text (byte 0xe9 at offset 16)"),
        (b"word " * 1_100_000, "is over 1,000,000 bytes"),
    ],
    ids=["empty", "blank", "binary", "latin-1", "5mb"],
)
def test_bad_input_is_one_line_and_exit_2(
    run: Invoke, tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(content)
    result = run("lint", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {path}: {problem}")
    assert result.stderr.count("\n") == 1


def test_missing_file_and_folder(run: Invoke, tmp_path: Path) -> None:
    missing = run("lint", str(tmp_path / "nope.txt"))
    assert missing.exit_code == 2 and missing.stderr.endswith("nope.txt: no such file\n")
    folder = run("lint", str(tmp_path))
    assert folder.exit_code == 2 and "is a folder" in folder.stderr


@pytest.mark.parametrize(
    ("debrief", "key"),
    [
        ("role = 'X'\n[interview]\nend = '2026-11-24T15:00:00-05:00'\n", "company"),
        ("[company]\nname = 'Initech'\n[interview]\nend = '2026-11-24T15:00:00-05:00'\n", "role"),
        ("role = 'X'\n[company]\nname = 'Initech'\n[interview]\n", "interview.end"),
        ("role = 'X'\n[company]\n[interview]\nend = '2026-11-24T15:00:00-05:00'\n", "company.name"),
        (
            "role = 'X'\n[company]\nname = 'I'\n[interview]\nend = '2026-11-24T15:00-05:00'\n"
            "[[interviewers]]\ntitle = 'CTO'\n",
            "interviewers[0].name",
        ),
    ],
)
def test_context_with_a_missing_key_names_it(
    run: Invoke, tmp_path: Path, debrief: str, key: str
) -> None:
    path = write(tmp_path, debrief, "debrief.toml")
    result = run("lint", str(GOOD), "--context", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}: {key}: missing required")


def test_a_json_debrief_is_read_whatever_its_name(run: Invoke, tmp_path: Path) -> None:
    """One debrief loader: `lint --context` reads what `interview add --from` and
    `compose --context` read, a JSON debrief saved as .txt among them."""
    import tomllib

    data = tomllib.loads(CONTEXT.read_text(encoding="utf-8"))
    as_text = write(tmp_path, json.dumps(data, default=str), "debrief.txt")
    from_toml = run("lint", str(GOOD), "--context", str(CONTEXT), "--json")
    from_json = run("lint", str(GOOD), "--context", as_text, "--json")
    assert from_json.exit_code == from_toml.exit_code, from_json.stderr
    assert json.loads(from_json.stdout)["findings"] == json.loads(from_toml.stdout)["findings"]
    composed = run("compose", "thank-you", "--context", as_text)
    assert composed.exit_code == 0, composed.stderr


def test_context_file_problems(run: Invoke, tmp_path: Path) -> None:
    broken = write(tmp_path, "role = \n", "broken.toml")
    assert "invalid TOML" in run("lint", str(GOOD), "--context", broken).stderr
    gone = run("lint", str(GOOD), "--context", str(tmp_path / "gone.toml"))
    assert gone.exit_code == 2 and "gone.toml: no such file" in gone.stderr
    both = run("lint", str(GOOD), "--context", str(CONTEXT), "--followup", "1")
    assert both.exit_code == 2 and "not both" in both.stderr


def test_followup_from_the_database(run: Invoke, tmp_path: Path) -> None:
    end = (datetime.now(UTC) - timedelta(hours=3)).replace(microsecond=0)
    debrief = CONTEXT.read_text().replace("2026-11-24T15:00:00-05:00", end.isoformat())
    path = write(tmp_path, debrief, "debrief.toml")
    assert (
        run(
            "init", "--name", "Alex Chen", "--email", "alex@example.org", "--tz", "America/New_York"
        ).exit_code
        == 0
    )
    assert run("interview", "add", "--from", path).exit_code == 0
    assert run("plan").exit_code == 0
    agenda = json.loads(run("agenda", "--all", "--json").stdout)
    first = next(item for item in agenda if item["kind"] == "thank-you")
    no_draft = run("lint", "--followup", str(first["id"]))
    assert no_draft.exit_code == 2 and "has no draft" in no_draft.stderr
    assert run("draft", str(first["id"])).exit_code == 0
    result = run("lint", "--followup", str(first["id"]), "--json")
    assert result.exit_code == 0, result.output
    assert not {f["severity"] for f in findings(result)} & {"error"}
    pasted = write(tmp_path, GOOD.read_text().replace("Initech", "Globex"))
    assert run("app", "add", "--company", "Globex", "--role", "Data Engineer").exit_code == 0
    checked = run("lint", pasted, "--followup", str(first["id"]), "--json")
    assert "wrong-company" in {f["rule"] for f in findings(checked)}
    assert checked.exit_code == 1
    missing = run("lint", "--followup", "999")
    assert missing.exit_code == 2 and "999" in missing.stderr


def test_the_installed_command(tmp_path: Path) -> None:
    """A real process: the console script, its exit code and its output."""
    path = write(tmp_path, BAD)
    env = {**os.environ, "FOLLOWUP_HOME": str(tmp_path / "home")}
    command = [str(Path(sys.executable).parent / "followup"), "lint", path]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=False)
    assert done.returncode == 1
    assert f"{path}:{where(BAD, '{company}')} error unfilled-placeholder" in done.stdout
    assert not (tmp_path / "home" / "followup.db").exists()  # linting writes nothing


def test_coordinator_thanks_without_to_is_checked_against_the_coordinator(
    run: Invoke, tmp_path: Path
) -> None:
    """As `compose coordinator-thanks` writes to the coordinator without --to, `lint` checks
    the note against them, not against the first interviewer (issue 15 review)."""
    acme = FIXTURES / "compose" / "acme.debrief.toml"
    made = run("compose", "coordinator-thanks", "--context", str(acme), "--json")
    assert made.exit_code == 0, made.output
    (draft,) = json.loads(made.stdout)["drafts"]
    assert draft["to"] == "Dana Smith <dana@acme.io>"
    note = tmp_path / "dana.txt"
    note.write_text(f"Subject: {draft['subject']}\n\n{draft['body']}\n", "utf-8")
    args = ("lint", str(note), "--context", str(acme), "--format", "json")
    rules = {
        f["rule"] for f in json.loads(run(*args, "--kind", "coordinator-thanks").stdout)["findings"]
    }
    assert "wrong-name" not in rules
    # The same note checked as a thank-you is to the first interviewer: the slip shows.
    rules = {f["rule"] for f in json.loads(run(*args, "--kind", "thank-you").stdout)["findings"]}
    assert "wrong-name" in rules


def test_one_note_lint_loads_only_what_it_needs(tmp_path: Path) -> None:
    """Issue 15 (speed): a plain note's lint imports no HTML parser, store or speller, and
    compiles none of the phrase sets whole: only the phrases whose words the note has."""

    note = tmp_path / "note.txt"
    note.write_text(
        "Subject: Thank you for Monday's interview\n\nDear Grace,\n\nThank you for taking "
        "the time to talk about the Spark migration. I enjoyed it.\n\nBest regards,\nSam\n"
    )
    code = (
        "import sys\n"
        "from followup.cli import main\n"
        f"try:\n    main(['lint', {str(note)!r}])\nexcept SystemExit:\n    pass\n"
        "from followup.domain.writing.lint import form, prose, structure, tone\n"
        "whole = [n for m in (form, structure, tone) for n, v in vars(m).items()"
        " if isinstance(v, prose.Phrases) and v._regex is not None]\n"
        "loaded = [m for m in ('html.parser', 'sqlite3', 'platformdirs', 'jinja2')"
        " if m in sys.modules]\n"
        "print('LOADED', loaded, 'WHOLE', whole)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "FOLLOWUP_HOME": str(tmp_path)},
    )
    assert "LOADED [] WHOLE []" in done.stdout, done.stdout + done.stderr
