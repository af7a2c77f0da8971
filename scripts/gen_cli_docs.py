"""Write docs/cli.md from the commands' own --help text (`make docs`; CI checks it is current)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from followup.cli import cli

OUT = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def walk(command: click.Command, ctx: click.Context) -> list[tuple[click.Context, click.Command]]:
    """Every command below `command`, each with a context chained to its parent's."""
    found = [(ctx, command)]
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                found.extend(walk(sub, click.Context(sub, info_name=name, parent=ctx)))
    return found


def render() -> str:
    parts = [
        "# Command reference\n",
        "Generated from `--help` by `scripts/gen_cli_docs.py` (`make docs`). Do not edit.\n",
    ]
    settings = {**(cli.context_settings or {}), "max_content_width": 100, "terminal_width": 100}
    root = click.Context(cli, info_name="followup", **settings)
    for ctx, command in walk(cli, root):
        parts.append(f"## `{ctx.command_path}`\n\n```\n{command.get_help(ctx).rstrip()}\n```\n")
    return "\n".join(parts)


def main() -> None:
    text = render()
    if "--check" in sys.argv:
        if not OUT.exists() or OUT.read_text() != text:
            sys.exit("docs/cli.md is stale: run `make docs`")
        return
    OUT.write_text(text)


if __name__ == "__main__":
    main()
