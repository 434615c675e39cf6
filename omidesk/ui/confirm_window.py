"""The small always-on-top window that confirms a number from outside (a link, the clipboard):
the normalised number large, who it is, the hotline; Call (Enter) or Cancel (Esc)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from omidesk.ui.icons import icon


class Candidate:
    """One number the window may dial: what to dial and how to show it."""

    __slots__ = ("contact", "display", "note", "text")

    def __init__(self, text: str, display: str, contact: str | None = None, note: str = "") -> None:
        self.text = text
        self.display = display
        self.contact = contact
        self.note = note


class ConfirmWindow(QDialog):
    """Outside input is untrusted (any web page can open a tel: link): nothing is dialled
    until the agent presses Call. Also shows, instead of a number, why a link or a copied
    text was not dialled."""

    confirmed = Signal(str, str)  # text to dial, source

    def __init__(
        self,
        candidates: list[Candidate],
        *,
        source: str,
        hotline: str,
        problem: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("confirmWindow")
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setWindowIcon(icon("app"))
        self.candidates = candidates
        self.source = source
        self.problem = problem

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.number = QLabel()
        self.number.setObjectName("confirmNumber")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.number.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.number.setFont(font)
        self.choice = QComboBox()
        for candidate in candidates:
            label = candidate.display + (f" — {candidate.contact}" if candidate.contact else "")
            self.choice.addItem(label, candidate.text)
        self.choice.currentIndexChanged.connect(self._show_candidate)
        self.contact = QLabel()
        self.contact.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.hotline = QLabel()
        self.hotline_number = hotline
        self.call = QPushButton(icon("call"), "")
        self.call.setDefault(True)
        self.call.setAutoDefault(True)
        self.call.clicked.connect(self._confirm)
        self.cancel = QPushButton()
        self.cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.call)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.number)
        layout.addWidget(self.choice)
        layout.addWidget(self.contact)
        layout.addWidget(self.note)
        layout.addWidget(self.hotline)
        layout.addLayout(buttons)
        # Esc cancels (QDialog does), Enter calls (the default button); Ctrl+Enter too.
        QShortcut(QKeySequence("Ctrl+Return"), self, self._confirm)

        self.choice.setVisible(len(candidates) > 1)
        self.call.setVisible(problem is None and bool(candidates))
        self.retranslate()
        self._show_candidate()
        self.setMinimumWidth(380)

    def retranslate(self) -> None:
        if self.problem is not None:
            self.setWindowTitle(self.tr("OmiDesk — not dialled"))
            self.heading.setText(self.tr("This was not dialled:"))
        elif len(self.candidates) > 1:
            self.setWindowTitle(self.tr("OmiDesk — choose a number"))
            self.heading.setText(self.tr("Several numbers were found. Call which one?"))
        else:
            self.setWindowTitle(self.tr("OmiDesk — call this number?"))
            self.heading.setText(self.tr("Call this number?"))
        self.hotline.setText(self.tr("Hotline: {hotline}").format(hotline=self.hotline_number))
        self.call.setText(self.tr("Call"))
        self.call.setToolTip(self.tr("Call (Enter)"))
        self.call.setAccessibleName(self.tr("Call"))
        self.cancel.setText(self.tr("Close") if self.problem is not None else self.tr("Cancel"))
        self.cancel.setToolTip(self.tr("Cancel (Esc)"))
        self.cancel.setAccessibleName(self.cancel.text())
        self.choice.setAccessibleName(self.tr("Number to call"))
        self.number.setAccessibleName(self.tr("Number to call"))
        self._show_candidate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def current(self) -> Candidate | None:
        if not self.candidates:
            return None
        return self.candidates[max(0, self.choice.currentIndex())]

    def _show_candidate(self) -> None:
        if self.problem is not None:
            self.number.setText("")
            self.number.setVisible(False)
            self.contact.setText(self.problem)
            self.note.setVisible(False)
            self.hotline.setVisible(False)
            return
        candidate = self.current()
        if candidate is None:
            return
        self.number.setText(candidate.display)
        # Who is called, or plainly that nobody in the contacts has this number.
        self.contact.setText(candidate.contact or self.tr("Not in your contacts"))
        self.contact.setVisible(True)
        self.note.setText(candidate.note)
        self.note.setVisible(bool(candidate.note))

    def _confirm(self) -> None:
        candidate = self.current()
        if self.problem is not None or candidate is None:
            self.reject()
            return
        self.confirmed.emit(candidate.text, self.source)
        self.accept()

    def present(self) -> None:
        """Shows the window on top and takes the keyboard, so Enter/Esc work at once."""
        self.show()
        self.raise_()
        self.activateWindow()
        (self.call if self.call.isVisible() else self.cancel).setFocus()
