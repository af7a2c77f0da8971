"""The language model behind `--ai`: Simon Willison's `llm` (an optional extra), imported
only when a draft is polished; `MemoryPolisher` is its twin with canned rewrites."""

from __future__ import annotations

from collections.abc import Callable

from followup.domain.errors import Unavailable


class LlmPolisher:
    """The user's `llm` model (its own keys and plugins); every failure is one line."""

    def rewrite(self, body: str, *, system: str, model: str | None) -> str:
        try:
            import llm  # optional extra: `pip install followup[ai]`
        except ImportError:
            raise Unavailable("--ai needs the llm package: pip install 'followup[ai]'") from None
        try:
            chosen = llm.get_model(model) if model else llm.get_model()
            response = chosen.prompt(body, system=system)
            text = response.text()
        except llm.UnknownModelError as exc:
            raise Unavailable(f"--ai: {exc}") from None
        except Exception as exc:  # a plugin's own error: network, key, quota
            raise Unavailable(f"--ai: the model failed ({type(exc).__name__}: {exc})") from None
        return str(text)


class MemoryPolisher:
    """Rewrites by a function of the body (the identity by default); remembers each call."""

    def __init__(self, rewrite: Callable[[str], str] | None = None) -> None:
        self._rewrite = rewrite or (lambda body: body)
        self.calls: list[tuple[str, str, str | None]] = []

    def rewrite(self, body: str, *, system: str, model: str | None) -> str:
        self.calls.append((body, system, model))
        return self._rewrite(body)
