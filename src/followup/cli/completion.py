"""`followup completion`: shell completion scripts."""

from __future__ import annotations

import click
from click.shell_completion import get_completion_class


@click.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the completion script for your shell.

    \b
    Example:
      followup completion bash > ~/.local/share/bash-completion/completions/followup
    """
    from followup.cli import cli

    cls = get_completion_class(shell)
    assert cls is not None
    click.echo(cls(cli, {}, "followup", "_FOLLOWUP_COMPLETE").source())
