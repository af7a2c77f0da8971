"""The composition root: the only place that picks adapters.

CLI, web and tests all build an `App` here; tests pass overrides
(an in-memory store, a fixed clock) instead of patching anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup.settings import Config, Settings

if TYPE_CHECKING:
    import threading
    from collections.abc import Callable

    from followup.adapters.store.database import Migration
    from followup.domain.timing.calendar import HolidayCalendar
    from followup.domain.timing.policy import Policies
    from followup.domain.writing.compose import Renderer
    from followup.domain.writing.lint.linter import Matcher, Speller
    from followup.ports import (
        CalendarFeed,
        CalendarSource,
        Clock,
        FeedSource,
        Mailer,
        MailKit,
        NewsStore,
        NoteSource,
        Observances,
        Polisher,
        Store,
        TrackerSource,
        Vault,
    )
    from followup.services.team import TeamDirectory


@dataclass
class App:
    """The wired-up application: settings plus the adapters behind each port."""

    settings: Settings
    overrides: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A cached_property reads the instance dict first, so an override placed there is
        # what every port returns, and its real adapter is never built or imported.
        unknown = sorted(set(self.overrides) - _PORTS)
        if unknown:
            raise TypeError(f"no port called {unknown[0]!r}; ports: {', '.join(sorted(_PORTS))}")
        self.__dict__.update(self.overrides)

    @property
    def config(self) -> Config:
        """The config file, parsed and checked when the settings were read."""
        return self.settings.config

    @property
    def home(self) -> Path:
        """The data folder."""
        return self.settings.home

    @cached_property
    def store(self) -> Store:
        """The Store, opened on first use: SQLite (migrated as it opens), or the account's
        store on PostgreSQL when FOLLOWUP_DATABASE is a postgresql:// URL."""
        if self.settings.database_url:
            from followup.adapters.store.postgres.store import open_store

            return open_store(self.settings.database_url, self.settings.account)
        from followup.adapters.store.sqlite import SqliteStore

        return SqliteStore(self.settings.database)

    @cached_property
    def team(self) -> TeamDirectory:
        """Team mode's directory (issue 19): users, sessions, tokens, audit log. It needs
        the shared PostgreSQL database; SQLite is one person's."""
        from followup.domain.errors import Unavailable

        if not self.settings.database_url:
            raise Unavailable("team mode needs PostgreSQL: set FOLLOWUP_DATABASE=postgresql://...")
        from followup.adapters.store.postgres.team import PostgresTeam

        return PostgresTeam(self.settings.database_url)

    @cached_property
    def clock(self) -> Clock:
        from followup.adapters.clock import SystemClock

        return SystemClock()

    @cached_property
    def renderer(self) -> Renderer:
        """The composer's templates: sandboxed Jinja2, the user's `templates/` first."""
        from followup.adapters.templates.jinja import renderer

        return renderer(self.settings.config.compose.locale, self.settings.templates)

    @cached_property
    def holidays(self) -> HolidayCalendar:
        """Public holidays by country (the `holidays` package, cached per country-year)."""
        from followup.adapters.calendar.holidays import PackageHolidays

        return PackageHolidays(cache=self.settings.home / "cache" / "holidays.json")

    @cached_property
    def policies(self) -> Policies:
        """Timing and cadence settings: defaults, then the config file's [policy] tables."""
        return self.settings.config.policy

    @cached_property
    def speller(self) -> Speller:
        """The linter's offline dictionary (pyspellchecker), loaded on first lookup."""
        from followup.adapters.text.spelling import PySpellChecker

        return PySpellChecker()

    @cached_property
    def matcher(self) -> Matcher:
        """Fuzzy name matching for the linter (rapidfuzz), imported on first use."""
        from followup.adapters.text.matching import RapidfuzzMatcher

        return RapidfuzzMatcher()

    @cached_property
    def calendar_feed(self) -> CalendarFeed:
        """Writes the .ics feed of open follow-ups."""
        from followup.adapters.calendar.feed import IcsFeed

        return IcsFeed()

    @cached_property
    def mail(self) -> MailKit:
        """Mail settings, the outbox and the SMTP/IMAP/.eml transports."""
        import os

        from followup.adapters.mail.kit import RealMailKit

        return RealMailKit(self.settings, self.store, environ=os.environ)

    @cached_property
    def vault(self) -> Vault:
        """Seals a team candidate's own mail password (FOLLOWUP_MAIL_KEY, else a key file
        in the data folder)."""
        import os

        from followup.adapters.mail.vault import vault_for

        return vault_for(self.home, os.environ)

    @cached_property
    def relay(self) -> Mailer | None:
        """The organisation's SMTP relay (`[mail.smtp]`) for team mode's own mail (sign-in
        links, invites), or None: built without opening any account's store."""
        smtp = self.settings.config.mail.smtp
        if smtp is None:
            return None
        import os

        from followup.adapters.mail import secrets
        from followup.adapters.mail.smtp import SmtpMailer

        return SmtpMailer(smtp, lambda: secrets.password("smtp", smtp, os.environ))

    @cached_property
    def news(self) -> NewsStore:
        """Feed state, news items and offer concerns: the store's news repository."""
        return self.store.news

    @cached_property
    def feeds(self) -> FeedSource:
        """Our own HTTP fetch of company feeds, parsed by feedparser."""
        from followup.adapters.feeds.http import HttpFeedSource

        return HttpFeedSource()

    @cached_property
    def observances(self) -> Observances:
        """The dates of holidays a contact observes (HOLIDAY-005)."""
        from followup.adapters.calendar.observances import PackageObservances

        return PackageObservances()

    @cached_property
    def calendar(self) -> CalendarSource:
        """Reads calendar invites (.ics, .eml) for `interview import`."""
        from followup.adapters.calendar.ics import IcsCalendar

        return IcsCalendar()

    @cached_property
    def tracker(self) -> TrackerSource:
        """Reads other trackers' CSV exports for `import --from csv`."""
        from followup.adapters.tracker.csv import CsvTracker

        return CsvTracker()

    @cached_property
    def notes(self) -> NoteSource:
        """Reads a note to lint from a file, an .eml or standard input."""
        from followup.adapters.text.notes import FileNotes

        return FileNotes()

    @cached_property
    def polisher(self) -> Polisher:
        """The user's language model through `llm` (`--ai`), imported only when used."""
        from followup.adapters.text.polisher import LlmPolisher

        return LlmPolisher()

    def close(self) -> None:
        """Release what this App opened; overrides belong to whoever passed them."""
        if "mail" in self.__dict__ and "mail" not in self.overrides:
            self.mail.close()
        if "store" in self.__dict__ and "store" not in self.overrides:
            self.store.close()
        if "team" in self.__dict__ and "team" not in self.overrides:
            self.team.close()


_PORTS = frozenset(name for name, value in vars(App).items() if isinstance(value, cached_property))


def migrate_database(settings: Settings) -> tuple[str, list[str]]:
    """Apply the pending migrations of the configured database: where it is, and their names."""
    if settings.database_url:
        from followup.adapters.store.postgres.database import PostgresDatabase, safe_url

        db = PostgresDatabase(settings.database_url, max_size=1)
        try:
            return safe_url(settings.database_url), db.migrate()
        finally:
            db.close()
    from followup.adapters.store.database import Database

    sqlite = Database(settings.database)  # SQLite migrates as it opens
    sqlite.close()
    return str(settings.database), sqlite.applied_on_open


def database_status(settings: Settings) -> tuple[str, list[Migration]]:
    """Where the configured database is, and every migration with when it was applied."""
    if settings.database_url:
        from followup.adapters.store.postgres.database import PostgresDatabase, safe_url

        db = PostgresDatabase(settings.database_url, max_size=1)
        try:
            return safe_url(settings.database_url), db.status()
        finally:
            db.close()
    from followup.adapters.store.database import Database

    sqlite = Database(settings.database)
    try:
        return str(settings.database), sqlite.status()
    finally:
        sqlite.close()


def build(settings: Settings | None = None, **overrides: Any) -> App:
    """Wire the application. Keyword overrides replace adapters by port name."""
    return App(settings=settings or Settings.from_env(), overrides=overrides)


def account_app(settings: Settings, store: Store, **overrides: Any) -> App:
    """One team-mode candidate's App (the web pages and the workers): their mail goes
    through their own SMTP account when they chose one, else the organisation's relay
    (`[mail]` in the server's config). The opened password is handed to their mail kit
    alone, never to the process environment."""
    import dataclasses
    import os

    from followup.services.team import mailbox

    own = mailbox.own_account(store.get_meta(mailbox.MAIL_META))
    if own is not None:
        from followup.adapters.mail.kit import RealMailKit
        from followup.adapters.mail.vault import vault_for
        from followup.settings import Config

        table, sealed = own
        vault = overrides.get("vault") or vault_for(settings.home, os.environ)
        config = Config.parse({**settings.config.raw, "mail": table})
        settings = dataclasses.replace(settings, config=config)
        secrets = {mailbox.PASSWORD_ENV: vault.open(sealed)}
        overrides["mail"] = RealMailKit(settings, store, environ=secrets)
    return build(settings, store=store, **overrides)


def candidate_app(
    settings: Settings,
    team: TeamDirectory,
    account_id: int,
    store: Store,
    holidays: HolidayCalendar,
    **overrides: Any,
) -> App:
    """A team candidate's App as their web pages see it, for the workers: the
    organisation's settings and holidays with their own overrides, and their mail choice.
    A re-plan in a worker must keep the organisation's policy, not fall back to the file's."""
    import dataclasses

    from followup.services.team import settings as institution

    found = institution.effective(team, account_id, settings.config.raw)
    wired = dataclasses.replace(settings, config=found.config)
    return account_app(wired, store, holidays=found.calendar(holidays), **overrides)


def run_workers(
    settings: Settings,
    *,
    concurrency: int,
    stop: threading.Event,
    report: Callable[[str], None],
    poll: float = 30.0,
    kinds: tuple[str, ...] = (),
    drain: bool = False,
) -> int:
    """`followup worker`: `concurrency` threads doing every account's jobs on PostgreSQL
    until `stop` (a threading.Event) is set; each finishes its current job first. One
    listening connection wakes them on NOTIFY; `poll` seconds is the fallback. Returns
    the number of jobs done. `kinds` limits the jobs taken (all when empty); with `drain`
    each thread returns once no job is due. The wiring is in
    `followup.adapters.store.postgres.work`."""
    from followup.adapters.store.postgres.database import PostgresDatabase
    from followup.adapters.store.postgres.work import WorkerPool
    from followup.services.worker import KINDS, Room, serve

    base = build(settings)  # the server's holiday source, shared by every account's App
    teams: dict[int, Any] = {}

    def app_for(database: PostgresDatabase, account_id: int) -> App:
        from followup.adapters.store.postgres.store import PostgresStore
        from followup.adapters.store.postgres.team import PostgresTeam

        team = teams.get(id(database)) or teams.setdefault(id(database), PostgresTeam(database))
        store = PostgresStore(database, account_id)
        return candidate_app(settings, team, account_id, store, base.holidays)

    with WorkerPool(settings.database_url, concurrency, stop, app_for) as pool:
        return pool.run(
            lambda queue, account, wait: serve(
                Room(
                    queue=queue,
                    account=account,
                    wait=wait,
                    stopping=stop.is_set,
                    clock=pool.now,
                    report=report,
                    poll=poll,
                    kinds=kinds or KINDS,
                    drain=drain,
                )
            )
        )
