"""The spelling rule (LINT-005): words the offline dictionary does not know."""

from __future__ import annotations

import re
from collections.abc import Callable

from followup.domain.writing.lint import prose as analysis
from followup.domain.writing.lint.lexicon import form as form_words
from followup.domain.writing.lint.lexicon import spelling as spelling_words
from followup.domain.writing.lint.model import Speller
from followup.domain.writing.lint.run import Run, check

_DIGIT = re.compile(r"\d")
_NEXT_WORD = re.compile(r"[ \t\u00a0]+([^\W\d_][\w'’-]*)")


@check("spelling")
def spelling(run: Run) -> None:
    if run.speller is None:
        return
    greeting = run.body.greeting
    skip_until = greeting.name_end if greeting else 0
    stop = run.body.signature_start
    known = run.known_words
    extra = spelling_words.EXTRA_WORDS
    slang = form_words.SLANG
    prose = run.body.prose
    # Each distinct word is checked once; positions are looked up only for the few
    # words the dictionary does not know.
    bases: dict[str, set[str]] = {}
    for word in set(analysis.WORD.findall(prose, skip_until, stop)):
        tail = word[1:]
        if tail != tail.lower() or _DIGIT.search(word):
            continue  # acronyms, CamelCase names, versions and dates
        lower = word.casefold().replace("’", "'")
        if lower in extra or lower in known or lower in slang:
            continue
        for part in lower.split("-"):
            base = part.removesuffix("'s")
            if len(base) > 1 and base not in known and base not in extra:
                bases.setdefault(base, set()).add(word)
    if not bases:
        return
    unknown = run.speller.unknown(list(bases))
    if unknown:
        unknown = _british(run, unknown)
    if not unknown:
        return
    wanted = {word for base in unknown for word in bases[base]}
    speller = run.speller
    for m in analysis.WORD.finditer(prose, skip_until, stop):
        word = m.group()
        if word not in wanted:
            continue
        if word[0].isupper() and (not run.body.sentence_initial(m.start()) or _name_like(run, m)):
            continue  # a name inside a sentence, or one that starts it
        offset = m.start()
        for part in word.split("-"):
            base = part.casefold().replace("’", "'").removesuffix("'s")
            if base in unknown:
                run.emit(
                    "spelling",
                    offset,
                    offset + len(part),
                    f"“{part}” is not in the dictionary",
                    _suggestion(speller, base),
                )
            offset += len(part) + 1


def _name_like(run: Run, token: re.Match[str]) -> bool:
    """Does a capitalised word that starts a sentence look like a name, so that no
    misspelling is reported? It does when it is possessive ("Northwind's"), when a
    capitalised word follows ("Northwind Analytics"), or when the note writes it
    with a capital inside a sentence too."""
    word = token.group()
    if word.endswith(("'s", "’s")):
        return True
    after = _NEXT_WORD.match(run.body.prose, token.end())
    if after and after.group(1)[:1].isupper() and after.group(1) != "I":
        return True
    return any(
        m.group().removesuffix("'s").removesuffix("’s") == word
        and m.start() != token.start()
        and not run.body.sentence_initial(m.start())
        for m in run.body.words
    )


def _british(run: Run, unknown: set[str]) -> set[str]:
    """Drop words whose American spelling is known: "colour", "organisation"."""
    assert run.speller is not None
    variants: dict[str, list[str]] = {}
    for word in unknown:
        for uk, us in spelling_words.BRITISH_VARIANTS:
            if word.endswith(uk):
                variants.setdefault(word, []).append(word[: -len(uk)] + us)
    if not variants:
        return unknown
    flat = {v for vs in variants.values() for v in vs}
    still = run.speller.unknown(list(flat))
    return {w for w in unknown if not any(v not in still for v in variants.get(w, []))}


def _suggestion(speller: Speller, word: str) -> Callable[[], str]:
    def suggest() -> str:
        better = speller.suggest(word)
        if better and better != word:
            return f"Did you mean “{better}”? If the word is right, add it to [lint] words."
        return "Check the spelling, or add the word to [lint] words."

    return suggest
