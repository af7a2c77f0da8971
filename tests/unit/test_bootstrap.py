"""The composition root: overrides replace adapters by port name, and typos are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup.adapters.clock import FixedClock
from followup.adapters.store.memory import MemoryStore
from followup.bootstrap import build
from followup.settings import Settings


def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path, database=tmp_path / "f.db", config_path=tmp_path / "c.toml")


def test_an_override_is_what_the_port_returns(tmp_path: Path) -> None:
    store = MemoryStore()
    app = build(settings(tmp_path), store=store)
    assert app.store is store
    app.close()
    assert not (tmp_path / "f.db").exists()  # the real adapter was never built


def test_an_unknown_port_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="no port called 'stroe'"):
        build(settings(tmp_path), stroe=MemoryStore())


def test_close_leaves_overrides_to_their_owner(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from followup.adapters.store.sqlite import SqliteStore

    store = SqliteStore(tmp_path / "owned.db")
    app = build(settings(tmp_path), store=store, clock=FixedClock(datetime(2026, 1, 1, tzinfo=UTC)))
    assert app.store.profile.get() is None
    app.close()
    assert store.profile.get() is None  # still open: the test owns it
    store.close()


def test_web_routes_reach_records_only_through_services() -> None:
    """The web's routes call services; none queries the store itself."""
    import re

    web = Path(__file__).resolve().parents[2] / "src" / "followup" / "web"
    offenders = [
        f"{path.name}:{number}"
        for path in sorted(web.rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\.store\b", line)
    ]
    assert offenders == []
