"""The system tray: quick dial from the clipboard, favourites and recent calls; call results
as notifications while the window is hidden; optional clipboard watching."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from omidesk.ui.icons import icon

if TYPE_CHECKING:
    from omidesk.domain.numbers import PhoneNumber
    from omidesk.services import Services
    from omidesk.ui.dial_controller import DialController
    from omidesk.ui.external import ExternalRequests
    from omidesk.ui.main_window import MainWindow
    from omidesk.usecases.dial import Outcome

log = logging.getLogger(__name__)

RECENT_COUNT = 10
FAVOURITE_COUNT = 15


class Tray(QObject):
    """A tray icon whose menu is rebuilt each time it opens (after Vorta's tray_menu.py), so
    it always shows the clipboard's number and the latest calls."""

    settingsRequested = Signal()

    def __init__(
        self,
        services: Services,
        window: MainWindow,
        controller: DialController,
        external: ExternalRequests,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.window = window
        self.external = external
        self.icon = QSystemTrayIcon(icon("app"), self)
        self.menu = QMenu()
        self.menu.aboutToShow.connect(self.rebuild)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.icon.messageClicked.connect(self._message_clicked)
        controller.finished.connect(self._on_finished)
        external.notify.connect(self.notify)
        self._offered: str | None = None  # the clipboard number a notification offers
        self._last_clipboard = ""
        QGuiApplication.clipboard().dataChanged.connect(self._clipboard_changed)
        # The tooltip: the last call's line, then the missed calls to return.
        self._last_call = ""
        self._missed = 0
        self._missed_notice = False  # the last notification was about missed calls
        if window.outcomes is not None:
            window.outcomes.missedChanged.connect(self.set_missed)
        self._update_tooltip()
        self.rebuild()

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    # --- the menu -------------------------------------------------------------------------

    def rebuild(self) -> None:
        from omidesk.domain.numbers import find_numbers  # noqa: PLC0415

        self.menu.clear()
        clipboard = QGuiApplication.clipboard().text()
        found = find_numbers(clipboard, self.services.settings.dial_format)
        log.debug("tray menu: %d number(s) on the clipboard (%d chars)", len(found), len(clipboard))
        if len(found) == 1:
            number = found[0]
            action = self.menu.addAction(
                icon("call"), self.tr("Call {number}").format(number=self._who(number))
            )
            action.setObjectName("callClipboard")
            action.triggered.connect(lambda _=False, n=number.e164: self._dial(n, "tray"))
            self.menu.addSeparator()

        favourites = self.menu.addMenu(icon("star"), self.tr("Favourites"))
        favourites.setObjectName("favourites")
        contacts = self.services.contacts.favorites(FAVOURITE_COUNT)
        for contact in contacts:
            for phone in contact.phones:
                if not phone.valid:
                    continue
                label = f"{contact.name} — {phone.display}"
                action = favourites.addAction(label)
                action.triggered.connect(
                    lambda _=False, n=phone.e164 or phone.number: self._dial(n, "tray")
                )
        if favourites.isEmpty():
            favourites.addAction(self.tr("No favourites yet")).setEnabled(False)

        recents = self.menu.addMenu(icon("history"), self.tr("Recent calls"))
        recents.setObjectName("recents")
        records = self.services.calls.recent(limit=RECENT_COUNT)
        names = self.services.names.known(r.e164 for r in records if r.e164)
        for record in records:
            shown = record.number or record.input.strip()
            who = names.get(record.e164 or "", "")
            label = f"{who} — {shown}" if who else shown
            action = recents.addAction(label)
            action.setEnabled(bool(record.number))
            action.triggered.connect(lambda _=False, n=record.number or "": self._dial(n, "tray"))
        if recents.isEmpty():
            recents.addAction(self.tr("No calls yet")).setEnabled(False)

        self.menu.addSeparator()
        visible = self.window.isVisible() and not self.window.isMinimized()
        toggle = self.menu.addAction(self.tr("Hide window") if visible else self.tr("Show window"))
        toggle.setObjectName("toggleWindow")
        toggle.triggered.connect(self.toggle_window)
        settings = self.menu.addAction(icon("settings"), self.tr("Settings…"))
        settings.triggered.connect(self.settingsRequested.emit)
        self.menu.addSeparator()
        quit_action = self.menu.addAction(self.tr("Quit OmiDesk"))
        quit_action.setObjectName("quit")
        quit_action.triggered.connect(self.window.quit)

    def actions_text(self) -> list[str]:
        """The menu as text, for tests and accessibility checks."""
        lines: list[str] = []
        for action in self.menu.actions():
            if action.isSeparator():
                continue
            lines.append(action.text())
            # PySide6's stub types menu() as a QObject; it is the QMenu or None.
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                lines.extend("  " + sub.text() for sub in submenu.actions())
        return lines

    # --- behaviour ----------------------------------------------------------------------------

    def toggle_window(self) -> None:
        if self.window.isVisible() and not self.window.isMinimized():
            self.window.hide()
        else:
            self.window.show_and_raise()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.toggle_window()

    def _dial(self, text: str, source: str) -> None:
        # A tray choice is the agent's own click inside OmiDesk: no extra confirmation.
        if text:
            self.window.dial_external(text, source)

    def notify(self, title: str, message: str) -> None:
        if self.icon.isVisible() and QSystemTrayIcon.supportsMessages():
            self.icon.showMessage(title, message, icon("app"), 8000)

    def _on_finished(self, outcome: Outcome) -> None:
        shown = outcome.display or outcome.input
        name = self.window.name_for(outcome.display) if outcome.display else None
        summary = f"{name} — {shown}: {outcome.message}" if name else f"{shown}: {outcome.message}"
        self._last_call = self.tr("OmiDesk — last call: {summary}").format(summary=summary)
        self._update_tooltip()
        if not self.window.isVisible() or self.window.isMinimized():
            title = self.tr("Call placed") if outcome.ok else self.tr("Call not placed")
            if outcome.status == "unknown":
                title = self.tr("Outcome unknown — check your phone")
            self._offered = None
            self._missed_notice = False
            self.notify(f"{title} — {name or shown}", outcome.message)

    # --- missed calls -------------------------------------------------------------------------

    def set_missed(self, count: int, new: bool = False) -> None:
        """The missed calls still to return: in the tooltip always, and a notification once
        per new batch (`new`), whose click opens Recent calls on the Missed filter."""
        self._missed = count
        self._update_tooltip()
        if new and count:
            self._offered = None
            self._missed_notice = True
            self.notify(
                self.missed_text(count),
                self.tr("Click to see them in Recent calls; Enter calls one back."),
            )

    def missed_text(self, count: int) -> str:
        if count == 1:
            return self.tr("1 missed call")
        return self.tr("{count} missed calls").format(count=count)

    def _update_tooltip(self) -> None:
        lines = [self._last_call or self.tr("OmiDesk")]
        if self._missed:
            lines.append(self.missed_text(self._missed))
        self.icon.setToolTip("\n".join(lines))

    @property
    def tooltip(self) -> str:
        return self.icon.toolTip()

    # --- clipboard watching (off by default) -------------------------------------------------

    def _clipboard_changed(self) -> None:
        if not self.services.settings.watch_clipboard:
            return
        from omidesk.domain.numbers import find_numbers  # noqa: PLC0415

        text = QGuiApplication.clipboard().text()
        if text == self._last_clipboard:
            return
        self._last_clipboard = text
        found = find_numbers(text, self.services.settings.dial_format)
        if len(found) != 1:
            return
        self._offered = found[0].e164
        self._missed_notice = False
        self.notify(
            self.tr("Call {number}?").format(number=self._who(found[0])),
            self.tr("You copied a phone number. Click here to call it."),
        )

    def _who(self, number: PhoneNumber) -> str:
        """The number with its contact's name when one has it ("Nguyễn Văn An — 0901 …")."""
        name = self.services.names.name_of(number.e164)
        return f"{name} — {number.display}" if name else number.display

    @property
    def offered(self) -> str | None:
        """The copied number a notification offers to call (E.164), if any."""
        return self._offered

    def _message_clicked(self) -> None:
        if self._offered:
            offered, self._offered = self._offered, None
            self.external.handle_number(offered, "clipboard")
        elif self._missed_notice:
            self._missed_notice = False
            self.window.show_missed_calls()
        else:
            self.window.show_and_raise()
