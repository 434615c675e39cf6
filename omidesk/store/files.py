"""The database file on disk: created private, and never seen empty."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from pathlib import Path

from omidesk.core import private

# The files SQLite keeps beside a database in WAL mode, named by these suffixes.
COMPANIONS = ("-wal", "-shm")


def create(path: Path) -> None:
    """Makes a new database file at `path` unless one is there; one made by an older
    OmiDesk, readable by others, is narrowed to 0600 (its -wal and -shm too).

    A new file is private (SQLite gives the -wal and -shm it creates the database's mode)
    and never seen empty: it is written under a name of its own and linked into place,
    complete. So a file found empty is always a damaged one, never one another OmiDesk
    is creating at this moment."""
    if path.exists():
        for each in (path, *_companions(path)):
            private.narrow(each)
        return
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.new")
    temporary.unlink(missing_ok=True)  # left by a crash of this very thread's pid
    os.close(private.open_file(temporary, os.O_WRONLY | os.O_EXCL))
    try:
        with contextlib.closing(sqlite3.connect(temporary)) as conn:
            # Writes the header: the file is a database from its first byte on.
            conn.execute("PRAGMA journal_mode = WAL")
        _put_in_place(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _put_in_place(temporary: Path, path: Path) -> None:
    """Links `temporary` to `path` unless another process put a file there first."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        return
    except OSError:
        # No hard links on this file system (FAT, some network shares). Windows' rename
        # refuses to replace a file; elsewhere it would, so look first.
        if not path.exists():
            with contextlib.suppress(FileExistsError):
                os.rename(temporary, path)


def _companions(path: Path) -> tuple[Path, ...]:
    return tuple(path.with_name(path.name + suffix) for suffix in COMPANIONS)
