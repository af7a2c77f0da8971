"""Check the architecture's measured goals from the source (issue 13).

- the domain imports only itself and an allow-list of computing standard-library modules
  (import-linter can only name forbidden packages);
- no module over 600 lines;
- at most 10 entries at the top of `domain/`;
- no public service function over 7 parameters;
- no class over 30 methods.

Run `python scripts/check_architecture.py`; it prints one line per violation and exits 1
when there is any. `--report` prints them and exits 0.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "followup"

# What the pure domain may import: these standard-library modules, which compute and
# parse but reach no file, socket, process, clock source or environment of their own
# (zoneinfo reads the tz database as data), and no third-party package at all: time,
# settings and randomness arrive as arguments, and drivers live behind ports.
DOMAIN_ALLOWED_STDLIB = frozenset({
    "__future__", "abc", "base64", "binascii", "bisect", "collections", "contextlib", "copy", "csv",
    "dataclasses", "datetime", "decimal", "difflib", "email", "enum", "fractions",
    "functools", "hashlib", "heapq", "html", "io", "ipaddress", "itertools", "json", "math",
    "operator", "re", "statistics", "string", "sys", "textwrap", "types", "typing",
    "unicodedata", "zlib", "zoneinfo",
})  # fmt: skip
DOMAIN_ALLOWED_THIRD_PARTY: frozenset[str] = frozenset()
MAX_MODULE_LINES = 600
MAX_DOMAIN_ENTRIES = 10
MAX_SERVICE_PARAMETERS = 7
MAX_CLASS_METHODS = 30


def _modules(folder: Path) -> Iterator[Path]:
    yield from sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def _imported_roots(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def purity() -> Iterator[str]:
    """The domain imports the standard library, itself, and the allowed packages only."""
    for path in _modules(SRC / "domain"):
        for line, module in _imported_roots(ast.parse(path.read_text(), str(path))):
            root = module.partition(".")[0]
            if module == "followup.domain" or module.startswith("followup.domain."):
                continue
            if root in DOMAIN_ALLOWED_STDLIB or root in DOMAIN_ALLOWED_THIRD_PARTY:
                continue
            yield f"{_rel(path)}:{line}: the pure domain imports {module}"


def module_sizes() -> Iterator[str]:
    for path in _modules(SRC):
        lines = len(path.read_text().splitlines())
        if lines > MAX_MODULE_LINES:
            yield f"{_rel(path)}: {lines} lines (at most {MAX_MODULE_LINES})"


def domain_entries() -> Iterator[str]:
    entries = sorted(p.name for p in (SRC / "domain").iterdir() if p.name != "__pycache__")
    if len(entries) > MAX_DOMAIN_ENTRIES:
        yield (
            f"src/followup/domain: {len(entries)} entries at the top "
            f"(at most {MAX_DOMAIN_ENTRIES}): {', '.join(entries)}"
        )


def service_parameters() -> Iterator[str]:
    for path in _modules(SRC / "services"):
        tree = ast.parse(path.read_text(), str(path))
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if node.name.startswith("_"):
                continue
            args = node.args
            count = len(args.posonlyargs) + len(args.args) + len(args.kwonlyargs)
            count += bool(args.vararg) + bool(args.kwarg)
            if count > MAX_SERVICE_PARAMETERS:
                yield (
                    f"{_rel(path)}:{node.lineno}: {node.name}() takes {count} parameters "
                    f"(at most {MAX_SERVICE_PARAMETERS})"
                )


def class_methods() -> Iterator[str]:
    for path in _modules(SRC):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.ClassDef):
                continue
            methods = [
                n for n in node.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
            ]
            if len(methods) > MAX_CLASS_METHODS:
                yield (
                    f"{_rel(path)}:{node.lineno}: class {node.name} has {len(methods)} methods "
                    f"(at most {MAX_CLASS_METHODS})"
                )


CHECKS = {
    "purity": purity,
    "module-sizes": module_sizes,
    "domain-entries": domain_entries,
    "service-parameters": service_parameters,
    "class-methods": class_methods,
}


def violations(names: list[str] | None = None) -> list[str]:
    """Every violation of the named checks (all of them by default)."""
    return [line for name in (names or list(CHECKS)) for line in CHECKS[name]()]


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def main(argv: list[str]) -> int:
    report = "--report" in argv
    names = [a for a in argv if not a.startswith("--")]
    unknown = [n for n in names if n not in CHECKS]
    if unknown:
        print(f"check_architecture: no check {unknown[0]!r}; checks: {', '.join(CHECKS)}")
        return 2
    found = violations(names or None)
    for line in found:
        print(line)
    if not found:
        print(f"architecture: {len(names or CHECKS)} checks hold")
    return 0 if report or not found else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
