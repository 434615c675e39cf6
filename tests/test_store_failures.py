"""The store failing for real: a full or failing disk, a damaged file, private files; what
the agent then reads, on the command line and in the window, and that nothing is lost."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from omidesk import services
from omidesk.domain.catalogue import explain
from omidesk.domain.settings import Settings
from omidesk.infra import settings_file
from omidesk.infra.paths import default_paths
from omidesk.sandbox.server import Sandbox
from omidesk.store.calls import CallStore
from omidesk.store.db import Database, StoreError, classify
from tests.conftest import EXTENSION, HOTLINE, ROOT, Run, run_cli, shut_down

# Real SQLite files, damaged, locked and full.
pytestmark = pytest.mark.integration

# Smaller than the shared-memory index SQLite gives a database in WAL mode (32 KiB): with
# this file size limit, no database can be opened, read or written.
TINY_LIMIT = 16 * 1024


def record(store: CallStore, number: str = "0901234567", text: str = "") -> int | None:
    return store.start(
        input=text or number,
        number=number,
        e164="+84" + number[1:],
        extension=EXTENSION,
        hotline=HOTLINE,
        source="cli",
    )


def fill_up(db: Database) -> StoreError:
    """Lets the database grow no more (SQLite's max_page_count: a real SQLITE_FULL through
    the real code path), then records calls until one as small as a dial's no longer fits."""
    pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
    db.conn.execute(f"PRAGMA max_page_count = {pages}")
    store = CallStore(db)
    for _ in range(10_000):
        try:
            record(store)
        except StoreError as error:
            return error
    raise AssertionError("the database never filled up")


def run_limited(limit: int, *args: str, stdin: str | None = None) -> Run:
    """`omidesk ARGS` in a process whose files may not grow past `limit` bytes
    (RLIMIT_FSIZE; a write past it fails with EFBIG, as on a disk with no room left).
    A launcher sets the limit and execs the command: no preexec_fn in a test process
    that has threads."""
    launcher = textwrap.dedent(
        f"""
        import os, resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
        os.execv(sys.executable, [sys.executable, "-m", "omidesk", *sys.argv[1:]])
        """
    )
    environment = dict(os.environ)
    environment["PYTHON_KEYRING_BACKEND"] = "tests.fake_keyring.FileKeyring"
    environment["PYTHONPATH"] = str(ROOT) + os.pathsep + environment.get("PYTHONPATH", "")
    environment["PYTHONIOENCODING"] = "utf-8"
    environment["PYTHONDONTWRITEBYTECODE"] = "1"
    result = subprocess.run(
        [sys.executable, "-c", launcher, *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    return Run(result.returncode, result.stdout, result.stderr)


def no_bug_shown(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert "Logging error" not in stderr
    assert "Something went wrong" not in stderr
    assert "lỗi nội bộ" not in stderr


def a_full_log(paths_log: Path) -> None:
    """A log file already past TINY_LIMIT: any line logged then fails to be written."""
    paths_log.parent.mkdir(parents=True, exist_ok=True)
    paths_log.write_text("earlier line\n" * (2 * TINY_LIMIT // 13), encoding="utf-8")


# --- 1. a full disk and I/O errors ------------------------------------------------------------


def test_a_full_database_says_the_disk_is_full_naming_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "data" / "omidesk.sqlite3"
    with Database(path) as db:
        error = fill_up(db)
        assert error.code == "store_disk_full"
        english, vietnamese = (
            explain(error.code, "en", path=error.path),
            explain(error.code, "vi", path=error.path),
        )
        assert english.message == f"Cannot write to {path.parent}: the disk is full."
        assert "Free some space" in english.next_step
        assert vietnamese.message == f"Không ghi được vào {path.parent}: ổ đĩa đã đầy."
        assert "Giải phóng dung lượng" in vietnamese.next_step
        assert english.retry
        # What was stored before is all there and readable.
        assert CallStore(db).count() > 0


def test_a_call_on_a_full_disk_is_not_placed_and_says_why(sandbox: Sandbox, tmp_path: Path) -> None:
    """Not recorded, so not sent: the agent reads the disk is full, and where."""
    path = tmp_path / "data" / "omidesk.sqlite3"
    settings = Settings(base_url=sandbox.base_url, extension=EXTENSION, hotline=HOTLINE)

    async def dial(db: Database):
        async with services.one_shot(db, settings, lambda: sandbox.api_key) as dialer:
            return await dialer.dial("0987 654 321")

    with Database(path) as db:
        fill_up(db)
        outcome = asyncio.run(dial(db))
    assert (outcome.status, outcome.error) == ("failed", "store_disk_full")
    assert outcome.message == f"Cannot write to {path.parent}: the disk is full."
    assert sandbox.click2calls() == []


CODES = [
    (sqlite3.SQLITE_BUSY, "SQLITE_BUSY", "store_locked"),
    (sqlite3.SQLITE_LOCKED, "SQLITE_LOCKED", "store_locked"),
    (5 | (2 << 8), "SQLITE_BUSY_SNAPSHOT", "store_locked"),
    (sqlite3.SQLITE_READONLY, "SQLITE_READONLY", "store_read_only"),
    (8 | (4 << 8), "SQLITE_READONLY_DBMOVED", "store_read_only"),
    (sqlite3.SQLITE_CANTOPEN, "SQLITE_CANTOPEN", "store_read_only"),
    (sqlite3.SQLITE_PERM, "SQLITE_PERM", "store_read_only"),
    (sqlite3.SQLITE_AUTH, "SQLITE_AUTH", "store_read_only"),
    (sqlite3.SQLITE_CORRUPT, "SQLITE_CORRUPT", "store_corrupt"),
    (11 | (3 << 8), "SQLITE_CORRUPT_INDEX", "store_corrupt"),
    (sqlite3.SQLITE_NOTADB, "SQLITE_NOTADB", "store_corrupt"),
    (sqlite3.SQLITE_FULL, "SQLITE_FULL", "store_disk_full"),
    (10 | (19 << 8), "SQLITE_IOERR_SHMSIZE", "store_io_error"),
    (10 | (3 << 8), "SQLITE_IOERR_WRITE", "store_io_error"),
    (10 | (4 << 8), "SQLITE_IOERR_FSYNC", "store_io_error"),
    (sqlite3.SQLITE_IOERR, "SQLITE_IOERR", "store_io_error"),
]


def sqlite_error(code: int, name: str, text: str) -> sqlite3.OperationalError:
    """An error as SQLite raises it: its words, and its (extended) result code."""
    error = sqlite3.OperationalError(text)
    error.sqlite_errorcode = code
    error.sqlite_errorname = name
    return error


@pytest.mark.parametrize(("code", "name", "expected"), CODES)
def test_store_errors_are_told_apart_by_their_code_not_their_words(
    tmp_path: Path, code: int, name: str, expected: str
) -> None:
    # Words that say something else entirely: only the code may decide.
    error = classify(sqlite_error(code, name, "database is locked (disk is full)"), tmp_path)
    assert error is not None
    assert error.code == expected
    assert name in error.detail


@pytest.mark.parametrize(
    "error",
    [
        sqlite_error(sqlite3.SQLITE_ERROR, "SQLITE_ERROR", "database or disk is full"),
        sqlite_error(sqlite3.SQLITE_CONSTRAINT, "SQLITE_CONSTRAINT", "database is locked"),
        sqlite_error(sqlite3.SQLITE_MISMATCH, "SQLITE_MISMATCH", "file is not a database"),
        sqlite3.OperationalError("disk I/O error"),  # no code: not from SQLite's own calls
    ],
)
def test_an_error_that_only_reads_like_a_store_failure_is_a_bug(
    tmp_path: Path, error: Exception
) -> None:
    assert classify(error, tmp_path) is None


def test_an_io_error_on_a_disk_with_no_room_left_is_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite reports a full disk as an I/O error where the system call does not say why
    (growing its shared-memory index, syncing): the disk's free space tells."""
    path = tmp_path / "omidesk.sqlite3"
    shm = sqlite_error(10 | (19 << 8), "SQLITE_IOERR_SHMSIZE", "disk I/O error")
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(shutil, "disk_usage", lambda _: usage._replace(free=4096))
    full = classify(shm, path)
    assert full is not None
    assert (full.code, full.path) == ("store_disk_full", str(path))


@pytest.mark.parametrize(
    ("number", "code"),
    [
        (28, "store_disk_full"),  # ENOSPC
        (122, "store_disk_full"),  # EDQUOT (Linux)
        (5, "store_io_error"),  # EIO
        (27, "store_io_error"),  # EFBIG
        (13, "store_read_only"),  # EACCES
        (30, "store_read_only"),  # EROFS
        (20, "store_read_only"),  # ENOTDIR: the data folder is a file
    ],
)
def test_os_errors_of_the_disk_are_store_errors(tmp_path: Path, number: int, code: str) -> None:
    error = classify(OSError(number, os.strerror(number)), tmp_path / "omidesk.sqlite3")
    assert error is not None
    assert error.code == code


def test_an_io_error_names_the_folder_in_both_languages(tmp_path: Path) -> None:
    path = tmp_path / "data" / "omidesk.sqlite3"
    english = explain("store_io_error", "en", path=path)
    vietnamese = explain("store_io_error", "vi", path=path)
    assert english.message == f"Cannot read or write the database file in {path.parent}."
    assert "full, failing or disconnected" in english.next_step
    assert vietnamese.message == f"Không đọc hoặc ghi được tệp cơ sở dữ liệu trong {path.parent}."
    assert "đầy, bị lỗi hoặc bị ngắt kết nối" in vietnamese.next_step


def test_a_database_that_cannot_grow_is_a_store_error_not_a_bug(tmp_path: Path) -> None:
    """A real file size limit (EFBIG): SQLite cannot grow its index of the WAL."""
    path = tmp_path / "data" / "omidesk.sqlite3"
    Database(path).close()
    child = textwrap.dedent(
        f"""
        import resource, sys
        from omidesk.domain.catalogue import explain
        from omidesk.store.db import Database, StoreError
        resource.setrlimit(resource.RLIMIT_FSIZE, ({TINY_LIMIT}, {TINY_LIMIT}))
        try:
            Database(sys.argv[1])
        except StoreError as error:
            print(error.code)
            print(explain(error.code, "en", path=error.path).message)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", child, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    no_bug_shown(done.stderr)
    assert done.stdout.splitlines() == [
        "store_io_error",
        f"Cannot read or write the database file in {path.parent}.",
    ]


def test_history_on_a_disk_that_cannot_grow_says_so_without_a_traceback(
    configured: Sandbox,
) -> None:
    paths = default_paths()
    with Database(paths.database) as db:
        record(CallStore(db))
    a_full_log(paths.log_file)
    result = run_limited(TINY_LIMIT, "history")
    no_bug_shown(result.err)
    assert result.code == 4
    assert f"Cannot read or write the database file in {paths.data_dir}." in result.err
    assert "full, failing or disconnected" in result.err


def test_a_call_on_a_disk_that_cannot_grow_is_not_placed_and_says_so(
    configured: Sandbox,
) -> None:
    paths = default_paths()
    Database(paths.database).close()
    a_full_log(paths.log_file)
    result = run_limited(TINY_LIMIT, "call", "0901234567")
    no_bug_shown(result.err)
    assert result.code == 4
    assert f"Cannot read or write the database file in {paths.data_dir}." in result.err
    assert configured.click2calls() == []


# --- 2. a damaged database is moved aside, and a new one started --------------------------------

STAMPED = re.compile(r"omidesk\.sqlite3\.damaged-\d{8}-\d{6}(-\d+)?")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder / "omidesk.sqlite3"


def with_calls(path: Path, count: int) -> None:
    with Database(path) as db:
        store = CallStore(db)
        for number in range(count):
            record(store, f"09{number:08d}")


def beside(path: Path) -> list[str]:
    return sorted(entry.name for entry in path.parent.iterdir())


def test_an_empty_database_file_is_moved_aside_and_a_new_one_started(path: Path) -> None:
    path.touch()
    with Database(path, move_damaged_aside=True) as db:
        moved = db.moved_aside
        assert moved is not None
        assert moved.code == "store_empty_moved_aside"
        assert moved.path.parent == path.parent
        assert STAMPED.fullmatch(moved.path.name), moved.path.name
        assert moved.path.stat().st_size == 0
        record(CallStore(db))  # the agent keeps calling
        assert CallStore(db).count() == 1
    english = explain(moved.code, "en", path=moved.path)
    vietnamese = explain(moved.code, "vi", path=moved.path)
    assert english.message == (
        f"The database file was empty: OmiDesk moved it to {moved.path} and started a new one."
    )
    assert "You can keep calling" in english.next_step
    assert vietnamese.message == (
        f"Tệp cơ sở dữ liệu bị rỗng: OmiDesk đã chuyển nó sang {moved.path} và tạo tệp mới."
    )
    assert "vẫn có thể gọi" in vietnamese.next_step


def test_a_file_that_is_not_a_database_is_moved_aside_with_its_wal(path: Path) -> None:
    garbage = {"": b"not a database\n" * 500, "-wal": b"half a journal", "-shm": b"\0" * 64}
    for suffix, content in garbage.items():
        Path(f"{path}{suffix}").write_bytes(content)
    with Database(path, move_damaged_aside=True) as db:
        moved = db.moved_aside
        assert moved is not None
        assert moved.code == "store_moved_aside"
        assert CallStore(db).count() == 0
        assert db.integrity_ok()
    # Kept byte for byte, the WAL beside the file it belongs to (as SQLite names it), for
    # whoever recovers it.
    for suffix, content in garbage.items():
        assert Path(f"{moved.path}{suffix}").read_bytes() == content
    english = explain(moved.code, "en", path=moved.path)
    assert english.message == (
        f"The database was damaged: OmiDesk moved it to {moved.path} and started a new one."
    )
    assert "keep it for your administrator" in english.next_step
    assert "giữ lại cho quản trị viên" in explain(moved.code, "vi", path=moved.path).next_step


def test_a_truncated_database_is_moved_aside(path: Path) -> None:
    with_calls(path, 3000)
    size = path.stat().st_size
    assert size > 100_000
    with path.open("r+b") as file:
        file.truncate(size // 2)
    with Database(path, move_damaged_aside=True) as db:
        moved = db.moved_aside
        assert moved is not None
        assert moved.code == "store_moved_aside"
        assert CallStore(db).count() == 0
    assert moved.path.stat().st_size == size // 2


def test_a_file_damaged_deep_inside_is_moved_aside_at_the_next_start(path: Path) -> None:
    """Start-up checks only what is quick (header, schema, version): damage deep inside
    shows later, and is remembered, so that the next start checks the whole file."""
    with_calls(path, 3000)
    with Database(path) as db:
        pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
        page_size = db.conn.execute("PRAGMA page_size").fetchone()[0]
    with path.open("r+b") as file:
        for page in range(pages // 2, pages - 2):
            file.seek(page * page_size)
            file.write(b"\xff" * page_size)
    with Database(path, move_damaged_aside=True) as db:
        assert db.moved_aside is None  # the quick checks found nothing
        with pytest.raises(StoreError) as caught:
            CallStore(db).recent(limit=5000)
        assert caught.value.code == "store_corrupt"
    with Database(path, move_damaged_aside=True) as db:
        moved = db.moved_aside
        assert moved is not None
        assert moved.code == "store_moved_aside"
        assert CallStore(db).count() == 0
    with Database(path, move_damaged_aside=True) as db:
        assert db.moved_aside is None  # the new one is healthy: left alone
    assert [name for name in beside(path) if "damaged" in name] == [moved.path.name]


def test_a_database_from_a_newer_omidesk_is_never_moved_aside(path: Path) -> None:
    with_calls(path, 3)
    with contextlib.closing(sqlite3.connect(path)) as raw:
        raw.execute("PRAGMA user_version = 999")
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        Database(path, move_damaged_aside=True)
    assert caught.value.code == "store_newer"
    assert path.read_bytes() == before
    assert not [name for name in beside(path) if "damaged" in name]


def test_a_database_locked_at_start_is_not_moved_aside(path: Path) -> None:
    with_calls(path, 3)
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("UPDATE calls SET hotline = hotline")
        holder.execute("COMMIT")  # exclusive mode: the lock stays taken
        with pytest.raises(StoreError) as caught:
            Database(path, move_damaged_aside=True, timeout_s=0.05)
        assert caught.value.code == "store_locked"
    finally:
        holder.close()
    assert not [name for name in beside(path) if "damaged" in name]
    with Database(path, move_damaged_aside=True) as db:
        assert CallStore(db).count() == 3


def test_two_damaged_files_in_one_second_are_both_kept(path: Path) -> None:
    moved = []
    for content in (b"first damaged file " * 100, b"second damaged file " * 100):
        path.unlink(missing_ok=True)
        path.write_bytes(content)
        with Database(path, move_damaged_aside=True) as db:
            assert db.moved_aside is not None
            moved.append(db.moved_aside.path)
    assert moved[0] != moved[1]
    assert moved[0].read_bytes().startswith(b"first")
    assert moved[1].read_bytes().startswith(b"second")


def test_a_damaged_file_in_a_folder_with_an_odd_name_is_moved_aside(tmp_path: Path) -> None:
    """The header is read through a file: URI: the folder's name must reach it whole."""
    path = tmp_path / "Dữ liệu #1 ?50% & more" / "omidesk.sqlite3"
    path.parent.mkdir()
    path.write_bytes(b"not a database\n" * 500)
    with Database(path, move_damaged_aside=True) as db:
        assert db.moved_aside is not None
        record(CallStore(db))
    with Database(path, move_damaged_aside=True) as db:
        assert db.moved_aside is None
        assert CallStore(db).count() == 1


def test_a_healthy_database_is_left_where_it_is(path: Path) -> None:
    with_calls(path, 3)
    with Database(path, move_damaged_aside=True) as db:
        assert db.moved_aside is None
        assert CallStore(db).count() == 3


def test_a_second_connection_never_moves_the_file_others_have_open(path: Path) -> None:
    """Only the process's first opening moves a file aside: a connection opened later
    (an import's) would pull the file from under the window's own."""
    path.write_bytes(b"not a database\n" * 500)
    with pytest.raises(StoreError) as caught:
        Database(path)
    assert caught.value.code == "store_corrupt"
    path.write_bytes(b"")
    with pytest.raises(StoreError) as caught:
        Database(path)
    assert caught.value.code == "store_corrupt"
    assert beside(path) == ["omidesk.sqlite3", "omidesk.sqlite3.damage-seen"]


def test_history_warns_once_where_the_damaged_database_went(configured: Sandbox) -> None:
    paths = default_paths()
    paths.database.write_bytes(b"")
    result = run_cli("history")
    assert result.code == 0
    no_bug_shown(result.err)
    (moved,) = [p for p in paths.data_dir.iterdir() if STAMPED.fullmatch(p.name)]
    assert result.err.count(str(moved)) == 1
    assert "The database file was empty: OmiDesk moved it to" in result.err
    assert run_cli("history").err == ""  # said once: the new one is healthy


def test_a_call_goes_through_after_the_damaged_database_is_moved_aside(
    configured: Sandbox,
) -> None:
    paths = default_paths()
    settings_file.save(
        paths.settings_file,
        replace(settings_file.load(paths.settings_file).settings, language="vi"),
    )
    paths.database.write_bytes(b"not a database\n" * 500)
    result = run_cli("call", "0901234567")
    no_bug_shown(result.err)
    assert result.code == 0
    assert "Cơ sở dữ liệu bị hỏng: OmiDesk đã chuyển nó sang" in result.err
    assert len(configured.click2calls()) == 1
    with Database(paths.database) as db:
        assert CallStore(db).count() == 1


def test_the_window_says_where_the_damaged_database_went(
    configured: Sandbox, qloop, qtbot, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from omidesk import app
    from omidesk.services import build
    from omidesk.ui.dial_controller import DialController
    from omidesk.ui.main_window import MainWindow

    paths = default_paths()
    paths.database.write_bytes(b"not a database\n" * 500)
    services = build(paths)
    try:
        moved = services.db.moved_aside
        assert moved is not None
        window = MainWindow(state_file=str(tmp_path / "window.ini"))
        qtbot.addWidget(window)
        window.attach(services, DialController(services, window))
        window.show()
        app.tell_start_problems(window, services)
        box = next(w for w in window.findChildren(QMessageBox) if w.isVisible())
        assert box.text() == (
            f"The database was damaged: OmiDesk moved it to {moved.path} and started a new one."
        )
        assert "You can keep calling" in box.informativeText()
        box.close()
    finally:
        shut_down(qtbot, services)


def test_an_unreadable_ca_bundle_is_said_in_the_window_which_still_opens(
    configured: Sandbox, qloop, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from omidesk import app
    from omidesk.services import build
    from omidesk.ui.dial_controller import DialController
    from omidesk.ui.main_window import MainWindow

    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "missing.pem"))
    services = build(default_paths())
    try:
        window = MainWindow(state_file=str(tmp_path / "window.ini"))
        qtbot.addWidget(window)
        window.attach(services, DialController(services, window))
        window.show()
        app.tell_start_problems(window, services)
        assert window.status.title.text().startswith(
            "The certificate authorities that SSL_CERT_FILE names cannot be read"
        )
        assert "unset it" in window.status.detail.text()
    finally:
        shut_down(qtbot, services)


def test_without_its_ca_bundle_the_window_trusts_no_server(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import ssl

    from omidesk.domain.settings import Problem
    from omidesk.infra import tls

    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "missing.pem"))
    notices: list[Problem] = []
    context = services._window_tls(tls.made_soon(True), notices)
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert context.cert_store_stats()["x509_ca"] == 0  # every certificate is refused
    assert [problem.code for problem in notices] == ["tls_ca_unreadable"]


# --- 4. private files ---------------------------------------------------------------------------


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The usual umask (022), which leaves new files readable by everyone: the modes
    asked for must be what makes them private."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_and_its_wal_and_shm_are_private(tmp_path: Path, open_umask: None) -> None:
    path = tmp_path / "new" / "data" / "omidesk.sqlite3"
    with Database(path) as db:
        record(CallStore(db))
        assert beside(path) == ["omidesk.sqlite3", "omidesk.sqlite3-shm", "omidesk.sqlite3-wal"]
        assert [mode(Path(f"{path}{suffix}")) for suffix in ("", "-wal", "-shm")] == [0o600] * 3
    assert (mode(path.parent), mode(path.parent.parent)) == (0o700, 0o700)


def test_a_database_readable_by_others_is_made_private(tmp_path: Path, open_umask: None) -> None:
    path = tmp_path / "omidesk.sqlite3"
    with_calls(path, 3)
    path.chmod(0o644)
    with Database(path) as db:
        assert CallStore(db).count() == 3
        assert [mode(Path(f"{path}{suffix}")) for suffix in ("", "-wal", "-shm")] == [0o600] * 3
