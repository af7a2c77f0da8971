"""Where followup keeps its data, and the user's config file.

The data folder is the platform's user data folder, or `FOLLOWUP_HOME`.
The database is `followup.db` inside it, or `FOLLOWUP_DATABASE`: a path, or a
`postgresql://` URL for the shared service, whose account is `FOLLOWUP_ACCOUNT`.
The config file is `config.toml` inside it (policy, mail accounts, lint rules).
Only `Settings.from_env` reads the environment.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followup.domain.errors import ValidationError

APP_NAME = "followup"


@dataclass(frozen=True, slots=True)
class Settings:
    """Paths and the parsed config file."""

    home: Path
    database: Path
    config_path: Path
    config: Mapping[str, Any] = field(default_factory=dict)
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
            config=load_config(config_path),
            database_url=database_url,
            account=env.get("FOLLOWUP_ACCOUNT", "") or "default",
        )

    @property
    def templates(self) -> Path:
        """Where the user may drop template overrides."""
        return self.home / "templates"


def load_config(path: Path) -> Mapping[str, Any]:
    """The parsed config file, or an empty mapping when there is none."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ValidationError(str(path), f"cannot read the config file: {exc.strerror}") from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValidationError(str(path), "the config file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(str(path), f"invalid TOML: {exc}") from None
