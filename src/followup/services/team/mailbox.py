"""A candidate's mail in team mode (issue 19 §3): the organisation's relay (the server's
`[mail]`), or their own SMTP account. Their own account lives in their account's meta,
the password sealed by the server's vault: write-only, never shown, never logged, and
gone with the account. Sending and the workers use the choice (`bootstrap.account_app`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from followup.domain.errors import ValidationError
from followup.domain.mail.accounts import SMTP_PORTS, account
from followup.domain.records import fields
from followup.ports import Vault

if TYPE_CHECKING:
    from followup.services.deps import Deps

MAIL_META = "mail.account"
# The name the candidate's own kit reads the opened password under: a mapping of its own,
# never the process environment.
PASSWORD_ENV = "FOLLOWUP_ACCOUNT_SMTP_PASSWORD"  # noqa: S105 (a name, not a secret)
ORGANISATION, OWN = "organisation", "own"
_SMTP_KEYS = ("host", "port", "tls", "user")


@dataclass(frozen=True, slots=True)
class MailChoice:
    """What a candidate sees of their mail choice: never the password, only whether one
    is set."""

    use: str = ORGANISATION
    host: str = ""
    port: int = 0
    tls: str = ""
    user: str = ""
    from_email: str = ""
    from_name: str = ""
    password_set: bool = False


def _stored(raw: str | None) -> dict[str, Any]:
    try:
        value = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def show(deps: Deps) -> MailChoice:
    """The candidate's choice, as the settings page shows it."""
    kept = _stored(deps.store.get_meta(MAIL_META))
    if kept.get("use") != OWN:
        return MailChoice()
    smtp = kept.get("smtp", {})
    return MailChoice(
        use=OWN,
        host=str(smtp.get("host", "")),
        port=int(smtp.get("port", 0)),
        tls=str(smtp.get("tls", "")),
        user=str(smtp.get("user", "")),
        from_email=str(kept.get("from", "")),
        from_name=str(kept.get("from_name", "")),
        password_set=bool(kept.get("password")),
    )


def save(deps: Deps, values: Mapping[str, object], password: str, vault: Vault) -> MailChoice:
    """Keep the candidate's choice. Their own account is checked like `[mail.smtp]` in a
    config file; an empty `password` keeps the one already set. Bad input writes nothing."""
    use = values.get("use", ORGANISATION)
    if use == ORGANISATION:
        deps.store.set_meta(MAIL_META, json.dumps({"use": ORGANISATION}))
        return MailChoice()
    if use != OWN:
        raise ValidationError("use", f"{use!r}: choose 'organisation' or 'own'")
    smtp = {k: values[k] for k in _SMTP_KEYS if values.get(k) not in (None, "")}
    if isinstance(smtp.get("port"), str) and str(smtp["port"]).isdigit():
        smtp["port"] = int(str(smtp["port"]))  # a form sends text
    checked = account("smtp", smtp, default_port=SMTP_PORTS)  # names the bad key
    from_email = fields.email("from", str(values.get("from_email") or checked.user))
    from_name = fields.name("from_name", str(values.get("from_name") or ""), required=False)
    if len(password) > 1000:
        raise ValidationError("password", "is over 1,000 characters")
    kept = _stored(deps.store.get_meta(MAIL_META))
    sealed = vault.seal(password) if password else kept.get("password", "")
    if not sealed:
        raise ValidationError("password", "is required for your own account")
    record = {
        "use": OWN,
        "smtp": {"host": checked.host, "port": checked.port, "tls": checked.tls.value,
                 "user": checked.user},
        "from": from_email,
        "from_name": from_name,
        "password": sealed,
    }  # fmt: skip
    deps.store.set_meta(MAIL_META, json.dumps(record))
    return show(deps)


def own_account(raw: str | None) -> tuple[dict[str, Any], str] | None:
    """The `[mail]` table and the sealed password of a candidate who chose their own
    account, from their stored meta; None for the organisation's relay. The table reads
    the password from `PASSWORD_ENV` in a mapping of its own."""
    kept = _stored(raw)
    if kept.get("use") != OWN or not kept.get("password"):
        return None
    table = {
        "smtp": {**kept["smtp"], "password_env": PASSWORD_ENV},
        "from": kept.get("from", ""),
        "from_name": kept.get("from_name", ""),
    }
    return table, str(kept["password"])
