"""Sending a follow-up, as `followup send` and the web's Send do: the lint gate, the
drafter, the sender and the transports wired from the mail kit in one place, around
the outbox (`followup.services.mail.outbox`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from followup.domain.errors import DomainError, ValidationError
from followup.domain.mail.accounts import MailSettings
from followup.domain.mail.message import build_message, new_message_id
from followup.domain.mail.outbox import OutboxEntry, SenderBusy, Via, is_due
from followup.domain.records.followups import FollowUp
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


def standard_gate(deps: Deps, now: datetime, at: datetime | None = None) -> Gate:
    """The linter's error-level findings (with the config's `[lint]`) plus the cadence
    guard's refusal (CAD-001/002), as the reasons a follow-up must not go without --force."""

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
class Sent:
    """What `send_followup` did: the entry as it stands now, whether this call queued it,
    and, when another sender held the outbox lock, why it was not sent yet."""

    entry: OutboxEntry
    created: bool
    busy: str = ""


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


def run_outbox(deps: Deps) -> RunReport:
    """`run` over the kit's outbox and transports; `SenderBusy` if another process sends."""
    kit = deps.mail
    outbox = kit.outbox
    smtp = kit.settings.smtp
    return run(
        deps.store,
        outbox,
        transports_for(kit),
        clock=deps.clock.now,
        options=RunOptions(
            fault=kit.checkpoint,
            lock=sender_lock(outbox),
            throttle=Throttle(interval=smtp.min_interval) if smtp is not None else None,
        ),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class SendOptions:
    """How to send: the route, a later time, past lint errors and the cadence guard, and
    whether to run the outbox now (`deliver`) or leave it to a worker."""

    via: Via = Via.SMTP
    at: datetime | None = None
    force: bool = False
    deliver: bool = True
    via_field: str = "via"  # the input a missing account is blamed on (`--via`)


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
            gate=standard_gate(deps, now, options.at),
            drafter=standard_drafter(deps),
        ),
    )
    busy = ""
    if options.deliver and is_due(entry, deps.clock.now()):
        try:
            run_outbox(deps)
        except SenderBusy as exc:
            busy = str(exc)
        entry = kit.outbox.get(entry.id or 0)
    return Sent(entry, created, busy)


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
