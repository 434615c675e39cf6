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
# Flags combined once: Qt's enum arithmetic costs more than the drawing at every row.
_LEFT_MIDDLE = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_ELIDE_RIGHT = Qt.TextElideMode.ElideRight


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
    metrics: QFontMetrics,
    colour: QColor,
    mark: QColor,
    right: bool = False,
) -> None:
    """Draws `text` in `rect` on one line in `font` (whose `metrics` the caller has),
    elided at the right, with each span's background in `mark` (the part cut by the
    elision is not marked); `right` aligns it to the right of `rect`."""
    shown = metrics.elidedText(text, _ELIDE_RIGHT, max(0, rect.width()))
    kept = len(shown) if shown == text else max(0, len(shown) - 1)  # "…" is not the text's
    width = metrics.horizontalAdvance(shown)
    left = rect.left()
    if right:
        left = rect.right() + 1 - width
    painter.setFont(font)
    for start, span_end in spans:
        end = min(span_end, kept)
        if start >= end:
            continue
        x = left + metrics.horizontalAdvance(shown[:start])
        span_width = metrics.horizontalAdvance(shown[start:end])
        painter.fillRect(QRectF(x, rect.top(), span_width, rect.height()), mark)
    painter.setPen(colour)
    painter.drawText(QRect(left, rect.top(), width + 1, rect.height()), _LEFT_MIDDLE, shown)
