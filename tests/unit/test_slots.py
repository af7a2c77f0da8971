"""Hot paths build records from every field in field order, straight into their slots
(`domain/records/slots.py`; issue 16: a whole-database run builds a few hundred
thousand). Built that way, a record is the one its keyword constructor makes."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from followup.domain.records.followups import Direction, FollowUp, Kind, Message, Window
from followup.domain.records.model import Participant, Stage, StageChange
from followup.domain.records.slots import built

AT = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "record",
    [
        Message(id=7, contact_id=2, direction=Direction.OUT, kind=Kind.THANK_YOU, at=AT,
                subject="Thank you", note="sent by hand"),
        StageChange(stage=Stage.OFFER, at=AT, note="verbal"),
        Participant(contact_id=3, topics=("Spark", "dbt")),
        FollowUp(key="check-in/c3/new", kind=Kind.CHECK_IN, contact_id=3,
                 window=Window(earliest=AT, recommended=AT, latest=AT), reason="due",
                 created_at=AT, updated_at=AT),
    ],
)  # fmt: skip
def test_a_built_record_is_the_keyword_constructors(record: object) -> None:
    cls = type(record)
    values = [getattr(record, f.name) for f in dataclasses.fields(record)]  # type: ignore[arg-type]
    made = built(cls)(*values)
    assert type(made) is cls
    assert made == record and hash(made) == hash(record) and repr(made) == repr(record)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, dataclasses.fields(cls)[0].name, values[0])


def test_every_field_must_be_given() -> None:
    with pytest.raises(ValueError, match="zip"):
        built(StageChange)(Stage.OFFER, AT)
