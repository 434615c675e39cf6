"""Call history in a real SQLite file: schema, record lifecycle, crash recovery, store errors."""

from __future__ import annotations

import asyncio
import contextlib
import os
import select
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from omidesk.domain.catalogue import explain
from omidesk.domain.records import CallRecord, CallStatus, Source
from omidesk.store.calls import STALE_AFTER_S, CallStore
from omidesk.store.db import Database, StoreError, classify
from omidesk.store.schema import MIGRATIONS

# Real SQLite files, and processes that write them at once.
pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent
E164 = "+84901234567"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "omidesk.sqlite3"


@pytest.fixture
def db(path: Path) -> Iterator[Database]:
    with Database(path) as database:
        yield database


@pytest.fixture
def store(db: Database) -> CallStore:
    return CallStore(db)


def start(store: CallStore, number: str = "0901234567", e164: str = E164, **extra: str) -> int:
    fields = {
        "input": extra.pop("input", number),
        "number": number,
        "e164": e164,
        "extension": "101",
        "hotline": "02877788056",
        "source": Source.CLI.value,
    }
    return store.start(**fields | extra)


async def start_async(store: CallStore) -> int | None:
    return await store.start_async(
        input="0901234567",
        number="0901234567",
        e164=E164,
        extension="101",
        hotline="02877788056",
        source=Source.WINDOW.value,
    )


def set_column(db: Database, call_id: int, column: str, value: object) -> None:
    """Puts a record into a past state (an old time, another process's pid)."""
    assert column in ("created_at", "pid")
    with db.transaction() as conn:
        conn.execute(f"UPDATE calls SET {column} = ? WHERE id = ?", (value, call_id))


def dead_pid() -> int:
    with subprocess.Popen([sys.executable, "-c", "pass"]) as child:
        pid = child.pid
    return pid  # reaped by the with block: no process has this id any more


# --- the database -------------------------------------------------------------------------


def test_new_database_is_versioned_wal_with_foreign_keys(path: Path, db: Database):
    assert path.exists()
    assert db.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.integrity_ok()


def test_reopening_keeps_the_records_and_the_version(path: Path):
    with Database(path) as first:
        call_id = start(CallStore(first))
    with Database(path) as second:
        assert second.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        record = CallStore(second).get(call_id)
        assert record is not None
        assert record.number == "0901234567"


def test_file_that_is_not_a_database_is_store_corrupt(path: Path):
    path.parent.mkdir(parents=True)
    path.write_bytes(b"these are not the rows you are looking for\n" * 100)
    with pytest.raises(StoreError) as caught:
        Database(path)
    assert caught.value.code == "store_corrupt"
    assert caught.value.path == str(path)


def test_database_from_a_newer_omidesk_is_refused_clearly(path: Path):
    """Not damaged: another OmiDesk's. Told apart, and said so (update OmiDesk)."""
    path.parent.mkdir(parents=True)
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    raw.close()
    with pytest.raises(StoreError) as caught:
        Database(path)
    assert caught.value.code == "store_newer"
    assert f"schema version {len(MIGRATIONS) + 5} is newer" in caught.value.detail
    english = explain(caught.value.code, "en", path=caught.value.path)
    vietnamese = explain(caught.value.code, "vi", path=caught.value.path)
    assert english.message == f"The data file {path} was made by a newer version of OmiDesk."
    assert "Update OmiDesk" in english.next_step
    assert vietnamese.message == f"Tệp dữ liệu {path} được tạo bởi phiên bản OmiDesk mới hơn."
    assert "cập nhật OmiDesk" in vietnamese.next_step


def test_read_only_database_is_store_read_only(path: Path):
    with Database(path) as first:
        start(CallStore(first))
    if os.geteuid() == 0:
        # root writes through any mode bits: a connection opened read-only gets the same
        # error from SQLite.
        read_only = contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True))
        with read_only as conn, pytest.raises(sqlite3.OperationalError) as refused:
            conn.execute("DELETE FROM calls")
        error = classify(refused.value, path)
        assert error is not None
        assert error.code == "store_read_only"
        assert error.path == str(path)
        return
    path.chmod(0o444)
    path.parent.chmod(0o555)
    try:
        with pytest.raises(StoreError) as caught, Database(path) as db:
            start(CallStore(db))
        with pytest.raises(StoreError) as caught_new:
            Database(path.parent / "new.sqlite3")
    finally:
        path.parent.chmod(0o755)
        path.chmod(0o644)
    assert caught.value.code == "store_read_only"
    assert caught_new.value.code == "store_read_only"


def test_database_held_by_another_program_is_store_locked(path: Path):
    # A connection that waits 50 ms for the lock instead of the full 5 s (the window's).
    with Database(path, sync_wait_s=0.05) as db:
        other = sqlite3.connect(path, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            with pytest.raises(StoreError) as caught:
                start(CallStore(db))
            assert caught.value.code == "store_locked"
            other.execute("ROLLBACK")
        finally:
            other.close()
        start(CallStore(db))  # free again: the failed write left nothing half-open
        assert CallStore(db).count() == 1


def test_an_awaited_write_gives_up_after_the_lock_timeout(path: Path):
    with Database(path, timeout_s=0.2) as db:
        other = sqlite3.connect(path, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            with pytest.raises(StoreError) as caught:
                asyncio.run(start_async(CallStore(db)))
            assert caught.value.code == "store_locked"
            other.execute("ROLLBACK")
        finally:
            other.close()
        assert CallStore(db).count() == 0


def test_an_awaited_write_on_a_free_lock_completes_without_yielding_to_the_loop(
    db: Database,
):
    """The dial's record is written at once when nobody else writes: no sleep, no hop
    through the event loop (the coroutine ends at its first step)."""
    writing = start_async(CallStore(db))
    with pytest.raises(StopIteration) as done:
        writing.send(None)
    call_id = done.value.value
    record = CallStore(db).get(call_id)
    assert record is not None and record.status == CallStatus.PLACING


def test_a_write_runs_its_statement_alone(db: Database):
    """No statements around a write on the dialling path (the busy timeout is set once,
    when the database is opened): each costs time before the request leaves."""
    store = CallStore(db)
    ran: list[str] = []
    db.conn.set_trace_callback(ran.append)
    try:
        call_id = start(store)
        asyncio.run(store.finish_async(call_id, CallStatus.ACCEPTED, call_uuid="u-1"))
    finally:
        db.conn.set_trace_callback(None)
    # (SQLite traces a statement again for each trigger it runs.)
    assert {sql.split()[0] for sql in ran} == {"INSERT", "UPDATE"}, ran


def test_classify_os_errors():
    full = classify(OSError(28, "No space left on device"), "/d")
    denied = classify(PermissionError(13, "Permission denied"), "/d")
    assert full is not None
    assert full.code == "store_disk_full"
    assert denied is not None
    assert denied.code == "store_read_only"


@pytest.mark.parametrize(
    "exc",
    [
        sqlite3.ProgrammingError("Cannot operate on a closed database."),
        sqlite3.OperationalError("no such table: calls"),
        sqlite3.IntegrityError("CHECK constraint failed: status IN (...)"),
        ValueError("database is locked"),  # not from SQLite at all
    ],
)
def test_classify_leaves_bugs_alone(exc: BaseException):
    assert classify(exc, "/d") is None


def test_a_bug_in_a_transaction_propagates_as_itself_and_rolls_back(db: Database):
    store = CallStore(db)
    with pytest.raises(sqlite3.OperationalError, match="no such column"), db.transaction() as conn:
        conn.execute(
            "INSERT INTO calls (created_at, input, source, status)"
            " VALUES (1, 'x', 'cli', 'invalid')"
        )
        conn.execute("SELECT nonsense FROM calls")
    assert store.count() == 0


def test_a_failed_commit_does_not_block_later_writes(db: Database):
    with db.transaction() as conn:
        conn.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
        conn.execute(
            "CREATE TABLE child (parent INTEGER REFERENCES parent (id)"
            " DEFERRABLE INITIALLY DEFERRED)"
        )
    # A deferred constraint fails at COMMIT itself, like a disk filling up at COMMIT.
    with pytest.raises(sqlite3.IntegrityError), db.transaction() as conn:
        conn.execute("INSERT INTO child VALUES (42)")
    call_id = start(CallStore(db))
    assert CallStore(db).get(call_id) is not None
    assert db.conn.execute("SELECT COUNT(*) FROM child").fetchone()[0] == 0


def _filled(db: Database, rows: int) -> None:
    with db.transaction() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bulk (id INTEGER PRIMARY KEY, data TEXT)")
        conn.executemany("INSERT INTO bulk (data) VALUES (?)", (("x" * 3000,) for _ in range(rows)))


def test_a_checkpoint_behind_copies_the_wal_into_the_file_while_writes_go_on(path: Path):
    with Database(path) as db:
        _filled(db, 300)  # ~1 MB, in the WAL only: the database file has not grown yet
        before = path.stat().st_size
        db.checkpoint_behind()
        deadline = time.monotonic() + 10
        while path.stat().st_size <= before + 500_000 and time.monotonic() < deadline:
            _filled(db, 1)  # this connection writes on meanwhile, never waiting for it
            time.sleep(0.01)
        assert path.stat().st_size > before + 500_000
        threads = [t for t in threading.enumerate() if t.name == "store-checkpoint"]
        assert len(threads) == 1
    # Closed: the thread ended with it, and every row is there for the next connection.
    assert not [t for t in threading.enumerate() if t.name == "store-checkpoint"]
    with Database(path) as db:
        assert db.conn.execute("SELECT COUNT(*) FROM bulk").fetchone()[0] >= 301
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0


def test_a_checkpoint_behind_a_database_in_memory_does_nothing():
    with Database(":memory:") as db:
        db.checkpoint_behind()
        assert not [t for t in threading.enumerate() if t.name == "store-checkpoint"]


def test_two_programs_creating_the_database_at_once_migrate_it_once(
    path: Path, monkeypatch: pytest.MonkeyPatch
):
    path.parent.mkdir(parents=True)
    first = sqlite3.connect(path, isolation_level=None)
    first.execute("PRAGMA journal_mode = WAL")
    first.execute("BEGIN IMMEDIATE")
    for migration in MIGRATIONS:
        migration(first)
    first.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
    # The second one has read version 0 and waits for the write lock; tell us when.
    waiting = threading.Event()
    connect = sqlite3.connect

    def observed(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = connect(*args, **kwargs)  # type: ignore[arg-type]
        conn.set_trace_callback(lambda sql: sql == "BEGIN IMMEDIATE" and waiting.set())
        return conn

    monkeypatch.setattr(sqlite3, "connect", observed)
    outcome: dict[str, object] = {}

    def second() -> None:
        try:
            with Database(path) as db:
                outcome["count"] = CallStore(db).count()
        except Exception as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=second)
    thread.start()
    try:
        assert waiting.wait(5)
    finally:
        first.execute("COMMIT")
        first.close()
        thread.join(10)
    assert outcome == {"count": 0}


# --- the record lifecycle -------------------------------------------------------------------


def test_start_writes_a_placing_record_another_connection_sees(path: Path, store: CallStore):
    before = time.time()
    call_id = start(store, input="Tel: 0901 234 567")
    with Database(path) as other:
        record = CallStore(other).get(call_id)
    assert record is not None
    assert record.status == CallStatus.PLACING
    assert record.input == "Tel: 0901 234 567"
    assert (record.number, record.e164) == ("0901234567", E164)
    assert (record.extension, record.hotline, record.source) == ("101", "02877788056", "cli")
    assert before <= record.created_at <= time.time()
    assert record.finished_at is None
    assert record.call_uuid is None


def test_finish_records_the_accepted_outcome(path: Path, store: CallStore):
    call_id = start(store)
    store.finish(call_id, CallStatus.ACCEPTED, call_uuid="a1b2-c3d4", latency_ms=123.456)
    with Database(path) as other:
        record = CallStore(other).get(call_id)
    assert record is not None
    assert record.status == CallStatus.ACCEPTED
    assert record.call_uuid == "a1b2-c3d4"
    assert record.latency_ms == pytest.approx(123.456)
    assert record.finished_at is not None
    assert record.finished_at >= record.created_at
    assert record.explain("en") is None
    assert record.to_json("en")["latency_ms"] == 123.5


def test_finish_with_an_error_keeps_params_for_later_wording(store: CallStore):
    call_id = start(store, params={"converted_from": "01651234567"})
    store.finish(
        call_id,
        CallStatus.REJECTED,
        error_code="weird_code",
        server_message="Carrier down",
        params={"http_status": 400},
    )
    record = store.get(call_id)
    assert record is not None
    assert record.status == CallStatus.REJECTED
    assert record.error_params == {"http_status": 400}
    explanation = record.explain("en")
    assert explanation is not None
    assert "Carrier down" in explanation.message


def test_a_misspelt_keyword_is_refused_and_writes_nothing(store: CallStore):
    """As from a plain signature: a misspelt `unless_since` must not drop the repeat check."""
    start(store)
    with pytest.raises(TypeError, match="unles_since"):
        start(store, unles_since=time.time() - 10)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="call_uid"):
        store.finish(1, CallStatus.ACCEPTED, call_uid="u-1")  # type: ignore[call-arg]
    assert store.count() == 1
    record = store.get(1)
    assert record is not None and record.status == CallStatus.PLACING


def test_add_final_records_an_invalid_input(store: CallStore):
    call_id = store.add_final(
        input="0901 23",
        status=CallStatus.INVALID,
        source=Source.WINDOW.value,
        error_code="number_too_short",
        params={"digits": "090123", "text": "0901 23"},
    )
    record = store.get(call_id)
    assert record is not None
    assert record.status == CallStatus.INVALID
    assert record.input == "0901 23"
    assert record.number is None
    assert record.finished_at == record.created_at
    assert record.to_json("en")["message"] == "090123 is too short for a phone number."
    assert record.to_json("vi")["message"] == "090123 quá ngắn để là số điện thoại."


def test_a_status_outside_the_schema_is_refused(db: Database):
    with pytest.raises(sqlite3.IntegrityError), db.transaction() as conn:
        conn.execute(
            "INSERT INTO calls (created_at, input, source, status) VALUES (1, 'x', 'cli', 'done')"
        )


def test_get_of_a_missing_record_is_none(store: CallStore):
    assert store.get(12345) is None


def test_delete_and_clear(store: CallStore):
    first, second = start(store), start(store)
    store.delete(first)
    assert [record.id for record in store.recent()] == [second]
    store.clear()
    assert store.count() == 0


# --- reading back ---------------------------------------------------------------------------


def test_recent_is_newest_first_with_limit_and_offset(store: CallStore):
    ids = [start(store, number=f"090123456{i}", e164=f"+8490123456{i}") for i in range(5)]
    assert [record.id for record in store.recent()] == ids[::-1]
    assert [record.id for record in store.recent(limit=2)] == [ids[4], ids[3]]
    assert [record.id for record in store.recent(limit=2, offset=2)] == [ids[2], ids[1]]
    assert store.recent(limit=2, offset=5) == []
    assert store.count() == 5


def test_recent_orders_by_time_not_by_id(db: Database, store: CallStore):
    older = start(store)
    newer = start(store)
    set_column(db, newer, "created_at", time.time() - 3600)  # e.g. a clock set back
    assert [record.id for record in store.recent()] == [older, newer]


def test_text_filter_matches_number_input_and_call_uuid(store: CallStore):
    by_number = start(store, number="0901234567", input="Anh Nam")
    by_input = start(store, number="0912345678", e164="+84912345678", input="Chị Lan CRM")
    by_uuid = start(store, number="0987654321", e164="+84987654321", input="x")
    store.finish(by_uuid, CallStatus.ACCEPTED, call_uuid="uuid-ABC-123")
    assert [record.id for record in store.recent(text="901234")] == [by_number]
    assert [record.id for record in store.recent(text="lan crm")] == [by_input]
    assert [record.id for record in store.recent(text="ABC-1")] == [by_uuid]
    assert store.count(text="  0901 ") == 1
    assert store.count(text="") == 3
    assert store.recent(text="nothing like it") == []


def test_percent_underscore_and_backslash_in_the_filter_are_literal(store: CallStore):
    percent = start(store, input="giảm 50% 0901234567")
    underscore = start(store, input="ref_0901234567")
    backslash = start(store, input="a\\b 0901234567")
    start(store, input="plain 0901234567")
    assert [record.id for record in store.recent(text="%")] == [percent]
    assert [record.id for record in store.recent(text="_")] == [underscore]
    assert [record.id for record in store.recent(text="\\")] == [backslash]
    assert store.count(text="50%") == 1


def test_last_live_returns_only_calls_that_may_ring(db: Database, store: CallStore):
    now = time.time()
    assert store.last_live(E164, now - 10) is None
    rejected = start(store)
    store.finish(rejected, CallStatus.REJECTED, error_code="user_busy")
    store.add_final(input="x", status=CallStatus.FAILED, source="cli", e164=E164)
    assert store.last_live(E164, now - 10) is None
    for status in (CallStatus.ACCEPTED, CallStatus.UNKNOWN):
        call_id = start(store)
        store.finish(call_id, status)
        found = store.last_live(E164, now - 10)
        assert found is not None
        assert (found.id, found.status) == (call_id, status)
    placing = start(store)
    found = store.last_live(E164, now - 10)
    assert found is not None
    assert found.id == placing


def test_last_live_respects_the_window_and_the_number(db: Database, store: CallStore):
    call_id = start(store)
    set_column(db, call_id, "created_at", time.time() - 60)
    assert store.last_live(E164, time.time() - 10) is None
    found = store.last_live(E164, time.time() - 120)
    assert found is not None
    assert found.id == call_id
    assert store.last_live("+84912345678", time.time() - 120) is None


# --- crashes ---------------------------------------------------------------------------------


def test_recover_marks_a_dead_process_record_interrupted(db: Database, store: CallStore):
    call_id = start(store)
    set_column(db, call_id, "pid", dead_pid())
    assert store.recover_interrupted() == 1
    record = store.get(call_id)
    assert record is not None
    assert record.status == CallStatus.UNKNOWN
    assert record.error_code == "interrupted"
    assert record.finished_at is not None
    assert store.recover_interrupted() == 0  # done once


def test_recover_leaves_a_live_process_record_alone(store: CallStore):
    call_id = start(store)  # this process, still waiting for its answer
    assert store.recover_interrupted() == 0
    record = store.get(call_id)
    assert record is not None
    assert record.status == CallStatus.PLACING


def test_recover_marks_a_stale_record_even_of_a_live_process(db: Database, store: CallStore):
    call_id = start(store)
    set_column(db, call_id, "created_at", time.time() - STALE_AFTER_S - 1)
    assert store.recover_interrupted() == 1
    record = store.get(call_id)
    assert record is not None
    assert (record.status, record.error_code) == (CallStatus.UNKNOWN, "interrupted")


def test_recover_leaves_finished_records_alone(db: Database, store: CallStore):
    call_id = start(store)
    store.finish(call_id, CallStatus.ACCEPTED, call_uuid="u-1")
    set_column(db, call_id, "pid", dead_pid())
    assert store.recover_interrupted() == 0
    record = store.get(call_id)
    assert record is not None
    assert record.status == CallStatus.ACCEPTED


CRASHING_CHILD = textwrap.dedent(
    """
    import sys, time
    from omidesk.store.db import Database
    from omidesk.store.calls import CallStore

    db = Database(sys.argv[1])
    CallStore(db).start(
        input="0901 234 567", number="0901234567", e164="+84901234567",
        extension="101", hotline="02877788056", source="cli",
    )
    print("ready", flush=True)
    time.sleep(60)
    """
)


def test_a_process_killed_mid_call_leaves_a_readable_interrupted_record(path: Path):
    Database(path).close()  # created by us, so the child only writes its record
    with subprocess.Popen(
        [sys.executable, "-c", CRASHING_CHILD, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    ) as child:
        assert child.stdout is not None
        ready, _, _ = select.select([child.stdout], [], [], 20)
        assert ready, "the child never said ready"
        assert child.stdout.readline().strip() == "ready"
        child.send_signal(signal.SIGKILL)
        assert child.wait(10) == -signal.SIGKILL
    with Database(path) as db:
        assert db.integrity_ok()
        store = CallStore(db)
        [record] = store.recent()
        assert record.status == CallStatus.PLACING
        assert record.input == "0901 234 567"
        assert store.recover_interrupted() == 1
        [recovered] = store.recent()
    assert recovered.status == CallStatus.UNKNOWN
    assert recovered.error_code == "interrupted"
    english = recovered.explain("en")
    assert english is not None
    assert "outcome unknown" in english.message


# --- records --------------------------------------------------------------------------------


def test_to_json_has_the_history_keys(store: CallStore):
    call_id = start(store, input="Tel: 0901 234 567")
    store.finish(call_id, CallStatus.ACCEPTED, call_uuid="u-42")
    record = store.get(call_id)
    assert record is not None
    data = record.to_json("en")
    assert {
        "id",
        "created_at",
        "status",
        "call_uuid",
        "number",
        "input",
        "error",
        "message",
        "extension",
        "hotline",
        "source",
    } <= set(data)
    assert data["id"] == call_id
    assert data["status"] == "accepted"
    assert data["call_uuid"] == "u-42"
    assert (data["number"], data["input"]) == ("0901234567", "Tel: 0901 234 567")
    assert data["error"] is None
    assert (data["extension"], data["hotline"], data["source"]) == ("101", "02877788056", "cli")
    created = datetime.fromisoformat(data["created_at"])
    assert created.tzinfo is not None
    assert abs(created.timestamp() - record.created_at) < 1


def test_an_interrupted_record_is_worded_in_both_languages():
    record = CallRecord(
        id=7,
        created_at=1_700_000_000.0,
        input="0901234567",
        number="0901234567",
        e164=E164,
        extension="101",
        hotline="02877788056",
        source="cli",
        status=CallStatus.UNKNOWN,
        error_code="interrupted",
    )
    english, vietnamese = record.explain("en"), record.explain("vi")
    assert english is not None
    assert vietnamese is not None
    assert "outcome unknown" in english.message
    assert "Check your phone" in english.next_step
    assert "chưa rõ kết quả" in vietnamese.message
    assert "xem điện thoại" in vietnamese.next_step
    data = record.to_json("vi")
    assert data["created_at"] == "2023-11-14T22:13:20+00:00"
    assert data["error"] == "interrupted"
    assert data["message"] == vietnamese.message


def test_hotlines_used_tells_one_hotline_from_several(db: Database, store: CallStore):
    assert store.hotlines_used() == frozenset()
    start(store)
    start(store, "0907654321", "+84907654321")
    # Not set up: no hotline was used.
    store.add_final(input="0901234567", status=CallStatus.FAILED, source="window", hotline="")
    assert store.hotlines_used() == {"02877788056"}
    start(store, "0907654322", "+84907654322", hotline="02873008888")
    start(store, "0907654323", "+84907654323", hotline="02873009999")
    # Two are enough to know there are several: the lowest and the highest.
    assert store.hotlines_used() == {"02873008888", "02877788056"}
    # Asked at every refresh of Recent calls, over 100,000 calls: an index's two ends, never
    # a walk through the table.
    from omidesk.store.calls import HOTLINES_SQL

    plan = " / ".join(row[3] for row in db.conn.execute("EXPLAIN QUERY PLAN " + HOTLINES_SQL))
    assert "SCAN calls" not in plan and "calls_by_hotline" in plan, plan
