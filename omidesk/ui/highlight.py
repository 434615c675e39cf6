"""Drawing a line of text with the parts a search matched marked, elided to its room: one
painter for the dial field's drop-down and the contacts list, in the palette's colours."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter

Span = tuple[int, int]

# How strongly a match is marked: the selection colour, faded so the text stays readable
# on light, dark and selected rows alike.
_MARK_ALPHA = 0.35


def mark_colour(highlight: QColor) -> QColor:
    """The background of a matched part, from the palette's highlight colour."""
    mark = QColor(highlight)
    mark.setAlphaF(_MARK_ALPHA)
    return mark


def draw_marked(
    painter: QPainter,
    rect: QRect,
    text: str,
    spans: Sequence[Span],
    *,
    font: QFont,
    colour: QColor,
    mark: QColor,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
) -> None:
    """Draws `text` in `rect` on one line, elided at the right, with each span's background
    in `mark` (the part cut by the elision is not marked)."""
    metrics = QFontMetrics(font)
    shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, rect.width()))
    kept = len(shown) if shown == text else max(0, len(shown) - 1)  # "…" is not the text's
    width = metrics.horizontalAdvance(shown)
    left = rect.left()
    if align & Qt.AlignmentFlag.AlignRight:
        left = rect.right() + 1 - width
    painter.save()
    painter.setFont(font)
    for start, span_end in spans:
        end = min(span_end, kept)
        if start >= end:
            continue
        x = left + metrics.horizontalAdvance(shown[:start])
        span_width = metrics.horizontalAdvance(shown[start:end])
        painter.fillRect(QRectF(x, rect.top(), span_width, rect.height()), mark)
    painter.setPen(colour)
    painter.drawText(
        QRect(left, rect.top(), width + 1, rect.height()),
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
        shown,
    )
    painter.restore()
