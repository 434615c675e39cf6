"""Every screen size: the window fits the room the screen gives, every control can be
reached, and a short screen folds the dial pad (View > Dial pad brings it back). The room
is given as a screen's available geometry: 800×600, 1024×600, 1366×768 at 150 % (911×512
logical) and 1280×800 at 200 % (640×400 logical)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QWidget

from omidesk.ui.main_window import MainWindow

SMALL = {
    "800x600": QRect(0, 0, 800, 600),
    "1024x600": QRect(0, 0, 1024, 600),
    "1366x768 at 150%": QRect(0, 0, 911, 512),
    "1280x800 at 200%": QRect(0, 0, 640, 400),
}


def reachable(window: MainWindow, widget: QWidget) -> bool:
    """Inside the window, and inside the part of the dial pane shown (or scrolled to)."""
    window.ensure_visible(widget)
    corner = widget.mapTo(window, QPoint(0, 0))
    inside = window.rect().contains(QRect(corner, widget.size()))
    return widget.isVisible() and inside


@pytest.mark.parametrize("room", SMALL.values(), ids=SMALL.keys())
def test_the_window_fits_a_small_screen(qtbot, window: MainWindow, room: QRect) -> None:
    window.fit_screen(room)
    qtbot.waitUntil(lambda: window.width() <= room.width() and window.height() <= room.height())
    assert window.minimumWidth() <= room.width()
    assert window.minimumHeight() <= room.height()
    assert not window.pad.isVisible()  # short: the pad folds
    assert not window.pad_action.isChecked()
    for widget in (window.dial_field, window.call_button, window.status.title, window.tabs):
        assert reachable(window, widget), widget.objectName() or type(widget).__name__


def test_a_tall_screen_keeps_the_pad_and_the_menu_brings_it_back(qtbot, window: MainWindow) -> None:
    window.fit_screen(QRect(0, 0, 1920, 1040))
    assert window.pad.isVisible()
    window.fit_screen(QRect(0, 0, 800, 600))
    assert not window.pad.isVisible()
    window.pad_action.trigger()  # the agent wants it anyway: shown, the pane scrolls
    assert window.pad.isVisible()
    assert reachable(window, window.status.title)
    window.fit_screen(QRect(0, 0, 800, 600))  # the agent's choice is kept
    assert window.pad.isVisible()


@pytest.mark.parametrize("room", SMALL.values(), ids=SMALL.keys())
def test_the_dial_pane_is_never_cut_by_the_list_beside_it(
    qtbot, window: MainWindow, room: QRect
) -> None:
    window.fit_screen(room)
    qtbot.waitUntil(lambda: window.width() <= room.width() and window.height() <= room.height())
    qtbot.wait(50)  # the splitter shares the width on the next turn of the loop
    # The whole width of the field and the Call button shows (the Campaigns tab's own
    # width does not squeeze them under the list), and the list keeps room too.
    for widget in (window.dial_field, window.call_button):
        seen = widget.visibleRegion().boundingRect()
        assert seen.width() == widget.width(), (type(widget).__name__, seen, widget.width())
    assert window.dial_field.width() >= 200
    assert window.splitter.sizes()[1] >= 200
