"""`followup when`: the public timing command, its JSON shape and its bad input (issue 4 §2)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from tests.conftest import Invoke


def when(run: Invoke, *args: str) -> dict[str, object]:
    result = run("when", *args, "--json")
    assert result.exit_code == 0, result.output
    parsed: dict[str, object] = json.loads(result.stdout)
    return parsed


def test_json_shape_is_stable(run: Invoke) -> None:
    out = when(
        run,
        "--interview-end",
        "2026-11-24T15:00",
        "--tz",
        "America/New_York",
        "--recipient-tz",
        "Europe/London",
        "--industry",
        "tech",
    )
    assert list(out) == ["earliest", "recommended", "latest", "pace", "reasons"]
    assert out["recommended"] == "2026-11-25T09:00:00+00:00"
    assert out["earliest"] == "2026-11-25T08:00:00+00:00"
    assert out["latest"] == "2026-11-25T18:00:00+00:00"
    assert out["pace"] == "fast"
    reasons = out["reasons"]
    assert isinstance(reasons, list) and all(
        isinstance(r, str) and r.endswith(".") for r in reasons
    )
    for key in ("earliest", "recommended", "latest"):
        assert datetime.fromisoformat(str(out[key])).utcoffset() is not None


def test_text_output_is_one_friendly_paragraph(run: Invoke) -> None:
    result = run(
        "when",
        "--interview-end",
        "2026-11-24T15:00",
        "--tz",
        "America/New_York",
        "--recipient-tz",
        "Europe/London",
        "--industry",
        "tech",
    )
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert text.startswith("Send it Wednesday 25 Nov, 09:00–11:30 London time")
    assert "no later than Wednesday 25 Nov 18:00" in text
    assert "\n\n" not in result.stdout


def test_friday_in_a_fast_field_goes_out_monday(run: Invoke) -> None:
    out = when(
        run, "--interview-end", "2026-11-20T15:00", "--tz", "America/New_York", "--pace", "fast"
    )
    assert out["recommended"] == "2026-11-23T09:00:00-05:00"
    assert any("weekend" in str(r) for r in out["reasons"])  # type: ignore[attr-defined]


def test_country_is_derived_from_the_zone_or_given(run: Invoke) -> None:
    derived = when(
        run, "--interview-end", "2026-11-25T15:00", "--tz", "America/New_York", "--pace", "fast"
    )
    assert derived["recommended"] == "2026-11-27T09:00:00-05:00"  # Thanksgiving skipped
    given = when(
        run,
        "--interview-end",
        "2026-11-25T15:00",
        "--tz",
        "America/New_York",
        "--pace",
        "fast",
        "--country",
        "CA",
    )
    assert given["recommended"] == "2026-11-26T09:00:00-05:00"  # not a holiday in Canada


def test_an_offset_in_the_time_needs_no_tz_when_the_recipient_is_given(run: Invoke) -> None:
    out = when(
        run,
        "--interview-end",
        "2026-11-17T18:00+01:00",
        "--recipient-tz",
        "America/Los_Angeles",
        "--pace",
        "fast",
    )
    assert out["recommended"] == "2026-11-17T11:00:00-08:00"


def test_relaxed_industries_wait_about_48_hours(run: Invoke) -> None:
    out = when(
        run,
        "--interview-end",
        "2026-11-17T15:00",
        "--tz",
        "Europe/Paris",
        "--industry",
        "nonprofit",
    )
    assert out["pace"] == "relaxed"
    # The second working morning, about 42 hours after (issue 14; it was 11:00, 44 h).
    assert out["recommended"] == "2026-11-19T09:00:00+01:00"
    assert any("about 42 hours after" in str(r) for r in out["reasons"])  # type: ignore[attr-defined]


def test_unknown_industry_falls_back_to_standard_and_says_so(run: Invoke) -> None:
    out = when(run, "--interview-end", "2026-11-17T15:00", "--tz", "UTC", "--industry", "falconry")
    assert out["pace"] == "standard"
    assert any("'falconry' is not in the pace table" in str(r) for r in out["reasons"])  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--interview-end", "2026-11-24T15:00", "--tz", "Mars/Olympus"],
            "--tz: unknown time zone 'Mars/Olympus'",
        ),
        (
            ["--interview-end", "2026-11-24T15:00", "--tz", "UTC", "--recipient-tz", "Moon/Base"],
            "--recipient-tz: unknown time zone",
        ),
        (
            ["--interview-end", "2026-11-24T15:00", "--tz", "UTC", "--country", "XU"],
            "--country: unknown country code 'XU'; close matches: ",
        ),
        (["--interview-end", "2026-11-24T15:00"], "--tz: give the interview's zone"),
        (["--interview-end", "not a date at all", "--tz", "UTC"], "--interview-end: cannot read"),
        (
            ["--interview-end", "2026-11-24T15:00", "--tz", "UTC", "--decision-by", "2026-11-20"],
            "--decision-by: 2026-11-20 is before the interview (2026-11-24)",
        ),
        (
            ["--interview-end", "2026-11-24T15:00", "--tz", "UTC", "--decision-by", "2026-02-30"],
            "--decision-by: '2026-02-30' is not a real date",
        ),
        (
            [
                "--interview-end",
                "2026-11-24T15:00",
                "--tz",
                "UTC",
                "--kind",
                "status-check",
                "--informational",
            ],
            "--kind: an informational meeting gets a thank-you and no status check",
        ),
    ],
)
def test_bad_input_is_one_clear_line(run: Invoke, args: list[str], message: str) -> None:
    result = run("when", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_close_matches_for_an_unknown_country(run: Invoke) -> None:
    result = run("when", "--interview-end", "2026-11-24T15:00", "--tz", "UTC", "--country", "XU")
    assert "US (United States)" in result.stderr


def test_usage_errors(run: Invoke) -> None:
    missing = run("when", "--tz", "UTC")
    assert missing.exit_code == 2 and "Missing option '--interview-end'" in missing.stderr
    both = run(
        "when",
        "--interview-end",
        "2026-11-24T15:00",
        "--tz",
        "UTC",
        "--industry",
        "tech",
        "--pace",
        "fast",
    )
    assert both.exit_code == 2 and "not both" in both.stderr
    bad_pace = run("when", "--interview-end", "2026-11-24T15:00", "--tz", "UTC", "--pace", "quick")
    assert bad_pace.exit_code == 2


def test_policy_from_the_config_file(run: Invoke, isolated_home: object) -> None:
    from pathlib import Path

    home = Path(str(isolated_home))
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text('[policy]\npreferred_hours = "10:00-12:00"\n')
    out = when(run, "--interview-end", "2026-11-17T15:00", "--tz", "UTC", "--pace", "fast")
    assert out["recommended"] == "2026-11-18T10:00:00+00:00"
    (home / "config.toml").write_text('[policy]\npreferred_hours = "late"\n')
    bad = run("when", "--interview-end", "2026-11-17T15:00", "--tz", "UTC")
    assert bad.exit_code == 2 and "policy.preferred_hours" in bad.stderr


NY_END = ["--interview-end", "2026-11-17T15:00", "--tz", "America/New_York"]


def test_a_decision_tomorrow_moves_the_thank_you_before_it(run: Invoke) -> None:
    # TIMING-003: they decide Wed 18 Nov; the note goes an hour after the interview.
    out = when(run, *NY_END, "--industry", "nonprofit", "--decision-by", "2026-11-18")
    assert out["recommended"] == "2026-11-17T16:00:00-05:00"
    assert any("TIMING-003" in str(r) for r in out["reasons"])  # type: ignore[attr-defined]


def test_every_kind_is_reachable(run: Invoke) -> None:
    status = when(run, *NY_END, "--kind", "status-check")
    # TIMING-008: 7 business days after Tue 17 Nov, counting out Thanksgiving: Fri 27 Nov,
    # then mid-week (SEND-003): Tue 1 Dec.
    assert status["recommended"] == "2026-12-01T09:00:00-05:00"
    decided = when(run, *NY_END, "--kind", "status-check", "--decision-by", "2026-11-20")
    assert decided["recommended"] == "2026-11-24T09:00:00-05:00"  # TIMING-007: +2 business days
    coordinator = when(run, *NY_END, "--kind", "coordinator-thanks", "--pace", "standard")
    assert coordinator["recommended"] == "2026-11-18T09:00:00-05:00"
    assert "coordinator" in str(coordinator["reasons"])
    chat = when(run, *NY_END, "--informational", "--pace", "standard")
    assert any("TIMING-006" in str(r) for r in chat["reasons"])  # type: ignore[attr-defined]
    bad = run("when", *NY_END, "--kind", "holiday")
    assert bad.exit_code == 2


def test_the_sector_decides_government_only_holidays(run: Invoke) -> None:
    # Tue 10 Nov 16:00, standard pace: Veterans Day (Wed 11 Nov) is a working day for a
    # private firm, not for a city government.
    end = ["--interview-end", "2026-11-10T16:00", "--tz", "America/New_York"]
    assert when(run, *end)["recommended"] == "2026-11-11T09:00:00-05:00"
    city = when(run, *end, "--company", "City of Boston")
    assert city["recommended"] == "2026-11-12T09:00:00-05:00"
    public = when(run, *end, "--sector", "public")
    assert public["recommended"] == "2026-11-12T09:00:00-05:00"


def test_a_same_day_note_shows_its_time(run: Invoke) -> None:
    result = run(
        "when",
        "--interview-end",
        "2026-11-17T12:00",
        "--tz",
        "America/New_York",
        "--industry",
        "software",
    )
    text = " ".join(result.stdout.split())
    assert text.startswith("Send it Tuesday 17 Nov, 14:00 New York time")
    assert "about 2 hours after the interview ended, the same day" in text
