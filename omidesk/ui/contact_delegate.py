"""How a row of the contacts list is painted: name, then company and number, with marks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from omidesk.ui.contacts_model import ContactsModel
from omidesk.ui.highlight import Span, draw_marked, mark_colour
from omidesk.ui.icons import icon

if TYPE_CHECKING:
    from omidesk.domain.matching import Query


class ContactDelegate(QStyledItemDelegate):
    """Two lines a row: the name in bold, then "company · 0901 234 567" muted; a star for a
    favourite, a warning mark for an invalid number; the parts the search matched are marked,
    as in the dial field's drop-down. Text and vector icons are drawn with the style's
    palette at the screen's resolution, so rows stay sharp at 200%."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # The search text last read and what it asks for: parsed once per search, not per row.
        self._wanted: tuple[str, Query | None] = ("", None)

    def _query(self, index: QModelIndex | QPersistentModelIndex) -> Query | None:
        from omidesk.domain.matching import query  # noqa: PLC0415 - after the first paint

        model = index.model()
        text = model.query if isinstance(model, ContactsModel) else ""
        if text != self._wanted[0]:
            parsed = query(text) if text.strip() else None
            self._wanted = (text, parsed if parsed is not None and not parsed.empty else None)
        return self._wanted[1]

    def marks(self, index: QModelIndex | QPersistentModelIndex) -> tuple[list[Span], list[Span]]:
        """The matched parts of the row's name and of its second line (`detail_text`): the
        words of the name and company the search's words begin, the number's digits."""
        from omidesk.domain.matching import digit_spans, word_spans  # noqa: PLC0415

        wanted = self._query(index)
        if wanted is None:
            return [], []
        name = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        company = str(index.data(ContactsModel.CompanyRole) or "")
        number = str(index.data(ContactsModel.NumberRole) or "")
        detail: list[Span] = list(word_spans(company, wanted))
        if number:
            start = len(company) + len(" · ") if company else 0
            detail += [(s + start, e + start) for s, e in digit_spans(number, wanted)]
        return word_spans(name, wanted), detail

    def detail_text(self, index: QModelIndex | QPersistentModelIndex) -> str:
        """The row's second line: company, first number, and how many numbers when more
        than one (the agent sees at once that a menu of numbers will come)."""
        company = str(index.data(ContactsModel.CompanyRole) or "")
        number = str(index.data(ContactsModel.NumberRole) or "")
        count = int(index.data(ContactsModel.NumbersRole) or 0)
        parts = [company, number]
        if count > 1:
            parts.append(self.tr("{count} numbers").format(count=count))
        return " · ".join(part for part in parts if part)

    def _metrics(self, option: QStyleOptionViewItem) -> tuple[QFont, QFontMetrics, QFontMetrics]:
        bold = QFont(option.font)
        bold.setBold(True)
        return bold, QFontMetrics(bold), QFontMetrics(option.font)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        _bold, bold_metrics, metrics = self._metrics(option)
        padding = max(3, metrics.height() // 3)
        height = bold_metrics.height() + metrics.height() + 2 * padding + padding // 2
        return QSize(metrics.averageCharWidth() * 30, height)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        # Background, selection and focus frame the native way; the text is drawn below.
        opt.text = ""
        opt.icon = QIcon()
        opt.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDecoration
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        state = opt.state
        palette: QPalette = opt.palette
        group = QPalette.ColorGroup.Normal
        if not state & QStyle.StateFlag.State_Enabled:
            group = QPalette.ColorGroup.Disabled
        elif not state & QStyle.StateFlag.State_Active:
            group = QPalette.ColorGroup.Inactive
        selected = bool(state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        colour = palette.color(group, role)
        muted = QColor(colour)
        # Muted by transparency, not by a fixed grey: it reads on light, dark and selected rows.
        muted.setAlphaF(0.68)

        bold, bold_metrics, metrics = self._metrics(opt)
        padding = max(3, metrics.height() // 3)
        rect: QRect = opt.rect.adjusted(padding, padding, -padding, -padding)
        mark = metrics.height()
        # The star's place is kept on every row, so that names line up.
        star_box = QRect(rect.left(), rect.top() + (rect.height() - mark) // 2, mark, mark)
        left = star_box.right() + 1 + padding
        name_rect = QRect(left, rect.top(), rect.right() - left + 1, bold_metrics.height())
        detail_top = name_rect.bottom() + 1 + padding // 2
        detail_rect = QRect(left, detail_top, name_rect.width(), metrics.height())

        name = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        favorite = bool(index.data(ContactsModel.FavoriteRole))
        warn = bool(index.data(ContactsModel.FlaggedRole))

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if favorite:
            icon("star").paint(painter, star_box)
        if warn:
            warn_box = QRect(detail_rect.right() - mark + 1, detail_rect.top(), mark, mark)
            icon("warning").paint(painter, warn_box)
            detail_rect.setRight(warn_box.left() - padding)
        name_spans, detail_spans = self.marks(index)
        highlight = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight
        mark_with = mark_colour(palette.color(group, highlight))
        draw_marked(
            painter,
            name_rect,
            name,
            name_spans,
            font=bold,
            metrics=bold_metrics,
            colour=colour,
            mark=mark_with,
        )
        draw_marked(
            painter,
            detail_rect,
            self.detail_text(index),
            detail_spans,
            font=opt.font,
            metrics=metrics,
            colour=muted,
            mark=mark_with,
        )
        painter.restore()
