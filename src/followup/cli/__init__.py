"""The command line. Groups are nouns, subcommands verbs; each group is its own module,
imported only when that command runs, so `followup app list` starts fast.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from typing import Any

# Loading modules builds many objects and no cycles: the collector's passes over them find
# nothing, so it rests while this module and a command's module load (see `main`).
_collecting = gc.isenabled()
gc.disable()

import click  # noqa: E402

from followup import __version__  # noqa: E402
from followup.cli.exit_codes import ExitCode  # noqa: E402
from followup.domain.errors import DomainError, Refused, Unavailable  # noqa: E402

# command name -> "module:attribute". Add a line here for a new command group.
COMMANDS: dict[str, str] = {
    "init": "followup.cli.init:init",
    "company": "followup.cli.company:company",
    "contact": "followup.cli.contact:contact",
    "app": "followup.cli.app:app",
    "interview": "followup.cli.interview:interview",
    "export": "followup.cli.backup:export",
    "import": "followup.cli.backup:import_",
    "completion": "followup.cli.completion:completion",
    "send": "followup.cli.send:send",
    "outbox": "followup.cli.outbox:outbox",
    "mail": "followup.cli.mail:mail",
    "sync": "followup.cli.sync:sync",
    "reply": "followup.cli.reply:reply",
    "doctor": "followup.cli.doctor:doctor",
    "db": "followup.cli.db:db",
    "when": "followup.cli.when:when",
    "plan": "followup.cli.agenda:plan",
    "agenda": "followup.cli.agenda:agenda",
    "done": "followup.cli.agenda:done",
    "skip": "followup.cli.agenda:skip",
    "snooze": "followup.cli.agenda:snooze",
    "heard-back": "followup.cli.agenda:heard_back",
    "calendar": "followup.cli.calendar:calendar",
    "draft": "followup.cli.draft:draft",
    "compose": "followup.cli.compose:compose",
    "lint": "followup.cli.lint:lint",
    "network": "followup.cli.network:network_",
    "news": "followup.cli.news:news",
    "offer": "followup.cli.offer:offer",
    "serve": "followup.cli.serve:serve",
    "worker": "followup.cli.worker:worker",
    "team": "followup.cli.team:team",
    "user": "followup.cli.user:user",
}


class UserError(click.ClickException):
    """Bad input: one line on stderr, exit code 2."""

    exit_code = ExitCode.USAGE

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True, file=file)


class FailedError(UserError):
    """The operation failed (database busy, server down, refused): exit code 1."""

    exit_code = ExitCode.FAILED


def user_error(exc: DomainError) -> UserError:
    """The click exception that shows a DomainError as one line with its exit code."""
    if isinstance(exc, Refused | Unavailable):
        return FailedError(str(exc))
    return UserError(str(exc))


# Shortcuts: `followup done 12` is `followup agenda done 12`. They work as they always
# did, and are listed once, in the root help, not among the command groups.
SHORTCUTS = frozenset({"plan", "done", "skip", "snooze", "heard-back"})


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use; `shortcuts` run but are not
    listed."""

    def __init__(
        self,
        *args: Any,
        lazy: dict[str, str] | None = None,
        shortcuts: frozenset[str] = frozenset(),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}
        self.shortcuts = shortcuts

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:
            _check_encoding(args)
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy} - self.shortcuts)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy:
            module, _, attr = self.lazy[cmd_name].partition(":")
            command = getattr(importlib.import_module(module), attr)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            if ctx.parent is None:
                sys.stdout.flush()  # a full disk shows here, not at exit as an ignored error
            return result
        except DomainError as exc:
            raise user_error(exc) from None
        except click.exceptions.Exit:
            if ctx.parent is None:
                _flush_or_fail()
            raise
        except (click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            raise click.Abort() from None
        except BrokenPipeError:
            raise  # the reader went away (`| head`): click exits quietly
        except OSError as exc:
            if exc.filename is not None:
                raise FailedError(f"{exc.filename}: {exc.strerror}") from None
            # Writing the output failed (`> /dev/full`): say so, exit 1.
            raise FailedError(f"cannot write the output: {exc.strerror}") from None
        except Exception as exc:
            if os.environ.get("FOLLOWUP_DEBUG"):
                raise
            raise FailedError(
                f"internal error ({type(exc).__name__}: {exc}); "
                "run again with FOLLOWUP_DEBUG=1 for details and report it"
            ) from None


def _flush_or_fail() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise FailedError(f"cannot write the output: {exc.strerror}") from None


def _check_encoding(args: list[str]) -> None:
    """Refuse an argument that is not valid UTF-8 (Python hands its bytes over as lone
    surrogates), naming the option it belongs to, before anything reads it."""
    for index, arg in enumerate(args):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            previous = args[index - 1] if index else ""
            if arg.startswith("--") and "=" in arg:
                name = arg.split("=", 1)[0]
            elif previous.startswith("-") and "=" not in previous:
                name = previous
            else:
                name = f"argument {index + 1}"
            raise UserError(
                f"{name}: is not valid UTF-8 text; check the terminal's or script's encoding"
            ) from None


@click.group(
    cls=LazyGroup,
    lazy=COMMANDS,
    shortcuts=SHORTCUTS,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "--version", prog_name="followup")
def cli() -> None:
    """followup: know when to follow up after an interview, to whom, and what to write.

    \b
    Start here:
      followup init --name "Ada Lovelace" --email ada@example.org --tz Europe/London
      followup interview add --from debrief.toml
      followup app list

    \b
    Shortcuts: followup plan, done, skip, snooze and heard-back are
    followup agenda plan, done, skip, snooze and heard-back.
    """


def main(argv: list[str] | None = None) -> None:
    """The console script."""
    args = sys.argv[1:] if argv is None else argv
    name = next((a for a in args if not a.startswith("-")), None)
    if name in COMMANDS:
        # Import the command's module now, then move everything loaded so far out of the
        # garbage collector's sight: a short process need not scan its code objects again,
        # at every full collection nor at exit.
        collecting = gc.isenabled()
        gc.disable()
        try:
            importlib.import_module(COMMANDS[name].partition(":")[0])
        finally:
            if collecting:
                gc.enable()
        gc.freeze()
    try:
        cli.main(args=argv, prog_name="followup")
    except BrokenPipeError:  # `followup app list | head`
        sys.stderr.close()
        sys.exit(ExitCode.OK)


if _collecting:
    gc.enable()
