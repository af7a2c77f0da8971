"""AI polish through the real `llm` library, with deterministic models registered
through llm's own plugin hook (pluggy `register_models`); no network, no weights."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import llm
import pytest
import time_machine
from llm.plugins import pm

from followup.adapters.templates.jinja import renderer
from followup.adapters.text.polisher import LlmPolisher
from followup.domain.errors import Unavailable
from followup.domain.records.followups import Kind
from followup.domain.writing.compose import Draft, compose
from followup.domain.writing.context import NoteContext, Person
from followup.services.writing.polish import Polished, error_check, polish
from tests.conftest import FIXTURES, Invoke, deps_of

DEBRIEF = FIXTURES / "compose" / "acme.debrief.toml"


def _swap_paragraphs(body: str) -> str:
    """A faithful rewrite: the two middle paragraphs change places."""
    parts = body.split("\n\n")
    parts[1], parts[2] = parts[2], parts[1]
    return "\n\n".join(parts)


REWRITES: dict[str, Callable[[str], str]] = {
    "followup-swap": _swap_paragraphs,
    "followup-same": lambda body: body,
    "followup-wrong-name": lambda body: re.sub(r"^(Dear|Hi) \w+,", r"\1 Bo,", body),
    "followup-other-company": lambda body: body.replace("Acme Analytics", "Globex"),
    "followup-drop-topic": lambda body: re.sub(
        r" ?[^.]*migrating the ETL to Spark[^.]*\.", "", body
    ),
    "followup-placeholder": lambda body: body.replace("Acme Analytics", "Acme Analytics [City]", 1),
    "followup-empty": lambda body: "   ",
    "followup-fenced": lambda body: f"```text\nSubject: Better\n{_swap_paragraphs(body)}\n```",
}
SEEN: list[tuple[str, str]] = []


class Rewriter(llm.Model):  # type: ignore[misc]
    """Returns a fixed transformation of the prompt: the same input, the same output."""

    can_stream = False

    def __init__(self, model_id: str) -> None:
        self.model_id = model_id

    def execute(self, prompt: Any, stream: bool, response: Any, conversation: Any) -> Iterator[str]:
        SEEN.append((prompt.system or "", prompt.prompt or ""))
        if self.model_id == "followup-broken":
            raise RuntimeError("quota exceeded")
        yield REWRITES[self.model_id](prompt.prompt)


class Plugin:
    @llm.hookimpl  # type: ignore[misc]
    def register_models(self, register: Callable[[Any], None]) -> None:
        for model_id in [*REWRITES, "followup-broken"]:
            register(Rewriter(model_id))


@pytest.fixture(autouse=True)
def models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("LLM_USER_PATH", str(tmp_path / "llm"))  # never the user's own llm setup
    pm.register(Plugin(), name="followup-test-models")
    SEEN.clear()
    yield
    pm.unregister(name="followup-test-models")


def _context() -> NoteContext:
    return NoteContext(
        candidate_name="Sam Lee",
        signature="Sam Lee\n+1 555 0100",
        company="Acme Analytics",
        industry="software",
        role="Senior Data Engineer",
        recipient=Person(
            name="Ana García-López", email="ana@acme.io", topics=("migrating the ETL to Spark",)
        ),
        others=(Person(name="Bo O'Neill", email="bo@acme.io"),),
        projects=("Project Atlas",),
        skills=("Python",),
        other_companies=("Globex",),
    )


def _polish(model: str) -> tuple[Draft, Polished]:
    context = _context()
    draft = compose(Kind.THANK_YOU, context, renderer=renderer())
    deps = deps_of(polisher=LlmPolisher())  # the real adapter, with the test's models
    return draft, polish(deps, draft, context, model=model, errors=error_check())


def test_a_faithful_rewrite_is_kept() -> None:
    draft, result = _polish("followup-swap")
    assert result.accepted and result.reason == ""
    assert result.draft.body == _swap_paragraphs(draft.body) != draft.body
    assert result.draft.subject == draft.subject
    system, prompt = SEEN[-1]
    assert prompt == draft.body and "Keep every name" in system


def test_fences_and_a_subject_line_are_stripped() -> None:
    draft, result = _polish("followup-fenced")
    assert result.accepted and result.draft.body == _swap_paragraphs(draft.body)


@pytest.mark.parametrize(
    ("model", "reason"),
    [
        ("followup-wrong-name", "the rewrite names Bo, who is not the recipient"),
        ("followup-other-company", "the rewrite names Globex, another company"),
        (
            "followup-drop-topic",
            "the rewrite drops the personal reference to 'migrating the ETL to Spark'",
        ),
        ("followup-placeholder", "the rewrite adds an error (unfilled-placeholder"),
        ("followup-empty", "the model returned no text"),
    ],
)
def test_a_bad_rewrite_is_rejected_with_the_reason(model: str, reason: str) -> None:
    draft, result = _polish(model)
    assert not result.accepted
    assert result.reason.startswith(reason)
    assert result.draft == draft  # the original is kept


def test_an_unchanged_rewrite_is_accepted_as_is() -> None:
    draft, result = _polish("followup-same")
    assert result.accepted and result.draft == draft


@pytest.mark.parametrize(
    ("model", "message"),
    [
        ("no-such-model", "--ai: 'Unknown model: no-such-model'"),
        ("followup-broken", "--ai: the model failed (RuntimeError: quota exceeded)"),
    ],
)
def test_model_problems_are_one_clear_error(model: str, message: str) -> None:
    with pytest.raises(Unavailable) as caught:
        _polish(model)
    assert str(caught.value) == message


def _configure(home: Path, model: str) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(f'[ai]\nmodel = "{model}"\n', encoding="utf-8")


def test_compose_ai_through_the_cli(run: Invoke, isolated_home: Path) -> None:
    args = ["compose", "thank-you", "--context", str(DEBRIEF), "--to", "Ana García-López", "--json"]
    plain = json.loads(run(*args).stdout)["drafts"][0]
    _configure(isolated_home, "followup-swap")
    polished = run(*args, "--ai")
    assert polished.exit_code == 0, polished.output
    assert json.loads(polished.stdout)["drafts"][0]["body"] == _swap_paragraphs(plain["body"])
    _configure(isolated_home, "followup-wrong-name")
    refused = run(*args, "--ai")
    assert refused.exit_code == 0
    assert json.loads(refused.stdout)["drafts"][0] == plain
    assert (
        "warning: AI rewrite for Ana García-López <ana@acme.io> rejected: the rewrite names"
        in refused.stderr
    )


@time_machine.travel(datetime(2026, 11, 25, 15, 0, tzinfo=UTC), tick=False)  # the day after
def test_draft_ai_stores_the_polished_text(run: Invoke, isolated_home: Path) -> None:
    assert (
        run(
            "init", "--name", "Sam Lee", "--email", "sam@example.org", "--tz", "America/New_York"
        ).exit_code
        == 0
    )
    assert run("interview", "add", "--from", str(DEBRIEF)).exit_code == 0
    assert run("plan").exit_code == 0
    items = json.loads(run("agenda", "--all", "--json").stdout)
    ana = next(i["id"] for i in items if i["contact"]["name"] == "Ana García-López")
    plain = json.loads(run("draft", str(ana), "--json").stdout)
    _configure(isolated_home, "followup-swap")
    polished = json.loads(run("draft", str(ana), "--ai", "--json").stdout)
    assert polished["body"] == _swap_paragraphs(plain["body"])
    _configure(isolated_home, "followup-drop-topic")
    kept = run("draft", str(ana), "--ai", "--json")
    assert json.loads(kept.stdout)["body"] == plain["body"]
    assert "drops the personal reference" in kept.stderr
