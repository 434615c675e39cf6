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
