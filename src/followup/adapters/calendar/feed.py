"""The iCalendar feed of open follow-ups (icalendar), written atomically; and a memory twin."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from followup import __version__
from followup.domain.errors import Unavailable, ValidationError
from followup.domain.timing.agenda import CalendarEvent

PRODID = f"-//followup//followup {__version__}//EN"
# Controls (but not line breaks) and bidi overrides have no place in a calendar entry.
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def _clean(text: str) -> str:
    return _UNSAFE.sub("", text)


class IcsFeed:
    """`CalendarFeed` on the icalendar package. Times are written in UTC, so no client
    has to resolve a zone; the SEQUENCE follows the follow-up's last change, so a
    re-imported feed updates the events it already holds."""

    def __init__(self, now: datetime | None = None) -> None:
        self._now = now  # DTSTAMP; the export time when not given

    def render(self, events: Sequence[CalendarEvent]) -> bytes:
        from icalendar import Alarm, Calendar, Event

        stamp = (self._now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", "followup")
        for item in events:
            start = item.start.astimezone(UTC).replace(microsecond=0)
            updated = item.updated.astimezone(UTC).replace(microsecond=0)
            entry = Event()
            entry.add("uid", _clean(item.uid))
            entry.add("dtstamp", stamp)
            entry.add("last-modified", updated)
            # Whole seconds since 2020 increase with every change to the follow-up.
            entry.add("sequence", max(0, int(updated.timestamp()) - 1_577_836_800))
            entry.add("dtstart", start)
            entry.add("dtend", start + item.duration)
            entry.add("summary", _clean(item.summary))
            entry.add("description", _clean(item.description))
            entry.add("transp", "TRANSPARENT")
            if item.url:
                entry.add("url", item.url)
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", _clean(item.summary))
            alarm.add("trigger", -item.alarm_before)
            entry.add_component(alarm)
            calendar.add_component(entry)
        data: bytes = calendar.to_ical()
        return data

    def write(self, path: Path, events: Sequence[CalendarEvent]) -> None:
        write_atomic(path, self.render(events))


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` all at once: a 0600 temp file beside it, fsync, rename, fsync
    the folder. A crash leaves the old file or the new one, never half of one."""
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise ValidationError(str(path), "the folder does not exist")
    if path.is_dir():
        raise ValidationError(str(path), "is a folder; give a file name such as followups.ics")
    if path.exists() and not path.is_file():
        # A device or pipe (/dev/null): the rename would replace it with a regular file.
        raise ValidationError(str(path), "is not a regular file; give a file path to write")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ValidationError(str(path), f"cannot write here: {exc.strerror}") from None
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temp).replace(path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise Unavailable(f"{path}: cannot write the calendar file: {exc.strerror}") from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # some file systems cannot open a folder; the rename is done regardless
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class MemoryFeed:
    """`CalendarFeed` twin: keeps what was written, keyed by path."""

    def __init__(self) -> None:
        self.written: dict[Path, list[CalendarEvent]] = {}

    def render(self, events: Sequence[CalendarEvent]) -> bytes:
        lines = [f"{e.uid} {e.start.isoformat()} {e.summary}" for e in events]
        return "\n".join(lines).encode()

    def write(self, path: Path, events: Sequence[CalendarEvent]) -> None:
        self.written[path] = list(events)
