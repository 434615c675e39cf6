"""The selected call in full, under Recent calls: its result and OMICall's whole answer, who
and which number, when, on which hotline and extension, where the call came from, and its
call_uuid with Copy (or the error code an administrator asks for)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QGuiApplication, QPalette, QResizeEvent, QTextLayout
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from omidesk.domain.records import CallRecord, Source
from omidesk.domain.result_labels import label_of
from omidesk.ui.icons import icon
from omidesk.ui.result_style import result_icon, tone_colour

if TYPE_CHECKING:
    from omidesk.ui.recents_model import RecentsModel

_ICON_PX = 20
# Lines the answer (OMICall's message and what to do) has room for: the pane keeps one
# height from call to call, so the table above never jumps as the agent walks the list.
_MESSAGE_LINES = 3


class _Elided(QLabel):
    """One line that ends in … when it does not fit; text() is the whole of it, and so is
    the tooltip, so nothing is lost to the width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def text(self) -> str:
        return self._full

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        shown = self.fontMetrics().elidedText(
            self._full, Qt.TextElideMode.ElideRight, max(self.width(), 1)
        )
        super().setText(shown)


class _Wrapped(QLabel):
    """Up to `lines` lines, wrapped at word boundaries, the last ending in … when the text
    needs more; text() and the tooltip are the whole of it. Its height never changes."""

    def __init__(self, lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._lines = lines
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._fix_height()

    def text(self) -> str:
        return self._full

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._fit()

    def _fix_height(self) -> None:
        self.setFixedHeight(self.fontMetrics().lineSpacing() * self._lines + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fix_height()
            self._fit()

    def _fit(self) -> None:
        width = max(self.width(), 1)
        lines = [
            line for part in self._full.split("\n") for line in _wrap(part, self.font(), width)
        ]
        if len(lines) > self._lines:
            # The last line room holds what is left, ending in …: never a line cut in half.
            rest = " ".join(lines[self._lines - 1 :])
            last = self.fontMetrics().elidedText(rest, Qt.TextElideMode.ElideRight, width)
            lines = [*lines[: self._lines - 1], last]
        super().setText("\n".join(lines))


def _wrap(text: str, font: QFont, width: int) -> list[str]:
    """The lines a paragraph takes at this width, broken where Qt would break them."""
    layout = QTextLayout(text, font)
    lines: list[str] = []
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        lines.append(text[line.textStart() : line.textStart() + line.textLength()].rstrip())
    layout.endLayout()
    return lines


class CallDetails(QFrame):
    """The selected call's details; a hint to select one when none is."""

    def __init__(self, model: RecentsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callDetails")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._model = model  # its words: the label, the number, the dates
        self.record: CallRecord | None = None

        self.icon = QLabel()
        self.icon.setFixedSize(_ICON_PX, _ICON_PX)
        self.title = QLabel()
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.who = _Elided()
        # OMICall's whole answer and what to do, in a room of fixed height.
        self.message = _Wrapped(_MESSAGE_LINES)

        self.captions = {key: QLabel() for key in ("when", "hotline", "extension", "source")}
        for caption in self.captions.values():
            caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.when = _Elided()
        self.hotline = _Elided()
        self.extension = _Elided()
        self.source = _Elided()
        self.reference = _Elided()
        self.reference.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.copy_button = QPushButton(icon("copy"), "")
        self.copy_button.clicked.connect(self.copy_call_uuid)
        # Hidden for a call without call_uuid, but its room kept: the line never moves.
        keep = self.copy_button.sizePolicy()
        keep.setRetainSizeWhenHidden(True)
        self.copy_button.setSizePolicy(keep)

        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.icon)
        top.addWidget(self.title)
        top.addSpacing(12)
        top.addWidget(self.who, 1)
        # Time | Hotline | Extension, then From | call_uuid (or code) and Copy.
        facts = QGridLayout()
        facts.setHorizontalSpacing(8)
        facts.setVerticalSpacing(2)
        for column, key, value in (
            (0, "when", self.when),
            (2, "hotline", self.hotline),
            (4, "extension", self.extension),
        ):
            facts.addWidget(self.captions[key], 0, column)
            facts.addWidget(value, 0, column + 1)
        facts.addWidget(self.captions["source"], 1, 0)
        facts.addWidget(self.source, 1, 1)
        facts.addWidget(self.reference, 1, 2, 1, 3)
        facts.addWidget(self.copy_button, 1, 5, Qt.AlignmentFlag.AlignRight)
        facts.setColumnStretch(1, 3)
        facts.setColumnStretch(3, 2)
        facts.setColumnStretch(5, 1)
        self.shown = QWidget()
        layout = QVBoxLayout(self.shown)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addLayout(facts)
        # No call selected: one line saying how to see one, in the same room.
        self.hint = QLabel()
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.pages = QStackedLayout()
        self.pages.addWidget(self.shown)
        self.pages.addWidget(self.hint)
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(8, 6, 8, 6)
        self._outer.addLayout(self.pages)
        self._fix_height()
        self.retranslate()

    def _fix_height(self) -> None:
        # The same height whatever the call (and none selected): the table never jumps.
        margins = self._outer.contentsMargins()
        frame = 2 * self.frameWidth() + margins.top() + margins.bottom()
        self.setFixedHeight(self.shown.sizeHint().height() + frame)

    # --- what it shows -------------------------------------------------------------------

    def show_record(self, record: CallRecord | None) -> None:
        self.record = record
        self._render()

    def _render(self) -> None:
        record = self.record
        model = self._model
        self.hint.setText(self.tr("Select a call to see OMICall's whole answer and its call_uuid."))
        if record is None:
            self.pages.setCurrentWidget(self.hint)
            self.copy_button.setVisible(False)
            self.setAccessibleDescription(self.hint.text())
            return
        self.pages.setCurrentWidget(self.shown)
        label = label_of(record)
        palette = QGuiApplication.palette()
        self.icon.setPixmap(result_icon(label, palette).pixmap(_ICON_PX, _ICON_PX))
        self.title.setText(model.label_text(record))
        title_palette = self.title.palette()
        title_palette.setColor(QPalette.ColorRole.WindowText, tone_colour(palette, label.tone))
        self.title.setPalette(title_palette)
        number = model.number_text(record)
        self.who.setText(f"{record.contact_name} · {number}" if record.contact_name else number)
        self.message.setText(model.outcome_text(record))
        self.when.setText(model.when_text(record.created_at))
        self.hotline.setText(record.hotline or "—")
        self.extension.setText(record.extension or "—")
        self.source.setText(self.source_name(record.source))
        if record.call_uuid:
            self.reference.setText(f"call_uuid: {record.call_uuid}")
        elif record.error_code:
            self.reference.setText(self.tr("Code: {code}").format(code=record.error_code))
        else:
            self.reference.setText("")
        self.copy_button.setVisible(bool(record.call_uuid))
        self.setAccessibleDescription(
            " ".join(
                part for part in (self.title.text(), self.who.text(), self.message.text()) if part
            )
        )

    def source_name(self, source: str) -> str:
        """Where the call was asked for, in the agent's words."""
        names = {
            Source.WINDOW.value: self.tr("Window"),
            Source.CLI.value: self.tr("Command line"),
            Source.TRAY.value: self.tr("Tray menu"),
            Source.LINK.value: self.tr("Link (tel:)"),
            Source.CLIPBOARD.value: self.tr("Clipboard"),
        }
        return names.get(source, source)

    def copy_call_uuid(self) -> None:
        if self.record is not None and self.record.call_uuid:
            QGuiApplication.clipboard().setText(self.record.call_uuid)

    # --- language --------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Details of the selected call"))
        self.captions["when"].setText(self.tr("Time:"))
        self.captions["hotline"].setText(self.tr("Hotline:"))
        self.captions["source"].setText(self.tr("From:"))
        self.captions["extension"].setText(self.tr("Extension:"))
        self.copy_button.setText(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the call_uuid"))
        self.copy_button.setAccessibleName(self.tr("Copy the call_uuid"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self._fix_height()
            self._render()
        super().changeEvent(event)
