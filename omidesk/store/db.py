"""The SQLite database: opening, pragmas, versioned migrations, and errors a person can act on."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from omidesk.domain.errors import StorageError
from omidesk.infra import private_files as private
from omidesk.store import files
from omidesk.store.schema import MIGRATIONS

log = logging.getLogger(__name__)

_T = TypeVar("_T")
# How often a write waiting for the write lock tries again, up to its deadline. SQLite's
# own busy handler waits longer and longer between its tries (up to 100 ms), while an import
# leaves the lock free for a few milliseconds between two of its batches: a write trying
# that seldom missed every gap, and waited out the whole import (or failed, past 5 s).
_RETRY_S = 0.001
# How long the window's own connection lets a synchronous write wait for the write lock,
# its thread (the window) frozen meanwhile: past it the write fails as store_locked, and the
# view says so. What must not fail (a dial's record) awaits the lock instead (write_one_async).
WINDOW_SYNC_WAIT_S = 0.05
# Checkpoints (copying the WAL back into the database file, then syncing it to disk) cost
# in proportion to the pages copied, and a page written by several commits since the last
# one is copied once. An import's connection checkpoints every BULK_CHECKPOINT_PAGES: at
# SQLite's default of 1,000 it checkpointed after every batch, copying and syncing the same
# index pages a hundred times, a third of the time it took to write 100,000 contacts.
# Other connections wait for twice as many, so that the import is always the one to pay
# for it: a call recorded on the window's thread must not find a WAL of thousands of
# pages over its limit and copy them. Without an import, a call writes a few pages: 16,000
# is months of calls, and few distinct pages to copy then.
BULK_CHECKPOINT_PAGES = 8000
_CHECKPOINT_PAGES = 2 * BULK_CHECKPOINT_PAGES
# A checkpointed WAL is written again from its start; past this size it is truncated then,
# so the file an import grew does not stay on disk.
_WAL_KEPT_BYTES = 4 << 20
# The page cache of a connection writing in bulk, in KiB (SQLite's default is 2 MiB). A
# batch of an import changes a page of each index per contact: with the default, the
# pages changed spilled to the WAL before the commit, and were read back from it, a tenth
# of the time writing 100,000 contacts took.
_BULK_CACHE_KIB = 16 * 1024


class StoreError(StorageError):
    """A store failure the agent can do something about (disk full, locked, read-only,
    damaged file). `code` is a key of the error catalogue and `path` (the database file)
    all its words need; anything else is a bug and propagates as the original sqlite3
    exception. `detail` is SQLite's or the system's own words, for the log only."""

    def __init__(self, code: str, path: Path | str, detail: str) -> None:
        super().__init__(code, path=str(path))
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.code}: {self.detail} ({self.path})"


def classify(exc: BaseException, path: Path | str) -> StoreError | None:
    """The actionable StoreError behind `exc`, or None when it is a bug. Told apart by
    SQLite's result code (or the system's errno), never by the words of the message: those
    change between SQLite versions, and words alike ("disk is full") hide different
    causes. An error raised by the sqlite3 module itself carries no code: a bug."""
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        if code is None:
            return None
        found = _by_result_code(code & 0xFF, path)
        detail = f"{getattr(exc, 'sqlite_errorname', code)}: {exc}"
    elif isinstance(exc, OSError):
        found = _by_errno(exc.errno, path)
        detail = str(exc)
    else:
        return None
    return StoreError(found, path, detail) if found else None


# SQLite's primary result codes (an extended code, such as SQLITE_IOERR_SHMSIZE, keeps its
# primary one in its low byte) and the errno values behind the same failures.
_LOCKED = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
_CANNOT_OPEN = frozenset(
    {sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH}
)
_DAMAGED = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
_ERRNO_FULL = frozenset({errno.ENOSPC, *([errno.EDQUOT] if hasattr(errno, "EDQUOT") else [])})
_ERRNO_IO = frozenset({errno.EIO, errno.EFBIG})
_ERRNO_CANNOT_OPEN = frozenset(
    {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EISDIR}
)
# Less free space than this on the database's disk is no room left: a database grows by
# pages and its index of the WAL by 32 KiB, and the system keeps a reserve besides.
_NO_ROOM_BYTES = 1 << 20


def _by_result_code(primary: int, path: Path | str) -> str | None:
    if primary in _LOCKED:
        return "store_locked"
    if primary in _CANNOT_OPEN:
        return "store_read_only"
    if primary in _DAMAGED:
        return "store_corrupt"
    if primary == sqlite3.SQLITE_FULL:
        return "store_disk_full"
    if primary == sqlite3.SQLITE_IOERR:
        return _io_error(path)
    return None


def _by_errno(number: int | None, path: Path | str) -> str | None:
    if number in _ERRNO_FULL:
        return "store_disk_full"
    if number in _ERRNO_CANNOT_OPEN:
        return "store_read_only"
    if number in _ERRNO_IO:
        return _io_error(path)
    return None


def _io_error(path: Path | str) -> str:
    """An I/O error says nothing more: SQLite reports a full disk as one when the system
    call failing does not say why (growing the WAL's index, syncing). The disk does."""
    import shutil  # noqa: PLC0415 - only on this error path: the dial path loads less

    try:
        room = shutil.disk_usage(Path(path).parent).free
    except OSError:
        return "store_io_error"
    return "store_disk_full" if room < _NO_ROOM_BYTES else "store_io_error"


@contextlib.contextmanager
def translated(path: Path | str) -> Iterator[None]:
    """Turns actionable sqlite3/OS errors into StoreError; leaves bugs alone. Damage seen
    in a database file is remembered, for its next start to check it whole."""
    try:
        yield
    except (sqlite3.Error, OSError) as exc:
        error = classify(exc, path)
        if error is None:
            raise
        if error.code == "store_corrupt" and isinstance(path, Path):
            files.note_damage(path)
        raise error from exc


class Database:
    """One SQLite connection to the OmiDesk database (calls and contacts in one file).

    Opened per thread: the Qt thread has one, an import running in an executor opens its
    own. Writes go through `transaction()` (or `write_one()`, one statement) so that each
    is all-or-nothing. A write that finds another connection holding the write lock waits
    for it: blocking its thread for up to `sync_wait_s`, or, awaited on the event loop
    (`write_one_async`), for up to `timeout_s` with the loop running meanwhile."""

    def __init__(
        self,
        path: Path | str,
        *,
        move_damaged_aside: bool = False,
        timeout_s: float = 5.0,
        sync_wait_s: float | None = None,
    ) -> None:
        """With `move_damaged_aside`, a damaged file (empty, not a database, cut short,
        or found damaged before and failing its check now) is moved aside and a new one
        started: `moved_aside` then says where it went. Only for a process's first
        connection (the window's services, a command): a later one would pull the file
        from under those already open. A file of a newer OmiDesk is not damaged: refused
        (store_newer), never moved.

        `timeout_s`: how long to wait for a lock (opening, an awaited write). `sync_wait_s`:
        how long a write made synchronously waits for the write lock, its thread blocked
        (timeout_s if not given: a worker thread, a command); the window's connection
        waits WINDOW_SYNC_WAIT_S."""
        self.path = Path(path) if str(path) != ":memory:" else path
        self.moved_aside: files.MovedAside | None = None
        self.timeout_s = timeout_s
        self.sync_wait_s = timeout_s if sync_wait_s is None else sync_wait_s
        with translated(self.path):
            if isinstance(self.path, Path):
                self.conn = self._open_file(self.path, move_damaged_aside, timeout_s)
            else:
                self.conn = self._connect(timeout_s)
        self._lock = threading.RLock()
        self._behind: _Checkpointer | None = None

    def _open_file(
        self, path: Path, move_damaged_aside: bool, timeout_s: float
    ) -> sqlite3.Connection:
        private.make_dir(path.parent)
        if files.is_empty(path):
            # SQLite would take an empty file for a new database, silently: the calls and
            # contacts it held would vanish without a word.
            empty = StoreError("store_corrupt", path, "the database file is empty (0 bytes)")
            if not move_damaged_aside:
                raise empty
            self._move_aside(path, empty, "store_empty_moved_aside", files.identity(path))
        files.create(path)
        seen = files.identity(path)
        try:
            with translated(path):
                if move_damaged_aside:
                    files.read_header(path)
                check_whole = move_damaged_aside and files.damage_seen(path)
                return self._connect(timeout_s, check_whole=check_whole)
        except StoreError as problem:
            if not move_damaged_aside or problem.code != "store_corrupt":
                raise
            self._move_aside(path, problem, "store_moved_aside", seen)
        files.create(path)
        return self._connect(timeout_s)

    def _move_aside(
        self, path: Path, problem: StoreError, code: str, seen: tuple[int, int] | None
    ) -> None:
        try:
            self.moved_aside = files.move_aside(path, code, seen)
        except OSError as exc:
            # Not moved (on Windows, another program has it open): the damage is what the
            # agent must hear about, and the catalogue says how to move it by hand.
            raise problem from exc

    def _connect(self, timeout_s: float, *, check_whole: bool = False) -> sqlite3.Connection:
        """Connects, sets the connection up, checks what is quick (the header, by reading;
        the schema; its version) and migrates. `check_whole`: damage was seen in the file
        before; a quick_check of every page says whether it is still there."""
        # Manual transactions (isolation_level=None): BEGIN IMMEDIATE takes the write
        # lock up front, so two processes never deadlock upgrading a read lock.
        self.conn = sqlite3.connect(
            str(self.path), isolation_level=None, timeout=timeout_s, check_same_thread=False
        )
        try:
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute(f"PRAGMA wal_autocheckpoint = {_CHECKPOINT_PAGES}")
            self.conn.execute(f"PRAGMA journal_size_limit = {_WAL_KEPT_BYTES}")
            # Reads and parses the whole schema: a damaged one fails here, not mid-call.
            self.conn.execute("SELECT COUNT(*) FROM sqlite_schema").fetchone()
            if check_whole:
                self._check_whole()
            self._migrate()
            # From here on a write that finds the write lock taken tries again by itself
            # (_taking_lock), and a read in WAL mode never waits for it: SQLite's own busy
            # handler is off once for all, not switched off and on around every write.
            self.conn.execute("PRAGMA busy_timeout = 0")
        except BaseException:
            self.conn.close()
            raise
        return self.conn

    def _check_whole(self) -> None:
        assert isinstance(self.path, Path)
        verdict = self.conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        if verdict != "ok":
            raise StoreError("store_corrupt", self.path, f"quick_check: {verdict}")
        files.forget_damage(self.path)

    def _migrate(self) -> None:
        current = self.conn.execute("PRAGMA user_version").fetchone()[0]
        target = len(MIGRATIONS)
        if current > target:
            # Not damaged: a newer OmiDesk's, which this one must neither change nor move.
            raise StoreError(
                "store_newer",
                self.path,
                f"schema version {current} is newer than this OmiDesk ({target})",
            )
        for version in range(current, target):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                # Two OmiDesks started at once on a new file both read version 0; the one
                # that waited for the write lock must not run the migration again ("table
                # calls already exists"): re-read the version under the lock.
                if self.conn.execute("PRAGMA user_version").fetchone()[0] > version:
                    self.conn.execute("COMMIT")
                    continue
                log.info("migrating %s to schema version %d", self.path, version + 1)
                MIGRATIONS[version](self.conn)
                self.conn.execute(f"PRAGMA user_version = {version + 1}")
                self.conn.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock, translated(self.path):
            self._taking_lock(lambda: self.conn.execute("BEGIN IMMEDIATE"))
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise

    def write_one(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """One statement as its own atomic transaction (autocommit): for single writes on
        the dialling path, where an explicit BEGIN/COMMIT pair would double the cost.
        Returns the rows of a RETURNING clause, fully fetched so the write completes."""
        with self._lock, translated(self.path):
            return self._taking_lock(lambda: self.conn.execute(sql, params).fetchall())

    async def write_one_async(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """write_one for a coroutine on the event loop's thread (a dial from the window):
        while another connection holds the write lock, it waits by awaiting, up to
        timeout_s, so the loop (the window) runs on. Tried at once first: when the lock is
        free, as it mostly is, the write is done with no sleep and no pass through the loop."""
        deadline: float | None = None
        while True:
            # The connection is this thread's only while trying, never across an await.
            with self._lock, translated(self.path):
                try:
                    return self.conn.execute(sql, params).fetchall()
                except sqlite3.OperationalError as exc:
                    deadline = _retry_until(exc, deadline, self.timeout_s)
            await asyncio.sleep(_RETRY_S)

    async def transaction_async(self, work: Callable[[Database], _T]) -> _T:
        """transaction() for a coroutine on the event loop's thread (an edit made in the
        window): `work` is called in the transaction with a Database that joins it (an
        InTransaction, for the stores to write through), and what it writes commits when it
        returns, or rolls back when it raises. While another connection holds the write
        lock (an import's batch), the transaction waits by awaiting, up to timeout_s, so
        the loop (the window) runs on; tried at once first, as write_one_async is. `work`
        is a plain function, not a coroutine: the connection is this thread's only while a
        try lasts, never across an await."""
        deadline: float | None = None
        while True:
            with self._lock, translated(self.path):
                try:
                    self.conn.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError as exc:
                    deadline = _retry_until(exc, deadline, self.timeout_s)
                else:
                    try:
                        done = work(InTransaction(self, self.conn))
                        self.conn.execute("COMMIT")
                    except BaseException:
                        self._rollback()
                        raise
                    return done
            await asyncio.sleep(_RETRY_S)

    def _taking_lock(self, statement: Callable[[], _T]) -> _T:
        """Runs `statement`, which takes the write lock first thing, trying again every
        _RETRY_S while another connection holds it, for up to sync_wait_s, the thread
        waiting. (A statement refused the lock has changed nothing: it can run again.)"""
        deadline: float | None = None
        while True:
            try:
                return statement()
            except sqlite3.OperationalError as exc:
                deadline = _retry_until(exc, deadline, self.sync_wait_s)
            time.sleep(_RETRY_S)

    def _rollback(self) -> None:
        # A failed COMMIT (disk full, a deferred constraint) leaves the transaction open, so
        # every later write failed with "cannot start a transaction within a transaction";
        # and SQLite may already have rolled back by itself, when a plain ROLLBACK would
        # raise and hide the real error. End whatever is open, keep the original error.
        if self.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        with self._lock, translated(self.path):
            yield self.conn

    @contextlib.contextmanager
    def bulk_writing(self) -> Iterator[None]:
        """For a run of many write transactions on this connection (an import's batches):
        it checkpoints sooner than the others (see BULK_CHECKPOINT_PAGES), and caches more
        pages (_BULK_CACHE_KIB), given back after."""
        with self._lock, translated(self.path):
            cache = int(self.conn.execute("PRAGMA cache_size").fetchone()[0])
            self.conn.execute(f"PRAGMA wal_autocheckpoint = {BULK_CHECKPOINT_PAGES}")
            self.conn.execute(f"PRAGMA cache_size = -{_BULK_CACHE_KIB}")
        try:
            yield
        finally:
            with self._lock, contextlib.suppress(sqlite3.Error):
                self.conn.execute(f"PRAGMA wal_autocheckpoint = {_CHECKPOINT_PAGES}")
                self.conn.execute(f"PRAGMA cache_size = {cache}")

    def integrity_ok(self) -> bool:
        with self.reading() as conn:
            verdict: str = conn.execute("PRAGMA integrity_check").fetchone()[0]
            return verdict == "ok"

    def checkpoint_behind(self) -> None:
        """Starts copying the WAL back into the database file in a thread of its own (its
        own connection: SQLite copies and syncs without the GIL) while this connection goes
        on. Asked now and then by a run of writes (a push's journal, a sync), it leaves
        little for the checkpoint the last close makes, which the process waits for: 10,000
        contacts pushed wrote 2 MB of WAL, 5 ms to copy at the end. Never waits itself."""
        if not isinstance(self.path, Path):
            return  # (in memory: no WAL)
        if self._behind is None:
            self._behind = _Checkpointer(self.path)
        self._behind.wake()

    def close(self) -> None:
        # The checkpointing thread first: its connection closed, this one is the last, and
        # makes the checkpoint SQLite makes at the last close (what is left to copy).
        behind, self._behind = self._behind, None
        if behind is not None:
            behind.stop()
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Checkpointer:
    """A thread that makes a passive checkpoint (what it can copy without waiting for any
    reader or writer) each time it is woken, with a connection of its own."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._wanted = threading.Event()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="store-checkpoint", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._wanted.set()

    def stop(self) -> None:
        """Ends the thread once the checkpoint under way, if any, is made."""
        self._stopping = True
        self._wanted.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(str(self._path), isolation_level=None, timeout=0)
        except sqlite3.Error as exc:
            log.warning("no checkpointing connection to %s: %s", self._path.name, exc)
            return
        try:
            while True:
                self._wanted.wait()
                self._wanted.clear()
                if self._stopping:
                    return
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error as exc:  # the close's own checkpoint copies it then
                    log.info("checkpoint behind skipped: %s", exc)
        finally:
            conn.close()


def _retry_until(refused: sqlite3.OperationalError, deadline: float | None, wait_s: float) -> float:
    """Until when a write refused with `refused` tries again (the deadline of its first
    refusal, `wait_s` on): raises `refused` when it was not refused the write lock (a
    bug, a full disk…), or when that time has passed."""
    if getattr(refused, "sqlite_errorcode", 0) & 0xFF != sqlite3.SQLITE_BUSY:
        raise refused
    now = time.monotonic()
    if deadline is None:
        deadline = now + wait_s
    if now >= deadline:
        raise refused
    return deadline


class InTransaction(Database):
    """The Database of one open transaction: store writes made through it (ContactStore's)
    join that transaction, so that several of them commit, or roll back, together. (No
    connection of its own: it lends the open one.)"""

    def __init__(self, db: Database, conn: sqlite3.Connection) -> None:
        self.path = db.path
        self.conn = conn
        self.timeout_s, self.sync_wait_s = db.timeout_s, db.sync_wait_s
        self._lock = threading.RLock()
        self._behind = None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        yield self.conn

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        yield self.conn

    def close(self) -> None:
        """The connection belongs to the Database that lent it."""
