"""One OmiDesk per session: real processes forward links to the running one over its socket."""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import json
import logging
import os
import queue
import shutil
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest

from omidesk.desktop.forward import MAX_LINE, send, server_name
from omidesk.desktop.ipc import InstanceServer
from omidesk.infra import logs, settings_file
from omidesk.infra.paths import default_paths
from omidesk.launch import request_for
from omidesk.sandbox.server import Sandbox
from tests.conftest import ROOT

# Real processes and sockets.
pytestmark = pytest.mark.integration

# Generous bounds on waits: a loaded CI machine may be slow. The speed of a forward is
# measured by benchmarks/forward.py; the tests check what keeps it fast, that it loads none of
# these (Qt, the network and number libraries, the command line, the window).
START_TIMEOUT = 30.0
FORWARD_TIMEOUT = 10.0
CALL_TIMEOUT = 10.0
HEAVY = ("PySide6", "httpx", "phonenumbers", "omidesk.cli", "omidesk.app")


@pytest.fixture
def runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A short XDG_RUNTIME_DIR: Unix socket paths must stay under 108 characters."""
    folder = Path(tempfile.mkdtemp(prefix="od-", dir="/tmp"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def direct(configured: Sandbox, runtime_dir: Path) -> Sandbox:
    """The sandbox profile with links dialled at once and no repeat window (the tests dial
    the same number twice on purpose)."""
    path = default_paths().settings_file
    loaded = settings_file.load(path)
    settings = dataclasses.replace(loaded.settings, external_dial="direct", repeat_window_s=0.0)
    settings_file.save(path, settings, loaded.extra)
    return configured


def environment(sandbox: Sandbox) -> dict[str, str]:
    env = dict(os.environ)  # OMIDESK_HOME, XDG_RUNTIME_DIR and the keyring file of the test
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["OMIDESK_API_KEY"] = sandbox.api_key
    env["PYTHON_KEYRING_BACKEND"] = "tests.fake_keyring.FileKeyring"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def omidesk(
    sandbox: Sandbox, *args: str, timeout: float = FORWARD_TIMEOUT
) -> subprocess.CompletedProcess[str]:
    """A short-lived `omidesk ARGS` (a second start), run to its end."""
    return subprocess.run(
        [sys.executable, "-m", "omidesk", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment(sandbox),
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )


@contextlib.contextmanager
def instance(sandbox: Sandbox, log_dir: Path) -> Iterator[subprocess.Popen[bytes]]:
    """The window app as a real process, once its socket answers; always ended afterwards."""
    log_dir.mkdir(parents=True, exist_ok=True)
    index = len(list(log_dir.glob("instance-*.log")))
    log_path = log_dir / f"instance-{index}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "omidesk", "--quit-after", "30"],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=environment(sandbox),
            cwd=ROOT,
        )
        try:
            wait_until_answering(process, log_path)
            yield process
        finally:
            end(process)


def end(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_answering(process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the app exited ({process.returncode}):\n{log_path.read_text()}")
        if send({"cmd": "ping"}, server_name(), timeout=1.0) is not None:
            return
        time.sleep(0.05)
    pytest.fail(f"the app did not answer on {server_name()}:\n{log_path.read_text()}")


def numbers_dialled(sandbox: Sandbox) -> list[str]:
    return [request.json["phone_number"] for request in sandbox.click2calls()]


def wait_for_calls(sandbox: Sandbox, count: int) -> list[str]:
    """The numbers of the click2calls once there are `count`, and the app has recorded the
    last one's outcome (so it is ready for the next link: one call at a time)."""
    assert sandbox.wait_for(lambda requests: len(sandbox.click2calls()) >= count, CALL_TIMEOUT)
    database = default_paths().database
    deadline = time.monotonic() + CALL_TIMEOUT
    while time.monotonic() < deadline:
        with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
            placing = db.execute("SELECT count(*) FROM calls WHERE status = 'placing'")
            if placing.fetchone()[0] == 0:
                break
        time.sleep(0.02)
    else:
        pytest.fail("a call stayed `placing`")
    return numbers_dialled(sandbox)


def forward(sandbox: Sandbox, link: str) -> None:
    """`omidesk LINK` handed to the running instance: exit 0, silent, nothing heavy loaded."""
    result = launched(sandbox, [link])
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    assert result.stdout == "0 []\n"  # main()'s code, the heavy modules loaded; nothing else


def calls_recorded() -> list[tuple[str, str, str]]:
    database = default_paths().database
    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
        return db.execute("SELECT number, source, status FROM calls ORDER BY id").fetchall()


# --- two processes ---------------------------------------------------------------------------


def test_a_second_start_hands_its_link_to_the_running_instance(
    direct: Sandbox, tmp_path: Path
) -> None:
    with instance(direct, tmp_path / "logs") as app:
        forward(direct, "tel:+84901234567")
        assert wait_for_calls(direct, 1) == ["0901234567"]

        forward(direct, "callto:0901234567")
        assert wait_for_calls(direct, 2) == ["0901234567", "0901234567"]

        forward(direct, "callto://0912345678")
        assert wait_for_calls(direct, 3)[2:] == ["0912345678"]

        # Garbage is delivered (exit 0) and shown as not dialled; the next link still works,
        # and nothing was dialled in between.
        forward(direct, "tel:abc")
        forward(direct, "tel:0987654321")
        assert wait_for_calls(direct, 4)[3:] == ["0987654321"]
        assert len(direct.click2calls()) == 4

        assert app.poll() is None  # the running one stays
        # Only this user may connect: the socket carries numbers to dial.
        assert stat.S_IMODE(os.stat(server_name()).st_mode) & 0o077 == 0
    assert [source for _, source, _ in calls_recorded()] == ["link"] * 4
    assert {status for _, _, status in calls_recorded()} == {"accepted"}
    for post in direct.click2calls():
        assert post.json["extension"] == "101"


def test_a_crashed_instance_leaves_a_socket_the_next_start_recovers(
    direct: Sandbox, tmp_path: Path
) -> None:
    with instance(direct, tmp_path / "logs") as crashed:
        crashed.send_signal(signal.SIGKILL)
        crashed.wait(timeout=10)
    socket_path = Path(server_name())
    assert socket_path.exists()  # stale: nobody listens behind it
    assert send({"cmd": "ping"}, server_name(), timeout=1.0) is None

    # The next start finds nobody answering, removes the stale socket and listens.
    with instance(direct, tmp_path / "logs") as app:
        forward(direct, "tel:+84901234567")
        assert wait_for_calls(direct, 1) == ["0901234567"]
        assert app.poll() is None


def test_a_window_started_meanwhile_hands_over_instead_of_taking_the_socket(
    direct: Sandbox, tmp_path: Path
) -> None:
    with instance(direct, tmp_path / "logs") as first:
        inode = os.stat(server_name()).st_ino
        # Past launch.py's forwarding, as when two starts race: app._main must find the first.
        second = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys; from omidesk.app import start; sys.exit(start(['--quit-after=30']))",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=environment(direct),
            cwd=ROOT,
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while (
                second.poll() is None
                and os.stat(server_name()).st_ino == inode
                and time.monotonic() < deadline
            ):
                time.sleep(0.05)
            assert os.stat(server_name()).st_ino == inode, "the second took the socket"
            assert second.wait(timeout=START_TIMEOUT) == 0
        finally:
            end(second)
        assert first.poll() is None


@pytest.mark.slow
def test_without_an_instance_a_link_starts_one_that_dials_and_quits(direct: Sandbox) -> None:
    assert not Path(server_name()).exists()
    # Ends by itself (--quit-after), well before the timeout.
    result = omidesk(direct, "--quit-after", "3", "tel:+84901234567", timeout=START_TIMEOUT)
    assert numbers_dialled(direct) == ["0901234567"]
    assert calls_recorded() == [("0901234567", "link", "accepted")]
    assert not Path(server_name()).exists()  # a clean quit removes its socket
    log = default_paths().log_file.read_text(encoding="utf-8")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "unexpected error" not in log


def test_a_second_window_start_shows_the_first_and_exits(direct: Sandbox, tmp_path: Path) -> None:
    with instance(direct, tmp_path / "logs") as app:
        result = omidesk(direct)
        assert result.returncode == 0, result.stdout + result.stderr
        assert app.poll() is None

        # The forwarding path loads neither Qt nor the network or number libraries.
        probe = launched(direct, [])
        assert probe.stdout.strip() == "0 []", probe.stdout + probe.stderr
    assert direct.click2calls() == []


def launched(sandbox: Sandbox, args: list[str]) -> subprocess.CompletedProcess[str]:
    """omidesk.launch.main(ARGS) in a fresh Python, which then prints its exit code and which
    of HEAVY it loaded."""
    code = (
        f"import sys; from omidesk.launch import main; code = main({args!r}); "
        f"print(code, sorted(name for name in {HEAVY!r} if name in sys.modules))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment(sandbox),
        cwd=ROOT,
        timeout=FORWARD_TIMEOUT,
        check=False,
    )


# --- the protocol ----------------------------------------------------------------------------


def exchange(line: bytes) -> dict:
    """One raw line to the instance, as any local program could send it; its answer."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(5.0)
        client.connect(server_name())
        client.sendall(line)
        answer = b""
        while not answer.endswith(b"\n"):
            chunk = client.recv(4096)
            if not chunk:
                break
            answer += chunk
    return json.loads(answer)


def exchange_in_pieces(*pieces: bytes) -> dict:
    """A line that arrives in several reads is read whole."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(5.0)
        client.connect(server_name())
        for piece in pieces:
            client.sendall(piece)
            time.sleep(0.1)
        with client.makefile("rb") as answer:
            return json.loads(answer.readline())


def test_the_instance_refuses_what_is_not_its_protocol(direct: Sandbox, tmp_path: Path) -> None:
    with instance(direct, tmp_path / "logs") as app:
        wrong_version = exchange(b'{"v": 99, "cmd": "link", "uri": "tel:0901234567"}\n')
        assert wrong_version["ok"] is False
        assert wrong_version["error"]
        no_version = exchange(b'{"cmd": "link", "uri": "tel:0901234567"}\n')
        assert no_version["ok"] is False
        assert exchange(b"tel:0901234567\n")["ok"] is False
        assert exchange(b"\xff\xfe not utf-8\n")["ok"] is False
        assert exchange(b'["v", 1]\n')["ok"] is False
        assert exchange(b'{"v": 1, "cmd": "ping"}\n') == {"v": 1, "ok": True}
        assert exchange_in_pieces(b'{"v": 1, "cm', b'd": "ping"}\n') == {"v": 1, "ok": True}

        assert app.poll() is None
        assert send({"cmd": "ping"}, server_name()) == {"v": 1, "ok": True}
    assert direct.click2calls() == []


# --- what a start asks of a running instance (pure) ------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], {"cmd": "show"}),
        (["--demo"], {"cmd": "show"}),
        (["tel:x"], {"cmd": "link", "uri": "tel:x"}),
        (["TEL:+84901234567"], {"cmd": "link", "uri": "TEL:+84901234567"}),
        (["--demo", "callto:1"], {"cmd": "link", "uri": "callto:1"}),
        (["callto://0912345678"], {"cmd": "link", "uri": "callto://0912345678"}),
        (["--quit-after", "3", "tel:x"], {"cmd": "link", "uri": "tel:x"}),
        (["dial-clipboard"], {"cmd": "dial-clipboard", "mode": "clipboard"}),
        (["dial-selection"], {"cmd": "dial-clipboard", "mode": "selection"}),
        (["--demo", "dial-selection"], {"cmd": "dial-clipboard", "mode": "selection"}),
        (["call", "0901"], None),
        (["call", "tel:0901"], None),
        (["history"], None),
        (["--debug"], {"cmd": "show"}),  # a window start: shows the running one
        (["--debug", "tel:0901234567"], {"cmd": "link", "uri": "tel:0901234567"}),
        (["--help"], None),
        (["--version"], None),
        (["tel:1", "tel:2"], None),
        (["0901234567"], None),
    ],
)
def test_request_for(args: list[str], expected: dict | None) -> None:
    assert request_for(args) == expected


# --- where the socket lives ------------------------------------------------------------------


def assert_private(folder: Path) -> None:
    """Ours, a real folder (not a link to one), and closed to group and others."""
    info = folder.lstat()
    assert stat.S_ISDIR(info.st_mode)
    assert info.st_uid == os.getuid()
    assert stat.S_IMODE(info.st_mode) & 0o077 == 0


@pytest.fixture
def tmpdir_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No XDG_RUNTIME_DIR (a desktop without a systemd session): TMPDIR is a short shared
    folder, sticky and open to all like /tmp."""
    shared = Path(tempfile.mkdtemp(prefix="od-", dir="/tmp"))
    shared.chmod(0o1777)
    # The fallback socket goes under the data folder: a short home keeps its path within
    # AF_UNIX's 107 bytes wherever pytest puts tmp_path (xdist's are longer).
    home = Path(tempfile.mkdtemp(prefix="odh-", dir="/tmp"))
    monkeypatch.setenv("OMIDESK_HOME", str(home))
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("TMPDIR", str(shared))
    yield shared
    shutil.rmtree(shared, ignore_errors=True)
    shutil.rmtree(home, ignore_errors=True)


def beside_qt(qtbot, work):
    """A blocking client call in a thread, while Qt (and so the instance) runs here."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        future = pool.submit(work)
        qtbot.waitUntil(future.done, timeout=20_000)
        return future.result()


def test_the_socket_lives_in_our_own_runtime_dir(runtime_dir: Path) -> None:
    assert Path(server_name()).parent == runtime_dir


def test_a_runtime_dir_open_to_others_is_not_used(
    runtime_dir: Path, tmpdir_only: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime_dir.chmod(0o777)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime_dir))  # tmpdir_only removed it

    folder = Path(server_name()).parent
    assert folder != runtime_dir
    assert folder.parent == tmpdir_only
    assert_private(folder)


def test_without_a_runtime_dir_the_socket_gets_a_private_folder(tmpdir_only: Path) -> None:
    folder = Path(server_name()).parent
    assert folder == tmpdir_only / f"omidesk-{os.getuid()}"
    assert_private(folder)
    # The next start finds the same folder, so it finds the running instance.
    assert Path(server_name()).parent == folder


def open_to_all(folder: Path) -> None:
    folder.mkdir()
    folder.chmod(0o777)


def a_link(folder: Path) -> None:
    target = folder.parent / "elsewhere"
    target.mkdir(mode=0o700)
    folder.symlink_to(target)


def someone_elses(folder: Path) -> None:
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, 65534)


# Another local user can create the shared folder first. Making a folder someone else's needs
# root, so that trap is set only when the tests run as root.
TRAPS = [open_to_all, a_link] + ([someone_elses] if os.getuid() == 0 else [])


@pytest.mark.parametrize("trap", TRAPS, ids=lambda trap: trap.__name__)
def test_a_folder_someone_else_prepared_is_not_used(
    tmpdir_only: Path, trap, qtbot, caplog: pytest.LogCaptureFixture
) -> None:
    prepared = tmpdir_only / f"omidesk-{os.getuid()}"
    trap(prepared)
    caplog.set_level(logging.WARNING, logger="omidesk.desktop.forward")

    name = server_name()
    folder = Path(name).parent
    assert folder != prepared
    assert tmpdir_only not in folder.parents
    assert_private(folder)
    assert folder.is_relative_to(default_paths().data_dir)
    warnings = [r.getMessage() for r in caplog.records if r.name == "omidesk.desktop.forward"]
    assert len(warnings) == 1, warnings
    assert str(prepared) in warnings[0]

    # Single instance still works, from the fallback folder, and the trap is left empty.
    server = InstanceServer(name)
    try:
        assert server.listen()
        assert beside_qt(qtbot, lambda: send({"cmd": "ping"}, name)) == {"v": 1, "ok": True}
    finally:
        server.close()
    assert not any(prepared.resolve().iterdir())


def test_without_any_private_folder_the_window_runs_alone(
    tmpdir_only: Path, caplog: pytest.LogCaptureFixture
) -> None:
    open_to_all(tmpdir_only / f"omidesk-{os.getuid()}")
    fallback = default_paths().data_dir / "run"
    fallback.parent.mkdir(parents=True)
    open_to_all(fallback)

    assert server_name() is None
    said = [r.getMessage() for r in caplog.records if r.name == "omidesk.desktop.forward"]
    assert str(fallback) in said[-1]
    # No instance can be reached, so this start becomes the window, without a socket.
    caplog.clear()
    server = InstanceServer(None)
    try:
        assert server.listen()
    finally:
        server.close()
    said = [r.getMessage() for r in caplog.records if r.name == "omidesk.desktop.ipc"]
    assert len(said) == 1
    assert "single instance is off" in said[0]
    assert not any(fallback.iterdir())


def test_a_window_that_cannot_listen_still_runs(
    runtime_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A socket path longer than AF_UNIX allows (a deep data dir, say): the window must run
    # anyway, alone, rather than hand its link to nobody and vanish.
    server = InstanceServer(str(runtime_dir / ("x" * 120 + ".sock")))
    try:
        assert server.listen()
    finally:
        server.close()
    said = [r.getMessage() for r in caplog.records if r.name == "omidesk.desktop.ipc"]
    assert len(said) == 1
    assert "single instance is off" in said[0]


# --- who is behind the socket ----------------------------------------------------------------


@dataclasses.dataclass
class Stranger:
    """A socket at our instance's path, served by another user, that swallows what it gets
    and answers like an instance."""

    path: str
    expected_uid: int  # the uid our side must insist on
    heard: queue.Queue[bytes]  # what each connection sent it, once it is done with it

    def next_heard(self) -> bytes:
        return self.heard.get(timeout=10)


@pytest.fixture
def stranger(runtime_dir: Path) -> Iterator[Stranger]:
    """As root the listener really is another user (listen() under another effective uid:
    the kernel records that uid for its peers). Otherwise the listener is us, and our side
    is told to expect another uid: the same check, from the other end."""
    path = server_name()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    if os.getuid() == 0:
        os.seteuid(65534)
        try:
            listener.listen()
        finally:
            os.seteuid(0)
        expected = os.getuid()
    else:
        listener.listen()
        expected = os.getuid() + 1
    heard: queue.Queue[bytes] = queue.Queue()

    def serve() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                connection.settimeout(5.0)
                data = b""
                with contextlib.suppress(OSError):
                    while not data.endswith(b"\n"):
                        chunk = connection.recv(4096)
                        if not chunk:
                            break
                        data += chunk
                    connection.sendall(b'{"v": 1, "ok": true}\n')
                heard.put(data)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield Stranger(path, expected, heard)
    finally:
        with contextlib.suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() above
        listener.close()
        thread.join(timeout=10)


def test_a_socket_of_another_user_is_sent_nothing(stranger: Stranger) -> None:
    link = {"cmd": "link", "uri": "tel:0901234567"}
    assert send(link, stranger.path, uid=stranger.expected_uid) is None
    # It was connected to, and heard nothing: no number leaks.
    assert stranger.next_heard() == b""
    assert stranger.heard.empty()


def test_the_window_starts_in_place_of_another_users_socket(stranger: Stranger, qtbot) -> None:
    server = InstanceServer(stranger.path, uid=stranger.expected_uid)
    try:
        assert server.listen()
        assert stranger.next_heard() == b""  # not even our ping
        answer = beside_qt(qtbot, lambda: send({"cmd": "ping"}, stranger.path))
        assert answer == {"v": 1, "ok": True}
    finally:
        server.close()


# --- what the instance refuses, in this process -----------------------------------------------


UNREADABLE = [
    pytest.param(b"[" * 50_000 + b"\n", id="nested"),
    pytest.param(b"\xff\xfe not utf-8\n", id="not-utf-8"),
    pytest.param(b'["v", 1, "cmd"]\n', id="not-an-object"),
    pytest.param(b'{"v": 1, "cmd": "link", "uri": "tel:' + b"9" * MAX_LINE + b'"}\n', id="huge"),
    pytest.param(b'{"v": 1, "cmd": "show", "pad": "' + b" " * MAX_LINE, id="endless"),
]


@pytest.mark.parametrize("line", UNREADABLE)
def test_a_message_it_cannot_read_is_refused_in_one_log_line(
    line: bytes,
    runtime_dir: Path,
    qtbot,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    log_dir = default_paths().log_dir
    bugs: list[BaseException] = []

    def bug_box(kind, error, tb) -> None:
        # What the app's hook does with an uncaught error: a crash report (and a bug box).
        bugs.append(error)
        logs.write_crash_report("".join(traceback.format_exception(kind, error, tb)), log_dir)

    monkeypatch.setattr(sys, "excepthook", bug_box)
    caplog.set_level(logging.INFO, logger="omidesk.desktop.ipc")
    server = InstanceServer(server_name())
    requests: list[dict] = []
    server.received.connect(requests.append)
    try:
        assert server.listen()
        caplog.clear()
        answer = beside_qt(qtbot, lambda: exchange(line))
        assert answer["ok"] is False
        assert answer["error"]
        lines = [record.getMessage() for record in caplog.records]
        assert len(lines) == 1, lines
        assert len(lines[0]) < 200  # says why, without copying what was sent

        # The instance still serves the next start.
        link = {"cmd": "link", "uri": "tel:0901234567"}
        assert beside_qt(qtbot, lambda: send(link, server_name())) == {"v": 1, "ok": True}
        assert requests == [{"v": 1, **link}]
    finally:
        server.close()
    assert bugs == []
    assert not log_dir.exists() or list(log_dir.glob("crash-*")) == []
