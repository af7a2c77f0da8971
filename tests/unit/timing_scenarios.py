# ruff: noqa: E501
"""Thank-you scenarios written from the rules, with the slot a career coach would pick.

Written from `shared/domain-rules.md` and the seed, not from the code's output:
- fast fields (seed: tech, sales; TIMING-001: finance, consulting; TIMING-010: hospitality,
  staffing): the same day when the interview ends before 14:00 recipient time, at least
  2 hours after it (TIMING-002); otherwise the next working morning, 09:00 (TIMING-004);
- standard fields: the next working morning (TIMING-001);
- relaxed fields (seed: laid-back, ~48 h): the second working morning, unless it falls on
  a later day than end + 48 h, then the first (the seed's 24-48 h);
- an interview ending before 08:00 belongs to the night before;
- days off are the recipient's: weekends of their country, public holidays, and
  government-only holidays (US Columbus/Veterans Day, Canada's Remembrance Day) only for
  public, education and nonprofit employers;
- quiet days (24 and 31 Dec, the Friday after US Thanksgiving) are skipped when the next
  morning is still before the window's latest time (fast 24, standard 48, relaxed 72
  business-day hours); thank-yous ignore the status-check year-end blackout (SEND-005);
- a decision due the same day or the next working morning: about 1 hour after, in
  business hours (TIMING-003);
- informational meetings keep the pace's slot (TIMING-006 only loosens the deadline).

Only the standard library here, so the table can be run against older code as well.
"""

from __future__ import annotations

from dataclasses import dataclass

NY, LA, LONDON, BERLIN = "America/New_York", "America/Los_Angeles", "Europe/London", "Europe/Berlin"
TOKYO, KOLKATA, SYDNEY, DUBAI = "Asia/Tokyo", "Asia/Kolkata", "Australia/Sydney", "Asia/Dubai"
RIYADH, JERUSALEM, TORONTO = "Asia/Riyadh", "Asia/Jerusalem", "America/Toronto"


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    end: str  # local ISO time in `tz`
    tz: str  # where the interview's end is given
    expect: str  # the recommended send, local ISO time in the recipient's zone
    industry: str | None = None  # None: no industry, the standard pace
    recipient_tz: str = ""  # default: `tz`
    company: str = ""
    decision_by: str | None = None
    informational: bool = False

    @property
    def recipient(self) -> str:
        return self.recipient_tz or self.tz


S = Scenario
# One row per scenario: id, interview end, its zone, expected send, industry, recipient zone.
# fmt: off
SCENARIOS: tuple[Scenario, ...] = (
    # --- fast fields, New York, plain weeks (Mon 16 - Fri 20 Nov 2026) -------------------
    S("fast: software, Mon morning -> same day", "2026-11-16T10:00", NY, "2026-11-16T12:00", "software"),
    S("fast: sales, Tue 13:30 -> same day 15:30", "2026-11-17T13:30", NY, "2026-11-17T15:30", "sales"),
    S("fast: investment banking, Wed 14:30 -> Thu morning", "2026-11-18T14:30", NY, "2026-11-19T09:00", "investment banking"),
    S("fast: management consulting, Thu 17:00 -> Fri morning", "2026-11-19T17:00", NY, "2026-11-20T09:00", "Management Consulting"),
    S("fast: fintech, Fri 16:00 -> Mon morning", "2026-11-20T16:00", NY, "2026-11-23T09:00", "FinTech"),
    S("fast: hospitality, Mon 11:00 -> same day", "2026-11-16T11:00", NY, "2026-11-16T13:00", "hospitality"),
    S("fast: hotel, Wed late evening -> Thu morning", "2026-11-18T18:30", NY, "2026-11-19T09:00", "Hotel group"),
    S("fast: staffing agency, Thu 09:00 -> same day 11:00", "2026-11-19T09:00", NY, "2026-11-19T11:00", "staffing agency"),
    S("fast: recruiting, Fri noon -> same day 14:00", "2026-11-20T12:00", NY, "2026-11-20T14:00", "Recruiting"),
    S("fast: restaurant, Saturday interview -> Monday", "2026-11-21T15:00", NY, "2026-11-23T09:00", "restaurants"),
    S("fast: cybersecurity, early 07:00 end -> same day 09:00", "2026-11-16T07:00", NY, "2026-11-16T09:00", "cybersecurity"),
    S("fast: AI/ML, 06:30 end -> same day 09:00", "2026-11-17T06:30", NY, "2026-11-17T09:00", "AI/ML"),
    S("fast: private equity, 23:30 end -> next morning", "2026-11-18T23:30", NY, "2026-11-19T09:00", "private equity"),
    S("fast: e-commerce, 08:00 end -> same day 10:00", "2026-11-19T08:00", NY, "2026-11-19T10:00", "e-commerce"),
    S("fast: asset management, 13:55 -> same day 15:55", "2026-11-17T13:55", NY, "2026-11-17T15:55", "Asset Management"),
    S("fast: venture capital, 14:00 sharp -> next morning", "2026-11-18T14:00", NY, "2026-11-19T09:00", "venture capital"),
    S("fast: data, Mon noon -> 14:00", "2026-11-16T12:00", NY, "2026-11-16T14:00", "data"),
    S("fast: edtech, Fri 10:15 -> 12:15", "2026-11-20T10:15", NY, "2026-11-20T12:15", "EdTech"),
    S("fast: healthtech, Thu 15:00 -> Fri morning", "2026-11-19T15:00", NY, "2026-11-20T09:00", "healthtech"),
    S("fast: 10:03 end rounds up to 12:05", "2026-11-16T10:03", NY, "2026-11-16T12:05", "tech"),
    # --- standard fields -------------------------------------------------------------------
    S("standard: pharma, Mon 10:00 -> Tue morning", "2026-11-16T10:00", NY, "2026-11-17T09:00", "pharma"),
    S("standard: biotech, Tue 15:00 -> Wed morning", "2026-11-17T15:00", NY, "2026-11-18T09:00", "Biotech"),
    S("standard: law firm, Wed 11:00 -> Thu morning", "2026-11-18T11:00", NY, "2026-11-19T09:00", "law firm"),
    S("standard: accounting, Thu 16:30 -> Fri morning", "2026-11-19T16:30", NY, "2026-11-20T09:00", "accounting"),
    S("standard: audit, Fri 10:00 -> Mon morning", "2026-11-20T10:00", NY, "2026-11-23T09:00", "audit"),
    S("standard: healthcare, Fri 17:30 -> Mon morning", "2026-11-20T17:30", NY, "2026-11-23T09:00", "healthcare"),
    S("standard: unknown field falls back", "2026-11-17T14:00", NY, "2026-11-18T09:00", "underwater basket weaving"),
    S("standard: 07:00 end belongs to the night before", "2026-11-16T07:00", NY, "2026-11-16T09:00"),
    S("standard: Sunday interview -> Monday", "2026-11-22T11:00", NY, "2026-11-23T09:00"),
    # --- relaxed fields ----------------------------------------------------------------------
    S("relaxed: nonprofit, Tue 15:00 -> Thu morning (42 h)", "2026-11-17T15:00", NY, "2026-11-19T09:00", "nonprofit"),
    S("relaxed: university, Mon 10:00 -> Wed morning (47 h)", "2026-11-16T10:00", NY, "2026-11-18T09:00", "university"),
    S("relaxed: government, Fri 17:30 -> Mon, not Wed", "2026-11-20T17:30", NY, "2026-11-23T09:00", "government"),
    S("relaxed: civil service, Wed 16:00 -> Fri morning", "2026-11-18T16:00", NY, "2026-11-20T09:00", "civil service"),
    S("relaxed: charity, Thu 15:00 -> Fri, not past the weekend", "2026-11-19T15:00", NY, "2026-11-20T09:00", "charity"),
    S("relaxed: higher education, 08:30 -> second morning 48.5 h", "2026-11-17T08:30", NY, "2026-11-19T09:00", "Higher Education"),
    S("relaxed: research institute, Wed noon -> Fri", "2026-11-18T12:00", NY, "2026-11-20T09:00", "research institute"),
    S("relaxed: academia, Mon 18:00 -> Wed", "2026-11-16T18:00", NY, "2026-11-18T09:00", "academia"),
    S("relaxed: public sector in London, Tue -> Thu", "2026-11-17T15:00", LONDON, "2026-11-19T09:00", "public sector"),
    S("relaxed: German professor, Tue afternoon -> Thu", "2026-11-24T15:00", BERLIN, "2026-11-26T09:00", "university"),
    S("relaxed: US university before Thanksgiving -> Wed", "2026-11-24T15:00", NY, "2026-11-25T09:00", "university"),
    S("relaxed: nonprofit the day before Thanksgiving -> Mon", "2026-11-25T15:00", NY, "2026-11-30T09:00", "non profit"),
    S("relaxed: non-profit spelling, Mon 14:00 -> Wed", "2026-11-16T14:00", NY, "2026-11-18T09:00", "Non-Profit"),
    # --- different zones -------------------------------------------------------------------
    S("Berlin candidate, SF interviewer: same SF morning", "2026-11-17T18:00", BERLIN, "2026-11-17T11:00", "software", LA),
    S("SF interview, Berlin recipient: next Berlin morning", "2026-11-17T09:00", LA, "2026-11-18T09:00", "software", BERLIN),
    S("Bangalore candidate, NY recipient, standard", "2026-11-18T20:00", KOLKATA, "2026-11-19T09:00", "insurance", NY),
    S("NY interview, Bangalore recipient, fast", "2026-11-16T10:00", NY, "2026-11-17T09:00", "IT services", KOLKATA),
    S("Sydney candidate, London recipient, fast", "2026-11-16T19:00", SYDNEY, "2026-11-16T10:00", "consulting", LONDON),
    S("London interview, Sydney recipient at 03:00, relaxed", "2026-11-17T16:00", LONDON, "2026-11-19T09:00", "nonprofit", SYDNEY),
    S("Tokyo candidate, NY recipient, fast", "2026-11-18T23:00", TOKYO, "2026-11-18T11:00", "media", NY),
    S("NY interview, Tokyo recipient at 06:00, fast", "2026-11-19T16:00", NY, "2026-11-20T09:00", "technology", TOKYO),
    # --- US federal-only holidays: private firms work, public offices do not --------------
    S("Columbus Day: private software firm works", "2026-10-09T16:00", NY, "2026-10-12T09:00", "software"),
    S("Columbus Day: private insurer works", "2026-10-09T16:00", NY, "2026-10-12T09:00", "insurance"),
    S("Columbus Day: retail works", "2026-10-09T15:00", NY, "2026-10-12T09:00", "retail"),
    S("Columbus Day: Department of Labor is closed", "2026-10-09T16:00", NY, "2026-10-13T09:00", None, company="Department of Labor"),
    S("Veterans Day: private logistics firm works", "2026-11-10T15:00", NY, "2026-11-11T09:00", "logistics"),
    S("Veterans Day: City of Boston is closed", "2026-11-10T15:00", NY, "2026-11-12T09:00", None, company="City of Boston"),
    S("Veterans Day: university hospital is closed", "2026-11-10T15:00", NY, "2026-11-12T09:00", "healthcare", company="University of Michigan Health"),
    S("Veterans Day: foundation is closed", "2026-11-10T15:00", NY, "2026-11-12T09:00", "foundation"),
    S("Remembrance Day: Government of Canada is closed", "2026-11-10T15:00", TORONTO, "2026-11-12T09:00", None, company="Government of Canada"),
    S("Remembrance Day: a Canadian bank works", "2026-11-10T15:00", TORONTO, "2026-11-11T09:00", "bank"),
    # --- Thanksgiving week ---------------------------------------------------------------
    S("Thanksgiving: fast Wed 15:00 -> Fri, the window is too short", "2026-11-25T15:00", NY, "2026-11-27T09:00", "tech"),
    S("Thanksgiving: standard Wed 15:00 -> Mon, skipping the quiet Friday", "2026-11-25T15:00", NY, "2026-11-30T09:00", "insurance"),
    S("Thanksgiving: fast Wed 10:00 -> same day", "2026-11-25T10:00", NY, "2026-11-25T12:00", "sales"),
    S("Thanksgiving: standard Tue 11:00 -> Wed", "2026-11-24T11:00", NY, "2026-11-25T09:00", "engineering"),
    S("Thanksgiving: interview on the quiet Friday, fast -> same day", "2026-11-27T10:00", NY, "2026-11-27T12:00", "software"),
    # --- UK bank holidays ---------------------------------------------------------------
    S("UK: fintech Fri before the August bank holiday -> Tue", "2026-08-28T16:00", LONDON, "2026-09-01T09:00", "fintech"),
    S("UK: law Fri before May Day -> Tue", "2026-05-01T14:00", LONDON, "2026-05-05T09:00", "law"),
    S("UK: charity Thu before Spring bank holiday -> Fri", "2026-05-21T15:00", LONDON, "2026-05-22T09:00", "charity"),
    S("UK: Christmas week, standard Wed 23 Dec -> Tue 29 Dec", "2026-12-23T15:00", LONDON, "2026-12-29T09:00", "marketing"),
    # --- Easter ----------------------------------------------------------------------------
    S("Easter: London software Thu before Good Friday -> Tue", "2026-04-02T16:00", LONDON, "2026-04-07T09:00", "software"),
    S("Easter: Berlin engineering Thu morning -> Tue", "2026-04-02T10:00", BERLIN, "2026-04-07T09:00", "engineering"),
    S("Easter: Good Friday is a US working day", "2026-04-03T11:00", NY, "2026-04-03T13:00", "software"),
    # --- Diwali ----------------------------------------------------------------------------
    S("Diwali 2025 (Mon): Bangalore IT Fri 16:00 -> Tue", "2025-10-17T16:00", KOLKATA, "2025-10-21T09:00", "IT"),
    S("Diwali 2027 (Fri): Bangalore pharma Thu -> Mon", "2027-10-28T15:00", KOLKATA, "2027-11-01T09:00", "pharma"),
    # --- Golden Week ---------------------------------------------------------------------
    S("Golden Week: Tokyo manufacturing Thu 30 Apr -> Fri 1 May", "2026-04-30T15:00", TOKYO, "2026-05-01T09:00", "manufacturing"),
    S("Golden Week: Tokyo software Fri 1 May -> Thu 7 May", "2026-05-01T15:00", TOKYO, "2026-05-07T09:00", "software"),
    S("Golden Week: Tokyo university Tue 28 Apr -> Thu 30 Apr", "2026-04-28T15:00", TOKYO, "2026-04-30T09:00", "university"),
    # --- Ramadan and Eid -------------------------------------------------------------------
    S("Eid al-Fitr: Dubai finance Wed -> Mon", "2026-03-18T15:00", DUBAI, "2026-03-23T09:00", "finance"),
    S("Eid al-Fitr: Riyadh energy Wed -> Wed after", "2026-03-18T15:00", RIYADH, "2026-03-25T09:00", "energy"),
    S("Ramadan is no holiday: Dubai standard Tue -> Wed", "2026-03-03T11:00", DUBAI, "2026-03-04T09:00", "real estate"),
    S("Eid al-Adha: Riyadh banking Mon -> Mon 1 Jun", "2026-05-25T16:00", RIYADH, "2026-06-01T09:00", "banking"),
    # --- Friday-Saturday weekends -------------------------------------------------------
    S("Israel: software Thu 15:00 -> Sunday", "2026-11-19T15:00", JERUSALEM, "2026-11-22T09:00", "software"),
    S("Israel: standard Sun 10:00 -> Mon", "2026-11-22T10:00", JERUSALEM, "2026-11-23T09:00", "insurance"),
    S("Saudi: engineering Wed 16:00 -> Thu", "2026-11-18T16:00", RIYADH, "2026-11-19T09:00", "engineering"),
    S("Saudi: government Wed 15:00 -> Thu, not past the weekend", "2026-11-18T15:00", RIYADH, "2026-11-19T09:00", "government"),
    # --- Christmas week, US -------------------------------------------------------------
    S("Christmas: fast Wed 23 Dec -> Christmas Eve, the window is too short", "2026-12-23T15:00", NY, "2026-12-24T09:00", "software"),
    S("Christmas: standard Wed 23 Dec -> Mon 28, skipping Christmas Eve", "2026-12-23T15:00", NY, "2026-12-28T09:00", "insurance"),
    S("New Year: standard Wed 30 Dec -> Mon 4 Jan, skipping New Year's Eve", "2026-12-30T15:00", NY, "2027-01-04T09:00", "insurance"),
    S("Christmas week: fast Mon 21 Dec morning -> same day", "2026-12-21T10:00", NY, "2026-12-21T12:00", "software"),
    # --- decisions due the same day or the next morning (TIMING-003) -----------------------
    S("decision today: standard 10:00 -> 11:00", "2026-11-17T10:00", NY, "2026-11-17T11:00", "insurance", decision_by="2026-11-17"),
    S("decision tomorrow: relaxed 15:00 -> 16:00", "2026-11-17T15:00", NY, "2026-11-17T16:00", "nonprofit", decision_by="2026-11-18"),
    S("decision tomorrow, late end -> 08:00 next morning", "2026-11-17T17:30", NY, "2026-11-18T08:00", "insurance", decision_by="2026-11-18"),
    S("decision Monday after a Friday -> Friday 16:00", "2026-11-20T15:00", NY, "2026-11-20T16:00", "insurance", decision_by="2026-11-23"),
    S("decision in two days: the pace applies", "2026-11-17T15:00", NY, "2026-11-18T09:00", "insurance", decision_by="2026-11-19"),
    # --- informational meetings (TIMING-006) --------------------------------------------
    S("informational: fast field, morning -> same day", "2026-11-17T10:00", NY, "2026-11-17T12:00", "software", informational=True),
    S("informational: nonprofit Tue -> Thu", "2026-11-17T15:00", NY, "2026-11-19T09:00", "nonprofit", informational=True),
)
# fmt: on
