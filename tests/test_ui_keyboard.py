"""Keyboard first: the Tab order, the repeat prompt answered with Enter or Esc, and the list
of shortcuts (real widgets offscreen, the sandbox over HTTP)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from omidesk.sandbox.server import Sandbox
from omidesk.ui.main_window import MainWindow


def tab_walk(qtbot, window: MainWindow, steps: int) -> list[QWidget]:
    seen: list[QWidget] = []
    for _ in range(steps):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    return seen


def test_tab_goes_field_call_list_tabs_and_skips_the_pad(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    window.dial_field.setFocus()
    walk = tab_walk(qtbot, window, 12)
    assert window.dial_field in walk  # round again
    walk = walk[: walk.index(window.dial_field)]  # one lap
    assert walk[0] is window.call_button
    page = window.tabs.currentWidget()
    in_page = [i for i, w in enumerate(walk) if page.isAncestorOf(w)]
    bar = walk.index(window.tabs.tabBar())
    assert in_page and in_page[0] == 1  # the list's view right after Call
    assert max(in_page) < bar  # then the tabs
    assert not set(walk) & set(window.pad.buttons.values())
    assert walk[bar + 1] is window.hotline


def repeat_prompt(qtbot, window: MainWindow) -> None:
    window.dial_field.setFocus()
    qtbot.keyClicks(window.dial_field, "0901234567")
    for _ in range(2):
        with qtbot.waitSignal(window.controller.finished):
            qtbot.keyClick(window.dial_field, Qt.Key.Key_Return)
    assert window.status.state == "refused"
    assert window.status.question_row.isVisible()


def test_the_repeat_prompt_confirms_with_enter(
    qtbot, window: MainWindow, configured: Sandbox
) -> None:
    repeat_prompt(qtbot, window)
    assert window.status.again.text() == "Call &again"
    with qtbot.waitSignal(window.controller.finished):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert window.status.state == "accepted"
    assert len(configured.click2calls()) == 2


def test_the_repeat_prompt_cancels_with_escape(
    qtbot, window: MainWindow, configured: Sandbox
) -> None:
    repeat_prompt(qtbot, window)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert window.status.state == "idle"
    assert window.dial_field.text() == "0901 234 567"  # nothing typed is lost
    assert len(configured.click2calls()) == 1


def test_help_lists_every_shortcut(qtbot, window: MainWindow) -> None:
    window.shortcuts_action.trigger()
    dialog = window.shortcuts_dialog
    qtbot.waitUntil(dialog.isVisible)
    listed = dialog.text()
    for action in window.findChildren(type(window.shortcuts_action)):
        for key in action.shortcuts():
            assert key.toString() in listed, action.text()
    for key in ("Enter", "Down", "Esc", "Ctrl+Enter"):
        assert key in listed
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
