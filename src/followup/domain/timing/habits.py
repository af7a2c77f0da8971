"""Your follow-up habits, measured from what you actually did (the seed: "cultivate
self-awareness around their follow-up practices"): the on-time rate of thank-you notes,
the delay after interviews, reply rates by kind and by delay, and nudges against the cap.
Pure: records in, counts out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from followup.domain.records.followups import Direction, FollowUp, Kind, Message, Status
from followup.domain.records.model import Application, Interview
from followup.domain.timing.cadence import thread

REPLY_WINDOW = timedelta(days=30)  # an answer later than this is not to that message
DELAY_BUCKETS: tuple[tuple[str, timedelta], ...] = (
    ("under 2 h", timedelta(hours=2)),
    ("2–24 h", timedelta(hours=24)),
    ("24–48 h", timedelta(hours=48)),
    ("2–4 days", timedelta(days=4)),
    ("over 4 days", timedelta.max),
)


@dataclass(frozen=True, slots=True)
class Rate:
    """`hits` out of `total`, under a label."""

    label: str
    hits: int
    total: int

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class Habits:
    on_time: Rate  # thank-yous sent by the end of their window (TIMING-001)
    on_time_by_month: tuple[Rate, ...]
    delays: tuple[Rate, ...]  # thank-yous per delay bucket (hits), of all sent (total)
    reply_by_kind: tuple[Rate, ...]
    reply_by_delay: tuple[Rate, ...]
    nudges: tuple[Rate, ...]  # unanswered nudges per open application (hits) vs the cap (total)
    cap: int


def delay_bucket(delay: timedelta) -> str:
    for label, limit in DELAY_BUCKETS:
        if delay < limit:
            return label
    return DELAY_BUCKETS[-1][0]


def replied(message: Message, incoming: Sequence[Message]) -> bool:
    """Did this contact write back after `message` (within REPLY_WINDOW)?"""
    return any(
        m.contact_id == message.contact_id and message.at < m.at <= message.at + REPLY_WINDOW
        for m in incoming
    )


def review(
    followups: Iterable[FollowUp],
    messages: Iterable[Message],
    interviews: Iterable[Interview],
    applications: Iterable[Application],
    labels: Mapping[int, str],
    cap: int,
) -> Habits:
    """Measure the habits. `labels` names applications (company and role) for the chart."""
    all_messages = list(messages)
    outgoing = sorted((m for m in all_messages if m.direction is Direction.OUT), key=lambda m: m.at)
    incoming = [m for m in all_messages if m.direction is Direction.IN]
    sent_at: dict[int, datetime] = {}
    for m in outgoing:
        if m.followup_id is not None:
            sent_at.setdefault(m.followup_id, m.at)
    ends = {i.id: i.end for i in interviews if i.id is not None}

    on_time = total = 0
    months: dict[str, list[int]] = {}
    delays: dict[str, int] = {label: 0 for label, _ in DELAY_BUCKETS}
    for f in followups:
        if f.kind is not Kind.THANK_YOU or f.status not in (Status.SENT, Status.DONE):
            continue
        when = sent_at.get(f.id or -1)
        if when is None:
            continue
        total += 1
        hit = when <= f.window.latest
        on_time += hit
        month = months.setdefault(when.strftime("%Y-%m"), [0, 0])
        month[0] += hit
        month[1] += 1
        end = ends.get(f.interview_id) if f.interview_id is not None else None
        if end is not None:
            delays[delay_bucket(max(when - end, timedelta(0)))] += 1

    by_kind: dict[str, list[int]] = {}
    by_delay: dict[str, list[int]] = {label: [0, 0] for label, _ in DELAY_BUCKETS}
    latest_end: dict[int, list[datetime]] = {}
    for i in interviews:
        latest_end.setdefault(i.application_id, []).append(i.end)
    for m in outgoing:
        answer = replied(m, incoming)
        kind = (m.kind.value if m.kind else m.channel.value).replace("-", " ")
        counts = by_kind.setdefault(kind, [0, 0])
        counts[0] += answer
        counts[1] += 1
        before = [e for e in latest_end.get(m.application_id or -1, []) if e <= m.at]
        if before:
            bucket = by_delay[delay_bucket(m.at - max(before))]
            bucket[0] += answer
            bucket[1] += 1

    nudges: list[Rate] = []
    per_app: dict[int, list[Message]] = {}
    for m in all_messages:
        if m.application_id is not None:
            per_app.setdefault(m.application_id, []).append(m)
    for a in applications:
        if a.id is None or not a.stage.is_open:
            continue
        history = thread(per_app.get(a.id, []))
        if history.nudges:
            nudges.append(Rate(labels.get(a.id, f"application {a.id}"), history.unanswered, cap))
    nudges.sort(key=lambda r: (-r.hits, r.label))

    return Habits(
        on_time=Rate("thank-you notes on time", on_time, total),
        on_time_by_month=tuple(Rate(k, v[0], v[1]) for k, v in sorted(months.items())[-12:]),
        delays=tuple(Rate(label, delays[label], total) for label, _ in DELAY_BUCKETS),
        reply_by_kind=tuple(Rate(k, v[0], v[1]) for k, v in sorted(by_kind.items())),
        reply_by_delay=tuple(Rate(k, by_delay[k][0], by_delay[k][1]) for k, _ in DELAY_BUCKETS),
        nudges=tuple(nudges[:15]),
        cap=cap,
    )
