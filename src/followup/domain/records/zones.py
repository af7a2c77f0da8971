"""Time zones: IANA names checked, Windows names mapped, a zone's country derived, and
local times read honestly across DST gaps and folds."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from followup.domain.errors import ValidationError
from followup.domain.records.zone_countries import ZONE_COUNTRY

if TYPE_CHECKING:
    from followup.domain.records.model import Company, Contact, Profile

# CLDR windowsZones.xml, territory "001": what Outlook and Exchange write as a TZID.
WINDOWS_ZONES: dict[str, str] = {
    "Dateline Standard Time": "Etc/GMT+12",
    "UTC-11": "Etc/GMT+11",
    "Aleutian Standard Time": "America/Adak",
    "Hawaiian Standard Time": "Pacific/Honolulu",
    "Marquesas Standard Time": "Pacific/Marquesas",
    "Alaskan Standard Time": "America/Anchorage",
    "UTC-09": "Etc/GMT+9",
    "Pacific Standard Time (Mexico)": "America/Tijuana",
    "UTC-08": "Etc/GMT+8",
    "Pacific Standard Time": "America/Los_Angeles",
    "US Mountain Standard Time": "America/Phoenix",
    "Mountain Standard Time (Mexico)": "America/Mazatlan",
    "Mountain Standard Time": "America/Denver",
    "Yukon Standard Time": "America/Whitehorse",
    "Central America Standard Time": "America/Guatemala",
    "Central Standard Time": "America/Chicago",
    "Easter Island Standard Time": "Pacific/Easter",
    "Central Standard Time (Mexico)": "America/Mexico_City",
    "Canada Central Standard Time": "America/Regina",
    "SA Pacific Standard Time": "America/Bogota",
    "Eastern Standard Time (Mexico)": "America/Cancun",
    "Eastern Standard Time": "America/New_York",
    "Haiti Standard Time": "America/Port-au-Prince",
    "Cuba Standard Time": "America/Havana",
    "US Eastern Standard Time": "America/Indianapolis",
    "Turks And Caicos Standard Time": "America/Grand_Turk",
    "Paraguay Standard Time": "America/Asuncion",
    "Atlantic Standard Time": "America/Halifax",
    "Venezuela Standard Time": "America/Caracas",
    "Central Brazilian Standard Time": "America/Cuiaba",
    "SA Western Standard Time": "America/La_Paz",
    "Pacific SA Standard Time": "America/Santiago",
    "Newfoundland Standard Time": "America/St_Johns",
    "Tocantins Standard Time": "America/Araguaina",
    "E. South America Standard Time": "America/Sao_Paulo",
    "SA Eastern Standard Time": "America/Cayenne",
    "Argentina Standard Time": "America/Buenos_Aires",
    "Greenland Standard Time": "America/Godthab",
    "Montevideo Standard Time": "America/Montevideo",
    "Magallanes Standard Time": "America/Punta_Arenas",
    "Saint Pierre Standard Time": "America/Miquelon",
    "Bahia Standard Time": "America/Bahia",
    "UTC-02": "Etc/GMT+2",
    "Azores Standard Time": "Atlantic/Azores",
    "Cape Verde Standard Time": "Atlantic/Cape_Verde",
    "UTC": "Etc/UTC",
    "Coordinated Universal Time": "Etc/UTC",
    "GMT Standard Time": "Europe/London",
    "Greenwich Standard Time": "Atlantic/Reykjavik",
    "Sao Tome Standard Time": "Africa/Sao_Tome",
    "Morocco Standard Time": "Africa/Casablanca",
    "W. Europe Standard Time": "Europe/Berlin",
    "Central Europe Standard Time": "Europe/Budapest",
    "Romance Standard Time": "Europe/Paris",
    "Central European Standard Time": "Europe/Warsaw",
    "W. Central Africa Standard Time": "Africa/Lagos",
    "Jordan Standard Time": "Asia/Amman",
    "GTB Standard Time": "Europe/Bucharest",
    "Middle East Standard Time": "Asia/Beirut",
    "Egypt Standard Time": "Africa/Cairo",
    "E. Europe Standard Time": "Europe/Chisinau",
    "Syria Standard Time": "Asia/Damascus",
    "West Bank Standard Time": "Asia/Hebron",
    "South Africa Standard Time": "Africa/Johannesburg",
    "FLE Standard Time": "Europe/Kiev",
    "Israel Standard Time": "Asia/Jerusalem",
    "South Sudan Standard Time": "Africa/Juba",
    "Kaliningrad Standard Time": "Europe/Kaliningrad",
    "Sudan Standard Time": "Africa/Khartoum",
    "Libya Standard Time": "Africa/Tripoli",
    "Namibia Standard Time": "Africa/Windhoek",
    "Arabic Standard Time": "Asia/Baghdad",
    "Turkey Standard Time": "Europe/Istanbul",
    "Arab Standard Time": "Asia/Riyadh",
    "Belarus Standard Time": "Europe/Minsk",
    "Russian Standard Time": "Europe/Moscow",
    "E. Africa Standard Time": "Africa/Nairobi",
    "Volgograd Standard Time": "Europe/Volgograd",
    "Iran Standard Time": "Asia/Tehran",
    "Arabian Standard Time": "Asia/Dubai",
    "Astrakhan Standard Time": "Europe/Astrakhan",
    "Azerbaijan Standard Time": "Asia/Baku",
    "Russia Time Zone 3": "Europe/Samara",
    "Mauritius Standard Time": "Indian/Mauritius",
    "Saratov Standard Time": "Europe/Saratov",
    "Georgian Standard Time": "Asia/Tbilisi",
    "Caucasus Standard Time": "Asia/Yerevan",
    "Afghanistan Standard Time": "Asia/Kabul",
    "West Asia Standard Time": "Asia/Tashkent",
    "Ekaterinburg Standard Time": "Asia/Yekaterinburg",
    "Pakistan Standard Time": "Asia/Karachi",
    "Qyzylorda Standard Time": "Asia/Qyzylorda",
    "India Standard Time": "Asia/Kolkata",
    "Sri Lanka Standard Time": "Asia/Colombo",
    "Nepal Standard Time": "Asia/Kathmandu",
    "Central Asia Standard Time": "Asia/Almaty",
    "Bangladesh Standard Time": "Asia/Dhaka",
    "Omsk Standard Time": "Asia/Omsk",
    "Myanmar Standard Time": "Asia/Yangon",
    "SE Asia Standard Time": "Asia/Bangkok",
    "Altai Standard Time": "Asia/Barnaul",
    "W. Mongolia Standard Time": "Asia/Hovd",
    "North Asia Standard Time": "Asia/Krasnoyarsk",
    "N. Central Asia Standard Time": "Asia/Novosibirsk",
    "Tomsk Standard Time": "Asia/Tomsk",
    "China Standard Time": "Asia/Shanghai",
    "North Asia East Standard Time": "Asia/Irkutsk",
    "Singapore Standard Time": "Asia/Singapore",
    "W. Australia Standard Time": "Australia/Perth",
    "Taipei Standard Time": "Asia/Taipei",
    "Ulaanbaatar Standard Time": "Asia/Ulaanbaatar",
    "Aus Central W. Standard Time": "Australia/Eucla",
    "Transbaikal Standard Time": "Asia/Chita",
    "Tokyo Standard Time": "Asia/Tokyo",
    "North Korea Standard Time": "Asia/Pyongyang",
    "Korea Standard Time": "Asia/Seoul",
    "Yakutsk Standard Time": "Asia/Yakutsk",
    "Cen. Australia Standard Time": "Australia/Adelaide",
    "AUS Central Standard Time": "Australia/Darwin",
    "E. Australia Standard Time": "Australia/Brisbane",
    "AUS Eastern Standard Time": "Australia/Sydney",
    "West Pacific Standard Time": "Pacific/Port_Moresby",
    "Tasmania Standard Time": "Australia/Hobart",
    "Vladivostok Standard Time": "Asia/Vladivostok",
    "Lord Howe Standard Time": "Australia/Lord_Howe",
    "Bougainville Standard Time": "Pacific/Bougainville",
    "Russia Time Zone 10": "Asia/Srednekolymsk",
    "Magadan Standard Time": "Asia/Magadan",
    "Norfolk Standard Time": "Pacific/Norfolk",
    "Sakhalin Standard Time": "Asia/Sakhalin",
    "Central Pacific Standard Time": "Pacific/Guadalcanal",
    "Russia Time Zone 11": "Asia/Kamchatka",
    "New Zealand Standard Time": "Pacific/Auckland",
    "UTC+12": "Etc/GMT-12",
    "Fiji Standard Time": "Pacific/Fiji",
    "Chatham Islands Standard Time": "Pacific/Chatham",
    "UTC+13": "Etc/GMT-13",
    "Tonga Standard Time": "Pacific/Tongatapu",
    "Samoa Standard Time": "Pacific/Apia",
    "Line Islands Standard Time": "Pacific/Kiritimati",
}

_ALIASES = {"utc": "UTC", "z": "UTC", "gmt": "GMT"}

# Abbreviations people type for a zone. The tz database keeps a few of them ("EST", "MST",
# "HST", "EST5EDT") as legacy zones with a fixed offset or US rules from before 2007:
# accepting them would put "EST" an hour off all summer. Each is refused with the zone
# it most often means.
ABBREVIATIONS: dict[str, str] = {
    "est": "America/New_York", "edt": "America/New_York", "et": "America/New_York",
    "est5edt": "America/New_York", "cst": "America/Chicago", "cdt": "America/Chicago",
    "ct": "America/Chicago", "cst6cdt": "America/Chicago", "mst": "America/Denver",
    "mdt": "America/Denver", "mt": "America/Denver", "mst7mdt": "America/Denver",
    "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles", "pt": "America/Los_Angeles",
    "pst8pdt": "America/Los_Angeles", "hst": "Pacific/Honolulu", "akst": "America/Anchorage",
    "bst": "Europe/London", "cet": "Europe/Paris", "cest": "Europe/Paris",
    "met": "Europe/Paris", "eet": "Europe/Athens", "eest": "Europe/Athens",
    "wet": "Europe/Lisbon", "west": "Europe/Lisbon", "ist": "Asia/Kolkata",
    "jst": "Asia/Tokyo", "kst": "Asia/Seoul", "sgt": "Asia/Singapore",
    "hkt": "Asia/Hong_Kong", "aest": "Australia/Sydney", "aedt": "Australia/Sydney",
    "acst": "Australia/Adelaide", "awst": "Australia/Perth", "nzst": "Pacific/Auckland",
    "nzdt": "Pacific/Auckland", "brt": "America/Sao_Paulo", "art": "America/Buenos_Aires",
    "gst": "Asia/Dubai", "pkt": "Asia/Karachi", "wib": "Asia/Jakarta",
}  # fmt: skip


@lru_cache(maxsize=512)
def zone(name: str, field: str = "tz") -> zoneinfo.ZoneInfo:
    """Return the zone for an IANA or Windows name, or raise ValidationError naming `field`."""
    key = check_zone(name, field)
    return zoneinfo.ZoneInfo(key)


@lru_cache(maxsize=512)
def check_zone(name: str, field: str = "tz") -> str:
    """Return the canonical IANA key for `name` (IANA or Windows), or raise ValidationError."""
    raw = name.strip()
    if not raw:
        raise ValidationError(field, "a time zone is required, e.g. Europe/London")
    if raw.casefold() in ABBREVIATIONS:
        suggestion = ABBREVIATIONS[raw.casefold()]
        raise ValidationError(
            field,
            f"{raw!r} is an abbreviation, not a time zone: it does not follow daylight "
            f"saving the way the place does; use an IANA name such as {suggestion}",
        )
    # An IANA name wins over a Windows name spelled the same ("UTC" is both).
    for key in (_ALIASES.get(raw.lower(), raw), WINDOWS_ZONES.get(raw)):
        if key and _loads(key):
            return key
    raise ValidationError(
        field, f"unknown time zone {raw!r} (use an IANA name such as America/New_York)"
    )


def _loads(key: str) -> bool:
    """True when `key` names a zone in the database (path-like keys never do)."""
    # ZoneInfo accepts some path-like keys; refuse anything that is not a plain zone name.
    if key.startswith(("/", ".")) or ".." in key or "\\" in key or "\x00" in key:
        return False
    try:
        zoneinfo.ZoneInfo(key)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def zone_country(key: str) -> str | None:
    """The ISO country of an IANA zone when the zone belongs to exactly one country."""
    return ZONE_COUNTRY.get(check_zone(key))


def label(key: str) -> str:
    """A zone for people: its IANA name, but fixed offsets as "UTC−05:00", never the POSIX
    "Etc/GMT+5", whose sign is inverted."""
    if key in ("UTC", "Etc/UTC", "GMT", "Etc/GMT", "Z"):
        return "UTC"
    if key.startswith("Etc/GMT") and key[7:]:
        return offset_label(-timedelta(hours=int(key[7:])))
    return key


def offset_label(offset: timedelta) -> str:
    """ "UTC+05:30", "UTC−05:00" (a true minus sign), "UTC" for zero."""
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def localize(wall: datetime, key: str) -> tuple[datetime, str]:
    """A wall-clock time in zone `key`, made aware, with a note when the clock makes it
    ambiguous: a time inside a DST gap (it never happens) is moved forward by the gap;
    a time inside a fold (it happens twice) takes the first occurrence, and says so."""
    tz = zoneinfo.ZoneInfo(key)
    wall = wall.replace(tzinfo=None)
    first, second = wall.replace(tzinfo=tz, fold=0), wall.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first, ""
    when = wall.strftime("%H:%M on %Y-%m-%d")
    if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != wall:
        moved = first.astimezone(UTC).astimezone(tz)
        return moved, (
            f"{when} does not exist in {key} (the clocks go forward); "
            f"read as {moved.strftime('%H:%M')} {offset_label(moved.utcoffset() or timedelta())}"
        )
    other = second.utcoffset() or timedelta()
    return first, (
        f"{when} happens twice in {key} (the clocks go back); took the first, "
        f"{offset_label(first.utcoffset() or timedelta())}; for the second, "
        f"give the offset: {wall.strftime('%Y-%m-%dT%H:%M')}{_iso_offset(other)}"
    )


def _iso_offset(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def recipient_zone(
    contact: Contact | None,
    company: Company | None,
    profile: Profile | None,
    interview_tz: str = "",
) -> str:
    """The recipient's zone: the contact's, else the company's, else the zone the interview
    was held in, else the candidate's, else UTC."""
    for candidate in (
        contact.tz if contact else "",
        company.tz if company else "",
        interview_tz,
        profile.tz if profile else "",
    ):
        if candidate:
            try:
                return check_zone(candidate)
            except ValidationError:
                continue  # a bad stored zone falls through to the next one
    return "UTC"


def recipient_country(contact: Contact | None, company: Company | None, zone_key: str) -> str:
    """The recipient's holiday country: the contact's, else the company's, else the zone's."""
    if contact and contact.country:
        return contact.country
    if company and company.country:
        return company.country
    return zone_country(zone_key) or ""
