"""The contacts list's model: contact ids fetched on demand, summaries kept in an LRU cache."""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from omidesk.domain.contacts import Contact, ContactSummary, Phone
from omidesk.domain.errors import StorageError
from omidesk.ui.icons import icon

if TYPE_CHECKING:
    from omidesk.usecases.contact_book import ContactBook

log = logging.getLogger(__name__)

_NO_PARENT = QModelIndex()
_USER = int(Qt.ItemDataRole.UserRole)


class _Rows:
    """What a ContactsModel holds of the list it shows. A plain object: setting an attribute
    of a Qt object takes ten times as long, and painting sets some at every row."""

    __slots__ = ("cache", "exhausted", "ids", "latest", "latest_row", "missing", "seen")

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.seen: set[int] = set()
        self.cache: OrderedDict[int, ContactSummary] = OrderedDict()
        # The row last made the most recently used in the cache and its summary, while it
        # still is: painting a row asks for five roles in a row, and only the first need
        # look it up and move it.
        self.latest_row = -1
        self.latest: ContactSummary | None = None
        # Ids whose contact vanished (deleted by another OmiDesk): not asked for on every
        # paint.
        self.missing: set[int] = set()
        self.exhausted = False

    def forget_latest(self) -> None:
        self.latest_row, self.latest = -1, None


def _keep_called_in_place(fresh: list[int], shown: list[int], called: set[int]) -> list[int]:
    """`fresh` (the store's order now), with the contacts `called` since the search started
    put back at the rows where they were `shown`: the store ranks the recently called
    first, and that boost waits for the next search."""
    kept = [(row, contact_id) for row, contact_id in enumerate(shown) if contact_id in called]
    present = set(fresh)
    kept = [(row, contact_id) for row, contact_id in kept if contact_id in present]
    moved = {contact_id for _row, contact_id in kept}
    order = [contact_id for contact_id in fresh if contact_id not in moved]
    for row, contact_id in kept:  # in row order: each lands where it was
        order.insert(min(row, len(order)), contact_id)
    return order


class ContactsModel(QAbstractListModel):
    """Contacts in the store's order (favourites first), one row each, fetched on demand.

    Rows are contact ids, fetched a page at a time as the view scrolls (`fetchMore`). What a
    row shows (a ContactSummary: name, company, first number, marks) is read a screenful at
    a time when a row is first drawn and kept in a bounded LRU cache, so a list of 100,000
    contacts holds 100,000 ints and a few thousand summaries. The whole contact (all its
    numbers) is read only when asked for (`contact_at`: dialling, editing, a tooltip)."""

    CompanyRole = _USER + 1
    NumberRole = _USER + 2  # the first valid number's display ("0901 234 567")
    FavoriteRole = _USER + 3
    FlaggedRole = _USER + 4  # a number of the contact is invalid
    IdRole = _USER + 5
    NumbersRole = _USER + 6  # how many numbers the contact has

    # Ids per search: what a maximised window shows on a tall screen (some 30 rows), so
    # that the first paint needs one search; the view asks for the next page as it
    # scrolls. Every id more is a longer search at every keystroke: a search of many
    # matches walks the list until the page is full.
    PAGE = 32
    # Summaries read together: about a screenful (a maximised window shows some 20 rows),
    # since the rows read at a keystroke are time the agent waits for.
    CHUNK = 24
    CACHE_SIZE = 2000

    def __init__(
        self,
        book: ContactBook,
        parent: QObject | None = None,
        *,
        cache_size: int = CACHE_SIZE,
    ) -> None:
        super().__init__(parent)
        # A chunk just read must fit, or it would evict itself before it is drawn.
        if cache_size < self.CHUNK:
            raise ValueError(f"cache_size must be at least {self.CHUNK}")
        self.book = book
        self.cache_size = cache_size
        self._query = ""
        self._rows = _Rows()
        # Why the list could not be read (one of the book's failures), shown in its place.
        self.error: StorageError | None = None
        self._start_search()
        self._reset(self.PAGE)

    # --- loading ---------------------------------------------------------------------------

    @property
    def query(self) -> str:
        """The search text as the agent typed it."""
        return self._query

    @property
    def cached_count(self) -> int:
        """How many rows' summaries the model holds right now (at most `cache_size`)."""
        return len(self._rows.cache)

    def set_query(self, text: str) -> None:
        """Shows the contacts matching `text`, best match first, from the first page."""
        self._query = text
        self._start_search()
        self._reset(self.PAGE)

    def refresh(self) -> None:
        """Reads the list again after an edit (order and contents may have changed), keeping
        as many rows loaded as before so the agent's place in a long list still exists. A
        contact called since the search started stays on its row: the recency boost is
        applied when a search starts, never under the agent's pointer."""
        loaded = max(self.PAGE, len(self._rows.ids))
        shown = self._rows.ids
        called: set[int] = set()
        if self._mark is not None:
            try:
                called = self.book.called_since(self._mark)
            except StorageError as error:
                log.warning("cannot read the calls made since the search: %s", error)
        self._reset(-(-loaded // self.PAGE) * self.PAGE, shown, called)

    def _start_search(self) -> None:
        """Remembers where the call history stands as the search starts."""
        try:
            self._mark: int | None = self.book.call_mark()
        except StorageError as error:
            log.warning("cannot read the call history: %s", error)
            self._mark = None

    def _reset(
        self, limit: int, shown: list[int] | None = None, called: set[int] | None = None
    ) -> None:
        self.beginResetModel()
        if self.error is not None:
            self.error = None
        self._rows = _Rows()
        ids = self._read_ids(0, limit)
        if shown and called:
            ids = _keep_called_in_place(ids, shown, called)
        self._append(ids, limit)
        self.endResetModel()

    def _read_ids(self, offset: int, limit: int) -> list[int]:
        try:
            return self.book.page(self._query, limit, offset)
        except StorageError as error:
            log.warning("cannot read the contacts: %s", error)
            self.error = error
            self._rows.exhausted = True
            return []

    def _append(self, ids: list[int], asked: int) -> list[int]:
        rows = self._rows
        if len(ids) < asked:
            rows.exhausted = True
        # Another OmiDesk may have added contacts since the last page, shifting the offsets:
        # a contact read twice is shown once.
        seen = rows.seen
        fresh = [contact_id for contact_id in ids if contact_id not in seen]
        rows.ids.extend(fresh)
        seen.update(fresh)
        return fresh

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> bool:
        return not parent.isValid() and not self._rows.exhausted

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> None:
        if parent.isValid() or self._rows.exhausted:
            return
        ids = self._read_ids(len(self._rows.ids), self.PAGE)
        seen = self._rows.seen
        fresh = [contact_id for contact_id in ids if contact_id not in seen]
        if not fresh:
            self._append(ids, self.PAGE)
            return
        first = len(self._rows.ids)
        self.beginInsertRows(_NO_PARENT, first, first + len(fresh) - 1)
        self._append(ids, self.PAGE)
        self.endInsertRows()

    def summary_at(self, row: int) -> ContactSummary | None:
        """What `row` shows; None past the loaded rows, or when the store no longer has the
        contact (deleted by another OmiDesk since the list was read)."""
        rows = self._rows
        if not 0 <= row < len(rows.ids):
            return None
        contact_id = rows.ids[row]
        summary = rows.cache.get(contact_id)
        if summary is not None:
            if row != rows.latest_row:
                rows.cache.move_to_end(contact_id)
                rows.latest_row, rows.latest = row, summary
            return summary
        if contact_id in rows.missing:
            return None
        self._read_chunk(row)
        return rows.cache.get(contact_id)

    def contact_at(self, row: int) -> Contact | None:
        """The whole contact shown in `row`, read now (the list keeps only what it shows);
        None past the loaded rows, or when the store no longer has it."""
        if self.summary_at(row) is None:
            return None
        rows = self._rows
        contact_id = rows.ids[row]
        try:
            contact = self.book.get(contact_id)
        except StorageError as error:
            log.warning("cannot read contact %d: %s", contact_id, error)
            return None
        if contact is None:
            rows.missing.add(contact_id)
            rows.cache.pop(contact_id, None)
            rows.forget_latest()
        return contact

    def _read_chunk(self, row: int) -> None:
        # One query for the rows around `row`: the view draws its neighbours next.
        rows = self._rows
        start = row - row % self.CHUNK
        cache, missing = rows.cache, rows.missing
        wanted = [
            contact_id
            for contact_id in rows.ids[start : start + self.CHUNK]
            if contact_id not in cache and contact_id not in missing
        ]
        try:
            found = self.book.summaries(wanted)
        except StorageError as error:
            log.warning("cannot read contacts: %s", error)
            return
        for summary in found:
            cache[summary.id] = summary
        rows.forget_latest()  # the chunk came in after it
        if len(found) < len(wanted):
            missing.update(set(wanted) - {summary.id for summary in found})
        while len(cache) > self.cache_size:
            cache.popitem(last=False)

    def row_of(self, contact_id: int) -> int | None:
        """The row of a contact among the loaded rows."""
        rows = self._rows
        if contact_id not in rows.seen:
            return None
        return rows.ids.index(contact_id)

    def retranslate(self) -> None:
        if self._rows.ids:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows.ids) - 1))

    # --- Qt model --------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows.ids)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        # Painting a row asks for five roles: after the first, the row's summary is the
        # cache's most recent and is taken as it is (summary_at would only find it there
        # again). An invalid index has row -1, which summary_at turns down.
        row = index.row()
        rows = self._rows
        summary = rows.latest if row == rows.latest_row else self.summary_at(row)
        if summary is None:
            return None
        field = _SUMMARY_FIELDS.get(role)
        if field is not None:
            return summary[field]
        if role == Qt.ItemDataRole.DecorationRole:
            return icon("star") if summary.favorite else None
        if role == Qt.ItemDataRole.ToolTipRole:
            # Every number with its label: the whole contact, read as the pointer rests.
            contact = self.contact_at(index.row())
            return self.tooltip(contact) if contact is not None else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.accessible_text(summary)
        return None

    def phone_text(self, phone: Phone) -> str:
        """One number as a line: "di động: 0901 234 567", flagged when invalid."""
        if phone.valid:
            text = phone.display
        else:
            text = self.tr("{number} (not a valid number)").format(number=phone.number)
        return f"{phone.label}: {text}" if phone.label else text

    def tooltip(self, contact: Contact) -> str:
        lines = [contact.name]
        if contact.company:
            lines.append(contact.company)
        lines += [self.phone_text(phone) for phone in contact.phones]
        if not contact.phones:
            lines.append(self.tr("No number"))
        return "\n".join(lines)

    def accessible_text(self, contact: Contact | ContactSummary) -> str:
        summary = contact if isinstance(contact, ContactSummary) else ContactSummary.of(contact)
        parts = [summary.name]
        if summary.company:
            parts.append(summary.company)
        parts.append(summary.number or self.tr("no number"))
        if summary.numbers > 1:
            parts.append(self.tr("{count} numbers").format(count=summary.numbers))
        if summary.favorite:
            parts.append(self.tr("favourite"))
        if summary.flagged:
            parts.append(self.tr("has an invalid number"))
        return ", ".join(parts)


# The roles a row's summary answers as it is, and where in the summary (IntEnum roles hash
# as their ints).
_SUMMARY_FIELDS = {
    role: ContactSummary._fields.index(name)
    for role, name in (
        (int(Qt.ItemDataRole.DisplayRole), "name"),
        (ContactsModel.CompanyRole, "company"),
        (ContactsModel.NumberRole, "number"),
        (ContactsModel.FavoriteRole, "favorite"),
        (ContactsModel.FlaggedRole, "flagged"),
        (ContactsModel.IdRole, "id"),
        (ContactsModel.NumbersRole, "numbers"),
    )
}
