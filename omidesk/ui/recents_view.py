"""Recent calls: the history table (fetched page by page), its filter, redial and context menu."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QDateTime,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
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

from omidesk.domain import messages
from omidesk.domain.catalogue import explain
from omidesk.domain.records import CallRecord, CallStatus
from omidesk.store.db import StoreError
from omidesk.ui.icons import icon
from omidesk.ui.widgets import SearchField, store_error_box

if TYPE_CHECKING:
    from omidesk.services import Services

log = logging.getLogger(__name__)

_NO_PARENT = QModelIndex()
# Text made only of what numbers are written with is searched as digits, so that
# "090 123" and "+84 90 123" find the stored "0901234567".
_NUMBER_LIKE_RE = re.compile(r"\+?[0-9 ().\-/]*[0-9][0-9 ().\-/]*")
_NON_DIGIT_RE = re.compile(r"[^0-9]")
# SQLite's LIKE folds ASCII letters only: the in-memory match must fold the same way.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

_ICON_BY_STATUS = {
    CallStatus.PLACING: "call",
    CallStatus.ACCEPTED: "check",
    CallStatus.REJECTED: "error",
    CallStatus.FAILED: "error",
    CallStatus.INVALID: "error",
    CallStatus.UNKNOWN: "warning",
}

# Typing in the filter waits this long for the next key, so a burst of keys is one query.
FILTER_DELAY_MS = 150


def search_text(text: str) -> str:
    """What the filter asks the store for: number-like text as national digits
    ("+84 90 123" -> "090123"), anything else as typed (names of inputs, call_uuids)."""
    stripped = text.strip()
    if not _NUMBER_LIKE_RE.fullmatch(stripped):
        return stripped
    digits = _NON_DIGIT_RE.sub("", stripped)
    if digits.startswith("0084"):
        return "0" + digits[4:]
    if digits.startswith("84") and (stripped.startswith("+") or len(digits) > 2):
        return "0" + digits[2:]
    return digits


def _matches(record: CallRecord, needle: str) -> bool:
    """The store's filter (number, input or call_uuid contains the text), in memory."""
    if not needle:
        return True
    folded = needle.translate(_ASCII_LOWER)
    return any(
        folded in value.translate(_ASCII_LOWER)
        for value in (record.number, record.input, record.call_uuid)
        if value
    )


def _key(record: CallRecord) -> tuple[float, int]:
    """The store's order (newest first): created_at, then id."""
    return (record.created_at, record.id)


class RecentsModel(QAbstractTableModel):
    """Call records newest first, fetched on demand in pages; one contact-name lookup per page."""

    TIME, CONTACT, NUMBER, HOTLINE, RESULT = range(5)
    COLUMNS = 5
    PAGE = 200

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._rows: list[CallRecord] = []
        self._ids: set[int] = set()
        self._text = ""
        self._needle = ""
        self._exhausted = False
        # Set between begin…/end… of a change: the view may ask for more rows from inside
        # (a removal moves the current row, which scrolls), when offsets are not yet true.
        self._changing = False
        self.error: StoreError | None = None
        self.reset()

    # --- loading ---------------------------------------------------------------------------

    @property
    def filter_text(self) -> str:
        """The filter as the agent typed it."""
        return self._text

    def filter(self, text: str) -> None:
        """Shows only the records whose number, input or call_uuid contain `text`."""
        self._text = text
        self._needle = search_text(text)
        self.reset()

    def reset(self) -> None:
        """Drops every loaded row and loads the first page again."""
        self._changing = True
        self.beginResetModel()
        self._rows = []
        self._ids = set()
        self._exhausted = False
        self.error = None
        self._rows = self._page(0)
        self._ids = {record.id for record in self._rows}
        self._changing = False
        self.endResetModel()

    def _page(self, offset: int) -> list[CallRecord]:
        try:
            records = self.services.calls.recent(self.PAGE, offset, self._needle)
        except StoreError as error:
            log.warning("cannot read the call history: %s", error.code)
            self.error = error
            self._exhausted = True
            return []
        if len(records) < self.PAGE:
            self._exhausted = True
        # Another OmiDesk may have added calls since the last page, shifting the offsets:
        # a record seen twice is shown once.
        records = [record for record in records if record.id not in self._ids]
        return self._named(records)

    def _named(self, records: list[CallRecord]) -> list[CallRecord]:
        e164s = {record.e164 for record in records if record.e164}
        if not e164s:
            return records
        try:
            names = self.services.contacts.names_for(e164s)
        except StoreError as error:
            # Names are a comfort: the history is still worth showing without them.
            log.warning("cannot read contact names: %s", error.code)
            return records
        return [
            replace(record, contact_name=names[record.e164])
            if record.e164 and record.e164 in names
            else record
            for record in records
        ]

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> bool:
        return not parent.isValid() and not self._exhausted and not self._changing

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> None:
        if not self.canFetchMore(parent):
            return
        page = self._page(len(self._rows))
        if not page:
            return
        first = len(self._rows)
        self._changing = True
        self.beginInsertRows(_NO_PARENT, first, first + len(page) - 1)
        self._rows.extend(page)
        self._ids.update(record.id for record in page)
        self._changing = False
        self.endInsertRows()

    # --- live changes ----------------------------------------------------------------------

    def row_of(self, record_id: int) -> int | None:
        if record_id not in self._ids:
            return None
        return next(row for row, record in enumerate(self._rows) if record.id == record_id)

    def record_at(self, row: int) -> CallRecord:
        return self._rows[row]

    def refresh_record(self, record_id: int) -> None:
        """A call record was written or updated: update its row, or show it at the top when
        it is newer than every loaded row and matches the filter. Idempotent per state."""
        try:
            record = self.services.calls.get(record_id)
        except StoreError as error:
            log.warning("cannot read call %d: %s", record_id, error.code)
            return
        row = self.row_of(record_id)
        if record is None:
            if row is not None:
                self.remove_row(row)
            return
        if row is not None:
            (record,) = self._named([record])
            self._rows[row] = record
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.COLUMNS - 1))
            return
        if not _matches(record, self._needle):
            return
        if not self._rows and not self._exhausted:
            # Every loaded row was deleted but older ones remain: a page puts it in place.
            self.fetchMore()
            return
        if self._rows and _key(record) <= _key(self._rows[0]):
            return  # an older record: it comes with its page, when the agent scrolls there
        (record,) = self._named([record])
        self._changing = True
        self.beginInsertRows(_NO_PARENT, 0, 0)
        self._rows.insert(0, record)
        self._ids.add(record.id)
        self._changing = False
        self.endInsertRows()

    def remove_row(self, row: int) -> None:
        """Forgets a row (the view deleted its record from the store)."""
        self._changing = True
        self.beginRemoveRows(_NO_PARENT, row, row)
        record = self._rows.pop(row)
        self._ids.discard(record.id)
        self._changing = False
        self.endRemoveRows()
        if not self._rows and not self._exhausted:
            # The agent deleted every row shown, not every call: show the next ones.
            self.fetchMore()

    def refresh_names(self) -> None:
        """Looks the contact names up again (a contact was added or renamed meanwhile)."""
        e164s = {record.e164 for record in self._rows if record.e164}
        if not e164s:
            return
        try:
            names = self.services.contacts.names_for(e164s)
        except StoreError as error:
            log.warning("cannot read contact names: %s", error.code)
            return  # keep the names shown
        renamed = [
            replace(record, contact_name=names.get(record.e164 or "")) if record.e164 else record
            for record in self._rows
        ]
        changed = [row for row, record in enumerate(renamed) if record != self._rows[row]]
        self._rows = renamed
        for row in changed:
            index = self.index(row, self.CONTACT)
            self.dataChanged.emit(index, index)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMNS - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, self.COLUMNS - 1)
            )

    # --- Qt model --------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else self.COLUMNS

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.headers()[section] if 0 <= section < self.COLUMNS else None

    def headers(self) -> list[str]:
        return [
            self.tr("Time"),
            self.tr("Contact"),
            self.tr("Number"),
            self.tr("Hotline"),
            self.tr("Result"),
        ]

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        record = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text_of(record, column)
        if role == Qt.ItemDataRole.DecorationRole and column == self.RESULT:
            return icon(_ICON_BY_STATUS.get(record.status, "question"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column == self.RESULT:
                return f"{self.result_text(record)}. {self.outcome_text(record)}"
            return self._text_of(record, column) or self.tr("none")
        return None

    def _text_of(self, record: CallRecord, column: int) -> str:
        if column == self.TIME:
            return _time_text(record.created_at)
        if column == self.CONTACT:
            return record.contact_name or _one_line(record.input)
        if column == self.NUMBER:
            return record.number or _one_line(record.input)
        if column == self.HOTLINE:
            return record.hotline
        return self.result_text(record)

    def _tooltip(self, record: CallRecord, column: int) -> str:
        if column == self.TIME:
            return _local(record.created_at).toString("dd/MM/yyyy HH:mm:ss")
        if column == self.CONTACT and record.contact_name:
            return f"{record.contact_name}\n{_one_line(record.input)}"
        if column == self.RESULT:
            return self.outcome_text(record)
        return self._text_of(record, column)

    def status_label(self, status: CallStatus) -> str:
        labels = {
            CallStatus.PLACING: self.tr("Calling…"),
            CallStatus.ACCEPTED: self.tr("Accepted"),
            CallStatus.REJECTED: self.tr("Refused by OMICall"),
            CallStatus.UNKNOWN: self.tr("Outcome unknown"),
            CallStatus.FAILED: self.tr("Not sent"),
            CallStatus.INVALID: self.tr("Invalid number"),
        }
        return labels.get(status, str(status))

    def result_text(self, record: CallRecord) -> str:
        """The Result cell: the status, with the code (or call_uuid) an administrator needs."""
        label = self.status_label(record.status)
        if record.error_code:
            return f"{label} ({record.error_code})"
        if record.call_uuid:
            return f"{label} · {record.call_uuid}"
        return label

    def outcome_text(self, record: CallRecord) -> str:
        """The whole outcome in the agent's language: message and what to do next."""
        lang = self.services.lang
        explanation = record.explain(lang)
        if explanation is not None:
            if explanation.next_step:
                return f"{explanation.message}\n{explanation.next_step}"
            return explanation.message
        status = messages.STATUS[record.status.value](lang)
        status = status[:1].upper() + status[1:]
        if record.call_uuid:
            return f"{status}\ncall_uuid: {record.call_uuid}"
        return status


def _local(timestamp: float) -> QDateTime:
    return QDateTime.fromMSecsSinceEpoch(round(timestamp * 1000))


def _time_text(timestamp: float) -> str:
    when = _local(timestamp)
    if when.date() == QDate.currentDate():
        return when.toString("HH:mm:ss")
    return when.toString("dd/MM/yyyy HH:mm")


def _one_line(text: str) -> str:
    # A pasted input can hold line breaks: a table cell shows one line.
    return " ".join(text.split())


class RecentsView(QWidget):
    """The Recent calls tab: filter, table, clear history, context menu; updates live."""

    dialRequested = Signal(str, str)  # text to dial, source
    addContactRequested = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.model = RecentsModel(services, self)
        self._clear_box: QMessageBox | None = None

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
            problem = explain(self.model.error.code, self.services.lang, path=self.model.error.path)
            self.empty.setText(f"{problem.message}\n{problem.next_step}")
        elif filtered:
            self.empty.setText(
                self.tr("No call matches “{text}”.").format(text=self.model.filter_text.strip())
            )
        else:
            self.empty.setText(self.tr("No calls yet."))
        self.stack.setCurrentWidget(self.empty if empty else self.table)
        self.clear_button.setEnabled(not empty or filtered)
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
        self.delete_action.setEnabled(has)

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
        if record is None:
            return
        try:
            self.services.calls.delete(record.id)
        except StoreError as error:
            self._show_store_error(error)
            return
        row = self.model.row_of(record.id)
        if row is None:
            return
        self.model.remove_row(row)
        # Keep the keyboard where it was: the next record (or the last) becomes selected.
        if self.model.rowCount():
            self.table.selectRow(min(row, self.model.rowCount() - 1))

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
            return self.services.calls.count()
        except StoreError:
            return self.model.rowCount()

    def _clear_answered(self, _result: int) -> None:
        box, self._clear_box = self._clear_box, None
        if box is None:
            return
        if box.clickedButton() != box.button(QMessageBox.StandardButton.Yes):
            return
        try:
            self.services.calls.clear()
        except StoreError as error:
            self._show_store_error(error)
        self.model.reset()

    def _show_store_error(self, error: StoreError) -> None:
        store_error_box(
            self, error, self.services.lang, title=self.tr("Recent calls"), ok=self.tr("OK")
        ).open()
