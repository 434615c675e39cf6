"""The interpreter settings long work changes: put back as they were, however blocks overlap."""

from __future__ import annotations

import gc
import sys
import threading

from omidesk.infra.interpreter import collector_paused, quick_handover


def test_overlapping_blocks_from_two_threads_put_everything_back_once_the_last_ends() -> None:
    interval = sys.getswitchinterval()
    assert gc.isenabled() and interval > 0.001
    entered, leave = threading.Event(), threading.Event()
    seen: list[tuple[float, bool]] = []

    def worker() -> None:
        with quick_handover(), collector_paused():
            entered.set()
            leave.wait(10)
        seen.append((sys.getswitchinterval(), gc.isenabled()))

    thread = threading.Thread(target=worker)
    with quick_handover(), collector_paused():
        thread.start()
        assert entered.wait(10)
        assert sys.getswitchinterval() <= 0.001 and not gc.isenabled()
    # This thread's block is over, the worker's is not: nothing comes back yet.
    assert sys.getswitchinterval() <= 0.001 and not gc.isenabled()
    leave.set()
    thread.join(10)
    assert seen == [(interval, True)]
    assert sys.getswitchinterval() == interval and gc.isenabled()


def test_a_collector_already_off_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_then_frozen_leaves_what_the_block_holds_out_of_the_collectors_walks() -> None:
    assert gc.isenabled() and gc.get_freeze_count() == 0
    try:
        with collector_paused(then_frozen=True):
            held = [[n] for n in range(10_000)]  # lists: objects the collector tracks
            assert not gc.isenabled()
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(held)
    finally:
        gc.unfreeze()
