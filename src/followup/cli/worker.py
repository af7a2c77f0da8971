"""`followup worker`: background work for every account on PostgreSQL."""

from __future__ import annotations

import click

from followup.cli import console


@click.command("worker")
@click.option(
    "--concurrency",
    type=click.IntRange(min=1, max=64),
    default=2,
    show_default=True,
    help="Jobs this process works on at once (threads).",
)
@click.option(
    "--poll",
    type=click.FloatRange(min=0.5, max=3600),
    default=30.0,
    show_default=True,
    help="The longest sleep between two looks at the queue, in seconds (NOTIFY wakes sooner).",
)
@click.option(
    "--only",
    "kinds",
    multiple=True,
    type=click.Choice(["deliver", "replan", "sweep", "feeds", "sync"]),
    help="Take only jobs of this kind (repeatable): dedicate workers to delivery, say.",
)
@click.option("--drain", is_flag=True, help="Exit once no job is due (cron, benchmarks).")
@click.option("--quiet", is_flag=True, help="Say only when it starts and stops.")
def worker(concurrency: int, poll: float, kinds: tuple[str, ...], drain: bool, quiet: bool) -> None:
    """Do the background work of every account on PostgreSQL, until stopped.

    Delivers the outbox (scheduled sends, retries with backoff; a message in `unknown` is
    never resent), re-plans an account after its records change, sweeps date-dependent
    plans daily, fetches company feeds and syncs replies. Jobs are claimed through the
    database, so run as many workers on as many hosts as you like (docs/deploy.md).
    SIGTERM or Ctrl-C finishes the jobs in hand and exits 0.

    On SQLite there is one candidate and no job queue: use `followup outbox run --watch`.

    \b
    Example:
      FOLLOWUP_DATABASE=postgresql://followup@db/followup followup worker --concurrency 4
      followup worker --only deliver --concurrency 8
    """
    import signal
    import threading

    from followup import bootstrap
    from followup.settings import Settings

    settings = Settings.from_env()
    if not settings.database_url:
        from followup.cli import UserError

        raise UserError(
            "followup worker needs PostgreSQL (FOLLOWUP_DATABASE=postgresql://...); "
            "with SQLite run `followup outbox run --watch`"
        )
    stop = threading.Event()
    lock = threading.Lock()

    def on_signal(signum: int, frame: object) -> None:
        stop.set()

    def report(line: str) -> None:
        with lock:
            if line.startswith("job failed"):
                console.warn(console.safe(line))
            elif not quiet:
                console.out(console.safe(line))

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    console.out(f"worker: {concurrency} thread(s); SIGTERM stops after the jobs in hand")
    try:
        done = bootstrap.run_workers(
            settings,
            concurrency=concurrency,
            stop=stop,
            report=report,
            poll=poll,
            kinds=kinds,
            drain=drain,
        )
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    console.out(f"worker: stopped after {done} job(s)")
