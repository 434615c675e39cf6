"""A tab whose page is built the first time it is shown or asked for, not at start."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QTabWidget, QWidget


class LazyTab(QObject):
    """An empty page holds the tab's place (its name and icon show at once); the real page,
    and the modules it needs, come when the agent first opens the tab or an action needs it."""

    def __init__(
        self, tabs: QTabWidget, build: Callable[[], QWidget], tab_icon: QIcon, parent: QObject
    ) -> None:
        super().__init__(parent)
        self.tabs = tabs
        self._build = build
        self.page: QWidget | None = None
        self.placeholder = QWidget()
        tabs.addTab(self.placeholder, tab_icon, "")
        tabs.currentChanged.connect(self._shown)

    def index(self) -> int:
        return self.tabs.indexOf(self.page if self.page is not None else self.placeholder)

    def build(self) -> QWidget:
        """The page, built now if it was not yet; it takes the placeholder's place."""
        if self.page is not None:
            return self.page
        self.page = page = self._build()
        index = self.tabs.indexOf(self.placeholder)
        showing = self.tabs.currentIndex() == index
        text, tab_icon = self.tabs.tabText(index), self.tabs.tabIcon(index)
        # No currentChanged for the swap: the page replaces the placeholder in its place.
        blocked = self.tabs.blockSignals(True)
        try:
            self.tabs.insertTab(index, page, tab_icon, text)
            self.tabs.removeTab(index + 1)
            if showing:
                self.tabs.setCurrentIndex(index)
        finally:
            self.tabs.blockSignals(blocked)
        self.placeholder.deleteLater()
        if showing:
            # It was the shown tab: what a currentChanged would have done for the page.
            self.tabs.currentChanged.emit(index)
        return page

    def _shown(self, index: int) -> None:
        if self.page is None and self.tabs.widget(index) is self.placeholder:
            self.build()
