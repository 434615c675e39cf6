"""Icons drawn in the theme's text colour: dark on a light theme, light on a dark one."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from omidesk.infra import assets
from omidesk.ui import icons


def _ink(name: str) -> QColor:
    """The colour of the most opaque pixel of icon `name` drawn at 48 px."""
    image = icons.icon(name).pixmap(48, 48).toImage()
    best = QColor(0, 0, 0, 0)
    for y in range(image.height()):
        for x in range(image.width()):
            colour = image.pixelColor(x, y)
            if colour.alpha() > best.alpha():
                best = colour
    assert best.alpha() > 200, f"{name} drew nothing"
    return best


@pytest.fixture
def text_colour(qapp) -> Iterator[Callable[[str], None]]:
    """Sets the application's text colour for one test, as a desktop theme would."""
    original = QGuiApplication.palette()

    def use(colour: str) -> None:
        palette = QPalette(original)
        palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
        QGuiApplication.setPalette(palette)

    yield use
    QGuiApplication.setPalette(original)


@pytest.mark.parametrize("name", ["call", "refresh", "contacts"])
def test_icons_take_the_themes_text_colour(text_colour, name: str) -> None:
    text_colour("#000000")
    dark = _ink(name)
    assert max(dark.red(), dark.green(), dark.blue()) < 60

    text_colour("#f0f0f0")  # a dark theme
    light = _ink(name)
    assert min(light.red(), light.green(), light.blue()) > 200


def test_every_icon_the_window_names_is_packaged() -> None:
    folder = assets.path("icons")
    assert folder.is_dir(), folder
    for name in ("app", "call", "refresh"):
        assert (folder / f"{name}.svg").is_file(), name


def test_dark_theme_icons_write_no_files(text_colour, monkeypatch) -> None:
    """Recoloured icons are drawn from memory: a process killed before its exit handlers
    ran (a signal, a crash) used to leave an omidesk-icons-* folder in the temp dir."""
    import pathlib
    import tempfile

    def refused(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("an icon wrote a file")

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    monkeypatch.setattr(pathlib.Path, "write_text", refused)
    monkeypatch.setattr(pathlib.Path, "write_bytes", refused)
    text_colour("#e8eaed")  # a colour no other test draws with: nothing cached
    for name in ("call", "history", "search", "settings"):
        assert not icons.icon(name).pixmap(32, 32).isNull()


def test_dark_theme_icons_are_drawn_at_the_screen_resolution(text_colour) -> None:
    text_colour("#e8eaed")
    from PySide6.QtCore import QSize

    pixmap = icons.icon("call").pixmap(QSize(24, 24), 2.0)
    assert pixmap.devicePixelRatio() == 2.0
    assert (pixmap.width(), pixmap.height()) == (48, 48)
