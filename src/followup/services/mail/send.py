"""Sending a follow-up, as `followup send` and the web's Send do: the lint gate, the
drafter, the sender and the transports wired from the mail kit in one place, around
the outbox (`followup.services.mail.outbox`).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from followup.domain.errors import DomainError, Refused, ValidationError
from followup.domain.mail.accounts import MailSettings
from followup.domain.mail.message import build_message, new_message_id
from followup.domain.mail.outbox import OutboxEntry, SenderBusy, State, Via, is_due
from followup.domain.records.followups import FollowUp
from followup.domain.timing.calendar import BusinessCalendar
from followup.domain.timing.dispatch import Action, Decision, decide
from followup.domain.timing.wording import city, short
from followup.ports import MailKit, Store
from followup.services.mail.outbox import (
    Drafter,
    Gate,
    QueueOptions,
    RunOptions,
    RunReport,
    Sender,
    Throttle,
    Transports,
    queue,
    run,
    sender_lock,
)

if TYPE_CHECKING:
    from followup.services.deps import Deps


def _token() -> str:
    return secrets.token_hex(16)


def standard_gate(
    deps: Deps, now: datetime, at: datetime | None = None, warnings: list[str] | None = None
) -> Gate:
    """The linter's error-level findings (with the config's `[lint]`) plus the cadence
    guard's refusal (CAD-001/002), as the reasons a follow-up must not go without --force.
    Warning-level findings go into `warnings`, when given, to be shown at send time."""

    def gate(followup: FollowUp, subject: str, body: str) -> list[str]:
        from followup.domain.writing.lint.linter import Note, Severity
        from followup.services.timing import planning
        from followup.services.writing import lint as checking
        from followup.services.writing.compose import context_for

        store, policies, holidays = deps.store, deps.policies, deps.holidays
        reasons: list[str] = []
        context = context_for(store, followup)
        message = checking.Message(
            name=f"follow-up {followup.id}", note=Note(body=body, subject=subject or None)
        )
        report = checking.check(
            message,
            context,
            checking.LintOptions(
                kind=followup.kind,
                sent_at=at or now,
                config=deps.config.lint,
                policies=policies,
                holidays=holidays,
                now=now,
            ),
        )
        reasons += [
            f"{f.rule}: {f.message}" for f in report.findings if f.severity is Severity.ERROR
        ]
        if warnings is not None:
            warnings.extend(
                f"{f.rule}: {f.message}" for f in report.findings if f.severity is Severity.WARNING
            )
        if followup.kind.is_nudge and followup.id is not None:
            verdict = planning.check_nudge(deps, now, followup.id, at)
            if not verdict.allowed:
                reasons.append(f"{verdict.rule}: {verdict.reason}".strip(": "))
        return reasons

    return gate


def standard_drafter(deps: Deps) -> Drafter:
    """A fresh draft from the composer, for a follow-up that has none stored, as
    `followup draft` writes it (offer concerns, company news)."""

    def drafter(followup: FollowUp) -> tuple[str, str]:
        from followup.services.writing.compose import draft

        assert followup.id is not None
        drafted = draft(deps, followup.id)
        return drafted.followup.subject, drafted.followup.body

    return drafter


# ---------------------------------------------------------------------- the shells' entry points


@dataclass(frozen=True, slots=True)
class Timing:
    """When a send goes, as the timing decided it (`domain.timing.dispatch`): the decision,
    and the recipient's and the candidate's zones to say it in."""

    decision: Decision
    recipient_tz: str
    candidate_tz: str

    @property
    def scheduled(self) -> bool:
        return self.decision.action is Action.SCHEDULE

    def when(self) -> str:
        """`Wed 18 Nov 09:00 New York time (15:00 Berlin time)`: the moment in both zones."""
        theirs = self.decision.at.astimezone(ZoneInfo(self.recipient_tz))
        ours = self.decision.at.astimezone(ZoneInfo(self.candidate_tz))
        text = f"{short(theirs)} {city(self.recipient_tz)} time"
        if self.candidate_tz != self.recipient_tz:
            mine = f"{ours:%H:%M}" if ours.date() == theirs.date() else short(ours)
            text += f" ({mine} {city(self.candidate_tz)} time)"
        return text


@dataclass(frozen=True, slots=True)
class Sent:
    """What `send_followup` did: the entry as it stands now, whether this call queued it,
    when another sender held the outbox lock why it was not sent yet, the timing's
    decision (None with an explicit time or `now`), and the draft's lint warnings."""

    entry: OutboxEntry
    created: bool
    busy: str = ""
    timing: Timing | None = None
    warnings: tuple[str, ...] = ()


def sender_for(store: Store, settings: MailSettings) -> Sender:
    """Who the mail is from: the `[mail]` from-name and address, else the profile's."""
    profile = store.profile.get()
    return Sender(
        name=settings.from_name or (profile.name if profile else ""),
        email=settings.from_email or (profile.email if profile else ""),
    )


def transports_for(kit: MailKit) -> Transports:
    """The configured routes; a missing one makes its entries fail with a clear reason."""
    mailbox = kit.mailbox()
    copy = mailbox if kit.settings.copy_to_sent else None
    return Transports(mailer=kit.mailer(), drafts=mailbox, eml=kit.eml(), sent_copy=copy)


LAST_RUN = "outbox.last_run"  # the store's meta key: when a run last finished (doctor)


def run_outbox(deps: Deps, stop: Callable[[], bool] | None = None) -> RunReport:
    """`run` over the kit's outbox and transports; `SenderBusy` if another process sends.
    Records when it ran, so `followup doctor` can tell whether anything runs the outbox."""
    kit = deps.mail
    outbox = kit.outbox
    smtp = kit.settings.smtp
    report = run(
        deps.store,
        outbox,
        transports_for(kit),
        clock=deps.clock.now,
        options=RunOptions(
            fault=kit.checkpoint,
            lock=sender_lock(outbox),
            throttle=Throttle(interval=smtp.min_interval) if smtp is not None else None,
            stop=stop or (lambda: False),
        ),
    )
    deps.store.set_meta(LAST_RUN, deps.clock.now().isoformat())
    return report


def last_run(deps: Deps) -> datetime | None:
    """When the outbox last ran (any runner: `send`, `outbox run`, the web's worker)."""
    text = deps.store.get_meta(LAST_RUN)
    return datetime.fromisoformat(text) if text else None


@dataclass(frozen=True, slots=True, kw_only=True)
class Watch:
    """How `watch` runs: at most `interval` seconds between two runs (sooner when a
    message falls due), `wait(seconds)` sleeps and says whether to stop (a set
    `threading.Event`'s `wait`, or a test's clock mover), `stopping()` is asked between
    messages, and `report` is told what each run did."""

    wait: Callable[[float], bool]
    stopping: Callable[[], bool]
    interval: float = 60.0
    report: Callable[[RunReport], None] = lambda _: None
    busy: Callable[[str], None] = lambda _: None


def watch(deps: Deps, how: Watch) -> int:
    """Run the outbox until told to stop: deliver what is due, then sleep until the next
    message falls due or `interval` passes (a message queued by another process is seen
    on the next run). A stop finishes the current message first. Returns the number of
    runs. Another sender holding the lock is waited out: it sends ours too."""
    runs = 0
    while not how.stopping():
        try:
            how.report(run_outbox(deps, how.stopping))
        except SenderBusy as exc:
            how.busy(str(exc))
        runs += 1
        if how.stopping():
            break
        pause = how.interval
        due = next_due(deps)
        if due is not None:
            pause = min(pause, (due - deps.clock.now()).total_seconds())
        if how.wait(max(pause, 1.0)):  # never spin while another sender holds the lock
            break
    return runs


def next_due(deps: Deps) -> datetime | None:
    """When the earliest waiting message (queued or to retry) is due; None if none is."""
    waiting = deps.mail.outbox.entries([State.QUEUED, State.RETRY])
    return min((e.next_attempt_at for e in waiting), default=None)


@dataclass(frozen=True, slots=True, kw_only=True)
class SendOptions:
    """How to send: the route, a later time, past lint errors and the cadence guard, at
    once whatever the timing says (`now`), and whether to run the outbox now (`deliver`)
    or leave it to a worker."""

    via: Via = Via.SMTP
    at: datetime | None = None
    force: bool = False
    now: bool = False
    deliver: bool = True
    via_field: str = "via"  # the input a missing account is blamed on (`--via`)
    now_field: str = "--now"  # how the refusal past the latest time names `now`


def timing_for(deps: Deps, followup: FollowUp, now: datetime) -> Timing:
    """The send decision for a follow-up now: its window against the recipient's calendar
    (their zone, country, sector and policy, as the planner builds it)."""
    from followup.domain.timing.planning import recipient_country, recipient_zone
    from followup.domain.timing.sectors import Sector, sector_of

    store = deps.store
    contact = store.contacts.get(followup.contact_id) if followup.contact_id else None
    company = None
    if followup.application_id is not None:
        company = store.companies.get(store.applications.get(followup.application_id).company_id)
    elif contact is not None and contact.company_id is not None:
        company = store.companies.get(contact.company_id)
    interview_tz = store.interviews.get(followup.interview_id).tz if followup.interview_id else ""
    profile = store.profile.get()
    zone = recipient_zone(contact, company, profile, interview_tz)
    policy = deps.policies.for_recipient(company, contact)
    sector = sector_of(company.industry, company.name) if company else Sector.PRIVATE
    cal = BusinessCalendar(
        ZoneInfo(zone), recipient_country(contact, company, zone), policy, deps.holidays, sector
    )
    candidate = profile.tz if profile and profile.tz else zone
    return Timing(decide(followup.window, now, cal), zone, candidate)


def send_followup(deps: Deps, followup_id: int, options: SendOptions | None = None) -> Sent:
    """Send a follow-up as `followup send` and the web's Send do: refuse a route with no
    account, lint-gate and queue its stored draft (or a fresh one), then, if `deliver` and
    it is due, run the outbox once. Another sender holding the lock leaves it queued for
    that sender, and `Sent.busy` says so."""
    options = options or SendOptions()
    kit, store = deps.mail, deps.store
    settings = kit.settings
    if options.via is Via.SMTP and settings.smtp is None:
        raise ValidationError(
            options.via_field, "no SMTP account configured; run `followup mail setup`"
        )
    if options.via is Via.DRAFTS and settings.imap is None:
        raise ValidationError(
            options.via_field, "no IMAP account configured; run `followup mail setup`"
        )
    now = deps.clock.now()
    timing: list[Timing] = []

    def scheduler(followup: FollowUp) -> datetime | None:
        # Sending keeps the timing (issue 14): schedule, or refuse past the latest time.
        found = timing_for(deps, followup, now)
        timing.append(found)
        if found.decision.action is Action.PAST_LATEST:
            reason = found.decision.reason.replace("--now", options.now_field)
            raise Refused(f"follow-up {followup_id} not sent: {reason}")
        return found.decision.at if found.scheduled else None

    warnings: list[str] = []

    def gate(followup: FollowUp, subject: str, body: str) -> list[str]:
        # Linted for when it will go: the scheduler has run by the time the gate does.
        at = options.at or next((t.decision.at for t in timing if t.scheduled), None)
        return list(standard_gate(deps, now, at, warnings)(followup, subject, body))

    entry, created = queue(
        store,
        kit.outbox,
        followup_id,
        sender=sender_for(store, settings),
        now=now,
        options=QueueOptions(
            via=options.via,
            at=options.at,
            force=options.force,
            gate=gate,
            drafter=standard_drafter(deps),
            scheduler=None if options.now else scheduler,
        ),
    )
    if not created and options.now and entry.state is State.QUEUED and entry.next_attempt_at > now:
        # Scheduled earlier; --now brings it forward rather than queueing it twice.
        entry = kit.outbox.save(replace(entry, next_attempt_at=now))
        created = True
    busy = ""
    if options.deliver and is_due(entry, deps.clock.now()):
        try:
            run_outbox(deps)
        except SenderBusy as exc:
            busy = str(exc)
        entry = kit.outbox.get(entry.id or 0)
    return Sent(entry, created, busy, timing[0] if timing else None, tuple(warnings))


def eml_file(deps: Deps, followup_id: int, now: datetime) -> tuple[str, bytes]:
    """The follow-up's stored draft as an .eml file (its name, its bytes) with a fresh
    Message-ID; nothing is queued."""
    store, settings = deps.store, deps.mail.settings
    followup = store.followups.get(followup_id)
    if followup.contact_id is None:
        raise ValidationError("to", f"follow-up {followup_id} has no contact to write to")
    contact = store.contacts.get(followup.contact_id)
    if not contact.email:
        raise ValidationError("to", f"{contact.name} has no email address yet")
    origin = sender_for(store, settings)
    if not origin.email:
        raise ValidationError("from", "no sender address; set your email in Settings")
    raw = build_message(
        sender_name=origin.name,
        sender=origin.email,
        to=[(contact.name, contact.email)],
        subject=followup.subject,
        body=followup.body,
        message_id=new_message_id(_token(), origin.email.rpartition("@")[2]),
        date=now,
    )
    return f"followup-{followup_id}-{followup.kind.value}.eml", raw


@dataclass(frozen=True, slots=True)
class AccountCheck:
    """One account's login check: `smtp` or `imap`, whether it worked, what it said."""

    role: str
    ok: bool
    detail: str


def check_accounts(deps: Deps) -> list[AccountCheck]:
    """Log in to each configured account, SMTP then IMAP; sends and changes nothing.
    With no account at all, one clear error."""
    kit = deps.mail
    if kit.settings.smtp is None and kit.settings.imap is None:
        raise ValidationError("mail", "no account configured; run `followup mail setup`")
    found: list[AccountCheck] = []
    for role, account in (("smtp", kit.mailer()), ("imap", kit.mailbox())):
        if account is None:
            continue
        try:
            found.append(AccountCheck(role, True, account.check()))
        except DomainError as exc:
            found.append(AccountCheck(role, False, str(exc)))
    return found
