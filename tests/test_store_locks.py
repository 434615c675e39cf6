"""The window and a database another connection is writing to: a call waits for the write
lock without freezing the window, and the window's own writes give up quickly."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from omidesk.domain.catalogue import explain
from omidesk.domain.contacts import Contact, Phone
from omidesk.domain.records import CallStatus
from omidesk.infra.paths import default_paths
from omidesk.sandbox.server import Sandbox
from omidesk.services import build
from omidesk.store.calls import CallStore
from omidesk.store.db import Database, StoreError
from tests.locks import lock_held_by_a_thread

# Real locks held by other connections, threads and processes on real SQLite files.
pytestmark = pytest.mark.integration


def test_a_call_placed_while_another_connection_writes_waits_and_the_window_runs_on(
    services, qtbot, configured: Sandbox
) -> None:
    from PySide6.QtCore import QTimer

    from omidesk.ui.dial_controller import DialController

    controller = DialController(services)
    outcomes: list[object] = []
    controller.finished.connect(outcomes.append)
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(len(ticks)))
    with lock_held_by_a_thread(services.paths.database):
        timer.start()
        assert controller.dial("0901 234 567")
        # The window's loop ticks on (20 ticks of 10 ms) while the dial waits for the lock.
        qtbot.waitUntil(lambda: len(ticks) >= 20 or bool(outcomes), timeout=30_000)
        waited_while_ticking = not outcomes
        sent_while_locked = configured.click2calls()
    qtbot.waitUntil(lambda: bool(outcomes), timeout=10_000)
    timer.stop()
    assert waited_while_ticking
    # Not recorded yet, so not sent: the request left once the record was written.
    assert sent_while_locked == []
    (outcome,) = outcomes
    assert outcome.status == CallStatus.ACCEPTED, outcome
    (post,) = configured.click2calls()
    assert post.json["phone_number"] == "0901234567"
    record = services.calls.get(outcome.record_id)
    assert record is not None
    assert (record.status, record.call_uuid) == (CallStatus.ACCEPTED, outcome.call_uuid)


# Another program holding the write lock until told to let go (a line on its stdin), or
# for 2 s at most: a write waiting as long as a worker's (5 s) gets the lock and succeeds.
HOLDING_PROGRAM = textwrap.dedent(
    """
    import select, sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE contacts SET note = note")
    print("held", flush=True)
    select.select([sys.stdin], [], [], 2.0)
    conn.execute("COMMIT")
    """
)


@contextmanager
def lock_held_by_another_program(path: Path) -> Iterator[None]:
    with subprocess.Popen(
        [sys.executable, "-c", HOLDING_PROGRAM, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as program:
        assert program.stdin is not None and program.stdout is not None
        try:
            assert program.stdout.readline().strip() == "held"
            yield
        finally:
            program.stdin.write("go\n")
            program.stdin.close()
            program.wait(30)


def test_the_windows_own_writes_give_up_quickly_with_store_locked() -> None:
    services = build(default_paths())
    try:
        contacts = services.contacts
        lan = contacts.add(Contact(name="Chị Lan", phones=(Phone.parse("0912 345 678"),)))
        with lock_held_by_another_program(services.paths.database):
            with pytest.raises(StoreError) as caught:
                contacts.set_favorite(lan, True)
            # Reading goes on meanwhile: the list still shows what is stored.
            assert [contact.name for contact in contacts.search("lan")] == ["Chị Lan"]
        assert caught.value.code == "store_locked"
        told = explain(caught.value.code, "en")
        assert (told.next_step, told.retry) == ("Try again in a moment.", True)
        # Nothing was half done, and once the lock is free the same write goes through.
        stored = contacts.get(lan)
        assert stored is not None and not stored.favorite
        contacts.set_favorite(lan, True)
        stored = contacts.get(lan)
        assert stored is not None and stored.favorite
    finally:
        asyncio.run(services.aclose())


def test_the_window_opens_while_another_program_writes() -> None:
    """The window settles the calls a crash left `placing` when it starts; another program
    holding the write lock then (an import on the command line) must not keep it closed."""
    paths = default_paths().ensure()
    with Database(paths.database) as db:
        calls = CallStore(db)
        crashed = calls.start(
            input="0901234567",
            number="0901234567",
            e164="+84901234567",
            extension="101",
            hotline="02877788056",
            source="window",
        )
        assert crashed is not None
        with db.transaction() as conn:
            conn.execute("UPDATE calls SET pid = ? WHERE id = ?", (dead_pid(), crashed))
    with lock_held_by_another_program(paths.database):
        services = build(paths)
    try:
        record = services.calls.get(crashed)
        assert record is not None and record.status == CallStatus.PLACING
        # Settled once the lock is free (here, as the next dial of its number would).
        assert services.calls.recover_interrupted() == 1
        record = services.calls.get(crashed)
        assert record is not None
        assert (record.status, record.error_code) == (CallStatus.UNKNOWN, "interrupted")
    finally:
        asyncio.run(services.aclose())


def dead_pid() -> int:
    with subprocess.Popen([sys.executable, "-c", "pass"]) as child:
        pid = child.pid
    return pid  # reaped by the with block: no process has this id any more
