"""Another connection holding SQLite's write lock, for tests of what waits for it."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class LockHolder(threading.Thread):
    """Another connection, in a thread of its own, writing in one transaction (as an
    import's batch does) until released: it holds the write lock all along."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.held = threading.Event()
        self._release = threading.Event()

    def run(self) -> None:
        conn = sqlite3.connect(self.path, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("UPDATE calls SET hotline = hotline")
            self.held.set()
            self._release.wait(60)
            conn.execute("COMMIT")
        finally:
            conn.close()

    def release(self) -> None:
        self._release.set()
        self.join(30)


@contextmanager
def lock_held_by_a_thread(path: Path) -> Iterator[LockHolder]:
    """The write lock of the database at `path`, held by another thread's connection
    until the block ends (or the holder is released sooner)."""
    holder = LockHolder(path)
    holder.start()
    try:
        assert holder.held.wait(30)
        yield holder
    finally:
        holder.release()
