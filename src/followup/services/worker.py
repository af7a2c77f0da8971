"""Background work for every account on a shared database (issue 18 §3, §4): what each
kind of job does for one account, and the loop a worker thread runs.

The queue (`followup.adapters.store.postgres.jobs`) hands out one account's job at a
time; the loop opens that account's ports, does the job, and says when it is due again.
Jobs are queued by the database itself: a message waiting in the outbox queues a
delivery, a change to an account's records queues a re-plan (coalesced, one pending per
account). After a re-plan an account whose plan depends on the date (open follow-ups
whose windows open, check-ins, holidays) gets a daily sweep job; feed fetches and reply
sync are kept due while the account has feeds or an IMAP account is configured.

Nothing here loads more than one account: every job runs inside that account's store.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from followup.domain.mail.outbox import SenderBusy, State
from followup.domain.records.followups import Status

if TYPE_CHECKING:
    from followup.services.deps import Deps

KINDS = ("deliver", "replan", "sweep", "feeds", "sync")
FEEDS_EVERY = timedelta(hours=6)
SYNC_EVERY = timedelta(minutes=15)
BUSY_AGAIN = timedelta(seconds=5)  # another process holds the account's sender lock
BATCH = 100  # messages one delivery job sends before it lets other accounts go first
OPEN = (Status.PLANNED, Status.DRAFTED, Status.QUEUED)


class Claimed(Protocol):
    """A claimed job, as the queue hands it out."""

    @property
    def id(self) -> int: ...
    @property
    def account_id(self) -> int: ...
    @property
    def kind(self) -> str: ...


class Queue(Protocol):
    """The shared job queue, as one worker thread sees it."""

    def claim(
        self, now: datetime, kinds: tuple[str, ...] = ...
    ) -> AbstractContextManager[Claimed | None]: ...
    def again(self, job: Claimed, at: datetime) -> None: ...
    def ensure(self, account_id: int, kind: str, due_at: datetime, now: datetime) -> None: ...
    def next_due(self, kinds: tuple[str, ...] = ...) -> datetime | None: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Room:
    """What a worker thread needs from the wiring: its queue, one account's ports for
    the length of a job, how to sleep (woken early by NOTIFY; True once stopping), whether
    to stop, the time, and where to say what it did."""

    queue: Queue
    account: Callable[[int], AbstractContextManager[Deps]]
    wait: Callable[[float], bool]
    stopping: Callable[[], bool]
    clock: Callable[[], datetime]
    report: Callable[[str], None] = lambda _: None
    poll: float = 30.0  # the longest sleep: polling, in case a wake-up was missed
    kinds: tuple[str, ...] = KINDS
    drain: bool = False  # return once no job is due instead of waiting for more


def serve(room: Room) -> int:
    """Claim and do jobs until told to stop; a stop lets the current job finish. Returns
    the number of jobs done. A failed job is backed off by the queue and reported."""
    done = 0
    while not room.stopping():
        try:
            with room.queue.claim(room.clock(), room.kinds) as job:
                if job is not None:
                    with room.account(job.account_id) as deps:
                        room.report(do(deps, room.queue, job, room.stopping))
                    done += 1
        except Exception as exc:  # the job is backed off; one bad account stops nobody
            room.report(f"job failed: {type(exc).__name__}: {exc}")
            job = None
        if job is not None:
            continue
        if room.stopping() or room.drain:
            break
        pause = room.poll
        due = room.queue.next_due(room.kinds)
        if due is not None:
            pause = min(pause, (due - room.clock()).total_seconds())
        if pause > 0 and room.wait(pause + random.random() * 0.05):
            break
    return done


def do(deps: Deps, queue: Queue, job: Claimed, stopping: Callable[[], bool]) -> str:
    """Do one job for the account whose ports `deps` are; one line on what it did."""
    now = deps.clock.now()
    who = f"account {job.account_id}"
    match job.kind:
        case "deliver":
            settled, again = deliver(deps, stopping)
            if again is not None:
                queue.again(job, again)
            counts = Counter(str(state) for state in settled)
            said = ", ".join(f"{n} {state}" for state, n in sorted(counts.items()))
            return f"{who}: delivery: {said or 'nothing due'}"
        case "replan" | "sweep":
            changed = replan(deps)
            _keep_periodic(deps, queue, job, now)
            return f"{who}: {job.kind}: {changed} follow-up(s) changed"
        case "feeds":
            from followup.services import network

            runs = network.fetch_news(deps, now)
            if _has_feeds(deps):
                queue.again(job, now + FEEDS_EVERY)
            return f"{who}: fetched {len(runs)} feed(s)"
        case "sync":
            from followup.services.mail import replies

            if deps.mail.settings.imap is None:
                return f"{who}: no IMAP account configured; reply sync stopped"
            report = replies.sync(deps)
            queue.again(job, now + SYNC_EVERY)
            return f"{who}: recorded {len(report.recorded)} repl(ies)"
    raise ValueError(f"unknown job kind {job.kind!r}")


def deliver(deps: Deps, stopping: Callable[[], bool]) -> tuple[list[State], datetime | None]:
    """Send the account's due messages (at most BATCH) under the outbox's exactly-once
    rules (phase saved before DATA, `unknown` never resent, retries backed off); returns
    the states they settled in and when the account's next message is due (None: none
    waits)."""
    from followup.services.mail.outbox import RunOptions, Throttle, run
    from followup.services.mail.send import LAST_RUN, next_due, transports_for

    kit = deps.mail
    smtp = kit.settings.smtp
    interval = smtp.min_interval if smtp is not None else 0.0
    try:
        report = run(
            deps.store,
            kit.outbox,
            transports_for(kit),
            clock=deps.clock.now,
            options=RunOptions(
                fault=kit.checkpoint,
                # A throttled account sends one message a job, and its job comes back after
                # the interval, so a worker never sleeps on one account while others wait.
                limit=1 if interval > 0 else BATCH,
                throttle=Throttle(interval=interval) if interval > 0 else None,
                stop=stopping,
            ),
        )
    except SenderBusy:  # `followup send` is delivering for this account right now
        return [], deps.clock.now() + BUSY_AGAIN
    now = deps.clock.now()
    deps.store.set_meta(LAST_RUN, now.isoformat())
    due = next_due(deps)
    if due is not None and interval > 0:
        due = max(due, now + timedelta(seconds=interval))
    return [e.state for e in (*report.recovered, *report.settled)], due


def replan(deps: Deps) -> int:
    """Re-plan the account: its applications' follow-ups and the long-run kinds
    (check-ins, greetings, news notes); how many follow-ups changed."""
    from followup.services import timing

    return timing.replan(deps).changed


def date_dependent(deps: Deps) -> bool:
    """Whether the account's plan can change with the date alone: open follow-ups (their
    windows open and close, holidays move them) or contacts (check-ins, greetings)."""
    store = deps.store
    return bool(store.followups.list(statuses=OPEN, limit=1)) or bool(store.contacts.list())


def sweep_time(account_id: int, now: datetime) -> datetime:
    """When the account's daily sweep runs next: after the coming UTC midnight, spread over
    the first hour by account so 10,000 accounts do not fall due in the same second."""
    midnight = datetime.combine(now.astimezone(UTC).date() + timedelta(days=1), datetime.min.time())
    return midnight.replace(tzinfo=UTC) + timedelta(seconds=(account_id * 7919) % 3600)


def _keep_periodic(deps: Deps, queue: Queue, job: Claimed, now: datetime) -> None:
    """After a re-plan or a sweep: tomorrow's sweep if the plan depends on the date, and
    the feed and sync jobs the account's records call for."""
    if date_dependent(deps):
        if job.kind == "sweep":
            queue.again(job, sweep_time(job.account_id, now))
        else:
            queue.ensure(job.account_id, "sweep", sweep_time(job.account_id, now), now)
    if _has_feeds(deps):
        queue.ensure(job.account_id, "feeds", now, now)
    if deps.mail.settings.imap is not None:
        queue.ensure(job.account_id, "sync", now, now)


def _has_feeds(deps: Deps) -> bool:
    return any(company.feeds for company in deps.store.companies.list())
