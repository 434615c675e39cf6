"""Shared fixtures: an isolated OmiDesk home, a fake keyring, and a real sandbox server."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest

from omidesk.domain import settings as settings_mod
from omidesk.infra import settings_file
from omidesk.infra.keystore import KeyStore
from omidesk.infra.paths import default_paths
from omidesk.sandbox.scenarios import SCENARIOS
from omidesk.sandbox.server import Sandbox
from tests.fake_keyring import STORE_ENV, FileKeyring

# Widgets are real widgets, drawn offscreen: no display needed, and the same in CI.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
EXTENSION = "101"
HOTLINE = "02877788056"


# --- tiers -------------------------------------------------------------------------------
# Every test is marked unit, integration or gui (pyproject.toml says what each means), here,
# from what it uses: a test cannot be left out, and the guard below keeps `unit` honest.
# Modules whose tests run subprocesses or open SQLite files say so with
# `pytestmark = pytest.mark.integration`; slow tests carry `pytest.mark.slow` themselves.

# Fixtures that bring Qt widgets (qtbot) or the application object: the gui tier.
GUI_FIXTURES = frozenset({"qtbot", "qapp", "qloop"})
# Fixtures that bring the sandbox, a real HTTP server on 127.0.0.1: the integration tier.
INTEGRATION_FIXTURES = frozenset({"sandbox", "configured"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & GUI_FIXTURES:
            item.add_marker(pytest.mark.gui)
        if used & INTEGRATION_FIXTURES:
            item.add_marker(pytest.mark.integration)
        if not any(item.get_closest_marker(tier) for tier in ("gui", "integration")):
            item.add_marker(pytest.mark.unit)


@pytest.fixture(autouse=True)
def collect_on_the_qt_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """A widget test runs with the collector the window runs with: cycles collected on the
    Qt thread only, never in a worker thread that happens to allocate (where destroying a
    Qt object crashes). Set up before the test's own fixtures, so torn down after them."""
    if not request.node.get_closest_marker("gui"):
        yield
        return
    from omidesk.desktop.collector import QtThreadCollector

    request.getfixturevalue("qapp")
    collector = QtThreadCollector()
    yield
    collector.stop()


MARK_IT = "mark it (or its module) integration: pytestmark = pytest.mark.integration"


def _refused(what: str, allowed: Callable[..., object]) -> Callable[..., object]:
    """`allowed` in other threads (a server a fixture runs), an error in the test's own."""

    def refused(*args: object, **kwargs: object) -> object:
        if threading.current_thread() is not threading.main_thread():
            return allowed(*args, **kwargs)
        raise AssertionError(f"a unit test {what}: {MARK_IT}")

    return refused


@pytest.fixture(autouse=True)
def unit_stays_unit(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test marked unit that connects a socket, starts a process or opens a SQLite file
    fails and says how to mark it: the tiers cannot drift from what the tests do."""
    if request.node.get_closest_marker("unit") is None:
        return
    for name in ("connect", "connect_ex", "bind"):
        original = getattr(socket.socket, name)
        monkeypatch.setattr(socket.socket, name, _refused("uses a socket", original))
    monkeypatch.setattr(
        subprocess.Popen, "__init__", _refused("starts a process", subprocess.Popen.__init__)
    )
    connect = sqlite3.connect

    def in_memory_only(database: object, *args: object, **kwargs: object) -> object:
        if str(database) in (":memory:", "") or str(database).startswith("file::memory:"):
            return connect(database, *args, **kwargs)  # type: ignore[arg-type]
        return _refused("opens a SQLite file", connect)(database, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", in_memory_only)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own OMIDESK_HOME and keyring file, and no stray OMIDESK_* vars."""
    for name in list(os.environ):
        if name.startswith("OMIDESK_"):
            monkeypatch.delenv(name)
    root = tmp_path / "home"
    monkeypatch.setenv("OMIDESK_HOME", str(root))
    # Nothing a test does may reach the user's real desktop files (autostart, links).
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "keyring.json"))
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    yield root
    keyring.set_keyring(previous)


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(slow_seconds=30.0) as server:
        yield server


@pytest.fixture
def configured(sandbox: Sandbox) -> Sandbox:
    """A profile pointed at the sandbox: settings file plus the API key in the keyring."""
    paths = default_paths().ensure()
    settings = settings_mod.Settings(
        base_url=sandbox.base_url, extension=EXTENSION, hotline=HOTLINE, timeout_s=2.0
    )
    settings_file.save(paths.settings_file, settings)
    KeyStore(paths.secret_file).set(sandbox.api_key)
    return sandbox


def system_tool(name: str, package: str) -> str:
    """The path of a system program a test runs (a validator from Debian), or a visible
    skip where it is missing; in CI (CI=true) a failure, since .ci/run installs it."""
    found = shutil.which(name)
    if found is not None:
        return found
    message = f"{name} is not installed (Debian package {package})"
    if os.environ.get("CI"):
        pytest.fail(f"{message}: .ci/run installs it before the tests", pytrace=False)
    pytest.skip(message)


def scenarios(
    expected: Mapping[str, tuple[object, ...]],
    *,
    every: bool = False,
    slow: Collection[str] = (),
) -> list[object]:
    """One pytest.param per sandbox scenario named in `expected`: its number (from the
    sandbox's own table, never typed out in a test), then what the test expects of it.
    `every`: each scenario must be named, so a new one cannot go untested. `slow`: the names
    whose test waits out a time-out (marked slow)."""
    by_name = {scenario.name: scenario for scenario in SCENARIOS}
    unknown = sorted(set(expected) - set(by_name))
    assert not unknown, f"not sandbox scenarios: {unknown}"
    missing = sorted(set(by_name) - set(expected)) if every else []
    assert not missing, f"scenarios this test does not cover: {missing}"
    marks = {name: [pytest.mark.slow] if name in slow else [] for name in expected}
    return [
        pytest.param(by_name[name].number, *values, id=name, marks=marks[name])
        for name, values in expected.items()
    ]


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str, stdin: str | None = None, timeout: float = 60.0, **env: str) -> Run:
    """`omidesk ARGS` as a real subprocess, with the test's home and fake keyring."""
    environment = dict(os.environ)
    environment.update(env)
    environment["PYTHON_KEYRING_BACKEND"] = "tests.fake_keyring.FileKeyring"
    environment["PYTHONPATH"] = str(ROOT) + os.pathsep + environment.get("PYTHONPATH", "")
    environment["PYTHONIOENCODING"] = "utf-8"
    result = subprocess.run(
        [sys.executable, "-m", "omidesk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )
    return Run(result.returncode, result.stdout, result.stderr)


@pytest.fixture
def qloop(qapp):
    """asyncio on the Qt loop, as in the app (qasync): while qtbot waits, tasks run."""
    import qasync
    from PySide6.QtCore import QAbstractEventDispatcher, QEventLoop, Signal

    class Host(QEventLoop):
        """Stands in for the QApplication in qasync's loop: qasync runs and stops this where
        it would run and exit the application, whose exit() would make every later qtbot
        wait return at once."""

        aboutToQuit = Signal()

        def eventDispatcher(self) -> QAbstractEventDispatcher:
            return QAbstractEventDispatcher.instance()

    async def wind_down() -> None:
        # Left-over tasks are cancelled and unwind; then one more turn of the loop runs
        # what closing transports queued, or their sockets would be collected unclosed.
        current = asyncio.current_task()
        pending = [task for task in asyncio.all_tasks() if task is not current]
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=5)
        await asyncio.sleep(0)

    host = Host()
    loop = qasync.QEventLoop(host, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    # qasync's own way out of a loop it was told is already running: stop() and close().
    # run_until_complete() in between runs the wind-down, and as it returns qasync leaves
    # this thread without a running loop (a later test's asyncio.run() would refuse one).
    loop.stop()
    loop.run_until_complete(wind_down())
    loop.close()
    asyncio.set_event_loop(None)


def finish(qtbot, coro, timeout: int = 10_000):
    """Runs `coro` on the Qt loop until done (for set-up and clean-up in widget tests)."""
    task = asyncio.ensure_future(coro)
    qtbot.waitUntil(task.done, timeout=timeout)
    return task.result()


@pytest.fixture
def services(configured: Sandbox, qloop, qtbot):
    """The app's real services (store, client, dialer) pointed at the sandbox."""
    from omidesk.services import build

    built = build(default_paths())
    yield built
    shut_down(qtbot, built)


def shut_down(qtbot, services) -> None:
    """Closes `services` as the app does when it quits (omidesk.app.close): background work
    (a hotline refresh) unwinds before the HTTP client closes. Closed the other way round, a
    request on its way connects anyway and its socket is never closed, to be found by some
    later test's garbage collection (test_ui_shutdown.py shows it)."""
    from omidesk import app

    finish(qtbot, app.close(services))


@pytest.fixture
def window(services, qtbot, tmp_path):
    """The main window with its services attached, shown offscreen; English again after."""
    from omidesk.ui import i18n
    from omidesk.ui.dial_controller import DialController
    from omidesk.ui.main_window import MainWindow

    win = MainWindow(state_file=str(tmp_path / "window.ini"))
    qtbot.addWidget(win)
    win.attach(services, DialController(services, win))
    win.show()
    qtbot.waitExposed(win)
    yield win
    i18n.install("en")
    delete_now(win)


def delete_now(widget) -> None:
    """Deletes a window the test made, here, on the main thread. Left to deleteLater, it
    waits for the next test's first turn of the loop, and Python's cycle collector (which
    runs in whatever thread allocates: a worker, a server thread) may free it first: Qt
    objects freed off their thread crash the process ("Timers cannot be stopped from
    another thread")."""
    from PySide6.QtCore import QCoreApplication, QEvent

    widget.close()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, int(QEvent.Type.DeferredDelete))
