"""Calendar invites as values, and the guesses made from them.

The calendar adapter turns an .ics (or an .eml carrying one) into an `Invite`;
everything here is pure: which company and role an invite is about, who the
interviewers are, a name from an address, and invite text reduced to plain text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser

from followup.domain.errors import ValidationError
from followup.domain.records import fields
from followup.domain.records.model import InterviewKind

MAX_BYTES = 5 * 1024 * 1024  # reliability D11: a 2.2 MB export already takes 4.4 s to parse
MAX_EVENTS = 500  # VEVENTs in one file; an invite has a handful, a whole calendar export is refused
MAX_OCCURRENCES = 50  # occurrences listed per recurring series (D8)
DESCRIPTION_MAX = 20_000  # characters kept from a DESCRIPTION; Teams boilerplate fits easily

CANCEL = "CANCEL"


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadOptions:
    """How to read an invite: the candidate's zone for floating times, and the recurrence window."""

    default_tz: str
    window_start: datetime
    window_end: datetime
    max_occurrences: int = MAX_OCCURRENCES
    max_events: int = MAX_EVENTS
    max_bytes: int = MAX_BYTES


@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    """An organizer or attendee: the name (from CN, or derived from the address) and email."""

    name: str
    email: str = ""
    name_derived: bool = False  # True when CN was missing and the name came from the address
    role: str = ""  # ROLE parameter, e.g. REQ-PARTICIPANT, OPT-PARTICIPANT, CHAIR
    kind: str = ""  # CUTYPE parameter: INDIVIDUAL, ROOM, RESOURCE, GROUP

    @property
    def is_person(self) -> bool:
        """False for rooms, resources and groups: they are not interviewers."""
        return self.kind.upper() in ("", "INDIVIDUAL", "UNKNOWN")


@dataclass(frozen=True, slots=True, kw_only=True)
class InviteEvent:
    """One event (or one occurrence of a recurring event) from an invite file."""

    uid: str
    recurrence_id: str = ""  # the occurrence it replaces, as UTC `YYYYMMDDTHHMMSSZ`; "" if none
    sequence: int = 0
    method: str = ""  # the calendar's METHOD: REQUEST, CANCEL, PUBLISH, or ""
    status: str = ""  # the event's STATUS: CONFIRMED, TENTATIVE, CANCELLED, or ""
    start: datetime
    end: datetime
    tz: str  # the IANA zone to show the interview in
    zone_notes: tuple[str, ...] = ()  # visible notes about how the times were read
    summary: str = ""
    description: str = ""
    location: str = ""
    meeting_url: str = ""
    organizer: Person | None = None
    attendees: tuple[Person, ...] = ()
    text_notes: tuple[str, ...] = ()  # what was neutralised in the text (HTML, line breaks)

    @property
    def source_uid(self) -> str:
        """The identity a re-import matches on: UID, plus RECURRENCE-ID for one occurrence."""
        return f"{self.uid}#{self.recurrence_id}" if self.recurrence_id else self.uid

    @property
    def cancelled(self) -> bool:
        """METHOD:CANCEL or STATUS:CANCELLED."""
        return self.method.upper() == CANCEL or self.status.upper() == "CANCELLED"


@dataclass(frozen=True, slots=True, kw_only=True)
class Skipped:
    """An event that was left out, and why (shown to the user; the others still import)."""

    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Invite:
    """A parsed invite file: its events, the events refused, and file-level notes."""

    source: str
    events: tuple[InviteEvent, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    notes: tuple[str, ...] = ()


def fallback_uid(summary: str, start: datetime, organizer: str) -> str:
    """A stable stand-in for a missing UID, so a re-import still matches."""
    seed = f"{summary}\x00{start.isoformat()}\x00{organizer}".encode()
    return "no-uid-" + hashlib.sha256(seed).hexdigest()[:20]


# --- text ----------------------------------------------------------------------------

# Only real tag names count as HTML: "Jane <jane@acme.com>" is plain text, not a tag.
_TAG_NAMES = (
    r"(?:a|b|i|u|p|br|hr|div|span|em|strong|small|ul|ol|li|table|thead|tbody|tr|td|th|"
    r"html|head|body|meta|title|style|script|font|img|h[1-6]|pre|code|blockquote|center|"
    r"iframe|object|embed|svg|form|input|button|link|base|o:p|xml)"
)
_HTML_TAG = re.compile(rf"</?{_TAG_NAMES}\b[^>]*>", re.IGNORECASE)
_NOT_A_TAG = re.compile(rf"<(?!/?{_TAG_NAMES}\b|!)", re.IGNORECASE)
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "tr",
        "ul",
        "ol",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "hr",
    }
)
_DROP_TAGS = frozenset({"script", "style", "head", "title", "xml", "iframe", "object", "svg"})


class _TextOfHtml(HTMLParser):
    """Collects the visible text of an HTML fragment; link targets are kept after their text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._drop = 0
        self._href: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_TAGS:
            self._drop += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "a":
            href = next((v for k, v in attrs if k == "href" and v), "")
            self._href.append(href if re.match(r"https?://", href, re.IGNORECASE) else "")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_TAGS:
            self._drop = max(0, self._drop - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "a" and self._href:
            href = self._href.pop()
            shown = "".join(self.parts[-3:])
            if href and href not in shown:
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        if not self._drop:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    """True when the text carries real HTML tags."""
    return bool(_HTML_TAG.search(text))


def plain_text(text: str) -> str:
    """HTML reduced to its visible text (scripts and styles dropped); plain text unescaped only."""
    if not looks_like_html(text):
        return text
    parser = _TextOfHtml()
    parser.feed(_NOT_A_TAG.sub("&lt;", text))  # keep "Jane <jane@acme.com>" as text
    parser.close()
    joined = "".join(parser.parts).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in joined.splitlines()]
    # Collapse the runs of blank lines that nested block tags leave behind.
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()  # entities were decoded once by the parser; not again


def summary_text(raw: str) -> tuple[str, tuple[str, ...]]:
    """SUMMARY as one safe line; notes say what was removed (HTML, line breaks).

    A SUMMARY may unescape to a real newline (`Interview\\nBcc: x@y`, reliability D12):
    it is joined into one line, so it can never start a header line later.
    """
    notes: list[str] = []
    text = raw
    if looks_like_html(text):
        text = plain_text(text)
        notes.append("the title contained HTML; kept as text only")
    if re.search(r"[\r\n\x0b\x0c\x85\u2028\u2029]", text):
        notes.append("the title contained line breaks; joined into one line")
    return fields.line("summary", text, limit=fields.LINE_MAX), tuple(notes)


def description_text(raw: str) -> tuple[str, tuple[str, ...]]:
    """DESCRIPTION as plain text with its line breaks, capped; notes say what was changed."""
    notes: list[str] = []
    text = raw
    if looks_like_html(text):
        text = plain_text(text)
        notes.append("the description contained HTML; kept as text only")
    if len(text) > DESCRIPTION_MAX:
        text = text[:DESCRIPTION_MAX].rstrip() + "\n[description shortened]"
        notes.append(f"the description was longer than {DESCRIPTION_MAX:,} characters; shortened")
    return fields.notes("description", text), tuple(notes)


# --- meeting links -------------------------------------------------------------------

_URL = re.compile(r"https?://[^\s<>\"'()\[\]{}]+", re.IGNORECASE)
_MEETING_HOSTS = (
    "zoom.us",
    "zoom.com",
    "zoomgov.com",
    "meet.google.com",
    "teams.microsoft.com",
    "teams.live.com",
    "webex.com",
    "whereby.com",
    "chime.aws",
    "bluejeans.com",
    "gotomeeting.com",
    "gotomeet.me",
    "meet.jit.si",
    "around.co",
    "hangouts.google.com",
    "meet.goto.com",
    "skype.com",
    "ringcentral.com",
    "dialpad.com",
    "coderpad.io",
)


def urls_in(text: str) -> list[str]:
    """http(s) URLs in a text, trailing punctuation removed."""
    return [m.group(0).rstrip(".,;:!?>") for m in _URL.finditer(text)]


def meeting_link(*texts: str) -> str:
    """The video-meeting link among the texts (location first), or the first URL in the first."""
    found = [u for t in texts for u in urls_in(t)]
    for url in found:
        host = re.sub(r"^https?://", "", url, flags=re.IGNORECASE).split("/")[0].lower()
        host = host.rsplit("@", 1)[-1].split(":")[0]
        if any(host == h or host.endswith("." + h) for h in _MEETING_HOSTS):
            return _valid_url(url)
    first = urls_in(texts[0]) if texts else []
    return _valid_url(first[0]) if first else ""


def _valid_url(url: str) -> str:
    try:
        return fields.url("meeting link", url)
    except ValidationError:
        return ""


# --- people --------------------------------------------------------------------------

_ROLE_LOCALS = frozenset(
    {
        "noreply",
        "no-reply",
        "donotreply",
        "do-not-reply",
        "notifications",
        "notification",
        "calendar",
        "calendar-notification",
        "invites",
        "invite",
        "scheduling",
        "scheduler",
        "mailer-daemon",
        "postmaster",
        "bounce",
        "bounces",
        "meetings",
        "events",
    }
)


def is_automated(email: str) -> bool:
    """A no-reply or notification sender, or a calendar/scheduling service address."""
    local, _, domain = email.lower().rpartition("@")
    base = local.split("+", 1)[0]
    return (
        base in _ROLE_LOCALS
        or base.startswith(("noreply", "no-reply", "donotreply"))
        or (is_scheduling_domain(domain))
    )


def name_from_address(email: str) -> str:
    """A readable name from an address: `jane.doe+x@acme.com` -> `Jane Doe`; "" for robots."""
    local = email.rpartition("@")[0].split("+", 1)[0]
    if not local or is_automated(email):
        return ""
    pieces = [p for p in re.split(r"[._\-]+", re.sub(r"\d+", " ", local)) for p in p.split()]
    words = [(p[0].upper() + ".") if len(p) == 1 else p[:1].upper() + p[1:].lower() for p in pieces]
    return " ".join(words)


def person(cn: str, email: str, *, role: str = "", kind: str = "") -> Person | None:
    """A Person from CN and address; None when neither gives a usable name."""
    try:
        address = fields.email("attendee", re.sub(r"^mailto:", "", email, flags=re.IGNORECASE))
    except ValidationError:
        address = ""
    # An overlong CN is cut, not fatal: the invite is someone else's text.
    name = fields.name("attendee", cn[: fields.NAME_MAX], required=False).strip("'\" ")
    if name and "@" in name and name.lower() == address.lower():
        name = ""  # CN repeating the address is no name at all
    derived = False
    if not name and address:
        name, derived = name_from_address(address), True
    if not name:
        return None
    return Person(
        name=name, email=address, name_derived=derived, role=role.upper(), kind=kind.upper()
    )


def interviewers(
    event: InviteEvent, own_emails: Collection[str]
) -> tuple[tuple[Person, ...], Person | None]:
    """The interviewers and the coordinator of an event.

    Attendees become interviewers, except the candidate's own addresses, rooms and robots.
    The organizer becomes the coordinator, unless they are the only other person there,
    in which case they are the interviewer.
    """
    own = {e.casefold() for e in own_emails if e}

    def usable(p: Person | None) -> bool:
        return (
            p is not None
            and p.is_person
            and p.email.casefold() not in own
            and not (p.email and is_automated(p.email))
        )

    organizer = event.organizer if usable(event.organizer) else None
    seen: set[str] = set()
    people: list[Person] = []
    for attendee in event.attendees:
        key = (attendee.email or attendee.name).casefold()
        if usable(attendee) and key not in seen:
            seen.add(key)
            people.append(attendee)
    if organizer is not None:
        key = (organizer.email or organizer.name).casefold()
        others = [p for p in people if (p.email or p.name).casefold() != key]
        if not others:
            return (organizer,), None
        return tuple(others), organizer
    return tuple(people), None


def kind_of(event: InviteEvent) -> InterviewKind:
    """Phone, video or onsite, from the title, the link and the location."""
    text = f"{event.summary} {event.location}".casefold()
    if re.search(r"\bphone\b|\bcall\b(?!.*\bvideo\b)", text) and not event.meeting_url:
        return InterviewKind.PHONE
    if re.search(r"\bon-?site\b|\bin[- ]person\b|\boffice visit\b", text):
        return InterviewKind.ONSITE
    if event.meeting_url:
        return InterviewKind.VIDEO
    if event.location and not urls_in(event.location) and re.search(r"\d", event.location):
        return InterviewKind.ONSITE  # a street address
    return InterviewKind.VIDEO


# --- company and role ----------------------------------------------------------------

PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "ymail.com",
        "rocketmail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "pm.me",
        "gmx.com",
        "gmx.net",
        "gmx.de",
        "web.de",
        "t-online.de",
        "mail.com",
        "zoho.com",
        "zohomail.com",
        "yandex.com",
        "yandex.ru",
        "mail.ru",
        "qq.com",
        "163.com",
        "126.com",
        "fastmail.com",
        "fastmail.fm",
        "hey.com",
        "tutanota.com",
        "tuta.io",
        "orange.fr",
        "free.fr",
        "laposte.net",
        "sfr.fr",
        "libero.it",
        "naver.com",
        "daum.net",
        "rediffmail.com",
        "btinternet.com",
        "sky.com",
        "comcast.net",
        "verizon.net",
        "att.net",
        "sbcglobal.net",
        "bigpond.com",
        "optusnet.com.au",
        "seznam.cz",
        "wp.pl",
        "o2.pl",
        "interia.pl",
        "bol.com.br",
        "uol.com.br",
        "shaw.ca",
        "rogers.com",
    }
)
# Public mail brands that exist under many country domains (hotmail.co.uk, yahoo.fr, ...).
_PUBLIC_MAIL_BRANDS = frozenset(
    {
        "gmail",
        "googlemail",
        "hotmail",
        "outlook",
        "live",
        "yahoo",
        "ymail",
        "aol",
        "gmx",
        "icloud",
        "protonmail",
        "yandex",
        "libero",
        "orange",
        "zoho",
    }
)
SCHEDULING_DOMAINS = frozenset(
    {
        "calendly.com",
        "calendar.google.com",
        "greenhouse.io",
        "greenhouse-mail.io",
        "lever.co",
        "ashbyhq.com",
        "ashby.io",
        "goodtime.io",
        "workday.com",
        "myworkday.com",
        "smartrecruiters.com",
        "icims.com",
        "jobvite.com",
        "gem.com",
        "modernloop.io",
        "prelude.co",
        "doodle.com",
        "youcanbook.me",
        "savvycal.com",
        "cal.com",
        "zcal.co",
        "tidycal.com",
        "acuityscheduling.com",
        "chilipiper.com",
        "x.ai",
        "reclaim.ai",
        "clockwise.com",
        "vimcal.com",
        "zohorecruit.com",
        "recruitee.com",
        "workable.com",
        "workablemail.com",
        "teamtailor.com",
        "teamtailor-mail.com",
        "bamboohr.com",
        "breezy.hr",
        "personio.de",
        "personio.com",
        "jazzhr.com",
        "applytojob.com",
        "hirevue.com",
        "codility.com",
        "hackerrank.com",
        "coderpad.io",
        "karat.com",
        "karat.io",
        "interviewing.io",
        "brighthire.ai",
        "metaview.ai",
        "zoom.us",
        "zoom.com",
        "zoomgov.com",
        "teams.microsoft.com",
        "webex.com",
        "whereby.com",
        "gotomeeting.com",
        "outlook.office365.com",
        "bookings.microsoft.com",
        "hubspot.com",
        "meetings.hubspot.com",
        "hubspotemail.net",
        "sendgrid.net",
        "mailgun.org",
        "amazonses.com",
        "linkedin.com",
        "indeed.com",
        "indeedemail.com",
        "glassdoor.com",
        "wellfound.com",
        "angel.co",
        "hired.com",
        "otta.com",
        "dover.com",
        "rippling.com",
        "paradox.ai",
        "phenom.com",
        "beamery.com",
        "avature.net",
        "successfactors.com",
        "taleo.net",
        "oraclecloud.com",
    }
)
# Second-level labels under which a two-letter country code hides the company: acme.co.uk.
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "gv", "ltd"})


def is_public_mail_domain(domain: str) -> bool:
    """gmail.com, hotmail.co.uk, yahoo.fr and the like: they say nothing about an employer."""
    d = domain.lower().strip(".")
    if d in PUBLIC_MAIL_DOMAINS:
        return True
    return registrable_label(d) in _PUBLIC_MAIL_BRANDS


def is_scheduling_domain(domain: str) -> bool:
    """A scheduling tool, applicant tracker or meeting service (or a subdomain of one)."""
    d = domain.lower().strip(".")
    return any(d == s or d.endswith("." + s) for s in SCHEDULING_DOMAINS)


def registrable_label(domain: str) -> str:
    """The label that names the organisation: `eng.acme.co.uk` -> `acme`."""
    labels = [x for x in domain.lower().strip(".").split(".") if x]
    if len(labels) < 2:
        return labels[0] if labels else ""
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return labels[-3]
    return labels[-2]


def company_from_domain(domain: str) -> str:
    """A company name from a mail domain: `acme-corp.io` -> `Acme Corp`; "" when it says nothing."""
    if not domain or is_public_mail_domain(domain) or is_scheduling_domain(domain):
        return ""
    label = registrable_label(domain)
    words = [w for w in re.split(r"[-_]+", label) if w]
    return " ".join(w[:1].upper() + w[1:] for w in words)


@dataclass(frozen=True, slots=True, kw_only=True)
class Guess:
    """What an invite says about the application; the user confirms or corrects it."""

    company: str = ""
    role: str = ""
    domain: str = ""  # the mail domain the company was seen in, if any
    reasons: tuple[str, ...] = ()  # how each part was found, for the confirmation prompt
    alternatives: tuple[str, ...] = field(default=())  # other company names that were seen


_SEPARATORS = re.compile(
    r"\s+[-–—|/•·~]+\s+|\s*[|/•·]\s*|:\s+|\s+::\s+|\s+-{1,2}\s*|\s+<?>\s+|\s+x\s+"
)
_PREFIXES = re.compile(
    r"^(?:(?:updated\s+)?invitation|invite|updated|cancel(?:l)?ed(?:\s+event)?|accepted|declined|"
    r"tentative(?:ly accepted)?|new event|fw|fwd|re|reminder|confirmed|rescheduled)\s*:\s*",
    re.IGNORECASE,
)
# Words that say what kind of meeting it is; they are never the company or the role.
_KIND_WORDS = (
    r"interviews?|interviewing|screen(?:ing)?|phone|video|call|chat|onsite|on-site|in-person|"
    r"virtual|remote|technical|tech|final|round|first|second|third|fourth|1st|2nd|3rd|4th|"
    r"loop|panel|meeting|conversation|intro(?:duction|ductory)?|discussion|follow-?up|"
    r"catch-?up|coffee|sync|hiring manager|recruiter|portfolio review|system design|"
    r"coding|behaviou?ral|culture(?: fit)?|take-?home|case study|debrief|presentation|"
    r"pair(?:ing| programming)?|assessment|exercise|review|session|talk|minutes?|min|"
    r"\d+|hour|hr|zoom|teams|microsoft teams|google meet|meet|webex|skype|calendly|"
    r"invitation|event|the|a|an|and|&|of|re|with|for|at|@|on|via|x|<>|\+"
)
_KIND_ONLY = re.compile(rf"^(?:(?:{_KIND_WORDS})\b\W*|[^\w\s]+\s*)*$", re.IGNORECASE)
_KIND_LEAD = re.compile(rf"^(?:(?:{_KIND_WORDS})\b[\s,:-]*)+", re.IGNORECASE)
_KIND_TAIL = re.compile(rf"(?:[\s,:-]+(?:{_KIND_WORDS}))+$", re.IGNORECASE)
_ROLE_WORDS = re.compile(
    r"\b(?:engineer(?:ing)?|developer|programmer|architect|scientist|analyst|designer|"
    r"manager|director|lead|head of|officer|intern(?:ship)?|consultant|specialist|"
    r"administrator|associate|coordinator|researcher|writer|editor|accountant|counsel|"
    r"attorney|lawyer|nurse|teacher|technician|representative|executive|president|vp|"
    r"cto|ceo|cfo|coo|sre|devops|qa|tester|marketer|strategist|advisor|adviser|assistant|"
    r"product owner|scrum master|operator|planner|producer|support|recruiter|economist|"
    r"statistician|mathematician|physician|pharmacist|fellow|postdoc|professor|lecturer|"
    r"trainee|apprentice|graduate|swe|mle|ml|sde|partner|principal|staff|senior|junior)\b",
    re.IGNORECASE,
)
_DATEISH = re.compile(
    r"^(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
    r"\b|^\d",
    re.IGNORECASE,
)
_GENERIC = frozenset(
    {
        "zoom",
        "zoom meeting",
        "microsoft teams meeting",
        "teams meeting",
        "google meet",
        "meeting",
        "call",
        "interview",
        "calendly",
        "busy",
        "invitation",
        "event",
        "hold",
        "placeholder",
        "tbd",
        "candidate",
        "personal",
        "lunch",
        "break",
    }
)


def guess(
    summary: str,
    emails: Iterable[str],
    *,
    people: Collection[str] = (),
    own_emails: Collection[str] = (),
) -> Guess:
    """Guess the company and role from an invite's title and its people's mail domains.

    `emails` are the organizer's first, then the attendees'. `people` are names known to be
    people (CNs, the candidate), which a title like "Acme / Jane Doe: onsite" must not
    mistake for the company. The user always confirms or corrects the result.
    """
    title_company, role = guess_from_summary(summary, people=people)
    own = {e.casefold() for e in own_emails}
    domains: list[str] = []
    for email in emails:
        if not email or email.casefold() in own or "@" not in email:
            continue
        domain = email.rpartition("@")[2].lower()
        if company_from_domain(domain) and domain not in domains:
            domains.append(domain)
    domain_companies = [company_from_domain(d) for d in domains]
    reasons: list[str] = []
    company, domain = "", ""
    alternatives: list[str] = []
    if title_company:
        company = title_company
        reasons.append(f"company {company!r} from the title")
        match = next(
            (
                d
                for d, c in zip(domains, domain_companies, strict=True)
                if same_company(c, title_company)
            ),
            "",
        )
        if match:
            domain = match
            reasons[-1] = f"company {company!r} from the title and the address domain {match}"
        alternatives = [c for c in domain_companies if not same_company(c, title_company)]
    elif domains:
        company, domain = domain_companies[0], domains[0]
        reasons.append(f"company {company!r} from the address domain {domain}")
        alternatives = domain_companies[1:]
    if role:
        reasons.append(f"role {role!r} from the title")
    return Guess(
        company=company,
        role=role,
        domain=domain,
        reasons=tuple(reasons),
        alternatives=tuple(dict.fromkeys(alternatives)),
    )


def same_company(a: str, b: str) -> bool:
    """Same organisation, spelling aside: `AcmeCorp`, `Acme Corp`, `acme-corp`, `Acme`."""
    x = re.sub(r"[\W_]+", "", a).casefold()
    y = re.sub(r"[\W_]+", "", b).casefold()
    if not x or not y:
        return False
    return x == y or (min(len(x), len(y)) >= 3 and (x.startswith(y) or y.startswith(x)))


def guess_from_summary(summary: str, *, people: Collection[str] = ()) -> tuple[str, str]:
    """(company, role) from an invite title; either may be "" when the title does not say."""
    text = " ".join(summary.split())
    while True:
        stripped = _PREFIXES.sub("", text)
        if stripped == text:
            break
        text = stripped
    # Google's mail subjects append "@ Wed 12 Jun 2024 3pm - 4pm (EDT) (me@x.com)".
    text = re.sub(r"\s+@\s+(?:mon|tue|wed|thu|fri|sat|sun)\w*\b.*$", "", text, flags=re.IGNORECASE)
    known = {" ".join(p.split()).casefold() for p in people if p.strip()}
    segments: list[str] = []
    for part in re.split(r"\(([^()]*)\)|\[([^\[\]]*)\]", text):
        if part:
            segments.extend(s.strip() for s in _SEPARATORS.split(part) if s and s.strip())
    companies: list[str] = []
    roles: list[str] = []
    for seg in segments:
        _read_segment(seg, known, companies, roles)
    company = next((c for c in companies if c), "")
    role = next((r for r in roles if r), "")
    return company, role


def _read_segment(seg: str, known: set[str], companies: list[str], roles: list[str]) -> None:
    # "X at Acme", "X @ Acme": what follows is the company, what precedes may be the role.
    at = re.match(r"^(?P<head>.*?)\s+(?:at|@)\s+(?P<tail>.+)$", seg, re.IGNORECASE)
    if at:
        head, tail = at["head"], at["tail"]
        for_role = re.match(r"^(?P<who>.*?)\s+for\s+(?:the\s+)?(?P<role>.+)$", head, re.I)
        if for_role:
            head = for_role["role"]
        _add_role(head, roles)
        _add_company(tail, known, companies)
        return
    if re.search(r"\bbetween\b", seg, re.IGNORECASE):
        return  # "30 Minute Meeting between Jane Doe and Alex": people, not a company
    with_ = re.match(r"^(?P<head>.*?)\bwith\s+(?P<tail>.+)$", seg, re.IGNORECASE)
    if with_ and _ROLE_WORDS.search(_strip_kind(with_["head"])):
        _add_role(with_["head"], roles)  # "Software Engineer Interview with Initech"
        _add_company(with_["tail"], known, companies)
        return
    if with_ and _KIND_ONLY.match(with_["head"] or "interview"):
        tail = with_["tail"]
        split = re.match(
            r"^(?P<co>.+?)\s+(?:for|as)\s+(?:the\s+|a\s+|an\s+)?(?P<role>.+)$", tail, re.IGNORECASE
        )
        if split:
            _add_company(split["co"], known, companies)
            _add_role(split["role"], roles)
        else:
            _add_company(tail, known, companies)
        return
    for_ = re.match(r"^(?P<head>.*?)\s*\bfor\s+(?:the\s+|a\s+|an\s+)?(?P<role>.+)$", seg, re.I)
    if for_ and _ROLE_WORDS.search(for_["role"]):
        _add_role(for_["role"], roles)
        if for_["head"] and not _KIND_ONLY.match(for_["head"]):
            _add_company(for_["head"], known, companies)
        return
    if _ROLE_WORDS.search(_strip_kind(seg)):
        _add_role(seg, roles)
        return
    _add_company(seg, known, companies)


def _strip_kind(text: str) -> str:
    text = _KIND_LEAD.sub("", text.strip())
    text = _KIND_TAIL.sub("", text)
    return text.strip(" ,.;:-–—'\"")


def _add_role(text: str, roles: list[str]) -> None:
    role = re.sub(r"\s+(?:role|position|opening|vacancy)$", "", _strip_kind(text), flags=re.I)
    role = re.sub(r"^(?:the|a|an|for)\s+", "", role, flags=re.IGNORECASE)
    if role and _ROLE_WORDS.search(role) and len(role) <= 120:
        roles.append(role)


def _add_company(text: str, known: set[str], companies: list[str]) -> None:
    name = _strip_kind(text)
    if not name or _KIND_ONLY.match(name) or _DATEISH.match(name):
        return
    folded = name.casefold()
    if folded in _GENERIC or folded in known or "@" in name or len(name) > 80:
        return
    # "Jane Doe and Alex Smith" (Calendly titles) names people, not a company.
    if re.search(r"\band\b|&", name) and all(
        part.strip().casefold() in known or _looks_like_person(part.strip())
        for part in re.split(r"\band\b|&", name)
    ):
        return
    if any(folded == k or folded in k.split() for k in known):
        return
    if _ROLE_WORDS.search(name) and len(name.split()) > 2:
        return
    companies.append(name)


def _looks_like_person(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in words)
