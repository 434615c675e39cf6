"""The Recent calls tab with real widgets over the real dialer, store and sandbox (offscreen)."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from omidesk.domain.contacts import Contact, Phone
from omidesk.domain.records import CallStatus
from omidesk.ui import i18n
from omidesk.ui.recents_model import RecentsModel
from omidesk.ui.recents_view import RecentsView
from omidesk.usecases.call_history import search_text
from tests.conftest import HOTLINE, finish

TIME, CONTACT, NUMBER, HOTLINE_COLUMN, RESULT = range(5)


@pytest.fixture
def view(services, qtbot):
    widget = RecentsView(services.call_history, lambda: services.lang)
    qtbot.addWidget(widget)
    services.dialer.listeners.append(widget.refresh_record)  # as the main window wires it
    widget.resize(900, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def dial(qtbot, services, text: str):
    return finish(qtbot, services.dialer.dial(text, source="window"))


def cell(view: RecentsView, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return view.model.index(row, column).data(role)


def row_texts(view: RecentsView, row: int) -> list[str]:
    return [cell(view, row, column) for column in range(view.model.columnCount())]


def results(view: RecentsView) -> list[str]:
    return [cell(view, row, RESULT) for row in range(view.model.rowCount())]


def add_number(services, number: str, code: str = "user_busy") -> int:
    """A finished attempt straight into the store (no HTTP): fast set-up for big histories."""
    digits = re.sub(r"\D", "", number)
    return services.calls.add_final(
        input=number,
        number=digits,
        e164="+84" + digits[1:],
        hotline=HOTLINE,
        status=CallStatus.REJECTED,
        source="window",
        error_code=code,
    )


def visible_box(view: QWidget) -> QMessageBox | None:
    boxes = [box for box in view.findChildren(QMessageBox) if box.isVisible()]
    return boxes[0] if boxes else None


def select(view: RecentsView, row: int) -> None:
    view.table.setFocus()
    view.table.selectRow(row)


# --- what the agent sees -------------------------------------------------------------------


def test_calls_are_listed_newest_first_with_their_results(view, services, qtbot) -> None:
    accepted = dial(qtbot, services, "0901 234 567")
    dial(qtbot, services, "0900000001")
    dial(qtbot, services, "abc")
    assert view.model.rowCount() == 3
    assert view.stack.currentWidget() is view.table

    invalid, busy, ok = (row_texts(view, row) for row in range(3))
    assert invalid[CONTACT:] == ["abc", "abc", HOTLINE, "Invalid number (number_no_digits)"]
    assert busy[CONTACT:] == [
        "0900000001",
        "0900000001",
        HOTLINE,
        "Refused by OMICall (user_busy)",
    ]
    # No contact for the number: the Contact column shows it as the agent typed it.
    assert ok[CONTACT : NUMBER + 1] == ["0901 234 567", "0901234567"]
    assert ok[RESULT] == f"Accepted · {accepted.call_uuid}"
    for row in range(3):
        assert re.fullmatch(r"\d\d:\d\d:\d\d", cell(view, row, TIME))

    # The full outcome, in the agent's language, is one hover away.
    busy_tip = cell(view, 1, RESULT, Qt.ItemDataRole.ToolTipRole)
    assert busy_tip.startswith("The line is busy.") and "\n" in busy_tip
    assert accepted.call_uuid in cell(view, 2, RESULT, Qt.ItemDataRole.ToolTipRole)
    accessible = cell(view, 1, RESULT, Qt.ItemDataRole.AccessibleTextRole)
    assert "Refused by OMICall" in accessible and "The line is busy." in accessible
    for row in range(3):
        assert not cell(view, row, RESULT, Qt.ItemDataRole.DecorationRole).isNull()
    headers = [view.model.headerData(column, Qt.Orientation.Horizontal) for column in range(5)]
    assert headers == ["Time", "Contact", "Number", "Hotline", "Result"]


def test_older_calls_show_their_date(view, services, qtbot) -> None:
    record_id = add_number(services, "0901234567")
    old = datetime(2024, 3, 5, 14, 7, 9).timestamp()
    with services.db.transaction() as conn:
        conn.execute("UPDATE calls SET created_at = ? WHERE id = ?", (old, record_id))
    view.model.reset()
    assert cell(view, 0, TIME) == "05/03/2024 14:07"
    assert cell(view, 0, TIME, Qt.ItemDataRole.ToolTipRole) == "05/03/2024 14:07:09"


def test_a_known_number_shows_the_contact_name(view, services, qtbot) -> None:
    services.contacts.add(Contact("Nguyễn Thị Hoa", (Phone.parse("0901 234 567"),)))
    dial(qtbot, services, "+84 90 123 4567")
    assert cell(view, 0, CONTACT) == "Nguyễn Thị Hoa"
    assert cell(view, 0, NUMBER) == "0901234567"
    assert view.model.record_at(0).contact_name == "Nguyễn Thị Hoa"

    # A contact added later (on the other tab) is named when the agent comes back.
    dial(qtbot, services, "0907 654 321")
    assert cell(view, 0, CONTACT) == "0907 654 321"
    services.contacts.add(Contact("Trần Văn Đức", (Phone.parse("0907654321"),)))
    view.hide()
    view.show()
    qtbot.waitUntil(lambda: cell(view, 0, CONTACT) == "Trần Văn Đức")


def test_a_call_updates_in_place_from_calling_to_accepted(
    view, services, configured, qtbot
) -> None:
    dial(qtbot, services, "0900000001")
    configured.slow_seconds = 0.5  # the scenario answers after this, within the timeout
    task = asyncio.ensure_future(services.dialer.dial("0900000020", source="window"))
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    assert cell(view, 0, RESULT) == "Calling…"
    assert cell(view, 0, NUMBER) == "0900000020"
    qtbot.waitUntil(task.done, timeout=5000)
    outcome = task.result()
    assert outcome.status == "accepted"
    assert view.model.rowCount() == 2
    assert cell(view, 0, RESULT) == f"Accepted · {outcome.call_uuid}"
    assert cell(view, 1, RESULT) == "Refused by OMICall (user_busy)"


def test_refresh_record_is_idempotent_and_keeps_order(view, services, qtbot) -> None:
    first = add_number(services, "0901111111")
    second = add_number(services, "0902222222")
    view.model.reset()
    for record_id in (second, second, first, first):
        view.refresh_record(record_id)
    assert [cell(view, row, NUMBER) for row in range(2)] == ["0902222222", "0901111111"]

    # Not matching the filter: not shown; matching: shown on top.
    view.filter_field.setText("0901")
    view.apply_filter()
    outside = add_number(services, "0903333333")
    view.refresh_record(outside)
    inside = add_number(services, "0901444444")
    view.refresh_record(inside)
    assert [cell(view, row, NUMBER) for row in range(2)] == ["0901444444", "0901111111"]

    # A record deleted elsewhere disappears when it is reported.
    services.calls.delete(inside)
    view.refresh_record(inside)
    assert [cell(view, row, NUMBER) for row in range(view.model.rowCount())] == ["0901111111"]


# --- redial and the context menu -----------------------------------------------------------


def test_enter_and_double_click_redial_the_selected_call(view, services, qtbot) -> None:
    dial(qtbot, services, "0901 234 567")
    dial(qtbot, services, "0900000001")
    select(view, 1)
    with qtbot.waitSignal(view.dialRequested) as signal:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert signal.args == ["0901234567", "window"]

    rect = view.table.visualRect(view.model.index(0, NUMBER))
    with qtbot.assertNotEmitted(view.dialRequested):
        # One click selects: "one click, one call" is for the Call button, not for a list.
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.selected_record().number == "0900000001"
    with qtbot.waitSignal(view.dialRequested) as signal:
        # QTest's double click is only the second press: the view wants the first one too.
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == ["0900000001", "window"]

    # An invalid attempt is offered again as typed: the dialer explains why it cannot call.
    dial(qtbot, services, "abc")
    select(view, 0)
    with qtbot.waitSignal(view.dialRequested) as signal:
        qtbot.keyClick(view.table, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert signal.args == ["abc", "window"]


def test_context_menu_copies_adds_and_deletes(view, services, qtbot) -> None:
    accepted = dial(qtbot, services, "0901 234 567")
    dial(qtbot, services, "0900000001")
    clipboard = QGuiApplication.clipboard()

    select(view, 1)
    qtbot.keyClick(view.table, Qt.Key.Key_Menu)
    qtbot.waitUntil(view.menu.isVisible)
    assert view.copy_uuid_action.isEnabled()
    view.menu.close()
    view.copy_number_action.trigger()
    assert clipboard.text() == "0901234567"
    view.copy_uuid_action.trigger()
    assert clipboard.text() == accepted.call_uuid
    # Ctrl+C copies the number, whichever cell is current.
    view.table.setCurrentIndex(view.model.index(1, RESULT))
    qtbot.keyClick(view.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == "0901234567"

    # Right click on the rejected call: no call_uuid to copy.
    rect = view.table.visualRect(view.model.index(0, RESULT))
    view.table.customContextMenuRequested.emit(rect.center())
    qtbot.waitUntil(view.menu.isVisible)
    assert view.selected_record().number == "0900000001"
    assert not view.copy_uuid_action.isEnabled()
    view.menu.close()
    with qtbot.waitSignal(view.addContactRequested) as signal:
        view.add_contact_action.trigger()
    assert signal.args == ["0900000001"]
    with qtbot.waitSignal(view.dialRequested) as signal:
        view.call_again_action.trigger()
    assert signal.args == ["0900000001", "window"]

    doomed = view.selected_record().id
    view.delete_action.trigger()
    assert services.calls.get(doomed) is None
    assert view.model.rowCount() == 1
    assert cell(view, 0, NUMBER) == "0901234567"
    assert view.selected_record().id == accepted.record_id  # the keyboard stays on a row

    view.delete_action.trigger()
    assert services.calls.count() == 0
    assert view.stack.currentWidget() is view.empty
    assert view.empty.text() == "No calls yet."
    assert not view.delete_action.isEnabled()


def test_shift_f10_opens_the_menu_under_the_selected_row(view, services, qtbot) -> None:
    dial(qtbot, services, "0900000001")
    select(view, 0)
    qtbot.keyClick(view.table, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(view.menu.isVisible)
    view.menu.close()
    # Nothing under the pointer: no menu.
    view.table.customContextMenuRequested.emit(QPoint(5, view.table.viewport().height() - 2))
    assert not view.menu.isVisible()


# --- clear history -------------------------------------------------------------------------


def test_clear_history_asks_and_clears_only_after_yes(view, services, qtbot) -> None:
    dial(qtbot, services, "0900000001")
    dial(qtbot, services, "abc")

    qtbot.mouseClick(view.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: visible_box(view) is not None)
    box = visible_box(view)
    assert QCoreApplication.instance().activeModalWidget() in (box, None)
    yes, no = box.button(QMessageBox.StandardButton.Yes), box.button(QMessageBox.StandardButton.No)
    assert yes.text() == "Clear history" and no.text() == "Keep"
    assert box.defaultButton() is no
    assert "(2)" in box.informativeText()
    qtbot.mouseClick(no, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: visible_box(view) is None)
    assert services.calls.count() == 2
    assert view.model.rowCount() == 2

    qtbot.mouseClick(view.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: visible_box(view) is not None)
    box = visible_box(view)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)
    assert services.calls.count() == 0
    assert view.stack.currentWidget() is view.empty
    assert view.empty.text() == "No calls yet."
    assert not view.clear_button.isEnabled()

    # The history goes on after a clear.
    dial(qtbot, services, "0900000001")
    assert view.model.rowCount() == 1
    assert view.clear_button.isEnabled()


# --- filter and paging ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "searched"),
    [
        ("090 123", "090123"),
        ("+84 90 123", "090123"),
        ("84 90-123", "090123"),
        ("0084 90 123", "090123"),
        ("(090) 1.23", "090123"),
        ("84", "84"),
        ("abc-123", "abc-123"),
        ("  4f3c  ", "4f3c"),
        ("", ""),
    ],
)
def test_number_like_filter_text_is_searched_as_national_digits(typed, searched) -> None:
    assert search_text(typed) == searched


def test_filter_by_digits_in_any_spelling(view, services, qtbot) -> None:
    for number in ("0901234567", "0901239999", "0987654321"):
        add_number(services, number)
    invalid = services.calls.add_final(
        input="call me maybe", status=CallStatus.INVALID, source="window"
    )
    view.model.reset()
    assert view.model.rowCount() == 4

    def shown() -> list[str]:
        return [cell(view, row, NUMBER) for row in range(view.model.rowCount())]

    view.filter_field.setFocus()
    for typed in ("090 123", "+84 90 123", "84901 23"):
        view.filter_field.clear()
        qtbot.keyClicks(view.filter_field, typed)
        qtbot.waitUntil(lambda: shown() == ["0901239999", "0901234567"])

    view.filter_field.clear()
    qtbot.keyClicks(view.filter_field, "maybe")
    qtbot.waitUntil(lambda: shown() == ["call me maybe"])
    assert view.model.record_at(0).id == invalid

    view.filter_field.clear()
    qtbot.keyClicks(view.filter_field, "0909")
    qtbot.waitUntil(lambda: view.stack.currentWidget() is view.empty)
    assert view.empty.text() == "No call matches “0909”."
    assert view.clear_button.isEnabled()  # clearing is still possible (it asks)

    # Esc empties the filter and everything is back at once.
    qtbot.keyClick(view.filter_field, Qt.Key.Key_Escape)
    assert view.filter_field.text() == ""
    qtbot.waitUntil(lambda: view.model.rowCount() == 4)

    # Enter applies the filter without waiting and moves into the table.
    qtbot.keyClicks(view.filter_field, "0987")
    qtbot.keyClick(view.filter_field, Qt.Key.Key_Return)
    assert shown() == ["0987654321"]
    assert view.table.hasFocus()
    assert view.selected_record().number == "0987654321"

    # Down from the filter goes to the first row too.
    view.focus_filter()
    view.table.clearSelection()
    qtbot.keyClick(view.filter_field, Qt.Key.Key_Down)
    assert view.table.hasFocus()
    assert view.table.selectionModel().selectedRows()[0].row() == 0


def test_rows_are_fetched_on_demand_in_pages(view, services, qtbot) -> None:
    ids = [add_number(services, f"09{n:08d}") for n in range(450)]
    view.model.reset()
    model = view.model
    assert model.rowCount() == RecentsModel.PAGE == 200
    assert model.record_at(0).id == ids[-1]  # newest first
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 400
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 450
    assert not model.canFetchMore()
    assert [model.record_at(row).id for row in range(450)] == ids[::-1]

    # Scrolling to the end of a fresh list makes the view ask for the next page itself.
    model.reset()
    assert model.rowCount() == 200
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 400)


def test_one_name_lookup_per_page(view, services, qtbot, monkeypatch) -> None:
    for n in range(250):
        add_number(services, f"09{n:08d}")
    calls: list[int] = []
    real = services.contacts.names_for

    def counting(e164s):
        e164s = list(e164s)
        calls.append(len(e164s))
        return real(e164s)

    monkeypatch.setattr(services.contacts, "names_for", counting)
    view.model.reset()
    view.model.fetchMore()
    assert calls == [200, 50]


# --- language and accessibility -----------------------------------------------------------


def test_every_control_is_named_and_texts_survive_a_language_switch(view) -> None:
    def named() -> None:
        for widget in (view.filter_field, view.table, view.clear_button, view.empty):
            assert widget.accessibleName()
        assert view.filter_field.placeholderText()
        assert view.clear_button.text()
        assert view.empty.text() or view.model.rowCount()
        for action in view.menu.actions():
            assert action.isSeparator() or action.text()
        for column in range(view.model.columnCount()):
            assert view.model.headerData(column, Qt.Orientation.Horizontal)

    named()
    try:
        # No .qm yet: whatever install() finds, every text must still be set.
        i18n.install("vi")
        QCoreApplication.sendEvent(view, QEvent(QEvent.Type.LanguageChange))
        view.retranslate()
        named()
    finally:
        i18n.install("en")
    assert isinstance(view.findChild(QLineEdit), QLineEdit)
    assert isinstance(view.findChild(QTableView), QTableView)
    assert isinstance(view.findChild(QPushButton), QPushButton)
    assert isinstance(view.findChild(QLabel), QLabel)


def test_deleting_every_loaded_row_shows_the_older_calls(view, services, qtbot) -> None:
    ids = [add_number(services, f"09{n:08d}") for n in range(205)]
    view.model.reset()
    assert view.model.rowCount() == 200
    select(view, 0)
    for _ in range(200):
        view.delete_action.trigger()
    assert [view.model.record_at(row).id for row in range(5)] == ids[4::-1]
    assert view.model.rowCount() == 5
    assert not view.model.canFetchMore()
    assert view.stack.currentWidget() is view.table


def test_clearing_a_store_locked_by_another_program_is_said_and_keeps_the_calls(
    view, services, qtbot
) -> None:
    import sqlite3

    from omidesk.domain.catalogue import explain

    dial(qtbot, services, "0900000001")
    # Another program holds the write lock; ours gives up after a short wait (not 5 s):
    # an edit awaits the lock for as long as the store lets an awaited write wait.
    services.db.timeout_s = 0.2
    other = sqlite3.connect(services.db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        qtbot.mouseClick(view.clear_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: visible_box(view) is not None)
        qtbot.mouseClick(
            visible_box(view).button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton
        )
        qtbot.waitUntil(
            lambda: (box := visible_box(view)) is not None and box.windowTitle() == "Recent calls"
        )
        box = visible_box(view)
        problem = explain("store_locked", "en")
        assert (box.text(), box.informativeText()) == (problem.message, problem.next_step)
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    finally:
        other.rollback()
        other.close()
    assert services.calls.count() == 1
    assert view.model.rowCount() == 1


def test_a_call_deleted_while_an_import_holds_the_store_is_deleted_once_it_lets_go(
    view, services, qtbot
) -> None:
    from tests.locks import lock_held_by_a_thread
    from tests.test_ui_contacts import Ticks, released_later

    older = add_number(services, "0900000011")
    newer = add_number(services, "0900000012")
    view.model.reset()
    select(view, 0)
    ticks = Ticks()
    with lock_held_by_a_thread(services.db.path) as holder:
        view.delete_action.trigger()
        # Waiting for the lock: nothing deleted yet, and no second deletion meanwhile.
        assert not view.delete_action.isEnabled() and not view.clear_button.isEnabled()
        assert view.model.rowCount() == 2
        waiting_from = ticks.count
        released_later(holder, 0.3)
        qtbot.waitUntil(lambda: view.model.rowCount() == 1)
        assert ticks.count - waiting_from >= 3
    assert services.calls.get(newer) is None
    assert view.model.record_at(0).id == older
    assert view.table.selectionModel().selectedRows()[0].row() == 0
    assert view.delete_action.isEnabled() and view.clear_button.isEnabled()
    assert visible_box(view) is None
