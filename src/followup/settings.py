"""Where followup keeps its data, and the user's config file.

The data folder is the platform's user data folder, or `FOLLOWUP_HOME`.
The database is `followup.db` inside it, or `FOLLOWUP_DATABASE`: a path, or a
`postgresql://` URL for the shared service, whose account is `FOLLOWUP_ACCOUNT`.
The config file is `config.toml` inside it (policy, mail accounts, lint rules), read and
checked once into a `Config`. Only `Settings.from_env` reads the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup.domain.errors import TooLarge, ValidationError

if TYPE_CHECKING:
    from followup.domain.mail.accounts import MailSettings
    from followup.domain.network.news import NewsPolicy
    from followup.domain.network.policy import NetworkPolicy
    from followup.domain.timing.policy import Policies
    from followup.domain.writing.compose import Tone
    from followup.domain.writing.lint.linter import LintConfig

APP_NAME = "followup"


@dataclass(frozen=True, slots=True)
class Settings:
    """Paths and the parsed config file."""

    home: Path
    database: Path
    config_path: Path
    config: Config = field(default_factory=lambda: Config({}))
    database_url: str = ""  # a postgresql:// URL selects PostgreSQL; "" keeps SQLite
    account: str = "default"  # the PostgreSQL account: an id, or a name made on first use

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read FOLLOWUP_HOME / FOLLOWUP_DATABASE / FOLLOWUP_CONFIG and load the config file."""
        env = os.environ if environ is None else environ
        if env.get("FOLLOWUP_HOME"):
            home = Path(env["FOLLOWUP_HOME"]).expanduser()
        else:
            import platformdirs

            home = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
        given = env.get("FOLLOWUP_DATABASE", "")
        database_url = given if given.startswith(("postgresql://", "postgres://")) else ""
        database = Path(given).expanduser() if given and not database_url else home / "followup.db"
        config_path = (
            Path(env["FOLLOWUP_CONFIG"]).expanduser()
            if env.get("FOLLOWUP_CONFIG")
            else home / "config.toml"
        )
        return cls(
            home=home,
            database=database,
            config_path=config_path,
            config=Config.parse(load_config(config_path)),
            database_url=database_url,
            account=env.get("FOLLOWUP_ACCOUNT", "") or "default",
        )

    @property
    def templates(self) -> Path:
        """Where the user may drop template overrides."""
        return self.home / "templates"


CONFIG_MAX_BYTES = 1_000_000


def load_config(path: Path) -> Mapping[str, Any]:
    """The parsed config file, or an empty mapping when there is none."""
    try:
        with path.open("rb") as handle:  # bounded: FOLLOWUP_CONFIG=/dev/zero has no size
            raw = handle.read(CONFIG_MAX_BYTES + 1)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ValidationError(str(path), f"cannot read the config file: {exc.strerror}") from None
    if len(raw) > CONFIG_MAX_BYTES:
        raise TooLarge(str(path), f"is larger than the limit of {CONFIG_MAX_BYTES:,} bytes")
    import tomllib  # only with a config file: every command starts without it otherwise

    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValidationError(str(path), "the config file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(str(path), f"invalid TOML: {exc}") from None
    except RecursionError:  # a = [[[[... thousands deep: the parser's stack
        raise ValidationError(str(path), "is nested too deeply to read") from None


@dataclass(frozen=True, slots=True)
class ComposeConfig:
    """`[compose]`: the templates' locale and the tones asked for globally, per contact
    (by email) and per company (by name); the per-contact and per-company keys are casefolded."""

    locale: str = "en"
    tone: Tone | None = None
    contact_tones: Mapping[str, Tone] = field(default_factory=dict)
    company_tones: Mapping[str, Tone] = field(default_factory=dict)
    panel_notes: str = "chair"  # a UK public-sector panel: one note to the chair, or "each"
    sign_off: str = ""  # one closing line for every note ("With best wishes,"); "" picks one


@dataclass(frozen=True, slots=True)
class AiConfig:
    """`[ai]`: the llm model that polishes drafts (`compose --ai`), else llm's default."""

    model: str | None = None


class Config:
    """The config file, parsed once into typed sections.

    Every section the file holds is checked when the file is read, so a typo fails every
    command with one line naming the key. A section the file lacks is its defaults, built
    on first use (its rules module is then never imported).
    """

    SECTIONS = ("ai", "compose", "lint", "mail", "network", "news", "policy")

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw = raw

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> Config:
        """Check `raw` (a parsed TOML document) and every section in it."""
        for name in raw:
            if name not in cls.SECTIONS:
                import difflib

                close = difflib.get_close_matches(str(name), cls.SECTIONS, n=1)
                hint = f" (did you mean [{close[0]}]?)" if close else ""
                raise ValidationError(str(name), f"is not a known section{hint}")
        config = cls(raw)
        for name in raw:
            getattr(config, name)
        return config

    @cached_property
    def lint(self) -> LintConfig:
        from followup.domain.writing.lint.linter import config_from

        return config_from(self.raw)

    @cached_property
    def mail(self) -> MailSettings:
        from followup.domain.mail.accounts import mail_settings

        return mail_settings(self.raw)

    @cached_property
    def network(self) -> NetworkPolicy:
        from followup.domain.network.policy import NetworkPolicy

        return NetworkPolicy.from_config(self.raw)

    @cached_property
    def news(self) -> NewsPolicy:
        from followup.domain.network.news import NewsPolicy

        return NewsPolicy.from_config(self.raw)

    @cached_property
    def policy(self) -> Policies:
        from followup.domain.timing.policy import from_config

        return from_config(self.raw)

    @cached_property
    def compose(self) -> ComposeConfig:
        from followup.domain.writing.compose import parse_tone

        section = _section(
            self.raw,
            "compose",
            ("locale", "tone", "contact_tones", "company_tones", "panel_notes", "sign_off"),
        )
        locale = section.get("locale", "en")
        if not isinstance(locale, str) or not locale:
            raise ValidationError("compose.locale", 'must be a language code such as "en"')
        tables: dict[str, dict[str, Tone]] = {}
        for name in ("contact_tones", "company_tones"):
            table = section.get(name, {})
            if not isinstance(table, Mapping):
                raise ValidationError(f"compose.{name}", "must be a table of names and tones")
            tables[name] = {}
            for key, value in table.items():
                tone = parse_tone(str(value), f"compose.{name}.{key}")
                if tone is not None:
                    tables[name][str(key).casefold()] = tone
        panel_notes = section.get("panel_notes", "chair")
        if panel_notes not in ("chair", "each"):
            raise ValidationError(
                "compose.panel_notes", f"{panel_notes!r} is not one of chair, each"
            )
        sign_off = section.get("sign_off", "")
        if not isinstance(sign_off, str) or len(sign_off) > 80 or "\n" in sign_off.strip():
            raise ValidationError("compose.sign_off", "must be one line of at most 80 characters")
        return ComposeConfig(
            locale=locale,
            tone=parse_tone(section.get("tone"), "compose.tone"),
            contact_tones=tables["contact_tones"],
            company_tones=tables["company_tones"],
            panel_notes=str(panel_notes),
            sign_off=sign_off.strip(),
        )

    @cached_property
    def ai(self) -> AiConfig:
        section = _section(self.raw, "ai", ("model",))
        model = section.get("model")
        if model is not None and not isinstance(model, str):
            raise ValidationError("ai.model", 'must be a model name such as "gpt-4o-mini"')
        return AiConfig(model=model or None)


def _section(raw: Mapping[str, Any], name: str, keys: tuple[str, ...]) -> Mapping[str, Any]:
    """The table `name` of the config file (empty when absent); unknown keys are errors."""
    section = raw.get(name, {})
    if not isinstance(section, Mapping):
        raise ValidationError(name, "must be a table in config.toml")
    for key in section:
        if key not in keys:
            raise ValidationError(f"{name}.{key}", "unknown setting")
    return section
