"""Noticing replies: over IMAP (read-only), from exported mail, or typed in by hand.

A reply is recorded once as an incoming `Message`; the cadence guard counts it and
stops the nudges (CAD-007). Dedupe is twofold: the source key (UIDVALIDITY+UID, or the
file) is remembered in the outbox's seen-ledger, and a Message-ID already on record is
never recorded again, so a UIDVALIDITY change or an mbox re-import adds nothing (B5).

`watch` keeps doing what `sync_imap` does, woken by IMAP IDLE (B6).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from followup.domain.errors import NotFound, Unavailable, ValidationError
from followup.domain.mail.outbox import OutboxEntry
from followup.domain.mail.replies import IncomingMail, match
from followup.domain.mail.stop_requests import StopRequest, detect, mark
from followup.domain.records.fields import email as email_field
from followup.domain.records.fields import line
from followup.domain.records.followups import Channel, Direction, Message, Status
from followup.ports import Mailbox, Outbox, Store
from followup.services import timing
from followup.services.mail.outbox import drafts_sent

if TYPE_CHECKING:
    from followup.services.deps import Deps

LOOKBACK = timedelta(days=90)
# RFC 2177: servers may drop a client idle for 30 minutes, so IDLE is renewed before that.
IDLE_RENEW = 29 * 60.0


@dataclass(slots=True, kw_only=True)
class SyncReport:
    recorded: list[Message] = field(default_factory=list)
    looked_at: int = 0
    # "source: why", for malformed mail that was not recorded; a recorded one is in
    # `recorded` only, its problems in `warnings`
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stops: dict[int, StopRequest] = field(default_factory=dict)  # message id -> CAD-007
    drafts_sent: list[OutboxEntry] = field(default_factory=list)  # found in Sent, now sent


def _targets(
    store: Store,
) -> tuple[dict[str, tuple[int, int | None]], dict[str, tuple[int, int | None]]]:
    """Our sent Message-IDs, and the addresses of contacts awaiting an answer."""
    ours: dict[str, tuple[int, int | None]] = {}
    awaiting: dict[str, tuple[int, int | None]] = {}
    for message in store.messages.list():
        if message.direction is Direction.OUT:
            if message.message_id:
                ours[message.message_id] = (message.contact_id, message.followup_id)
            contact = store.contacts.get(message.contact_id)
            if contact.email:
                awaiting[contact.email] = (message.contact_id, message.followup_id)
    for followup in store.followups.list(statuses=[Status.PLANNED, Status.DRAFTED, Status.QUEUED]):
        if followup.contact_id is None:
            continue
        contact = store.contacts.get(followup.contact_id)
        if contact.email and contact.email not in awaiting:
            awaiting[contact.email] = (followup.contact_id, followup.id)
    return ours, awaiting


def record(
    store: Store,
    ledger: Outbox,
    mails: Iterable[IncomingMail],
    *,
    now: datetime,
    me: str = "",
) -> SyncReport:
    """Match each mail and record the replies; every mail looked at is remembered."""
    ours, awaiting = _targets(store)
    report = SyncReport()
    for mail in mails:
        report.looked_at += 1
        if ledger.seen(mail.source) or (
            mail.message_id and ledger.seen(f"msgid:{mail.message_id}")
        ):
            continue
        found = match(mail, ours=ours, awaiting=awaiting, exclude_senders=[me] if me else [])
        problems = f"{mail.source}: {', '.join(mail.problems)}" if mail.problems else ""
        with store.transaction():
            if found is not None and not (
                mail.message_id and store.messages.find(mail.message_id) is not None
            ):
                application_id = None
                if found.followup_id is not None:
                    application_id = store.followups.get(found.followup_id).application_id
                if application_id is None and found.our_message_id:
                    # The message it answers knows the application (its stop binds there).
                    answered = store.messages.find(found.our_message_id)
                    application_id = answered.application_id if answered else None
                stop = detect(mail.text)
                note = found.reason if stop is None else f"{found.reason}; {mark(stop)}"
                report.recorded.append(
                    store.messages.add(
                        Message(
                            contact_id=found.contact_id,
                            application_id=application_id,
                            followup_id=found.followup_id,
                            direction=Direction.IN,
                            channel=Channel.EMAIL,
                            at=mail.date or now,
                            subject=mail.subject,
                            message_id=mail.message_id,
                            in_reply_to=found.our_message_id,
                            source=mail.source if mail.source.startswith("imap:") else "",
                            note=note,
                        )
                    )
                )
                if stop is not None:
                    report.stops[report.recorded[-1].id or 0] = stop
                if problems:
                    report.warnings.append(problems)
            elif problems:
                report.skipped.append(problems)
            ledger.mark_seen(mail.source, now)
            if mail.message_id:
                ledger.mark_seen(f"msgid:{mail.message_id}", now)
    return report


def sync_imap(
    store: Store, ledger: Outbox, mailbox: Mailbox, *, now: datetime, me: str = ""
) -> SyncReport:
    """Search the watched folders read-only for replies to our ids and from our contacts."""
    ours, awaiting = _targets(store)
    mails = mailbox.fetch_replies(
        sorted(ours), sorted(awaiting), now - LOOKBACK, lambda key: ledger.seen(key)
    )
    return record(store, ledger, mails, now=now, me=me)


@dataclass(slots=True, kw_only=True)
class WatchReport(SyncReport):
    syncs: int = 0  # searches made: the first, then one after each wake
    wakes: int = 0  # waits that ended with news (new mail, or a re-made connection)
    problems: list[str] = field(default_factory=list)  # connection trouble survived


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchOptions:
    """How long to watch, how often IDLE is renewed, and who hears about each batch and
    each connection problem; `report` is filled in as it goes, so a caller stopped by
    Ctrl-C still has it."""

    max_seconds: float | None = None
    renew: float = IDLE_RENEW
    on_start: Callable[[str], None] = lambda folder: None  # `follow`: the folder watched
    on_batch: Callable[[SyncReport], None] = lambda batch: None
    on_problem: Callable[[str], None] = lambda problem: None
    monotonic: Callable[[], float] = time.monotonic
    report: WatchReport | None = None


def watch(
    store: Store,
    ledger: Outbox,
    mailbox: Mailbox,
    *,
    clock: Callable[[], datetime],
    replan: Callable[[], object],
    me: str = "",
    options: WatchOptions | None = None,
) -> WatchReport:
    """Sync, then wait for new mail (IDLE renewed every `renew` seconds) and sync again,
    until `max_seconds` pass (forever without it; Ctrl-C stops). After each batch that
    recorded replies, `replan()`. The first sync's errors are raised (a wrong password
    stops at once); later connection trouble is reported and waited out."""
    o = options or WatchOptions()
    renew, max_seconds, monotonic = o.renew, o.max_seconds, o.monotonic
    on_batch, on_problem, report = o.on_batch, o.on_problem, o.report
    if renew <= 0:
        raise ValidationError("renew", "must be a positive number of seconds")
    deadline = None if max_seconds is None else monotonic() + max(0.0, max_seconds)
    report = report if report is not None else WatchReport()
    while True:
        try:
            batch = sync_imap(store, ledger, mailbox, now=clock(), me=me)
        except Unavailable as exc:
            if report.syncs == 0:
                raise
            report.problems.append(str(exc))
            on_problem(str(exc))
            batch = SyncReport()
        report.syncs += 1
        report.looked_at += batch.looked_at
        report.recorded += batch.recorded
        report.skipped += batch.skipped
        report.warnings += batch.warnings
        report.stops.update(batch.stops)
        if batch.recorded:
            replan()  # replies reset the cadence count and stop the nudges (CAD-007)
        if batch.recorded or batch.skipped:
            on_batch(batch)
        left = renew if deadline is None else min(renew, deadline - monotonic())
        if left <= 0:
            return report
        if mailbox.wait_for_mail(left):
            report.wakes += 1


def add_manual(
    deps: Deps,
    contact_ref: str,
    *,
    at: datetime,
    note: str = "",
    channel: Channel = Channel.OTHER,
) -> Message:
    """A reply that came another way (a call, a LinkedIn message), recorded by hand;
    then everyone is re-planned, since a reply resets the cadence count (CAD-007)."""
    store = deps.store
    ref = contact_ref.strip()
    if ref.isascii() and ref.isdigit():
        contact = store.contacts.get(int(ref))
    else:
        address = email_field("--contact", ref, required=True)
        found = store.contacts.find_by_email(address)
        if found is None:
            raise NotFound("contact with email", address)
        contact = found
    if at.utcoffset() is None:
        raise ValidationError("--at", "needs a time zone")
    assert contact.id is not None
    latest = [m for m in store.messages.list(contact_id=contact.id) if m.direction is Direction.OUT]
    previous = latest[-1] if latest else None
    message = store.messages.add(
        Message(
            contact_id=contact.id,
            application_id=previous.application_id if previous else None,
            followup_id=previous.followup_id if previous else None,
            direction=Direction.IN,
            channel=channel,
            at=at,
            note=line("--note", note, limit=2000),
        )
    )
    timing.replan(deps)
    return message


def me(deps: Deps) -> str:
    """Our own address, never taken for a reply: `[mail] from`, else the profile's."""
    profile = deps.store.profile.get()
    return deps.mail.settings.from_email or (profile.email if profile else "")


def sync(deps: Deps, *, mbox: str | None = None, eml: str | None = None) -> SyncReport:
    """Record the replies in an mbox file, an .eml folder, or (neither) the IMAP account's
    watched folders; then, if any were recorded, re-plan everyone (CAD-007)."""
    kit, store = deps.mail, deps.store
    now = deps.clock.now()
    mailbox = None
    if mbox is None and eml is None:
        mailbox = kit.mailbox()
        if mailbox is None:
            raise ValidationError(
                "sync", "no IMAP account configured; run `followup mail setup`, or use --mbox/--eml"
            )
    # Drafts sent since (found in Sent, or marked done) come first, so that replies to
    # them match this very run.
    sent = drafts_sent(store, kit.outbox, _in_sent(mailbox), now=now)
    if mbox is not None:
        report = record(store, kit.outbox, kit.read_mbox(mbox), now=now, me=me(deps))
    elif eml is not None:
        report = record(store, kit.outbox, kit.read_eml_dir(eml), now=now, me=me(deps))
    else:
        assert mailbox is not None
        report = sync_imap(store, kit.outbox, mailbox, now=now, me=me(deps))
    report.drafts_sent = sent
    if report.recorded or report.drafts_sent:
        timing.replan(deps)
    return report


def _in_sent(mailbox: Mailbox | None) -> Callable[[Sequence[str]], set[str]]:
    if mailbox is None:
        return lambda message_ids: set()
    return mailbox.in_sent


def follow(deps: Deps, options: WatchOptions | None = None) -> WatchReport:
    """`watch` the IMAP account's first watched folder, re-planning after each batch of
    replies (CAD-007)."""
    kit = deps.mail
    mailbox = kit.mailbox()
    if mailbox is None:
        raise ValidationError("sync", "no IMAP account configured; run `followup mail setup`")
    me_ = me(deps)
    (options or WatchOptions()).on_start(kit.settings.watch[0])
    return watch(
        deps.store,
        kit.outbox,
        mailbox,
        clock=deps.clock.now,
        replan=lambda: timing.replan(deps),
        me=me_,
        options=options,
    )
