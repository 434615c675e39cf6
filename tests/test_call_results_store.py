"""How calls ended, in a real SQLite file: the migration, the trigger that writes a lookup
with every accepted call, the list's rows and the Missed filter."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from omidesk.domain.call_results import CallResult, Direction, SeenCall
from omidesk.domain.records import CallStatus
from omidesk.store.call_results import CallResultStore
from omidesk.store.calls import CallStore
from omidesk.store.db import Database
from omidesk.store.schema import MIGRATIONS

pytestmark = pytest.mark.integration


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    with Database(tmp_path / "omidesk.sqlite3") as database:
        yield database


def placed(db: Database, number: str = "0901234567", uuid: str | None = "u-1") -> int:
    calls = CallStore(db)
    call_id = calls.start(
        input=number,
        number=number,
        e164="+84" + number[1:],
        extension="101",
        hotline="02877788056",
        source="cli",
    )
    assert call_id is not None
    if uuid is not None:
        calls.finish(call_id, CallStatus.ACCEPTED, call_uuid=uuid)
    return call_id


def inbound(uuid: str, number: str, started: float, *, answered: bool) -> SeenCall:
    result = CallResult(
        call_uuid=uuid,
        direction=Direction.INBOUND,
        extension="101",
        hotline="02877788056",
        customer=number,
        answered=answered,
        talk_s=30 if answered else 0,
        ring_s=10,
        started_at=started,
        answered_at=None,
        ended_at=started + 40,
        hangup_cause="NORMAL_CLEARING" if answered else "ORIGINATOR_CANCEL",
        recording_url=None,
        customer_name="Hoàng Thị Mai",
    )
    return SeenCall(result, number, "+84" + number[1:])


def test_a_call_accepted_here_is_to_be_looked_up(db: Database) -> None:
    call_id = placed(db)
    [pending] = CallResultStore(db).pending_lookups()
    assert (pending.call_id, pending.call_uuid, pending.tries, pending.next_at) == (
        call_id,
        "u-1",
        0,
        None,
    )


def test_a_call_not_accepted_is_not_looked_up(db: Database) -> None:
    calls = CallStore(db)
    call_id = placed(db, uuid=None)
    calls.finish(call_id, CallStatus.REJECTED, error_code="user_busy")
    assert CallResultStore(db).pending_lookups() == []


def test_deleting_or_clearing_calls_ends_their_lookups(db: Database) -> None:
    first = placed(db, uuid="u-1")
    placed(db, "0912345678", uuid="u-2")
    CallStore(db).delete(first)
    assert [p.call_uuid for p in CallResultStore(db).pending_lookups()] == ["u-2"]
    CallStore(db).clear()
    assert CallResultStore(db).pending_lookups() == []


def test_rows_and_the_missed_filter(db: Database) -> None:
    results = CallResultStore(db)
    results.record([inbound("in-1", "0987654321", 1000.0, answered=False)])
    results.record([inbound("in-2", "0938112233", 2000.0, answered=True)])
    calls = CallStore(db)
    rows = calls.rows(10)
    assert [row.call_uuid for row in rows] == ["in-2", "in-1"]
    assert rows[1].outcome("vi") == "Cuộc gọi nhỡ" and rows[1].to_return == 1
    assert [row.call_uuid for row in calls.rows(10, missed=True)] == ["in-1"]
    assert calls.count(missed=True) == calls.missed_count() == 1
    # The same as the whole records say.
    assert [(r.id, r.outcome("en")) for r in calls.recent(10)] == [
        (row.id, row.outcome("en")) for row in rows
    ]
    calls.dismiss(rows[1].id)
    assert calls.missed_count() == 0


def test_a_missed_call_synced_after_the_call_back_is_not_to_return(db: Database) -> None:
    call_id = placed(db, "0987654321")  # called back here: after the missed call below
    record = CallStore(db).get(call_id)
    assert record is not None
    CallResultStore(db).record(
        [inbound("in-1", "0987654321", record.created_at - 60, answered=False)]
    )
    assert CallStore(db).missed_count() == 0


def test_an_older_database_migrates_its_calls_as_placed_here(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    raw = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[:6]:
        migration(raw)
    raw.execute(
        "INSERT INTO calls (created_at, input, number, e164, source, status, call_uuid)"
        " VALUES (1000, '0901234567', '0901234567', '+84901234567', 'cli', 'accepted', 'old')"
    )
    raw.execute("PRAGMA user_version = 6")
    raw.close()
    with Database(path) as db:
        [record] = CallStore(db).recent()
        assert (record.origin, record.direction, record.to_return) == ("omidesk", "outbound", False)
        assert record.answered is None and record.outcome("en") is None
        # Calls accepted before the upgrade are not looked up: their day is long over.
        assert CallResultStore(db).pending_lookups() == []
