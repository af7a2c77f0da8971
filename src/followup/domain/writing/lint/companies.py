"""The wrong-company rule (LINT-003): other companies named, this one misspelled."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from followup.domain.writing.lint import prose as analysis
from followup.domain.writing.lint.run import Run, check


@check("wrong-company")
def wrong_company(run: Run) -> None:
    ctx = run.ctx
    if ctx is None:
        return
    index = _company_index(ctx.company, ctx.other_companies)
    if index:
        for text, in_subject in run.segments():
            words = run.body.words if not in_subject else list(analysis.WORD.finditer(text))
            own = _spans_of(ctx.company, text) if ctx.company else []
            for start, end, name in _mentions(text, words, index):
                if any(a < end and start < b for a, b in own):
                    continue  # "Blue Yonder" inside this company's "Blue Yonder Group"
                if (
                    " " not in name
                    and not in_subject
                    and run.body.sentence_initial(start)
                    and run.dictionary_word(name)
                ):
                    continue  # "Apple pie is ..." at a sentence start: the fruit
                run.emit(
                    "wrong-company",
                    start,
                    end,
                    f"mentions {name}, another company you applied to",
                    f"Replace it with “{ctx.company}”." if ctx.company else "",
                    in_subject=in_subject,
                )
    if ctx.company and run.matcher is not None:
        _near_misses(
            run,
            "wrong-company",
            ctx.company,
            0.75,
            lambda found: f"“{found}” looks like a misspelling of {ctx.company}",
            f"Write “{ctx.company}”.",
        )


def _near_misses(
    run: Run, rule: str, target: str, cutoff: float, message: Callable[[str], str], fix: str
) -> None:
    """Report runs of words, in the same shape as `target`, that are close to but not
    exactly it. The shape: as many words, each capitalised unless the target's word is
    the same small word ("of", "and"), joined as the target joins them ("&" included),
    never across a sentence end."""
    assert run.matcher is not None
    parts = list(analysis.WORD.finditer(target))
    if not parts:
        return
    size = len(parts)
    wanted_words = [analysis.norm(p.group()) for p in parts]
    wanted = " ".join(wanted_words)
    joins = [_collapse(target[a.end() : b.start()]) for a, b in pairwise(parts)]
    first = wanted[:1]
    for text, in_subject in run.segments():
        words = run.body.words if not in_subject else list(analysis.WORD.finditer(text))
        for i in range(len(words) - size + 1):
            head = words[i].group()
            if head[:1].casefold() != first or not head[:1].isupper():
                continue
            group = words[i : i + size]
            if not all(
                w.group()[:1].isupper() or analysis.norm(w.group()) == wanted_words[k]
                for k, w in enumerate(group)
            ):
                continue
            if any(
                _collapse(text[a.end() : b.start()]) != join
                and text[a.end() : b.start()] not in (" ", "\u00a0")
                for (a, b), join in zip(pairwise(group), joins, strict=True)
            ):
                continue
            found = text[group[0].start() : group[-1].end()]
            if found.endswith(("'s", "’s")):
                found = found[:-2]
            key = " ".join(analysis.norm(w.group()) for w in group).removesuffix("'s")
            if key == wanted or len(key) < 4 or key in run.name_tokens or key in run.known_words:
                continue
            if run.matcher.similarity(key, wanted) < cutoff:
                continue
            if (
                size == 1
                and not in_subject
                and run.body.sentence_initial(group[0].start())
                and run.dictionary_word(found)
            ):
                continue  # "Strive to ..." at a sentence start is a word, not "Stripe"
            start = group[0].start()
            run.emit(rule, start, start + len(found), message(found), fix, in_subject=in_subject)


def _collapse(gap: str) -> str:
    """What joins two words, with each run of whitespace as one space."""
    return gap if gap == " " else re.sub(r"\s+", " ", gap)


@dataclass(frozen=True, slots=True)
class _Company:
    """Another company's name as words and what joins them: "Müller & Söhne" is
    ("Müller", "Söhne") joined by " & "."""

    name: str
    words: tuple[str, ...]
    joins: tuple[str, ...]
    lead: str
    trail: str


@lru_cache(maxsize=64)
def _company_index(own: str, others: tuple[str, ...]) -> dict[str, tuple[_Company, ...]]:
    """The other companies by their first word, as written and in capitals (LINT-001).

    A note is then matched with one dictionary lookup per word, however many companies
    the user applied to, instead of one regular expression per company. Names that are
    this company, or one word of it ("Acme" for "Acme Analytics"), are left out.
    """
    own_key = analysis.norm(own)
    index: dict[str, list[_Company]] = {}
    seen: set[str] = set()
    for other in others:
        name = other.strip()
        key = analysis.norm(name)
        if not name or key == own_key or key in own_key.split() or name in seen:
            continue
        seen.add(name)
        for form in dict.fromkeys((name, name.upper())):
            parts = list(analysis.WORD.finditer(form))
            if not parts:
                continue
            entry = _Company(
                name=name,
                words=tuple(p.group() for p in parts),
                joins=tuple(_collapse(form[a.end() : b.start()]) for a, b in pairwise(parts)),
                lead=form[: parts[0].start()],
                trail=form[parts[-1].end() :],
            )
            index.setdefault(entry.words[0], []).append(entry)
    return {first: tuple(entries) for first, entries in index.items()}


def _mentions(
    text: str, words: Sequence[re.Match[str]], index: Mapping[str, tuple[_Company, ...]]
) -> Iterator[tuple[int, int, str]]:
    """Where `text` names a company of the index, exactly as written (or in capitals),
    possibly with "'s": (start, end, name)."""
    strings = analysis.WORD.findall(text)  # the same words as `words`, in one C call
    present = set(strings)
    present |= {w[:-2] for w in present if w.endswith(("'s", "’s"))}
    if present.isdisjoint(index):
        return  # the usual case: no word starts another company's name
    for i, first in enumerate(strings):
        entries = index.get(first)
        if entries is None and first.endswith(("'s", "’s")):
            entries = index.get(first[:-2])
        for entry in entries or ():
            found = _mention_at(text, words, i, entry)
            if found is not None:
                yield found[0], found[1], entry.name


def _mention_at(
    text: str, words: Sequence[re.Match[str]], i: int, entry: _Company
) -> tuple[int, int] | None:
    size = len(entry.words)
    if i + size > len(words):
        return None
    run = words[i : i + size]
    for k, (w, wanted) in enumerate(zip(run, entry.words, strict=True)):
        got = w.group()
        if got != wanted and not (
            k == size - 1 and not entry.trail and got[:-2] == wanted and got[-2:] in ("'s", "’s")
        ):
            return None
    for (a, b), join in zip(pairwise(run), entry.joins, strict=True):
        if _collapse(text[a.end() : b.start()]) != join:
            return None
    start = run[0].start() - len(entry.lead)
    if start < 0 or text[start : run[0].start()] != entry.lead:
        return None
    if start and (text[start - 1].isalnum() or text[start - 1] in "_'’-"):
        return None
    end = run[-1].end()
    if entry.trail:
        if text.startswith(entry.trail, end):
            end += len(entry.trail)
        elif entry.trail != ".":
            return None  # "Stark Studio Co" names "Stark Studio Co." all the same
        if text[end : end + 2] in ("'s", "’s"):
            end += 2
    if end < len(text) and (text[end].isalnum() or text[end] in "_-"):
        return None
    return start, end


def _spans_of(name: str, text: str) -> list[tuple[int, int]]:
    """Where `text` names `name`, in any case and spacing, a final period optional."""
    pattern = r"\s+".join(re.escape(w) for w in name.rstrip(".").split())
    if not pattern:
        return []
    return [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]
