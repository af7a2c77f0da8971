"""What a use case may reach: the ports, the parsed config and the rules' settings.

`followup.bootstrap.App` is the real `Deps`; a test builds one with in-memory twins
(`bootstrap.build(settings, store=MemoryStore(), clock=FixedClock(...))`). Every port is
built on first use, so a use case pays only for the ports it touches.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from followup.domain.timing.calendar import HolidayCalendar
    from followup.domain.timing.policy import Policies
    from followup.domain.writing.compose import Renderer
    from followup.domain.writing.lint.linter import Matcher, Speller
    from followup.ports import (
        CalendarFeed,
        CalendarSource,
        Clock,
        FeedSource,
        MailKit,
        NewsStore,
        NoteSource,
        Observances,
        Polisher,
        Store,
        TrackerSource,
    )
    from followup.settings import Config


class Deps(Protocol):
    """The ports and settings every public service function takes as its first argument."""

    @property
    def store(self) -> Store: ...
    @property
    def clock(self) -> Clock: ...
    @property
    def config(self) -> Config: ...
    @property
    def home(self) -> Path:
        """The data folder (the user's words.txt and templates live there)."""
        ...

    @property
    def policies(self) -> Policies: ...
    @property
    def holidays(self) -> HolidayCalendar: ...
    @property
    def mail(self) -> MailKit: ...
    @property
    def renderer(self) -> Renderer: ...
    @property
    def speller(self) -> Speller: ...
    @property
    def matcher(self) -> Matcher: ...
    @property
    def news(self) -> NewsStore: ...
    @property
    def observances(self) -> Observances: ...
    @property
    def feeds(self) -> FeedSource: ...
    @property
    def calendar(self) -> CalendarSource: ...
    @property
    def calendar_feed(self) -> CalendarFeed: ...
    @property
    def tracker(self) -> TrackerSource: ...
    @property
    def notes(self) -> NoteSource: ...
    @property
    def polisher(self) -> Polisher: ...
