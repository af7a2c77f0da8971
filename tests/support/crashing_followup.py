"""`followup` as the crash matrix runs it: the shipped command line, wired with a mail kit
that SIGKILLs this process when a send reaches a chosen point.

    python -m tests.support.crashing_followup POINT [followup arguments ...]

Points, in order: `before-claim`, `after-claim` (the outbox loop), `envelope`
(phase=envelope recorded), `data` (phase=data recorded, nothing of DATA sent yet),
`accepted` (the server said 250 to DATA, the database not yet told). The killing lives
here, in the test suite: shipped code only offers the kit's neutral `observer` seam, so
no environment variable can make a real `followup` kill itself.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable

POINTS = ("before-claim", "after-claim", "envelope", "data", "accepted")


def kill_at(point: str) -> Callable[[str], None]:
    """An observer that SIGKILLs this process when the sender reaches `point`."""

    def observe(reached: str) -> None:
        if reached == point:
            os.kill(os.getpid(), signal.SIGKILL)

    return observe


def main(argv: list[str]) -> None:
    """Run `followup argv[1:]` with the mail kit killing at `argv[0]`."""
    if not argv or argv[0] not in POINTS:
        sys.exit(f"usage: crashing_followup POINT COMMAND...; POINT is one of {', '.join(POINTS)}")
    from followup.adapters.mail.kit import RealMailKit
    from followup.adapters.store.sqlite import SqliteStore
    from followup.bootstrap import build
    from followup.cli import cli
    from followup.settings import Settings

    settings = Settings.from_env()
    store = SqliteStore(settings.database)
    kit = RealMailKit(settings, store, environ=os.environ, observer=kill_at(argv[0]))
    try:
        cli.main(args=argv[1:], prog_name="followup", obj=build(settings, store=store, mail=kit))
    finally:
        kit.close()
        store.close()


if __name__ == "__main__":
    main(sys.argv[1:])
