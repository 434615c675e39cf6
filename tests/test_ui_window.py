"""The main window with real widgets over the real dialer, store and sandbox (offscreen)."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from omidesk.sandbox.server import Sandbox
from omidesk.ui.main_window import MainWindow
from tests.conftest import EXTENSION, HOTLINE, scenarios


def type_and_call(qtbot, window: MainWindow, text: str, timeout: int = 10_000) -> str:
    """Types `text` into the dial field, presses Enter, and waits for the outcome shown."""
    window.dial_field.setFocus()
    qtbot.keyClicks(window.dial_field, text)
    with qtbot.waitSignal(window.controller.finished, timeout=timeout):
        qtbot.keyClick(window.dial_field, Qt.Key.Key_Return)
    return window.status.state


def test_dial_field_has_focus_at_start(window: MainWindow) -> None:
    assert QApplication.focusWidget() is window.dial_field


def test_type_and_enter_places_exactly_one_call(
    qtbot, window: MainWindow, configured: Sandbox
) -> None:
    assert type_and_call(qtbot, window, "0901234567") == "accepted"
    (post,) = configured.click2calls()
    assert post.json == {"extension": EXTENSION, "hotline": HOTLINE, "phone_number": "0901234567"}
    assert window.status.uuid.text() == f"call_uuid: {window.status.outcome.call_uuid}"
    assert window.status.uuid.isVisible()
    assert "pick up to be connected to 0901 234 567" in window.status.detail.text()
    assert window.status.title.text() == "Call placed — 0901 234 567"


def test_digits_are_grouped_as_typed(qtbot, window: MainWindow) -> None:
    qtbot.keyClicks(window.dial_field, "0901234567")
    assert window.dial_field.text() == "0901 234 567"
    # A key's hint comes with the drop-down's entries for the text, which follow the keys
    # through the event loop (on a loaded machine, after the last key's event is handled).
    qtbot.waitUntil(lambda: window.suggestions.text == window.dial_field.text())
    assert window.hint.text() == "✓ 0901 234 567 — not in your contacts"


def test_pasted_text_keeps_the_number(qtbot, window: MainWindow) -> None:
    QApplication.clipboard().setText("Anh Nam — Tel: 0901 234 567.")
    window.dial_field.setFocus()
    qtbot.keyClick(window.dial_field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.dial_field.text() == "0901 234 567"


def test_invalid_number_is_pointed_out_before_any_request(
    qtbot, window: MainWindow, configured: Sandbox
) -> None:
    assert type_and_call(qtbot, window, "0101234567") == "invalid"
    assert "not a valid phone number" in window.hint.text()
    assert "not a valid phone number" in window.status.detail.text()
    assert configured.click2calls() == []


def test_only_a_number_is_announced_as_being_called(qtbot, window: MainWindow) -> None:
    controller = window.controller
    with qtbot.waitSignal(controller.started) as started, qtbot.waitSignal(controller.finished):
        controller.dial("+84 90 123 4567")
    assert started.args == ["0901 234 567", EXTENSION]
    silent = qtbot.assertNotEmitted(controller.started)
    with silent, qtbot.waitSignal(controller.finished) as finished:
        controller.dial("call me maybe")
    assert finished.args[0].status == "invalid"


def test_a_number_from_outside_is_shown_as_people_write_it(
    qtbot, window: MainWindow, configured: Sandbox
) -> None:
    with qtbot.waitSignal(window.controller.finished):
        window.dial_external("+84901234567", "tray")
    assert window.dial_field.text() == "0901 234 567"
    with qtbot.waitSignal(window.controller.finished):
        window.dial_external("nothing to call", "tray")
    assert window.dial_field.text() == "nothing to call"


def test_escape_clears(qtbot, window: MainWindow) -> None:
    qtbot.keyClicks(window.dial_field, "0901")
    qtbot.keyClick(window.dial_field, Qt.Key.Key_Escape)
    assert window.dial_field.text() == ""


def test_dial_pad_types_into_the_field(qtbot, window: MainWindow) -> None:
    for key in "0901":
        qtbot.mouseClick(window.pad.buttons[key], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.pad.buttons["backspace"], Qt.MouseButton.LeftButton)
    assert window.dial_field.text() == "090"
    assert QApplication.focusWidget() is window.dial_field


@pytest.mark.parametrize(
    ("number", "state", "words"),
    scenarios(
        {
            "user_busy": ("rejected", "The line is busy."),
            "do_not_call": ("rejected", "do-not-call register"),
            "user_not_registered": ("rejected", "extension 101 is not signed in"),
            "number_call_out_invalid": ("rejected", "hotline 02877788056 cannot be used"),
            "extension_invalid": ("rejected", "Extension 101 does not exist"),
            "tenant_invalid": ("rejected", "does not recognise the company"),
            "data_is_required": ("rejected", "a detail of the call is missing"),
            "invalid_phone_number": ("rejected", "the number is not valid"),
            "rate_limit_exceeded": ("rejected", "Too many calls"),
            "unknown_code": ("rejected", "Carrier network unreachable"),
            "http_500": ("unknown", "HTTP 500"),
            "invalid_json": ("unknown", "could not be read"),
        }
    ),
)
def test_each_error_shows_its_catalogue_message(
    qtbot, window: MainWindow, number: str, state: str, words: str
) -> None:
    assert type_and_call(qtbot, window, number) == state
    assert words in window.status.detail.text()
    assert window.status.code.isVisible()


@pytest.mark.slow
def test_slow_answer_keeps_the_window_responsive_then_says_unknown(
    qtbot, window: MainWindow, configured: Sandbox
) -> None:
    qtbot.keyClicks(window.dial_field, "0900000020")
    with qtbot.waitSignal(window.controller.finished, timeout=15_000):
        qtbot.keyClick(window.dial_field, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.status.state == "calling")
        assert not window.call_button.isEnabled()
        # While OMICall has not answered, the agent can type and the window repaints.
        window.dial_field.clear()
        qtbot.keyClicks(window.dial_field, "0912345678")
        assert window.dial_field.text() == "0912 345 678"
        assert not window.grab().isNull()
        assert window.status.state == "calling"
    assert window.status.state == "unknown"
    assert "outcome unknown" in window.status.detail.text().lower()
    assert window.call_button.isEnabled()
    assert len(configured.click2calls()) == 1


def test_double_enter_sends_one_request(qtbot, window: MainWindow, configured: Sandbox) -> None:
    configured.slow_seconds = 0.5
    qtbot.keyClicks(window.dial_field, "0900000020")
    with qtbot.waitSignal(window.controller.finished):
        qtbot.keyClick(window.dial_field, Qt.Key.Key_Return)
        qtbot.keyClick(window.dial_field, Qt.Key.Key_Return)
        qtbot.mouseClick(window.call_button, Qt.MouseButton.LeftButton)
    assert window.status.state == "accepted"
    assert len(configured.click2calls()) == 1


def test_repeat_is_a_question_and_call_again_places_it(
    qtbot, window: MainWindow, configured: Sandbox
) -> None:
    assert type_and_call(qtbot, window, "0901234567") == "accepted"
    with qtbot.waitSignal(window.controller.finished):
        qtbot.keyClick(window.dial_field, Qt.Key.Key_Return)
    assert window.status.state == "refused"
    assert window.status.question_row.isVisible()
    assert "Call again?" in window.status.title.text()
    assert len(configured.click2calls()) == 1
    with qtbot.waitSignal(window.controller.finished):
        qtbot.mouseClick(window.status.again, Qt.MouseButton.LeftButton)
    assert window.status.state == "accepted"
    assert len(configured.click2calls()) == 2


def test_recent_calls_update_live_and_redial(
    qtbot, window: MainWindow, configured: Sandbox
) -> None:
    assert type_and_call(qtbot, window, "0900000001") == "rejected"
    recents = window.recents
    qtbot.waitUntil(lambda: recents.model.rowCount() == 2)  # today's heading, then the call
    assert recents.model.index(1, recents.model.NUMBER).data() == "0900 000 001"
    window.focus_recents()
    recents.table.selectRow(1)
    with qtbot.waitSignal(recents.dialRequested):
        qtbot.keyClick(recents.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(configured.click2calls()) == 2)
    qtbot.waitUntil(lambda: recents.model.rowCount() == 3)


def test_hotline_choice_is_used(qtbot, window: MainWindow, configured: Sandbox) -> None:
    window.fetch_hotlines()
    qtbot.waitUntil(lambda: window.hotline.count() == 2)
    window.hotline.setCurrentIndex(1)
    assert type_and_call(qtbot, window, "0901234567") == "accepted"
    assert configured.click2calls()[0].json["hotline"] == "02873008888"


def test_vietnamese_texts(qtbot, window: MainWindow, configured: Sandbox) -> None:
    window.set_language("vi")
    # Qt delivers LanguageChange as an event: the texts change on the next turn of the loop.
    qtbot.waitUntil(lambda: window.call_button.text() == "Gọi")
    assert window.tabs.tabText(1) == "Cuộc gọi gần đây"
    assert window.contacts.search.placeholderText() == "Tìm theo tên, công ty hoặc số"
    assert type_and_call(qtbot, window, "0900000001") == "rejected"
    assert "Máy bận." in window.status.detail.text()
    window.set_language("en")
    qtbot.waitUntil(lambda: window.call_button.text() == "Call")
    assert "The line is busy." in window.status.detail.text()  # reworded, not lost


def test_language_switch_keeps_what_was_typed(qtbot, window: MainWindow) -> None:
    qtbot.keyClicks(window.dial_field, "0901 23")
    window.set_language("vi")
    assert window.dial_field.text() == "0901 23"
    window.set_language("en")


def test_every_control_has_an_accessible_name(window: MainWindow) -> None:
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QTabBar

    controls = (
        window.findChildren(QAbstractButton)
        + window.findChildren(QLineEdit)
        + window.findChildren(QComboBox)
    )
    unnamed = [
        widget.objectName() or type(widget).__name__
        for widget in controls
        # Qt's own parts (a line edit's clear button, the tab bar's scrollers) are named by Qt.
        if not isinstance(widget.parent(), QLineEdit | QTabBar)
        and widget.isVisible()
        and not widget.accessibleName()
    ]
    assert unnamed == []


def test_geometry_is_remembered(qtbot, services, tmp_path) -> None:
    state = str(tmp_path / "w.ini")
    first = MainWindow(state_file=state)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(777, 555)
    qtbot.waitUntil(lambda: first.width() == 777)
    first.save_geometry()
    second = MainWindow(state_file=state)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (777, 555)


def test_calling_state_is_shown_while_pending(
    qtbot, window: MainWindow, configured: Sandbox
) -> None:
    configured.slow_seconds = 0.4
    started = time.monotonic()
    qtbot.keyClicks(window.dial_field, "0900000020")
    with qtbot.waitSignal(window.controller.finished):
        qtbot.keyClick(window.dial_field, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.status.state == "calling")
        assert window.status.spinner.isVisible()
        # Nothing rings before OMICall answers: the panel says what is really going on.
        assert "Sending to OMICall… 0 s of at most 2 s." in window.status.detail.text()
        assert "cannot be taken back" in window.status.detail.text()
        assert "ringing" not in window.status.detail.text().lower()
    assert window.status.state == "accepted"
    assert time.monotonic() - started >= 0.4


def test_a_bug_shows_a_short_message_and_logs_the_traceback(
    qtbot, window: MainWindow, tmp_path, qloop
) -> None:
    """No traceback in the UI: the excepthook logs it to the log file and says one line."""
    import sys

    from PySide6.QtWidgets import QMessageBox

    from omidesk import app
    from omidesk.infra import logs

    log_file = tmp_path / "omidesk.log"
    logs.setup(log_file)
    previous = sys.excepthook
    try:
        app.install_error_handlers(window)
        try:
            raise ZeroDivisionError("a bug in a slot")
        except ZeroDivisionError as error:
            sys.excepthook(type(error), error, error.__traceback__)
        box = next(w for w in window.findChildren(QMessageBox) if w.isVisible())
        assert "Something went wrong inside OmiDesk (ZeroDivisionError)" in box.text()
        assert "Open the log folder" in [b.text() for b in box.buttons()]
        (report,) = tmp_path.glob("crash-*.txt")
        assert "a bug in a slot" in report.read_text(encoding="utf-8")
        assert str(report) in box.informativeText()
        assert str(log_file) in box.text()
        assert "Traceback" not in box.text()
        written = log_file.read_text(encoding="utf-8")
        assert "Traceback (most recent call last)" in written
        assert "a bug in a slot" in written
        box.close()
    finally:
        sys.excepthook = previous
        from omidesk.ui import tasks

        tasks.on_error = None
        logs.setup(None)
