"""Exit codes: the same for every command."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FAILED = 1  # the operation failed, or a check found problems
    USAGE = 2  # bad input or usage
    INTERRUPTED = 130
