"""The Contacts tab and the contact dialog with real widgets over the real store (offscreen)."""

from __future__ import annotations

import csv
import gc
import threading
import time
from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QWidget

from omidesk.domain.contacts import Contact, ContactSummary, Phone
from omidesk.ui.contact_dialog import ContactDialog
from omidesk.ui.contacts_model import ContactsModel
from omidesk.ui.contacts_view import SEARCH_DELAY_MS, ContactsView
from omidesk.ui.theme import error_style
from tests.locks import lock_held_by_a_thread
from tests.test_ui_recents import dial


# The offscreen platform plugin says these for every top-level window with size limits, for
# a popup menu grabbing the keyboard and for a dialog brought to the front: they are about the
# test platform, not about the widgets.
def contact(name: str, numbers: list[tuple[str, str]], company: str = "", **kw) -> Contact:
    phones = tuple(Phone.parse(number, label) for number, label in numbers)
    return Contact(name=name, phones=phones, company=company, **kw)


SAMPLES = [
    contact(
        "Nguyễn Văn An",
        [("0901 234 567", "di động"), ("028 3822 1234", "công ty")],
        "Vinamilk",
    ),
    contact("Đặng Thị Hương", [("0935 678 901", "di động")], "Highlands Coffee", owners=("105",)),
    contact("Trần Thị Bích Ngọc", [("0912 345 678", "di động")], "FPT Shop", favorite=True),
    contact("Lê Hoàng Nam", [("0123 45", "số cũ")], "Thế Giới Di Động"),
    contact("Võ Minh Tuấn", [("0983 112 233", "")]),
]


@pytest.fixture
def samples(services) -> dict[str, int]:
    ids = services.contacts.add_many(SAMPLES)
    return {sample.name: contact_id for sample, contact_id in zip(SAMPLES, ids, strict=True)}


@pytest.fixture
def view(services, samples, qtbot) -> ContactsView:
    widget = ContactsView(services.contact_book, lambda: services.lang)
    qtbot.addWidget(widget)
    widget.resize(520, 480)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def names(view: ContactsView) -> list[str]:
    return [view.model.index(row).data() for row in range(view.model.rowCount())]


def search(qtbot, view: ContactsView, text: str) -> None:
    view.search.clear()
    qtbot.keyClicks(view.search, text)
    # The search waits for a pause in typing (the debounce), then runs.
    qtbot.waitUntil(lambda: view.model.query == text)


def select(view: ContactsView, name: str) -> None:
    row = names(view).index(name)
    view.list.setFocus()
    view.list.setCurrentIndex(view.model.index(row))


def visible_box(widget: QWidget) -> QMessageBox | None:
    boxes = [box for box in widget.findChildren(QMessageBox) if box.isVisible()]
    return boxes[0] if boxes else None


def open_dialog(qtbot, view: ContactsView) -> ContactDialog:
    qtbot.waitUntil(lambda: view.dialog is not None and view.dialog.isVisible())
    dialog = view.dialog
    assert dialog is not None
    # A window manager gives a new dialog the focus; the offscreen platform waits to be asked.
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def click(qtbot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_in(qtbot, field: QWidget, text: str) -> None:
    """Types text key by key, Vietnamese letters included (QTest's keyClicks knows only
    ASCII): each key press carries its text, as a keyboard layout or input method sends it."""
    for char in text:
        if char.isascii():
            qtbot.keyClick(field, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(field, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def retype(qtbot, field, text: str) -> None:
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    type_in(qtbot, field, text)


# --- the list --------------------------------------------------------------------------------


def test_favourites_first_then_by_name(view) -> None:
    assert names(view) == [
        "Trần Thị Bích Ngọc",
        "Đặng Thị Hương",
        "Lê Hoàng Nam",
        "Nguyễn Văn An",
        "Võ Minh Tuấn",
    ]
    assert view.stack.currentWidget() is view.list
    # The first row is selected: what Enter would call.
    assert view.selected_row() == 0


def test_rows_show_company_number_star_and_flags(view) -> None:
    model = view.model
    rows = {name: model.index(row) for row, name in enumerate(names(view))}
    an, ngoc, nam = rows["Nguyễn Văn An"], rows["Trần Thị Bích Ngọc"], rows["Lê Hoàng Nam"]
    assert an.data(ContactsModel.CompanyRole) == "Vinamilk"
    assert an.data(ContactsModel.NumberRole) == "0901 234 567"
    assert ngoc.data(ContactsModel.FavoriteRole) is True
    assert not ngoc.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert an.data(Qt.ItemDataRole.DecorationRole) is None
    tooltip = an.data(Qt.ItemDataRole.ToolTipRole)
    assert "di động: 0901 234 567" in tooltip
    assert "công ty: 028 3822 1234" in tooltip
    assert nam.data(ContactsModel.FlaggedRole) is True
    assert an.data(ContactsModel.FlaggedRole) is False
    assert "số cũ: 0123 45 (not a valid number)" in nam.data(Qt.ItemDataRole.ToolTipRole)
    spoken = ngoc.data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == "Trần Thị Bích Ngọc, FPT Shop, 0912 345 678, favourite"
    assert "has an invalid number" in nam.data(Qt.ItemDataRole.AccessibleTextRole)
    assert an.data(Qt.ItemDataRole.AccessibleTextRole) == (
        "Nguyễn Văn An, Vinamilk, 0901 234 567, 2 numbers"
    )


def test_a_row_says_how_many_numbers_the_contact_has(view) -> None:
    model = view.model
    rows = {name: model.index(row) for row, name in enumerate(names(view))}
    delegate = view.list.itemDelegate()
    assert delegate.detail_text(rows["Nguyễn Văn An"]) == "Vinamilk · 0901 234 567 · 2 numbers"
    assert delegate.detail_text(rows["Trần Thị Bích Ngọc"]) == "FPT Shop · 0912 345 678"


def test_each_row_shows_its_own_contact_whatever_the_order_asked(view) -> None:
    model = view.model
    shown = names(view)
    model.refresh()  # nothing read since
    display, number = Qt.ItemDataRole.DisplayRole, ContactsModel.NumberRole
    assert model.data(QModelIndex(), display) is None
    first, last = model.index(0), model.index(len(shown) - 1)
    # A painter asks for every role of a row in turn, then the next row, and back.
    asked = [(first, display), (first, number), (last, display), (first, display)]
    assert [model.data(index, role) for index, role in asked] == [
        shown[0],
        model.summary_at(0).number,
        shown[-1],
        shown[0],
    ]
    assert model.data(QModelIndex(), number) is None
    assert model.data(model.index(len(shown)), display) is None


def test_the_list_reads_only_what_its_rows_show(view, services, monkeypatch) -> None:
    model = view.model
    store = services.contacts
    whole: list[list[int]] = []
    get_many = store.get_many
    monkeypatch.setattr(store, "get_many", lambda ids: whole.append(list(ids)) or get_many(ids))
    model.refresh()
    view.list.viewport().repaint()
    # Painted from summaries, read a screenful at a time: no Contact, no Phone built.
    assert not whole
    assert model.cached_count == len(SAMPLES) <= ContactsModel.CHUNK
    row = names(view).index("Nguyễn Văn An")
    summary = model.summary_at(row)
    assert summary == ContactSummary.of(get_many([summary.id])[0])
    # Dialling or editing reads the whole contact, as the store has it now.
    changed = replace(get_many([summary.id])[0], phones=(Phone.parse("0977 123 456", "mới"),))
    store.update(changed)
    contact = model.contact_at(row)
    assert contact is not None and contact.phones == changed.phones
    assert whole == [[summary.id]]
    # Deleted meanwhile (by another OmiDesk): the row has nothing left to give.
    store.delete(summary.id)
    assert model.contact_at(row) is None
    assert model.summary_at(row) is None
    assert model.index(row).data() is None


def test_rows_are_painted_sharp_at_200_percent(view) -> None:
    # Drawn into a 2x image as on a 200% screen: the delegate paints text and vector icons
    # through the painter, so something is drawn and nothing is scaled up from 1x.
    viewport = view.list.viewport()
    image = QImage(viewport.size() * 2, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(2.0)
    image.fill(0)
    painter = QPainter(image)
    viewport.render(painter, QPoint(0, 0))
    painter.end()
    row_height = view.list.sizeHintForRow(0)
    assert row_height >= 2 * view.list.fontMetrics().height()
    inked = {
        image.pixel(x, y)
        for x in range(0, image.width(), 3)
        for y in range(0, min(image.height(), row_height * 2))
    }
    assert len(inked) > 3


def test_typing_without_accents_finds_the_name(view, qtbot) -> None:
    search(qtbot, view, "dang huong")
    assert names(view) == ["Đặng Thị Hương"]
    search(qtbot, view, "huong")
    assert names(view) == ["Đặng Thị Hương"]


def test_digits_find_the_number_anywhere(view, qtbot) -> None:
    search(qtbot, view, "4567")
    # 0901 234 567 and 0912 345 678 both hold the digits 4567.
    assert set(names(view)) == {"Nguyễn Văn An", "Trần Thị Bích Ngọc"}
    search(qtbot, view, "3822")
    assert names(view) == ["Nguyễn Văn An"]


def test_search_waits_for_a_pause_in_typing(view, qtbot) -> None:
    started = time.monotonic()
    qtbot.keyClicks(view.search, "ngoc")
    assert view.model.query == ""  # not yet: one query per pause, not per key
    qtbot.waitUntil(lambda: view.model.query == "ngoc")
    assert time.monotonic() - started >= SEARCH_DELAY_MS / 1000 * 0.9
    assert names(view) == ["Trần Thị Bích Ngọc"]


def test_no_match_shows_the_empty_state_and_esc_clears(view, qtbot) -> None:
    search(qtbot, view, "zzz")
    assert view.stack.currentWidget() is view.empty
    assert "zzz" in view.empty.text()
    qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    assert view.search.text() == ""
    qtbot.waitUntil(lambda: view.model.rowCount() == len(SAMPLES))
    assert view.stack.currentWidget() is view.list


def test_an_empty_book_says_how_to_add(services, qtbot) -> None:
    widget = ContactsView(services.contact_book, lambda: services.lang)
    qtbot.addWidget(widget)
    assert widget.stack.currentWidget() is widget.empty
    assert "Add" in widget.empty.text()
    assert not widget.edit_action.isEnabled()
    assert not widget.delete_action.isEnabled()


# --- dialling --------------------------------------------------------------------------------


def test_enter_in_the_search_box_dials_the_first_result(view, qtbot) -> None:
    search(qtbot, view, "dang huong")
    with qtbot.waitSignal(view.dialRequested) as dialled:
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert dialled.args == ["+84935678901", "window"]


def test_enter_right_after_typing_searches_first(view, qtbot) -> None:
    # No waiting for the debounce: Enter runs the search, then dials its first result.
    qtbot.keyClicks(view.search, "vo minh")
    with qtbot.waitSignal(view.dialRequested) as dialled:
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert dialled.args == ["+84983112233", "window"]


def test_down_moves_into_the_list_and_enter_dials_the_selection(view, qtbot) -> None:
    view.focus_search()
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert view.list.hasFocus()
    qtbot.keyClick(view.list, Qt.Key.Key_Down)
    assert view.selected_contact().name == "Đặng Thị Hương"
    with qtbot.waitSignal(view.dialRequested) as dialled:
        qtbot.keyClick(view.list, Qt.Key.Key_Return)
    assert dialled.args == ["+84935678901", "window"]
    # Up from the first row goes back to the search box.
    qtbot.keyClick(view.list, Qt.Key.Key_Up)
    qtbot.keyClick(view.list, Qt.Key.Key_Up)
    assert view.search.hasFocus()


def test_double_click_dials(view, qtbot) -> None:
    row = names(view).index("Võ Minh Tuấn")
    rect = view.list.visualRect(view.model.index(row))
    # A double click is a press, a release, then the double click itself.
    qtbot.mouseClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(view.dialRequested) as dialled:
        qtbot.mouseDClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialled.args == ["+84983112233", "window"]


def test_several_numbers_offer_a_menu_and_the_second_is_dialled(view, qtbot) -> None:
    search(qtbot, view, "nguyen van an")
    dialled: list[tuple[str, str]] = []
    view.dialRequested.connect(lambda text, source: dialled.append((text, source)))
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert [action.text() for action in menu.actions()] == [
        "di động: 0901 234 567",
        "công ty: 028 3822 1234",
    ]
    assert dialled == []  # nothing is called before the agent picks
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialled == [("+842838221234", "window")])
    assert not menu.isVisible()


def test_an_invalid_number_shows_disabled_in_the_menu(services, view, qtbot, samples) -> None:
    an = services.contacts.get(samples["Nguyễn Văn An"])
    services.contacts.update(
        Contact(
            name=an.name,
            id=an.id,
            phones=(Phone.parse("0901 234 567", "di động"), Phone.parse("999", "cũ")),
        )
    )
    view.refresh()
    search(qtbot, view, "nguyen")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    first, second = menu.actions()
    assert first.isEnabled()
    assert not second.isEnabled()
    assert second.text() == "cũ: 999 (not a valid number)"
    # The callable number is active: Enter calls it.
    with qtbot.waitSignal(view.dialRequested) as dialled:
        qtbot.keyClick(menu, Qt.Key.Key_Return)
    assert dialled.args == ["+84901234567", "window"]


def test_no_valid_number_says_so_in_the_view(view, qtbot) -> None:
    search(qtbot, view, "le hoang nam")
    with qtbot.assertNotEmitted(view.dialRequested):
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert view.notice.isVisible()
    assert "0123 45" in view.notice.text()
    assert "Edit the contact" in view.notice.text()
    assert visible_box(view) is None  # a notice, not a modal
    # Moving on hides it.
    qtbot.keyClicks(view.search, "x")
    assert not view.notice.isVisible()


# --- adding, editing, deleting -----------------------------------------------------------------


def test_add_a_contact_through_the_dialog(view, services, qtbot) -> None:
    click(qtbot, view.add_button)
    dialog = open_dialog(qtbot, view)
    assert dialog.windowTitle() == "New contact"
    type_in(qtbot, dialog.name, "Phạm Thị Thu Hà")
    qtbot.keyClicks(dialog.rows[0].number, "0987654321")
    # What will be dialled is shown as the number is typed.
    assert dialog.rows[0].hint.text() == "✓ 0987 654 321"
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    (found,) = services.contacts.search("pham thi thu ha")
    assert [phone.e164 for phone in found.phones] == ["+84987654321"]
    assert "Phạm Thị Thu Hà" in names(view)
    assert view.selected_contact().id == found.id
    assert view.dialog is None


def test_a_contact_hidden_by_the_search_is_shown_once_added(view, services, qtbot) -> None:
    search(qtbot, view, "huong")
    view.add_contact("0977 123 456")
    dialog = open_dialog(qtbot, view)
    type_in(qtbot, dialog.name, "Phạm Văn Bình")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert view.search.text() == "Phạm Văn Bình"
    assert names(view) == ["Phạm Văn Bình"]
    assert view.selected_contact().phones[0].e164 == "+84977123456"


def test_a_missing_name_is_pointed_at_and_nothing_is_saved(view, services, qtbot) -> None:
    view.add_contact()
    dialog = open_dialog(qtbot, view)
    qtbot.keyClicks(dialog.rows[0].number, "0987654321")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.name_error.isVisible()
    assert dialog.name_error.text() == "Type the contact's name."
    assert dialog.name_error.styleSheet() == error_style()
    assert dialog.name.hasFocus()
    assert services.contacts.count() == len(SAMPLES)
    # Typing the name clears the error.
    type_in(qtbot, dialog.name, "Hà")
    assert not dialog.name_error.isVisible()


def test_a_number_is_required(view, services, qtbot) -> None:
    view.add_contact()
    dialog = open_dialog(qtbot, view)
    type_in(qtbot, dialog.name, "Không Số")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.numbers_error.isVisible()
    assert dialog.rows[0].number.hasFocus()
    assert services.contacts.count() == len(SAMPLES)


def test_an_invalid_number_is_warned_about_but_kept_flagged(view, services, qtbot) -> None:
    view.add_contact()
    dialog = open_dialog(qtbot, view)
    type_in(qtbot, dialog.name, "Số Sai")
    qtbot.keyClicks(dialog.rows[0].number, "0123")
    hint = dialog.rows[0].hint
    assert hint.isVisible()
    assert "too short" in hint.text()
    assert "saved as typed" in hint.text()
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    (saved,) = services.contacts.search("so sai")
    assert saved.phones == (Phone(number="0123"),)


def test_numbers_can_be_added_and_removed(view, services, qtbot) -> None:
    view.add_contact()
    dialog = open_dialog(qtbot, view)
    assert not dialog.rows[0].remove.isEnabled()  # there is always one row
    type_in(qtbot, dialog.name, "Hai Số")
    qtbot.keyClicks(dialog.rows[0].number, "0987654321")
    click(qtbot, dialog.add_number_button)
    assert len(dialog.rows) == 2
    assert dialog.rows[1].number.hasFocus()
    qtbot.keyClicks(dialog.rows[1].number, "0912000111")
    type_in(qtbot, dialog.rows[1].label, "nhà")
    click(qtbot, dialog.add_number_button)
    click(qtbot, dialog.rows[2].remove)
    assert len(dialog.rows) == 2
    assert dialog.rows[1].number.accessibleName() == "Number 2"
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    (saved,) = services.contacts.search("hai so")
    assert [(phone.label, phone.display) for phone in saved.phones] == [
        ("", "0987 654 321"),
        ("nhà", "0912 000 111"),
    ]


def test_edit_changes_a_number(view, services, samples, qtbot) -> None:
    select(view, "Đặng Thị Hương")
    click(qtbot, view.edit_button)
    dialog = open_dialog(qtbot, view)
    assert dialog.windowTitle() == "Edit contact"
    assert dialog.name.text() == "Đặng Thị Hương"
    assert dialog.rows[0].label.text() == "di động"
    retype(qtbot, dialog.rows[0].number, "0935 111 222")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    stored = services.contacts.get(samples["Đặng Thị Hương"])
    assert [(phone.label, phone.e164) for phone in stored.phones] == [("di động", "+84935111222")]
    assert stored.company == "Highlands Coffee"
    assert services.contacts.count() == len(SAMPLES)
    assert view.selected_contact().phones == stored.phones


def test_owners_are_shown_edited_saved_and_exported(view, services, samples, qtbot, tmp_path):
    select(view, "Đặng Thị Hương")
    click(qtbot, view.edit_button)
    dialog = open_dialog(qtbot, view)
    assert dialog.owners.text() == "105"
    # What is no extension is said as typed, and nothing is saved.
    retype(qtbot, dialog.owners, "105 1o2")
    qtbot.waitUntil(dialog.owners_error.isVisible)
    assert "“1o2”" in dialog.owners_error.text()
    assert "digits" in dialog.owners_error.text()
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.focusWidget() is dialog.owners
    assert dialog.owners.text() == "105 1o2"  # kept as typed, to be fixed
    assert services.contacts.get(samples["Đặng Thị Hương"]).owners == ("105",)
    # More than OMICall rings is refused too.
    retype(qtbot, dialog.owners, "101 102 103 104 105 106")
    assert "at most 5" in dialog.owners_error.text()
    # Valid, in any separator: saved in order, each once.
    retype(qtbot, dialog.owners, "105, 102;101 102")
    assert not dialog.owners_error.isVisible()
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    stored = services.contacts.get(samples["Đặng Thị Hương"])
    assert stored.owners == ("105", "102", "101")
    assert stored.company == "Highlands Coffee"
    # The export an admin feeds to the routing service carries them.
    path = tmp_path / "contacts.csv"
    services.contact_export(path)
    rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    owners = {row["Name"]: row["Owners"] for row in rows}
    assert owners["Đặng Thị Hương"] == "105:102:101"
    assert owners["Võ Minh Tuấn"] == ""
    # Emptied: the contact has no owner any more.
    select(view, "Đặng Thị Hương")
    click(qtbot, view.edit_button)
    dialog = open_dialog(qtbot, view)
    assert dialog.owners.text() == "105, 102, 101"
    retype(qtbot, dialog.owners, "")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert services.contacts.get(samples["Đặng Thị Hương"]).owners == ()


def test_delete_asks_and_deletes_only_after_yes(view, services, samples, qtbot) -> None:
    select(view, "Võ Minh Tuấn")
    click(qtbot, view.delete_button)
    qtbot.waitUntil(lambda: visible_box(view) is not None)
    box = visible_box(view)
    assert "Võ Minh Tuấn" in box.text()
    click(qtbot, box.button(QMessageBox.StandardButton.No))
    qtbot.waitUntil(lambda: visible_box(view) is None)
    assert services.contacts.get(samples["Võ Minh Tuấn"]) is not None

    qtbot.keyClick(view.list, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: visible_box(view) is not None)
    box = visible_box(view)
    assert box.button(QMessageBox.StandardButton.Yes).text() == "Delete"
    click(qtbot, box.button(QMessageBox.StandardButton.Yes))
    qtbot.waitUntil(lambda: "Võ Minh Tuấn" not in names(view))
    assert services.contacts.get(samples["Võ Minh Tuấn"]) is None
    # The keyboard stays in place: the row that took its place is selected.
    assert view.selected_contact().name == "Nguyễn Văn An"


def test_favourite_toggle_moves_the_contact_to_the_top(view, services, samples, qtbot) -> None:
    select(view, "Võ Minh Tuấn")
    assert not view.favorite_action.isChecked()
    click(qtbot, view.favorite_button)
    assert services.contacts.get(samples["Võ Minh Tuấn"]).favorite
    assert names(view)[:2] == ["Trần Thị Bích Ngọc", "Võ Minh Tuấn"]
    select(view, "Đặng Thị Hương")
    click(qtbot, view.favorite_button)
    assert names(view)[0] == "Đặng Thị Hương"
    # The selection follows the contact, and the button shows its new state.
    assert view.selected_contact().name == "Đặng Thị Hương"
    assert view.favorite_action.isChecked()
    click(qtbot, view.favorite_button)
    assert not services.contacts.get(samples["Đặng Thị Hương"]).favorite
    assert names(view)[:2] == ["Trần Thị Bích Ngọc", "Võ Minh Tuấn"]


def test_add_contact_opens_the_dialog_prefilled(view, services, qtbot) -> None:
    view.add_contact("0912345678")
    dialog = open_dialog(qtbot, view)
    assert [row.number.text() for row in dialog.rows] == ["0912345678"]
    assert dialog.rows[0].hint.text() == "✓ 0912 345 678"
    assert dialog.name.hasFocus()
    # Asked again while it is open: the same dialog, with the number added.
    view.add_contact("0983 000 111")
    assert view.dialog is dialog
    assert [row.number.text() for row in dialog.rows] == ["0912345678", "0983 000 111"]
    click(qtbot, dialog.cancel_button)
    qtbot.waitUntil(lambda: view.dialog is None)
    assert services.contacts.count() == len(SAMPLES)


def test_a_duplicate_is_pointed_out_and_can_be_opened(view, services, samples, qtbot) -> None:
    view.add_contact("0935 678 901")
    dialog = open_dialog(qtbot, view)
    qtbot.keyClicks(dialog.name, "dang thi huong")
    assert dialog.duplicate_box.isVisible()
    assert "Đặng Thị Hương" in dialog.duplicate_note.text()
    assert "0935 678 901" in dialog.duplicate_note.text()
    qtbot.keyClicks(dialog.email, "huong@example.vn")
    # Save first points at it again rather than saving a second copy.
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert services.contacts.count() == len(SAMPLES)
    assert "second copy" in dialog.save_button.text()
    click(qtbot, dialog.open_existing_button)
    assert dialog.windowTitle() == "Edit contact"
    assert dialog.name.text() == "Đặng Thị Hương"
    assert dialog.email.text() == "huong@example.vn"  # what was typed is kept
    assert not dialog.duplicate_box.isVisible()
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert services.contacts.count() == len(SAMPLES)
    assert services.contacts.get(samples["Đặng Thị Hương"]).email == "huong@example.vn"


def test_a_second_copy_is_saved_when_confirmed(view, services, qtbot) -> None:
    view.add_contact("0935 678 901")
    dialog = open_dialog(qtbot, view)
    type_in(qtbot, dialog.name, "Đặng Thị Hương")
    click(qtbot, dialog.save_button)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert services.contacts.count() == len(SAMPLES) + 1


# --- keyboard and names ------------------------------------------------------------------------


def test_every_control_is_named(view, qtbot) -> None:
    for control in (
        view.search,
        view.list,
        view.add_button,
        view.edit_button,
        view.delete_button,
        view.favorite_button,
    ):
        assert control.accessibleName(), control
    assert view.search.placeholderText() == "Search name, company or number"
    # Tab goes from the search box to the list, then along the buttons.
    view.focus_search()
    walked = [view.search]
    for _ in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        walked.append(QApplication.focusWidget())
    assert walked == [
        view.search,
        view.list,
        view.add_button,
        view.edit_button,
        view.delete_button,
        view.favorite_button,
    ]
    view.add_contact()
    dialog = open_dialog(qtbot, view)
    for control in (
        dialog.name,
        dialog.company,
        dialog.rows[0].number,
        dialog.rows[0].label,
        dialog.rows[0].remove,
        dialog.add_number_button,
        dialog.email,
        dialog.note,
        dialog.favorite,
        dialog.owners,
        dialog.owners_error,
        dialog.save_button,
        dialog.cancel_button,
    ):
        assert control.accessibleName(), control
    # Tab walks the form in the order it is shown, numbers included.
    dialog.name.setFocus()
    walked = [dialog.name]
    for _ in range(5):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        walked.append(dialog.focusWidget())
    assert walked == [
        dialog.name,
        dialog.company,
        dialog.rows[0].number,
        dialog.rows[0].label,
        dialog.add_number_button,  # Remove is disabled while there is one number
        dialog.email,
    ]


def test_focus_search_selects_the_text(view, qtbot) -> None:
    search(qtbot, view, "an")
    view.list.setFocus()
    view.focus_search()
    assert view.search.hasFocus()
    assert view.search.selectedText() == "an"


def test_typing_over_the_list_goes_to_the_search_box(view, qtbot) -> None:
    view.list.setFocus()
    qtbot.keyClicks(view.list, "tuan")
    assert view.search.hasFocus()
    qtbot.waitUntil(lambda: names(view) == ["Võ Minh Tuấn"])


def test_language_change_keeps_the_state(view, qtbot) -> None:
    search(qtbot, view, "le hoang")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    shown = view.notice.text()
    QApplication.sendEvent(view, QEvent(QEvent.Type.LanguageChange))
    assert view.search.text() == "le hoang"
    assert view.notice.isVisible()
    assert view.notice.text() == shown


# --- at scale ----------------------------------------------------------------------------------


def test_many_contacts_are_fetched_a_page_at_a_time_with_a_bounded_cache(services, qtbot) -> None:
    total = 5000
    services.contacts.add_many(
        Contact(
            name=f"Khách {index:05d}",
            phones=(Phone(number=f"09{index:08d}", e164=f"+849{index:08d}", valid=True),),
        )
        for index in range(total)
    )
    widget = ContactsView(services.contact_book, lambda: services.lang)
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.show()
    qtbot.waitExposed(widget)
    model = widget.model
    assert model.rowCount() == ContactsModel.PAGE
    assert model.cached_count <= ContactsModel.CHUNK
    # Scrolling to the end of what is loaded brings the next page.
    widget.list.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 2 * ContactsModel.PAGE)

    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == total
    assert not model.canFetchMore()
    for row in range(total):
        assert model.index(row).data() == f"Khách {row:05d}"
        assert model.cached_count <= model.cache_size
    assert model.cached_count == model.cache_size
    gc.collect()
    alive = sum(1 for thing in gc.get_objects() if isinstance(thing, Contact))
    assert alive <= model.cache_size + 10
    # Back to the top: evicted rows are read again, unchanged.
    assert model.contact_at(0).name == "Khách 00000"

    # A search starts again from one page.
    widget.search.setText("khach 0")
    widget.apply_search()
    assert model.rowCount() == ContactsModel.PAGE
    assert model.cached_count <= ContactsModel.CHUNK


def test_a_store_locked_by_another_program_is_said_and_changes_nothing(
    view, services, samples, qtbot
) -> None:
    import sqlite3

    from omidesk.domain.catalogue import explain

    # Another program holds the write lock; ours gives up after a short wait (not 5 s):
    # an edit awaits the lock for as long as the store lets an awaited write wait.
    services.db.timeout_s = 0.2
    other = sqlite3.connect(services.db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        select(view, "Võ Minh Tuấn")
        click(qtbot, view.favorite_button)
        qtbot.waitUntil(lambda: visible_box(view) is not None)
        box = visible_box(view)
        problem = explain("store_locked", "en")
        assert box.windowTitle() == "Contacts"
        assert (box.text(), box.informativeText()) == (problem.message, problem.next_step)
        assert box.button(QMessageBox.StandardButton.Ok).text() == "OK"
        # The button shows what is stored: not a favourite.
        assert not view.favorite_action.isChecked()
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: visible_box(view) is None)
    finally:
        other.rollback()
        other.close()
    assert not services.contacts.get(samples["Võ Minh Tuấn"]).favorite


# --- edits while an import holds the store --------------------------------------------------


class Ticks:
    """Counts the turns of the window's event loop (a 5 ms timer): it goes on counting
    only while nothing blocks the loop."""

    def __init__(self) -> None:
        self.count = 0
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        self.count += 1


def released_later(holder, seconds: float) -> None:
    """Lets the lock go after `seconds`, as an import's batch does once committed."""
    threading.Timer(seconds, holder.release).start()


def test_a_contact_saved_while_an_import_holds_the_store_is_saved_once_it_lets_go(
    view, services, qtbot
) -> None:
    view.add_contact("0977 123 456")
    dialog = open_dialog(qtbot, view)
    type_in(qtbot, dialog.name, "Phạm Văn Bình")
    said: list[tuple[bool, str]] = []
    dialog.finished.connect(
        lambda _: said.append((dialog.problem.isVisible(), dialog.problem.text()))
    )
    ticks = Ticks()
    with lock_held_by_a_thread(services.db.path) as holder:
        click(qtbot, dialog.save_button)
        # Waiting for the lock: the dialog says so and takes no second Save or Cancel.
        assert dialog.isVisible()
        assert not dialog.save_button.isEnabled() and not dialog.cancel_button.isEnabled()
        assert dialog.save_button.text() == "Saving…"
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert dialog.isVisible()
        waiting_from = ticks.count
        released_later(holder, 0.3)
        qtbot.waitUntil(lambda: not holder.is_alive(), timeout=10_000)
        # The window ran on while the save waited.
        assert ticks.count - waiting_from >= 3
    qtbot.waitUntil(lambda: view.dialog is None, timeout=10_000)
    assert said == [(False, "")]
    assert visible_box(view) is None
    (saved,) = services.contacts.search("pham van binh")
    assert [phone.e164 for phone in saved.phones] == ["+84977123456"]
    assert view.selected_contact().id == saved.id


def test_favourite_and_delete_made_while_an_import_holds_the_store_wait_for_it(
    view, services, samples, qtbot
) -> None:
    select(view, "Võ Minh Tuấn")
    ticks = Ticks()
    with lock_held_by_a_thread(services.db.path) as holder:
        click(qtbot, view.favorite_button)
        # Pending: no second write meanwhile.
        assert not view.favorite_action.isEnabled()
        assert not view.delete_action.isEnabled() and not view.edit_action.isEnabled()
        waiting_from = ticks.count
        released_later(holder, 0.3)
        qtbot.waitUntil(lambda: services.contacts.get(samples["Võ Minh Tuấn"]).favorite)
        assert ticks.count - waiting_from >= 3
    qtbot.waitUntil(lambda: names(view)[:2] == ["Trần Thị Bích Ngọc", "Võ Minh Tuấn"])
    assert view.selected_contact().name == "Võ Minh Tuấn"
    assert view.favorite_action.isEnabled() and view.favorite_action.isChecked()

    with lock_held_by_a_thread(services.db.path) as holder:
        qtbot.keyClick(view.list, Qt.Key.Key_Delete)
        qtbot.waitUntil(lambda: visible_box(view) is not None)
        click(qtbot, visible_box(view).button(QMessageBox.StandardButton.Yes))
        assert not view.delete_action.isEnabled()
        assert "Võ Minh Tuấn" in names(view)
        released_later(holder, 0.3)
        qtbot.waitUntil(lambda: "Võ Minh Tuấn" not in names(view))
    assert services.contacts.get(samples["Võ Minh Tuấn"]) is None
    assert visible_box(view) is None
    assert view.delete_action.isEnabled()


# --- matches marked, an order that holds ---------------------------------------------------


def row_of(view: ContactsView, name: str):
    return view.model.index(names(view).index(name))


def marked(text: str, spans) -> list[str]:
    return [text[start:end] for start, end in spans]


def test_the_matched_part_of_name_company_and_number_is_marked(view, qtbot) -> None:
    delegate = view.list.itemDelegate()
    search(qtbot, view, "ngoc")
    index = row_of(view, "Trần Thị Bích Ngọc")
    name_marks, detail_marks = delegate.marks(index)
    assert marked("Trần Thị Bích Ngọc", name_marks) == ["Ngọc"]
    assert detail_marks == []
    search(qtbot, view, "highl")
    index = row_of(view, "Đặng Thị Hương")
    assert marked(delegate.detail_text(index), delegate.marks(index)[1]) == ["Highl"]
    search(qtbot, view, "678 9")
    index = row_of(view, "Đặng Thị Hương")
    detail = delegate.detail_text(index)
    assert detail == "Highlands Coffee · 0935 678 901"
    assert marked(detail, delegate.marks(index)[1]) == ["678 9"]
    # Nothing searched: nothing marked.
    search(qtbot, view, "")
    assert delegate.marks(row_of(view, "Đặng Thị Hương")) == ([], [])


def test_the_mark_is_painted_in_the_palette_highlight(view, qtbot) -> None:
    search(qtbot, view, "tuan")
    index = row_of(view, "Võ Minh Tuấn")
    view.list.clearSelection()
    view.list.setCurrentIndex(view.model.index(-1))
    qtbot.wait(0)
    rect = view.list.visualRect(index)
    image = view.list.viewport().grab(rect).toImage()
    base = view.list.palette().color(QPalette.ColorRole.Base)
    mark = view.list.palette().color(QPalette.ColorRole.Highlight)

    def tinted(colour: QColor) -> bool:  # the base drawn toward the highlight, not text
        return colour != base and abs(colour.hue() - mark.hue()) < 20 and colour.saturation() > 30

    top_half = [
        QColor(image.pixel(x, y)) for y in range(image.height() // 2) for x in range(image.width())
    ]
    assert any(tinted(colour) for colour in top_half)
    search(qtbot, view, "")
    image = view.list.viewport().grab(view.list.visualRect(row_of(view, "Võ Minh Tuấn"))).toImage()
    top_half = [
        QColor(image.pixel(x, y)) for y in range(image.height() // 2) for x in range(image.width())
    ]
    assert not any(tinted(colour) for colour in top_half)


def test_a_called_contact_keeps_its_row_until_the_next_search(
    view, services, samples, qtbot
) -> None:
    before = names(view)
    assert before[-1] == "Võ Minh Tuấn"
    assert dial(qtbot, services, "0983 112 233").status == "accepted"
    # An edit reads the list again: Hương becomes a favourite and goes up as asked, but
    # Tuấn, called since the list was searched, stays where the agent last saw him.
    select(view, "Đặng Thị Hương")
    click(qtbot, view.favorite_button)
    assert names(view) == [
        "Đặng Thị Hương",
        "Trần Thị Bích Ngọc",
        "Lê Hoàng Nam",
        "Nguyễn Văn An",
        "Võ Minh Tuấn",
    ]
    # A new search applies the recency boost: the called contact first after the favourites.
    search(qtbot, view, "a")
    search(qtbot, view, "")
    assert names(view)[2] == "Võ Minh Tuấn"
