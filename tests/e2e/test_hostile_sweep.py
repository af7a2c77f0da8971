"""Issue 17: a hostile-input sweep over every command's arguments. Whatever is typed,
each command ends with exit 0, 1 or 2, one clear line for an error, and never a
traceback or an "internal error"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup.cli import COMMANDS, cli
from tests.conftest import Invoke

ROOT = Path(__file__).resolve().parents[2]

# Commands that talk to servers or run until stopped: covered by their own suites.
SKIP = {"serve", "mail", "news", "sync", "send", "outbox"}
# Options that reach out to a network service.
SKIP_OPTIONS = {"ai"}


def _commands() -> Iterator[tuple[list[str], click.Command]]:
    ctx = click.Context(cli)

    def walk(group: click.Group, path: list[str], names: list[str]) -> Iterator[Any]:
        for name in names:
            command = group.get_command(ctx, name)
            if command is None or name in SKIP:
                continue
            if isinstance(command, click.Group):
                yield from walk(command, [*path, name], command.list_commands(ctx))
            else:
                yield [*path, name], command

    yield from walk(cli, [], sorted(COMMANDS))


COMMAND_LIST = list(_commands())

HOSTILE_TEXT = [
    "",
    " ",
    "2026-13-01",
    "2026-02-30",
    "9999-12-31",
    "0001-01-01T00:00",
    "yesterday 25pm",
    "-1",
    "tomorrow 2pm",
    "2026-11-24T15:00",
    "EST",
    "Mars/Olympus",
    "Etc/GMT+5",
    "../../etc/passwd",
    '"><img src=x onerror=alert(1)> <x2@evil.example>',
    "Analyst\r\nBcc: attacker@evil.example",
    b"caf\xe9".decode("utf-8", "surrogateescape"),
    "\ud800",
    "x" * 5000,
    "1",
    str(2**63),
    "Grace Hopper <grace@acme.com>",
    "ALL",
    "%s%n{}{{7*7}}",
    "second round",
    "final",
    "hr@acme.com",
]


def _value(param: click.Parameter, files: list[str]) -> st.SearchStrategy[str]:
    """Mostly values of the right type (so the command runs), sometimes hostile text."""
    kind = param.type
    hostile = st.sampled_from(HOSTILE_TEXT)
    if isinstance(kind, click.Choice):
        valid = st.sampled_from([str(c) for c in kind.choices])
        return st.one_of(valid, valid, valid, hostile)
    if isinstance(kind, (click.types.IntParamType, click.types.FloatParamType)):
        numbers = [1, 1, 1, 2, 3, 0, -1, 50, 51, 2**31, 2**63, -(2**63) - 1, 10**30]
        return st.sampled_from([str(n) for n in numbers])
    if isinstance(kind, click.Path):
        return st.sampled_from(files)
    return st.one_of(hostile, hostile, st.text(max_size=40))


@st.composite
def invocations(draw: st.DrawFn, files: list[str]) -> list[str]:
    path, command = draw(st.sampled_from(COMMAND_LIST))
    args = list(path)
    for param in command.params:
        if param.name in SKIP_OPTIONS or param.name == "help":
            continue
        if isinstance(param, click.Argument):
            if param.required or draw(st.booleans()):
                args.append(draw(_value(param, files)))
            continue
        assert isinstance(param, click.Option)
        if draw(st.integers(0, 3)) != 0:
            continue  # most options are left out, as a user would
        if param.is_flag:
            args.append(param.opts[0])
        else:
            args += [param.opts[0], draw(_value(param, files))]
    return args


@pytest.fixture
def world(run: Invoke, profile: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records for ids to point at, and files of every kind to pass as paths."""
    monkeypatch.chdir(tmp_path)  # a relative output path lands here, never in the repo
    setup = [
        ("interview", "add", "--company", "Acme", "--role", "Dev", "--end", "2026-11-24T15:00",
         "--with", "Grace Hopper <grace@acme.com>"),
        ("contact", "add", "Alan Turing", "--email", "alan@acme.com"),
    ]  # fmt: skip
    for args in setup:
        assert run(*args).exit_code == 0
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 5000 + "]" * 5000)
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"\xff\xfe[interview]\nend = 9999-12-31T00:00:00Z\n")
    # Copies: an output option may be handed any of these paths, and must never be able
    # to overwrite a file of the repository.
    debrief = tmp_path / "debrief.toml"
    debrief.write_bytes((ROOT / "examples/debrief.toml").read_bytes())
    invite = tmp_path / "invite.ics"
    invite.write_bytes((ROOT / "tests/fixtures/ics/calendly.ics").read_bytes())
    # Invites that hung the import (an RRULE that never advances, a secondly VTIMEZONE).
    looping = tmp_path / "interval-zero.ics"
    looping.write_bytes((ROOT / "tests/fixtures/ics/interval_zero.ics").read_bytes())
    secondly = tmp_path / "secondly-zone.ics"
    secondly.write_bytes((ROOT / "tests/fixtures/ics/vtimezone_secondly.ics").read_bytes())
    return [
        str(debrief),
        str(invite),
        str(looping),
        str(secondly),
        str(deep),
        str(bad),
        str(tmp_path / "missing.json"),
        str(tmp_path / "no/such/folder/out.ics"),
        str(tmp_path),
        "out.ics",
        "out.json",
    ]


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_command_ends_cleanly_whatever_is_typed(
    world: list[str], data: st.DataObject
) -> None:
    args = data.draw(invocations(world))
    result = CliRunner().invoke(cli, args, input="", catch_exceptions=True)
    shown = f"{args!r}\nstdout: {result.stdout[-500:]}\nstderr: {result.stderr[-500:]}"
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{shown}\n{result.exc_info}"
    )
    assert result.exit_code in (0, 1, 2), shown
    assert "internal error" not in result.stderr, shown
    assert "Traceback" not in result.output, shown
