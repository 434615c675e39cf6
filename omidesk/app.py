"""Composition root of the window: start-up steps in order, then one asyncio loop on Qt.

Read top to bottom, `run()` is the list of start-up steps. Only Qt and the settings are
loaded before the window's first paint; the network client, keyring, phone-number library
and the store come right after, so the window appears as fast as a bare Qt window."""

from __future__ import annotations

import gc
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import asyncio
    from types import TracebackType

    from PySide6.QtWidgets import QApplication

    from omidesk.domain.errors import StorageError
    from omidesk.domain.settings import Settings
    from omidesk.infra.paths import Paths
    from omidesk.services import Services
    from omidesk.ui.external import ExternalRequests
    from omidesk.ui.main_window import MainWindow
    from omidesk.ui.tray import Tray

log = logging.getLogger(__name__)

# For benchmarks and smoke tests: print start-up milestones on stdout / quit by itself.
BENCH_ENV = "OMIDESK_BENCH"
HEAVY_MODULES = (
    "httpx",
    "keyring",
    "phonenumbers",
    "sqlite3",
    "asyncio",
    "qasync",
    "vobject",
    # The dial field's drop-down: its list view's Qt types cost ~15 ms to set up.
    "omidesk.ui.dial_suggest",
)
# Loaded when first used, never by start-up: what most of an agent's days do not need.
ON_FIRST_USE = (
    "omidesk.infra.contact_files",
    "omidesk.ui.contact_files.import_dialog",
    "omidesk.usecases.import_contacts",
    "vobject",
    # ctypes and the platforms' hotkey APIs: only once a desktop-wide hotkey is set.
    "ctypes",
    # Read at start only where it holds the agent's key (not from the environment, the
    # fallback file or the demo): discovering its backends costs ~12 MiB.
    "keyring",
    # The Campaigns tab's page (AutoCall): built when the tab is first shown, or by Ctrl+M
    # and the Push action.
    "omidesk.ui.campaigns.view",
    "omidesk.usecases.callback_queue",
    # AutoCall's client and store (the Campaigns tab, the Push action) and the partner
    # console's client and ledger (the Companies menu): built by the services on first use.
    "omidesk.autocall.client",
    "omidesk.store.autocall",
    "orjson",  # their JSON
    "omidesk.omicall.partner",
    "omidesk.store.ledger",
    # AutoCall's push rules and the owners' rules: named by the ports only as types.
    "omidesk.domain.autocall.push",
    "omidesk.domain.owners",
    # The contact dialog: the first Add or Edit.
    "omidesk.ui.contact_dialog",
    # The demo's sandbox: AutoCall's and the partner API come with their first request.
    "omidesk.sandbox.autocall",
    "omidesk.sandbox.partner",
)


def start(argv: Sequence[str], request: dict[str, object] | None = None) -> int:
    """The window from the command line: only its own options (--demo, --debug and the
    tests' --quit-after) are read here, so nothing of the command-line parser is loaded."""
    demo = "--demo" in argv
    debug = "--debug" in argv
    # Started with the desktop (the autostart entry): straight to the tray.
    minimised = "--minimised" in argv
    quit_after = None
    for index, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--quit-after=") else None
        if arg == "--quit-after" and index + 1 < len(argv):
            value = argv[index + 1]
        if value is not None:
            try:
                quit_after = float(value)
            except ValueError:
                print(f"--quit-after: not a number: {value}", file=sys.stderr)
                return 2
    from omidesk.infra import logs  # noqa: PLC0415
    from omidesk.infra.milestones import mark  # noqa: PLC0415
    from omidesk.infra.paths import default_paths  # noqa: PLC0415

    profile = default_paths().demo() if demo else default_paths()
    logs.setup(profile.log_file, debug=debug)
    mark("paths and log")
    if request is not None and request.get("cmd") == "show":
        request = None
    return run(demo=demo, debug=debug, quit_after=quit_after, request=request, minimised=minimised)


def run(
    *,
    demo: bool = False,
    debug: bool = False,
    quit_after: float | None = None,
    request: dict[str, object] | None = None,
    minimised: bool = False,
) -> int:
    from omidesk.infra.milestones import mark  # noqa: PLC0415
    from omidesk.infra.paths import default_paths  # noqa: PLC0415
    from omidesk.infra.settings_file import peek_language, peek_theme  # noqa: PLC0415

    paths = default_paths()
    profile = paths.demo() if demo else paths
    # Only the language is needed before the first paint (the translator goes in before
    # any widget exists); the full settings load with the services right after.
    language = peek_language(profile.settings_file)

    problem = _missing_system_libraries(paths)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    mark("language and system libraries")

    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from omidesk.desktop import pyside_imports  # noqa: PLC0415

    # Before anything else is imported: PySide6 would keep the source of every module
    # imported from here on (~10 MiB at idle).
    pyside_imports.lighten()
    from omidesk.ui import i18n  # noqa: PLC0415
    from omidesk.ui.icons import icon  # noqa: PLC0415
    from omidesk.ui.main_window import MainWindow  # noqa: PLC0415

    mark("import Qt and the window")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("OmiDesk")
    app.setOrganizationName("OmiDesk")
    app.setDesktopFileName("omidesk")
    mark("QApplication")
    from omidesk.ui.theme import apply_theme  # noqa: PLC0415

    # Before the icon and the window: both take their colours from the palette.
    apply_theme(peek_theme(profile.settings_file))
    app.setWindowIcon(icon("app"))
    i18n.install(language)
    mark("app icon and translations")

    profile.ensure()
    _record_native_crashes(profile)
    mark("profile folders")
    window = MainWindow(demo=demo, state_file=str(profile.config_dir / "window.ini"))
    mark("build the window")
    window.show()
    mark("show")
    _wait_for_first_paint(app, window)
    mark("first paint")
    # (Hidden again right after, once the tray exists: an autostarted window that never
    # painted would make a later "show" look broken on some window managers.)

    import asyncio  # noqa: PLC0415 - after the first paint: part of the heavy half

    import qasync  # noqa: PLC0415

    mark("import asyncio and qasync")
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        return runner.run(
            _main(
                app,
                window,
                paths,
                demo=demo,
                quit_after=quit_after,
                request=request,
                minimised=minimised,
            )
        )


def _record_native_crashes(profile: Paths) -> None:
    """A crash inside Qt or another C library leaves its Python stack in the log folder."""
    import faulthandler  # noqa: PLC0415

    from omidesk.infra import private_files as private  # noqa: PLC0415

    try:
        private.make_dir(profile.log_dir)
        # Kept open for the life of the process: faulthandler writes to it while crashing.
        # Private, as the log is: a stack names what the agent was doing.
        fd = private.open_file(profile.log_dir / "native-crashes.log", os.O_WRONLY | os.O_APPEND)
        handle = open(fd, "a", encoding="utf-8")  # noqa: SIM115 - kept open on purpose
    except OSError:
        return
    faulthandler.enable(file=handle)
    _kept_open.append(handle)


_kept_open: list[object] = []


def _wait_for_first_paint(app: QApplication, window: MainWindow) -> None:
    """Runs Qt until the window has painted once (at most 3 s), before the heavy half loads."""
    from PySide6.QtCore import QEventLoop, QTimer  # noqa: PLC0415

    waiting = QEventLoop()
    window.firstPainted.connect(waiting.quit)
    QTimer.singleShot(3000, waiting.quit)
    if not window.painted:
        waiting.exec()
    if os.environ.get(BENCH_ENV):
        # The start-up budget: these load right after the first paint, never before.
        early = [name for name in HEAVY_MODULES if name in sys.modules]
        if gc.isenabled():
            early.append("gc")  # the cyclic collector, off until the start is done
        print("first-paint", *(f"early:{name}" for name in early), flush=True)


async def _main(
    app: QApplication,
    window: MainWindow,
    paths: Paths,
    *,
    demo: bool,
    quit_after: float | None,
    request: dict[str, object] | None,
    minimised: bool = False,
) -> int:
    import asyncio  # noqa: PLC0415

    from omidesk import services as services_mod  # noqa: PLC0415
    from omidesk.desktop.forward import send, server_name  # noqa: PLC0415
    from omidesk.desktop.ipc import InstanceServer  # noqa: PLC0415
    from omidesk.infra.milestones import mark  # noqa: PLC0415
    from omidesk.store.db import StoreError  # noqa: PLC0415
    from omidesk.ui.app_events import AppEvents  # noqa: PLC0415
    from omidesk.ui.dial_controller import DialController  # noqa: PLC0415
    from omidesk.ui.external import ExternalRequests  # noqa: PLC0415
    from omidesk.ui.tray import Tray  # noqa: PLC0415

    mark("import the services and views")
    # One OmiDesk per user session: if another started meanwhile, hand it our request.
    server = InstanceServer(server_name(demo), app)
    if not server.listen():
        assert server.name is not None  # only a named server finds another instance
        send(dict(request or {"cmd": "show"}), server.name)
        window.hide()
        return 0
    mark("single-instance server")

    quitting = asyncio.Event()
    # Shut down while the loop still runs: by aboutToQuit, Qt's loop (and so asyncio's) has
    # already ended and closing the network client would fail. Quit requests (menu, tray,
    # session end) are caught and finished after the clean-up, when _main returns.
    links: list[str] = []  # macOS may deliver a link before the services are ready
    events = AppEvents(app, quitting, links.append)
    app.aboutToQuit.connect(quitting.set)
    install_error_handlers(window)
    _quit_on_signals(window)

    try:
        services = services_mod.build(paths, demo=demo)
        mark("build the services")
    except StoreError as error:
        from omidesk.infra.settings_file import peek_language  # noqa: PLC0415

        language = peek_language((paths.demo() if demo else paths).settings_file)
        await _fatal(window, error, language)
        server.close()
        return 1
    controller = DialController(services, window)
    window.attach(services, controller)
    mark("attach the views")
    window.settingsRequested.connect(lambda: _open_settings(window, services))
    external = ExternalRequests(services, window, controller, window)
    server.received.connect(external.handle)
    events.on_link = external.handle_link
    for uri in links:
        external.handle_link(uri)

    tray: Tray | None = None
    if Tray.available():
        tray = Tray(services, window, controller, external, window)
        tray.settingsRequested.connect(lambda: _open_settings(window, services))
        tray.show()
        window.hide_to_tray = True
        window.hiddenToTray.connect(lambda: _told_once(window, tray))
        app.setQuitOnLastWindowClosed(False)
        if (minimised or services.settings.start_minimised) and request is None:
            window.hide()

    mark("tray")
    # Off since launch.start_window: the window painted and became usable without ~150
    # passes of the cyclic collector over objects that all live as long as the window. They
    # are frozen (left out of its passes from now on), so its passes stay short all day. (A
    # start leaves ~600 unreachable objects, ~0.1 MiB: kept, not worth a full pass.) From
    # here on it runs on this thread only, from a timer (desktop/collector.py): never
    # Python's automatic one, which runs in whichever thread allocates.
    gc.freeze()
    from omidesk.desktop.collector import QtThreadCollector  # noqa: PLC0415

    QtThreadCollector(app)
    # How calls ended (issue 15): once the tray listens, so that it hears the first count.
    window.start_outcomes()
    _start_hotkey(services, window, external, tray)
    tell_start_problems(window, services)

    partner_only = request is not None and request.get("cmd") == "partner"
    if not services.configured() and not partner_only:
        # First run: the settings say what is missing, and offer the demo. (Not for
        # `omidesk partner`: a reseller's console needs no extension or hotline.)
        _open_settings(window, services, first_run=True)
    if request is not None:
        external.handle(dict(request))
        if partner_only and tray is not None:
            window.hide()  # the reseller asked for the Companies window alone
    if os.environ.get(BENCH_ENV):
        # Idle memory: measured once start-up work (hotline refresh, first queries) settled.
        asyncio.get_running_loop().call_later(1.0, _report_memory)
    if quit_after is not None:
        asyncio.get_running_loop().call_later(quit_after, window.quit)

    await quitting.wait()
    window.save_geometry()
    server.close()
    if tray is not None:
        tray.hide()
    await close(services)
    return 0


def _quit_on_signals(window: MainWindow) -> None:
    """Ctrl+C in the terminal that started the window (and a plain `kill`) quit as the
    menu's Quit does: the dial in flight finishes its record, the database closes. Qt's
    loop never gives Python's default handler a turn, so the signal arrives through the
    asyncio loop's wake-up descriptor."""
    import asyncio  # noqa: PLC0415
    import signal  # noqa: PLC0415

    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(number, window.quit)
        except (NotImplementedError, RuntimeError, ValueError):
            return  # Windows, or not the main thread: Ctrl+C stays the console's


async def close(services: Services) -> None:
    """The end of the app's work, in this order: a dial in flight is cancelled and finishes
    its record before the database closes, and no request is still on its way when the HTTP
    client closes (it would go out anyway, over a connection nobody closes)."""
    from omidesk.ui import tasks  # noqa: PLC0415

    await tasks.cancel_all()
    await services.aclose()


def _start_hotkey(
    services: Services, window: MainWindow, external: ExternalRequests, tray: Tray | None
) -> None:
    """The desktop-wide shortcut (a setting) calls the selected number, through the same
    confirm-or-direct rule as links; taken again whenever the setting changes."""
    from omidesk.desktop.hotkey import GlobalHotkey  # noqa: PLC0415
    from omidesk.domain.catalogue import explain  # noqa: PLC0415

    hotkey = GlobalHotkey(
        lambda: external.handle({"cmd": "dial-clipboard", "mode": "selection"}), window
    )
    current = {"keys": ""}

    def apply(settings: Settings) -> None:
        if settings.hotkey == current["keys"]:
            return
        current["keys"] = settings.hotkey
        result = hotkey.set(settings.hotkey)
        if result.active or result.code is None:
            return
        problem = explain(result.code, settings.language, **(result.params or {}))
        log.warning("hotkey %s not taken: %s", settings.hotkey, result.code)
        if tray is not None:
            tray.notify(problem.message, problem.next_step)
        else:
            window.status.show_message(problem.message, problem.next_step)

    apply(services.settings)
    services.settings_listeners.append(apply)


def tell_start_problems(window: MainWindow, services: Services) -> None:
    """At start, in the status panel: a damaged database moved aside, why no call can be
    placed (an invalid server address, another user's settings file) and what was done to a
    file others could open. A moved-aside database is also said in a box (opened, never
    exec(): a nested loop would break qasync's), as the calls and contacts from before are
    not in the new one."""
    from omidesk.domain.catalogue import explain  # noqa: PLC0415

    blocked = services.loaded.blocked
    problems = [*services.notices, *([blocked] if blocked is not None else [])]
    if not problems:
        return
    said = [explain(problem, services.lang) for problem in problems]
    window.status.show_message(
        said[0].message,
        "\n".join([said[0].next_step, *(f"{more.message} {more.next_step}" for more in said[1:])]),
    )
    if problems[0].code.endswith("_moved_aside"):
        _tell_in_a_box(window, said[0].message, said[0].next_step)


def _tell_in_a_box(window: MainWindow, message: str, next_step: str) -> None:
    from PySide6.QtCore import QCoreApplication, Qt  # noqa: PLC0415
    from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415

    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("App", "OmiDesk"))
    box.setText(message)
    box.setInformativeText(next_step)
    box.addButton(QCoreApplication.translate("App", "Close"), QMessageBox.ButtonRole.RejectRole)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def _told_once(window: MainWindow, tray: Tray) -> None:
    """The first close hides to the tray: say so once, never again."""
    from PySide6.QtCore import QCoreApplication  # noqa: PLC0415

    state = window.state()
    if state is None or state.value("toldTray", False, type=bool):
        return
    state.setValue("toldTray", True)
    tray.notify(
        QCoreApplication.translate("App", "OmiDesk is still running"),
        QCoreApplication.translate(
            "App",
            "It stays in the tray so links and the clipboard can reach it. "
            "Quit it from the tray menu.",
        ),
    )


def _open_settings(window: MainWindow, services: Services, *, first_run: bool = False) -> None:
    """One settings dialog at a time: the menu, the tray and first run all raise the same."""
    from PySide6.QtCore import Qt  # noqa: PLC0415

    from omidesk.ui.settings_dialog import SettingsDialog  # noqa: PLC0415

    current = getattr(window, "settings_dialog", None)
    if current is not None and current.isVisible():
        current.raise_()
        current.activateWindow()
        return
    dialog = SettingsDialog(services, window, first_run=first_run)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.demoRequested.connect(lambda: _restart_in_demo(window))
    window.settings_dialog = dialog
    dialog.open()


def _restart_in_demo(window: MainWindow) -> None:
    """The demo runs with its own data and server: start it as a fresh process."""
    from PySide6.QtCore import QCoreApplication, QProcess  # noqa: PLC0415
    from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415

    from omidesk.desktop.registration import launcher  # noqa: PLC0415

    program, *arguments = launcher()  # the bundle's executable, or this Python's omidesk
    if QProcess.startDetached(program, [*arguments, "--demo"])[0]:
        window.quit()
        return
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setText(
        QCoreApplication.translate("App", "The demo could not be started. Run: omidesk --demo")
    )
    box.open()


def _report_memory() -> None:
    from omidesk.infra.milestones import mark, rss_kib  # noqa: PLC0415

    mark("idle")
    # The idle budget: what is loaded on first use must not have been loaded by now.
    loaded = [name for name in ON_FIRST_USE if name in sys.modules]
    # The cyclic collector left off would let memory grow all day: it runs from the Qt
    # thread's timer (automatic collection stays off, so no thread but this one collects).
    from PySide6.QtCore import QCoreApplication  # noqa: PLC0415

    from omidesk.desktop.collector import QtThreadCollector  # noqa: PLC0415

    app = QCoreApplication.instance()
    collecting = app is not None and app.findChild(QtThreadCollector) is not None
    collecting = collecting and not gc.isenabled()
    off = [] if collecting else ["gc-off"]
    print(f"rss-kib {rss_kib()}", *(f"loaded:{name}" for name in loaded), *off, flush=True)


def install_error_handlers(window: MainWindow) -> None:
    """A bug shows one short message and goes, with its traceback, to the log file; the agent
    never sees a Python traceback and the app keeps running."""
    import asyncio  # noqa: PLC0415
    import traceback  # noqa: PLC0415

    from omidesk.infra import logs  # noqa: PLC0415
    from omidesk.ui import tasks  # noqa: PLC0415

    def show(error: BaseException, text: str | None = None) -> None:
        if text is None:
            text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        _show_bug(window, error, logs.write_crash_report(text))

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, error, tb))
        log.error("unexpected error:\n%s", text)
        show(error, text)

    def loop_handler(loop: asyncio.AbstractEventLoop, context: dict[str, object]) -> None:
        error = context.get("exception")
        log.error(
            "asyncio: %s",
            context.get("message"),
            exc_info=error if isinstance(error, BaseException) else None,
        )
        if isinstance(error, BaseException):
            show(error)

    sys.excepthook = hook
    tasks.on_error = show
    asyncio.get_running_loop().set_exception_handler(loop_handler)


def _show_bug(window: MainWindow, error: BaseException, report: Path | None = None) -> None:
    """One short, non-blocking message; the details are in the log folder, one click away."""
    from PySide6.QtCore import QCoreApplication, QUrl  # noqa: PLC0415
    from PySide6.QtGui import QDesktopServices  # noqa: PLC0415
    from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415

    from omidesk.infra import logs  # noqa: PLC0415

    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("App", "OmiDesk"))
    log_file = logs.current_file() or ""
    box.setText(
        QCoreApplication.translate(
            "App",
            "Something went wrong inside OmiDesk ({error}). Your calls and contacts are safe. "
            "The details are in the log file: {path}",
        ).format(error=type(error).__name__, path=logs.scrub(str(log_file)))
    )
    if report is not None:
        box.setInformativeText(
            QCoreApplication.translate(
                "App", "A short report for your administrator was saved as {path}."
            ).format(path=report)
        )
    folder = report.parent if report is not None else (log_file and Path(log_file).parent)
    if folder:
        opener = box.addButton(
            QCoreApplication.translate("App", "Open the log folder"),
            QMessageBox.ButtonRole.ActionRole,
        )
        opener.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))
    box.addButton(QCoreApplication.translate("App", "Close"), QMessageBox.ButtonRole.RejectRole)
    box.open()


async def _fatal(window: MainWindow, error: StorageError, lang: str) -> None:
    """A store that cannot be opened at all: say why and what to do, then end. Shown with
    open() and awaited — never exec() inside the running coroutine (it would nest loops)."""
    import asyncio  # noqa: PLC0415

    from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415

    from omidesk.domain.catalogue import explain  # noqa: PLC0415

    problem = explain(error, lang)
    box = QMessageBox(QMessageBox.Icon.Critical, "OmiDesk", problem.message, parent=window)
    box.setInformativeText(problem.next_step)
    closed = asyncio.Event()
    box.finished.connect(lambda _result: closed.set())
    box.open()
    await closed.wait()


def _missing_system_libraries(paths: Paths) -> str | None:
    """On Linux, names the Debian packages Qt's display plugin lacks, before Qt aborts.
    A successful check is remembered per Qt version, so later starts skip it."""
    if not sys.platform.startswith("linux"):
        return None
    from omidesk.desktop import syslibs  # noqa: PLC0415

    platform = syslibs.platform_in_use()
    # Checked at every start (two lookups): no display is not a library to install.
    no_display = syslibs.display_problem(platform, os.environ)
    if no_display is not None:
        return no_display
    stamp = paths.data_dir / f".qt-libs-ok-{platform}"
    if stamp.exists():
        return None
    absent = syslibs.missing(platform)
    if absent:
        return syslibs.advice(platform, absent)
    try:
        paths.data_dir.mkdir(parents=True, exist_ok=True)
        stamp.touch()
    except OSError:
        pass
    return None
