"""How OmiDesk's own calls ended: the follow-up's rules with in-memory ports, then the
whole path (dial, store, OMICall's history) against the sandbox and a real SQLite file."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from omidesk import services
from omidesk.domain.call_results import (
    CallResult,
    Direction,
    HistoryPage,
    HistoryQuery,
    PendingLookup,
    Recorded,
    SeenCall,
)
from omidesk.domain.errors import RATE_LIMITED, RemoteError
from omidesk.domain.records import CallStatus
from omidesk.domain.settings import Settings
from omidesk.omicall.client import OmiCallClient
from omidesk.omicall.history import HistoryReader, Throttle
from omidesk.sandbox.server import Sandbox
from omidesk.store.call_results import CallResultStore
from omidesk.store.calls import CallStore
from omidesk.store.db import Database
from omidesk.usecases.follow_up import (
    DELAYS_S,
    GIVE_UP_AFTER_S,
    FollowUp,
    after_try,
    due_at,
)
from omidesk.usecases.offload import inline

EXT, HOTLINE = "101", "02877788056"


# --- in-memory ports ------------------------------------------------------------------------


def result(call_uuid: str, *, answered: bool = True, talk: int = 192) -> CallResult:
    return CallResult(
        call_uuid=call_uuid,
        direction=Direction.OUTBOUND,
        extension=EXT,
        hotline=HOTLINE,
        customer="0901234567",
        answered=answered,
        talk_s=talk if answered else 0,
        ring_s=5,
        started_at=1000.0,
        answered_at=1005.0 if answered else None,
        ended_at=1005.0 + talk,
        hangup_cause="NORMAL_CLEARING",
        recording_url=None,
        customer_name=None,
    )


class MemoryResults:
    """CallResults in memory: pending lookups by call id."""

    def __init__(self, pending: Iterable[PendingLookup]) -> None:
        self.pending = {lookup.call_id: lookup for lookup in pending}
        self.recorded: list[SeenCall] = []
        self.given_up: list[int] = []

    def pending_lookups(self) -> list[PendingLookup]:
        return sorted(self.pending.values(), key=lambda lookup: lookup.accepted_at)

    def reschedule(self, lookups: Iterable[PendingLookup]) -> None:
        for lookup in lookups:
            self.pending[lookup.call_id] = lookup

    def give_up(self, call_ids: Sequence[int]) -> None:
        self.given_up += call_ids
        for call_id in call_ids:
            self.pending.pop(call_id, None)

    def record(
        self, calls: Sequence[SeenCall], *, add: bool = True, now: float | None = None
    ) -> Recorded:
        by_uuid = {lookup.call_uuid: lookup.call_id for lookup in self.pending.values()}
        matched = tuple(by_uuid[c.result.call_uuid] for c in calls if c.result.call_uuid in by_uuid)
        self.recorded += calls
        for call_id in matched:
            del self.pending[call_id]
        return Recorded(updated=matched, matched=matched)

    def synced_to(self, account: str) -> float | None:
        return None

    def set_synced_to(self, account: str, synced_to: float) -> None:
        pass


class MemoryHistory:
    """OMICall's history in memory: the calls it knows, and the queries asked."""

    def __init__(self, known: Iterable[CallResult] = ()) -> None:
        self.known = {r.call_uuid: r for r in known}
        self.queries: list[HistoryQuery] = []
        self.refuse: RemoteError | None = None

    @contextlib.asynccontextmanager
    async def session(self) -> AsyncIterator[MemoryHistory]:
        if self.refuse is not None:
            raise self.refuse
        yield self

    async def search(self, query: HistoryQuery) -> AsyncIterator[HistoryPage]:
        self.queries.append(query)
        found = tuple(self.known[u] for u in query.call_uuids if u in self.known)
        yield HistoryPage(found, 1)


class Clock:
    def __init__(self, now: float = 100_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def lookup(call_id: int, accepted_at: float, *, tries: int = 0, next_at: float | None = None):
    return PendingLookup(call_id, f"uuid-{call_id}", accepted_at, next_at, tries)


def follow_up(results: MemoryResults, history: MemoryHistory, clock: Clock) -> FollowUp:
    return FollowUp(results, history, dial_format=lambda: "national", clock=clock, offload=inline)


# --- the rules ----------------------------------------------------------------------------


def test_the_schedule_grows_then_is_hourly() -> None:
    pending = lookup(1, 0.0)
    assert due_at(pending) == 20.0
    gaps = []
    now = 20.0
    for _ in range(9):
        pending = after_try(pending, now)
        gaps.append(due_at(pending) - now)
        now = due_at(pending)
    assert gaps == [60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0, 3600.0, 3600.0, 3600.0]
    assert DELAYS_S[0] == 20.0


def test_nothing_due_asks_nothing() -> None:
    clock = Clock()
    results = MemoryResults([lookup(1, clock.now - 5)])
    history = MemoryHistory()
    report = asyncio.run(follow_up(results, history, clock).look_up())
    assert report.asked == 0 and history.queries == []


def test_one_due_call_brings_every_pending_one_in_one_request() -> None:
    clock = Clock()
    due = lookup(1, clock.now - 30)
    young = lookup(2, clock.now - 5)
    waiting = lookup(3, clock.now - 600, tries=3, next_at=clock.now + 200)
    results = MemoryResults([due, young, waiting])
    history = MemoryHistory([result("uuid-2")])
    told: list[int] = []
    use_case = follow_up(results, history, clock)
    use_case.listeners.append(told.append)
    report = asyncio.run(use_case.look_up())
    [query] = history.queries
    assert set(query.call_uuids) == {"uuid-1", "uuid-2", "uuid-3"}
    assert report.found == (2,) and told == [2]
    # Only the due one moves on in its schedule; the others keep theirs.
    assert results.pending[1] == replace(due, tries=1, next_at=clock.now + DELAYS_S[1])
    assert results.pending[3] == waiting


def test_refresh_asks_now_and_moves_everyone_on() -> None:
    clock = Clock()
    results = MemoryResults([lookup(1, clock.now - 5)])
    history = MemoryHistory()
    asyncio.run(follow_up(results, history, clock).look_up(everything=True))
    assert len(history.queries) == 1
    assert results.pending[1].tries == 1


def test_more_than_fifty_pending_go_fifty_ids_a_request() -> None:
    clock = Clock()
    results = MemoryResults([lookup(i, clock.now - 60) for i in range(1, 121)])
    history = MemoryHistory()
    asyncio.run(follow_up(results, history, clock).look_up())
    assert [len(q.call_uuids) for q in history.queries] == [50, 50, 20]


def test_after_a_day_without_a_record_it_is_given_up() -> None:
    clock = Clock(200_000.0)
    old = lookup(1, clock.now - GIVE_UP_AFTER_S - 1, tries=20, next_at=clock.now - 1)
    fresh = lookup(2, clock.now - 3600, tries=5, next_at=clock.now - 1)
    results = MemoryResults([old, fresh])
    told: list[int] = []
    use_case = follow_up(results, MemoryHistory(), clock)
    use_case.listeners.append(told.append)
    report = asyncio.run(use_case.look_up())
    assert report.gave_up == (1,) and results.given_up == [1] and told == [1]
    assert set(results.pending) == {2}


def test_a_refused_read_changes_no_schedule() -> None:
    clock = Clock()
    results = MemoryResults([lookup(1, clock.now - 30)])
    history = MemoryHistory()
    history.refuse = RemoteError(RATE_LIMITED, "rejected", retry_in_s=60)
    with pytest.raises(RemoteError):
        asyncio.run(follow_up(results, history, clock).look_up())
    assert results.pending[1] == lookup(1, clock.now - 30)


def test_the_loop_looks_up_what_falls_due_and_goes_on_after_a_failure() -> None:
    clock = Clock()
    results = MemoryResults([lookup(1, clock.now - 30), lookup(2, clock.now - 30)])
    history = MemoryHistory([result("uuid-1"), result("uuid-2")])

    async def loop() -> list[int]:
        use_case = follow_up(results, history, clock)
        told: list[int] = []
        both = asyncio.Event()

        def heard(record_id: int) -> None:
            told.append(record_id)
            if len(told) == 2:
                both.set()

        use_case.listeners.append(heard)
        task = asyncio.ensure_future(use_case.run())
        await both.wait()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        return told

    assert sorted(asyncio.run(loop())) == [1, 2]
    assert results.pending == {}


# --- the whole path: dial, store, sandbox ------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path) -> Database:
    with Database(tmp_path / "omidesk.sqlite3") as database:
        yield database


def dial(sandbox: Sandbox, db: Database, number: str) -> int:
    settings = Settings(base_url=sandbox.base_url, extension=EXT, hotline=HOTLINE)

    async def go() -> int:
        async with services.one_shot(db, settings, lambda: sandbox.api_key) as dialer:
            outcome = await dialer.dial(number)
        assert outcome.status == CallStatus.ACCEPTED, outcome
        assert outcome.record_id is not None
        return outcome.record_id

    return asyncio.run(go())


def look_up(sandbox: Sandbox, db: Database, *, clock: Any = None, everything: bool = True):
    async def go() -> Any:
        async with httpx.AsyncClient() as http:
            client = OmiCallClient(http, sandbox.base_url, sandbox.api_key, timeout_s=2.0)
            reader = HistoryReader(client, throttle=Throttle(gap_s=0.0))
            extra = {"clock": clock} if clock is not None else {}
            use_case = FollowUp(
                CallResultStore(db),
                reader,
                dial_format=lambda: "national",
                offload=inline,
                **extra,
            )
            return await use_case.look_up(everything=everything)

    return asyncio.run(go())


@pytest.mark.integration
def test_an_accepted_call_gets_its_outcome(
    sandbox: Sandbox, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    record_id = dial(sandbox, db, "0912 345 678")
    [pending] = CallResultStore(db).pending_lookups()
    assert pending.call_id == record_id and pending.tries == 0
    sandbox.history.advance(600)  # the call has ended at OMICall
    report = look_up(sandbox, db)
    assert report.found == (record_id,)
    record = CallStore(db).get(record_id)
    assert record is not None
    call = sandbox.history.call(record.call_uuid or "")
    assert call is not None
    assert (record.answered, record.talk_s, record.ring_s) == (True, call.talk_s, call.ring_s)
    assert record.recording_url and record.recording_url.startswith(sandbox.base_url)
    assert record.outcome("en") == f"Answered — {call.talk_s // 60}:{call.talk_s % 60:02d}"
    assert CallResultStore(db).pending_lookups() == []
    # The recording's URL grants access by itself: it is never written to the log.
    assert "/recordings/" not in caplog.text


@pytest.mark.integration
@pytest.mark.parametrize(
    ("number", "words"),
    [
        ("0900000030", "No answer"),
        ("0900000031", "Busy"),
        ("0900000032", "Failed: the number does not exist"),
    ],
)
def test_each_scenario_number_ends_its_way(
    sandbox: Sandbox, db: Database, number: str, words: str
) -> None:
    record_id = dial(sandbox, db, number)
    sandbox.history.advance(600)
    look_up(sandbox, db)
    record = CallStore(db).get(record_id)
    assert record is not None and record.answered is False
    assert record.outcome("en") == words and record.recording_url is None


@pytest.mark.integration
def test_a_call_still_going_on_is_asked_for_again_later(sandbox: Sandbox, db: Database) -> None:
    record_id = dial(sandbox, db, "0912 345 678")
    [pending] = CallResultStore(db).pending_lookups()
    clock = Clock(pending.accepted_at + 25)
    report = look_up(sandbox, db, clock=clock, everything=False)
    assert report.found == ()
    [later] = CallResultStore(db).pending_lookups()
    assert (later.tries, later.next_at) == (1, clock.now + 60)
    record = CallStore(db).get(record_id)
    assert record is not None and record.answered is None and record.outcome("en") is None
    sandbox.history.advance(600)
    clock.now += 61
    assert look_up(sandbox, db, clock=clock, everything=False).found == (record_id,)


@pytest.mark.integration
def test_a_restart_keeps_the_pending_lookups(sandbox: Sandbox, tmp_path: Path) -> None:
    path = tmp_path / "omidesk.sqlite3"
    with Database(path) as first:
        record_id = dial(sandbox, first, "0912 345 678")
    sandbox.history.advance(600)
    with Database(path) as second:  # OmiDesk started again
        assert [p.call_id for p in CallResultStore(second).pending_lookups()] == [record_id]
        assert look_up(sandbox, second).found == (record_id,)
        record = CallStore(second).get(record_id)
        assert record is not None and record.answered is True


@pytest.mark.integration
def test_after_a_rate_limit_the_lookup_waits_and_then_gets_the_outcome(
    sandbox: Sandbox, db: Database
) -> None:
    record_id = dial(sandbox, db, "0912 345 678")
    sandbox.history.advance(600)
    sandbox.history.inject("rate_limit")
    clock = Clock()

    async def go() -> list[Any]:
        seen: list[Any] = []
        async with httpx.AsyncClient() as http:
            client = OmiCallClient(http, sandbox.base_url, sandbox.api_key, timeout_s=2.0)
            reader = HistoryReader(client, throttle=Throttle(clock=clock))
            use_case = FollowUp(
                CallResultStore(db), reader, dial_format=lambda: "national", offload=inline
            )
            for wait in (0.0, 10.0, 60.0):
                clock.now += wait
                try:
                    seen.append((await use_case.look_up(everything=True)).found)
                except RemoteError as error:
                    seen.append(error.code)
        return seen

    assert asyncio.run(go()) == [RATE_LIMITED, RATE_LIMITED, (record_id,)]
    assert len(sandbox.history.searches()) == 2  # nothing was asked during the back-off


@pytest.mark.integration
def test_the_windows_services_follow_up_every_accepted_call(configured: Sandbox) -> None:
    """As the window has them: the dialer tells the follow-up of each call, and the
    follow-up's loop (started by the window) finds the outcome on its own connection."""
    from omidesk.infra.paths import default_paths

    built = services.build(default_paths())

    async def go() -> tuple[int, Any]:
        follow_up = built.follow_up
        assert follow_up.poke in built.dialer.listeners
        outcome = await built.dialer.dial("0912 345 678", source="window")
        assert outcome.record_id is not None
        configured.history.advance(600)
        told = asyncio.Event()
        follow_up.listeners.append(lambda record_id: told.set())
        report = await follow_up.look_up(everything=True)
        await told.wait()
        await built.aclose()
        return outcome.record_id, report

    record_id, report = asyncio.run(go())
    assert report.found == (record_id,)
    with Database(default_paths().database) as db:
        record = CallStore(db).get(record_id)
    assert record is not None and record.answered is True
