"""Recent calls: the history table (fetched page by page, grouped by day), its filters (text;
All | Missed with the count of missed calls to return), Refresh, the selected call's details
(its recording, calling back), redial and context menu."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QGuiApplication,
    QHideEvent,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QResizeEvent,
    QShowEvent,
)
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
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from omidesk.domain.catalogue import explain
from omidesk.domain.errors import StorageError
from omidesk.domain.records import CallRow
from omidesk.domain.result_labels import LABELS, ORIGIN_LABELS, OUTCOME_LABELS
from omidesk.ui import tasks
from omidesk.ui.icons import icon
from omidesk.ui.recents_details import CallDetails
from omidesk.ui.recents_model import RecentsModel
from omidesk.ui.widgets import SearchField, store_error_box

if TYPE_CHECKING:
    from omidesk.usecases.call_history import CallHistory

# Typing in the filter waits this long for the next key, so a burst of keys is one query.
FILTER_DELAY_MS = 150
# Calls the list keeps room for before the details pane folds away (a short window): what
# the pane shows is also in each row's tooltip and the context menu.
MIN_ROWS_SHOWN = 6


class RecentsView(QWidget):
    """The Recent calls tab: filter, table, clear history, context menu; updates live.

    Deletions go through the call history, awaited (an import may hold the store for a
    moment): meanwhile the actions that would delete again wait for them. A store failure
    of either is said by one message box (the history's `on_failure`)."""

    dialRequested = Signal(str, str)  # text to dial, source
    addContactRequested = Signal(str)
    refreshRequested = Signal()  # Refresh, F5: look the outcomes and the history up now

    def __init__(
        self,
        history: CallHistory,
        lang: Callable[[], str],
        parent: QWidget | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(parent)
        self.history = history
        self._lang = lang
        self._clock = clock
        history.on_failure = self._show_store_error
        self.model = RecentsModel(history, lang, self, clock=clock)
        self._clear_box: QMessageBox | None = None
        # A deletion being written: no other till it is.
        self._writing = False

        self.filter_field = SearchField(FILTER_DELAY_MS)
        self.filter_field.settled.connect(self.apply_filter)
        self.filter_field.returnPressed.connect(self._focus_table)
        self.filter_field.down.connect(self._focus_table)

        self.clear_button = QPushButton(icon("clear"), "")
        self.clear_button.clicked.connect(self.ask_clear)

        # All | Missed (2): the missed calls still to return, one click away.
        self.all_button = QToolButton()
        self.missed_button = QToolButton()
        for button in (self.all_button, self.missed_button):
            button.setCheckable(True)
            button.setAutoExclusive(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.all_button.setChecked(True)
        self.missed_button.toggled.connect(self.show_missed)
        self.missed_count: int | None = None
        self.refresh_button = QToolButton()
        self.refresh_button.setIcon(icon("refresh"))
        self.refresh_button.clicked.connect(self.refreshRequested.emit)
        self.refresh_action = QAction(self)
        self.refresh_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.refresh_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh_action.triggered.connect(self.refreshRequested.emit)
        self.addAction(self.refresh_action)
        # Why OMICall's history could not be read, said once and quietly (never a box).
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.note.setVisible(False)
        # The numbers OMICall was asked to name while this view lived: asked once each.
        self._names_asked: set[str] = set()

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

        self.details = CallDetails(self.model)
        self.details.recording_button.clicked.connect(self.open_recording)
        self.details.call_back_button.clicked.connect(self.dial_selected)

        self._build_menu()

        # The filter row: All | Missed beside the text filter, then Refresh.
        self.filter_row = QHBoxLayout()
        self.filter_row.setSpacing(4)
        self.filter_row.addWidget(self.all_button)
        self.filter_row.addWidget(self.missed_button)
        self.filter_row.addSpacing(6)
        self.filter_row.addWidget(self.filter_field, 1)
        self.filter_row.addWidget(self.refresh_button)
        self.filter_row.addWidget(self.clear_button)
        self.stack = QStackedLayout()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 4, 0, 0)
        self._column.addLayout(self.filter_row)
        self._column.addWidget(self.note)
        self._column.addLayout(self.stack, 1)
        self._column.addWidget(self.details)
        self.setTabOrder(self.all_button, self.missed_button)
        self.setTabOrder(self.missed_button, self.filter_field)
        self.setTabOrder(self.filter_field, self.refresh_button)
        self.setTabOrder(self.refresh_button, self.table)
        self.setTabOrder(self.table, self.details.call_back_button)
        self.setTabOrder(self.details.call_back_button, self.details.recording_button)
        self.setTabOrder(self.details.recording_button, self.details.copy_button)
        self.setTabOrder(self.details.copy_button, self.clear_button)

        self.model.modelReset.connect(self._span_headings)
        self.model.modelReset.connect(self._name_late)
        self.model.rowsInserted.connect(self._name_late)
        self.model.rowsInserted.connect(self._span_new_headings)
        self.model.hotlinesChanged.connect(self._show_hotline_column)
        for signal in (
            self.model.modelReset,
            self.model.rowsInserted,
            self.model.rowsRemoved,
        ):
            signal.connect(self._update_state)
        self.model.dataChanged.connect(self._record_changed)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self._span_headings()
        self._show_hotline_column(self.model.several_hotlines)

        # At midnight today's calls become yesterday's: the headings are said again.
        self._midnight = QTimer(self)
        self._midnight.setSingleShot(True)
        self._midnight.timeout.connect(self.new_day)  # armed while shown (showEvent)

        self.retranslate()
        self._update_state()

    def _size_columns(self) -> None:
        # The contact's name takes what room there is; the others keep the width of what
        # they hold, whatever the rows (the columns never shift as calls come in).
        header = self.table.horizontalHeader()
        for column in self._column_widths():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(RecentsModel.CONTACT, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(self.table.fontMetrics().averageCharWidth() * 6)
        header.setHighlightSections(False)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Each fixed column as wide as the widest of its contents and its heading in the
        current language ("Thời gian" is wider than "00:00")."""
        header = self.table.horizontalHeader()
        for column, width in self._column_widths().items():
            header.resizeSection(column, width)

    def _column_widths(self) -> dict[int, int]:
        metrics = self.table.fontMetrics()
        header_metrics = self.table.horizontalHeader().fontMetrics()
        padding = 3 * metrics.averageCharWidth()
        icon_room = self.table.iconSize().width() if self.table.iconSize().isValid() else 16
        lang = self._lang()
        contents = {
            # The time beside the arrow of the call's direction.
            RecentsModel.TIME: icon_room + metrics.horizontalAdvance("00:00"),
            RecentsModel.NUMBER: metrics.horizontalAdvance("+00 00 0000 0000"),
            RecentsModel.HOTLINE: metrics.horizontalAdvance("00000000000"),
            RecentsModel.RESULT: icon_room
            + max(
                metrics.horizontalAdvance(label.text(lang)) for label in (*LABELS, *ORIGIN_LABELS)
            ),
            RecentsModel.OUTCOME: icon_room
            + max(
                metrics.horizontalAdvance(label.text(lang, talk="00:00"))
                for label in OUTCOME_LABELS
            ),
        }
        return {
            column: max(width, header_metrics.horizontalAdvance(self.model.headers()[column]))
            + padding
            for column, width in contents.items()
        }

    # --- day headings, the hotline column, midnight --------------------------------------

    def _span_headings(self) -> None:
        """A day's heading spans the row (after a reset, every heading loaded)."""
        self.table.clearSpans()
        for row in self.model.heading_rows():
            self.table.setSpan(row, 0, 1, self.model.columnCount())

    def _span_new_headings(self, _parent: QModelIndex, first: int, last: int) -> None:
        # The table moves the spans of the rows below an insertion itself.
        for row in range(first, last + 1):
            if self.model.record_at(row) is None:
                self.table.setSpan(row, 0, 1, self.model.columnCount())

    def _show_hotline_column(self, several: bool) -> None:
        """The Hotline column only when calls went out on more than one hotline."""
        self.table.setColumnHidden(RecentsModel.HOTLINE, not several)

    def _arm_midnight(self) -> None:
        now = self._clock()
        tomorrow = datetime.fromtimestamp(now).date() + timedelta(days=1)
        midnight = datetime.combine(tomorrow, datetime.min.time()).timestamp()
        # A second late: the date must have turned when the headings are said again.
        self._midnight.start(max(1000, round((midnight - now) * 1000) + 1000))

    def new_day(self) -> None:
        """The date turned: today's heading becomes yesterday's, and so on."""
        self.model.new_day()
        self._arm_midnight()

    def _build_menu(self) -> None:
        self.menu = QMenu(self)
        self.call_again_action = QAction(icon("call"), "", self)
        self.call_again_action.triggered.connect(self.dial_selected)
        self.recording_action = QAction(icon("recording"), "", self)
        self.recording_action.triggered.connect(self.open_recording)
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
        self.menu.addAction(self.recording_action)
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
        self.all_button.setText(self.tr("All"))
        self.all_button.setAccessibleName(self.tr("Show all calls"))
        self.missed_button.setToolTip(
            self.tr("Only the missed calls not yet called back; Enter calls one back")
        )
        self._say_missed()
        self.refresh_button.setToolTip(self.tr("Ask OMICall how the calls ended now (F5)"))
        self.refresh_button.setAccessibleName(self.tr("Refresh call outcomes"))
        self.note.setAccessibleName(self.tr("Call history sync"))
        self._fit_columns()
        self.details.retranslate()
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
        self.recording_action.setText(self.tr("Listen to the &recording"))
        self.copy_number_action.setText(self.tr("Copy &number"))
        self.copy_uuid_action.setText(self.tr("Copy call_&uuid"))
        self.add_contact_action.setText(self.tr("&Add to contacts…"))
        self.delete_action.setText(self.tr("&Delete from history"))
        self.model.retranslate()
        self._update_state()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:
            # The results' colours and icons are made from the palette (a dark theme).
            self.model.retranslate()
            self.details.show_record(self.details.record)
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        # The agent may have added or renamed a contact on the other tab meanwhile, and the
        # date may have turned while hidden: the headings are said for today.
        self.model.refresh_names()
        self.new_day()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        # No timer runs for a view nobody sees (in the tray, behind the Contacts tab): one
        # left running when the window is destroyed makes Qt warn, or worse, if Python's
        # collector happens to destroy it off the Qt thread.
        self._midnight.stop()
        super().hideEvent(event)

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
        first = self.model.record_row_near(0)
        if first is None:
            return
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.selectionModel().hasSelection():
            self.table.selectRow(first)

    def refresh_record(self, record_id: int) -> None:
        """The dialer's change listener: a record was written or finished."""
        self.model.refresh_record(record_id)

    # --- missed calls, Refresh, the sync's note -------------------------------------------

    def show_missed(self, missed: bool) -> None:
        """Only the missed calls still to return (the Missed filter), or every call."""
        if self.missed_button.isChecked() != missed:
            (self.missed_button if missed else self.all_button).setChecked(True)
            return  # toggled: called again
        self.model.show_missed(missed)
        self._update_state()

    def set_missed_count(self, count: int, _new: bool = False) -> None:
        """The missed calls still to return: the Missed filter's badge."""
        self.missed_count = count
        self._say_missed()

    def _say_missed(self) -> None:
        count = self.missed_count or 0
        self.missed_button.setText(
            self.tr("Missed ({count})").format(count=count) if count else self.tr("Missed")
        )
        self.missed_button.setAccessibleName(
            self.tr("Show missed calls to return: {count}").format(count=count)
        )

    def number_called_back(self, e164: str) -> None:
        """A call to `e164` was accepted: its missed calls are returned (the store did it)."""
        self.model.refresh_number(e164)

    def catch_up(self) -> None:
        """A sync or lookup ended: calls older than the newest shown that it added are put
        in place (the list is read again, the selected call kept)."""
        if not self.model.stale:
            return
        selected = self.selected_record()
        self.model.reset()
        row = self.model.row_of(selected.id) if selected is not None else None
        if row is not None:
            self.table.selectRow(row)

    def set_note(self, note: str) -> None:
        """Why OMICall's history could not be read ("" once it could): a quiet line."""
        self.note.setText(note)
        self.note.setVisible(bool(note))

    def set_refreshing(self, refreshing: bool) -> None:
        self.refresh_button.setEnabled(not refreshing)

    # --- names OMICall knows --------------------------------------------------------------

    def _name_late(self, *_args: object) -> None:
        """Asks OMICall (once per number) for the names of the calls shown that no contact
        names; the rows are named again when the answers come."""
        wanted = self.model.unnamed() - self._names_asked
        if not wanted:
            return
        self._names_asked |= wanted
        tasks.spawn(self._look_up_names(wanted), name="names for recent calls")

    async def _look_up_names(self, e164s: set[str]) -> None:
        names = await self.history.late_names(e164s)
        if names and shiboken6.isValid(self):
            self.model.refresh_names()

    # --- the recording --------------------------------------------------------------------

    def open_recording(self) -> None:
        """Opens the selected call's recording in the browser. Never downloaded by OmiDesk,
        never logged: its address may grant access by itself."""
        record = self.selected_record()
        if record is not None and record.recording_url:
            QDesktopServices.openUrl(QUrl(record.recording_url))

    def _update_state(self) -> None:
        empty = self.model.rowCount() == 0
        filtered = bool(self.model.filter_text.strip())
        if self.model.error is not None:
            problem = explain(self.model.error, self._lang())
            self.empty.setText(f"{problem.message}\n{problem.next_step}")
        elif self.model.missed_only and not filtered:
            self.empty.setText(self.tr("No missed calls to return."))
        elif filtered:
            self.empty.setText(
                self.tr("No call matches “{text}”.").format(text=self.model.filter_text.strip())
            )
        else:
            self.empty.setText(self.tr("No calls yet."))
        self.stack.setCurrentWidget(self.empty if empty else self.table)
        self.clear_button.setEnabled((not empty or filtered) and not self._writing)
        self._fit_details()
        self._update_actions()

    def _fit_details(self) -> None:
        """The details pane under the list when there is a list, and room for it beside
        MIN_ROWS_SHOWN calls; folded away else."""
        table = self.table
        rows = MIN_ROWS_SHOWN * table.verticalHeader().defaultSectionSize()
        needed = (
            self.filter_field.sizeHint().height()
            + table.horizontalHeader().sizeHint().height()
            + 2 * table.frameWidth()
            + rows
            + self.details.height()
            + 3 * self._column.spacing()
            + self._column.contentsMargins().top()
        )
        listed = self.stack.currentWidget() is table
        self.details.setVisible(listed and self.height() >= needed)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_details()

    # --- the selected record -----------------------------------------------------------------

    def selected_record(self) -> CallRow | None:
        """The selected call, as its row shows it (what the actions need)."""
        row = self._selected_row()
        return self.model.record_at(row) if row is not None else None

    def _selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _selection_changed(self) -> None:
        # The details show the whole record: read for the one call selected, not per row.
        row = self._selected_row()
        self.details.show_record(self.model.full_record(row) if row is not None else None)
        self._update_actions()

    def _record_changed(self, first: QModelIndex, last: QModelIndex) -> None:
        """A row was updated (its call finished, its contact renamed): the details follow."""
        shown = self.details.record
        if shown is None:
            return
        row = self.model.row_of(shown.id)
        if row is not None and first.row() <= row <= last.row():
            self.details.show_record(self.model.full_record(row))

    def _update_actions(self) -> None:
        record = self.selected_record()
        has = record is not None
        self.call_again_action.setEnabled(has)
        self.recording_action.setEnabled(has and bool(record and record.recording_url))
        self.copy_number_action.setEnabled(has)
        self.copy_uuid_action.setEnabled(has and bool(record and record.call_uuid))
        self.add_contact_action.setEnabled(has and bool(record and record.number))
        self.delete_action.setEnabled(has and not self._writing)

    def dial_selected(self) -> None:
        """Calls the selected call's number again (a missed call: calls it back, which
        returns it once OMICall accepts the call)."""
        record = self.selected_record()
        if record is not None:
            self.dialRequested.emit(record.number or record.input, "window")

    def _dial_index(self, index: QModelIndex) -> None:
        if index.isValid() and self.model.record_at(index.row()) is not None:
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
        near = self.model.record_row_near(min(row, self.model.rowCount() - 1))
        if near is not None:
            self.table.selectRow(near)

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
        if not index.isValid() or self.model.record_at(index.row()) is None:
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
