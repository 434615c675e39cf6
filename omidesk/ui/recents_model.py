"""The call history's model: calls newest first under a heading per day, fetched page by
page as the light rows the store reads for a list (the whole record only for the selected
call's details), its filters (text, missed calls to return), and how each call ended."""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from datetime import time as day_start
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QFont, QGuiApplication, QIcon, QPalette

from omidesk.domain import messages
from omidesk.domain.call_results import Direction, cause_words
from omidesk.domain.contacts import display_of
from omidesk.domain.errors import StorageError
from omidesk.domain.records import CallRecord, CallRow, CallStatus, Origin
from omidesk.domain.result_labels import answered_of, label_of, outcome_label, outcome_text
from omidesk.ui.i18n import locale_for
from omidesk.ui.icons import icon, tinted
from omidesk.ui.result_style import result_icon, tone_colour

if TYPE_CHECKING:
    from omidesk.usecases.call_history import CallHistory

log = logging.getLogger(__name__)

_NO_PARENT = QModelIndex()

# A row is a call (what the list shows of it), or the heading of one day's calls (its
# local date).
Row = CallRow | date
# What the words of a row are made from: its light row, or the whole record (details).
Shown = CallRow | CallRecord


def _key(record: Shown) -> tuple[float, int]:
    """The store's order (newest first): created_at, then id."""
    return (record.created_at, record.id)


def _day(timestamp: float) -> date:
    """The local calendar day of a time."""
    return datetime.fromtimestamp(timestamp).date()


def _bounds(day: date) -> tuple[float, float]:
    """The times of `day`: from its local midnight to the next (the first instant of each
    date, also where a clock change skips or repeats midnight)."""
    start = datetime.combine(day, day_start.min).timestamp()
    return start, datetime.combine(day + timedelta(days=1), day_start.min).timestamp()


class RecentsModel(QAbstractTableModel):
    """Calls newest first, each day's under a heading row (Today, Yesterday, a date);
    fetched on demand in pages of PAGE light rows (CallRow: the columns a row shows), with
    one contact-name lookup per page. `full_record` reads the whole record of one call.

    `clock` is the wall clock that says which day is today (injected by tests). The Hotline
    column is worth showing only when calls went out on more than one hotline:
    `several_hotlines` says so, and `hotlinesChanged` when it changes."""

    # RESULT: what became of the request (or what the call was, for one OmiDesk did not
    # place); OUTCOME: how the call ended, from OMICall's call history.
    TIME, CONTACT, NUMBER, RESULT, OUTCOME, HOTLINE = range(6)
    COLUMNS = 6
    PAGE = 200
    RecordRole = Qt.ItemDataRole.UserRole + 1  # the row's CallRow (None on a heading)

    hotlinesChanged = Signal(bool)

    def __init__(
        self,
        history: CallHistory,
        lang: Callable[[], str],
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(parent)
        self.history = history
        self._lang = lang
        self._clock = clock
        self._rows: list[Row] = []
        self._ids: set[int] = set()
        # e164 -> its contact's name, for the numbers of the loaded rows that have one.
        self._names: dict[str, str] = {}
        self._text = ""
        self._missed = False
        self._exhausted = False
        # A call older than the newest shown was added (the history's sync): not in place
        # until the list is read again (RecentsView.catch_up).
        self.stale = False
        self._hotlines: set[str] = set()
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

    @property
    def several_hotlines(self) -> bool:
        return len(self._hotlines) > 1

    @property
    def missed_only(self) -> bool:
        """Whether only the missed calls still to return are shown (the Missed filter)."""
        return self._missed

    def show_missed(self, missed: bool) -> None:
        """Shows only the missed calls to return, or every call again."""
        if missed != self._missed:
            self._missed = missed
            self.reload()

    def filter(self, text: str) -> None:
        """Shows only the records whose number, input or call_uuid contain `text`."""
        self._text = text
        self.reload()

    def reset(self) -> None:
        """Drops every loaded row and loads the first page again; asks again which
        hotlines calls went out on (the history changed: cleared, synced)."""
        self.reload()
        self._count_hotlines()

    def reload(self) -> None:
        """Drops every loaded row and loads the first page again (the filters changed: the
        hotlines used did not)."""
        self._changing = True
        self.beginResetModel()
        self._rows = []
        self._ids = set()
        self._names = {}
        self._exhausted = False
        self.stale = False
        self.error = None
        records = self._page(0)
        self._rows = self._with_days(records, None)
        self._ids = {record.id for record in records}
        self._changing = False
        self.endResetModel()

    def _page(self, offset: int) -> list[CallRow]:
        try:
            records = self.history.rows(self.PAGE, offset, self._text, missed=self._missed)
        except StorageError as error:
            log.warning("cannot read the call history: %s", error)
            self.error = error
            self._exhausted = True
            return []
        if len(records) < self.PAGE:
            self._exhausted = True
        if self._ids:
            # Another OmiDesk may have added calls since the last page, shifting the
            # offsets: a record seen twice is shown once.
            records = [record for record in records if record.id not in self._ids]
        self._name(records)
        return records

    def _name(self, records: list[CallRow]) -> None:
        """Looks up the names of the records' numbers (one lookup for them all); the names
        shown stay as they are when the book cannot be read."""
        e164s = {record.e164 for record in records if record.e164}
        names = self.history.names_for(e164s) if e164s else None
        if names is None:
            return
        # Set operations, not a loop over the page's numbers: most of them have no name.
        for e164 in (e164s & self._names.keys()) - names.keys():
            del self._names[e164]  # no longer anyone's
        self._names.update(names)

    @staticmethod
    def _with_days(records: list[CallRow], day: date | None) -> list[Row]:
        """The records (newest first), each day's behind its heading; `day` is the day of
        the row above them, whose heading is already there. A day is worked out once, not
        once per call: the calls within its bounds are its own."""
        rows: list[Row] = []
        start, end = _bounds(day) if day is not None else (0.0, 0.0)
        for record in records:
            if not start <= record.created_at < end:
                record_day = _day(record.created_at)
                start, end = _bounds(record_day)
                if record_day != day:
                    rows.append(record_day)
                    day = record_day
            rows.append(record)
        return rows

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> bool:
        return not parent.isValid() and not self._exhausted and not self._changing

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> None:
        if not self.canFetchMore(parent):
            return
        page = self._page(len(self._ids))
        if not page:
            return
        last = self._last_record()
        rows = self._with_days(page, _day(last.created_at) if last else None)
        first = len(self._rows)
        self._changing = True
        self.beginInsertRows(_NO_PARENT, first, first + len(rows) - 1)
        self._rows.extend(rows)
        self._ids.update(record.id for record in page)
        self._changing = False
        self.endInsertRows()

    def _last_record(self) -> CallRow | None:
        for row in reversed(self._rows):
            if isinstance(row, CallRow):
                return row
        return None

    def _count_hotlines(self) -> None:
        """Asks the history which hotlines calls went out on (two ends of an index)."""
        several = self.several_hotlines
        self._hotlines = set(self.history.hotlines_used())
        if self.several_hotlines != several:
            self.hotlinesChanged.emit(self.several_hotlines)

    # --- rows --------------------------------------------------------------------------------

    def record_at(self, row: int) -> CallRow | None:
        """The call on `row`, as the list shows it; None on a day's heading."""
        found = self._rows[row] if 0 <= row < len(self._rows) else None
        return found if isinstance(found, CallRow) else None

    def full_record(self, row: int) -> CallRecord | None:
        """The whole record of the call on `row` (the details pane: OMICall's whole answer),
        named as the row is; None on a heading, or when the store cannot give it."""
        shown = self.record_at(row)
        if shown is None:
            return None
        try:
            record = self.history.get(shown.id)
        except StorageError as error:
            log.warning("cannot read call %d: %s", shown.id, error)
            return None
        if record is None:
            return None
        name = self.name_of(record)
        return replace(record, contact_name=name) if name else record

    def name_of(self, record: Shown) -> str | None:
        """The name of the contact of the call's number, if one has a name."""
        return self._names.get(record.e164) if record.e164 else None

    def row_of(self, record_id: int) -> int | None:
        if record_id not in self._ids:
            return None
        return next(
            row
            for row, found in enumerate(self._rows)
            if isinstance(found, CallRow) and found.id == record_id
        )

    def heading_rows(self) -> list[int]:
        return [row for row, found in enumerate(self._rows) if isinstance(found, date)]

    def record_row_near(self, row: int) -> int | None:
        """The row of the call at `row`, or else the nearest call below it, or above it."""
        below = range(max(row, 0), len(self._rows))
        above = range(min(row, len(self._rows)) - 1, -1, -1)
        for candidate in itertools.chain(below, above):
            if isinstance(self._rows[candidate], CallRow):
                return candidate
        return None

    # --- live changes ----------------------------------------------------------------------

    def refresh_record(self, record_id: int) -> None:
        """A call record was written or updated: update its row, or show it at the top when
        it is newer than every loaded row and matches the filter. Idempotent per state."""
        try:
            record = self.history.row(record_id)
        except StorageError as error:
            log.warning("cannot read call %d: %s", record_id, error)
            return
        row = self.row_of(record_id)
        if record is None:
            if row is not None:
                self.remove_row(row)
            return
        self._saw_hotline(record.hotline)
        if row is not None and not self.history.matches(record, "", missed=self._missed):
            self.remove_row(row)  # a missed call returned, under the Missed filter
            return
        if row is not None:
            self._name([record])
            self._rows[row] = record
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.COLUMNS - 1))
            return
        if not self.history.matches(record, self._text, missed=self._missed):
            return
        if not self._ids and not self._exhausted:
            # Every loaded row was deleted but older ones remain: a page puts it in place.
            self.fetchMore()
            return
        newest = self.record_at(1)
        if newest is not None and _key(record) <= _key(newest):
            # An older record (the history's sync adds them): the list is read again once
            # the sync is done, as its page offsets have moved.
            self.stale = True
            return
        self._name([record])
        # Under today's heading if it is there already, else under a heading of its own.
        joins = bool(self._rows) and self._rows[0] == _day(record.created_at)
        rows: list[Row] = [record] if joins else [_day(record.created_at), record]
        at = 1 if joins else 0
        self._changing = True
        self.beginInsertRows(_NO_PARENT, at, at + len(rows) - 1)
        self._rows[at:at] = rows
        self._ids.add(record.id)
        self._changing = False
        self.endInsertRows()

    def _saw_hotline(self, hotline: str) -> None:
        if hotline and hotline not in self._hotlines:
            self._hotlines.add(hotline)
            if len(self._hotlines) == 2:
                self.hotlinesChanged.emit(True)

    def remove_row(self, row: int) -> None:
        """Forgets the call on `row` (the view deleted its record from the store), and its
        day's heading when it was the day's last call shown."""
        first = row
        alone = row + 1 >= len(self._rows) or isinstance(self._rows[row + 1], date)
        if alone and row > 0 and isinstance(self._rows[row - 1], date):
            first = row - 1
        self._changing = True
        self.beginRemoveRows(_NO_PARENT, first, row)
        record = self._rows[row]
        del self._rows[first : row + 1]
        if isinstance(record, CallRow):
            self._ids.discard(record.id)
        self._changing = False
        self.endRemoveRows()
        self._count_hotlines()
        if not self._ids and not self._exhausted:
            # The agent deleted every row shown, not every call: show the next ones.
            self.fetchMore()

    def refresh_names(self) -> None:
        """Looks the contact names up again (a contact was added or renamed meanwhile)."""
        e164s = {row.e164 for row in self._rows if isinstance(row, CallRow) and row.e164}
        if not e164s:
            return
        names = self.history.names_for(e164s)
        if names is None:
            return  # keep the names shown
        before, self._names = self._names, {e164: names[e164] for e164 in e164s if names.get(e164)}
        for row, found in enumerate(self._rows):
            if not isinstance(found, CallRow) or not found.e164:
                continue
            if before.get(found.e164) != self._names.get(found.e164):
                index = self.index(row, self.CONTACT)
                self.dataChanged.emit(index, index)

    def refresh_number(self, e164: str) -> None:
        """The loaded calls of `e164` are read again (calling it back returned its missed
        calls)."""
        ids = [
            row.id
            for row in self._rows
            if isinstance(row, CallRow) and row.e164 == e164 and row.to_return
        ]
        for record_id in ids:
            self.refresh_record(record_id)

    def unnamed(self) -> set[str]:
        """The numbers of the loaded calls that no one has named yet."""
        return {
            row.e164
            for row in self._rows
            if isinstance(row, CallRow) and row.e164 and row.e164 not in self._names
        }

    def new_day(self) -> None:
        """The date changed (midnight): the headings are said again (today is yesterday)."""
        for row in self.heading_rows():
            index = self.index(row, 0)
            self.dataChanged.emit(index, index)

    def retranslate(self) -> None:
        """The language or the palette changed: every text and colour is given again."""
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
        if not index.isValid() or self.record_at(index.row()) is None:
            # A heading is not a call: the keyboard steps over it, a click selects nothing.
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
            self.tr("Result"),
            self.tr("Outcome"),
            self.tr("Hotline"),
        ]

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        found = self._rows[index.row()]
        if isinstance(found, date):
            return self._heading_data(found, index.column(), role)
        record = found
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text_of(record, column)
        if role == self.RecordRole:
            return record
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column == self.RESULT:
                return f"{self.label_text(record)}. {self.outcome_text(self._answering(record))}"
            if column == self.TIME:
                return f"{self._text_of(record, column)}, {self.direction_text(record)}"
            if column == self.OUTCOME:
                return self._tooltip(record, column) or self.tr("none")
            return self._text_of(record, column) or self.tr("none")
        if role == Qt.ItemDataRole.DecorationRole and column == self.TIME:
            return self.direction_icon(record)
        if column == self.OUTCOME:
            return self._outcome_data(record, role)
        if column != self.RESULT:
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            return result_icon(label_of(record), QGuiApplication.palette())
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(tone_colour(QGuiApplication.palette(), label_of(record).tone))
        return None

    def _answering(self, record: CallRow) -> Shown:
        """What the whole answer of a row's call is worded from: a refusal's words need its
        whole record (OMICall's message, the values of the error), read when asked for (a
        tooltip, a screen reader), never to paint."""
        if not record.error_code:
            return record
        try:
            full = self.history.get(record.id)
        except StorageError as error:
            log.warning("cannot read call %d: %s", record.id, error)
            return record
        return full if full is not None else record

    def _outcome_data(self, record: CallRow, role: int) -> Any:
        label = outcome_label(record)
        if label is None:
            return None
        if role == Qt.ItemDataRole.DecorationRole and record.recording_url:
            # A recording to listen to (the details pane and the menu open it).
            return icon("recording")
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(tone_colour(QGuiApplication.palette(), label.tone))
        return None

    def _heading_data(self, day: date, column: int, role: int) -> Any:
        if column != 0:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.day_label(day)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        palette = QGuiApplication.palette()
        if role == Qt.ItemDataRole.BackgroundRole:
            # The window's colour, not the list's: a heading reads as a band between rows.
            return palette.brush(QPalette.ColorRole.Window)
        if role == Qt.ItemDataRole.ForegroundRole:
            return palette.brush(QPalette.ColorRole.WindowText)
        return None

    def _text_of(self, record: CallRow, column: int) -> str:
        if column == self.TIME:
            return _local(record.created_at).toString("HH:mm")
        if column == self.CONTACT:
            # The name, or nothing: never the number a second time.
            return self.name_of(record) or ""
        if column == self.NUMBER:
            return self.number_text(record)
        if column == self.HOTLINE:
            return record.hotline
        if column == self.OUTCOME:
            return outcome_text(record, self._lang())
        return self.label_text(record)

    @staticmethod
    def number_text(record: Shown) -> str:
        """The number grouped as in the contact list ("0901 234 567"); what was typed when
        no number was read from it (records of older versions)."""
        if record.e164:
            grouped = display_of(record.e164)
            if grouped:
                return grouped
        return record.number or _one_line(record.input)

    def _tooltip(self, record: CallRow, column: int) -> str:
        if column == self.TIME:
            return f"{self.when_text(record.created_at)}\n{self.direction_text(record)}"
        if column == self.OUTCOME:
            lines = [self.ending_text(record)]
            if record.recording_url:
                lines.append(self.tr("A recording is available: open it from the details."))
            return "\n".join(line for line in lines if line)
        if column == self.RESULT:
            outcome = self.outcome_text(self._answering(record))
            return f"{outcome}\ncall_uuid: {record.call_uuid}" if record.call_uuid else outcome
        if column == self.NUMBER and record.input.strip() != self.number_text(record):
            return f"{self.number_text(record)}\n{_one_line(record.input)}"
        return self._text_of(record, column)

    # --- words -------------------------------------------------------------------------------

    def label_text(self, record: Shown) -> str:
        """The Result cell: the result in two or three words."""
        return label_of(record).text(self._lang())

    def outcome_text(self, record: Shown) -> str:
        """The whole outcome in the agent's language: message and what to do next (a
        refusal's from its whole record; a CallRow of one says its status)."""
        explanation = record.explain(self._lang()) if isinstance(record, CallRecord) else None
        if explanation is not None:
            if explanation.next_step:
                return f"{explanation.message}\n{explanation.next_step}"
            return explanation.message
        if record.status == CallStatus.PLACING:
            return self.tr(
                "Waiting for OMICall's answer. A request on its way cannot be taken back."
            )
        if record.origin == Origin.OMICALL:
            return self._history_text(record)
        if record.status == CallStatus.ACCEPTED:
            return self.tr(
                "OMICall accepted the call: extension {extension} rang to connect you to {number}."
            ).format(extension=record.extension, number=self.number_text(record))
        # Another status without a code (no such record is written): its name.
        status = messages.STATUS[CallStatus(record.status).value](self._lang())
        return status[:1].upper() + status[1:]

    def _history_text(self, record: Shown) -> str:
        """What a call OmiDesk did not place was, from OMICall's call history."""
        number = self.number_text(record)
        if record.direction == Direction.INBOUND:
            if record.to_return:
                return self.tr(
                    "{number} called extension {extension} and nobody answered. "
                    "Call back: press Enter or Call back."
                ).format(number=number, extension=record.extension or "—")
            if answered_of(record) is False:
                return self.tr(
                    "{number} called extension {extension} and nobody answered; "
                    "the number has been called back since."
                ).format(number=number, extension=record.extension or "—")
            return self.tr("{number} called extension {extension}.").format(
                number=number, extension=record.extension or "—"
            )
        return self.tr(
            "Extension {extension} called {number} from the phone itself "
            "(known from OMICall's call history)."
        ).format(number=number, extension=record.extension or "—")

    def ending_text(self, record: Shown) -> str:
        """How the call ended, in words: "Answered — 3:12", "Failed: the number does not
        exist", "OMICall has no record of this call", or that OmiDesk is still asking."""
        words = record.outcome(self._lang())
        if words:
            if record.cdr is not None and record.hangup_cause and not record.answered:
                cause = cause_words(record.hangup_cause, self._lang())
                if cause not in words:
                    words = f"{words} ({cause})"
            return words
        if record.status == CallStatus.ACCEPTED:
            return self.tr(
                "How the call ended shows once OMICall's call history has it (after hang-up)."
            )
        return ""

    def direction_text(self, record: Shown) -> str:
        """Which way the call went, and where OmiDesk knows it from."""
        if record.direction == Direction.INBOUND:
            return self.tr("Incoming call (from OMICall's call history)")
        if record.origin == Origin.OMICALL:
            return self.tr("Outgoing call dialled on the phone (from OMICall's call history)")
        return self.tr("Outgoing call placed with OmiDesk")

    @staticmethod
    def direction_icon(record: Shown) -> QIcon:
        """An arrow in for an incoming call (a missed one's broken, in its label's colour),
        out for an outgoing one."""
        if record.direction == Direction.INBOUND:
            name = "call-missed" if answered_of(record) is False else "call-in"
            return tinted(name, tone_colour(QGuiApplication.palette(), label_of(record).tone))
        return icon("call-out")

    def today(self) -> date:
        return _day(self._clock())

    def day_label(self, day: date) -> str:
        """Today, Yesterday, else the date in the agent's language (with the year when it
        is not this one)."""
        today = self.today()
        if day == today:
            return self.tr("Today")
        if day == today - timedelta(days=1):
            return self.tr("Yesterday")
        locale = locale_for(self._lang())
        shown = QDate(day.year, day.month, day.day)
        if day.year == today.year:
            return locale.toString(shown, "dddd, d MMMM")
        return locale.toString(shown, QLocale.FormatType.LongFormat)

    def when_text(self, timestamp: float) -> str:
        """The whole time and date of a call, in the agent's language; the time first, so
        that it stays when a narrow pane elides the rest."""
        when = _local(timestamp)
        locale = locale_for(self._lang())
        day = locale.toString(when.date(), QLocale.FormatType.LongFormat)
        return f"{when.toString('HH:mm:ss')} · {day}"


def _local(timestamp: float) -> QDateTime:
    return QDateTime.fromMSecsSinceEpoch(round(timestamp * 1000))


def _one_line(text: str) -> str:
    # A pasted input can hold line breaks: a table cell shows one line.
    return " ".join(text.split())
