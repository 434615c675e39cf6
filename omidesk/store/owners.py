"""The owner-routing service's own SQLite file: explicit owners, sticky owners learned from
the call history, and the state of the sync.

Kept apart from the agent's database (calls, contacts): the service runs on a server, under a
user of its own, and its file is the admin's. WAL mode, so reads never wait for a writer
(an import, `owners set`, the sync). The service answers from the owners in memory
(`explicit_index`, `sticky_index`, read again when `changes` moved: every write that
changes owners counts itself); a command reads the file (`read_owners`), and never waits
on a lock for more than READ_WAIT_S: past it, `OwnersBusy` is raised."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from omidesk.domain.errors import StorageError
from omidesk.domain.owner_index import ExplicitIndex, StickyIndex
from omidesk.domain.owners import ANY_HOTLINE, MAX_OWNERS, Owners, choose
from omidesk.infra import private_files as private
from omidesk.store import files
from omidesk.store.db import StoreError, translated
from omidesk.store.schema import run_script

log = logging.getLogger(__name__)

_T = TypeVar("_T")

# The longest a request's read waits for a lock (the 2 s budget OMICall gives is shared
# with the network both ways).
READ_WAIT_S = 0.1
# How often a read refused a lock tries again, within READ_WAIT_S.
_RETRY_S = 0.002
# How long a write (an import, `owners set`, the sync) waits for another writer.
WRITE_WAIT_S = 10.0
# Rows written per transaction by an import: a request's read is never held up (WAL), and
# a crash loses at most a batch of an import that is run again anyway.
BATCH = 5000


class OwnersBusy(StorageError):
    """A read of the owners waited READ_WAIT_S for a lock: the request is answered empty."""

    def __init__(self, path: Path | str) -> None:
        super().__init__("owners_busy", path=str(path))


def _v1_owners(conn: sqlite3.Connection) -> None:
    # Numbers and hotlines are stored under their keys (domain.owners.number_key /
    # hotline_key: E.164, or a SIP number's digits); hotline '' is "any hotline". `position`
    # keeps the order the admin gave. Sticky owners keep the start of their last answered
    # call with the number; sync_state is one row.
    run_script(
        conn,
        """
        CREATE TABLE explicit_owners (
            number     TEXT NOT NULL,
            hotline    TEXT NOT NULL DEFAULT '',
            extension  TEXT NOT NULL,
            position   INTEGER NOT NULL,
            updated_at REAL NOT NULL,
            PRIMARY KEY (number, hotline, extension)
        ) WITHOUT ROWID;
        CREATE TABLE sticky_owners (
            number       TEXT NOT NULL,
            extension    TEXT NOT NULL,
            last_call_at REAL NOT NULL,
            PRIMARY KEY (number, extension)
        ) WITHOUT ROWID;
        CREATE INDEX sticky_by_time ON sticky_owners (last_call_at);
        CREATE TABLE sync_state (
            id              INTEGER PRIMARY KEY CHECK (id = 1),
            synced_until    REAL,
            last_success_at REAL,
            last_attempt_at REAL,
            last_error      TEXT,
            calls_seen      INTEGER NOT NULL DEFAULT 0,
            lease_until     REAL NOT NULL DEFAULT 0
        );
        INSERT INTO sync_state (id) VALUES (1);
        """,
    )


def _v2_change_counters(conn: sqlite3.Connection) -> None:
    # Bumped by every write that changes the explicit or the sticky owners, in the same
    # transaction: the service's in-memory index reads them to know which part to load
    # again (the sync's bookkeeping, written every minute, changes neither).
    run_script(
        conn,
        """
        ALTER TABLE sync_state ADD COLUMN explicit_changes INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE sync_state ADD COLUMN sticky_changes INTEGER NOT NULL DEFAULT 0;
        """,
    )


# Version N of the owners file is the first N of these (its own list: this file is not
# the agent's database).
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1_owners, _v2_change_counters]

# The three tiers in one statement: explicit for this hotline (0), for any hotline (1),
# sticky within the window (2), each in its order.
_LOOKUP = """
    SELECT 0, extension, NULL, position FROM explicit_owners
        WHERE number = ?1 AND hotline = ?2 AND ?2 != ''
    UNION ALL
    SELECT 1, extension, NULL, position FROM explicit_owners
        WHERE number = ?1 AND hotline = ''
    UNION ALL
    SELECT 2, extension, last_call_at, -last_call_at FROM sticky_owners
        WHERE number = ?1 AND last_call_at >= ?3
    ORDER BY 1, 4, 2
"""
# What the in-memory index is built from (domain.owner_index), in the order it expects.
_EXPLICIT_ROWS = (
    "SELECT number, hotline, extension FROM explicit_owners ORDER BY number, hotline, position"
)
_STICKY_ROWS = (
    "SELECT number, extension, last_call_at FROM sticky_owners"
    " ORDER BY number, last_call_at DESC, extension"
)
_BUMP_EXPLICIT = "UPDATE sync_state SET explicit_changes = explicit_changes + 1 WHERE id = 1"
_BUMP_STICKY = "UPDATE sync_state SET sticky_changes = sticky_changes + 1 WHERE id = 1"


@dataclass(frozen=True, slots=True)
class ExplicitOwner:
    """One row of `owners list`: a number's owners for a hotline (ANY_HOTLINE: any)."""

    number: str
    hotline: str
    extensions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SyncState:
    """Where the sync of sticky owners stands (times in epoch seconds, None: never)."""

    synced_until: float | None
    last_success_at: float | None
    last_attempt_at: float | None
    last_error: str | None
    calls_seen: int


@dataclass(frozen=True, slots=True)
class Counts:
    numbers: int  # numbers with explicit owners
    sticky: int  # (number, extension) pairs learned from the history


class OwnersFile:
    """One connection to the owners file. Open one per thread that uses it (the service's
    loop has one for its reads; the sync writes through its own in a worker thread)."""

    def __init__(
        self, path: Path | str, *, write_wait_s: float = WRITE_WAIT_S, lazy: bool = False
    ) -> None:
        """Opens (and creates, or migrates) the file. `lazy` (the service): a file another
        connection holds locked now is set up at the first read that finds it free, so the
        service starts, and answers empty meanwhile, instead of failing to start."""
        self.path = Path(path)
        self.write_wait_s = write_wait_s
        self._lock = threading.RLock()
        self._counts: tuple[int, Counts] | None = None
        self._ready = False
        with translated(self.path):
            private.make_dir(self.path.parent)
            if files.is_empty(self.path):
                raise StoreError("store_corrupt", self.path, "the owners file is empty (0 bytes)")
            files.create(self.path)
            self.conn = sqlite3.connect(
                str(self.path), isolation_level=None, timeout=0, check_same_thread=False
            )
            try:
                self._set_up()
            except sqlite3.OperationalError as exc:
                if not (lazy and _busy(exc)):
                    self.conn.close()
                    raise
                log.warning("the owners file %s is locked: set up at the first free read", path)
            except BaseException:
                self.conn.close()
                raise

    @property
    def ready(self) -> bool:
        """Whether the file has been opened and read (false while a lock held it at start)."""
        return self._ready

    def _set_up(self) -> None:
        # Reads retry by themselves (read_owners), never in SQLite's busy handler, which
        # would hold the service's loop; writes wait in _writing.
        self.conn.execute("PRAGMA busy_timeout = 0")
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self._migrate()
        self._ready = True

    def _migrate(self) -> None:
        current = self.conn.execute("PRAGMA user_version").fetchone()[0]
        target = len(MIGRATIONS)
        if current > target:
            raise StoreError(
                "store_newer", self.path, f"owners file version {current} is newer ({target})"
            )
        for version in range(current, target):
            self._begin()
            try:
                if self.conn.execute("PRAGMA user_version").fetchone()[0] > version:
                    self.conn.execute("COMMIT")
                    continue
                MIGRATIONS[version](self.conn)
                self.conn.execute(f"PRAGMA user_version = {version + 1}")
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self.conn.execute("ROLLBACK")
                raise

    # --- the request path ------------------------------------------------------------------

    def owners_now(self, number: str, hotline: str | None, sticky_since: float | None) -> Owners:
        """The owners of `number` (a key) for `hotline` (a key, or None), sticky ones from
        `sticky_since` on (None: none). Raises sqlite3.OperationalError (SQLITE_BUSY) when
        a lock is in the way, for read_owners to try again."""
        since = float("inf") if sticky_since is None else sticky_since
        with self._lock:
            if not self._ready:
                self._set_up()
            rows = self.conn.execute(_LOOKUP, (number, hotline or "\x00", since)).fetchall()
        return choose(
            (row[1] for row in rows if row[0] == 0),
            (row[1] for row in rows if row[0] == 1),
            ((row[1], row[2]) for row in rows if row[0] == 2),
        )

    async def read_owners(
        self, number: str, hotline: str | None, sticky_since: float | None
    ) -> Owners:
        """owners_now for a coroutine of the service: a read refused a lock is tried again
        by awaiting (the other requests go on meanwhile), up to READ_WAIT_S, then raises
        OwnersBusy. Any other failure raises StoreError (or the bug's own exception)."""
        deadline: float | None = None
        while True:
            with translated(self.path):
                try:
                    return self.owners_now(number, hotline, sticky_since)
                except sqlite3.OperationalError as exc:
                    if not _busy(exc):
                        raise
            now = time.monotonic()
            if deadline is None:
                deadline = now + READ_WAIT_S
            if now >= deadline:
                raise OwnersBusy(self.path)
            await asyncio.sleep(_RETRY_S)

    # --- reads for the admin ---------------------------------------------------------------

    def _read(self, work: Callable[[sqlite3.Connection], _T], wait_s: float | None = None) -> _T:
        """A read for a command (or, waiting `wait_s`, a health check): waits for a lock up
        to write_wait_s, then raises StoreError (store_locked), or OwnersBusy when another
        thread's use of this connection held it up that long."""
        deadline = time.monotonic() + (self.write_wait_s if wait_s is None else wait_s)
        while True:
            # The connection may be busy in another thread (the sync's write, waiting for
            # an import's lock): waited for no longer than the file itself would be.
            if not self._lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
                raise OwnersBusy(self.path)
            try:
                with translated(self.path):
                    try:
                        if not self._ready:
                            self._set_up()
                        return work(self.conn)
                    except sqlite3.OperationalError as exc:
                        if not _busy(exc) or time.monotonic() >= deadline:
                            raise
            finally:
                self._lock.release()
            time.sleep(_RETRY_S)

    def explicit(self) -> Iterator[ExplicitOwner]:
        """Every number's explicit owners, by number then hotline ('' first)."""
        rows = self._read(lambda conn: conn.execute(_EXPLICIT_ROWS).fetchall())
        current: tuple[str, str] | None = None
        extensions: list[str] = []
        for number, hotline, extension in rows:
            if (number, hotline) != current:
                if current is not None:
                    yield ExplicitOwner(current[0], current[1], tuple(extensions))
                current, extensions = (number, hotline), []
            extensions.append(extension)
        if current is not None:
            yield ExplicitOwner(current[0], current[1], tuple(extensions))

    def counts(self, wait_s: float | None = None) -> Counts:
        """How many numbers have explicit owners and how many sticky pairs there are;
        counted again only when another connection changed the file (PRAGMA data_version)."""

        def count(conn: sqlite3.Connection) -> tuple[int, Counts]:
            version = int(conn.execute("PRAGMA data_version").fetchone()[0])
            if self._counts is not None and self._counts[0] == version:
                return self._counts
            numbers = conn.execute(
                "SELECT COUNT(*) FROM (SELECT DISTINCT number FROM explicit_owners)"
            ).fetchone()[0]
            sticky = conn.execute("SELECT COUNT(*) FROM sticky_owners").fetchone()[0]
            return version, Counts(int(numbers), int(sticky))

        self._counts = self._read(count, wait_s)
        return self._counts[1]

    def sync_state(self, wait_s: float | None = None) -> SyncState:
        row = self._read(
            lambda conn: conn.execute(
                "SELECT synced_until, last_success_at, last_attempt_at, last_error, calls_seen"
                " FROM sync_state WHERE id = 1"
            ).fetchone(),
            wait_s,
        )
        return SyncState(*row)

    # --- the service's in-memory index (usecases.live_owners) -----------------------------

    def _snapshot(self, work: Callable[[sqlite3.Connection], _T]) -> _T:
        """`work` in one read transaction, without waiting: a lock in the way raises
        OwnersBusy at once (the index is read again at its next check, the old one
        answering meanwhile)."""
        with self._lock, translated(self.path):
            try:
                if not self._ready:
                    self._set_up()
                self.conn.execute("BEGIN")
                try:
                    return work(self.conn)
                finally:
                    if self.conn.in_transaction:
                        self.conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                if _busy(exc):
                    raise OwnersBusy(self.path) from exc
                raise

    def changes(self) -> tuple[int, int]:
        """How many times the explicit and the sticky owners have been written: a part of
        the index is read again when its count moved."""
        return self._snapshot(_changes)

    def explicit_index(self) -> tuple[int, ExplicitIndex]:
        """Every explicit owner in memory, and the count of changes it holds."""

        def read(conn: sqlite3.Connection) -> tuple[int, ExplicitIndex]:
            return _changes(conn)[0], ExplicitIndex.build(conn.execute(_EXPLICIT_ROWS))

        return self._snapshot(read)

    def sticky_index(self) -> tuple[int, StickyIndex]:
        """Every sticky owner in memory, and the count of changes it holds."""

        def read(conn: sqlite3.Connection) -> tuple[int, StickyIndex]:
            return _changes(conn)[1], StickyIndex.build(conn.execute(_STICKY_ROWS))

        return self._snapshot(read)

    # --- writes ----------------------------------------------------------------------------

    def _begin(self) -> None:
        """BEGIN IMMEDIATE, waiting up to write_wait_s for another writer."""
        deadline = time.monotonic() + self.write_wait_s
        while True:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not _busy(exc) or time.monotonic() >= deadline:
                    raise
            time.sleep(_RETRY_S)

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        with self._lock, translated(self.path):
            if not self._ready:
                self._set_up()
            self._begin()
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self.conn.execute("ROLLBACK")
                raise

    def set_owners(
        self,
        rows: Iterable[tuple[str, str, Sequence[str]]],
        *,
        replace_all: bool = False,
        merge: bool = True,
        now: float | None = None,
    ) -> list[tuple[int, tuple[str, ...]]]:
        """Writes (number, hotline, extensions) rows, BATCH a transaction. `merge` adds the
        extensions after those already there (an extension there already keeps its
        place); else they replace that number's owners for that hotline. A number keeps
        MAX_OWNERS owners for a hotline at most (OMICall rings no more). `replace_all`
        first empties every explicit owner, and writes every row in that same
        transaction: a request sees the old list or the new one, never a file half empty
        (WAL: nobody's read waits meanwhile). Returns the rows (their place in `rows`,
        from 0) with extensions left out for want of room, and those extensions."""
        stamp = time.time() if now is None else now
        left_out: list[tuple[int, tuple[str, ...]]] = []

        def write(
            conn: sqlite3.Connection, place: int, row: tuple[str, str, Sequence[str]]
        ) -> None:
            number, hotline, extensions = row
            extra = _write_one(conn, number, hotline, extensions, merge=merge, now=stamp)
            if extra:
                left_out.append((place, extra))

        if replace_all:
            with self._writing() as conn:
                conn.execute("DELETE FROM explicit_owners")
                for place, row in enumerate(rows):
                    write(conn, place, row)
                conn.execute(_BUMP_EXPLICIT)
            return left_out
        batch: list[tuple[int, tuple[str, str, Sequence[str]]]] = []

        def flush() -> None:
            with self._writing() as conn:
                for place, row in batch:
                    write(conn, place, row)
                conn.execute(_BUMP_EXPLICIT)

        for place, row in enumerate(rows):
            batch.append((place, row))
            if len(batch) >= BATCH:
                flush()
                batch = []
        if batch:
            flush()
        return left_out

    def clear(self, number: str, hotline: str | None) -> int:
        """Removes a number's explicit owners for `hotline` ('' any hotline; None every
        hotline). Returns how many extensions were removed."""
        with self._writing() as conn:
            if hotline is None:
                cursor = conn.execute("DELETE FROM explicit_owners WHERE number = ?", (number,))
            else:
                cursor = conn.execute(
                    "DELETE FROM explicit_owners WHERE number = ? AND hotline = ?",
                    (number, hotline),
                )
            if cursor.rowcount:
                conn.execute(_BUMP_EXPLICIT)
            return int(cursor.rowcount)

    def learn(self, pairs: Iterable[tuple[str, str, float]]) -> int:
        """Sticky owners seen in the history: (number, extension, started_at), keeping the
        most recent call of each pair. Returns how many pairs were given."""
        items = list(pairs)
        if not items:
            return 0
        with self._writing() as conn:
            conn.executemany(
                "INSERT INTO sticky_owners (number, extension, last_call_at) VALUES (?, ?, ?)"
                " ON CONFLICT (number, extension) DO UPDATE"
                " SET last_call_at = max(last_call_at, excluded.last_call_at)",
                items,
            )
            conn.execute(_BUMP_STICKY)
        return len(items)

    def forget_sticky_before(self, when: float) -> int:
        """Drops sticky owners whose last call started before `when` (out of the window)."""
        with self._writing() as conn:
            forgotten = int(
                conn.execute("DELETE FROM sticky_owners WHERE last_call_at < ?", (when,)).rowcount
            )
            if forgotten:
                conn.execute(_BUMP_STICKY)
            return forgotten

    def take_sync_lease(self, now: float, for_s: float) -> bool:
        """Whether this process runs the next sync: one at a time over every process using
        the file (service workers, `routing sync`), each sync holding the lease for_s."""
        with self._writing() as conn:
            cursor = conn.execute(
                "UPDATE sync_state SET lease_until = ?, last_attempt_at = ?"
                " WHERE id = 1 AND lease_until <= ?",
                (now + for_s, now, now),
            )
            return cursor.rowcount == 1

    def sync_done(self, *, until: float, now: float, calls: int) -> None:
        with self._writing() as conn:
            conn.execute(
                "UPDATE sync_state SET synced_until = ?, last_success_at = ?, last_error = NULL,"
                " calls_seen = calls_seen + ?, lease_until = 0 WHERE id = 1",
                (until, now, calls),
            )

    def sync_failed(self, error: str) -> None:
        with self._writing() as conn:
            conn.execute(
                "UPDATE sync_state SET last_error = ?, lease_until = 0 WHERE id = 1", (error,)
            )

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    def __enter__(self) -> OwnersFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _write_one(
    conn: sqlite3.Connection,
    number: str,
    hotline: str,
    extensions: Sequence[str],
    *,
    merge: bool,
    now: float,
) -> tuple[str, ...]:
    """Writes one row; returns its extensions left out, past MAX_OWNERS."""
    start = 0
    present: list[str] = []
    if merge:
        for extension, position in conn.execute(
            "SELECT extension, position FROM explicit_owners"
            " WHERE number = ? AND hotline = ? ORDER BY position",
            (number, hotline),
        ):
            present.append(extension)
            start = position + 1
    else:
        conn.execute(
            "DELETE FROM explicit_owners WHERE number = ? AND hotline = ?", (number, hotline)
        )
    new = [extension for extension in dict.fromkeys(extensions) if extension not in present]
    room = max(0, MAX_OWNERS - len(present))
    conn.executemany(
        "INSERT INTO explicit_owners (number, hotline, extension, position, updated_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [
            (number, hotline, extension, start + index, now)
            for index, extension in enumerate(new[:room])
        ],
    )
    return tuple(new[room:])


def _changes(conn: sqlite3.Connection) -> tuple[int, int]:
    row = conn.execute(
        "SELECT explicit_changes, sticky_changes FROM sync_state WHERE id = 1"
    ).fetchone()
    return int(row[0]), int(row[1])


def _busy(exc: sqlite3.OperationalError) -> bool:
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


__all__ = [
    "ANY_HOTLINE",
    "BATCH",
    "MIGRATIONS",
    "Counts",
    "ExplicitOwner",
    "OwnersBusy",
    "OwnersFile",
    "SyncState",
]
