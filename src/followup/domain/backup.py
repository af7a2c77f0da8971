"""The JSON backup format: every record, as plain data, and back.

Export then import into an empty database then export again gives identical data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields as dc_fields
from datetime import date, datetime
from enum import Enum
from types import UnionType
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from followup.domain.errors import ValidationError
from followup.domain.followups import FollowUp, Message, Window
from followup.domain.records import (
    Application,
    Company,
    Contact,
    Interview,
    Participant,
    Profile,
    Snapshot,
    StageChange,
)

FORMAT = "followup-backup"
VERSION = 1
_SECTIONS: dict[str, type] = {
    "companies": Company,
    "contacts": Contact,
    "applications": Application,
    "interviews": Interview,
    "followups": FollowUp,
    "messages": Message,
}


def to_data(snapshot: Snapshot) -> dict[str, Any]:
    """The snapshot as JSON-ready data."""
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    data["profile"] = _dump(snapshot.profile) if snapshot.profile else None
    for section in _SECTIONS:
        data[section] = [_dump(record) for record in getattr(snapshot, section)]
    return data


def from_data(data: Mapping[str, Any]) -> Snapshot:
    """Validate backup data and return the snapshot; errors name the record and key."""
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise ValidationError("format", f"not a followup backup (expected format {FORMAT!r})")
    if data.get("version") != VERSION:
        raise ValidationError("version", f"unsupported backup version {data.get('version')!r}")
    parts: dict[str, Any] = {}
    profile = data.get("profile")
    parts["profile"] = _load(Profile, profile, "profile") if profile else None
    for section, cls in _SECTIONS.items():
        items = data.get(section, [])
        if not isinstance(items, list):
            raise ValidationError(section, "must be a list")
        parts[section] = tuple(_load(cls, item, f"{section}[{i}]") for i, item in enumerate(items))
    return Snapshot(**parts)


def _dump(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_dump(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _dump(getattr(value, f.name)) for f in dc_fields(value)}
    return value


_T = TypeVar("_T")
_NESTED: dict[str, type] = {"history": StageChange, "interviewers": Participant, "window": Window}


def _load(cls: type[_T], data: Any, path: str) -> _T:
    if not isinstance(data, Mapping):
        raise ValidationError(path, "must be an object")
    hints = get_type_hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dc_fields(cls):  # type: ignore[arg-type]
        if f.name not in data:
            continue
        kwargs[f.name] = _convert(hints[f.name], data[f.name], f"{path}.{f.name}", f.name)
    unknown = set(data) - {f.name for f in dc_fields(cls)}  # type: ignore[arg-type]
    if unknown:
        raise ValidationError(f"{path}.{sorted(unknown)[0]}", "unknown key")
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise ValidationError(path, f"incomplete record ({exc})") from None


def _convert(hint: Any, value: Any, path: str, name: str) -> Any:
    if value is None:
        return None
    if name in _NESTED:
        nested = _NESTED[name]
        if isinstance(value, list):
            return tuple(_load(nested, v, f"{path}[{i}]") for i, v in enumerate(value))
        return _load(nested, value, path)
    target = hint
    if get_origin(hint) in (UnionType, Union):
        target = next(a for a in get_args(hint) if a is not type(None))
    if get_origin(target) is tuple:
        if not isinstance(value, list):
            raise ValidationError(path, "must be a list")
        return tuple(value)
    parser: Callable[[Any], Any] | None = None
    if target is datetime:
        parser = datetime.fromisoformat
    elif target is date:
        parser = date.fromisoformat
    elif isinstance(target, type) and issubclass(target, Enum):
        parser = target
    if parser is not None:
        try:
            parsed = parser(value)
        except (ValueError, TypeError):
            raise ValidationError(path, f"invalid value {value!r}") from None
        if isinstance(parsed, datetime) and parsed.tzinfo is None:
            raise ValidationError(path, "needs a UTC offset")
        return parsed
    if target in (int, str, bool) and not isinstance(value, target):
        raise ValidationError(path, f"must be {target.__name__}")
    return value
