"""The architecture's measured goals hold (issue 13), checked from the source by the same
script CI runs: a pure domain (an allow-list of imports), no module over 600 lines, at
most 10 entries at the top of domain/, no public service function over 7 parameters and
no class over 30 methods."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "check_architecture", ROOT / "scripts" / "check_architecture.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


CHECKS = _script()


@pytest.mark.parametrize("check", sorted(CHECKS.CHECKS))
def test_the_architecture_goal_holds(check: str) -> None:
    assert CHECKS.violations([check]) == []


def test_the_purity_check_can_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    domain = tmp_path / "src" / "followup" / "domain"
    domain.mkdir(parents=True)
    (domain / "leaky.py").write_text(
        "import re\nimport sqlite3\nimport click\nfrom followup import cli\n"
        "from followup.domain import records\n"
    )
    monkeypatch.setattr(CHECKS, "ROOT", tmp_path)
    monkeypatch.setattr(CHECKS, "SRC", tmp_path / "src" / "followup")
    found = CHECKS.violations(["purity"])
    assert [line.rsplit(" ", 1)[-1] for line in found] == ["sqlite3", "click", "followup"]
