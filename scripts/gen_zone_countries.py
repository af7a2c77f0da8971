"""Regenerate src/followup/domain/records/zone_countries.py from the installed tzdata's zone.tab."""

import importlib.resources
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src/followup/domain/records/zone_countries.py"


def main() -> None:
    text = (importlib.resources.files("tzdata") / "zoneinfo" / "zone.tab").read_text()
    pairs = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        country, _coords, zone = line.split("\t")[:3]
        pairs[zone] = country
    lines = [
        '"""IANA zone -> ISO 3166 country, from tzdata\'s zone.tab'
        ' (scripts/gen_zone_countries.py)."""',
        "",
        "ZONE_COUNTRY: dict[str, str] = {",
        *(f'    "{zone}": "{pairs[zone]}",' for zone in sorted(pairs)),
        "}",
    ]
    OUT.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
