"""Realistic synthetic data for the benchmarks: one busy candidate, deterministic from a seed.

`generate(path, size, seed, now)` writes a followup database through `Database` (so every
migration applies) with bulk `executemany` inserts. `cached(...)` keeps generated files
under `benchmarks/out/data/`, keyed by seed, size and anchor day, so repeat runs are fast.

The time model (docs/benchmarks.md): applications spread over five years before `now`;
follow-ups hang off interviews, applications or contacts. Only recent ones are open
(about 1 %), so the agenda shows a busy but human number of items. The large variant adds
older, closed follow-ups to the same records: the agenda is the same, the table 10x bigger.

    python -m benchmarks.generate --size base --seed 1 --out benchmarks/out
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import sys
import time
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from followup.adapters.store.database import Database

GENERATOR_VERSION = 1
DAY = 86_400
HOUR = 3_600
SPAN_DAYS = 5 * 365  # how far back the candidate's history goes
OPEN_STATUSES = ("planned", "drafted", "queued")
PIPELINE = ("applied", "screening", "interviewing", "offer")


@dataclass(frozen=True, slots=True)
class Size:
    """How many rows of each kind; `history` adds old, closed follow-ups on top."""

    name: str
    companies: int
    contacts: int
    applications: int
    interviews: int
    followups: int
    messages: int
    history: int = 0

    @property
    def key(self) -> str:
        return (
            f"c{self.companies}-p{self.contacts}-a{self.applications}-i{self.interviews}"
            f"-f{self.followups}+{self.history}-m{self.messages}"
        )

    def scaled(self, name: str, factor: float) -> Size:
        """The same shape, `factor` times the size (at least a handful of each)."""

        def n(value: int, low: int) -> int:
            return 0 if value == 0 else max(low, round(value * factor))

        return Size(
            name=name,
            companies=n(self.companies, 5),
            contacts=n(self.contacts, 20),
            applications=n(self.applications, 10),
            interviews=n(self.interviews, 20),
            followups=n(self.followups, 50),
            messages=n(self.messages, 20),
            history=n(self.history, 50),
        )


BASE = Size(
    "base",
    companies=2_000,
    contacts=25_000,
    applications=10_000,
    interviews=30_000,
    followups=100_000,
    messages=50_000,
)
LARGE = replace(BASE, name="large", history=900_000)  # 1,000,000 follow-ups in all
# The planner budget is per 100,000 interviews: the base candidate, scaled 10/3, no follow-ups.
PLANNER = replace(BASE.scaled("planner", 10 / 3), followups=0, history=0)
QUICK_FACTOR = 1 / 50

SIZES: dict[str, Size] = {
    "base": BASE,
    "large": LARGE,
    "planner": PLANNER,
    "quick-base": BASE.scaled("quick-base", QUICK_FACTOR),
    "quick-large": LARGE.scaled("quick-large", QUICK_FACTOR),
    "quick-planner": replace(PLANNER.scaled("quick-planner", QUICK_FACTOR), followups=0),
}


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a generated database holds, and the handles the benchmarks need."""

    path: str
    size: str
    seed: int
    anchor: str  # the `now` the data was generated around (ISO, UTC)
    version: int
    counts: dict[str, int]
    open_followups: int
    agenda_week: int  # open follow-ups recommended before now + 7 days
    draft_id: int | None  # an open thank-you with interview and contact: `followup draft ID`
    generated_s: float
    cached: bool = False

    @property
    def now(self) -> datetime:
        return datetime.fromisoformat(self.anchor)


# --- vocabulary ---------------------------------------------------------------------------


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(sep))


FIRST = _words(
    "Ada Grace Alan Katherine Dorothy Margaret Linus Guido Barbara Frances Edsger Donald "
    "Radia Shafi Fei-Fei Andrew Yukihiro Bjarne Anders Sophie Hedy Mary Jean Annie John "
    "Leslie Tim Vint Ivan Adele Joan Niklaus Kristen Ole-Johan Susan Carol Lynn Priya Arjun "
    "Mei Hiroshi Yuki Aiko Kenji Chen Wei Li Ana José María Lucía Mateo Sofía Zoë Chloé "
    "Anne-Marie Siobhán Aoife Seán Niamh Björn Åsa Jürgen Müge Ayşe Oluwaseun Chidi Amara "
    "Kwame Fatima Omar Layla Tariq Noor Rahul Ananya Vikram Sanjay Olga Dmitri Katya Piotr"
)
LAST = _words(
    "Lovelace Hopper Turing Johnson Vaughan Hamilton Torvalds Rossum Liskov Allen Dijkstra "
    "Knuth Perlman Goldwasser Li Ng Matsumoto Stroustrup Hejlsberg Wilson Lamarr Jackson "
    "Sammet Easley Backus Lamport Berners-Lee Cerf Sutherland Goldberg Clarke Wirth Nygaard "
    "Dahl Kare Shaw Conway Patel Sharma Zhang Wang Tanaka Suzuki Sato Nakamura García "
    "Fernández López Martínez Rodríguez O'Brien O'Neill McCarthy Brennan Andersson "
    "Lindqvist Schmidt Müller Öztürk Yılmaz Okafor Adeyemi Mensah Haddad Khalil Rahman "
    "Gupta Iyer Reddy Ivanova Petrov Kowalski Nowak Dubois Lefèvre Rossi Bianchi"
)
COMPANY_A = _words(
    "Northwind Contoso Fabrikam Initech Globex Umbrella Stark Wayne Acme Hooli Pied Vandelay "
    "Soylent Tyrell Cyberdyne Aperture Massive Wonka Gringotts Oscorp Blue Red Silver Golden "
    "Harbor Summit Cedar Maple Granite Copper Iron Quantum Nimbus Aurora Polaris Vertex "
    "Helix Orbit Lumen Atlas Beacon Meridian Zenith Horizon Evergreen Riverstone"
)
COMPANY_B = _words(
    "Analytics Systems Labs Health Bank Capital Partners Consulting Robotics Foods Energy "
    "Media Logistics Software Networks Pharma Foundation Institute University Studio Games "
    "Insurance Motors Retail Security Cloud Data Bio Learning Travel"
)
COMPANY_C = _words("Group Holdings International Europe Americas Technologies Co. & Sons")
INDUSTRIES = (
    ("technology", 20),
    ("software", 14),
    ("fintech", 6),
    ("finance", 7),
    ("consulting", 6),
    ("sales", 3),
    ("e-commerce", 4),
    ("healthcare", 6),
    ("pharma", 3),
    ("education", 4),
    ("nonprofit", 4),
    ("government", 3),
    ("research", 3),
    ("media", 3),
    ("hospitality", 2),
    ("manufacturing", 4),
    ("logistics", 3),
    ("retail", 3),
    ("energy", 2),
    ("arts", 1),
)
# (zone, country, standard UTC offset in hours, weight): offsets place times in local hours.
ZONES = (
    ("America/New_York", "US", -5, 16),
    ("America/Chicago", "US", -6, 6),
    ("America/Denver", "US", -7, 3),
    ("America/Los_Angeles", "US", -8, 10),
    ("America/Toronto", "CA", -5, 3),
    ("America/Sao_Paulo", "BR", -3, 2),
    ("Europe/London", "GB", 0, 14),
    ("Europe/Dublin", "IE", 0, 3),
    ("Europe/Berlin", "DE", 1, 8),
    ("Europe/Paris", "FR", 1, 5),
    ("Europe/Amsterdam", "NL", 1, 4),
    ("Europe/Madrid", "ES", 1, 2),
    ("Europe/Stockholm", "SE", 1, 2),
    ("Europe/Zurich", "CH", 1, 2),
    ("Asia/Dubai", "AE", 4, 1),
    ("Asia/Kolkata", "IN", 5.5, 4),
    ("Asia/Singapore", "SG", 8, 3),
    ("Asia/Tokyo", "JP", 9, 3),
    ("Australia/Sydney", "AU", 10, 3),
    ("Pacific/Auckland", "NZ", 12, 1),
)
ROLES = _words(
    "Data Engineer|Software Engineer|Backend Engineer|Frontend Engineer|Site Reliability "
    "Engineer|Machine Learning Engineer|Data Scientist|Analytics Engineer|Product Manager|"
    "Engineering Manager|Platform Engineer|Security Engineer|QA Engineer|Solutions Architect|"
    "Technical Writer|UX Designer|Developer Advocate|Database Administrator|Research Scientist",
    "|",
)
SENIORITY = ("", "", "Senior ", "Senior ", "Staff ", "Lead ", "Junior ", "Principal ")
SOURCES = ("", "referral", "LinkedIn", "job board", "company site", "recruiter", "meetup")
TOPICS = _words(
    "migrating the ETL to Spark|the on-call rotation|data quality checks|the move to Kubernetes|"
    "their hiring plan for the team|latency budgets for the checkout API|mentoring juniors|"
    "the roadmap for the analytics platform|cost of the cloud bill|event sourcing|"
    "accessibility audits|the design system|feature flags|GDPR and data retention|"
    "the incident review process|pairing and code review|the mobile release train|"
    "search relevance|the data warehouse schema|A/B testing culture",
    "|",
)
PROJECTS = _words(
    "Spark migration|Realtime dashboard|Billing rewrite|Search revamp|Design system|"
    "Fraud model|Data catalog|Checkout v2|Observability stack|Recommendation engine",
    "|",
)
SKILLS = _words("Python SQL Spark Kafka Go Rust TypeScript React Kubernetes Terraform dbt Airflow")
NEXT_STEPS = (
    "",
    "",
    "Onsite with the team next week",
    "Decision by the end of the month",
    "Take-home exercise",
    "Meet the VP of Engineering",
    "References check",
)
ROLE_WEIGHTS = (
    ("interviewer", 60),
    ("hiring-manager", 12),
    ("recruiter", 12),
    ("coordinator", 8),
    ("referrer", 4),
    ("reference", 2),
    ("other", 2),
)
TITLES = {
    "interviewer": "Senior Engineer|Staff Engineer|Data Scientist|Tech Lead|Product Manager",
    "hiring-manager": "Engineering Manager|Head of Data|Director of Engineering",
    "recruiter": "Technical Recruiter|Talent Partner",
    "coordinator": "Recruiting Coordinator|People Operations",
    "referrer": "Software Engineer|Former colleague",
    "reference": "Former manager|Professor",
    "other": "Office manager|Founder",
}
KIND_WEIGHTS = (
    ("thank-you", 45),
    ("coordinator-thanks", 5),
    ("status-check", 20),
    ("offer-thanks", 2),
    ("offer-reminder", 1),
    ("rejection-reply", 5),
    ("check-in", 10),
    ("holiday", 4),
    ("news-note", 4),
    ("gratitude", 4),
)
REASONS = {
    "thank-you": "Thank-you within 24-48 h of the interview (TIMING-001), in business hours.",
    "coordinator-thanks": "A short thank-you to the coordinator who set up the day (TIMING-005).",
    "status-check": "No news 7 business days after the interview (TIMING-008).",
    "offer-thanks": "Acknowledge the offer within 1 business day (OFFER-001).",
    "offer-reminder": "Halfway to the offer deadline (OFFER-007).",
    "rejection-reply": "A gracious reply to the rejection within 2 business days (REJECT-001).",
    "check-in": "Regular check-in for your network (NURTURE-001).",
    "holiday": "Season's greetings before the holidays (HOLIDAY-001).",
    "news-note": "Their company was in the news: a short congratulation (NEWS-001).",
    "gratitude": "Thank them for their help now that the process is over.",
}
# Stored drafts: (subject, opening) by kind; the body wraps the opening in a common note.
DRAFTS = {
    "thank-you": ("Thank you – {role} interview", "Thank you for taking the time to speak with "
                  "me about the {role} role at {company}. I enjoyed our conversation about "
                  "{topic}, and it made me even more excited about the team's work."),
    "coordinator-thanks": ("Thank you for organising the {role} interviews", "Thank you for "
                           "organising my interviews at {company}; the day ran smoothly."),
    "status-check": ("Following up – {role} interview", "I hope your week is going well. I "
                     "am still very interested in the {role} role at {company}, and wanted to "
                     "ask whether there is an update on the timeline."),
    "offer-thanks": ("Thank you – {role} offer", "Thank you for the offer for the {role} role "
                     "at {company}. I am delighted, and will come back to you by the date "
                     "we agreed."),
    "offer-reminder": ("Re: {role} offer", "As promised, I wanted to let you know where I "
                       "stand on the {role} offer from {company}."),
    "rejection-reply": ("Re: {role} application", "Thank you for letting me know, and for the "
                        "time you and the team gave me during the {role} process at {company}."),
    "check-in": ("How are things at {company}?", "It has been a few months since we last spoke, "
                 "and I wanted to say hello and hear how things are going at {company}."),
    "holiday": ("Season's greetings", "I wanted to wish you and the team at {company} a restful "
                "holiday season."),
    "news-note": ("Congratulations on the launch", "I saw the news from {company} this week: "
                  "congratulations to you and the team."),
    "gratitude": ("Thank you for your help", "Now that my search has settled, I wanted to thank "
                  "you for your help and advice along the way."),
}  # fmt: skip
BODY = (
    "Dear {first},\n\n{opening}\n\nOur discussion about {topic2} stayed with me: it is the kind "
    "of problem I have worked on for the last few years, and I would love to help with it.\n\n"
    "Please let me know if I can provide anything else. I look forward to hearing from you."
    "\n\nBest regards,\n{me}"
)
CLOSED = (("sent", 55), ("done", 22), ("skipped", 13), ("cancelled", 10))
OPENS = (("planned", 75), ("drafted", 18), ("queued", 7))


def _weighted(pairs: Sequence[tuple[str, int]]) -> tuple[list[str], list[int]]:
    return [p[0] for p in pairs], [p[1] for p in pairs]


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum() or ch in ".-")


def _ts(seconds: float) -> str:
    """The store's format: fixed-width UTC ISO with microseconds, so text order is time order."""
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="microseconds")


def _business(local_seconds: float, offset_h: float, hour: float) -> float:
    """`hour` o'clock local on the first weekday at or after the local day; as UTC seconds."""
    days = int(local_seconds // DAY)
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
    if weekday >= 5:
        days += 7 - weekday
    return days * DAY + hour * HOUR - offset_h * HOUR


# --- the generator ------------------------------------------------------------------------


class _Generator:
    """Builds rows table by table. Each table draws from its own seeded stream, so adding
    history follow-ups (the large variant) leaves every other row exactly as it was."""

    def __init__(self, size: Size, seed: int, now: datetime) -> None:
        self.size = size
        self.seed = seed
        self.now = now.timestamp()
        self.zone_names = [z[0] for z in ZONES]
        self.zone_weights = [z[3] for z in ZONES]
        self.zone_info = {z[0]: (z[1], z[2]) for z in ZONES}

    def rng(self, table: str) -> random.Random:
        return random.Random(f"followup-bench:{self.seed}:{table}")

    # people and places -------------------------------------------------------------------
    def companies(self) -> list[tuple[Any, ...]]:
        r = self.rng("companies")
        industries, weights = _weighted(INDUSTRIES)
        used: set[str] = set()
        rows = []
        for cid in range(1, self.size.companies + 1):
            name = f"{r.choice(COMPANY_A)} {r.choice(COMPANY_B)}"
            if name.lower() in used:
                name = f"{name} {r.choice(COMPANY_C)}"
            while name.lower() in used:
                name = f"{name} {cid}"
            used.add(name.lower())
            tz = r.choices(self.zone_names, self.zone_weights)[0]
            domain = f"{_ascii(name.replace(' ', '-').replace('&', 'and'))}.example"
            feeds = f'["https://{domain}/news.xml"]' if r.random() < 0.2 else "[]"
            pace = r.choice(("fast", "relaxed")) if r.random() < 0.05 else None
            industry = r.choices(industries, weights)[0]
            rows.append((cid, name, industry, self.zone_info[tz][0], tz, domain, feeds, pace, ""))
        return rows

    def contacts(self, companies: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        r = self.rng("contacts")
        roles, weights = _weighted(ROLE_WEIGHTS)
        emails: set[str] = set()
        rows = []
        n_companies = len(companies)
        for pid in range(1, self.size.contacts + 1):
            # Three people at every company first, then the rest where the candidate applies most.
            index = (pid - 1) % n_companies if pid <= 3 * n_companies else self._company(r)
            company = companies[index]
            first, last = r.choice(FIRST), r.choice(LAST)
            name = f"{first} {last}"
            local = f"{_ascii(first)}.{_ascii(last)}"
            email = f"{local}@{company[5]}"
            n = 2
            while email in emails:
                email = f"{local}{n}@{company[5]}"
                n += 1
            emails.add(email)
            role = roles[0] if pid <= n_companies else r.choices(roles, weights)[0]
            tz = company[4] if r.random() < 0.85 else r.choices(self.zone_names)[0]
            tier = r.choice(("close", "regular", "light", "light")) if r.random() < 0.4 else None
            title = r.choice(TITLES[role].split("|"))
            rows.append(
                (pid, name, email, title, company[0], tz, self.zone_info[tz][0], role, tier,
                 "[]", "")
            )  # fmt: skip
        return rows

    def _company(self, r: random.Random) -> int:
        """A company index, skewed: a few companies get many applications."""
        n = self.size.companies
        return min(n - 1, int(n * r.random() ** 1.6))

    # applications ------------------------------------------------------------------------
    def applications(self) -> list[tuple[Any, ...]]:
        r = self.rng("applications")
        rows = []
        for aid in range(1, self.size.applications + 1):
            age = r.uniform(1, SPAN_DAYS)
            created = self.now - age * DAY
            if age > 120:
                stage = r.choices(("rejected", "closed", "withdrawn", "accepted"), (55, 28, 14, 3))
                depth = r.choices(("applied", "screening", "interviewing"), (20, 30, 50))[0]
            elif age > 30:
                stage = r.choices(
                    ("rejected", "closed", "withdrawn", "interviewing", "screening", "applied",
                     "offer"),
                    (35, 10, 5, 25, 10, 10, 5),
                )  # fmt: skip
                depth = r.choices(("applied", "screening", "interviewing"), (30, 30, 40))[0]
            else:
                stage = r.choices(
                    ("applied", "screening", "interviewing", "rejected", "offer"),
                    (45, 25, 20, 8, 2),
                )
                depth = r.choices(("applied", "screening", "interviewing"), (50, 30, 20))[0]
            final = stage[0]
            if final in PIPELINE:
                path = list(PIPELINE[: PIPELINE.index(final) + 1])
            elif final == "accepted":
                path = [*PIPELINE, final]
            else:  # rejected, closed or withdrawn after reaching `depth`
                path = [*PIPELINE[: PIPELINE.index(depth) + 1], final]
            history = []
            at = created
            for step in path:
                history.append({"stage": step, "at": _ts(at), "note": ""})
                at = min(self.now - HOUR, at + r.uniform(3, 25) * DAY)
            decision = None
            if final in ("interviewing", "offer") and r.random() < 0.3:
                decision = (
                    date.fromtimestamp(self.now) + timedelta(days=r.randint(-5, 30))
                ).isoformat()
            role = f"{r.choice(SENIORITY)}{r.choice(ROLES)}"
            url = f"https://jobs.example/{aid}" if r.random() < 0.6 else ""
            rows.append(
                (aid, self._company(r) + 1, role, final, r.choice(SOURCES), url, decision,
                 _ts(created), json.dumps(history), "")
            )  # fmt: skip
        return rows

    # interviews --------------------------------------------------------------------------
    def interviews(
        self,
        applications: list[tuple[Any, ...]],
        companies: list[tuple[Any, ...]],
        staff: dict[int, list[int]],
        coordinators: dict[int, list[int]],
    ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        r = self.rng("interviews")
        weight = {"screening": 1, "interviewing": 3, "offer": 4, "accepted": 4}
        eligible: list[tuple[tuple[Any, ...], int]] = []
        for app in applications:
            stages = {h["stage"] for h in json.loads(app[8])}
            deepest = max((weight.get(s, 0) for s in stages), default=0)
            if deepest:
                eligible.append((app, deepest))
        total = self.size.interviews
        if not eligible and total:
            eligible = [(app, 1) for app in applications]
        if total <= len(eligible):
            chosen = r.sample(eligible, total)
            rounds = {app[0]: 1 for app, _ in chosen}
        else:
            rounds = {app[0]: 1 for app, _ in eligible}
            extra = r.choices(
                [a for a, _ in eligible], [w for _, w in eligible], k=total - len(eligible)
            )
            for app in extra:
                rounds[app[0]] += 1
        by_id = {app[0]: app for app in applications}
        rows = []
        people = []
        iid = 0
        for aid in sorted(rounds):
            app = by_id[aid]
            company = companies[app[1] - 1]
            tz = company[4]
            offset = self.zone_info[tz][1]
            created = datetime.fromisoformat(app[7]).timestamp()
            is_open = app[3] in ("applied", "screening", "interviewing", "offer")
            limit = self.now + 21 * DAY if is_open else self.now - DAY
            at = created + r.uniform(5, 15) * DAY
            for number in range(1, rounds[aid] + 1):
                iid += 1
                local = min(at, limit) + offset * HOUR
                end = _business(local, offset, r.choice((10, 11, 13.5, 14, 15, 16, 17.25)))
                kind = (
                    "phone"
                    if number == 1 and r.random() < 0.7
                    else r.choice(("video", "video", "onsite"))
                )
                if r.random() < 0.02:
                    kind = "informational"
                start = end - r.choice((30, 45, 60, 90)) * 60
                team = staff.get(company[0]) or [1]
                k = 1 if kind == "phone" else min(len(team), r.choice((1, 2, 2, 3, 4)))
                met = r.sample(team, k)
                for position, contact in enumerate(met):
                    topics = json.dumps(r.sample(TOPICS, r.randint(0, 2)), ensure_ascii=False)
                    people.append((iid, contact, position, topics))
                pool = coordinators.get(company[0])
                coordinator = r.choice(pool) if pool and r.random() < 0.3 else None
                decision = None
                if r.random() < 0.25:
                    decision = (
                        date.fromtimestamp(end) + timedelta(days=r.randint(5, 21))
                    ).isoformat()
                rows.append(
                    (iid, aid, number, kind, _ts(start), _ts(end), tz, coordinator,
                     json.dumps(r.sample(TOPICS, r.randint(1, 3))),
                     json.dumps(r.sample(PROJECTS, r.randint(0, 2))),
                     json.dumps(r.sample(SKILLS, r.randint(0, 3))),
                     decision, r.choice(NEXT_STEPS), "", "cancelled" if r.random() < 0.03
                     else "scheduled",
                     f"bench-{self.seed}-{iid}@calendar.example" if r.random() < 0.1 else "", 0)
                )  # fmt: skip
                at += r.uniform(4, 12) * DAY
        return rows, people

    # follow-ups --------------------------------------------------------------------------
    def followups(self, ctx: _Context) -> Iterator[tuple[Any, ...]]:
        """The base follow-ups, then the large variant's older, closed ones."""
        yield from self._followups(self.rng("followups"), 1, self.size.followups, ctx, False)
        yield from self._followups(
            self.rng("history"), self.size.followups + 1, self.size.history, ctx, True
        )

    def _followups(
        self, r: random.Random, first: int, count: int, ctx: _Context, history: bool
    ) -> Iterator[tuple[Any, ...]]:
        kinds, weights = _weighted(KIND_WEIGHTS)
        closed, closed_w = _weighted(CLOSED)
        opens, opens_w = _weighted(OPENS)
        n_interviews = len(ctx.interviews)
        n_apps = len(ctx.applications)
        n_contacts = len(ctx.contacts)
        now = self.now
        oldest = now - SPAN_DAYS * DAY
        for fid in range(first, first + count):
            kind = r.choices(kinds, weights)[0]
            app_id: int | None = None
            interview_id: int | None = None
            if kind in ("thank-you", "coordinator-thanks", "status-check") and n_interviews:
                interview = ctx.interviews[r.randrange(n_interviews)]
                interview_id, app_id, end = interview[0], interview[1], interview[5]
                met = ctx.people.get(interview_id) or [1]
                if kind == "coordinator-thanks":
                    contact = interview[7] or met[0]
                    base = end + r.uniform(18, 30) * HOUR
                elif kind == "thank-you":
                    contact = r.choice(met)
                    base = end + r.uniform(18, 44) * HOUR
                else:
                    contact = met[0]
                    base = end + r.uniform(7, 12) * DAY
                earliest, latest = end + 2 * HOUR, base + 2 * DAY
            elif kind in ("offer-thanks", "offer-reminder", "rejection-reply") and n_apps:
                app = ctx.applications[r.randrange(n_apps)]
                app_id = app[0]
                team = ctx.staff.get(app[1]) or [1]
                contact = r.choice(team)
                base = app[2] + r.uniform(20, 90) * DAY
                earliest, latest = base - DAY, base + 3 * DAY
            else:
                contact = r.randrange(n_contacts) + 1
                base = r.uniform(oldest, now + 30 * DAY)
                earliest, latest = base - 2 * DAY, base + 7 * DAY
            if history:
                # The large variant's extra rows are all in the past and settled.
                shift = r.uniform(30, SPAN_DAYS) * DAY
                base, earliest, latest = (
                    min(base, now - shift),
                    min(earliest, now - shift - DAY),
                    min(latest, now - shift + DAY),
                )
            offset = ctx.offsets[contact]
            recommended = _business(base + offset * HOUR, offset, r.uniform(9, 11.5))
            earliest = min(earliest, recommended)
            latest = max(latest, recommended)
            status = r.choices(closed, closed_w)[0]
            if not history and (
                (recommended >= now and r.random() < 0.35)
                or (now - 10 * DAY <= recommended < now and r.random() < 0.25)
            ):
                status = r.choices(opens, opens_w)[0]
            snoozed = pinned = None
            if status == "planned" and r.random() < 0.03:
                snoozed = _ts(recommended + r.randint(1, 5) * DAY)
            if status in OPEN_STATUSES:
                pinned = 1 if r.random() < 0.02 else 0
            created = min(now, recommended, earliest) - r.uniform(0, 3) * DAY
            updated = created if status == "planned" else max(created, min(now, recommended + HOUR))
            subject = body = note = ""
            if status in ("drafted", "queued", "sent"):
                values = {
                    "role": ctx.roles.get(app_id or 0, "open"),
                    "company": ctx.companies[ctx.contact_company[contact]],
                    "topic": r.choice(TOPICS),
                }
                template, opening = DRAFTS[kind]
                subject = template.format(**values)
                body = BODY.format(
                    first=ctx.names[contact].split()[0], opening=opening.format(**values),
                    topic2=r.choice(TOPICS), me=ctx.me,
                )  # fmt: skip
            elif status == "skipped":
                note = "Spoke on the phone instead"
            reason = REASONS[kind]
            yield (
                fid, f"{kind}/f{fid}", kind, app_id, interview_id, contact, _ts(earliest),
                _ts(recommended), _ts(latest), status, reason, snoozed, pinned or 0, note,
                subject, body, _ts(created), _ts(updated),
            )  # fmt: skip

    # messages ----------------------------------------------------------------------------
    def messages(self, ctx: _Context) -> Iterator[tuple[Any, ...]]:
        r = self.rng("messages")
        n_interviews = len(ctx.interviews)
        out_kinds = ("thank-you", "thank-you", "status-check", "check-in")
        channels = ("email", "linkedin", "phone", "meeting")
        for mid in range(1, self.size.messages + 1):
            if n_interviews and r.random() < 0.8:
                interview = ctx.interviews[r.randrange(n_interviews)]
                contact = r.choice(ctx.people.get(interview[0]) or [1])
                app_id: int | None = interview[1]
                at = min(self.now - HOUR, interview[5] + r.uniform(0.1, 20) * DAY)
            else:
                contact = r.randrange(len(ctx.contacts)) + 1
                app_id = None
                at = self.now - r.uniform(0.1, SPAN_DAYS) * DAY
            direction = "out" if r.random() < 0.62 else "in"
            channel = r.choices(channels, (80, 8, 7, 5))[0]
            kind = r.choice(out_kinds) if direction == "out" else None
            message_id = source = reply_to = ""
            if channel == "email":
                message_id = f"<{mid}.{self.seed}.{r.getrandbits(32):08x}@mail.example>"
                if direction == "in":
                    source = f"imap:INBOX:{self.seed}:{mid}"
                    reply_to = f"<{max(1, mid - 1)}.{self.seed}.0@mail.example>"
            subject = (
                f"Re: {ctx.roles.get(app_id or 0, 'Hello')} interview" if channel == "email" else ""
            )
            yield (
                mid, contact, app_id, None, direction, channel, kind, _ts(at), subject,
                message_id, reply_to, source, "",
            )  # fmt: skip


@dataclass
class _Context:
    """What follow-ups and messages refer to, as plain lists for speed."""

    interviews: list[tuple[int, int, int, int, int, float, int, int | None]]
    people: dict[int, list[int]]
    applications: list[tuple[int, int, float]]  # id, company id, created
    staff: dict[int, list[int]]
    contacts: list[int]
    offsets: list[float]  # by contact id
    names: list[str]  # by contact id
    roles: dict[int, str]
    companies: dict[int, str]
    contact_company: list[int]  # by contact id
    me: str


def generate(path: Path, size: Size, seed: int, now: datetime) -> Manifest:
    """Write a fresh database at `path` (replacing it) and return its manifest."""
    started = time.perf_counter()
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    gen = _Generator(size, seed, now)
    companies = gen.companies()
    contacts = gen.contacts(companies)
    applications = gen.applications()
    staff: dict[int, list[int]] = {}
    coordinators: dict[int, list[int]] = {}
    for c in contacts:
        if c[7] in ("interviewer", "hiring-manager"):
            staff.setdefault(c[4], []).append(c[0])
        elif c[7] in ("coordinator", "recruiter"):
            coordinators.setdefault(c[4], []).append(c[0])
    interviews, people = gen.interviews(applications, companies, staff, coordinators)
    met: dict[int, list[int]] = {}
    for row in people:
        met.setdefault(row[0], []).append(row[1])
    offsets = [0.0] * (len(contacts) + 1)
    names = [""] * (len(contacts) + 1)
    employer = [1] * (len(contacts) + 1)
    for c in contacts:
        offsets[c[0]] = gen.zone_info[c[5]][1]
        names[c[0]] = c[1]
        employer[c[0]] = c[4]
    r = gen.rng("profile")
    me = f"{r.choice(FIRST)} {r.choice(LAST)}"
    ctx = _Context(
        interviews=[
            (i[0], i[1], 0, 0, 0, datetime.fromisoformat(i[5]).timestamp(), 0, i[7])
            for i in interviews
        ],
        people=met,
        applications=[(a[0], a[1], datetime.fromisoformat(a[7]).timestamp()) for a in applications],
        staff=staff,
        contacts=[c[0] for c in contacts],
        offsets=offsets,
        names=names,
        roles={a[0]: a[2] for a in applications},
        companies={c[0]: c[1] for c in companies},
        contact_company=employer,
        me=me,
    )
    db = Database(path)
    try:
        with db.transaction() as conn:
            conn.execute(
                "INSERT INTO profile (id, name, email, tz, country, signature, skills)"
                " VALUES (1, ?, ?, 'Europe/London', 'GB', ?, ?)",
                (me, f"{_ascii(me.replace(' ', '.'))}@example.org", f"{me}\n+44 20 7946 0000",
                 json.dumps(["Python", "SQL", "Spark"])),
            )  # fmt: skip
            _insert(conn, "companies", 9, companies)
            _insert(conn, "contacts", 11, contacts)
            _insert(conn, "applications", 10, applications)
            _insert(conn, "interviews", 17, interviews)
            conn.executemany(
                "INSERT INTO interview_people (interview_id, contact_id, position, topics)"
                " VALUES (?, ?, ?, ?)",
                people,
            )
            _insert(conn, "followups", 18, gen.followups(ctx))
            _insert(conn, "messages", 13, gen.messages(ctx))
        manifest = _describe(db.conn, path, size, seed, now, time.perf_counter() - started)
    finally:
        db.close()
    return manifest


_COLUMNS = {
    "companies": "id, name, industry, country, tz, domain, feeds, pace, notes",
    "contacts": "id, name, email, title, company_id, tz, country, role, tier, observes, notes",
    "applications": (
        "id, company_id, role, stage, source, url, decision_by, created_at, history, notes"
    ),
    "interviews": (
        'id, application_id, round, kind, start, "end", tz, coordinator_id, topics, projects, '
        "skills, decision_by, next_step, notes, status, source_uid, source_sequence"
    ),
    "followups": (
        "id, key, kind, application_id, interview_id, contact_id, earliest, recommended, "
        "latest, status, reason, snoozed_until, pinned, note, subject, body, created_at, "
        "updated_at"
    ),
    "messages": (
        "id, contact_id, application_id, followup_id, direction, channel, kind, at, subject, "
        "message_id, in_reply_to, source, note"
    ),
}


def _insert(conn: sqlite3.Connection, table: str, width: int, rows: Any) -> None:
    placeholders = ",".join("?" * width)
    conn.executemany(f"INSERT INTO {table} ({_COLUMNS[table]}) VALUES ({placeholders})", rows)


def _describe(
    conn: sqlite3.Connection, path: Path, size: Size, seed: int, now: datetime, seconds: float
) -> Manifest:
    counts = {
        table: int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        for table in (
            "companies", "contacts", "applications", "interviews", "interview_people",
            "followups", "messages",
        )
    }  # fmt: skip
    marks = ",".join("?" * len(OPEN_STATUSES))
    open_count = conn.execute(
        f"SELECT count(*) FROM followups WHERE status IN ({marks})", OPEN_STATUSES
    ).fetchone()[0]
    week = conn.execute(
        f"SELECT count(*) FROM followups WHERE status IN ({marks}) AND recommended < ?",
        (*OPEN_STATUSES, _ts(now.timestamp() + 7 * DAY)),
    ).fetchone()[0]
    row = conn.execute(
        "SELECT id FROM followups WHERE kind = 'thank-you' AND status = 'planned'"
        " AND interview_id IS NOT NULL AND contact_id IS NOT NULL ORDER BY id LIMIT 1"
    ).fetchone()
    return Manifest(
        path=str(path),
        size=size.name,
        seed=seed,
        anchor=now.astimezone(UTC).isoformat(),
        version=GENERATOR_VERSION,
        counts=counts,
        open_followups=int(open_count),
        agenda_week=int(week),
        draft_id=int(row[0]) if row else None,
        generated_s=round(seconds, 2),
    )


def anchor_for(day: date) -> datetime:
    """The `now` data is generated around: 09:00 UTC on `day`."""
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)


def cached(folder: Path, size: Size, seed: int, now: datetime) -> Manifest:
    """The database for (seed, size, anchor day), generated on first use and kept in `folder`.

    Files for the same seed and size but another anchor day are removed: they are large.
    """
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stem = f"followup-v{GENERATOR_VERSION}-s{seed}-{size.name}-{size.key}"
    path = folder / f"{stem}-{now:%Y%m%d}.db"
    sidecar = path.with_suffix(".json")
    if path.exists() and sidecar.exists() and not _planned(path):
        try:
            data = json.loads(sidecar.read_text(encoding="utf-8"))
            return replace(Manifest(**data), path=str(path), cached=True)
        except (ValueError, TypeError):
            pass  # a half-written or older manifest: generate again
    for old in folder.glob(f"{stem}-*"):
        old.unlink(missing_ok=True)
    partial = folder / f".{path.name}.partial"
    manifest = generate(partial, size, seed, now)
    os.replace(partial, path)
    manifest = replace(manifest, path=str(path))
    write_private(sidecar, json.dumps(asdict(manifest), indent=2))
    return manifest


def _planned(path: Path) -> bool:
    """Whether followup has planned this file since it was generated (the generator never
    marks a run): measurements work on copies, so such a cache is stale."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return (
                conn.execute("SELECT 1 FROM meta WHERE key = 'planned_at'").fetchone() is not None
            )
        finally:
            conn.close()
    except sqlite3.Error:
        return True  # unreadable: generate again


def write_private(path: Path, text: str) -> None:
    """Write `text` atomically to a file only the user can read (0600)."""
    tmp = path.with_name(f".{path.name}.partial")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__)
    parser.add_argument("--size", choices=sorted(SIZES), default="quick-base")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--day", type=date.fromisoformat, help="anchor day (default: today)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    args = parser.parse_args(argv)
    now = anchor_for(args.day or datetime.now(UTC).date())
    manifest = cached(args.out / "data", SIZES[args.size], args.seed, now)
    json.dump(asdict(manifest), sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
