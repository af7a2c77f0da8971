"""The records the network is computed from, indexed once per run."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from followup.domain.records.followups import Message
from followup.domain.records.model import (
    Application,
    Contact,
    ContactRole,
    Interview,
    InterviewKind,
    Snapshot,
    Stage,
    Tier,
)

if TYPE_CHECKING:
    from followup.domain.network.gratitude import Owed
    from followup.domain.network.standing import Standing

# Roles that take part in a hiring process (referrers and references are helpers).
_PROCESS_ROLES = frozenset(
    {
        ContactRole.INTERVIEWER,
        ContactRole.HIRING_MANAGER,
        ContactRole.RECRUITER,
        ContactRole.COORDINATOR,
    }
)
_HELPER_ROLES = frozenset({ContactRole.REFERRER, ContactRole.REFERENCE})
OUTCOMES = frozenset({Stage.OFFER, Stage.ACCEPTED, Stage.REJECTED, Stage.WITHDRAWN})


@dataclass(frozen=True, slots=True)
class Records:
    """The records the network is computed from, indexed once per run.

    Every rule here looks a contact or an application up in these indexes rather than
    scanning the records, so a run over the whole database stays linear in its size.
    """

    contacts: Sequence[Contact]
    applications: Sequence[Application]
    interviews: Sequence[Interview]
    messages: Sequence[Message]
    by_contact: Mapping[int, Sequence[Message]] = field(init=False)
    # application id -> its interviews, in record order
    interviews_of: Mapping[int | None, Sequence[Interview]] = field(init=False)
    # contact id -> the interviews they took part in (interviewer or coordinator)
    took_part: Mapping[int, Sequence[Interview]] = field(init=False)
    # contact id -> positions of the processes they helped with, references aside
    _helped: Mapping[int, Sequence[int]] = field(init=False)
    _offers: tuple[int, ...] = field(init=False)  # positions of processes that reached an offer
    _reference_ids: frozenset[int] = field(init=False)
    _helped_of: dict[int, list[Application]] = field(init=False)  # `helped`, as asked
    outcomes: Mapping[int, tuple[Stage, datetime]] = field(init=False)  # app id -> `outcome`
    _contact_at: Mapping[int, int] = field(init=False)  # contact id -> position
    _app_at: Mapping[int, int] = field(init=False)  # application id -> position
    _open_ids: frozenset[int | None] = field(init=False)  # ids of the open applications
    _linked: Mapping[int, set[int]] = field(init=False)  # contact id -> application ids
    _filed: Mapping[int | None, frozenset[int]] = field(init=False)  # app id -> contact ids
    _referrers: Mapping[int | None, tuple[int, ...]] = field(init=False)  # company id -> ids
    _references: tuple[int, ...] = field(init=False)
    # Per-run answers worth computing once (e.g. each outcome's first helpers), by the
    # modules that ask; the records themselves never change.
    memo: dict[tuple[str, int], frozenset[int]] = field(init=False)
    standings: dict[int, Standing] = field(init=False)  # contact id -> as the rules saw them
    owed: dict[int, list[Owed]] = field(init=False)  # contact id -> as the rules saw them
    # id of a calendar policy -> its check-in interval per tier (the policies outlive a run)
    intervals: dict[int, dict[Tier, timedelta]] = field(init=False)

    @classmethod
    def of(cls, snapshot: Snapshot) -> Records:
        return cls(snapshot.contacts, snapshot.applications, snapshot.interviews, snapshot.messages)

    def __post_init__(self) -> None:
        by_company: dict[int, list[int]] = {}
        app_at: dict[int, int] = {}
        outcomes: dict[int, tuple[Stage, datetime]] = {}
        for n, app in enumerate(self.applications):
            if app.id is not None:
                by_company.setdefault(app.company_id, []).append(app.id)
                app_at.setdefault(app.id, n)
                if app.id not in outcomes and (result := outcome(app)) is not None:
                    outcomes[app.id] = result
        # contact id -> ids of the processes they are part of (all of them on record)
        links: dict[int, set[int]] = {}
        interviews_of: dict[int | None, list[Interview]] = {}
        took_part: dict[int, list[Interview]] = {}
        for interview in self.interviews:
            interviews_of.setdefault(interview.application_id, []).append(interview)
            people = [p.contact_id for p in interview.interviewers]
            if interview.coordinator_id is not None:
                people.append(interview.coordinator_id)
            aid = interview.application_id
            on_record = aid in app_at
            for cid in dict.fromkeys(people):
                if on_record:
                    links.setdefault(cid, set()).add(aid)
                took_part.setdefault(cid, []).append(interview)
        by_contact: dict[int, list[Message]] = {}
        filed: dict[int | None, set[int]] = {}
        for message in self.messages:
            by_contact.setdefault(message.contact_id, []).append(message)
            filed.setdefault(message.application_id, set()).add(message.contact_id)
            if message.application_id in app_at:
                links.setdefault(message.contact_id, set()).add(message.application_id)
        contact_at: dict[int, int] = {}
        referrers: dict[int | None, list[int]] = {}
        references: list[int] = []
        for n, contact in enumerate(self.contacts):
            if contact.id is None:
                continue
            contact_at.setdefault(contact.id, n)
            if contact.role is ContactRole.REFERRER:
                referrers.setdefault(contact.company_id, []).append(contact.id)
            elif contact.role is ContactRole.REFERENCE:
                references.append(contact.id)
            if contact.company_id is not None and contact.role in _PROCESS_ROLES:
                links.setdefault(contact.id, set()).update(by_company.get(contact.company_id, ()))
        put = object.__setattr__
        put(self, "by_contact", by_contact)
        put(self, "interviews_of", interviews_of)
        put(self, "took_part", took_part)
        put(self, "_contact_at", contact_at)
        put(self, "_app_at", app_at)
        put(self, "_open_ids", frozenset(a.id for a in self.applications if a.stage.is_open))
        put(self, "outcomes", outcomes)
        put(self, "_linked", links)
        put(self, "_filed", {k: frozenset(v) for k, v in filed.items()})
        put(self, "_referrers", {k: tuple(v) for k, v in referrers.items()})
        put(self, "_references", tuple(references))
        put(self, "memo", {})
        put(self, "standings", {})
        put(self, "owed", {})
        put(self, "intervals", {})
        # Who helped with which process, but for references, who helped with every one
        # that reached an offer: listed apart, not repeated per reference (a long
        # history has hundreds of each).
        helped: dict[int, list[int]] = {}
        offers: list[int] = []
        for n, app in enumerate(self.applications):
            reached = self._reached_offer(app)
            if reached:
                offers.append(n)
            for cid in self._helper_ids(app, references=False):
                helped.setdefault(cid, []).append(n)
        put(self, "_helped", helped)
        put(self, "_offers", tuple(offers))
        put(self, "_reference_ids", frozenset(references))
        put(self, "_helped_of", {})

    def turned_out(self, app: Application) -> str:
        """How a process turned out, in words, for a gratitude note's reason."""
        assert app.id is not None
        stage, at = self.outcomes[app.id]
        return (
            f"how the {app.role} process turned out: {stage} on {at:%Y-%m-%d}, and thank "
            "them (NURTURE-005)."
        )

    def may_have_helped(self, contact_id: int) -> bool:
        """Whether a contact helped with any process, or is a reference (who help with
        every process that reaches an offer): cheaper than listing them."""
        return contact_id in self._helped or contact_id in self._reference_ids

    def helped(self, contact_id: int) -> Sequence[Application]:
        """The processes a contact helped with (NURTURE-005), in record order."""
        found = self._helped_of.get(contact_id)
        if found is None:
            at = self._helped.get(contact_id, [])
            if contact_id in self._reference_ids and self._offers:
                at = sorted({*at, *self._offers})
            found = self._helped_of[contact_id] = [self.applications[n] for n in at]
        return found

    def processes_of(self, contact_id: int) -> tuple[bool, bool]:
        """Whether any process a contact is part of is open, and whether any has ended:
        asked for every contact of a run, answered without listing the processes."""
        ids = self._linked.get(contact_id)
        if not ids:
            return False, False
        return not self._open_ids.isdisjoint(ids), not self._open_ids.issuperset(ids)

    def applications_of(self, contact_id: int) -> list[Application]:
        """The processes a contact is part of, in record order."""
        at = self._app_at
        return [
            self.applications[n] for n in sorted(at[i] for i in self._linked.get(contact_id, ()))
        ]

    def helper_ids(self, app: Application) -> set[int]:
        """The ids of the contacts who helped with a process (see `helpers`)."""
        return self._helper_ids(app, references=True)

    @staticmethod
    def _reached_offer(app: Application) -> bool:
        return any(c.stage in (Stage.OFFER, Stage.ACCEPTED) for c in app.history)

    def _helper_ids(self, app: Application, *, references: bool) -> set[int]:
        ids = {
            p.contact_id
            for i in self.interviews_of.get(app.id, ())
            if i.kind is InterviewKind.INFORMATIONAL
            for p in i.interviewers
        }
        ids.update(self._referrers.get(app.company_id, ()))
        if references and self._reached_offer(app):
            ids.update(self._references)
        for cid in self._filed.get(app.id, ()):
            n = self._contact_at.get(cid)
            if n is not None and self.contacts[n].role in _HELPER_ROLES:
                ids.add(cid)
        return {cid for cid in ids if cid in self._contact_at}

    def contacts_by_position(self, ids: Iterable[int]) -> list[Contact]:
        """The contacts with these ids, in record order."""
        at = self._contact_at
        return [self.contacts[n] for n in sorted(at[i] for i in ids if i in at)]


def outcome(app: Application) -> tuple[Stage, datetime] | None:
    """The latest outcome of a process (offer, accepted, rejected, withdrawn) and when."""
    for change in reversed(app.history):
        if change.stage in OUTCOMES:
            return change.stage, change.at
    return None
