"""A campaign's calls (or the user's call log) newest first, fetched page by page, with the
names of local contacts and what the call-back queue did for each."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from omidesk.domain.autocall.calls import CallFilter, CampaignCall, e164_of, on_this_clock
from omidesk.domain.contacts import display_of
from omidesk.store.db import StoreError
from omidesk.ui.icons import icon

if TYPE_CHECKING:
    from omidesk.store.autocall import AutoCallStore

log = logging.getLogger(__name__)

_NO_PARENT = QModelIndex()


def number_label(number: str) -> str:
    """A number AutoCall wrote (0…, 84…, +84…) grouped as the contact list groups it
    ("0901 234 567"), else as AutoCall wrote it."""
    e164 = e164_of(number)
    return (display_of(e164) if e164 else None) or number


def time_label(call: CampaignCall) -> str:
    """When the call was placed, on this computer's clock, as Recent calls and the status
    line show times (AutoCall gives Vietnam's: an agent's computer elsewhere would show
    two clocks side by side)."""
    if call.called_at is None:
        return "—"
    return on_this_clock(call.called_at).strftime("%d/%m/%Y %H:%M")


def state_label(call: CampaignCall) -> str:
    """40 answered, 50 failed, any other state as AutoCall gave it (a call in progress)."""
    if call.answered:
        return QCoreApplication.translate("CampaignCalls", "Answered")
    if call.failed:
        return QCoreApplication.translate("CampaignCalls", "Failed")
    if call.state is None:
        return QCoreApplication.translate("CampaignCalls", "Unknown")
    return QCoreApplication.translate("CampaignCalls", "In progress ({state})").format(
        state=call.state
    )


def result_label(call: CampaignCall) -> str:
    """The state with what says most about it: how long an answered call lasted, why a
    failed one failed (the switch's cause)."""
    if call.answered and call.duration_s is not None:
        duration = f"{call.duration_s // 60}:{call.duration_s % 60:02d}"
        return QCoreApplication.translate("CampaignCalls", "Answered, {duration}").format(
            duration=duration
        )
    if call.failed and call.note:
        return QCoreApplication.translate("CampaignCalls", "Failed: {cause}").format(
            cause=call.note
        )
    return state_label(call)


def callback_label(status: str) -> str:
    labels = {
        "accepted": QCoreApplication.translate("CampaignCalls", "Called back"),
        "unknown": QCoreApplication.translate("CampaignCalls", "Called back? (unknown)"),
        "rejected": QCoreApplication.translate("CampaignCalls", "Call-back refused"),
        "failed": QCoreApplication.translate("CampaignCalls", "Call-back not sent"),
        "invalid": QCoreApplication.translate("CampaignCalls", "Invalid number"),
        "skipped": QCoreApplication.translate("CampaignCalls", "Skipped"),
    }
    return labels.get(status, status)


class CampaignCallsModel(QAbstractTableModel):
    """Rows fetched on demand (PAGE at a time), never every call of a big campaign at once."""

    TIME, NUMBER, CONTACT, RESULT, KEYS, CALLBACK = range(6)
    COLUMNS = 6
    PAGE = 200

    def __init__(self, store: AutoCallStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.campaign: str | None = None
        self.chosen = CallFilter()
        self.total = 0
        self._rows: list[CampaignCall] = []
        self._callbacks: dict[str, str] = {}
        self._exhausted = True
        self.error: StoreError | None = None

    def show(self, campaign: str | None, chosen: CallFilter) -> None:
        self.campaign, self.chosen = campaign, chosen
        self.reset()

    def reset(self) -> None:
        self.beginResetModel()
        self._rows, self._callbacks, self.error = [], {}, None
        self._exhausted = self.campaign is None
        self.total = 0
        if self.campaign is not None:
            try:
                self.total = self.store.count(self.campaign, self.chosen)
            except StoreError as error:
                self._failed(error)
            self._rows = self._page(0)
        self.endResetModel()

    def _failed(self, error: StoreError) -> None:
        log.warning("cannot read the campaign's calls: %s", error.code)
        self.error = error
        self._exhausted = True

    def _page(self, offset: int) -> list[CampaignCall]:
        if self._exhausted and offset:
            return []
        try:
            calls = self.store.calls(self.campaign, self.chosen, limit=self.PAGE, offset=offset)
            done = self.store.callbacks(call.call_id for call in calls)
        except StoreError as error:
            self._failed(error)
            return []
        self._callbacks.update({call_id: item.status for call_id, item in done.items()})
        if len(calls) < self.PAGE:
            self._exhausted = True
        return calls

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> None:
        if not self.canFetchMore(parent):
            return
        page = self._page(len(self._rows))
        if not page:
            return
        first = len(self._rows)
        self.beginInsertRows(_NO_PARENT, first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def every_call(self) -> list[CampaignCall]:
        """Every call the filter picks (for a call-back queue), not only those loaded."""
        if self.campaign is None:
            return []
        return self.store.calls(self.campaign, self.chosen)

    def retranslate(self) -> None:
        """The headers and the words of every row again, in the language now installed."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMNS - 1)
        if self._rows:
            last = self.index(len(self._rows) - 1, self.COLUMNS - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def call_at(self, row: int) -> CampaignCall:
        return self._rows[row]

    def set_callback(self, call_id: str, status: str) -> None:
        self._callbacks[call_id] = status
        for row, call in enumerate(self._rows):
            if call.call_id == call_id:
                index = self.index(row, self.CALLBACK)
                self.dataChanged.emit(index, index)

    # --- Qt -------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            QCoreApplication.translate("CampaignCalls", "Time"),
            QCoreApplication.translate("CampaignCalls", "Number"),
            QCoreApplication.translate("CampaignCalls", "Contact"),
            QCoreApplication.translate("CampaignCalls", "Result"),
            QCoreApplication.translate("CampaignCalls", "Keys"),
            QCoreApplication.translate("CampaignCalls", "Call-back"),
        )[section]

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        call = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(call, column)
        if role == Qt.ItemDataRole.DecorationRole and column == self.RESULT:
            return icon("check" if call.answered else "error" if call.failed else "history")
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(call, column)
        return None

    def _tooltip(self, call: CampaignCall, column: int) -> str | None:
        """The whole of what a narrow column cuts: the result with its cause, the keys as
        AutoCall gave them (with the second each was pressed at), the contact's name."""
        if column == self.RESULT:
            return result_label(call)
        if column == self.KEYS:
            return call.key_press or None
        if column == self.CONTACT:
            return call.contact or None
        return None

    def _text(self, call: CampaignCall, column: int) -> str:
        if column == self.TIME:
            return time_label(call)
        if column == self.NUMBER:
            return number_label(call.callee_id)
        if column == self.CONTACT:
            return call.contact or ""
        if column == self.RESULT:
            return result_label(call)
        if column == self.KEYS:
            return " ".join(call.keys)
        status = self._callbacks.get(call.call_id)
        return callback_label(status) if status else ""
