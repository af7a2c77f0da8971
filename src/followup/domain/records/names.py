"""A person's name as a structure: honorific, given and family names, their order, and the
exact salutation a greeting uses (CONTENT-008, LINT-002).

Typed fields win. Without them, `parse()` reads the one `name` string carefully: honorifics
and academic titles in front ("Dr.", "Prof. Dr."), suffixes behind ("Jr.", "III", "PhD"),
initials, particles that belong to the family name ("van", "de la", "Al", "bin"), Spanish
and Portuguese double surnames, and family-first order. Countries and e-mail addresses are
only hints for the order; gender is never guessed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from followup.domain.errors import ValidationError
from followup.domain.records import fields


class NameOrder(StrEnum):
    """How the name is written: given name first (the default) or family name first."""

    GIVEN_FIRST = "given-first"
    FAMILY_FIRST = "family-first"


# Courtesy honorifics, by the spelling we write; academic ones are kept apart because a
# formal greeting may use them even when no courtesy honorific is on record.
COURTESY = {
    "mr": "Mr.",
    "mrs": "Mrs.",
    "ms": "Ms.",
    "miss": "Miss",
    "mx": "Mx.",
    "sir": "Sir",
    "dame": "Dame",
    "herr": "Herr",
    "frau": "Frau",
    "sr": "Sr.",
    "sra": "Sra.",
    "srta": "Srta.",
    "m": "M.",
    "mme": "Mme",
    "mlle": "Mlle",
}
ACADEMIC = {"dr": "Dr.", "prof": "Prof.", "professor": "Professor", "doctor": "Dr."}
SUFFIXES = {
    "jr", "sr", "ii", "iii", "iv", "v", "phd", "ph.d", "md", "m.d", "esq", "mba", "cpa",
    "dds", "jd", "obe", "mbe", "cbe", "frs", "msc", "bsc",
}  # fmt: skip
# Words that open a family name ("Ludwig van Beethoven", "Ahmed Al Mansouri").
PARTICLES = {
    "van", "von", "vom", "zu", "der", "den", "de", "del", "della", "di", "da", "das", "dos",
    "do", "du", "des", "la", "le", "lo", "bin", "binti", "bint", "ibn", "al", "el", "ter",
    "ten", "af", "av", "st", "st.", "mac", "ap", "ó", "o'", "abu", "ben",
}  # fmt: skip
# Countries whose names are usually written family name first, in their own script and
# often in Latin letters too; only a hint, overruled by typed fields, CAPS and the address.
FAMILY_FIRST_COUNTRIES = {"JP", "CN", "KR", "KP", "TW", "HK", "MO", "HU", "VN", "SG", "MN"}
# ... and those where a given name is not how a friendly note greets a stranger.
FORMAL_ONLY_COUNTRIES = {"JP", "KR", "CN", "TW", "HK", "MO"}
# A company's country hints the order of its people's names only where the norm is strong.
FAMILY_NORM = FORMAL_ONLY_COUNTRIES
DOUBLE_SURNAME_COUNTRIES = {
    "ES", "MX", "AR", "CO", "CL", "PE", "VE", "EC", "GT", "CU", "BO", "DO", "HN", "PY",
    "SV", "NI", "CR", "PA", "UY", "PR", "PT", "BR", "AO", "MZ",
}  # fmt: skip
# Compound given names common in Spanish and Portuguese: "José Luis Rodríguez" is José Luis.
COMPOUND_GIVEN = {
    "josé luis", "jose luis", "juan carlos", "maría josé", "maria jose", "josé maría",
    "jose maria", "juan pablo", "ana maría", "ana maria", "maría luisa", "maria luisa",
    "luis miguel", "miguel ángel", "miguel angel", "juan josé", "juan jose", "josé antonio",
    "jose antonio", "francisco javier", "maría carmen", "maria carmen", "josé manuel",
    "jose manuel", "juan manuel", "maría fernanda", "maria fernanda", "ana paula",
    "maria eduarda", "joão pedro", "joao pedro", "ana luísa", "ana luisa", "maría elena",
    "maria elena", "juan antonio", "josé carlos", "jose carlos", "luis fernando",
}  # fmt: skip
_SPANISH_LETTERS = set("áéíóúñãõçâêôàü")
# The commonest Japanese family names, in their usual romanisation: "Tanaka Hiroshi" is
# family-first even when no country is on record. Japanese given names rarely collide
# with them; names that double as Western given names ("Abe") are left out.
JAPANESE_FAMILY = {
    "sato", "suzuki", "takahashi", "tanaka", "watanabe", "ito", "yamamoto", "nakamura",
    "kobayashi", "kato", "yoshida", "yamada", "sasaki", "yamaguchi", "matsumoto", "inoue",
    "kimura", "hayashi", "shimizu", "yamazaki", "ikeda", "hashimoto", "yamashita",
    "ishikawa", "nakajima", "maeda", "fujita", "ogawa", "goto", "okada", "hasegawa",
    "murakami", "kondo", "ishii", "saito", "sakamoto", "endo", "aoki", "fujii", "nishimura",
    "fukuda", "miura", "fujiwara", "okamoto", "matsuda", "nakagawa", "nakano", "harada",
    "tamura", "takeuchi", "kaneko", "wada", "nakayama", "ishida", "ueda", "morita",
    "shibata", "sakai", "kudo", "yokoyama", "miyazaki", "miyamoto", "uchida", "takagi",
    "ando", "taniguchi", "maruyama", "imai", "takada", "fujimoto", "takeda", "murata",
    "ueno", "sugiyama", "masuda", "sugawara", "hirano", "otsuka", "chiba", "kubo", "matsui",
    "iwasaki", "sakurai", "kinoshita", "noguchi", "matsuo", "nomura", "kikuchi", "sano",
    "onishi", "sugimoto", "arai", "yamanaka", "takeshita", "nishida",
}  # fmt: skip


HONORIFIC_MAX = 40  # "Prof. Dr. Dr. h.c." fits; a sentence does not
PART_MAX = 100


def check_part(field: str, value: str, *, limit: int = PART_MAX) -> str:
    """One typed name part (honorific, given or family name, salutation), checked the same
    on every path: one line, no angle brackets (they would read as a placeholder or an
    address in "Dear ...,"), short; "" clears it."""
    fields.one_line(field, value)
    if "<" in value or ">" in value:
        raise ValidationError(field, "must not contain < or >")
    return fields.line(field, value, limit=limit)


def check_order(field: str, value: str) -> NameOrder:
    """`given-first` or `family-first`; "" is the default, given-first."""
    text = value.strip().lower()
    if not text:
        return NameOrder.GIVEN_FIRST
    try:
        return NameOrder(text)
    except ValueError:
        raise ValidationError(field, f"{value!r} is not given-first or family-first") from None


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonName:
    """One person's name, in parts. `full` is the name as recorded."""

    full: str
    honorific: str = ""  # courtesy or academic, as written: "Ms.", "Dr.", "Prof. Dr."
    given: str = ""
    family: str = ""
    suffix: str = ""
    order: NameOrder = NameOrder.GIVEN_FIRST
    salutation: str = ""  # the exact words after "Dear", when the user gave them

    @property
    def academic(self) -> str:
        """The academic title within the honorific: "Professor", "Dr." or ""."""
        words = {_key(w) for w in self.honorific.split()}
        if words & {"prof", "professor"}:
            return "Professor"
        if words & {"dr", "doctor"}:
            return "Dr."
        return ""

    @property
    def courtesy(self) -> str:
        """The courtesy honorific within the honorific ("Ms.", "Herr"), or ""."""
        for word in self.honorific.split():
            if _key(word) in COURTESY:
                return COURTESY[_key(word)]
        return ""

    @property
    def display(self) -> str:
        """The name without honorific or suffix, in its own order."""
        parts = (
            (self.family, self.given)
            if self.order is NameOrder.FAMILY_FIRST
            else (self.given, self.family)
        )
        return " ".join(p for p in parts if p) or self.full

    @property
    def greeting_given(self) -> str:
        """The given name a friendly greeting uses: a compound given name whole ("María
        José"), otherwise the first that is not an initial ("J. Robert" -> "Robert");
        empty when every given name is an initial."""
        if self.given.casefold() in COMPOUND_GIVEN:
            return self.given
        return next((w for w in self.given.split() if not _is_initial(w)), "")


@dataclass(frozen=True, slots=True)
class Salutation:
    """What follows "Dear", and which field would improve it when it fell back."""

    name: str
    missing: str = ""  # e.g. "honorific": the draft says so


def parse(
    name: str,
    *,
    honorific: str = "",
    given_name: str = "",
    family_name: str = "",
    name_order: str = "",
    salutation: str = "",
    country: str = "",
    email: str = "",
) -> PersonName:
    """Read a name into its parts; typed parts win over what the string suggests."""
    full = " ".join(name.split())
    tokens = full.replace(",", " , ").split()
    title_words: list[str] = []
    while len(tokens) > 1 and _key(tokens[0]) in {**COURTESY, **ACADEMIC}:
        title_words.append(tokens.pop(0))
    suffix_words: list[str] = []
    while len(tokens) > 1 and (_key(tokens[-1]) in SUFFIXES or tokens[-1] == ","):
        word = tokens.pop()
        if word != ",":
            suffix_words.insert(0, word)
    tokens = [t for t in tokens if t != ","]
    order = _order(tokens, name_order, country, email)
    given, family = _split(tokens, order, country)
    if order is NameOrder.FAMILY_FIRST and family.isupper() and len(family) > 1:
        family = family.capitalize()  # "TANAKA Hiroshi": the capitals only marked the part
    return PersonName(
        full=full,
        honorific=" ".join(honorific.split()) or " ".join(title_words),
        given=" ".join(given_name.split()) or given,
        family=" ".join(family_name.split()) or family,
        suffix=" ".join(suffix_words),
        order=order,
        salutation=" ".join(salutation.split()),
    )


def formal(person: PersonName) -> Salutation:
    """CONTENT-008's formal greeting: "Mr. Tanaka", "Dr. Weber", "Professor Müller",
    "Ms. García López"; the full name when no honorific is known (never guessed)."""
    if person.salutation:
        return Salutation(person.salutation)
    if person.family:
        if person.academic == "Professor":
            return Salutation(f"Professor {person.family}")
        if person.courtesy:
            return Salutation(f"{person.courtesy} {person.family}")
        if person.academic:
            return Salutation(f"Dr. {person.family}")
        if person.honorific:  # a short title of the user's own ("Rev.", "Capt.")
            return Salutation(f"{person.honorific} {person.family}")
    return Salutation(person.display, missing="honorific")


def friendly(person: PersonName, country: str = "") -> Salutation:
    """A friendly greeting: the given name where that is the norm, the formal form where it
    is not (Japan, Korea, China) or where only initials are known."""
    if person.salutation:
        return Salutation(person.salutation)
    formal_only = country.upper() in FORMAL_ONLY_COUNTRIES
    if person.order is NameOrder.FAMILY_FIRST or formal_only:
        return formal(person)
    given = person.greeting_given
    return Salutation(given) if given else formal(person)


@lru_cache(maxsize=512)
def forms(person: PersonName) -> frozenset[str]:
    """Every way a greeting may name this person correctly, folded for comparison
    (`fold`): given, full and display names, honorific or title + family name, family
    name + Japanese or Korean suffix, and the salutation. A bare family name and an
    honorific with the given name are not among them."""
    found: set[str] = set()
    given = [g for g in person.given.split() if not _is_initial(g)]
    found.update(given)
    if given:
        found.add(" ".join(given))
    for value in (person.display, person.full, person.salutation, person.given):
        if value:
            found.add(value)
    if person.family:
        family = person.family
        found.add(f"{person.given} {family}".strip())
        found.add(f"{family} {person.given}".strip())
        titles = {*COURTESY.values(), *ACADEMIC.values(), "Prof", "Dr", "Mr", "Ms", "Mrs"}
        if person.honorific:
            titles.add(person.honorific)
        for title in titles:
            found.add(f"{title} {family}")
            for academic in ("Professor", "Prof.", "Dr.", "Professor Dr.", "Prof. Dr."):
                found.add(f"{title} {academic} {family}")
        for tail in ("-san", " san", "-sama", "-sensei", " sensei", "-ssi", " ssi", " nim"):
            found.add(f"{family}{tail}")
    return frozenset(fold(f) for f in found if f)


def fold(text: str) -> str:
    """Fold a name for comparison: case, accents and their ASCII transliterations
    ("Müller" = "Mueller" = "Muller", "Strauß" = "Strauss", "Søren" = "Soeren")."""
    text = text.casefold().replace("’", "'")
    for a, b in (("ß", "ss"), ("æ", "ae"), ("ø", "o"), ("œ", "oe"), ("å", "a"), ("ł", "l")):
        text = text.replace(a, b)
    text = text.replace("ue", "u").replace("oe", "o").replace("ae", "a")
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.replace(".", "").split())


def _order(tokens: list[str], typed: str, country: str, email: str) -> NameOrder:
    if typed:
        return NameOrder(typed)
    if len(tokens) != 2:
        return NameOrder.GIVEN_FIRST
    first, second = tokens
    # "TANAKA Hiroshi": capitals mark the family name, a convention in Japan and France.
    if first.isupper() and len(first) > 1 and not second.isupper():
        return NameOrder.FAMILY_FIRST
    if second.isupper() and len(second) > 1 and not first.isupper():
        return NameOrder.GIVEN_FIRST
    # hiroshi.tanaka@ for "Tanaka Hiroshi" says the order the person uses in Latin
    # letters. An address in the written order says less: Japanese firms often write
    # family.given, so a common Japanese family name in front still wins over it.
    local = [fold(p) for p in email.partition("@")[0].replace("_", ".").split(".")]
    if len(local) == 2 and [fold(second), fold(first)] == local:
        return NameOrder.FAMILY_FIRST
    if fold(first) in JAPANESE_FAMILY and fold(second) not in JAPANESE_FAMILY:
        return NameOrder.FAMILY_FIRST
    if fold(second) in JAPANESE_FAMILY and fold(first) not in JAPANESE_FAMILY:
        return NameOrder.GIVEN_FIRST  # "Hiroshi Tanaka": written the Western way
    if len(local) == 2 and [fold(first), fold(second)] == local:
        return NameOrder.GIVEN_FIRST
    if country.upper() in FAMILY_FIRST_COUNTRIES:
        return NameOrder.FAMILY_FIRST
    return NameOrder.GIVEN_FIRST


def _split(tokens: list[str], order: NameOrder, country: str) -> tuple[str, str]:
    """(given, family) from the name's words, without honorific or suffix."""
    if not tokens:
        return "", ""
    if len(tokens) == 1:
        return tokens[0], ""
    if order is NameOrder.FAMILY_FIRST:
        return " ".join(tokens[1:]), tokens[0]
    # The family name starts at its first particle ("Ahmed Al Mansouri", "Vincent van
    # Gogh", "María de la Cruz"), but never at the first word.
    for i in range(1, len(tokens) - 1):
        if _key(tokens[i]) in PARTICLES or tokens[i].casefold().startswith(("al-", "el-")):
            return " ".join(tokens[:i]), " ".join(tokens[i:])
    if _double_surname(tokens, country):
        pair = " ".join(tokens[:2]).casefold()
        cut = 2 if len(tokens) >= 4 or (len(tokens) == 3 and pair in COMPOUND_GIVEN) else 1
        if len(tokens) - cut >= 1:
            return " ".join(tokens[:cut]), " ".join(tokens[cut:])
    return " ".join(tokens[:-1]), tokens[-1]


def _double_surname(tokens: list[str], country: str) -> bool:
    if len(tokens) < 3 or any(_is_initial(t) for t in tokens):
        return False
    if country.upper() in DOUBLE_SURNAME_COUNTRIES:
        return True
    # No country on record: Spanish or Portuguese letters in a name of three or more words.
    return any(c in _SPANISH_LETTERS for c in " ".join(tokens).casefold())


def _is_initial(word: str) -> bool:
    bare = word.replace(".", "")
    return len(bare) == 1 or (word.endswith(".") and len(bare) <= 2 and bare.isupper())


def _key(word: str) -> str:
    return word.casefold().rstrip(".")
