"""The composer's renderer: sandboxed Jinja2 over the package templates and the user's.

Templates and the phrase bank ship under `<locale>/` beside this module. A file of
the same name in the data folder's `templates/` (or `templates/<locale>/`) overrides
the package one; a user `phrases.toml` there is merged over the package bank, key by
key. User text (names, topics, ...) only ever enters as variables: the sandbox and
StrictUndefined make a template error, never a silent blank or code execution.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup.domain.errors import ValidationError
from followup.domain.writing.compose import PhraseBank

if TYPE_CHECKING:
    from jinja2 import Template
    from jinja2.sandbox import SandboxedEnvironment

PACKAGE = Path(__file__).resolve().parent
LOCALES = ("en",)


class JinjaRenderer:
    """Renders phrase snippets and named templates; compiled templates are cached."""

    def __init__(self, locale: str = "en", user_dir: Path | None = None) -> None:
        if locale not in LOCALES:
            raise ValidationError("locale", f"{locale!r} is not one of {', '.join(LOCALES)}")
        self.locale = locale
        self.user_dirs = _user_dirs(user_dir, locale)
        self._env = _environment(locale, self.user_dirs)
        self._bank = PhraseBank(locale, _load_bank(locale, self.user_dirs))
        self._snippets: dict[str, Template | _Plain] = {}

    @property
    def bank(self) -> PhraseBank:
        return self._bank

    def text(self, source: str, variables: Mapping[str, object]) -> str:
        """Render a phrase-bank snippet (our own text, never the user's)."""
        compiled = self._snippets.get(source)
        if compiled is None:
            compiled = _Plain.parse(source) or self._compile(source)
            self._snippets[source] = compiled
        if isinstance(compiled, _Plain):
            return compiled.render(variables)
        return self._render(compiled, variables, "phrases.toml")

    def template(self, name: str, variables: Mapping[str, object]) -> str:
        """Render a named template, the user's override first."""
        from jinja2 import TemplateError

        try:
            compiled = self._env.get_template(name)
        except TemplateError as exc:
            raise ValidationError(f"templates/{name}", _describe(exc)) from None
        return self._render(compiled, variables, name)

    def _compile(self, source: str) -> Template:
        from jinja2 import TemplateError

        try:
            return self._env.from_string(source)
        except TemplateError as exc:
            raise ValidationError("phrases.toml", f"{_describe(exc)} in {source!r}") from None

    @staticmethod
    def _render(compiled: Template, variables: Mapping[str, object], where: str) -> str:
        from jinja2 import TemplateError

        try:
            return compiled.render(variables)
        except TemplateError as exc:
            raise ValidationError(f"templates/{where}", _describe(exc)) from None


_VARIABLE = re.compile(r"{{\s*(\w+)\s*}}")
_SYNTAX = re.compile(r"{[{%#]|[}%#]}")


class _Plain:
    """A snippet that is only text and `{{ name }}`: rendered without a Jinja context.

    Most phrases are like this; building a Jinja context per phrase was most of the
    composer's time. Same result as Jinja: `str(value)`, and an unknown name is an error.
    """

    __slots__ = ("parts",)

    def __init__(self, parts: list[tuple[str, str]]) -> None:
        self.parts = parts  # (literal text, variable name or "")

    @classmethod
    def parse(cls, source: str) -> _Plain | None:
        parts: list[tuple[str, str]] = []
        at = 0
        for m in _VARIABLE.finditer(source):
            parts.append((source[at : m.start()], m.group(1)))
            at = m.end()
        tail = source[at:]
        if any(_SYNTAX.search(text) for text, _ in parts) or _SYNTAX.search(tail):
            return None  # conditionals, filters, comments: Jinja renders those
        parts.append((tail, ""))
        return cls(parts)

    def render(self, variables: Mapping[str, object]) -> str:
        out = []
        for text, name in self.parts:
            out.append(text)
            if name:
                try:
                    out.append(str(variables[name]))
                except KeyError:
                    raise ValidationError(
                        "templates/phrases.toml", f"'{name}' is undefined"
                    ) from None
        return "".join(out)


@lru_cache(maxsize=8)
def renderer(locale: str = "en", user_dir: Path | None = None) -> JinjaRenderer:
    """A shared renderer per locale and folder: templates compile once per process."""
    return JinjaRenderer(locale, user_dir)


def _user_dirs(user_dir: Path | None, locale: str) -> tuple[Path, ...]:
    if user_dir is None:
        return ()
    return tuple(d for d in (user_dir / locale, user_dir) if d.is_dir())


def _environment(locale: str, user_dirs: tuple[Path, ...]) -> SandboxedEnvironment:
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    search = [str(d) for d in user_dirs] + [str(PACKAGE / locale)]
    return SandboxedEnvironment(
        loader=FileSystemLoader(search),
        undefined=StrictUndefined,
        autoescape=False,  # plain-text mail: escaping would show &amp; to the reader
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
    )


def _load_bank(locale: str, user_dirs: tuple[Path, ...]) -> dict[str, Any]:
    with (PACKAGE / locale / "phrases.toml").open("rb") as f:
        data = tomllib.load(f)
    for folder in reversed(user_dirs):
        path = folder / "phrases.toml"
        if path.is_file():
            try:
                with path.open("rb") as f:
                    data = _merge(data, tomllib.load(f))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ValidationError(str(path), f"is not valid TOML: {exc}") from None
    return data


def _merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _describe(exc: Exception) -> str:
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    line = getattr(exc, "lineno", None)
    return f"{message} (line {line})" if line else message
