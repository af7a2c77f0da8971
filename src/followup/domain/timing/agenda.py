"""The agenda: open follow-ups sorted into overdue, due now and upcoming, and the same
follow-ups as calendar events with stable UIDs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from followup.domain.records.followups import FollowUp, Kind
from followup.domain.records.model import Contact


class Bucket(StrEnum):
    OVERDUE = "overdue"
    DUE = "due"
    UPCOMING = "upcoming"
    LATER = "later"  # beyond the horizon, or snoozed past it: shown only with --all


def due_at(followup: FollowUp) -> datetime:
    """When it should go: the recommended time, or the end of a snooze if that is later."""
    snooze = followup.snoozed_until
    rec = followup.window.recommended
    return snooze if snooze is not None and snooze > rec else rec


def bucket(followup: FollowUp, now: datetime, horizon: timedelta) -> Bucket:
    """Where an open follow-up sits on the agenda at `now`."""
    snooze = followup.snoozed_until
    if snooze is not None and snooze > now:
        return Bucket.UPCOMING if snooze <= now + horizon else Bucket.LATER
    window = followup.window
    if window.latest < now:
        return Bucket.OVERDUE
    if window.earliest <= now:
        return Bucket.DUE
    return Bucket.UPCOMING if window.recommended <= now + horizon else Bucket.LATER


@dataclass(frozen=True, slots=True, kw_only=True)
class AgendaItem:
    """One line of the agenda: the follow-up, its recipient and both zones to show it in."""

    followup: FollowUp
    bucket: Bucket
    contact: Contact | None = None
    company: str = ""
    recipient_tz: str = "UTC"
    candidate_tz: str = "UTC"


_KIND_TITLES = {
    Kind.THANK_YOU: "Thank-you",
    Kind.COORDINATOR_THANKS: "Short thank-you",
    Kind.STATUS_CHECK: "Status check",
    Kind.OFFER_THANKS: "Offer acknowledgement",
    Kind.OFFER_REMINDER: "Offer questions",
    Kind.REJECTION_REPLY: "Reply to rejection",
    Kind.CHECK_IN: "Check-in",
    Kind.HOLIDAY: "Holiday greeting",
    Kind.NEWS_NOTE: "News note",
    Kind.GRATITUDE: "Gratitude note",
}


def title(item: AgendaItem) -> str:
    """`Thank-you to Jane Doe (Acme)`."""
    kind = _KIND_TITLES.get(item.followup.kind, str(item.followup.kind))
    who = f" to {item.contact.name}" if item.contact else ""
    where = f" ({item.company})" if item.company else ""
    return f"{kind}{who}{where}"


@dataclass(frozen=True, slots=True, kw_only=True)
class CalendarEvent:
    """A follow-up as a calendar event: at its due time, with an alarm before it."""

    uid: str
    summary: str
    description: str
    start: datetime
    duration: timedelta
    alarm_before: timedelta
    updated: datetime
    url: str = ""


def event(item: AgendaItem, alarm_minutes: int, domain: str = "followup.invalid") -> CalendarEvent:
    """The calendar event for an agenda item. The UID comes from the follow-up's key, which
    survives re-planning, so importing the feed again updates events instead of adding them."""
    f = item.followup
    uid = f"{f.key.replace('/', '-')}@{domain}"
    lines = [f.reason]
    zone = ZoneInfo(item.recipient_tz)
    first, last = f.window.earliest.astimezone(zone), f.window.latest.astimezone(zone)
    lines.append(
        f"Window: {first:%a} {first.day} {first:%b %H:%M} to {last:%a} {last.day} {last:%b %H:%M} "
        f"{item.recipient_tz} time."
    )
    if item.contact and item.contact.email:
        lines.append(f"To: {item.contact.name} <{item.contact.email}>")
    if f.id is not None:
        lines.append(f"Mark it: followup done {f.id}")
    return CalendarEvent(
        uid=uid,
        summary=title(item),
        description="\n".join(lines),
        start=due_at(f),
        duration=timedelta(minutes=30),
        alarm_before=timedelta(minutes=alarm_minutes),
        updated=f.updated_at,
    )
