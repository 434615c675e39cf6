"""A window not yet set up says so: a banner until it is, and the not-configured result
offers to open the settings (real widgets offscreen, nothing sent anywhere)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from omidesk.infra.paths import default_paths
from omidesk.ui.main_window import MainWindow
from tests.conftest import delete_now, shut_down


@pytest.fixture
def bare_window(qloop, qtbot, tmp_path):
    """The window over services with no account: what a new agent meets."""
    from omidesk.services import build
    from omidesk.ui.dial_controller import DialController

    services = build(default_paths())
    win = MainWindow(state_file=str(tmp_path / "window.ini"))
    qtbot.addWidget(win)
    win.attach(services, DialController(services, win))
    win.show()
    qtbot.waitExposed(win)
    yield win
    delete_now(win)
    shut_down(qtbot, services)


def test_not_set_up_is_a_banner_and_the_result_opens_settings(qtbot, bare_window) -> None:
    window = bare_window
    assert window.setup_banner.isVisible()
    assert "not set up" in window.setup_banner.text().lower()
    window.dial_field.setFocus()
    qtbot.keyClicks(window.dial_field, "0901234567")
    with qtbot.waitSignal(window.controller.finished):
        qtbot.keyClick(window.dial_field, Qt.Key.Key_Return)
    assert window.status.outcome.error == "not_configured"
    assert window.status.open_settings.isVisible()
    with qtbot.waitSignal(window.settingsRequested):
        qtbot.mouseClick(window.status.open_settings, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.settingsRequested):
        qtbot.mouseClick(window.setup_button, Qt.MouseButton.LeftButton)


def test_a_set_up_window_shows_no_banner(window: MainWindow) -> None:
    assert not window.setup_banner.isVisible()
