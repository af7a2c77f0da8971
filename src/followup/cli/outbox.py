"""`followup outbox`: what is queued, sent, failed or unknown; run it; resolve `unknown`."""

from __future__ import annotations

from datetime import tzinfo

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.exit_codes import ExitCode
from followup.cli.options import json_option, pass_app, user_zone
from followup.domain.mail.outbox import OutboxEntry, Resolution, SenderBusy, State
from followup.services.mail import outbox as outbox_service
from followup.services.mail import send as sending


def _zone(app: App) -> tzinfo:
    """The user's zone, for times shown in the outbox."""
    from zoneinfo import ZoneInfo

    return ZoneInfo(user_zone(app))


def run_now(app: App) -> outbox_service.RunReport | None:
    """Send what is due; None (and a warning) when another followup process is sending."""
    try:
        return sending.run_outbox(app)
    except SenderBusy as exc:
        console.warn(f"{exc}; the message stays queued")
        return None


def entry_json(entry: OutboxEntry) -> dict[str, object]:
    """An outbox entry in the commands' --json output."""
    return {
        "id": entry.id,
        "state": entry.state.value,
        "via": entry.via.value,
        "followup": entry.followup_id,
        "to": list(entry.recipients),
        "subject": entry.subject,
        "message_id": entry.message_id,
        "attempts": entry.attempts,
        "due": entry.next_attempt_at.isoformat(),
        "sent_at": entry.sent_at.isoformat() if entry.sent_at else None,
        "results": [[r.address, r.code, r.text] for r in entry.results],
        "error": entry.last_error,
        "copy_pending": entry.copy_pending,
    }


@click.group(invoke_without_command=True)
@json_option
@click.pass_context
def outbox(ctx: click.Context, as_json: bool) -> None:
    """List the outbox: queued, sending, sent, retry, failed and unknown messages.

    \b
    Example:
      followup outbox
      followup outbox run
      followup outbox resolve 3 --sent
    """
    if ctx.invoked_subcommand is not None:
        return
    from followup.cli.options import get_app

    app = get_app(ctx)
    _settle_drafts(app)
    entries = app.mail.outbox.entries()
    if as_json:
        console.emit_json([entry_json(e) for e in entries])
        return
    console.table(
        ["id", "state", "via", "to", "subject", "attempts", "due / sent", "note"],
        [
            (
                e.id,
                e.state.label,
                e.via,
                ", ".join(e.recipients),
                e.subject,
                e.attempts,
                outbox_service.readable(e.sent_at or e.next_attempt_at, _zone(app)),
                e.last_error,
            )
            for e in entries
        ],
        title="outbox",
    )
    unknown = [e for e in entries if e.state is State.UNKNOWN]
    for entry in unknown:
        console.warn(console.safe(outbox_service.describe(entry, _zone(app))))


def _settle_drafts(app: App) -> None:
    """Drafts whose follow-up the user marked done are sent (`followup done`)."""
    from followup.domain.errors import Unavailable

    try:
        outbox_service.drafts_sent(
            app.store, app.mail.outbox, lambda message_ids: set(), now=app.clock.now()
        )
    except Unavailable:
        return  # read-only storage: list what is stored


@outbox.command("show")
@click.argument("entry_id", type=int)
@json_option
@pass_app
def show(app: App, entry_id: int, as_json: bool) -> None:
    """Print one message whole, as it was (or will be) sent: headers and body.

    \b
    Example:
      followup outbox show 3
      followup outbox show 3 --json
    """
    from email import message_from_bytes, policy

    entry = app.mail.outbox.get(entry_id)
    if as_json:  # the entry plus the whole message, as sent
        console.emit_json({**entry_json(entry), "raw": entry.raw.decode("utf-8", "replace")})
        return
    console.out(console.safe(outbox_service.describe(entry, _zone(app))))
    console.out("")
    parsed = message_from_bytes(entry.raw, policy=policy.default)
    for name, value in parsed.items():
        console.out(console.safe(f"{name}: {value}"))
    console.out("")
    body = parsed.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else entry.raw.decode("utf-8", "replace")
    for line in str(text).splitlines():
        console.out(console.safe(line))


@outbox.command("run")
@click.option(
    "--watch",
    is_flag=True,
    help="Keep running: send each message when it falls due, until stopped.",
)
@click.option(
    "--interval",
    type=click.FloatRange(min=1),
    default=60.0,
    show_default=True,
    help="With --watch: the longest wait between two runs, in seconds.",
)
@json_option
@pass_app
def run(app: App, watch: bool, interval: float, as_json: bool) -> None:
    """Send every due message (scheduled ones whose time has come, retries that are due).

    Messages left `sending` by a crash are recovered first: back to queued if DATA had
    not started, else `unknown`. Nothing `unknown` is sent again.

    With --watch it keeps running, waking when the next message falls due, until
    stopped: SIGTERM or Ctrl-C finishes the message being sent and exits 0. Without it,
    run it every few minutes from cron, a systemd timer or launchd (docs/mail.md).

    \b
    Example:
      followup outbox run
      followup outbox run --watch
    """
    if watch:
        _watch(app, interval, as_json)
        return
    report = run_now(app)
    if report is None:
        return
    zone = _zone(app)
    lines = [outbox_service.describe(e, zone) for e in (*report.recovered, *report.settled)]
    if as_json:
        console.emit_json(
            {
                "recovered": [entry_json(e) for e in report.recovered],
                "settled": [entry_json(e) for e in report.settled],
                "copied_to_sent": [e.id for e in report.copied],
                "copy_errors": report.copy_errors,
            }
        )
    else:
        for line in lines or ["nothing due"]:
            console.out(console.safe(line))
        for problem in report.copy_errors:
            console.warn(problem)
    bad = {State.FAILED, State.UNKNOWN}
    if any(e.state in bad for e in (*report.recovered, *report.settled)):
        raise click.exceptions.Exit(ExitCode.FAILED)


def _watch(app: App, interval: float, as_json: bool) -> None:
    """`run --watch`: run until SIGTERM or SIGINT, which stop it cleanly (exit 0)."""
    import json
    import signal
    import threading

    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}

    def report(done: outbox_service.RunReport) -> None:
        for entry in (*done.recovered, *done.settled):
            if as_json:  # one JSON object a line, as each message settles
                click.echo(json.dumps(entry_json(entry), ensure_ascii=False))
            else:
                console.out(console.safe(outbox_service.describe(entry, _zone(app))))
        for problem in done.copy_errors:
            console.warn(problem)

    def busy(reason: str) -> None:
        console.warn(f"{reason}; waiting for it")

    if not as_json:
        console.out(f"watching the outbox (at most {interval:g} s between runs); SIGTERM stops")
    try:
        sending.watch(
            app,
            sending.Watch(
                wait=stop.wait, stopping=stop.is_set, interval=interval, report=report, busy=busy
            ),
        )
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if not as_json:
        console.out("stopped")


@outbox.command("resolve")
@click.argument("entry_id", type=int)
@click.option("--sent", "choice", flag_value=Resolution.SENT.value, help="It did go out.")
@click.option("--resend", "choice", flag_value=Resolution.RESEND.value, help="Send it again.")
@pass_app
def resolve(app: App, entry_id: int, choice: str | None) -> None:
    """Decide about a message in `unknown` (or `failed`): it was sent, or send it again.

    Check your Sent folder (or the provider's web mail) for the subject and Message-ID
    that `followup outbox` shows before choosing --resend.

    \b
    Example:
      followup outbox resolve 3 --sent
    """
    if choice is None:
        raise click.UsageError("say what happened: --sent or --resend")
    entry = outbox_service.resolve(
        app.store, app.mail.outbox, entry_id, Resolution(choice), now=app.clock.now()
    )
    if entry.state is State.QUEUED:
        console.out(f"outbox {entry.id}: queued again with the same Message-ID")
        report = run_now(app)
        if report is not None:
            entry = app.mail.outbox.get(entry_id)
    console.out(console.safe(outbox_service.describe(entry, _zone(app))))
