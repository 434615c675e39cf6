"""The call history's model: records newest first, fetched page by page, and its filter."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QDateTime,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from omidesk.domain import messages
from omidesk.domain.errors import StorageError
from omidesk.domain.records import CallRecord, CallStatus
from omidesk.ui.icons import icon

if TYPE_CHECKING:
    from omidesk.usecases.call_history import CallHistory

log = logging.getLogger(__name__)

_NO_PARENT = QModelIndex()

_ICON_BY_STATUS = {
    CallStatus.PLACING: "call",
    CallStatus.ACCEPTED: "check",
    CallStatus.REJECTED: "error",
    CallStatus.FAILED: "error",
    CallStatus.INVALID: "error",
    CallStatus.UNKNOWN: "warning",
}


def _key(record: CallRecord) -> tuple[float, int]:
    """The store's order (newest first): created_at, then id."""
    return (record.created_at, record.id)


class RecentsModel(QAbstractTableModel):
    """Call records newest first, fetched on demand in pages; one contact-name lookup per page."""

    TIME, CONTACT, NUMBER, HOTLINE, RESULT = range(5)
    COLUMNS = 5
    PAGE = 200

    def __init__(
        self, history: CallHistory, lang: Callable[[], str], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.history = history
        self._lang = lang
        self._rows: list[CallRecord] = []
        self._ids: set[int] = set()
        self._text = ""
        self._exhausted = False
        # Set between begin…/end… of a change: the view may ask for more rows from inside
        # (a removal moves the current row, which scrolls), when offsets are not yet true.
        self._changing = False
        # Why the history could not be read (one of its failures), shown in its place.
        self.error: StorageError | None = None
        self.reset()

    # --- loading ---------------------------------------------------------------------------

    @property
    def filter_text(self) -> str:
        """The filter as the agent typed it."""
        return self._text

    def filter(self, text: str) -> None:
        """Shows only the records whose number, input or call_uuid contain `text`."""
        self._text = text
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
            records = self.history.recent(self.PAGE, offset, self._text)
        except StorageError as error:
            log.warning("cannot read the call history: %s", error)
            self.error = error
            self._exhausted = True
            return []
        if len(records) < self.PAGE:
            self._exhausted = True
        # Another OmiDesk may have added calls since the last page, shifting the offsets:
        # a record seen twice is shown once.
        records = [record for record in records if record.id not in self._ids]
        return self.history.named(records)

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
            record = self.history.get(record_id)
        except StorageError as error:
            log.warning("cannot read call %d: %s", record_id, error)
            return
        row = self.row_of(record_id)
        if record is None:
            if row is not None:
                self.remove_row(row)
            return
        if row is not None:
            (record,) = self.history.named([record])
            self._rows[row] = record
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.COLUMNS - 1))
            return
        if not self.history.matches(record, self._text):
            return
        if not self._rows and not self._exhausted:
            # Every loaded row was deleted but older ones remain: a page puts it in place.
            self.fetchMore()
            return
        if self._rows and _key(record) <= _key(self._rows[0]):
            return  # an older record: it comes with its page, when the agent scrolls there
        (record,) = self.history.named([record])
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
        names = self.history.names_for(e164s)
        if names is None:
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
        lang = self._lang()
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
