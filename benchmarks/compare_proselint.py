"""Score `followup lint` and proselint on the labelled lint corpus.

    python -m benchmarks.compare_proselint [--json]

The corpus is tests/fixtures/lint/ (one note per file, labels.toml says which rules each
must trigger). Scores count notes: for a rule, a true positive is a note labelled with
it that the tool flags for it. proselint has no notion of most of our rules, so its
checks are mapped onto ours where they mean the same thing (MAPPING); its other checks
only count in the note-level figures ("does the tool flag this note at all?").
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from tests.unit.test_lint_corpus import CORPUS, Score, load_corpus, our_results, score  # noqa: E402

from followup.domain.writing.lint import linter  # noqa: E402

# proselint check path (prefix) -> our rule, where the two mean the same thing.
MAPPING: dict[str, str] = {
    "annotations.misc": "unfilled-placeholder",  # TODO, FIXME, XXX
    "industrial_language.chatspeak": "too-casual",  # ASAP, lol, ...
    "typography.punctuation.exclamation": "exclamation-overuse",
    "typography.punctuation.hyperbole": "exclamation-overuse",  # "!!!"
    "misc.apologizing": "apology",
    "spelling.": "spelling",
    "nonwords": "spelling",
}


def proselint_results() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Per file: our rules that proselint's mapped checks hit, and every check path it hit."""
    from proselint.checks import __register__
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    CheckRegistry().register_many(__register__)
    mapped: dict[str, set[str]] = {}
    raw: dict[str, set[str]] = {}
    for case in load_corpus():
        path = CORPUS / "notes" / case.file
        found = LintFile(path).lint()
        paths = {r.check_result.check_path for r in found}
        raw[case.file] = paths
        mapped[case.file] = {
            rule
            for check in paths
            for prefix, rule in MAPPING.items()
            if check == prefix or (prefix.endswith(".") and check.startswith(prefix))
        }
    return mapped, raw


def note_level(flagged: Mapping[str, bool]) -> Score:
    """Does the tool flag the note at all, against "the note has a labelled problem"?"""
    result = Score()
    for case in load_corpus():
        bad, hit = bool(case.expected), flagged[case.file]
        if bad and hit:
            result.tp += 1
        elif hit:
            result.fp += 1
        elif bad:
            result.fn += 1
    return result


def micro(scores: Mapping[str, Score]) -> Score:
    total = Score()
    for s in scores.values():
        total.tp += s.tp
        total.fp += s.fp
        total.fn += s.fn
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    rules = sorted(linter.RULES)
    cases = load_corpus()
    started = time.process_time()
    ours = our_results()
    our_seconds = time.process_time() - started
    started = time.process_time()
    theirs, raw = proselint_results()
    their_seconds = time.process_time() - started
    our_scores, their_scores = score(ours, rules), score(theirs, rules)
    mapped_rules = sorted(set(MAPPING.values()))
    figures = {
        "notes": len(cases),
        "clean_notes": sum(1 for c in cases if not c.expected),
        "rules": {
            rule: {
                "support": our_scores[rule].tp + our_scores[rule].fn,
                "ours": _pr(our_scores[rule]),
                "proselint": _pr(their_scores[rule]) if rule in mapped_rules else None,
            }
            for rule in rules
        },
        "micro_all_rules": {
            "ours": _pr(micro(our_scores)),
            "proselint": _pr(micro(their_scores)),
        },
        "micro_mapped_rules": {
            "ours": _pr(micro({r: our_scores[r] for r in mapped_rules})),
            "proselint": _pr(micro({r: their_scores[r] for r in mapped_rules})),
        },
        "note_level": {
            "ours": _pr(note_level({f: bool(r) for f, r in ours.items()})),
            "proselint": _pr(note_level({f: bool(r) for f, r in raw.items()})),
        },
        "clean_notes_flagged": {
            "ours": sum(1 for c in cases if not c.expected and ours[c.file]),
            "proselint": sum(1 for c in cases if not c.expected and raw[c.file]),
        },
        "cpu_seconds": {"ours": round(our_seconds, 2), "proselint": round(their_seconds, 2)},
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(_markdown(figures))
    return 0


def _pr(s: Score) -> list[float | None]:
    """Precision and recall; precision is None when the tool never fired."""
    return [round(s.precision, 3) if s.tp + s.fp else None, round(s.recall, 3)]


def _f(value: object) -> str:
    return f"{value:.2f}" if isinstance(value, float) else "—"


def _markdown(figures: Mapping[str, object]) -> str:
    rules = figures["rules"]
    assert isinstance(rules, dict)
    lines = [
        f"Corpus: {figures['notes']} notes ({figures['clean_notes']} with no problem).",
        "",
        "| rule | support | followup P / R | proselint P / R |",
        "|---|---:|---|---|",
    ]
    for rule, row in rules.items():
        theirs = row["proselint"]
        shown = f"{_f(theirs[0])} / {_f(theirs[1])}" if theirs else "no equivalent check"
        lines.append(
            f"| {rule} | {row['support']} | {_f(row['ours'][0])} / {_f(row['ours'][1])} | {shown} |"
        )
    lines.append("")
    for key, label in (
        ("micro_all_rules", "All 26 rules, micro-averaged"),
        ("micro_mapped_rules", "Rules proselint has a check for, micro-averaged"),
        ("note_level", "Note level (flags the note at all)"),
    ):
        pair = figures[key]
        assert isinstance(pair, dict)
        ours, theirs = pair["ours"], pair["proselint"]
        lines.append(
            f"- {label}: followup P {_f(ours[0])} R {_f(ours[1])}; "
            f"proselint P {_f(theirs[0])} R {_f(theirs[1])}"
        )
    flagged = figures["clean_notes_flagged"]
    seconds = figures["cpu_seconds"]
    assert isinstance(flagged, dict) and isinstance(seconds, dict)
    lines.append(
        f"- Clean notes with any finding: followup {flagged['ours']}, "
        f"proselint {flagged['proselint']} (of {figures['clean_notes']})"
    )
    lines.append(
        f"- CPU time for the whole corpus: followup {seconds['ours']} s, "
        f"proselint {seconds['proselint']} s"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
