"""The wrong-name rule (LINT-002, CONTENT-008): the greeting and the spelling of names."""

from __future__ import annotations

import difflib
import re

from followup.domain.records import names
from followup.domain.writing.context import Person
from followup.domain.writing.lint import prose as analysis
from followup.domain.writing.lint.lexicon import facts as facts_words
from followup.domain.writing.lint.run import Run, check
from followup.domain.writing.people import name_of

_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "phd"})
_NOT_NAMES = facts_words.TITLES | _SUFFIXES  # words of a recorded name that a greeting may drop
# Greeting a role or nobody in particular, wrong when the name is on record (a team
# greeting addresses a group, and stays allowed).
_ROLE_GREETINGS = frozenset(
    {
        "hiring manager",
        "recruiter",
        "sir or madam",
        "sir/madam",
        "to whom it may concern",
        "whom it may concern",
    }
)


@check("wrong-name", "generic-salutation", "honorific-given-name", "bare-family-name")
def wrong_name(run: Run) -> None:
    ctx = run.ctx
    if ctx is None or ctx.recipient is None:
        return
    recipient = ctx.recipient
    greeting = run.body.greeting
    if greeting and analysis.norm(_as_written(run, greeting)) in _ROLE_GREETINGS:
        _generic(run, greeting, recipient)
    elif (
        greeting
        and greeting.name
        and analysis.norm(greeting.name) not in facts_words.NOT_NAMES
        and not re.search(r"[\[\]{}<>_%$]", greeting.name)
        and analysis.norm(greeting.name).rstrip(".") not in facts_words.TITLES
    ):
        _check_greeting(run, greeting, recipient)
    else:
        _generic(run, greeting, recipient)
    if run.matcher is None or not run.on("wrong-name"):
        return
    start_at = greeting.line_end if greeting else 0
    for person in run.people:
        for token in _name_words(person.name):
            if len(token) < 3:
                continue
            _misspelled_token(run, token, person, start_at)
        _half_right(run, person, start_at)


def _check_greeting(run: Run, greeting: analysis.Greeting, recipient: Person) -> None:
    said = greeting.name
    written = _as_written(run, greeting)
    parsed = name_of(recipient)
    if parsed.salutation and names.fold(written) == names.fold(parsed.salutation):
        return  # the form the user recorded for this person ("Ms. Mai", "Tanaka-san")
    span = (greeting.word_start + len(greeting.word) + 1, greeting.name_end)
    better = f"Write “{greeting.word} {names.formal(parsed).name},”."
    if _honorific_with_given(written, parsed):
        if run.on("honorific-given-name"):
            run.emit(
                "honorific-given-name", *span, f"“{written}” pairs a title with the given name",
                better,
            )  # fmt: skip
        return
    wrong_form = _wrong_form(written, said, parsed)
    if wrong_form:
        if run.on("wrong-name"):
            run.emit("wrong-name", *span, f"“{written}” {wrong_form}", better)
        return
    if _bare_family(written, parsed):
        if run.on("bare-family-name"):
            run.emit("bare-family-name", *span, f"“{written}” is the family name alone", better)
        return
    # Every correct form (LINT-002, CONTENT-008): "Tanaka-san", "Professor Mueller" for
    # Müller, "Frau Professor Müller", the salutation on record.
    correct = names.forms(parsed)
    if names.fold(written) in correct or names.fold(said) in correct:
        return
    if _names(said, recipient):
        return
    if not run.on("wrong-name"):
        return
    span = (greeting.name_start, greeting.name_end)
    for other in run.people[1:]:
        if _names(said, other):
            run.emit(
                "wrong-name",
                *span,
                f"greets {other.name}, but this note is for {recipient.name}",
                f"Write “{greeting.word} {given_name(recipient)},”.",
            )
            return
    words = _name_words(recipient.name)
    forms = [" ".join(words), *words]
    best = (
        max((run.matcher.similarity(analysis.norm(said), f) for f in forms), default=0.0)
        if run.matcher
        else 0.0
    )
    if best >= 0.7:
        run.emit(
            "wrong-name",
            *span,
            f"“{said}” misspells the recipient's name ({recipient.name})",
            f"Write “{greeting.word} {_closest(said, recipient)},”.",
        )
    else:
        run.emit(
            "wrong-name",
            *span,
            f"greets {said}, but this note is for {recipient.name}",
            f"Write “{greeting.word} {given_name(recipient)},”.",
        )


def _misspelled_token(run: Run, token: str, person: Person, start_at: int) -> None:
    assert run.matcher is not None
    for m, key in run.capitalised:
        if m.start() < start_at:
            continue
        found = m.group()
        if key == token or key[:1] != token[:1] or key in run.name_tokens:
            continue
        if abs(len(key) - len(token)) > 2 or run.matcher.similarity(key, token) < 0.8:
            continue
        if run.body.sentence_initial(m.start()) and run.dictionary_word(key):
            continue
        right = next(t for t in person.name.split() if analysis.norm(t) == token)
        run.emit(
            "wrong-name",
            m.start(),
            m.start() + len(key),
            f"“{found}” looks like a misspelling of {person.name}",
            f"Write “{right}”.",
        )


def _half_right(run: Run, person: Person, start_at: int) -> None:
    """Two capitalised words where one half of a person's name is right and the other is
    not: "Tim Reyes" for Tom Reyes."""
    tokens = _name_words(person.name)
    if len(tokens) < 2:
        return
    first, last = tokens[0], tokens[-1]
    text = run.body.plain
    pattern = re.compile(r"(?<![\w'’-])([A-Z][\w'’-]+) ([A-Z][\w'’-]+)(?![\w'’-])")
    for m in pattern.finditer(text, start_at):
        a, b = analysis.norm(m.group(1)), analysis.norm(m.group(2)).removesuffix("'s")
        if (a, b) == (first, last) or (a != first and b != last):
            continue
        other = a if b == last else b
        right = first if b == last else last
        if other in run.name_tokens or (b == last and _names(m.group(1), person)):
            continue  # another person on record, or a short form of the first name
        assert run.matcher is not None
        similarity = run.matcher.similarity(other, right)
        if not 0.5 <= similarity < 0.8:
            continue  # a different person ("Tom Baker"), or a typo reported already
        run.emit(
            "wrong-name",
            m.start(),
            m.end(),
            f"“{m.group()}” does not match {person.name}",
            f"Write “{person.name}”.",
        )


def _name_words(name: str) -> list[str]:
    """A name's words, normalised, without titles and suffixes: "Dr. Chidi Okafor Jr."
    gives chidi, okafor."""
    words = analysis.norm(name).split()
    kept = [w for w in words if w.rstrip(".") not in _NOT_NAMES]
    return kept or words


def given_name(person: Person) -> str:
    """The given name as written, as a greeting uses it: "Chidi" for "Dr. Chidi Okafor"."""
    for word in person.name.split():
        if word.rstrip(".").casefold() not in facts_words.TITLES:
            return word
    return person.first_name


def _names(said: str, person: Person) -> bool:
    """Does a greeting's name refer to `person`? Full, first, last, or a short form.
    Titles and suffixes are ignored, and an initial stands for its word ("C. Okafor")."""
    got = _name_words(said)
    tokens = _name_words(person.name)
    if not got or not tokens:
        return False
    for i in range(len(tokens) - len(got) + 1):
        if all(
            g == t or (j < len(got) - 1 and _initial(g) and t.startswith(g[0]))
            for j, (g, t) in enumerate(zip(got, tokens[i : i + len(got)], strict=True))
        ):
            return True
    # "Chris" for "Christopher", "Alex" for "Alexandra": a short form of the first name,
    # at least two letters shorter ("Mary-Jan" is a typo, not a short form).
    return (
        len(got) == 1
        and len(got[0]) >= 3
        and tokens[0].startswith(got[0])
        and len(tokens[0]) - len(got[0]) >= 2
    )


def _initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1 and word[0].isalpha()


def _closest(said: str, person: Person) -> str:
    """The form of the person's name that `said` was probably meant to be."""
    tokens = [t for t in person.name.split() if t.rstrip(".").casefold() not in facts_words.TITLES]
    tokens = tokens or person.name.split()
    forms = [*tokens, " ".join(tokens), " ".join(tokens[:2])]
    wanted = analysis.norm(said)
    return max(forms, key=lambda t: difflib.SequenceMatcher(None, wanted, analysis.norm(t)).ratio())


def _as_written(run: Run, greeting: analysis.Greeting) -> str:
    """The greeting's name with its titles, as written: "Mr. Hiroshi"."""
    return run.body.plain[greeting.word_start + len(greeting.word) : greeting.name_end].strip()


def _honorific_with_given(written: str, person: names.PersonName) -> bool:
    """ "Mr. Hiroshi" for Tanaka Hiroshi: a courtesy or academic title before the given
    name alone, which no culture uses (issue 15 §4)."""
    words = written.split()
    titles = {**names.COURTESY, **names.ACADEMIC}
    i = 0
    while i < len(words) - 1 and words[i].casefold().rstrip(".") in titles:
        i += 1
    if i == 0 or not person.family or not person.given:
        return False
    rest = names.fold(" ".join(words[i:]))
    given = {names.fold(person.given), names.fold(person.greeting_given)}
    return rest in given and rest != names.fold(person.family)


def _salutation(person: Person) -> str:
    return names.formal(name_of(person)).name


_OPENING = re.compile(
    r"\A\s*(?:to whom it may concern|(?:dear )?sir(?: or |/)madam|dear madam or sir)\b",
    re.IGNORECASE,
)


def _generic(run: Run, greeting: analysis.Greeting | None, recipient: Person) -> None:
    """ "Dear Hiring Manager," or "To whom it may concern," with the name on record."""
    if not run.on("generic-salutation") or not recipient.name.strip():
        return
    written = _as_written(run, greeting) if greeting else ""
    if greeting and analysis.norm(written) in _ROLE_GREETINGS:
        start, end, said = greeting.word_start + len(greeting.word) + 1, greeting.name_end, written
    elif greeting and greeting.name and analysis.norm(greeting.name) in _ROLE_GREETINGS:
        start, end, said = greeting.name_start, greeting.name_end, greeting.name
    else:
        m = _OPENING.match(run.body.plain)
        if m is None:
            return
        start, end, said = m.start(), m.end(), m.group().strip()
    run.emit(
        "generic-salutation",
        start,
        end,
        f"“{said}”, but the recipient's name is on record",
        f"Write “Dear {_salutation(recipient)},”.",
    )


def _wrong_form(written: str, said: str, person: names.PersonName) -> str:
    """What is wrong with a greeting that uses part of the right name: an initial alone
    ("Dear J."), or a title with part of a family name ("Mr. Mansouri" for Al Mansouri,
    "Ms. López" for García López). Empty when nothing is."""
    words = said.split()
    if len(words) == 1 and _initial(words[0]):
        return "greets by an initial alone"
    titled = written.split()
    if not titled or titled[0].casefold().rstrip(".") not in {**names.COURTESY, **names.ACADEMIC}:
        return ""
    family = names.fold(person.family).split()
    rest = names.fold(said).split()
    if len(family) > 1 and rest and rest != family and all(w in family for w in rest):
        return f"drops part of the family name ({person.family})"
    return ""


def _bare_family(written: str, person: names.PersonName) -> bool:
    """ "Dear Tanaka," for Tanaka Hiroshi: the family name with no title or suffix."""
    if not person.family or not person.given:
        return False
    folded = names.fold(written)
    return folded == names.fold(person.family) and folded not in names.fold(person.given).split()
