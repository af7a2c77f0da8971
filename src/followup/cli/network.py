"""`followup network`: who is due a check-in, who is cooling, who is owed a gratitude note."""

from __future__ import annotations

import sys
from collections import Counter

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.options import json_option, pass_app, user_zone
from followup.services import network


@click.command("network")
@json_option
@pass_app
def network_(app: App, as_json: bool) -> None:
    """Show your network: who is due a check-in, who is cooling, who is owed a
    gratitude note, and the notes planned for them, each with its reason.

    Tiers set the check-in interval (close 6 weeks, regular 90 days, light 180 days;
    `followup contact tier ID TIER`). Interview contacts join as regular once their
    process ends. Planning runs first, so the agenda holds the same notes.

    \b
    Example:
      followup network --json
    """
    settings = app.config.network
    now = app.clock.now()
    if as_json:
        # The last whole run's standings when nothing changed since, as one compact document
        # (issue 16: a long history's network reads in a fraction of a second). Straight to
        # stdout: click.echo would scan its megabytes for ANSI codes.
        sys.stdout.write(network.summary(app, now) + "\n")
        return
    report = network.report(app, now)
    # What the budget holds back is counted, not listed: on a long history it is most of
    # the network, and it comes back by itself.
    held = {id(d) for d in report.waiting}
    left_out = [d for d in report.deferred if id(d) not in held]
    waiting = Counter(d.followup.kind.value for d in report.waiting)
    tz = user_zone(app)
    console.out(f"Network: {len(report.members)} people")
    console.out(
        f"Attention budget: {settings.per_week} notes a week, {settings.per_day} a day "
        f"([network] per_week, per_day); {report.this_week} planned this week, "
        f"{len(report.waiting)} waiting for room"
    )
    console.out("Due for a check-in")
    for s in report.due or ():
        when = console.moment(s.next_due, tz)
        console.out(f"  [{s.contact_id}] {console.safe(s.contact.name)} ({s.tier}), due {when}")
        console.out(f"      why: {console.safe(s.due_reason)}")
    if not report.due:
        console.out("  nobody")
    console.out("Cooling")
    for s in report.cooling:
        console.out(f"  [{s.contact_id}] {console.safe(s.contact.name)}: {console.safe(s.advice)}")
    if not report.cooling:
        console.out("  nobody")
    console.out("Owed a gratitude note")
    for o in report.gratitude:
        console.out(f"  [{o.contact_id}] {console.safe(o.reason)}")
    if not report.gratitude:
        console.out("  nobody")
    if report.planned:
        console.out("Planned notes (see `followup agenda`)")
        for f in report.planned:
            console.out(
                f"  [{f.id}] {f.kind} {console.moment(f.window.recommended, tz)}: "
                f"{console.safe(f.reason)}"
            )
    if waiting:
        listed = ", ".join(f"{n} {kind}" for kind, n in sorted(waiting.items()))
        console.out(f"  waiting for room in the budget: {listed} (they come back)")
    for d in left_out:
        console.out(
            f"  left out: {d.followup.kind} to contact {d.followup.contact_id}: "
            f"{console.safe(d.reason)}"
        )
