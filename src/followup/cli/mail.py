"""`followup mail`: set up the SMTP/IMAP account, and test it without sending anything."""

from __future__ import annotations

import re

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.exit_codes import ExitCode
from followup.cli.options import pass_app
from followup.domain.mail.accounts import IMAP_PORTS, SMTP_PORTS, TlsMode, account, mail_settings
from followup.services.mail import send as sending

# provider: (smtp host, smtp port, smtp tls, imap host, imap port, copy_to_sent)
PRESETS: dict[str, tuple[str, int, str, str, int, bool]] = {
    "gmail": ("smtp.gmail.com", 465, "implicit", "imap.gmail.com", 993, False),
    "outlook": ("smtp.office365.com", 587, "starttls", "outlook.office365.com", 993, True),
    "fastmail": ("smtp.fastmail.com", 465, "implicit", "imap.fastmail.com", 993, True),
    "icloud": ("smtp.mail.me.com", 587, "starttls", "imap.mail.me.com", 993, True),
    "yahoo": ("smtp.mail.yahoo.com", 465, "implicit", "imap.mail.yahoo.com", 993, True),
}


@click.group()
def mail() -> None:
    """Your mail account: where followup sends from and looks for replies.

    \b
    Example:
      followup mail setup --preset fastmail --user ada@fastmail.com
      followup mail test
    """


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def _render(tables: dict[str, dict[str, object]]) -> str:
    out: list[str] = []
    for name, values in tables.items():
        out.append(f"[{name}]")
        out.extend(f"{k} = {_toml(v)}" for k, v in values.items() if v not in ("", None))
        out.append("")
    return "\n".join(out)


def replace_mail_tables(old: str, tables: dict[str, dict[str, object]]) -> str:
    """The config text with its [mail], [mail.smtp] and [mail.imap] tables replaced."""
    kept: list[str] = []
    skipping = False
    for line in old.splitlines():
        header = re.match(r"^\s*\[\s*([A-Za-z0-9_.\-\"]+)\s*\]\s*(#.*)?$", line)
        if header:
            skipping = header.group(1) == "mail" or header.group(1).startswith("mail.")
        if not skipping:
            kept.append(line)
    text = "\n".join(kept).rstrip()
    return (text + "\n\n" if text else "") + _render(tables)


@mail.command("setup")
@click.option("--preset", type=click.Choice(sorted(PRESETS)), help="A known provider.")
@click.option("--user", help="The login name, usually your email address.")
@click.option("--smtp-host")
@click.option("--smtp-port", type=int)
@click.option("--smtp-tls", type=click.Choice([m.value for m in TlsMode]))
@click.option("--imap-host", help="Leave out to skip IMAP (Drafts, replies).")
@click.option("--imap-port", type=int)
@click.option("--password-env", help="Read the password from this environment variable.")
@click.option("--cafile", help="Trust this certificate (a self-signed server you control).")
@pass_app
def setup(
    app: App,
    preset: str | None,
    user: str | None,
    smtp_host: str | None,
    smtp_port: int | None,
    smtp_tls: str | None,
    imap_host: str | None,
    imap_port: int | None,
    password_env: str | None,
    cafile: str | None,
) -> None:
    """Guided setup: asks for what the options do not give, then writes the config.

    Without --preset or --smtp-host it first asks for your provider. The password
    goes to the system keyring when a real one exists, else to a 0600 file beside
    the config, or stays in the environment variable you name. It is never written
    to the config file or the database.

    \b
    Example:
      followup mail setup --preset gmail --user ada@gmail.com
    """
    if preset is None and smtp_host is None:
        choice = click.prompt(
            "Provider", type=click.Choice([*sorted(PRESETS), "other"]), default="other"
        )
        preset = choice if choice in PRESETS else None
    base = PRESETS.get(preset or "", ("", 587, "starttls", "", 993, True))
    smtp_host = smtp_host or click.prompt("SMTP server", default=base[0] or None)
    smtp_tls = smtp_tls or click.prompt(
        "SMTP security", type=click.Choice([m.value for m in TlsMode]), default=base[2]
    )
    smtp_port = smtp_port or click.prompt(
        "SMTP port", type=int, default=base[1] if preset else SMTP_PORTS[TlsMode(smtp_tls)]
    )
    user = user or click.prompt("Login (usually your email address)")
    if imap_host is None and base[3]:
        imap_host = base[3]
    smtp_values: dict[str, object] = {
        "host": smtp_host,
        "port": smtp_port,
        "tls": smtp_tls,
        "user": user,
        "password_env": password_env or "",
        "cafile": cafile or "",
    }
    imap_values: dict[str, object] | None = None
    if imap_host:
        imap_values = {
            "host": imap_host,
            "port": imap_port or base[4] or IMAP_PORTS[TlsMode.IMPLICIT],
            "tls": "implicit",
            "user": user,
            "password_env": password_env or "",
            "cafile": cafile or "",
        }
    smtp_account = account("mail.smtp", smtp_values, default_port=SMTP_PORTS)
    if not password_env:
        secret = _password()
        where = app.mail.save_password("smtp", smtp_account, secret)
        if imap_values is not None:
            imap_account = account("mail.imap", imap_values, default_port=IMAP_PORTS)
            app.mail.save_password("imap", imap_account, secret)
        if where != "the system keyring":
            smtp_values["password_file"] = where
            if imap_values is not None:
                imap_values["password_file"] = where.replace("smtp.password", "imap.password")
        console.out(f"password kept in {where}")
    tables: dict[str, dict[str, object]] = {
        "mail": {"copy_to_sent": base[5]},
        "mail.smtp": smtp_values,
    }
    if imap_values is not None:
        tables["mail.imap"] = imap_values
    path = app.settings.config_path
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    new = replace_mail_tables(old, tables)
    import tomllib

    mail_settings(tomllib.loads(new))  # refuse to write a config we could not read back
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(new, encoding="utf-8")
    tmp.chmod(0o600)
    tmp.replace(path)
    console.out(f"mail settings written to {path}; run `followup mail test` to check them")


@mail.command("test")
@pass_app
def test(app: App) -> None:
    """Connect, log in and find the Drafts and Sent folders. Sends nothing.

    \b
    Example:
      followup mail test
    """
    failed = False
    for result in sending.check_accounts(app):
        if result.ok:
            console.out(console.safe(result.detail))
        else:
            failed = True
            click.echo(f"error: {result.role}: {console.safe(result.detail)}", err=True)
    if failed:
        raise click.exceptions.Exit(ExitCode.FAILED)


def _password() -> str:
    """The password: asked without echo on a terminal; from a pipe, its first line, read
    plainly (getpass would warn that it cannot turn echo off, and may read /dev/tty)."""
    import sys

    if sys.stdin.isatty():
        return str(click.prompt("Password (or app password)", hide_input=True))
    secret = sys.stdin.readline().rstrip("\r\n")
    if not secret:
        raise click.UsageError("no password on standard input; give one line, or --password-env")
    return secret
