"""`followup network`: who is due a check-in, who is cooling, who is owed a gratitude note."""

from __future__ import annotations

from collections import Counter
from typing import Any

import click

from followup.bootstrap import App
from followup.cli import console
from followup.cli.options import json_option, pass_app, user_zone
from followup.domain.records.followups import FollowUp
from followup.services import network


def _followup_json(f: FollowUp) -> dict[str, Any]:
    return {
        "id": f.id,
        "key": f.key,
        "kind": f.kind.value,
        "contact_id": f.contact_id,
        "application_id": f.application_id,
        "recommended": f.window.recommended.isoformat(timespec="seconds"),
        "latest": f.window.latest.isoformat(timespec="seconds"),
        "reason": f.reason,
    }


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
    report = network.report(app, now)
    # What the budget holds back is counted, not listed: on a long history it is most of
    # the network, and it comes back by itself.
    held = {id(d) for d in report.waiting}
    left_out = [d for d in report.deferred if id(d) not in held]
    waiting = Counter(d.followup.kind.value for d in report.waiting)
    if as_json:
        console.emit_json(
            {
                "due": [network.standing_json(s) for s in report.due],
                "cooling": [network.standing_json(s) for s in report.cooling],
                "gratitude": [network.owed_json(o) for o in report.gratitude],
                "planned": [_followup_json(f) for f in report.planned],
                "left_out": [
                    {
                        "key": d.followup.key,
                        "kind": d.followup.kind.value,
                        "contact_id": d.followup.contact_id,
                        "reason": d.reason,
                    }
                    for d in left_out
                ],
                "members": [network.standing_json(s) for s in report.members],
                "budget": {
                    "per_week": settings.per_week,
                    "per_day": settings.per_day,
                    "spread_weeks": settings.spread_weeks,
                    "planned_this_week": report.this_week,
                    "waiting": len(report.waiting),
                    "waiting_by_kind": dict(sorted(waiting.items())),
                },
            }
        )
        return
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
