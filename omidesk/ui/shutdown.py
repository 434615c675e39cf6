"""Clean shutdown on the Qt loop: a quit request starts the clean-up instead of ending Qt."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QEvent, QObject


class QuitFilter(QObject):
    """Turns the application's Quit event (menu, tray, session end) into "start the clean
    shutdown". By the time Qt emits aboutToQuit its loop — and so asyncio's — has ended,
    and closing the network client would fail; the app's main coroutine closes everything
    while the loop still runs and only then lets Qt finish."""

    def __init__(self, quitting: asyncio.Event, app: QObject) -> None:
        super().__init__(app)
        self.quitting = quitting
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Quit and watched is self.parent():
            self.quitting.set()
            return True
        return False
