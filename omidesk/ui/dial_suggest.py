"""The drop-down under the dial field: the contacts and recent numbers the typed text may
mean, searched at each keystroke; Up/Down choose, Enter dials the chosen entry."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from time import perf_counter
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from omidesk.ui.highlight import draw_marked, mark_colour

if TYPE_CHECKING:
    from omidesk.domain.matching import Query, Span
    from omidesk.domain.result_labels import ResultLabel
    from omidesk.ui.dial_pad import DialField
    from omidesk.usecases.dial_search import Suggestion

Search = Callable[[str], "list[Suggestion]"]

_ANY_INDEX = QModelIndex()
# Qt's enum values looked up once: at every row they cost more than the drawing.
_ITEM = QStyle.ControlElement.CE_ItemViewItem
_SELECTED = QStyle.StateFlag.State_Selected
_TEXT = QPalette.ColorRole.Text
_SELECTED_TEXT = QPalette.ColorRole.HighlightedText
_HIGHLIGHT = QPalette.ColorRole.Highlight
_CHOOSE = QItemSelectionModel.SelectionFlag.ClearAndSelect
# Keys that move in the list: a row, or a page (±2 stands for a page).
_STEPS = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 2, Qt.Key.Key_PageUp: -2}
# Every key the list may take from the field; any other goes to the field untouched.
_LIST_KEYS = frozenset({*_STEPS, Qt.Key.Key_Escape})
_NOT_KEYPAD = ~Qt.KeyboardModifier.KeypadModifier


class _Matching(NamedTuple):
    """The search text's rules the drop-down draws with."""

    query: Callable[[str], Query]
    word_spans: Callable[[str, Query], list[Span]]
    digit_spans: Callable[[str, Query], list[Span]]
    result_label: Callable[[str, str | None], ResultLabel]


@cache
def _matching() -> _Matching:
    """Loaded at the first keystroke, not before the first paint (phonenumbers is behind
    them), then held: an import statement in a paint or a keystroke costs ~10 µs under
    PySide6's import hook, at every row."""
    from omidesk.domain.matching import digit_spans, query, word_spans  # noqa: PLC0415
    from omidesk.domain.result_labels import result_label  # noqa: PLC0415

    return _Matching(query, word_spans, digit_spans, result_label)


def is_name(text: str) -> bool:
    """Whether the text holds words, not just a number: a name's first match is chosen."""
    return bool(_matching().query(text).words)


class SuggestionModel(QAbstractListModel):
    """The entries for the text searched last, and that text's query (for the marks)."""

    def __init__(self, lang: Callable[[], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.entries: list[Suggestion] = []
        self.query: Query | None = None

    def set_entries(self, query: Query | None, entries: list[Suggestion]) -> None:
        """The new entries. As many as before (the usual case while a name is typed):
        the rows are redrawn where they are, with no reset, so the view need not lay the
        list out again nor forget which row is chosen (the caller sets that)."""
        self.query = query
        if entries and len(entries) == len(self.entries):
            self.entries = entries
            self.dataChanged.emit(self.index(0, 0), self.index(len(entries) - 1, 0))
            return
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def entry(self, row: int) -> Suggestion:
        return self.entries[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ANY_INDEX) -> int:
        return 0 if parent.isValid() else len(self.entries)

    def result_of(self, entry: Suggestion) -> str:
        """The last call's result in two or three words, or "" when never called."""
        if entry.last is None:
            return ""
        label = _matching().result_label(entry.last.status, entry.last.error_code)
        return label.text(self.lang())

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or index.row() >= len(self.entries):
            return None
        entry = self.entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.name or entry.number
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            number = f"{entry.number} ({entry.label})" if entry.label else entry.number
            parts = [entry.name, entry.company, number, self.result_of(entry)]
            return " — ".join(part for part in parts if part)
        return None


class SuggestionDelegate(QStyledItemDelegate):
    """Two lines an entry: the name (or the number) and the number; then the company and
    label, and how the last call ended. The matched parts are marked."""

    def __init__(self, model: SuggestionModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.unknown = ""  # "Recent call, not in your contacts", translated by the list
        self._font_key = ""
        self._size_key = ""
        self._size = QSize()
        self._font_set: tuple[QFont, QFontMetrics, QFontMetrics] = (
            QFont(),
            QFontMetrics(QFont()),
            QFontMetrics(QFont()),
        )

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return self.size_for(option.font)

    def size_for(self, font: QFont) -> QSize:
        """A row's size in this font (asked for at each keystroke: computed once a font)."""
        if self._size_key != font.key():
            metrics = QFontMetrics(font)
            padding = max(3, metrics.height() // 4)
            self._size_key = font.key()
            self._size = QSize(metrics.averageCharWidth() * 40, 2 * metrics.height() + 3 * padding)
        return self._size

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        rules = _matching()
        word_spans, digit_spans = rules.word_spans, rules.digit_spans
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(_ITEM, opt, painter, widget)

        entry = self.model.entry(index.row())
        wanted = self.model.query
        selected = bool(opt.state & _SELECTED)
        palette: QPalette = opt.palette
        colour = palette.color(_SELECTED_TEXT if selected else _TEXT)
        muted = QColor(colour)
        muted.setAlphaF(0.7)  # by transparency: it reads on light, dark and selected rows
        mark = mark_colour(palette.color(_SELECTED_TEXT if selected else _HIGHLIGHT))
        font = opt.font
        bold, metrics, bold_metrics = self._fonts(font)
        padding = max(3, metrics.height() // 4)
        rect = opt.rect.adjusted(padding * 2, padding, -padding * 2, -padding)
        line = metrics.height()
        top = QRect(rect.left(), rect.top(), rect.width(), line)
        bottom = QRect(rect.left(), rect.top() + line + padding, rect.width(), line)

        result = self.model.result_of(entry)
        number_width = metrics.horizontalAdvance(entry.number) + padding
        result_width = min(metrics.horizontalAdvance(result) + padding, rect.width() // 2)
        title_rect = top.adjusted(0, 0, -number_width if entry.name else 0, 0)
        detail_rect = bottom.adjusted(0, 0, -result_width, 0)

        painter.save()
        if entry.name:
            spans = word_spans(entry.name, wanted) if wanted else []
            draw_marked(
                painter,
                title_rect,
                entry.name,
                spans,
                font=bold,
                metrics=bold_metrics,
                colour=colour,
                mark=mark,
            )
            spans = digit_spans(entry.number, wanted) if wanted else []
            draw_marked(
                painter,
                top,
                entry.number,
                spans,
                font=font,
                metrics=metrics,
                colour=colour,
                mark=mark,
                right=True,
            )
            detail = " · ".join(part for part in (entry.company, entry.label) if part)
            spans = word_spans(entry.company, wanted) if wanted else []
        else:
            spans = digit_spans(entry.number, wanted) if wanted else []
            draw_marked(
                painter,
                top,
                entry.number,
                spans,
                font=bold,
                metrics=bold_metrics,
                colour=colour,
                mark=mark,
            )
            detail, spans = self.unknown, []
        draw_marked(
            painter, detail_rect, detail, spans, font=font, metrics=metrics, colour=muted, mark=mark
        )
        if result:
            draw_marked(
                painter,
                bottom,
                result,
                [],
                font=font,
                metrics=metrics,
                colour=muted,
                mark=mark,
                right=True,
            )
        painter.restore()

    def _fonts(self, font: QFont) -> tuple[QFont, QFontMetrics, QFontMetrics]:
        """The row's fonts and their metrics, made once per font (not at every row)."""
        key = font.key()
        if self._font_key != key:
            bold = QFont(font)
            bold.setBold(True)
            self._font_key = key
            self._font_set = (bold, QFontMetrics(font), QFontMetrics(bold))
        return self._font_set


# A search answering within this runs in the keystroke's own handling: the typed character
# and its entries reach the screen in one frame. Past it (a huge or cold store) the search
# runs on the next turn of the event loop, for the newest text only, so that typing never
# queues behind it. Nothing is debounced either way.
SEARCH_INLINE_S = 0.004


class SuggestionList(QFrame):
    """Floats under the dial field over the window. Never takes the focus: the agent goes on
    typing while it follows. Each keystroke searches at once while the search is quick,
    else on the next turn of the event loop for the newest text only."""

    activated = Signal(object)  # the Suggestion clicked
    updated = Signal()  # the entries now follow the field's text

    def __init__(self, field: DialField, lang: Callable[[], str], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("dialSuggestions")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAutoFillBackground(True)
        self.field = field
        self.search: Search | None = None
        self.text = ""  # the field's text the entries are for
        self.model = SuggestionModel(lang, self)
        self.view = QListView(self)
        self.view.setObjectName("dialSuggestionsView")
        self.view.setModel(self.model)
        self.delegate = SuggestionDelegate(self.model, self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setUniformItemSizes(True)
        # Moves scroll explicitly (set_current_row); choosing the first match after a new
        # search must not lay the list out then and there, only when it paints.
        self.view.setAutoScroll(False)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.clicked.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.view)
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.refresh)
        self._search_took = 0.0  # the last search's time: inline or on the next turn
        field.textEdited.connect(self._edited)
        field.on_key(self._key, first=True)  # Esc closes the list before anything else
        field.on_focus_lost(self._focus_left)
        self.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Matching contacts and recent calls"))
        self.view.setAccessibleName(self.tr("Matching contacts and recent calls"))
        self.delegate.unknown = self.tr("Recent call · not in your contacts")
        if self.isVisible():
            # (Not while hidden: the first viewport() costs PySide6 ~15 ms of enum set-up,
            # which the window's first paint would wait for.)
            self.view.viewport().update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- what is listed ----------------------------------------------------------------

    def _edited(self, _text: str) -> None:
        if self._search_took <= SEARCH_INLINE_S and not self._pending.isActive():
            self.refresh()
        else:
            self._pending.start()

    def flush(self) -> None:
        """Searches now if a keystroke is still waiting for its entries (Enter typed at
        once after the text)."""
        if self._pending.isActive() or self.text != self.field.text():
            self._pending.stop()
            self.refresh()

    def refresh(self, *, show_empty: bool = False) -> None:
        """Lists what the field's text may mean. With `show_empty`, an empty text lists the
        numbers called last (Down in an empty field)."""
        self._pending.stop()
        text = self.field.text()
        entries: list[Suggestion] = []
        if self.search is not None and (text.strip() or show_empty):
            started = perf_counter()
            entries = self.search(text)
            self._search_took = perf_counter() - started
        self.text = text
        self.model.set_entries(_matching().query(text), entries)
        if entries and is_name(text):
            # `tran bao` Enter calls the first match. Set through the selection model: the
            # view's setCurrentIndex would lay the list out now, which its paint does.
            self.view.selectionModel().setCurrentIndex(self.model.index(0, 0), _CHOOSE)
        elif self.view.selectionModel().hasSelection():
            self.set_current_row(None)  # a number: Enter dials the text, not an entry
        if self.view.verticalScrollBar().value():
            self.view.scrollToTop()  # new entries show from the best one
        if entries and self.field.hasFocus():
            self._place()
            self.show()
            self.raise_()
        else:
            self.hide()
        self.updated.emit()

    def _focus_left(self) -> None:
        self.hide()  # the agent went elsewhere: the list is for the field's text only

    def dismiss(self) -> None:
        """Closes the list (the number was dialled, or set from elsewhere)."""
        self._pending.stop()
        self.hide()
        self.text = self.field.text()
        self.model.set_entries(None, [])
        self.updated.emit()

    # --- the choice ----------------------------------------------------------------------

    def current_row(self) -> int | None:
        index = self.view.currentIndex()
        return (
            index.row()
            if index.isValid() and self.view.selectionModel().isSelected(index)
            else None
        )

    def set_current_row(self, row: int | None) -> None:
        selection = self.view.selectionModel()
        if row is None:
            selection.clear()
            self.view.setCurrentIndex(QModelIndex())
            selection.clear()
            return
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def chosen(self) -> Suggestion | None:
        """The highlighted entry while the list shows, which Enter dials."""
        row = self.current_row()
        if not self.isVisible() or row is None:
            return None
        return self.model.entry(row)

    def _clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.activated.emit(self.model.entry(index.row()))

    def _move(self, step: int) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        row = self.current_row()
        if row is None:
            target: int | None = 0 if step > 0 else rows - 1
        else:
            target = row + step
            if target < 0:
                target = None  # above the first entry: back to the typed text
            target = min(target, rows - 1) if target is not None else None
        self.set_current_row(target)
        self.updated.emit()

    # --- keys from the field, and staying under it ---------------------------------------

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key not in _LIST_KEYS:
            return False  # a character: the field takes it (asked at every keystroke)
        if event.modifiers() & _NOT_KEYPAD:
            return False
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and not self.isVisible():
            if key == Qt.Key.Key_Down:
                self.refresh(show_empty=True)
                if self.isVisible() and self.current_row() is None:
                    self._move(1)
            return self.isVisible()
        if not self.isVisible():
            return False
        if key in _STEPS:
            step = _STEPS[Qt.Key(key)]
            if abs(step) > 1:  # a page: as many rows as the list shows
                rows = self.view.viewport().height() // max(1, self.view.sizeHintForRow(0))
                step = max(1, rows) * (1 if step > 0 else -1)
            self._move(step)
            return True
        if key == Qt.Key.Key_Escape:
            self.hide()
            self.updated.emit()
            return True
        return False

    def _place(self) -> None:
        """Under the field, as wide as the part of it one sees (wider, it covered the
        contacts list beside a narrow pane: the rows elide instead), as tall as the entries
        within the window."""
        parent = self.parentWidget()
        if parent is None:
            return
        corner = self.field.mapTo(parent, QPoint(0, self.field.height()))
        # From the delegate, not the view's sizeHintForRow: that lays the whole list out
        # first, which the paint does anyway.
        row = max(1, self.delegate.size_for(self.view.font()).height())
        frame = 2 * self.frameWidth() + 2
        wanted = row * self.model.rowCount() + frame
        room = parent.height() - corner.y() - 4
        height = max(row + frame, min(wanted, room))
        # The part of the field one sees: a pane narrower than its contents scrolls, and
        # the field runs on under the pane beside it.
        seen = self.field.visibleRegion().boundingRect()
        width = seen.right() + 1 if not seen.isEmpty() else self.field.width()
        self.setGeometry(corner.x(), corner.y(), width, height)
