"""The extension's own calls from OMICall's history into the local history, against the
sandbox and a real SQLite file: missed calls to return, called back, never twice."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from omidesk import services
from omidesk.domain.records import CallStatus, Origin
from omidesk.domain.settings import Settings
from omidesk.omicall.client import OmiCallClient
from omidesk.omicall.history import HistoryReader, Throttle
from omidesk.sandbox.crm import CUSTOMERS
from omidesk.sandbox.history import Call
from omidesk.sandbox.server import Sandbox
from omidesk.store.call_results import CallResultStore
from omidesk.store.calls import CallStore
from omidesk.store.db import Database
from omidesk.usecases.offload import inline
from omidesk.usecases.sync_history import FIRST_SYNC_S, OVERLAP_S, HistorySync, SyncReport

pytestmark = pytest.mark.integration

EXT, HOTLINE = "101", "02877788056"
MAI, HUY, KHOI = CUSTOMERS[0], CUSTOMERS[1], CUSTOMERS[5]


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    with Database(tmp_path / "omidesk.sqlite3") as database:
        yield database


def use_case(client: OmiCallClient, db: Database, dial_format: str = "national") -> HistorySync:
    reader = HistoryReader(client, throttle=Throttle(gap_s=0.0))
    return HistorySync(CallResultStore(db), reader, dial_format=lambda: dial_format, offload=inline)


def sync(sandbox: Sandbox, db: Database, dial_format: str = "national") -> SyncReport:
    async def go() -> SyncReport:
        async with httpx.AsyncClient() as http:
            client = OmiCallClient(http, sandbox.base_url, sandbox.api_key, timeout_s=2.0)
            return await use_case(client, db, dial_format).sync(sandbox.base_url, EXT)

    return asyncio.run(go())


def dial(sandbox: Sandbox, db: Database, number: str) -> int:
    settings = Settings(base_url=sandbox.base_url, extension=EXT, hotline=HOTLINE)

    async def go() -> int:
        async with services.one_shot(db, settings, lambda: sandbox.api_key) as dialer:
            outcome = await dialer.dial(number)
        assert outcome.status == CallStatus.ACCEPTED and outcome.record_id is not None
        return outcome.record_id

    return asyncio.run(go())


def to_return(db: Database) -> list[str]:
    return sorted(r.number or "" for r in CallStore(db).recent(100, missed=True))


def test_the_first_sync_brings_the_last_week_and_its_missed_calls(
    sandbox: Sandbox, db: Database
) -> None:
    report = sync(sandbox, db)
    assert (report.added, report.updated, report.skipped, report.pages) == (15, 0, 0, 1)
    records = CallStore(db).recent(100)
    assert {r.origin for r in records} == {Origin.OMICALL}
    assert {r.source for r in records} == {"omicall"}
    assert {r.direction for r in records} == {"inbound", "outbound"}
    # Hương's and Lan's misses were returned (a call back on the phone, an answered call
    # again): three calls are still to return, the newest first.
    assert CallStore(db).missed_count() == 3
    assert to_return(db) == sorted(c.phones[0] for c in (MAI, HUY, KHOI))
    [search] = sandbox.history.searches()
    assert search.json["sipUsers"] == [EXT]
    assert search.json["directions"] == ["inbound", "outbound"]
    span = search.json["toDate"] - search.json["fromDate"]
    assert span == pytest.approx(FIRST_SYNC_S * 1000, abs=1)  # ms, each cut to an integer


def test_two_syncs_store_each_call_once(sandbox: Sandbox, db: Database) -> None:
    sync(sandbox, db)
    before = CallStore(db).count()
    again = sync(sandbox, db)
    assert (again.added, again.updated) == (0, 0)
    assert CallStore(db).count() == before
    with db.reading() as conn:
        repeated = conn.execute(
            "SELECT call_uuid FROM calls GROUP BY call_uuid HAVING COUNT(*) > 1"
        ).fetchall()
    assert repeated == []
    # The second sync starts a little before where the first ended, not a week back.
    first, second = sandbox.history.searches()
    since = first.json["toDate"] - OVERLAP_S * 1000
    assert second.json["fromDate"] == pytest.approx(since, abs=1)


def test_a_call_placed_here_is_matched_by_its_call_uuid_not_added(
    sandbox: Sandbox, db: Database
) -> None:
    record_id = dial(sandbox, db, "0912 345 678")
    sandbox.history.advance(600)
    report = sync(sandbox, db)
    assert report.updated == 1
    record = CallStore(db).get(record_id)
    assert record is not None
    assert (record.origin, record.answered) == (Origin.OMIDESK, True)
    with db.reading() as conn:
        count = conn.execute(
            "SELECT COUNT(*) FROM calls WHERE call_uuid = ?", (record.call_uuid,)
        ).fetchone()[0]
    assert count == 1
    assert CallResultStore(db).pending_lookups() == []  # the sync answered the lookup too


def test_a_missed_call_is_cleared_by_calling_back_through_omidesk(
    sandbox: Sandbox, db: Database
) -> None:
    sync(sandbox, db)
    assert CallStore(db).missed_count() == 3
    dial(sandbox, db, MAI.phones[0])
    assert CallStore(db).missed_count() == 2
    assert MAI.phones[0] not in to_return(db)


def test_a_missed_call_is_cleared_by_a_call_back_seen_in_the_history(
    sandbox: Sandbox, db: Database
) -> None:
    sync(sandbox, db)
    sandbox.history.add(
        Call(
            transaction_id="called-back-on-the-phone",
            direction="outbound",
            sip_user=EXT,
            sip_number=HOTLINE,
            phone_number="84" + HUY.phones[0][1:],  # OMICall may write it so
            started=sandbox.history.now() - 120,
            ring_s=3,
            talk_s=40,
            cause="NORMAL_CLEARING",
        )
    )
    report = sync(sandbox, db)
    assert report.added == 1
    assert to_return(db) == sorted(c.phones[0] for c in (MAI, KHOI))


def test_a_refused_attempt_does_not_return_a_missed_call(sandbox: Sandbox, db: Database) -> None:
    sync(sandbox, db)
    settings = Settings(base_url=sandbox.base_url, extension="999", hotline=HOTLINE)

    async def refused() -> None:
        async with services.one_shot(db, settings, lambda: sandbox.api_key) as dialer:
            outcome = await dialer.dial(MAI.phones[0])
        assert outcome.status == CallStatus.REJECTED

    asyncio.run(refused())
    assert CallStore(db).missed_count() == 3


def test_numbers_are_kept_in_the_dial_form(sandbox: Sandbox, db: Database) -> None:
    sync(sandbox, db, dial_format="e164")
    numbers = {r.number for r in CallStore(db).recent(100)}
    assert "+84987654321" in numbers
    assert all(n and n.startswith("+84") for n in numbers)


def test_a_malformed_item_is_skipped_and_logged_and_the_rest_kept(
    sandbox: Sandbox, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    sandbox.history.inject("malformed")
    report = sync(sandbox, db)
    assert (report.added, report.skipped) == (15, 2)
    assert "item 1 of page 1 skipped" in caplog.text


def test_the_loop_syncs_and_says_what_changed(sandbox: Sandbox, db: Database) -> None:
    async def go() -> tuple[list[int], Any]:
        async with httpx.AsyncClient() as http:
            client = OmiCallClient(http, sandbox.base_url, sandbox.api_key, timeout_s=2.0)
            syncing = use_case(client, db)
            told: list[int] = []
            done = asyncio.Event()

            def heard(record_id: int) -> None:
                told.append(record_id)
                if len(told) == 15:
                    done.set()

            syncing.listeners.append(heard)
            task = asyncio.ensure_future(syncing.run(lambda: (sandbox.base_url, EXT)))
            await done.wait()
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            return told, syncing.failure

    told, failure = asyncio.run(go())
    assert sorted(told) == sorted(r.id for r in CallStore(db).recent(100))
    assert failure is None
