"""A desktop-wide hotkey (e.g. Ctrl+Alt+D: call the selected number) through the platform's own
API: XGrabKey on X11, RegisterHotKey on Windows. Wayland and macOS give applications no such
API: there the agent binds `omidesk dial-selection` as a desktop shortcut (README).

A key another application already holds is a conflict, reported with the reason, never a
silent no-op."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractNativeEventFilter,
    QByteArray,
    QCoreApplication,
    QObject,
    QSocketNotifier,
)

from omidesk.domain.shortcuts import Shortcut, parse

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Result:
    """Whether the hotkey is active, and if not, why (a catalogue code and its params)."""

    active: bool
    code: str | None = None
    params: dict[str, str] | None = None


class GlobalHotkey(QObject):
    """Owns one desktop-wide shortcut; `callback` runs on the Qt thread when it is pressed."""

    def __init__(self, callback: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.callback = callback
        self._backend: _X11 | _Windows | None = None

    def set(self, text: str) -> Result:
        """Replaces the current shortcut with `text` ("" turns it off)."""
        self.clear()
        if not text.strip():
            return Result(True)
        shortcut = parse(text)
        if shortcut is None:
            return Result(False, "hotkey_invalid", {"keys": text})
        backend_class = _backend_class()
        if backend_class is None:
            return Result(False, "hotkey_unsupported", {"keys": str(shortcut)})
        backend = backend_class(self.callback)
        result = backend.grab(shortcut)
        if result.active:
            self._backend = backend
        else:
            backend.release()
        return result

    def clear(self) -> None:
        if self._backend is not None:
            self._backend.release()
            self._backend = None


def _backend_class() -> type[_X11] | type[_Windows] | None:
    if sys.platform == "win32":
        return _Windows
    if sys.platform == "darwin":
        return None
    session = os.environ.get("XDG_SESSION_TYPE", "").lower()
    if session == "wayland" or (
        os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("DISPLAY")
    ):
        # Wayland lets no client grab keys for the whole desktop.
        return None
    if not os.environ.get("DISPLAY"):
        return None
    return _X11


# --- X11: XGrabKey on the root window of our own X connection ---------------------------------

_KEY_PRESS = 2
_GRAB_MODE_ASYNC = 1
_BAD_ACCESS = 10
_X11_MASKS = {"shift": 1 << 0, "ctrl": 1 << 2, "alt": 1 << 3, "meta": 1 << 6}
# Caps Lock (LockMask) and Num Lock (usually Mod2) change the event's state: grab every mix.
_LOCK_VARIANTS = (0, 1 << 1, 1 << 4, (1 << 1) | (1 << 4))


class _XErrorEvent(ctypes.Structure):
    _fields_ = (
        ("type", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("resourceid", ctypes.c_ulong),
        ("serial", ctypes.c_ulong),
        ("error_code", ctypes.c_ubyte),
        ("request_code", ctypes.c_ubyte),
        ("minor_code", ctypes.c_ubyte),
    )


# Errors Xlib reports while a grab is being made (the handler is a C callback: no closures).
_x_errors: list[int] = []
_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(_XErrorEvent))


class _X11:
    """A private X connection whose root-window key grab is read through a QSocketNotifier."""

    def __init__(self, callback: Callable[[], None]) -> None:
        self.callback = callback
        name = ctypes.util.find_library("X11")
        self.xlib = ctypes.CDLL(name) if name else None
        self.display: int | None = None
        self.grabs: list[tuple[int, int]] = []
        self.notifier: QSocketNotifier | None = None

    def grab(self, shortcut: Shortcut) -> Result:
        x = self.xlib
        if x is None:
            return Result(False, "hotkey_unsupported", {"keys": str(shortcut)})
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = (ctypes.c_char_p,)
        x.XDefaultRootWindow.restype = ctypes.c_ulong
        x.XDefaultRootWindow.argtypes = (ctypes.c_void_p,)
        x.XStringToKeysym.restype = ctypes.c_ulong
        x.XStringToKeysym.argtypes = (ctypes.c_char_p,)
        x.XKeysymToKeycode.restype = ctypes.c_ubyte
        x.XKeysymToKeycode.argtypes = (ctypes.c_void_p, ctypes.c_ulong)
        x.XGrabKey.argtypes = (
            ctypes.c_void_p, ctypes.c_int, ctypes.c_uint, ctypes.c_ulong,
            ctypes.c_int, ctypes.c_int, ctypes.c_int,
        )  # fmt: skip
        x.XUngrabKey.argtypes = (ctypes.c_void_p, ctypes.c_int, ctypes.c_uint, ctypes.c_ulong)
        x.XSync.argtypes = (ctypes.c_void_p, ctypes.c_int)
        x.XPending.argtypes = (ctypes.c_void_p,)
        x.XNextEvent.argtypes = (ctypes.c_void_p, ctypes.c_void_p)
        x.XConnectionNumber.argtypes = (ctypes.c_void_p,)
        x.XCloseDisplay.argtypes = (ctypes.c_void_p,)
        x.XSetErrorHandler.restype = ctypes.c_void_p
        x.XSetErrorHandler.argtypes = (_ERROR_HANDLER,)

        self.display = x.XOpenDisplay(None)
        if not self.display:
            return Result(False, "hotkey_unsupported", {"keys": str(shortcut)})
        root = x.XDefaultRootWindow(self.display)
        keycode = x.XKeysymToKeycode(self.display, x.XStringToKeysym(shortcut.key.encode()))
        if not keycode:
            return Result(False, "hotkey_invalid", {"keys": str(shortcut)})
        mask = 0
        for modifier in shortcut.modifiers:
            mask |= _X11_MASKS[modifier]

        _x_errors.clear()
        previous = x.XSetErrorHandler(_on_x_error)
        try:
            for variant in _LOCK_VARIANTS:
                x.XGrabKey(
                    self.display, keycode, mask | variant, root, 1,
                    _GRAB_MODE_ASYNC, _GRAB_MODE_ASYNC,
                )  # fmt: skip
                self.grabs.append((keycode, mask | variant))
            x.XSync(self.display, 0)  # errors of the grabs arrive now
        finally:
            x.XSetErrorHandler(
                ctypes.cast(previous, _ERROR_HANDLER) if previous else _ERROR_HANDLER()
            )
        if _BAD_ACCESS in _x_errors:
            # Another client holds this key combination on the root window.
            return Result(False, "hotkey_taken", {"keys": str(shortcut)})
        if _x_errors:
            return Result(False, "hotkey_unsupported", {"keys": str(shortcut)})
        self.root = root
        fd = x.XConnectionNumber(self.display)
        self.notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read)
        self.notifier.activated.connect(self._read)
        log.info("global hotkey %s grabbed on X11", shortcut)
        return Result(True)

    def _read(self) -> None:
        x = self.xlib
        if x is None or not self.display:
            return
        event = (ctypes.c_long * 24)()
        pressed = False
        while x.XPending(self.display):
            x.XNextEvent(self.display, event)
            if ctypes.cast(event, ctypes.POINTER(ctypes.c_int))[0] == _KEY_PRESS:
                pressed = True
        if pressed:
            self.callback()

    def release(self) -> None:
        x = self.xlib
        if self.notifier is not None:
            self.notifier.setEnabled(False)
            self.notifier.deleteLater()
            self.notifier = None
        if x is not None and self.display:
            root = getattr(self, "root", None)
            if root is not None:
                for keycode, mask in self.grabs:
                    x.XUngrabKey(self.display, keycode, mask, root)
            x.XCloseDisplay(self.display)
        self.display = None
        self.grabs = []


@_ERROR_HANDLER
def _on_x_error(display: int, error: ctypes._Pointer[_XErrorEvent]) -> int:
    _x_errors.append(int(error.contents.error_code))
    return 0


# --- Windows: RegisterHotKey, WM_HOTKEY read from Qt's own message loop ---------------------------

_WM_HOTKEY = 0x0312
_WIN_MODS = {"alt": 0x1, "ctrl": 0x2, "shift": 0x4, "meta": 0x8}
_MOD_NOREPEAT = 0x4000
_ERROR_HOTKEY_ALREADY_REGISTERED = 1409
_HOTKEY_ID = 0x4F4D  # "OM"


class _Windows(QAbstractNativeEventFilter):
    """RegisterHotKey for this thread; Qt's Windows event dispatcher delivers the WM_HOTKEY
    messages to native event filters."""

    def __init__(self, callback: Callable[[], None]) -> None:
        super().__init__()
        self.callback = callback
        self.registered = False

    def grab(self, shortcut: Shortcut) -> Result:
        # typeshed declares windll and GetLastError for Windows only; mypy checks as Linux.
        user32 = ctypes.windll.user32  # type: ignore[attr-defined]  # Windows-only stub
        mods = _MOD_NOREPEAT
        for modifier in shortcut.modifiers:
            mods |= _WIN_MODS[modifier]
        key = shortcut.key
        vk = ord(key.upper()) if len(key) == 1 else 0x70 + int(key[1:]) - 1  # VK_F1 = 0x70
        if not user32.RegisterHotKey(None, _HOTKEY_ID, mods, vk):
            error = ctypes.GetLastError()  # type: ignore[attr-defined]  # Windows-only stub
            code = (
                "hotkey_taken"
                if error == _ERROR_HOTKEY_ALREADY_REGISTERED
                else "hotkey_unsupported"
            )
            return Result(False, code, {"keys": str(shortcut)})
        self.registered = True
        app = QCoreApplication.instance()
        if app is not None:
            app.installNativeEventFilter(self)
        return Result(True)

    def nativeEventFilter(
        self, event_type: QByteArray | bytes | bytearray | memoryview, message: int
    ) -> tuple[bool, int]:
        # Qt passes a QByteArray, whose stub offers no buffer protocol: its bytes by data().
        name = event_type.data() if isinstance(event_type, QByteArray) else bytes(event_type)
        if name == b"windows_generic_MSG":
            from ctypes import wintypes  # noqa: PLC0415

            msg = wintypes.MSG.from_address(int(message))
            if msg.message == _WM_HOTKEY and msg.wParam == _HOTKEY_ID:
                self.callback()
                return True, 0
        return False, 0

    def release(self) -> None:
        if self.registered:
            ctypes.windll.user32.UnregisterHotKey(None, _HOTKEY_ID)  # type: ignore[attr-defined]  # Windows-only stub
            app = QCoreApplication.instance()
            if app is not None:
                app.removeNativeEventFilter(self)
            self.registered = False
