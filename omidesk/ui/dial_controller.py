"""The window's side of dialling: one request at a time, state signals for every view."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from omidesk.domain.numbers import PhoneNumber
from omidesk.ui import tasks

if TYPE_CHECKING:
    from omidesk.services import Services
    from omidesk.usecases.dial import Outcome

log = logging.getLogger(__name__)


class DialController(QObject):
    """Turns "dial this" from any control (field, pad, contacts, recents, tray, links) into
    exactly one dialer call, and tells the views what is going on.

    The dial controls are disabled while a request is in flight (busyChanged); the dialer
    itself also refuses a second request for the same number, so a double Enter sends one."""

    started = Signal(str, str)  # the number as shown, the extension ringing
    finished = Signal(object)  # Outcome
    busyChanged = Signal(bool)

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._busy = False

    @property
    def busy(self) -> bool:
        return self._busy

    def dial(
        self,
        text: str,
        source: str = "window",
        *,
        confirm_repeat: bool = False,
        hotline: str | None = None,
    ) -> bool:
        """Starts dialling `text`; False if a request is already in flight (nothing sent)."""
        if self._busy:
            return False
        self._set_busy(True)
        tasks.spawn(self._dial(text, source, confirm_repeat, hotline), name="dial")
        return True

    async def _dial(
        self, text: str, source: str, confirm_repeat: bool, hotline: str | None
    ) -> None:
        try:
            checked = self.services.dialer.check(text)
            if isinstance(checked, PhoneNumber):
                self.started.emit(checked.display, self.services.settings.extension)
            outcome: Outcome = await self.services.dialer.dial(
                text, source=source, confirm_repeat=confirm_repeat, hotline=hotline
            )
        finally:
            self._set_busy(False)
        log.info("dial from %s: %s %s", source, outcome.status, outcome.error or "")
        self.finished.emit(outcome)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busyChanged.emit(busy)
