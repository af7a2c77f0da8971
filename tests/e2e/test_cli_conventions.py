"""CLI conventions: help with an example on every command, -h, --json, docs kept current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest

from followup.cli import COMMANDS, cli
from tests.conftest import Invoke

ROOT = Path(__file__).resolve().parents[2]


def every_command() -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []

    def walk(command: click.Command, path: tuple[str, ...]) -> None:
        found.append(path)
        if isinstance(command, click.Group):
            ctx = click.Context(command)
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None, name
                walk(sub, (*path, name))

    walk(cli, ())
    return found


@pytest.mark.parametrize("path", every_command(), ids=lambda p: " ".join(p) or "followup")
def test_every_command_has_help_with_an_example(run: Invoke, path: tuple[str, ...]) -> None:
    long = run(*path, "--help")
    short = run(*path, "-h")
    assert long.exit_code == 0 and short.stdout == long.stdout
    assert "Example" in long.stdout or "Start here" in long.stdout, path


def test_every_registered_command_loads() -> None:
    ctx = click.Context(cli)
    for name in COMMANDS:
        assert cli.get_command(ctx, name) is not None, name


def test_list_and_show_commands_take_json() -> None:
    for path in every_command():
        if path and path[-1] in ("list", "show", "add"):
            command: click.Command = cli
            for word in path:
                assert isinstance(command, click.Group)
                sub = command.get_command(click.Context(command), word)
                assert sub is not None
                command = sub
            assert any("--json" in p.opts for p in command.params), path


def test_cli_reference_is_current() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts/gen_cli_docs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_usage_errors_exit_2(run: Invoke) -> None:
    assert run("no-such-command").exit_code == 2
    assert run("app", "add").exit_code == 2  # missing --company


def test_completion_script_is_printed(run: Invoke) -> None:
    result = run("completion", "bash")
    assert result.exit_code == 0 and "_FOLLOWUP_COMPLETE" in result.stdout


@pytest.mark.parametrize("args", [("app", "list"), ("agenda",), ("network",), ("doctor",)])
def test_a_config_typo_fails_every_command_naming_the_key(
    run: Invoke, isolated_home: Path, args: tuple[str, ...]
) -> None:
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "config.toml").write_text("[network]\nmin_gap_dayz = 3\n")
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr == "error: network.min_gap_dayz: unknown setting\n"


@pytest.mark.parametrize("name", ["plan", "done", "skip", "snooze", "heard-back"])
def test_the_agenda_verbs_keep_their_top_level_shortcuts(run: Invoke, name: str) -> None:
    """`followup done 12` is `followup agenda done 12`; the shortcut is named once, in the
    root help's Shortcuts line, not among the command groups."""
    assert (
        run(name, "--help").stdout.split("\n", 1)[1]
        == (run("agenda", name, "--help").stdout.split("\n", 1)[1])
    )
    top = run("--help").stdout
    commands = top.split("Commands:", 1)[1]
    assert f"\n  {name} " not in commands
    assert name in top.split("Shortcuts:", 1)[1]


def test_a_shortcut_does_what_the_agenda_verb_does(run: Invoke, profile: None) -> None:
    via_shortcut = run("plan", "--json")
    via_group = run("agenda", "plan", "--json")
    assert via_shortcut.exit_code == via_group.exit_code == 0
    assert via_shortcut.stdout == via_group.stdout
    assert run("done", "999").stderr == run("agenda", "done", "999").stderr != ""
