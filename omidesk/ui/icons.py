"""SVG icons from the packaged resources, drawn in the palette's text colour so they read on
light and dark themes, and crisp at any scale because the engine renders the vector."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPixmap,
)

from omidesk.infra import assets

__all__ = ["icon", "icon_path"]

# How much a disabled control's icon fades, as Qt's own generated disabled pixmaps do.
_DISABLED_OPACITY = 0.4


def icon_path(name: str) -> str:
    return str(assets.path("icons", f"{name}.svg"))


def _text_colour() -> str:
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return "#202124"
    return app.palette().color(QPalette.ColorRole.WindowText).name()


def icon(name: str) -> QIcon:
    """The icon `name`; monochrome icons take the current text colour."""
    return _icon(name, _text_colour())


@cache
def _icon(name: str, colour: str) -> QIcon:
    source = Path(icon_path(name))
    if colour == "#000000":
        # Qt's SVG renderer draws currentColor black: the file is right as it is (the
        # common light theme), and nothing is read here before the first paint.
        return QIcon(str(source))
    text = source.read_text(encoding="utf-8")
    if "currentColor" not in text:
        return QIcon(str(source))
    # QIcon's SVG engine knows no currentColor: the recoloured vector is drawn from memory
    # (a copy written to a temporary folder outlived any process killed by a signal).
    return QIcon(_SvgEngine(text.replace("currentColor", colour).encode()))


class _SvgEngine(QIconEngine):
    """Draws SVG text held in memory at whatever size and resolution is asked for."""

    def __init__(self, svg: bytes) -> None:
        super().__init__()
        # Loaded only here, on dark themes: light ones never pay for QtSvg at start-up.
        from PySide6.QtSvg import QSvgRenderer  # noqa: PLC0415

        self._svg = svg
        self._renderer = QSvgRenderer(svg)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.save()
        if mode == QIcon.Mode.Disabled:
            painter.setOpacity(painter.opacity() * _DISABLED_OPACITY)
        self._renderer.render(painter, rect)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        pixmap = QPixmap(size * scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(0, 0, pixmap.width(), pixmap.height()), mode, state)
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def clone(self) -> QIconEngine:
        return _SvgEngine(self._svg)


def tinted(name: str, colour: QColor) -> QIcon:
    """The monochrome icon `name` drawn in `colour` (a result's colour, made from the
    palette) instead of the text colour."""
    return _icon(name, colour.name())
