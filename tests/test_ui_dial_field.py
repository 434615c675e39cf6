"""The one field: type-ahead over contacts and recent calls, dial by name with Enter or
Down+Enter, the name shown wherever a call's number is, and a status panel that follows
the text (real widgets offscreen, the real store, the sandbox over HTTP)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from omidesk.domain.contacts import Contact, Phone
from omidesk.sandbox.server import Sandbox
from omidesk.ui.main_window import MainWindow


@pytest.fixture
def book(services) -> None:
    services.contacts.add_many(
        [
            Contact("Trần Quốc Bảo", (Phone.parse("0987 654 321", "di động"),), "Viettel"),
            Contact("Trần Thị Bích Ngọc", (Phone.parse("0912 345 678"),), "FPT Shop"),
            Contact(
                "Nguyễn Văn An",
                (Phone.parse("0901 234 567", "mobile"), Phone.parse("028 3822 1234", "office")),
                "Vinamilk",
            ),
        ]
    )


def typed(qtbot, window: MainWindow, text: str) -> None:
    window.dial_field.setFocus()
    qtbot.keyClicks(window.dial_field, text)
    qtbot.waitUntil(lambda: window.suggestions.text == window.dial_field.text())


def shown_rows(window: MainWindow) -> list[str]:
    model = window.suggestions.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def enter(qtbot, window: MainWindow, *keys: Qt.Key) -> None:
    with qtbot.waitSignal(window.controller.finished, timeout=10_000):
        for key in (*keys, Qt.Key.Key_Return):
            qtbot.keyClick(window.dial_field, key)


def test_a_name_and_enter_dial_the_first_match(
    qtbot, window: MainWindow, book, configured: Sandbox
) -> None:
    typed(qtbot, window, "tran bao")
    assert window.suggestions.isVisible()
    assert shown_rows(window)[0] == "Trần Quốc Bảo"
    assert window.suggestions.current_row() == 0
    assert "Trần Quốc Bảo" in window.hint.text()
    enter(qtbot, window)
    (post,) = configured.click2calls()
    assert post.json["phone_number"] == "0987654321"
    assert not window.suggestions.isVisible()
    assert window.status.state == "accepted"
    assert "Trần Quốc Bảo" in window.status.title.text()
    # The field shows the number dialled, and the hint speaks of it (not of "tran bao").
    assert window.dial_field.text() == "0987 654 321"
    assert window.hint.text() == "✓ 0987 654 321 — Trần Quốc Bảo"


def test_down_and_enter_dial_the_highlighted_entry(
    qtbot, window: MainWindow, book, configured: Sandbox
) -> None:
    typed(qtbot, window, "tran")
    assert shown_rows(window)[:2] == ["Trần Quốc Bảo", "Trần Thị Bích Ngọc"]
    enter(qtbot, window, Qt.Key.Key_Down)
    (post,) = configured.click2calls()
    assert post.json["phone_number"] == "0912345678"


def test_digits_dial_themselves_unless_an_entry_is_chosen(
    qtbot, window: MainWindow, book, configured: Sandbox
) -> None:
    typed(qtbot, window, "0901234567")
    assert shown_rows(window) == ["Nguyễn Văn An"]
    assert window.suggestions.current_row() is None  # a number is dialled as typed
    assert window.hint.text() == "✓ 0901 234 567 — Nguyễn Văn An"
    enter(qtbot, window)
    assert configured.click2calls()[0].json["phone_number"] == "0901234567"
    assert "Nguyễn Văn An" in window.status.title.text()

    window.dial_field.clear()
    typed(qtbot, window, "0912")
    assert window.suggestions.current_row() is None
    enter(qtbot, window, Qt.Key.Key_Down)
    assert configured.click2calls()[1].json["phone_number"] == "0912345678"


def test_a_key_after_a_choice_starts_from_the_best_match_again(
    qtbot, window: MainWindow, book, configured: Sandbox
) -> None:
    """The entries of "tra" are those of "tr" (rewritten in place, not reset): the row
    chosen with Down for "tr" is not kept for the new text."""
    typed(qtbot, window, "tr")
    assert shown_rows(window) == ["Trần Quốc Bảo", "Trần Thị Bích Ngọc"]
    qtbot.keyClick(window.dial_field, Qt.Key.Key_Down)
    assert window.suggestions.current_row() == 1
    typed(qtbot, window, "a")
    assert shown_rows(window) == ["Trần Quốc Bảo", "Trần Thị Bích Ngọc"]
    assert window.suggestions.current_row() == 0
    assert "Trần Quốc Bảo" in window.hint.text()
    enter(qtbot, window)
    assert configured.click2calls()[0].json["phone_number"] == "0987654321"


def test_a_slow_search_never_queues_the_keys_behind_it(qtbot, window: MainWindow, book) -> None:
    """A store that answers slowly (a huge or cold one) is searched on the next turn of the
    loop, for the newest text only: keys typed meanwhile are not each searched."""
    import time

    searched: list[str] = []
    search = window.suggestions.search
    assert search is not None

    def slow(text: str):
        searched.append(text)
        time.sleep(0.02)  # past SEARCH_INLINE_S: the next keys wait for the loop's turn
        return search(text)

    window.suggestions.search = slow
    window.dial_field.setFocus()
    qtbot.keyClicks(window.dial_field, "tran")  # four keys, no turn of the loop between
    qtbot.waitUntil(lambda: window.suggestions.text == "tran")
    assert searched == ["t", "tran"]
    assert shown_rows(window) == ["Trần Quốc Bảo", "Trần Thị Bích Ngọc"]


def test_a_contact_with_two_numbers_offers_both(qtbot, window: MainWindow, book) -> None:
    typed(qtbot, window, "nguyen an")
    model = window.suggestions.model
    numbers = [model.entry(row).number for row in range(model.rowCount())]
    assert numbers == ["0901 234 567", "028 3822 1234"]


def test_an_unknown_number_says_so(qtbot, window: MainWindow, book) -> None:
    typed(qtbot, window, "0933333333")
    assert window.hint.text() == "✓ 0933 333 333 — not in your contacts"
    assert not window.suggestions.isVisible()


def test_escape_closes_the_list_first_then_clears(qtbot, window: MainWindow, book) -> None:
    typed(qtbot, window, "tran")
    qtbot.keyClick(window.dial_field, Qt.Key.Key_Escape)
    assert not window.suggestions.isVisible()
    assert window.dial_field.text() == "tran"
    qtbot.keyClick(window.dial_field, Qt.Key.Key_Escape)
    assert window.dial_field.text() == ""


def test_a_click_on_an_entry_dials_it(qtbot, window: MainWindow, book, configured) -> None:
    typed(qtbot, window, "ngoc")
    view = window.suggestions.view
    rect = view.visualRect(window.suggestions.model.index(0, 0))
    with qtbot.waitSignal(window.controller.finished):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert configured.click2calls()[0].json["phone_number"] == "0912345678"
    assert QApplication.focusWidget() is window.dial_field


def test_a_number_from_recent_calls_is_offered_with_its_result(
    qtbot, window: MainWindow, configured: Sandbox
) -> None:
    typed(qtbot, window, "0900000001")
    enter(qtbot, window)
    window.dial_field.clear()
    typed(qtbot, window, "0900 000")
    model = window.suggestions.model
    entry = model.entry(0)
    assert entry.number == "0900 000 001"
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole).endswith("Busy")


def test_new_text_replaces_the_last_result(qtbot, window: MainWindow, configured) -> None:
    typed(qtbot, window, "0900000001")
    enter(qtbot, window)
    assert window.status.state == "rejected"
    qtbot.keyClicks(window.dial_field, "0912")  # the result's text is selected: replaced
    assert window.dial_field.text() == "0912"
    assert window.status.state == "idle"
    assert "Busy" not in window.status.detail.text()


def test_the_hint_and_result_name_the_contact_in_vietnamese(
    qtbot, window: MainWindow, book, configured
) -> None:
    window.set_language("vi")
    qtbot.waitUntil(lambda: window.call_button.text() == "Gọi")
    typed(qtbot, window, "0933333333")
    assert window.hint.text() == "✓ 0933 333 333 — không có trong danh bạ"
    window.dial_field.clear()
    typed(qtbot, window, "tran bao")
    enter(qtbot, window)
    assert "Trần Quốc Bảo" in window.status.title.text()
    window.set_language("en")


def test_waiting_counts_the_seconds_and_rings_only_after_the_answer(
    qtbot, window: MainWindow, configured: Sandbox
) -> None:
    configured.slow_seconds = 1.3  # the sandbox's slow number answers after this
    typed(qtbot, window, "0900000020")
    with qtbot.waitSignal(window.controller.finished, timeout=10_000):
        qtbot.keyClick(window.dial_field, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "1 s of at most 2 s" in window.status.detail.text())
        assert window.status.title.text() == "Calling 0900 000 020…"
    assert window.status.detail.text().startswith("Your extension 101 is ringing")


def test_the_call_uuid_never_widens_the_dial_pane(
    qtbot, window: MainWindow, configured: Sandbox
) -> None:
    before = window.splitter.sizes()
    typed(qtbot, window, "0901234567")
    enter(qtbot, window)
    assert window.status.state == "accepted"
    qtbot.wait(50)  # layouts settle on the next turns of the loop
    assert window.splitter.sizes() == before
    assert window.status.uuid.toolTip().endswith(window.status.outcome.call_uuid)


def test_the_drop_down_keeps_to_the_field_in_a_narrow_pane(qtbot, window: MainWindow, book) -> None:
    window.resize(800, 600)
    window.splitter.setSizes([240, 560])
    qtbot.waitUntil(lambda: window.dial_field.width() < 300)
    typed(qtbot, window, "tran")
    assert window.suggestions.isVisible()
    field = window.dial_field
    left = field.mapTo(window, QPoint(0, 0)).x()
    box = window.suggestions.geometry()
    # Under the field, no wider than the part of it one sees: the contacts list beside it
    # stays uncovered.
    assert box.left() == left
    assert box.width() <= field.width()
    assert box.right() < window.splitter.widget(1).mapTo(window, QPoint(0, 0)).x()
