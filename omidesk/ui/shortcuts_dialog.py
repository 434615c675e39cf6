"""Help > Keyboard shortcuts: every key the window answers to, in one table."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class ShortcutsDialog(QDialog):
    """The menus' shortcuts (read from the actions, so none is forgotten) and the keys of
    the dial field, its drop-down, the repeat prompt and the confirm window."""

    def __init__(
        self, actions: Iterable[QAction], hotkey: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        # Plain text, read now: no reference kept to the window's actions.
        native = QKeySequence.SequenceFormat.NativeText
        self.menu_keys: list[tuple[str, str]] = []
        for action in actions:
            for key in action.shortcuts():
                row = (key.toString(native), action.text().replace("&", ""))
                if row not in self.menu_keys:
                    self.menu_keys.append(row)
        self.hotkey = hotkey
        self.table = QTableWidget(0, 2)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 520)
        self.retranslate()

    def rows(self) -> list[tuple[str, str]]:
        keys = [
            (self.tr("Enter"), self.tr("Call the number typed, or the contact chosen below it")),
            (self.tr("Down / Up"), self.tr("Choose among the matching contacts and recent calls")),
            (self.tr("Esc"), self.tr("Close the list of matches; again: clear the field")),
            (self.tr("Enter / Esc"), self.tr("Call again, or not, when OmiDesk asks")),
            (self.tr("Ctrl+Enter"), self.tr("Call from the confirm window")),
            (self.tr("Tab"), self.tr("Dial field → Call → list → tabs")),
        ]
        keys += self.menu_keys
        if self.hotkey:
            keys.append((self.hotkey, self.tr("Call the selected number from any program")))
        return keys

    def text(self) -> str:
        """The table as lines of text (for tests and for copying)."""
        return "\n".join(f"{key}\t{what}" for key, what in self.rows())

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([self.tr("Key"), self.tr("Does")])
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        rows = self.rows()
        self.table.setRowCount(len(rows))
        for row, (key, what) in enumerate(rows):
            key_item = QTableWidgetItem(key)
            key_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, 0, key_item)
            self.table.setItem(row, 1, QTableWidgetItem(what))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
