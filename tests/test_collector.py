"""The cyclic garbage collector runs on the Qt thread only while the window runs."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from omidesk.desktop.collector import QtThreadCollector


@pytest.fixture
def collections() -> Iterator[list[tuple[int, int]]]:
    """(thread id, generation) of every collection that starts while the test runs."""
    seen: list[tuple[int, int]] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append((threading.get_ident(), info["generation"]))

    gc.callbacks.append(note)
    yield seen
    gc.callbacks.remove(note)


def make_cycles(count: int) -> None:
    for _ in range(count):
        a: list[object] = []
        a.append(a)


def test_cycles_made_in_a_worker_thread_are_collected_on_the_qt_thread(
    qtbot, collections: list[tuple[int, int]]
) -> None:
    # The conftest runs every widget test under a collector already: this one is its own.
    collector = QtThreadCollector()
    try:
        assert not gc.isenabled()
        worker = threading.Thread(target=make_cycles, args=(50 * gc.get_threshold()[0],))
        worker.start()
        worker.join()
        # Python would have collected dozens of times in the worker.
        assert worker.ident not in {thread for thread, _ in collections}
        qt_thread = threading.get_ident()
        qtbot.waitUntil(lambda: bool(collections), timeout=5_000)
        assert {thread for thread, _ in collections} == {qt_thread}
    finally:
        collector.stop()


def test_stop_collects_everything_and_gives_back_what_was_there(qtbot) -> None:
    gc.enable()
    collector = QtThreadCollector()
    make_cycles(10)
    collector.stop()
    assert gc.isenabled()
    assert gc.get_count()[0] < 10
    gc.disable()
    collector = QtThreadCollector()
    collector.stop()
    assert not gc.isenabled()  # it was off before: left off
