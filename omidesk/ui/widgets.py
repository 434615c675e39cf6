"""Small widgets more than one view uses."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from omidesk.domain.catalogue import explain
from omidesk.domain.errors import StorageError
from omidesk.ui.icons import icon
from omidesk.ui.theme import error_style


def error_label(*, selectable: bool = False) -> QLabel:
    """A hidden, word-wrapped red label for a form's error, shown when there is one;
    `selectable` for messages an agent may copy into a support request."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(error_style())
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setVisible(False)
    return label


def save_cancel_buttons(
    save: Callable[[], object], cancel: Callable[[], object]
) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    """A dialog's Save (the default) and Cancel buttons, texts left to its retranslate():
    own buttons with own texts, because Qt ships no Vietnamese for the standard ones."""
    buttons = QDialogButtonBox()
    save_button = buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
    cancel_button = buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
    save_button.setDefault(True)
    save_button.clicked.connect(save)
    cancel_button.clicked.connect(cancel)
    return buttons, save_button, cancel_button


def store_error_box(
    parent: QWidget, error: StorageError, lang: str, *, title: str, ok: str
) -> QMessageBox:
    """What the store's failure means and what to do, in the agent's words, with one OK
    button (named `ok`: Qt ships no Vietnamese for its standard buttons), deleted once
    closed. The caller opens it: open(), never exec(), whose nested event loop would break
    the qasync loop."""
    problem = explain(error, lang)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(problem.message)
    box.setInformativeText(problem.next_step)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.button(QMessageBox.StandardButton.Ok).setText(ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box


class SearchField(QLineEdit):
    """A search or filter box above a list, with a search icon and a clear button: Esc
    clears it, Down moves into the list, and `settled` fires once typing pauses for
    `delay_ms` (one query per pause in typing, not per key)."""

    down = Signal()
    settled = Signal()

    def __init__(self, delay_ms: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        self.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(delay_ms)
        self._pause.timeout.connect(self.settled)
        self.textChanged.connect(self._typed)

    def _typed(self) -> None:
        self._pause.start()

    def cancel_pending(self) -> None:
        """Forgets a pause still running: its query is run now by the caller, or not at all."""
        self._pause.stop()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            event.accept()
            return
        super().keyPressEvent(event)
