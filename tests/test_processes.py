"""Work a process left in the store (a call being placed, an import) is its own only while
that very process runs: a process that reused its id, started after, does not keep it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from omidesk.domain.records import CallStatus
from omidesk.store import processes
from omidesk.store.calls import CallStore
from omidesk.store.db import Database
from omidesk.store.import_journal import abandoned

# Real child processes and the records they leave in SQLite files.
pytestmark = pytest.mark.integration


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    with Database(tmp_path / "omidesk.sqlite3") as database:
        yield database


@pytest.fixture
def child() -> Iterator[subprocess.Popen[bytes]]:
    """A process running now, started now: it stands for one that reused an old pid."""
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"]) as process:
        try:
            yield process
        finally:
            process.kill()


def placing(db: Database, *, pid: int, created_at: float) -> int:
    store = CallStore(db)
    call_id = store.start(
        input="0901234567",
        number="0901234567",
        e164="+84901234567",
        extension="101",
        hotline="02877788056",
        source="cli",
    )
    assert call_id is not None
    with db.transaction() as conn:
        conn.execute(
            "UPDATE calls SET pid = ?, created_at = ? WHERE id = ?", (pid, created_at, call_id)
        )
    return call_id


def import_run(db: Database, *, pid: int, started_at: float, beat_at: float) -> int:
    with db.transaction() as conn:
        cursor = conn.execute(
            "INSERT INTO import_runs (started_at, beat_at, pid) VALUES (?, ?, ?)",
            (started_at, beat_at, pid),
        )
    return int(cursor.lastrowid or 0)


def test_a_process_started_now_is_said_to_have_started_now() -> None:
    before = time.time()
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"]) as process:
        try:
            started = processes.started_at(process.pid)
        finally:
            process.kill()
    after = time.time()
    assert started is not None
    # The system tells the time of boot in whole seconds: up to one early.
    assert before - 1.5 <= started <= after


def test_this_process_started_before_now() -> None:
    started = processes.started_at(os.getpid())
    assert started is not None
    assert started <= time.time()


def test_a_process_that_ended_has_no_start_time() -> None:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    assert processes.started_at(int(gone.stdout)) is None


def test_a_call_left_placing_before_its_pid_was_reused_is_interrupted(
    db: Database, child: subprocess.Popen[bytes]
) -> None:
    """Without the start time, the call stayed "placing" for ten minutes, and its number
    could not be called meanwhile ("a call to this number is being placed")."""
    call_id = placing(db, pid=child.pid, created_at=time.time() - 30)
    assert CallStore(db).recover_interrupted() == 1
    record = CallStore(db).get(call_id)
    assert record is not None
    assert (record.status, record.error_code) == (CallStatus.UNKNOWN, "interrupted")


def test_a_call_placed_by_a_process_still_running_is_left_alone(
    db: Database, child: subprocess.Popen[bytes]
) -> None:
    call_id = placing(db, pid=child.pid, created_at=time.time())
    assert CallStore(db).recover_interrupted() == 0
    record = CallStore(db).get(call_id)
    assert record is not None
    assert record.status == CallStatus.PLACING


def test_an_import_left_before_its_pid_was_reused_is_abandoned(
    db: Database, child: subprocess.Popen[bytes]
) -> None:
    long_ago = time.time() - 30
    run_id = import_run(db, pid=child.pid, started_at=long_ago, beat_at=long_ago)
    assert abandoned(db) == [run_id]


def test_an_import_taken_over_by_a_process_still_running_is_not_abandoned(
    db: Database, child: subprocess.Popen[bytes]
) -> None:
    """A run taken over (to undo it) by a process started after the import began is that
    process's own: what counts is when its pid last wrote to it (beat_at), not when the
    import began."""
    import_run(db, pid=child.pid, started_at=time.time() - 30, beat_at=time.time())
    assert abandoned(db) == []
