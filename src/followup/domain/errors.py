"""Errors raised by the domain.

DomainError
├── ValidationError      a value is wrong; names the field
│   └── TooLarge         a value exceeds a size limit
├── NotFound             a record does not exist
├── Conflict             a record clashes with another (duplicate email, ...)
├── Refused              a rule forbids the action (cadence guard, lint errors)
└── Unavailable          storage or a server cannot be used now (busy, read-only, corrupt)
"""

from __future__ import annotations


class DomainError(Exception):
    """Base class: every error the user can cause. Its message is one clear line."""


class ValidationError(DomainError):
    """A value the user gave is not acceptable."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}" if field else problem)


class TooLarge(ValidationError):
    """A value is larger than its limit."""


class NotFound(DomainError):
    """The record asked for does not exist."""

    def __init__(self, kind: str, key: object) -> None:
        self.kind = kind
        self.key = key
        super().__init__(f"no {kind} {key}")


class Conflict(DomainError):
    """The change clashes with an existing record."""


class Refused(DomainError):
    """A rule forbids the action; the message says which and why."""


class Unavailable(DomainError):
    """Storage or a server cannot be used right now; nothing was changed."""
