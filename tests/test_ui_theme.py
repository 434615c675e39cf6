"""The window on a dark palette: the demo banner, the Call button, the hint's problem colour
and the status panel's icon all come from the palette and stay readable."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from omidesk.ui.main_window import MainWindow
from omidesk.ui.theme import apply_theme, dark_palette
from tests.test_ui_recents import contrast
from tests.test_ui_window import type_and_call

pytestmark = pytest.mark.gui

_WINDOW = QPalette.ColorRole.Window


def declared(style: str, prop: str) -> QColor:
    """The colour a style sheet gives `prop` (the first declaration of it)."""
    found = re.search(rf"(?<![-\w]){prop}:\s*(#[0-9a-fA-F]{{6}}|white)", style)
    assert found, (prop, style)
    return QColor(found.group(1))


@pytest.fixture
def dark(qapp):
    """The dark palette installed as the "theme = dark" setting does; the desktop's after."""
    apply_theme("dark")
    yield dark_palette()
    apply_theme("system")


def test_the_window_draws_its_colours_from_a_dark_palette(
    window: MainWindow, dark: QPalette, qtbot
) -> None:
    background = dark.color(_WINDOW)
    qtbot.waitUntil(lambda: window.palette().color(_WINDOW) == background, timeout=5000)
    # The demo banner: a dark note, its text the palette's, readable.
    banner = window.banner.styleSheet()
    assert declared(banner, "background").lightness() < 100
    assert contrast(declared(banner, "color"), declared(banner, "background")) >= 4.5
    # The Call button: white on a green dark enough to read it.
    button = window.call_button.styleSheet()
    assert contrast(declared(button, "color"), declared(button, "background")) >= 4.5
    # The hint's problem colour: a red readable on the dark window, not the light theme's.
    qtbot.keyClicks(window.dial_field, "abc")
    assert window.hint.property("problem")
    red = declared(window.hint.styleSheet(), "color")
    assert red.red() > red.green() and red.red() > red.blue()
    assert contrast(red, background) >= 4.5
    # The status panel: its icon in a tone of the palette, readable on it; text the palette's.
    window.dial_field.clear()
    assert type_and_call(qtbot, window, "0901234567") == "accepted"
    assert window.status.palette().color(QPalette.ColorRole.WindowText) == dark.color(
        QPalette.ColorRole.WindowText
    )
    tick = window.status.icon_colour
    assert tick.green() > tick.red() and tick.green() > tick.blue()  # the "placed" green
    assert contrast(tick, background) >= 3  # an icon: 3:1 is the bar


def test_colours_follow_a_switch_back_to_light(window: MainWindow, qtbot) -> None:
    light_button = window.call_button.styleSheet()
    apply_theme("dark")
    try:
        # Qt posts the change: the window redraws its colours when it reaches it.
        qtbot.waitUntil(lambda: window.call_button.styleSheet() != light_button, timeout=5000)
        qtbot.keyClicks(window.dial_field, "abc")
        on_dark = window.hint.styleSheet()
    finally:
        apply_theme("system")
    qtbot.waitUntil(lambda: window.call_button.styleSheet() == light_button, timeout=5000)
    # The problem shown while the palette changed is redrawn in the light palette's red.
    light_red = declared(window.hint.styleSheet(), "color")
    assert light_red != declared(on_dark, "color")
    assert contrast(light_red, window.palette().color(_WINDOW)) >= 4.5


def test_the_theme_setting_turns_the_window_dark(window: MainWindow, services, qtbot) -> None:
    try:
        services.save_settings(replace(services.loaded.file_values, theme="dark"))
        qtbot.waitUntil(
            lambda: window.palette().color(_WINDOW) == dark_palette().color(_WINDOW),
            timeout=5000,
        )
        assert 'theme = "dark"' in services.paths.settings_file.read_text(encoding="utf-8")
    finally:
        apply_theme("system")
    assert QGuiApplication.palette().color(_WINDOW).lightness() > 200
