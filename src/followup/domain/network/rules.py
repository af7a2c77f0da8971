"""The planner rules for the long-run kinds: check-ins, gratitude, greetings, news notes.

The planner takes these as extra rules (`contact_rules`); `spacing.space()` then keeps
every note to one person a week apart."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from followup.domain.network.gratitude import owed_gratitude
from followup.domain.network.greetings import HolidayDate, greeting_windows, two_way
from followup.domain.network.index import Records
from followup.domain.network.policy import NetworkPolicy
from followup.domain.network.standing import Standing, review_one
from followup.domain.records.followups import FollowUp, Kind, Window
from followup.domain.records.model import Contact
from followup.domain.timing.calendar import BusinessCalendar
from followup.domain.timing.planning import ContactRule, Plan, Planning


def _window(cal: BusinessCalendar, start: datetime, latest: datetime) -> Window:
    begin = cal.local(cal.next_preferred(start))
    return Window(earliest=begin, recommended=begin, latest=cal.local(max(latest, begin)))


def send_at(when: datetime, cal: BusinessCalendar) -> datetime:
    """The first preferred moment of a business day at or after `when`, outside the year-end
    quiet (SEND-002, SEND-005)."""
    at = cal.next_preferred(when)
    day = cal.local_date(at)
    if cal.in_blackout(day):
        at = cal.day(cal.after_blackout(day)).pref_start
    return cal.local(at)


def _business_days(cal: BusinessCalendar, first: date, last: date) -> tuple[date, date] | None:
    """The first and the last business day from `first` to `last`, or None when none is."""
    start = first
    while start <= last and not cal.is_business_day(start):
        start += _DAY
    if start > last:
        return None
    end = last
    while not cal.is_business_day(end):
        end -= _DAY
    return start, end


_DAY = timedelta(days=1)


def contact_rules(
    records: Records,
    settings: NetworkPolicy,
    *,
    holiday_date: HolidayDate,
    news_notes: Callable[[Planning, Standing], Iterable[FollowUp]] | None = None,
) -> tuple[ContactRule, ...]:
    """The planner rules for the long-run kinds, bound to this run's records."""

    # A process's outcome gives every helper with the same calendar the same window.
    windows: dict[tuple[int, datetime], Window] = {}

    def gratitude_window(cal: BusinessCalendar, since: datetime) -> Window:
        key = (id(cal), since)
        found = windows.get(key)
        if found is None:
            found = windows[key] = _window(
                cal, since + timedelta(hours=12), since + settings.gratitude_open
            )
        return found

    def network_rule(planning: Planning, contact: Contact, plan: Plan) -> None:
        if contact.id is None:
            return
        company = planning.companies.get(contact.company_id)
        cal, policy = planning.calendar(company, contact)
        s = records.standings[contact.id] = review_one(
            contact, records, planning, settings, policy=policy
        )
        now = planning.now
        if s.next_due is not None and s.next_due <= now + settings.check_in_horizon:
            # Anchored on the due date, not on now: an overdue check-in stays overdue on the
            # agenda instead of sliding to "tomorrow" at every run. Once its window has
            # passed, it opens again for the next period, counted from the due date: a
            # long history's due dates lie years back, and their days need no working out.
            every = settings.check_in_open
            periods = max(0, -(-(now - (s.next_due + every)) // every))
            at = send_at(s.next_due + periods * every, cal)
            # The date as digits, without strftime: this runs for every check-in of a long
            # history.
            base = s.last_touch.date().isoformat().replace("-", "") if s.last_touch else "new"
            if "NURTURE-004" in s.due_reason:
                base = "after-rejection"
            plan.followups.append(
                planning.followup(
                    f"check-in/c{contact.id}/{base}",
                    Kind.CHECK_IN,
                    Window(earliest=at, recommended=at, latest=at + settings.check_in_open),
                    f"Check in with {contact.name}: {s.due_reason}. Offer something rather than "
                    "ask (NURTURE-002).",
                    contact_id=contact.id,
                )
            )
        owed_now = records.owed[contact.id] = owed_gratitude(contact, records, now, settings)
        for owed in owed_now:
            plan.followups.append(
                planning.followup(
                    f"gratitude/a{owed.application_id}/c{contact.id}/{owed.outcome}",
                    Kind.GRATITUDE,
                    gratitude_window(cal, owed.since),
                    owed.reason,
                    application_id=owed.application_id,
                    contact_id=contact.id,
                )
            )
        if s.in_network and two_way(s, now, settings):
            for suffix, first, last, why in greeting_windows(s, cal, now, settings, holiday_date):
                open_days = _business_days(cal, first, last)
                if open_days is None or cal.day(open_days[1]).close < now:
                    continue
                begin = cal.local(cal.day(open_days[0]).pref_start)
                end_at = cal.local(max(cal.day(open_days[1]).close, begin))
                plan.followups.append(
                    planning.followup(
                        f"holiday/c{contact.id}/{suffix}",
                        Kind.HOLIDAY,
                        Window(earliest=begin, recommended=begin, latest=end_at),
                        f"{why} Greeting only, no request (HOLIDAY-001/004).",
                        contact_id=contact.id,
                    )
                )
        if news_notes is not None:
            plan.followups.extend(news_notes(planning, s))

    return (network_rule,)
