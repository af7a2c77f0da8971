"""What an invite says about the application: the company, the role and the interview kind.

Pure guesses from the title, the people's mail domains and the meeting link; the user
always confirms or corrects them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from followup.domain.imports.invite import InviteEvent
from followup.domain.imports.invite_text import urls_in
from followup.domain.records.model import InterviewKind

# --- interview kind ------------------------------------------------------------------


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
