"""Recent calls: the history table (fetched page by page), its filter, redial and context menu."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from omidesk.domain.catalogue import explain
from omidesk.domain.errors import StorageError
from omidesk.domain.records import CallRecord, CallStatus
from omidesk.ui import tasks
from omidesk.ui.icons import icon
from omidesk.ui.recents_model import RecentsModel
from omidesk.ui.widgets import SearchField, store_error_box

if TYPE_CHECKING:
    from omidesk.usecases.call_history import CallHistory

# Typing in the filter waits this long for the next key, so a burst of keys is one query.
FILTER_DELAY_MS = 150


class RecentsView(QWidget):
    """The Recent calls tab: filter, table, clear history, context menu; updates live.

    Deletions go through the call history, awaited (an import may hold the store for a
    moment): meanwhile the actions that would delete again wait for them. A store failure
    of either is said by one message box (the history's `on_failure`)."""

    dialRequested = Signal(str, str)  # text to dial, source
    addContactRequested = Signal(str)

    def __init__(
        self, history: CallHistory, lang: Callable[[], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.history = history
        self._lang = lang
        history.on_failure = self._show_store_error
        self.model = RecentsModel(history, lang, self)
        self._clear_box: QMessageBox | None = None
        # A deletion being written: no other till it is.
        self._writing = False

        self.filter_field = SearchField(FILTER_DELAY_MS)
        self.filter_field.settled.connect(self.apply_filter)
        self.filter_field.returnPressed.connect(self._focus_table)
        self.filter_field.down.connect(self._focus_table)

        self.clear_button = QPushButton(icon("clear"), "")
        self.clear_button.clicked.connect(self.ask_clear)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Tab must leave the table for the next control, not walk its cells.
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu_at)
        # Not `activated`: with a single-click activation style hint one click would dial.
        self.table.doubleClicked.connect(self._dial_index)
        self.table.installEventFilter(self)
        self._size_columns()

        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)

        self._build_menu()

        top = QHBoxLayout()
        top.addWidget(self.filter_field, 1)
        top.addWidget(self.clear_button)
        self.stack = QStackedLayout()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addLayout(self.stack, 1)
        self.setTabOrder(self.filter_field, self.table)
        self.setTabOrder(self.table, self.clear_button)

        for signal in (
            self.model.modelReset,
            self.model.rowsInserted,
            self.model.rowsRemoved,
        ):
            signal.connect(self._update_state)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.retranslate()
        self._update_state()

    def _size_columns(self) -> None:
        # The contact's name takes what room there is; the result keeps room for its status
        # and icon (what the agent looks for), its details eliding into the tooltip.
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        padding = 3 * metrics.averageCharWidth()
        widths = {
            RecentsModel.TIME: metrics.horizontalAdvance("00/00/0000 00:00") + padding,
            RecentsModel.NUMBER: metrics.horizontalAdvance("+000000000000") + padding,
            RecentsModel.HOTLINE: metrics.horizontalAdvance("00000000000") + padding,
            RecentsModel.RESULT: self._result_width(),
        }
        for column, width in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(RecentsModel.CONTACT, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(metrics.averageCharWidth() * 6)
        header.setHighlightSections(False)

    def _result_width(self) -> int:
        """Room for the longest status in the current language, its icon and some detail."""
        metrics = self.table.fontMetrics()
        longest = max(
            metrics.horizontalAdvance(self.model.status_label(status)) for status in CallStatus
        )
        icon_room = self.table.iconSize().width() if self.table.iconSize().isValid() else 16
        return longest + icon_room + 6 * metrics.averageCharWidth()

    def _build_menu(self) -> None:
        self.menu = QMenu(self)
        self.call_again_action = QAction(icon("call"), "", self)
        self.call_again_action.triggered.connect(self.dial_selected)
        self.copy_number_action = QAction(icon("copy"), "", self)
        self.copy_number_action.triggered.connect(self.copy_number)
        # Ctrl+C on a row copies its number, the thing an agent wants to paste elsewhere.
        self.copy_number_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_number_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(self.copy_number_action)
        self.copy_uuid_action = QAction("", self)
        self.copy_uuid_action.triggered.connect(self.copy_call_uuid)
        self.add_contact_action = QAction(icon("contact-add"), "", self)
        self.add_contact_action.triggered.connect(self.add_contact)
        self.delete_action = QAction(icon("delete"), "", self)
        self.delete_action.triggered.connect(self.delete_selected)
        self.menu.addAction(self.call_again_action)
        self.menu.addSeparator()
        self.menu.addAction(self.copy_number_action)
        self.menu.addAction(self.copy_uuid_action)
        self.menu.addAction(self.add_contact_action)
        self.menu.addSeparator()
        self.menu.addAction(self.delete_action)

    # --- language --------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.filter_field.setPlaceholderText(self.tr("Filter by number or call_uuid"))
        self.filter_field.setAccessibleName(self.tr("Filter recent calls"))
        self.filter_field.setToolTip(
            self.tr("Type digits of a number (any spelling) or a call_uuid. Esc clears.")
        )
        self.clear_button.setText(self.tr("Clear history…"))
        self.table.horizontalHeader().resizeSection(RecentsModel.RESULT, self._result_width())
        self.clear_button.setAccessibleName(self.tr("Clear call history"))
        self.clear_button.setToolTip(self.tr("Delete every recorded call (asks first)"))
        self.table.setAccessibleName(self.tr("Recent calls"))
        self.table.setAccessibleDescription(
            self.tr("Enter calls the selected number again; the menu key shows more actions.")
        )
        self.empty.setAccessibleName(self.tr("No calls"))
        self.menu.setTitle(self.tr("Recent call"))
        self.menu.setAccessibleName(self.tr("Recent call actions"))
        self.call_again_action.setText(self.tr("&Call again"))
        self.copy_number_action.setText(self.tr("Copy &number"))
        self.copy_uuid_action.setText(self.tr("Copy call_&uuid"))
        self.add_contact_action.setText(self.tr("&Add to contacts…"))
        self.delete_action.setText(self.tr("&Delete from history"))
        self.model.retranslate()
        self._update_state()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        # The agent may have added or renamed a contact on the other tab meanwhile.
        self.model.refresh_names()
        super().showEvent(event)

    # --- filter and state ------------------------------------------------------------------

    def focus_filter(self) -> None:
        self.filter_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_field.selectAll()

    def apply_filter(self) -> None:
        """Filters at once with the field's text (a pause in typing, or Enter)."""
        self.filter_field.cancel_pending()
        if self.filter_field.text() != self.model.filter_text:
            self.model.filter(self.filter_field.text())

    def _focus_table(self) -> None:
        self.apply_filter()
        if self.model.rowCount() == 0:
            return
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def refresh_record(self, record_id: int) -> None:
        """The dialer's change listener: a record was written or finished."""
        self.model.refresh_record(record_id)

    def _update_state(self) -> None:
        empty = self.model.rowCount() == 0
        filtered = bool(self.model.filter_text.strip())
        if self.model.error is not None:
            problem = explain(self.model.error, self._lang())
            self.empty.setText(f"{problem.message}\n{problem.next_step}")
        elif filtered:
            self.empty.setText(
                self.tr("No call matches “{text}”.").format(text=self.model.filter_text.strip())
            )
        else:
            self.empty.setText(self.tr("No calls yet."))
        self.stack.setCurrentWidget(self.empty if empty else self.table)
        self.clear_button.setEnabled((not empty or filtered) and not self._writing)
        self._update_actions()

    # --- the selected record -----------------------------------------------------------------

    def selected_record(self) -> CallRecord | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.record_at(rows[0].row())

    def _update_actions(self) -> None:
        record = self.selected_record()
        has = record is not None
        self.call_again_action.setEnabled(has)
        self.copy_number_action.setEnabled(has)
        self.copy_uuid_action.setEnabled(has and bool(record and record.call_uuid))
        self.add_contact_action.setEnabled(has and bool(record and record.number))
        self.delete_action.setEnabled(has and not self._writing)

    def dial_selected(self) -> None:
        record = self.selected_record()
        if record is not None:
            self.dialRequested.emit(record.number or record.input, "window")

    def _dial_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.table.selectRow(index.row())
            self.dial_selected()

    def copy_number(self) -> None:
        record = self.selected_record()
        if record is not None:
            QGuiApplication.clipboard().setText(record.number or record.input.strip())

    def copy_call_uuid(self) -> None:
        record = self.selected_record()
        if record is not None and record.call_uuid:
            QGuiApplication.clipboard().setText(record.call_uuid)

    def add_contact(self) -> None:
        record = self.selected_record()
        if record is not None and record.number:
            self.addContactRequested.emit(record.number)

    def delete_selected(self) -> None:
        record = self.selected_record()
        if record is None or self._writing:
            return
        tasks.start(self._delete(record.id), name="delete call")

    async def _delete(self, record_id: int) -> None:
        deleted = await self._writes(self.history.delete(record_id))
        if not deleted or not shiboken6.isValid(self):
            return
        row = self.model.row_of(record_id)
        if row is None:
            return
        self.model.remove_row(row)
        # Keep the keyboard where it was: the next record (or the last) becomes selected.
        if self.model.rowCount():
            self.table.selectRow(min(row, self.model.rowCount() - 1))

    async def _writes(self, write: Awaitable[bool]) -> bool:
        """Awaits a deletion with the actions that would delete again waiting for it; False
        when it failed (the history's message box says why) or the view is gone."""
        self._writing = True
        self._update_state()
        try:
            done = await write
        finally:
            self._writing = False
        if not shiboken6.isValid(self):
            return False
        self._update_state()
        return done

    # --- context menu ------------------------------------------------------------------------

    def _menu_at(self, pos: QPoint) -> None:
        """The table's context menu at `pos` (viewport coordinates) for the row there."""
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        self._popup(self.table.viewport().mapToGlobal(pos))

    def show_menu_for_selection(self) -> None:
        """The context menu from the keyboard (Menu key, Shift+F10), under the selected row."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        rect = self.table.visualRect(rows[0])
        self._popup(self.table.viewport().mapToGlobal(rect.bottomLeft()))

    def _popup(self, where: QPoint) -> None:
        self._update_actions()
        # popup(), not exec(): a nested event loop would stall the asyncio loop (qasync).
        self.menu.popup(where)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and isinstance(event, QKeyEvent):
            if event.type() != QEvent.Type.KeyPress:
                return super().eventFilter(watched, event)
            key = event.key()
            modifiers = event.modifiers()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                modifiers & ~Qt.KeyboardModifier.KeypadModifier
            ):
                self.dial_selected()
                return True
            shift_f10 = key == Qt.Key.Key_F10 and modifiers == Qt.KeyboardModifier.ShiftModifier
            if key == Qt.Key.Key_Menu or shift_f10:
                self.show_menu_for_selection()
                return True
        return super().eventFilter(watched, event)

    # --- clear history -------------------------------------------------------------------------

    def ask_clear(self) -> None:
        """Asks before deleting the whole history; the answer arrives through `finished`."""
        if self._clear_box is not None:
            self._clear_box.raise_()
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Clear history"))
        box.setText(self.tr("Delete every call from the history?"))
        box.setInformativeText(
            self.tr(
                "This deletes all recorded calls (%n), not only those shown. It cannot be undone.",
                "",
                self._count_all(),
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        # Qt ships no Vietnamese for its standard buttons: name them ourselves.
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Clear history"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Keep"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._clear_answered)
        self._clear_box = box
        # open(), never exec(): a nested event loop would break the qasync loop.
        box.open()

    def _count_all(self) -> int:
        try:
            return self.history.count()
        except StorageError:
            return self.model.rowCount()

    def _clear_answered(self, _result: int) -> None:
        box, self._clear_box = self._clear_box, None
        if box is None:
            return
        if box.clickedButton() != box.button(QMessageBox.StandardButton.Yes) or self._writing:
            return
        tasks.start(self._clear(), name="clear history")

    async def _clear(self) -> None:
        await self._writes(self.history.clear())
        if shiboken6.isValid(self):
            self.model.reset()

    def _show_store_error(self, error: StorageError) -> None:
        """The history's one way of saying that the store failed: a message box."""
        if shiboken6.isValid(self):
            store_error_box(
                self, error, self._lang(), title=self.tr("Recent calls"), ok=self.tr("OK")
            ).open()
