"""The database file on disk: created private and never empty, moved aside when damaged."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from omidesk.infra import private_files as private

log = logging.getLogger(__name__)

# The files SQLite keeps beside a database in WAL mode, named by these suffixes.
COMPANIONS = ("-wal", "-shm")
# Beside the database while damage was seen in it and not yet checked at a start.
DAMAGE_SEEN = ".damage-seen"


@dataclass(frozen=True, slots=True)
class MovedAside:
    """A damaged database file set aside when it was opened: where it went, and the
    catalogue code of the notice that says so (empty files have their own words)."""

    path: Path
    code: str


def companion(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


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


def read_header(path: Path) -> None:
    """Reads the database's header, as SQLite does, raising what SQLite raises if it is not
    one (SQLITE_NOTADB, SQLITE_CORRUPT), and touching nothing else. Opened `immutable`,
    SQLite neither locks the file nor opens its -wal, which a normal connection deletes
    on closing when it cannot read it: damaged, the files are moved aside as found."""
    try:
        uri = path.absolute().as_uri() + "?immutable=1"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
            conn.execute("PRAGMA user_version").fetchone()
    except sqlite3.Error as exc:
        if getattr(exc, "sqlite_errorcode", 0) & 0xFF in (
            sqlite3.SQLITE_CORRUPT,
            sqlite3.SQLITE_NOTADB,
        ):
            raise
        # Anything else (a path SQLite's URIs cannot name, such as a Windows share's) is
        # for the opening itself to meet, and report.


def is_empty(path: Path) -> bool:
    try:
        return path.stat().st_size == 0
    except OSError:
        return False


def identity(path: Path) -> tuple[int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


def move_aside(path: Path, code: str, seen: tuple[int, int] | None) -> MovedAside | None:
    """Renames the damaged file at `path` (found as `seen`), and its -wal and -shm, to
    `<name>.damaged-<date>-<time>`, beside it. None when the file there is no longer the
    one found damaged (another OmiDesk moved it first). Raises OSError when it cannot
    be moved (Windows: another program has it open)."""
    if identity(path) != seen:
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    number = 1
    while any(each.exists() for each in (target, *_companions(target))):
        number += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{number}")
    # The WAL first: a new database must never find the damaged one's WAL beside it and
    # take its pages for its own. Each keeps SQLite's naming, so that whoever recovers the
    # damaged file opens it with its WAL.
    for suffix in COMPANIONS:
        with contextlib.suppress(FileNotFoundError):
            os.rename(companion(path, suffix), companion(target, suffix))
    os.rename(path, target)
    forget_damage(path)
    log.warning("damaged database %s moved aside to %s", path, target)
    return MovedAside(target, code)


def _companions(path: Path) -> tuple[Path, ...]:
    return tuple(companion(path, suffix) for suffix in COMPANIONS)


def note_damage(path: Path) -> None:
    """Remembers that damage was seen in the database at `path`: the next start checks it
    whole (start-up checks only what is quick, and damage deep inside escapes them)."""
    with contextlib.suppress(OSError):
        os.close(private.open_file(companion(path, DAMAGE_SEEN), os.O_WRONLY))


def damage_seen(path: Path) -> bool:
    return companion(path, DAMAGE_SEEN).exists()


def forget_damage(path: Path) -> None:
    with contextlib.suppress(OSError):
        companion(path, DAMAGE_SEEN).unlink(missing_ok=True)
