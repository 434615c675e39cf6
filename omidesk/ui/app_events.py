"""Events the application object itself receives: quit requests and macOS open-URL events."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFileOpenEvent

LINK_SCHEMES = ("tel", "callto")


class AppEvents(QObject):
    """Turns the application's Quit event (menu, tray, session end) into "start the clean
    shutdown" — by the time Qt emits aboutToQuit its loop, and so asyncio's, has ended and
    closing the network client would fail — and hands a tel:/callto: URL that macOS
    delivers as a FileOpen event (a link clicked while OmiDesk runs, or the one it was
    started for) to `on_link`."""

    def __init__(
        self, app: QObject, quitting: asyncio.Event, on_link: Callable[[str], None] | None = None
    ) -> None:
        super().__init__(app)
        self.quitting = quitting
        self.on_link = on_link
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.parent():
            return False
        if event.type() == QEvent.Type.Quit:
            self.quitting.set()
            return True
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            url = event.url()
            if url.scheme().lower() in LINK_SCHEMES and self.on_link is not None:
                self.on_link(url.toString())
                return True
        return False
