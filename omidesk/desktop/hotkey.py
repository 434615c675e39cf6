"""A desktop-wide hotkey (e.g. Ctrl+Alt+D: call the selected number) through the platform's own
API: XGrabKey on X11, RegisterHotKey on Windows. Wayland and macOS give applications no such
API: there the agent binds `omidesk dial-selection` as a desktop shortcut (README).

A key another application already holds is a conflict, reported with the reason, never a
silent no-op."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from omidesk.domain.shortcuts import HotkeyResult, parse

if TYPE_CHECKING:
    # ctypes and the platforms' APIs load with the first hotkey set (native_hotkey.py).
    from omidesk.desktop.native_hotkey import WindowsHotkey, X11Hotkey

log = logging.getLogger(__name__)


class GlobalHotkey(QObject):
    """Owns one desktop-wide shortcut; `callback` runs on the Qt thread when it is pressed."""

    def __init__(self, callback: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.callback = callback
        self._backend: X11Hotkey | WindowsHotkey | None = None

    def set(self, text: str) -> HotkeyResult:
        """Replaces the current shortcut with `text` ("" turns it off)."""
        self.clear()
        if not text.strip():
            return HotkeyResult(True)
        shortcut = parse(text)
        if shortcut is None:
            return HotkeyResult(False, "hotkey_invalid", {"keys": text})
        backend_class = _backend_class()
        if backend_class is None:
            return HotkeyResult(False, "hotkey_unsupported", {"keys": str(shortcut)})
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


def _backend_class() -> type[X11Hotkey] | type[WindowsHotkey] | None:
    if sys.platform == "win32":
        from omidesk.desktop.native_hotkey import WindowsHotkey  # noqa: PLC0415

        return WindowsHotkey
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
    from omidesk.desktop.native_hotkey import X11Hotkey  # noqa: PLC0415

    return X11Hotkey
