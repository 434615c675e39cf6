"""SVG icons from the packaged resources, drawn in the palette's text colour so they read on
light and dark themes, and crisp at any scale because the engine renders the vector."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette

from omidesk.infra import assets

_themed_dir: Path | None = None


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
        # common light theme), and start-up writes no recoloured copies.
        return QIcon(str(source))
    text = source.read_text(encoding="utf-8")
    if "currentColor" not in text:
        return QIcon(str(source))
    # QIcon's SVG engine knows no currentColor: write a recoloured copy it can render (only
    # on dark themes, hence these imports here rather than before the first paint).
    import atexit  # noqa: PLC0415
    import shutil  # noqa: PLC0415
    import tempfile  # noqa: PLC0415

    global _themed_dir  # noqa: PLW0603 - one scratch directory per process
    if _themed_dir is None:
        _themed_dir = Path(tempfile.mkdtemp(prefix="omidesk-icons-"))
        atexit.register(shutil.rmtree, _themed_dir, ignore_errors=True)
    themed = _themed_dir / f"{name}-{colour.lstrip('#')}.svg"
    themed.write_text(text.replace("currentColor", colour), encoding="utf-8")
    return QIcon(str(themed))


def tinted(name: str, colour: QColor) -> QIcon:
    """The monochrome icon `name` drawn in `colour` (a result's colour, made from the
    palette) instead of the text colour."""
    return _icon(name, colour.name())
