"""The .ics feed of open follow-ups, read back by icalendar and by the independent vobject."""

from __future__ import annotations

import dataclasses
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from followup.adapters.calendar.feed import IcsFeed, MemoryFeed
from followup.adapters.calendar.holidays import PackageHolidays
from followup.adapters.store.sqlite import SqliteStore
from followup.bootstrap import App
from followup.domain.errors import ValidationError
from followup.domain.records.followups import Status
from followup.domain.records.model import (
    Application,
    Company,
    Contact,
    Interview,
    Participant,
    Profile,
    Stage,
)
from followup.domain.timing.policy import DEFAULT, Policies
from followup.services.timing import feed, planning
from tests.conftest import deps_of

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 16, 12, 0, tzinfo=UTC)
HOLIDAYS = PackageHolidays()


@pytest.fixture
def store(sqlite_store: SqliteStore) -> SqliteStore:
    """An interview at Acme on Tue 17 Nov with two interviewers, one with a tricky name."""
    s = sqlite_store
    s.profile.save(Profile(name="Ada", email="ada@example.org", tz="Europe/London", country="GB"))
    acme = s.companies.add(
        Company(name="Acme, Inc.; R&D", industry="software", tz="America/New_York", country="US")
    )
    grace = s.contacts.add(
        Contact(name="Grace Hopper", email="grace@acme.example", company_id=acme.id)
    )
    odd = s.contacts.add(
        Contact(name='Zoë "Z" O\'Brien, PhD; 東京', email="zoe@acme.example", company_id=acme.id)
    )
    assert acme.id and grace.id and odd.id
    app = s.applications.add(
        Application(
            company_id=acme.id, role="Data Engineer", stage=Stage.INTERVIEWING, created_at=NOW
        )
    )
    assert app.id
    s.interviews.add(
        Interview(
            application_id=app.id,
            end=datetime(2026, 11, 17, 15, 0, tzinfo=NY),
            tz="America/New_York",
            interviewers=(Participant(contact_id=grace.id), Participant(contact_id=odd.id)),
        )
    )
    planning.replan(deps_of(store=s, policies=Policies(DEFAULT), holidays=HOLIDAYS), NOW)
    return s


def deps(store: SqliteStore, **ports: object) -> App:
    return deps_of(store=store, policies=Policies(DEFAULT), holidays=HOLIDAYS, **ports)


def export(store: SqliteStore, path: Path, now: datetime = NOW) -> int:
    return feed.export_calendar(deps(store, calendar_feed=IcsFeed(now=now)), now, path)


def test_every_open_follow_up_is_an_event_with_an_alarm(store: SqliteStore, tmp_path: Path) -> None:
    path = tmp_path / "followups.ics"
    assert export(store, path) == 3
    open_ = {f.id: f for f in store.followups.list(statuses=planning.OPEN)}
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(open_) == 3
    starts = sorted(e.decoded("dtstart") for e in events)
    assert starts == sorted(f.window.recommended for f in open_.values())
    for entry in events:
        [alarm] = entry.walk("VALARM")
        assert alarm.decoded("trigger") == -timedelta(minutes=DEFAULT.calendar_alarm_minutes)
        assert str(alarm["action"]) == "DISPLAY"
        assert str(entry["uid"]).endswith("@followup.invalid")
    summaries = {str(e["summary"]) for e in events}
    assert 'Thank-you to Zoë "Z" O\'Brien, PhD; 東京 (Acme, Inc.; R&D)' in summaries


def test_the_independent_parser_reads_the_same_feed(store: SqliteStore, tmp_path: Path) -> None:
    path = tmp_path / "followups.ics"
    export(store, path)
    mine = icalendar.Calendar.from_ical(path.read_bytes())
    theirs = vobject.readOne(path.read_text(encoding="utf-8"))
    ours = {str(e["uid"]): (e.decoded("dtstart"), str(e["summary"])) for e in mine.walk("VEVENT")}
    other = {e.uid.value: (e.dtstart.value, e.summary.value) for e in theirs.vevent_list}
    assert other == ours
    for e in theirs.vevent_list:
        assert e.valarm.trigger.value == -timedelta(minutes=15)
        assert "followup done" in e.description.value  # line folding undone, text intact


def test_re_export_keeps_uids_and_moves_events(store: SqliteStore, tmp_path: Path) -> None:
    path = tmp_path / "followups.ics"
    export(store, path)
    before = {
        str(e["uid"]): e for e in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    }
    [interview] = store.interviews.list()
    later = NOW + timedelta(hours=1)
    store.interviews.update(
        dataclasses.replace(interview, end=datetime(2026, 11, 20, 15, 0, tzinfo=NY))
    )
    planning.replan(deps(store), later)
    export(store, path, later)
    after = {
        str(e["uid"]): e for e in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    }
    assert set(after) == set(before)  # the calendar updates these events, it adds none
    for uid, event in after.items():
        assert event.decoded("dtstart") != before[uid].decoded("dtstart")
        assert int(str(event["sequence"])) > int(str(before[uid]["sequence"]))


def test_done_follow_ups_leave_the_feed(store: SqliteStore, tmp_path: Path) -> None:
    first = store.followups.list(statuses=planning.OPEN)[0]
    assert first.id is not None
    planning.done(deps(store), NOW, first.id)
    path = tmp_path / "followups.ics"
    assert export(store, path) == 2
    assert store.followups.get(first.id).status is Status.DONE


def test_the_file_is_private_and_replaced_atomically(store: SqliteStore, tmp_path: Path) -> None:
    path = tmp_path / "followups.ics"
    path.write_text("old")
    path.chmod(0o644)
    export(store, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".followups")) == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing/followups.ics", "the folder does not exist"),
        ("followups.txt", "should end in .ics"),
    ],
)
def test_bad_paths(store: SqliteStore, tmp_path: Path, name: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        export(store, tmp_path / name)


def test_a_folder_is_not_a_file(store: SqliteStore, tmp_path: Path) -> None:
    (tmp_path / "feed.ics").mkdir()
    with pytest.raises(ValidationError, match="is a folder"):
        export(store, tmp_path / "feed.ics")


def test_the_memory_twin_receives_the_same_events(store: SqliteStore, tmp_path: Path) -> None:
    twin = MemoryFeed()
    path = tmp_path / "f.ics"
    feed.export_calendar(deps(store, calendar_feed=twin), NOW, path)
    export(store, tmp_path / "real.ics")
    real = icalendar.Calendar.from_ical((tmp_path / "real.ics").read_bytes())
    assert [e.uid for e in twin.written[path]] == [str(e["uid"]) for e in real.walk("VEVENT")]
