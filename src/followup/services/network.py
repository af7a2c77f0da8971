"""Keeping in touch: re-plan with the long-run kinds, report on the network, and fetch
and list company news (one feed failing is recorded against that feed and the others
carry on).

`replan` is the planner's full run: the per-application rules plus offers' answers,
the per-contact rules (check-ins, greetings, gratitude, news notes), then NEWS-004's
hold on status checks and one cadence for everyone (`network.space`).
"""

from __future__ import annotations

import base64
import dataclasses
import gc
import json
import threading
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any

from followup.domain.errors import DomainError, ValidationError
from followup.domain.network import budget, news, offers
from followup.domain.network.gratitude import Owed, owed_gratitude
from followup.domain.network.index import Records
from followup.domain.network.news import FeedItem, FeedState, to_items
from followup.domain.network.policy import KINDS as NETWORK_KINDS
from followup.domain.network.rules import contact_rules
from followup.domain.network.spacing import Deferred, space
from followup.domain.network.standing import Standing, review_one
from followup.domain.records.followups import FollowUp
from followup.domain.records.model import Contact, Snapshot, Tier
from followup.domain.records.stamps import to_text
from followup.domain.timing.planning import Plan, Planning
from followup.ports import FeedSource, NewsStore, Store
from followup.services import timing
from followup.services.deps import Deps
from followup.services.records import contacts
from followup.services.timing import planning
from followup.services.timing.planning import PLANNED_AT, REFRESH_AFTER, Extension, Replanned

KINDS = NETWORK_KINDS | offers.KINDS


class _CollectorPause:
    """Pauses Python's cyclic garbage collector during whole-database runs.

    A run over the benchmark's base database builds millions of small objects that live
    until it ends and form no reference cycles, so the collector's full passes over them
    find nothing and take about a quarter of the run. Reference counting still frees
    everything as usual. Runs in several threads (the web app) share one pause; the last
    one out restores the collector as it found it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._runs = 0
        self._resume = False

    def __enter__(self) -> None:
        with self._lock:
            if self._runs == 0:
                self._resume = gc.isenabled()
                gc.disable()
            self._runs += 1

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        with self._lock:
            self._runs -= 1
            if self._runs == 0 and self._resume:
                gc.enable()


_whole_run = _CollectorPause()


def extension(deps: Deps, snapshot: Snapshot, now: datetime) -> Extension:
    """The rules and the final adjustment for one run over `snapshot`, with the config's
    `[network]` and `[news]` settings."""
    return _extension(deps, snapshot, now)[0]


def _extension(deps: Deps, snapshot: Snapshot, now: datetime) -> tuple[Extension, Records]:
    settings, news_settings = deps.config.network, deps.config.news
    news_store, holidays = deps.news, deps.holidays
    observances, policies = deps.observances, deps.policies
    records = Records.of(snapshot)
    items = news_store.list_items(since=now - news_settings.fresh_for - timedelta(days=30))
    offer_list = news_store.list_offers()
    company_of = {a.id: a.company_id for a in snapshot.applications if a.id is not None}
    planning = Planning(snapshot, policies, now, holidays)

    def adjust(plan: Plan) -> tuple[Plan, list[Deferred]]:
        plan = offers.annotate(plan, offer_list)
        plan = offers.stop_elsewhere(plan, snapshot.applications)  # OFFER-009, at once
        plan = news.hold(plan, news.pauses(items, planning, news_settings), planning, company_of)
        # The attention budget (issue 16): a first cut before one cadence spaces the
        # notes, then the budget itself on what one cadence kept.
        plan, cut = budget.shortlist(plan, planning, records, settings, snapshot.followups)
        plan, left_out = space(plan, planning, settings)
        plan, waiting = budget.apply(plan, planning, records, settings, snapshot.followups)
        return plan, [*cut, *left_out, *waiting]

    return Extension(
        application_rules=offers.application_rules(records),
        contact_rules=contact_rules(
            records,
            settings,
            holiday_date=observances.date_of,
            news_notes=news.note_rule(items, news_settings),
        ),
        kinds=KINDS,
        adjust=adjust,
        planning=planning,
    ), records


@dataclass(frozen=True, slots=True)
class Run:
    """One full planning run: what changed, and what the cadence left out."""

    replanned: Replanned
    deferred: list[Deferred] = field(default_factory=list)


def replan(deps: Deps, now: datetime) -> Run:
    """Bring every stored follow-up, the long-run kinds included, in line with the records.

    Idempotent; keeps the user's decisions (skipped, done, snoozed, pinned). Keeps the
    network's report as this run saw it, for `summary`.
    """
    fingerprint = _fingerprint(deps)
    with _whole_run:
        run, records, planned_with = _replan(deps, now)
        if fingerprint is not None and records is not None and planned_with is not None:
            built = _assemble(deps, now, run, records, planned_with)
            # The report holds what it shows; the run's records can go before its text is
            # built, which lowers a long history's peak memory (issue 16).
            del records, planned_with
            _keep(deps, now, fingerprint, built)
    return run


def _replan(deps: Deps, now: datetime) -> tuple[Run, Records | None, Planning | None]:
    """`replan`, with the run's indexed records for a caller that reports on them."""
    seen: list[tuple[Extension, Records]] = []

    def extend(snapshot: Snapshot) -> Extension:
        built = _extension(deps, snapshot, now)
        seen.append(built)
        return built[0]

    with _whole_run:
        replanned = planning.replan(deps, now, extend=extend)
    deps.store.set_meta(PLANNED_AT, to_text(now))
    run = Run(replanned, list(replanned.deferred))
    if not seen:
        return run, None, None
    ext, records = seen[-1]
    return run, records, ext.planning


def refresh(deps: Deps, now: datetime, *, max_age: timedelta = REFRESH_AFTER) -> Run | None:
    """Re-plan everything when the last full run is older than `max_age`.

    Check-ins, greetings and news notes come due as time passes, not only when a record
    changes, so the agenda refreshes them at most this often.
    """
    if not planning.stale(deps, now, max_age):
        return None
    return replan(deps, now)


@dataclass(frozen=True, slots=True)
class Report:
    """The network at a glance, each entry with its reason."""

    due: list[Standing]
    cooling: list[Standing]
    gratitude: list[Owed]
    planned: list[FollowUp]
    deferred: list[Deferred]
    members: list[Standing]  # everyone in the network, for --json
    this_week: int = 0  # nurture notes planned this week (the attention budget)
    waiting: list[Deferred] = field(default_factory=list)  # what the budget left out
    met: list[Standing] = field(default_factory=list)  # everyone met in an interview


def report(deps: Deps, now: datetime) -> Report:
    """Re-plan, then list who is due, who is cooling and who is owed a gratitude note."""
    fingerprint = _fingerprint(deps)
    with _whole_run:
        run, records, planned_with = _replan(deps, now)
        if records is None or planned_with is None:  # no extension ran: read them afresh
            snapshot = deps.store.snapshot()
            records = Records.of(snapshot)
            planned_with = Planning(snapshot, deps.policies, now, deps.holidays)
        built = _assemble(deps, now, run, records, planned_with)
        if fingerprint is not None:
            _keep(deps, now, fingerprint, built)
    return built


def _assemble(
    deps: Deps, now: datetime, run: Run, records: Records, planned_with: Planning
) -> Report:
    """The report on one run's records (the run's standings, reviewed once)."""
    with _whole_run:
        settings = deps.config.network
        # The rules saw every contact in this run: their standings are the report's.
        standings = [
            records.standings.get(c.id) or review_one(c, records, planned_with, settings)
            for c in records.contacts
            if c.id is not None
        ]
        members = [s for s in standings if s.in_network]
        due = sorted(
            (
                s
                for s in members
                if s.next_due is not None and s.next_due <= now + settings.check_in_horizon
            ),
            key=lambda s: (s.next_due or now, s.contact_id),
        )
        cooling = [s for s in members if s.state(settings) != "ok"]
        # The rules worked out what each contact is owed in this run: read, not redone.
        owed = [
            o
            for c in records.contacts
            if c.id is not None
            for o in (
                records.owed[c.id]
                if c.id in records.owed
                else owed_gratitude(c, records, now, settings)
            )
        ]
        planned = [
            f for f in deps.store.followups.list(statuses=planning.OPEN) if f.kind in NETWORK_KINDS
        ]
        planned.sort(key=lambda f: (f.window.recommended, f.key))
        this_week = _this_week(planned, now)
    return Report(
        due,
        cooling,
        owed,
        planned,
        run.deferred,
        members,
        this_week=this_week,
        waiting=budget.waiting(run.deferred),
        met=[s for s in standings if s.contact_id in records.took_part],
    )


# The last whole run's report as JSON text (meta), and what it was derived from: the run's
# time, the records' revision, which the store's triggers bump on every record change
# (the revision migration), and the `[network]` settings. A store without the counter keeps nothing.
SUMMARY = "network.summary"
SUMMARY_OF = "network.summary_of"
REVISION = "records.revision"


def _fingerprint(deps: Deps) -> str | None:
    revision = deps.store.get_meta(REVISION)
    return None if revision is None else f"{revision} {deps.config.network!r}"


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _keep(deps: Deps, now: datetime, fingerprint: str, built: Report) -> None:
    # The text first: a run cut short between the two leaves a key that no longer matches.
    deps.store.set_meta(SUMMARY, _pack(_summary_parts(built)))
    deps.store.set_meta(SUMMARY_OF, f"{to_text(now)} {fingerprint}")


# A long history's report runs to megabytes of JSON, rewritten by every whole run: it is
# kept compressed (about 8 to 1), which is never joined whole in memory, and base64, as
# the meta value is text on both engines (issue 16, peak memory of `followup plan`).
_PACKED = "zlib+base64:"


def _pack(parts: list[str]) -> str:
    packer = zlib.compressobj(1)
    out = [
        packer.compress("".join(parts[n : n + 1000]).encode()) for n in range(0, len(parts), 1000)
    ]
    out.append(packer.flush())
    return _PACKED + base64.b64encode(b"".join(out)).decode("ascii")


def _unpack(kept: str) -> str:
    if not kept.startswith(_PACKED):
        return kept  # as an older version kept it
    return zlib.decompress(base64.b64decode(kept[len(_PACKED) :])).decode()


def summary_text(built: Report) -> str:
    """A report as one compact JSON object, without the planned notes (read fresh, see
    `summary`)."""
    return "".join(_summary_parts(built))


def _summary_parts(built: Report) -> list[str]:
    """`summary_text` in pieces, each standing encoded once: the due and cooling lists
    repeat members, and a long history has tens of thousands of them (issue 16)."""
    held = {id(d) for d in built.waiting}
    waiting: dict[str, int] = {}
    for d in built.waiting:
        waiting[d.followup.kind.value] = waiting.get(d.followup.kind.value, 0) + 1
    texts: dict[int, str] = {}
    parts: list[str] = []

    def standings(name: str, items: list[Standing]) -> None:
        parts.append(f'"{name}":[')
        for n, s in enumerate(items):
            text = texts.get(id(s))
            if text is None:
                text = texts[id(s)] = standing_text(s)
            parts.append(f",{text}" if n else text)
        parts.append("],")

    left_out = [
        {
            "key": d.followup.key,
            "kind": d.followup.kind.value,
            "contact_id": d.followup.contact_id,
            "reason": d.reason,
        }
        for d in built.deferred
        if id(d) not in held
    ]
    parts.append("{")
    standings("due", built.due)
    standings("cooling", built.cooling)
    parts.append(f'"gratitude":{_compact([owed_json(o) for o in built.gratitude])},')
    parts.append(f'"left_out":{_compact(left_out)},')
    standings("members", built.members)
    # Last, and ending in an object, so `summary` can add today's figures to it as text.
    budget_json = {"waiting": len(built.waiting), "waiting_by_kind": dict(sorted(waiting.items()))}
    parts.append(f'"budget":{_compact(budget_json)}}}')
    return parts


def followup_json(f: FollowUp) -> dict[str, Any]:
    """A planned note as plain JSON values."""
    return {
        "id": f.id,
        "key": f.key,
        "kind": f.kind.value,
        "contact_id": f.contact_id,
        "application_id": f.application_id,
        "recommended": f.window.recommended.isoformat(timespec="seconds"),
        "latest": f.window.latest.isoformat(timespec="seconds"),
        "reason": f.reason,
    }


def summary(deps: Deps, now: datetime) -> str:
    """`followup network --json`: the report as one compact JSON document, with the open
    notes and the budget's week read now.

    The standings are the last whole run's while that run is fresh (`planning.stale`) and
    no record and no `[network]` setting changed since: reading their stored text back
    costs milliseconds, where reviewing every contact of a long history again costs
    seconds (issue 16). Otherwise this re-plans, as `report` does.
    """
    kept = _kept(deps, now)
    if kept is None:
        kept = summary_text(report(deps, now))
    planned = [
        f for f in deps.store.followups.list(statuses=planning.OPEN) if f.kind in NETWORK_KINDS
    ]
    planned.sort(key=lambda f: (f.window.recommended, f.key))
    settings = deps.config.network
    budget_now = {
        "per_week": settings.per_week,
        "per_day": settings.per_day,
        "spread_weeks": settings.spread_weeks,
        "planned_this_week": _this_week(planned, now),
    }
    # Spliced as text: decoding and encoding tens of thousands of standings again is most
    # of the cost this avoids. The kept object ends with its "budget" object (`summary_text`):
    # today's figures join that object before its two closing braces.
    return (
        f'{{"planned":{_compact([followup_json(f) for f in planned])},'
        f"{kept[1:-2]},{_compact(budget_now)[1:-1]}}}}}"
    )


def _kept(deps: Deps, now: datetime) -> str | None:
    fingerprint = _fingerprint(deps)
    if fingerprint is None or planning.stale(deps, now):
        return None
    planned_at = deps.store.get_meta(PLANNED_AT)
    if deps.store.get_meta(SUMMARY_OF) != f"{planned_at} {fingerprint}":
        return None
    kept = deps.store.get_meta(SUMMARY)
    return None if kept is None else _unpack(kept)


def _this_week(planned: list[FollowUp], now: datetime) -> int:
    week = (now - timedelta(days=now.weekday())).date()
    return sum(1 for f in planned if week <= f.window.recommended.date() < week + timedelta(days=7))


def standing_text(s: Standing) -> str:
    """A standing as compact JSON text (`network --json`'s members), written directly:
    several times faster than encoding a dict, for the tens of thousands a long history's
    report holds."""
    text = _STRING
    tier = f'"{s.tier.value}"' if s.tier else "null"
    touch = f'"{s.last_touch.isoformat(timespec="seconds")}"' if s.last_touch else "null"
    reply = f'"{s.last_reply.isoformat(timespec="seconds")}"' if s.last_reply else "null"
    due = f'"{s.next_due.isoformat(timespec="seconds")}"' if s.next_due else "null"
    return (
        f'{{"contact_id":{s.contact_id},"name":{text(s.contact.name)},"tier":{tier},'
        f'"tier_reason":{text(s.tier_reason)},"in_process":{"true" if s.in_process else "false"},'
        f'"last_touch":{touch},"last_reply":{reply},"unanswered":{s.unanswered},'
        f'"next_due":{due},"due_reason":{text(s.due_reason)},"advice":{text(s.advice)}}}'
    )


_STRING = json.JSONEncoder(ensure_ascii=False).encode  # one JSON string literal


def owed_json(o: Owed) -> dict[str, object]:
    return {
        **dataclasses.asdict(o),
        "outcome": o.outcome.value,
        "since": o.since.isoformat(timespec="seconds"),
    }


def set_tier(deps: Deps, ref: str, tier: str) -> Contact:
    """Put a contact in a tier (or `none`: out of the network). Greetings are planned from
    their country's calendar, so an unknown country is refused here (HOLIDAY-003)."""
    store, holidays = deps.store, deps.holidays
    with store.transaction():
        contact = contacts.resolve(deps, ref)
        if tier.strip().lower() != Tier.NONE and contact.country:
            try:
                holidays.check_country(contact.country)
            except ValidationError as exc:
                raise ValidationError(
                    "country",
                    f"{exc.problem} on contact {contact.id}; fix it with "
                    f"`followup contact edit {contact.id} --country CODE`",
                ) from None
        return contacts.edit(deps, str(contact.id), tier=tier.strip().lower())


# --- company news ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedRun:
    """What happened to one feed in one fetch."""

    company_id: int
    company: str
    url: str
    added: int = 0
    not_modified: bool = False
    error: str = ""
    warning: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def fetch_news(deps: Deps, now: datetime) -> list[FeedRun]:
    """Fetch every company feed once (conditional GET), store the items not seen before,
    then re-plan everyone: fresh news plans news notes and holds status checks (NEWS-004)."""
    runs = _fetch_feeds(deps.store, deps.news, deps.feeds, now)
    timing.replan(deps)
    return runs


def _fetch_feeds(
    store: Store, news_store: NewsStore, feeds: FeedSource, now: datetime
) -> list[FeedRun]:
    runs = []
    states = {(s.company_id, s.url): s for s in news_store.feed_states()}
    for company in store.companies.list():
        if company.id is None:
            continue
        for url in company.feeds:
            state = states.get((company.id, url)) or FeedState(company_id=company.id, url=url)
            try:
                fetched = feeds.fetch(url, etag=state.etag, last_modified=state.last_modified)
            except DomainError as exc:
                problem = getattr(exc, "problem", str(exc))
                news_store.save_feed_state(
                    dataclasses.replace(state, checked_at=now, error=problem)
                )
                runs.append(FeedRun(company.id, company.name, url, error=problem))
                continue
            if fetched.not_modified:
                news_store.save_feed_state(dataclasses.replace(state, checked_at=now, error=""))
                runs.append(FeedRun(company.id, company.name, url, not_modified=True))
                continue
            items = to_items(fetched.entries, company_id=company.id, feed_url=url, fetched_at=now)
            with news_store.transaction():
                added = news_store.add_items(items)
                news_store.save_feed_state(
                    dataclasses.replace(
                        state,
                        etag=fetched.etag,
                        last_modified=fetched.last_modified,
                        checked_at=now,
                        ok_at=now,
                        error="",
                        title=fetched.title,
                    )
                )
            runs.append(
                FeedRun(company.id, company.name, url, added=len(added), warning=fetched.warning)
            )
    return runs


@dataclass(frozen=True, slots=True)
class Listed:
    """Stored items with their company names, and each feed's last state."""

    items: list[tuple[FeedItem, str]]
    feeds: list[tuple[FeedState, str]]


def list_news(deps: Deps, *, company: int | None = None, limit: int = 50) -> Listed:
    """The newest items (optionally one company's), and the state of every feed."""
    store, news_store = deps.store, deps.news
    names = {c.id: c.name for c in store.companies.list()}
    items = news_store.list_items(company_id=company, limit=limit)
    states = news_store.feed_states(company)
    return Listed(
        [(i, names.get(i.company_id, "")) for i in items],
        [(s, names.get(s.company_id, "")) for s in states],
    )
