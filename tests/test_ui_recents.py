"""The Recent calls tab with real widgets over the real dialer, store and sandbox (offscreen)."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyleFactory,
    QTableView,
    QWidget,
)

from omidesk.domain.catalogue import explain
from omidesk.domain.contacts import Contact, Phone
from omidesk.domain.records import CallStatus
from omidesk.domain.result_labels import Tone, result_label
from omidesk.ui import i18n
from omidesk.ui.recents_model import RecentsModel
from omidesk.ui.recents_view import RecentsView
from omidesk.ui.result_style import tone_colour
from omidesk.usecases.call_history import search_text
from tests.conftest import EXTENSION, HOTLINE, finish, scenarios

TIME, CONTACT, NUMBER, RESULT, HOTLINE_COLUMN = (
    RecentsModel.TIME,
    RecentsModel.CONTACT,
    RecentsModel.NUMBER,
    RecentsModel.RESULT,
    RecentsModel.HOTLINE,
)
OTHER_HOTLINE = "02873008888"  # the sandbox's second hotline for extension 101
# A Tuesday afternoon: the clock the day groups are told, whatever the machine's date.
NOW = datetime(2024, 3, 5, 15, 30).timestamp()


class Clock:
    """The wall clock the view is given: real time unless a test sets it."""

    def __init__(self) -> None:
        self.now: float | None = None

    def __call__(self) -> float:
        import time

        return time.time() if self.now is None else self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def view(services, qtbot, clock):
    widget = RecentsView(services.call_history, lambda: services.lang, clock=clock)
    qtbot.addWidget(widget)
    services.dialer.listeners.append(widget.refresh_record)  # as the main window wires it
    widget.resize(900, 500)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def dial(qtbot, services, text: str, **kwargs):
    return finish(qtbot, services.dialer.dial(text, source="window", **kwargs))


def cell(view: RecentsView, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return view.model.index(row, column).data(role)


def record_rows(view: RecentsView) -> list[int]:
    """The rows that hold calls (the others are day headings), top to bottom."""
    model = view.model
    return [row for row in range(model.rowCount()) if model.record_at(row) is not None]


def row_texts(view: RecentsView, row: int) -> list[str]:
    return [cell(view, row, column) for column in range(view.model.columnCount())]


def results(view: RecentsView) -> list[str]:
    return [cell(view, row, RESULT) for row in record_rows(view)]


def numbers(view: RecentsView) -> list[str]:
    return [cell(view, row, NUMBER) for row in record_rows(view)]


def headings(view: RecentsView) -> list[str]:
    model = view.model
    return [cell(view, row, 0) for row in range(model.rowCount()) if model.record_at(row) is None]


def add_number(services, number: str, code: str = "user_busy", hotline: str = HOTLINE) -> int:
    """A finished attempt straight into the store (no HTTP): fast set-up for big histories."""
    digits = re.sub(r"\D", "", number)
    return services.calls.add_final(
        input=number,
        number=digits,
        e164="+84" + digits[1:],
        hotline=hotline,
        status=CallStatus.REJECTED,
        source="window",
        error_code=code,
    )


def made_at(services, record_id: int, when: datetime) -> None:
    with services.db.transaction() as conn:
        conn.execute("UPDATE calls SET created_at = ? WHERE id = ?", (when.timestamp(), record_id))


def visible_box(view: QWidget) -> QMessageBox | None:
    boxes = [box for box in view.findChildren(QMessageBox) if box.isVisible()]
    return boxes[0] if boxes else None


def select(view: RecentsView, row: int) -> None:
    """Selects the `row`-th call (day headings are not counted)."""
    view.table.setFocus()
    view.table.selectRow(record_rows(view)[row])


def selected_row(view: RecentsView) -> int:
    return view.table.selectionModel().selectedRows()[0].row()


def contrast(one: QColor, two: QColor) -> float:
    """WCAG contrast ratio of two colours."""

    def luminance(colour: QColor) -> float:
        def linear(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        red, green, blue = (linear(v) for v in (colour.red(), colour.green(), colour.blue()))
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# --- what the agent sees -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "label", "status"),
    scenarios(
        {
            "user_busy": ("Busy", "rejected"),
            "do_not_call": ("Do not call", "rejected"),
            "user_not_registered": ("Extension offline", "rejected"),
            "number_call_out_invalid": ("Hotline not allowed", "rejected"),
            "extension_invalid": ("Extension not valid", "rejected"),
            "tenant_invalid": ("API key refused", "rejected"),
            "data_is_required": ("Details missing", "rejected"),
            "invalid_phone_number": ("Number refused", "rejected"),
            "rate_limit_exceeded": ("Too many calls", "rejected"),
            "unknown_code": ("Refused by OMICall", "rejected"),
            "no_code": ("Refused by OMICall", "rejected"),
            "slow": ("Unknown — check phone", "unknown"),
            "dropped": ("Unknown — check phone", "unknown"),
            "http_500": ("Unknown — check phone", "unknown"),
            "invalid_json": ("Unknown — check phone", "unknown"),
            "token_expired_once": ("Accepted", "accepted"),
            "missing_call_uuid": ("Unknown — check phone", "unknown"),
        },
        every=True,
        slow={"slow"},
    ),
)
def test_each_result_reads_as_a_short_label_with_its_icon_and_colour(
    view, services, qtbot, *, number: str, label: str, status: str
) -> None:
    outcome = dial(qtbot, services, number)
    assert outcome.status == status
    (row,) = record_rows(view)
    assert cell(view, row, RESULT) == label
    record = view.model.record_at(row)
    tone = result_label(record.status, record.error_code).tone
    colour = cell(view, row, RESULT, Qt.ItemDataRole.ForegroundRole).color()
    assert colour == tone_colour(view.table.palette(), tone)
    assert not cell(view, row, RESULT, Qt.ItemDataRole.DecorationRole).isNull()
    # The whole answer, in the agent's language, is one hover away.
    tip = cell(view, row, RESULT, Qt.ItemDataRole.ToolTipRole)
    if outcome.cause is not None:
        assert tip.startswith(explain(outcome.cause, "en").message)
    else:
        assert outcome.call_uuid in tip
    accessible = cell(view, row, RESULT, Qt.ItemDataRole.AccessibleTextRole)
    assert accessible.startswith(label) and tip.split("\n")[0] in accessible


def test_calls_are_listed_newest_first_under_today(view, services, qtbot) -> None:
    dial(qtbot, services, "0901 234 567")
    dial(qtbot, services, "0900000001")
    assert view.stack.currentWidget() is view.table
    assert headings(view) == ["Today"]
    assert view.model.record_at(0) is None  # the heading comes first
    assert results(view) == ["Busy", "Accepted"]
    assert numbers(view) == ["0900 000 001", "0901 234 567"]  # grouped as in the contacts
    for row in record_rows(view):
        assert re.fullmatch(r"\d\d:\d\d", cell(view, row, TIME))
    headers = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert headers == ["Time", "Contact", "Number", "Result", "Outcome", "Hotline"]


def test_the_contact_column_shows_the_name_or_nothing(view, services, qtbot) -> None:
    services.contacts.add(Contact("Nguyễn Thị Hoa", (Phone.parse("0901 234 567"),)))
    dial(qtbot, services, "+84 90 123 4567")
    dial(qtbot, services, "0907 654 321")
    dial(qtbot, services, "+44 20 7123 4567")
    foreign, stranger, hoa = record_rows(view)
    assert row_texts(view, hoa)[CONTACT : NUMBER + 1] == ["Nguyễn Thị Hoa", "0901 234 567"]
    # Nobody known: blank, never the number a second time.
    assert row_texts(view, stranger)[CONTACT : NUMBER + 1] == ["", "0907 654 321"]
    assert row_texts(view, foreign)[CONTACT : NUMBER + 1] == ["", "+44 20 7123 4567"]
    select(view, 2)
    assert view.details.who.text() == "Nguyễn Thị Hoa · 0901 234 567"

    # A contact added later (on the other tab) is named when the agent comes back.
    services.contacts.add(Contact("Trần Văn Đức", (Phone.parse("0907654321"),)))
    view.hide()
    view.show()
    qtbot.waitUntil(lambda: cell(view, stranger, CONTACT) == "Trần Văn Đức")


def test_an_old_invalid_record_still_shows_what_was_typed(view, services, qtbot) -> None:
    services.calls.add_final(
        input="call\nme maybe",
        status=CallStatus.INVALID,
        source="window",
        error_code="number_no_digits",
        params={"text": "call me maybe"},
    )
    view.model.reset()
    (row,) = record_rows(view)
    assert row_texts(view, row)[CONTACT : RESULT + 1] == ["", "call me maybe", "Invalid number"]


def test_the_hotline_column_appears_only_with_two_hotlines(view, services, qtbot) -> None:
    dial(qtbot, services, "0901234567")
    dial(qtbot, services, "0900000001")
    assert view.table.isColumnHidden(HOTLINE_COLUMN)
    other = dial(qtbot, services, "0907654321", hotline=OTHER_HOTLINE)
    assert other.status == "accepted"
    assert not view.table.isColumnHidden(HOTLINE_COLUMN)
    assert cell(view, record_rows(view)[0], HOTLINE_COLUMN) == OTHER_HOTLINE
    # The one call on the other hotline deleted: one hotline again, the column goes.
    select(view, 0)
    view.delete_action.trigger()
    qtbot.waitUntil(lambda: len(record_rows(view)) == 2)
    assert view.table.isColumnHidden(HOTLINE_COLUMN)
    # A fresh start over a history with two hotlines shows it at once.
    dial(qtbot, services, "0907654321", hotline=OTHER_HOTLINE)
    fresh = RecentsView(services.call_history, lambda: services.lang)
    qtbot.addWidget(fresh)
    assert not fresh.table.isColumnHidden(HOTLINE_COLUMN)


def test_rows_are_grouped_by_day(view, services, qtbot, clock) -> None:
    clock.now = NOW
    today = datetime.fromtimestamp(NOW)
    when = {
        "0901000001": today - timedelta(minutes=5),
        "0901000002": today - timedelta(hours=2),
        "0901000003": today - timedelta(days=1),
        "0901000004": today - timedelta(days=3),  # Saturday 2 March
        "0901000005": today - timedelta(days=3, hours=1),
        "0901000006": datetime(2023, 12, 31, 9, 0),
    }
    for number, moment in when.items():
        made_at(services, add_number(services, number), moment)
    view.model.reset()
    assert headings(view) == [
        "Today",
        "Yesterday",
        "Saturday, 2 March",
        "Sunday, 31 December 2023",
    ]
    assert numbers(view) == [f"0901 000 00{n}" for n in range(1, 7)]
    # Each heading spans the table and cannot be selected or dialled.
    model = view.model
    heading_rows = [row for row in range(model.rowCount()) if model.record_at(row) is None]
    assert heading_rows == [0, 3, 5, 8]
    for row in heading_rows:
        assert view.table.columnSpan(row, 0) == model.columnCount()
        assert not model.flags(model.index(row, 0)) & Qt.ItemFlag.ItemIsSelectable
    # The keyboard walks over the headings from call to call.
    select(view, 1)
    assert selected_row(view) == 2
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert selected_row(view) == 4
    assert view.selected_record().number == "0901000003"
    qtbot.keyClick(view.table, Qt.Key.Key_Up)
    assert selected_row(view) == 2
    # The time of day in the row, the whole date and the call's direction one hover away.
    assert cell(view, 1, TIME) == "15:25"
    assert cell(view, 1, TIME, Qt.ItemDataRole.ToolTipRole) == (
        "15:25:00 · Tuesday, 5 March 2024\nOutgoing call placed with OmiDesk"
    )

    # At midnight, today becomes yesterday: the headings follow the clock, not the sleep.
    clock.now = NOW + 24 * 3600
    view.new_day()
    assert headings(view)[:2] == ["Yesterday", "Monday, 4 March"]
    # A view hidden over midnight (in the tray, behind the Contacts tab) runs no timer; it
    # repaints its headings for the day it is shown on.
    view.hide()
    clock.now = NOW + 2 * 24 * 3600
    with qtbot.waitSignal(view.model.dataChanged) as repainted:
        view.show()
    assert repainted.args[0].row() == 0 and model.record_at(0) is None
    assert headings(view)[:2] == ["Tuesday, 5 March", "Monday, 4 March"]


def test_a_new_call_opens_todays_group_or_joins_it(view, services, qtbot) -> None:
    made_at(services, add_number(services, "0901000001"), datetime.now() - timedelta(days=2))
    view.model.reset()
    assert len(headings(view)) == 1 and headings(view) != ["Today"]
    dial(qtbot, services, "0900000001")
    assert headings(view)[0] == "Today"
    assert view.table.columnSpan(0, 0) == view.model.columnCount()
    dial(qtbot, services, "0900000002")
    assert headings(view)[0] == "Today" and len(headings(view)) == 2
    assert results(view) == ["Do not call", "Busy", "Busy"]
    # Deleting today's calls takes their heading with them.
    for _ in range(2):
        select(view, 0)
        view.delete_action.trigger()
    qtbot.waitUntil(lambda: len(record_rows(view)) == 1)
    assert len(headings(view)) == 1 and headings(view) != ["Today"]


def test_the_details_pane_shows_the_whole_answer_and_copies_the_call_uuid(
    view, services, qtbot
) -> None:
    services.contacts.add(Contact("Nguyễn Thị Hoa", (Phone.parse("0901 234 567"),)))
    accepted = dial(qtbot, services, "0901 234 567")
    busy = dial(qtbot, services, "0900000001")
    details = view.details
    assert not details.copy_button.isVisible()
    assert details.pages.currentWidget() is details.hint
    assert details.hint.text().startswith("Select a call")

    select(view, 0)
    assert details.pages.currentWidget() is details.shown
    assert details.title.text() == "Busy"
    said = explain(busy.cause, "en")
    whole = f"{said.message}\n{said.next_step}"
    assert details.message.text() == details.message.toolTip() == whole
    assert QLabel.text(details.message) == whole  # what is on screen: all of it
    assert details.who.text() == "0900 000 001"
    assert details.hotline.text() == HOTLINE
    assert details.extension.text() == EXTENSION
    assert details.source.text() == "Window"
    assert re.fullmatch(r"\d\d:\d\d:\d\d · \w+, \d+ \w+ \d{4}", details.when.text())
    assert details.reference.text() == "Code: user_busy"
    assert not details.copy_button.isVisible()

    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert details.title.text() == "Accepted"
    assert details.who.text() == "Nguyễn Thị Hoa · 0901 234 567"
    assert details.message.text() == (
        "OMICall accepted the call: extension 101 rang to connect you to 0901 234 567.\n"
        "How the call ended shows once OMICall's call history has it (after hang-up)."
    )
    assert details.reference.text() == f"call_uuid: {accepted.call_uuid}"
    assert details.copy_button.isVisible() and details.copy_button.isEnabled()
    qtbot.mouseClick(details.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == accepted.call_uuid
    # The pane keeps its height from call to call: the table above never jumps.
    height = details.height()
    select(view, 0)
    assert details.height() == height
    # A short window keeps the list and folds the pane away (each row's tooltip and the
    # context menu still give what it shows); it comes back when there is room.
    view.resize(900, 260)
    qtbot.waitUntil(details.isHidden)
    row_height = view.table.verticalHeader().defaultSectionSize()
    qtbot.waitUntil(lambda: view.table.viewport().height() >= 4 * row_height)
    view.resize(900, 500)
    qtbot.waitUntil(lambda: not details.isHidden())
    qtbot.waitUntil(lambda: view.table.viewport().height() >= 6 * row_height)


def test_a_long_answer_in_a_narrow_pane_ends_in_an_ellipsis(view, services, qtbot) -> None:
    add_number(services, "0900000003", code="api_key_invalid")
    view.model.reset()
    said = explain("api_key_invalid", "en")
    whole = f"{said.message}\n{said.next_step}"
    select(view, 0)
    message = view.details.message
    view.resize(1200, 500)
    qtbot.waitUntil(lambda: QLabel.text(message) == whole)
    # Narrow: the lines the pane has room for, the last ending in …, never a line cut in
    # half; the whole answer stays one hover away and comes back with the room.
    view.resize(view.minimumSizeHint().width(), 500)
    qtbot.waitUntil(lambda: QLabel.text(message).endswith("…"))
    shown = QLabel.text(message).split("\n")
    assert len(shown) == 3 and shown[0] == said.message[: len(shown[0])]
    assert message.text() == message.toolTip() == whole
    view.resize(1200, 500)
    qtbot.waitUntil(lambda: QLabel.text(message) == whole)


def test_no_details_pane_without_calls(view, services, qtbot) -> None:
    assert view.stack.currentWidget() is view.empty
    assert view.details.isHidden()
    dial(qtbot, services, "0900000001")
    assert not view.details.isHidden()


def test_result_colours_come_from_the_palette_and_read_on_a_dark_one(qapp) -> None:
    light = QStyleFactory.create("Fusion").standardPalette()
    dark = QPalette(light)
    for role, colour in (
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.Text, "#e8e8e8"),
        (QPalette.ColorRole.WindowText, "#e8e8e8"),
    ):
        dark.setColor(role, QColor(colour))
    for palette in (light, dark):
        base = palette.color(QPalette.ColorRole.Base)
        colours = {tone: tone_colour(palette, tone) for tone in Tone}
        assert len({colour.name() for colour in colours.values()}) == len(Tone)
        for tone, colour in colours.items():
            assert contrast(colour, base) >= 4.5, (tone, colour.name(), base.name())
    assert tone_colour(light, Tone.BAD) != tone_colour(dark, Tone.BAD)


def test_recent_calls_in_vietnamese(services, qtbot, clock) -> None:
    i18n.install("vi")
    try:
        view = RecentsView(services.call_history, lambda: "vi", clock=clock)
        qtbot.addWidget(view)
        services.dialer.listeners.append(view.refresh_record)
        for number in ("0900000002", "0900000001", "0901234567"):
            dial(qtbot, services, number)
        made_at(services, add_number(services, "0901000004"), datetime(2024, 3, 2, 10, 0))
        view.model.reset()
        assert results(view) == ["Đã chấp nhận", "Máy bận", "Không làm phiền", "Máy bận"]
        assert headings(view)[0] == "Hôm nay"
        assert headings(view)[1] == "Thứ Bảy, 2 tháng 3, 2024"
        assert view.model.headerData(RESULT, Qt.Orientation.Horizontal) == "Kết quả"
        # Every heading and label fits its column in Vietnamese too ("Thời gian", not "Thời…").
        header = view.table.horizontalHeader()
        for column in (TIME, NUMBER, RESULT):
            title = view.model.headerData(column, Qt.Orientation.Horizontal)
            assert header.sectionSize(column) > header.fontMetrics().horizontalAdvance(title)
        longest = max(view.table.fontMetrics().horizontalAdvance(text) for text in results(view))
        assert header.sectionSize(RESULT) > longest + view.table.iconSize().width()
        select(view, 1)
        assert view.details.message.text().startswith("Máy bận.")
        assert view.details.source.text() == "Cửa sổ"
    finally:
        i18n.install("en")


def test_a_call_updates_in_place_from_calling_to_accepted(
    view, services, configured, qtbot
) -> None:
    dial(qtbot, services, "0900000001")
    configured.slow_seconds = 0.5  # the scenario answers after this, within the timeout
    task = asyncio.ensure_future(services.dialer.dial("0900000020", source="window"))
    qtbot.waitUntil(lambda: len(record_rows(view)) == 2)
    assert results(view)[0] == "Calling…"
    assert numbers(view)[0] == "0900 000 020"
    qtbot.waitUntil(task.done, timeout=5000)
    outcome = task.result()
    assert outcome.status == "accepted"
    assert results(view) == ["Accepted", "Busy"]


def test_refresh_record_is_idempotent_and_keeps_order(view, services, qtbot) -> None:
    first = add_number(services, "0901111111")
    second = add_number(services, "0902222222")
    view.model.reset()
    for record_id in (second, second, first, first):
        view.refresh_record(record_id)
    assert numbers(view) == ["0902 222 222", "0901 111 111"]
    assert headings(view) == ["Today"]

    # Not matching the filter: not shown; matching: shown on top.
    view.filter_field.setText("0901")
    view.apply_filter()
    outside = add_number(services, "0903333333")
    view.refresh_record(outside)
    inside = add_number(services, "0901444444")
    view.refresh_record(inside)
    assert numbers(view) == ["0901 444 444", "0901 111 111"]

    # A record deleted elsewhere disappears when it is reported.
    services.calls.delete(inside)
    view.refresh_record(inside)
    assert numbers(view) == ["0901 111 111"]


# --- redial and the context menu -----------------------------------------------------------


def test_enter_and_double_click_redial_the_selected_call(view, services, qtbot) -> None:
    dial(qtbot, services, "0901 234 567")
    dial(qtbot, services, "0900000001")
    select(view, 1)
    with qtbot.waitSignal(view.dialRequested) as signal:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert signal.args == ["0901234567", "window"]

    rect = view.table.visualRect(view.model.index(record_rows(view)[0], NUMBER))
    with qtbot.assertNotEmitted(view.dialRequested):
        # One click selects: "one click, one call" is for the Call button, not for a list.
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.selected_record().number == "0900000001"
    with qtbot.waitSignal(view.dialRequested) as signal:
        # QTest's double click is only the second press: the view wants the first one too.
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == ["0900000001", "window"]

    # An invalid attempt an older version stored is offered again as typed: the dialer
    # explains why it cannot call.
    services.calls.add_final(input="abc", status=CallStatus.INVALID, source="window")
    view.model.reset()
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
    view.table.setCurrentIndex(view.model.index(record_rows(view)[1], RESULT))
    qtbot.keyClick(view.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == "0901234567"

    # Right click on the rejected call: no call_uuid to copy.
    rect = view.table.visualRect(view.model.index(record_rows(view)[0], RESULT))
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
    assert numbers(view) == ["0901 234 567"]
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
    dial(qtbot, services, "0900000002")

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
    assert len(record_rows(view)) == 2

    qtbot.mouseClick(view.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: visible_box(view) is not None)
    box = visible_box(view)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)  # its heading too
    assert services.calls.count() == 0
    assert view.stack.currentWidget() is view.empty
    assert view.empty.text() == "No calls yet."
    assert not view.clear_button.isEnabled()

    # The history goes on after a clear.
    dial(qtbot, services, "0900000001")
    assert results(view) == ["Busy"] and headings(view) == ["Today"]
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
    assert len(record_rows(view)) == 4

    def shown() -> list[str]:
        return numbers(view)

    view.filter_field.setFocus()
    for typed in ("090 123", "+84 90 123", "84901 23"):
        view.filter_field.clear()
        qtbot.keyClicks(view.filter_field, typed)
        qtbot.waitUntil(lambda: shown() == ["0901 239 999", "0901 234 567"])

    view.filter_field.clear()
    qtbot.keyClicks(view.filter_field, "maybe")
    qtbot.waitUntil(lambda: shown() == ["call me maybe"])
    assert view.model.record_at(record_rows(view)[0]).id == invalid

    view.filter_field.clear()
    qtbot.keyClicks(view.filter_field, "0909")
    qtbot.waitUntil(lambda: view.stack.currentWidget() is view.empty)
    assert view.empty.text() == "No call matches “0909”."
    assert view.clear_button.isEnabled()  # clearing is still possible (it asks)

    # Esc empties the filter and everything is back at once.
    qtbot.keyClick(view.filter_field, Qt.Key.Key_Escape)
    assert view.filter_field.text() == ""
    qtbot.waitUntil(lambda: len(record_rows(view)) == 4)

    # Enter applies the filter without waiting and moves into the table.
    qtbot.keyClicks(view.filter_field, "0987")
    qtbot.keyClick(view.filter_field, Qt.Key.Key_Return)
    assert shown() == ["0987 654 321"]
    assert view.table.hasFocus()
    assert view.selected_record().number == "0987654321"

    # Down from the filter goes to the first row too.
    view.focus_filter()
    view.table.clearSelection()
    qtbot.keyClick(view.filter_field, Qt.Key.Key_Down)
    assert view.table.hasFocus()
    assert selected_row(view) == record_rows(view)[0] == 1  # the first call, under its day


def test_rows_are_fetched_on_demand_in_pages(view, services, qtbot) -> None:
    ids = [add_number(services, f"09{n:08d}") for n in range(450)]
    view.model.reset()
    model = view.model

    def loaded() -> list[int]:
        return [model.record_at(row).id for row in record_rows(view)]

    assert len(loaded()) == RecentsModel.PAGE == 200
    assert loaded()[0] == ids[-1]  # newest first
    assert model.canFetchMore()
    model.fetchMore()
    assert len(loaded()) == 400
    assert model.canFetchMore()
    model.fetchMore()
    assert not model.canFetchMore()
    assert loaded() == ids[::-1]
    assert headings(view) == ["Today"]  # one day: one heading, however many pages

    # Scrolling to the end of a fresh list makes the view ask for the next page itself.
    model.reset()
    assert len(loaded()) == 200
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: len(loaded()) == 400)


def test_a_refusal_in_omicalls_own_words_is_whole_in_the_tooltip_and_the_details(
    view, services, qtbot
) -> None:
    # The list paints from light rows without OMICall's message: its words come from the
    # whole record, read for the tooltip and the selected call.
    call_id = services.calls.start(
        input="0900000007",
        number="0900000007",
        e164="+84900000007",
        extension=EXTENSION,
        hotline=HOTLINE,
        source="window",
    )
    assert call_id is not None
    services.calls.finish(
        call_id,
        CallStatus.REJECTED,
        error_code="carrier_blocked",
        server_message="Số bị nhà mạng chặn",
        params={"status_code": 461},
    )
    view.model.reset()
    (row,) = record_rows(view)
    said = explain("carrier_blocked", "en", server_message="Số bị nhà mạng chặn", status_code=461)
    whole = f"{said.message}\n{said.next_step}" if said.next_step else said.message
    assert "Số bị nhà mạng chặn" in whole
    assert cell(view, row, RESULT, Qt.ItemDataRole.ToolTipRole) == whole
    assert whole in cell(view, row, RESULT, Qt.ItemDataRole.AccessibleTextRole)
    select(view, 0)
    assert view.details.message.text() == whole
    assert view.details.reference.text() == "Code: carrier_blocked"


def test_a_missed_call_returned_on_the_phone_reads_as_such(view, services, qtbot) -> None:
    # OMICall's history says so in columns stored as 1/0, as the list's rows read them.
    with services.db.transaction() as conn:
        conn.execute(
            "INSERT INTO calls (created_at, input, number, e164, extension, hotline, source,"
            " status, call_uuid, direction, origin, answered, talk_s, to_return, cdr)"
            " VALUES (?, '0912000001', '0912000001', '+84912000001', ?, ?, 'omicall',"
            " 'accepted', 'uuid-missed', 'inbound', 'omicall', 0, 0, 0, 'found')",
            (datetime.now().timestamp(), EXTENSION, HOTLINE),
        )
    view.model.reset()
    (row,) = record_rows(view)
    assert cell(view, row, RESULT) == "Missed, called back"
    assert cell(view, row, RecentsModel.OUTCOME) == "Missed"
    assert "has been called back since" in cell(view, row, RESULT, Qt.ItemDataRole.ToolTipRole)
    select(view, 0)
    assert view.details.title.text() == "Missed, called back"
    assert view.details.reference.text() == "call_uuid: uuid-missed"
    assert not view.details.call_back_button.isVisible()


def test_the_list_reads_whole_records_only_for_the_selected_call(
    view, services, qtbot, monkeypatch
) -> None:
    for n in range(250):
        add_number(services, f"09{n:08d}")
    read: list[int] = []
    real_get = services.calls.get

    def counting_get(call_id):
        read.append(call_id)
        return real_get(call_id)

    monkeypatch.setattr(services.calls, "get", counting_get)
    monkeypatch.setattr(services.calls, "recent", None)  # whole pages are never read
    view.model.reset()
    view.model.fetchMore()
    assert len(record_rows(view)) == 250
    for row in range(view.model.rowCount()):
        row_texts(view, row)
    assert read == []
    select(view, 1)
    assert read == [view.selected_record().id]
    assert view.details.title.text() == "Busy"


def test_a_day_runs_on_across_pages_under_one_heading(view, services, qtbot, clock) -> None:
    clock.now = NOW
    today = datetime.fromtimestamp(NOW)
    ids = [add_number(services, f"09{n:08d}") for n in range(260)]
    # The oldest 59 the day before yesterday, the next 201 today: the second page begins
    # with today's last call (no heading again), then a day of its own.
    for n, record_id in enumerate(ids):
        when = today - timedelta(days=2) if n < 59 else today - timedelta(seconds=260 - n)
        made_at(services, record_id, when)
    view.model.reset()
    assert headings(view) == ["Today"]
    view.model.fetchMore()
    assert len(record_rows(view)) == 260
    assert headings(view) == ["Today", "Sunday, 3 March"]
    model = view.model
    assert [row for row in range(model.rowCount()) if model.record_at(row) is None] == [0, 202]


def test_filters_leave_the_hotlines_used_alone(view, services, qtbot, monkeypatch) -> None:
    dial(qtbot, services, "0901234567")
    asked: list[int] = []
    real = services.calls.hotlines_used

    def counting():
        asked.append(1)
        return real()

    monkeypatch.setattr(services.calls, "hotlines_used", counting)
    view.filter_field.setText("0901")
    view.apply_filter()
    view.show_missed(True)
    view.show_missed(False)
    assert asked == []
    view.model.reset()  # the history changed (a sync, a clearing): asked once
    assert asked == [1]


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
        details = view.details
        for widget in (
            view.filter_field,
            view.table,
            view.clear_button,
            view.empty,
            details,
            details.copy_button,
        ):
            assert widget.accessibleName()
        assert details.hint.text() and details.copy_button.text()
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
    assert len(record_rows(view)) == 200
    select(view, 0)
    for _ in range(200):
        view.delete_action.trigger()
    assert [view.model.record_at(row).id for row in record_rows(view)] == ids[4::-1]
    assert headings(view) == ["Today"]
    assert not view.model.canFetchMore()
    assert view.stack.currentWidget() is view.table


def test_clearing_a_store_locked_by_another_program_is_said_and_keeps_the_calls(
    view, services, qtbot
) -> None:
    import sqlite3

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
    assert results(view) == ["Busy"]


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
        assert len(record_rows(view)) == 2
        waiting_from = ticks.count
        released_later(holder, 0.3)
        qtbot.waitUntil(lambda: len(record_rows(view)) == 1)
        assert ticks.count - waiting_from >= 3
    assert services.calls.get(newer) is None
    assert view.model.record_at(record_rows(view)[0]).id == older
    assert selected_row(view) == record_rows(view)[0]
    assert view.delete_action.isEnabled() and view.clear_button.isEnabled()
    assert visible_box(view) is None


# --- what is stored ------------------------------------------------------------------------


def test_text_that_is_no_number_is_explained_in_the_window_but_never_stored(
    window, services, qtbot
) -> None:
    window.dial_field.setFocus()
    qtbot.keyClicks(window.dial_field, "abc")
    with qtbot.waitSignal(window.controller.finished) as finished:
        qtbot.keyClick(window.dial_field, Qt.Key.Key_Return)
    assert finished.args[0].status == "invalid"
    assert "abc" in window.status.detail.text()  # the agent still reads why
    assert window.dial_field.text() == "abc"  # and keeps what was typed
    assert services.calls.count() == 0
    assert window.recents.model.rowCount() == 0
    assert window.recents.empty.text() == "No calls yet."


def test_an_autocall_call_back_says_where_it_came_from(view, services, qtbot) -> None:
    # The Campaigns tab's call-backs go through the same dialer, as calls of their own kind.
    finish(qtbot, services.dialer.dial("0901 234 567", source="autocall"))
    select(view, 0)
    assert view.details.source.text() == "AutoCall call-back"
    i18n.install("vi")
    try:
        view.details.show_record(view.details.record)
        assert view.details.source.text() == "Gọi lại từ AutoCall"
    finally:
        i18n.install("en")
