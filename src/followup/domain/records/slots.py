"""Records built from every field at once, straight into their slots.

A frozen dataclass's keyword `__init__` sets each field through `object.__setattr__`; a
whole-database run builds a few hundred thousand records (the store's bulk reads, the
planner's follow-ups, the network's standings), and that costs about half as much again
as setting the slots directly (issue 16).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any, TypeVar

_T = TypeVar("_T")


def built(cls: type[_T]) -> Callable[..., _T]:
    """A constructor of the frozen, slotted dataclass `cls` that takes every field,
    positionally and in field order, with no defaults: for hot paths that give them all.
    Made once per record type, at import."""
    setters = tuple(getattr(cls, f.name).__set__ for f in fields(cls))  # type: ignore[arg-type]
    new = object.__new__

    def build(*values: Any) -> _T:
        record = new(cls)
        for store, value in zip(setters, values, strict=True):
            store(record, value)
        return record

    return build
