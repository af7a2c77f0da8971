"""`followup user`: enrol, list and disable team mode's users; set passwords."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.options import json_option, pass_app
from followup.domain.errors import ValidationError
from followup.domain.records.team import User
from followup.services.team import links, removal, signin, users

MAX_CSV_BYTES = 10_000_000


@click.group("user")
def user() -> None:
    """Team mode's users: candidates, coaches and admins.

    \b
    Example:
      followup user add coach@northfield.ac.uk --role coach
      followup user add ada@northfield.ac.uk --role candidate --coach coach@northfield.ac.uk
    """


@user.command("add")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(["candidate", "coach", "admin"]))
@click.option("--coach", default=None, help="A candidate's coach (their email).")
@click.option("--name", default="", help="The person's name, as shown to their coach.")
@json_option
@pass_app
def add(app: App, email: str, role: str, coach: str | None, name: str, as_json: bool) -> None:
    """Enrol one user; a candidate gets an account of their own.

    \b
    Example:
      followup user add ada@northfield.ac.uk --role candidate --coach coach@northfield.ac.uk
    """
    added = users.add(app.team, app.clock.now(), email, role, coach=coach, name=name)
    if as_json:
        console.emit_json(_row(added, {}))
    else:
        console.out(console.safe(f"added {added.email} ({added.role.value}), user {added.id}"))


@user.command("list")
@json_option
@pass_app
def list_(app: App, as_json: bool) -> None:
    """List every user with their role, coach, state and (a candidate's) account id.

    \b
    Example:
      followup user list --json
    """
    everyone = users.listing(app.team)
    emails = {u.id: u.email for u in everyone}
    if as_json:
        console.emit_json([_row(u, emails) for u in everyone])
        return
    console.table(
        ["id", "account", "email", "role", "coach", "state"],
        [[u.id, u.account_id or "", u.email, u.role.value, emails.get(u.coach_id or 0, ""),
          "disabled" if u.disabled else "active"] for u in everyone],
    )  # fmt: skip


@user.command("disable")
@click.argument("email")
@pass_app
def disable(app: App, email: str) -> None:
    """Disable a user: they cannot sign in, and their sessions end at once.

    \b
    Example:
      followup user disable ada@northfield.ac.uk
    """
    done = users.disable(app.team, app.clock.now(), email)
    console.out(console.safe(f"disabled {done.email}"))


@user.command("enrol")
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True))
@json_option
@pass_app
def enrol(app: App, csv_file: Path, as_json: bool) -> None:
    """Enrol a cohort from a CSV with columns email, role, coach, name (role defaults to
    candidate). Every row is checked before any is added; users already enrolled are skipped.

    \b
    Example:
      followup user enrol cohort-2026.csv
    """
    where = "standard input" if str(csv_file) == "-" else str(csv_file)
    try:
        if where == "standard input":
            raw = sys.stdin.buffer.read(MAX_CSV_BYTES + 1)
        else:
            with csv_file.open("rb") as handle:
                raw = handle.read(MAX_CSV_BYTES + 1)
    except OSError as exc:
        raise ValidationError(where, f"cannot read it: {exc.strerror}") from None
    if len(raw) > MAX_CSV_BYTES:
        raise ValidationError(where, f"is larger than {MAX_CSV_BYTES:,} bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(where, "is not UTF-8 text") from None
    result = users.enrol(app.team, app.clock.now(), text, source=where)
    if as_json:
        console.emit_json({"added": [_row(u, {}) for u in result.added], "skipped": result.skipped})
        return
    for line in result.skipped:
        console.warn(console.safe(f"skipped {line}"))
    console.out(f"enrolled {len(result.added)} user(s), skipped {len(result.skipped)}")


@user.command("password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@pass_app
def password(app: App, email: str, password_stdin: bool) -> None:
    """Set a user's password (argon2id-hashed; at least 10 characters).

    \b
    Example:
      followup user password ada@northfield.ac.uk
    """
    if password_stdin:
        secret = sys.stdin.readline().rstrip("\r\n")
    else:
        secret = click.prompt("password", hide_input=True, confirmation_prompt=True)
    signin.set_password(app.team, email, secret)
    console.out(console.safe(f"password set for {email.strip().lower()}"))


@user.command("invite")
@click.argument("email")
@click.option(
    "--role",
    default="candidate",
    show_default=True,
    type=click.Choice(["candidate", "coach", "admin"]),
)
@click.option("--coach", default=None, help="A candidate's coach (their email).")
@click.option("--name", default="", help="The person's name, as shown to their coach.")
@click.option(
    "--days",
    default=links.INVITE_LIFETIME.days,
    show_default=True,
    type=click.IntRange(1, links.MAX_INVITE_DAYS),
    help="How long the link works.",
)
@click.option(
    "--url",
    "base",
    default="http://127.0.0.1:8766",
    show_default=True,
    help="The address people reach `team serve` at.",
)
@click.option("--mail", "send", is_flag=True, help="Also mail the link through [mail.smtp].")
@json_option
@pass_app
def invite(app: App, email: str, role: str, coach: str | None, name: str, days: int, base: str,
           send: bool, as_json: bool) -> None:  # fmt: skip
    """Enrol someone (or take a user with no password yet) and print an invite link that
    lets them choose a password once, within --days.

    \b
    Example:
      followup user invite ada@northfield.ac.uk --coach coach@northfield.ac.uk \\
        --url https://careers.northfield.ac.uk --mail
    """
    if not base.startswith(("http://", "https://")) or any(c.isspace() for c in base):
        raise ValidationError("--url", f"{base!r} is not an http(s) address")
    team, now = app.team, app.clock.now()
    if send:
        links.check_relay(app.config.mail, app.relay)
    who = links.Invitee(email, role, coach, name)
    invited, token = links.invite(team, now, who, days=days)
    url = f"{base.rstrip('/')}/invite/{token}"
    mailed = ""
    if send:
        assert app.relay is not None
        org = team.organisation() or "followup"
        attempt = links.send_link(
            app.relay, app.config.mail, now, invited, url, org=org, purpose=links.INVITE
        )
        mailed = attempt.outcome.value
        if mailed != "delivered":
            console.warn(console.safe(f"the invite mail was not sent: {attempt.detail}"))
    if as_json:
        console.emit_json({**_row(invited, {}), "link": url, "days": days, "mail": mailed})
        return
    console.out(console.safe(f"invite for {invited.email} ({invited.role.value}), {days} day(s):"))
    console.out(console.safe(url))


@user.command("delete")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_app
def delete(app: App, email: str, yes: bool) -> None:
    """Delete a user and everything of theirs: a candidate's records, drafts, messages,
    outbox, audit log, sessions, tokens and links. Export first (`followup export` with
    FOLLOWUP_ACCOUNT) to keep a copy. The last admin cannot be deleted.

    \b
    Example:
      followup user delete ada@northfield.ac.uk --yes
    """
    target = users.by_email(app.team, email)
    if not yes and not click.confirm(
        f"delete {target.email} ({target.role.value}) and all their data?", default=False
    ):
        raise click.exceptions.Exit(1)
    gone = removal.delete(app.team, app.clock.now(), target.email, actor=None)
    console.out(console.safe(f"deleted {gone.email} and everything of theirs"))


def _row(u: User, emails: dict[int, str]) -> dict[str, object]:
    return {
        "id": u.id,
        "account_id": u.account_id,  # a candidate's; for FOLLOWUP_ACCOUNT and support
        "email": u.email,
        "name": u.name,
        "role": u.role.value,
        "coach": emails.get(u.coach_id or 0) if u.coach_id else None,
        "disabled": u.disabled,
        "sharing": u.sharing,
    }
