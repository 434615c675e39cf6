"""How calls ended, in the window (issue 15): the real window, store, dialer and sandbox over
HTTP, offscreen. The sandbox's history holds the demo extension's week (missed calls, answered
ones with recordings, CRM names) and the calls placed through it."""

from __future__ import annotations

import logging
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QSystemTrayIcon

from omidesk.sandbox.server import Sandbox
from omidesk.ui.external import ExternalRequests
from omidesk.ui.recents_model import RecentsModel
from omidesk.ui.tray import Tray

# The demo week's missed calls not yet called back (sandbox/history.py's plan): Hoàng Thị
# Mai, Ngô Quang Huy and Phan Minh Khôi. Lý Thu Trang was called back on the phone, and Cao
# Thị Hồng Nhung called again and was answered.
MISSED = 3


def rows(window) -> list[int]:
    model = window.recents.model
    return [row for row in range(model.rowCount()) if model.record_at(row) is not None]


def cell(window, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return window.recents.model.index(row, column).data(role)


def row_of_number(window, number: str) -> int:
    for row in rows(window):
        if window.recents.model.record_at(row).number == number:
            return row
    raise AssertionError(f"{number} not listed")


def synced(window, qtbot) -> None:
    """Starts the follow-up and the sync as the app does, and waits for the week to be in."""
    window.start_outcomes()
    qtbot.waitUntil(lambda: window.outcomes.missed == MISSED, timeout=15_000)


@pytest.fixture
def tray(services, window, monkeypatch):
    """The tray as the app builds it; its notifications are what Qt was asked to show."""
    external = ExternalRequests(services, window, window.controller, window)
    built = Tray(services, window, window.controller, external, window)
    shown: list[tuple[str, str]] = []
    # The offscreen platform has no tray to show it in: the desktop's side is stood in for.
    monkeypatch.setattr(QSystemTrayIcon, "supportsMessages", staticmethod(lambda: True))
    monkeypatch.setattr(built.icon, "isVisible", lambda: True)
    monkeypatch.setattr(
        built.icon, "showMessage", lambda title, message, *_: shown.append((title, message))
    )
    built.shown = shown  # type: ignore[attr-defined]
    return built


def test_an_accepted_calls_outcome_shows_in_recent_calls_and_the_status_panel(
    window, qtbot, configured: Sandbox
) -> None:
    window.dial_field.setText("0912 345 678")
    with qtbot.waitSignal(window.controller.finished):
        qtbot.keyClick(window.dial_field, Qt.Key.Key_Return)
    assert window.status.title.text() == "Call placed — 0912 345 678"
    (row,) = rows(window)
    assert cell(window, row, RecentsModel.OUTCOME) == "Waiting for result…"
    # The call ends at OMICall; F5 in Recent calls asks now instead of in 20 s.
    configured.history.advance(600)
    window.focus_recents()
    qtbot.keyClick(window.recents.table, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: cell(window, row, RecentsModel.OUTCOME) != "Waiting for result…")
    outcome = cell(window, row, RecentsModel.OUTCOME)
    assert re.fullmatch(r"Answered \d+:\d\d", outcome)
    talk = outcome.removeprefix("Answered ")
    assert cell(window, row, RecentsModel.RESULT) == "Accepted"
    # The status panel of that call says how it ended.
    qtbot.waitUntil(lambda: window.status.title.text() == f"Answered — {talk}")
    # Its details: how it ended first, and its recording one click away.
    window.recents.table.selectRow(row)
    details = window.recents.details
    assert details.message.text().startswith(f"Answered — {talk}")
    assert details.recording_button.isVisible()
    assert not details.call_back_button.isVisible()


def test_missed_calls_are_counted_told_once_and_cleared_by_calling_back(
    window, tray, qtbot, configured: Sandbox
) -> None:
    synced(window, qtbot)
    recents = window.recents
    qtbot.waitUntil(lambda: recents.missed_button.text() == f"Missed ({MISSED})")
    assert f"{MISSED} missed calls" in tray.tooltip.splitlines()
    assert tray.shown == [
        (f"{MISSED} missed calls", "Click to see them in Recent calls; Enter calls one back.")
    ]
    # A click on the notification opens Recent calls on the Missed filter.
    window.hide()
    tray.icon.messageClicked.emit()
    qtbot.waitUntil(window.isVisible)
    assert window.tabs.currentWidget() is recents and recents.missed_button.isChecked()
    assert len(rows(window)) == MISSED
    first = rows(window)[0]
    assert cell(window, first, RecentsModel.RESULT) == "Missed — call back"
    assert cell(window, first, RecentsModel.CONTACT) == "Hoàng Thị Mai"  # OMICall's name
    assert "Incoming call" in cell(window, first, RecentsModel.TIME, Qt.ItemDataRole.ToolTipRole)

    # Another sync finds nothing new: no second notification.
    with qtbot.waitSignal(window.outcomes.refreshingChanged):
        recents.refresh_button.click()
    qtbot.wait(50)
    assert len(tray.shown) == 1

    # Enter on the missed call calls it back; once OMICall accepts, it is returned.
    recents.table.setFocus()
    recents.table.selectRow(first)
    with qtbot.waitSignal(window.controller.finished) as finished:
        qtbot.keyClick(recents.table, Qt.Key.Key_Return)
    assert finished.args[0].ok
    (placed,) = configured.click2calls()
    assert placed.json["phone_number"] == "0987654321"
    qtbot.waitUntil(lambda: recents.missed_button.text() == f"Missed ({MISSED - 1})")
    assert f"{MISSED - 1} missed calls" in tray.tooltip.splitlines()
    qtbot.waitUntil(lambda: len(rows(window)) == MISSED - 1)
    assert "0987654321" not in [recents.model.record_at(r).number for r in rows(window)]
    assert services_missed(window) == MISSED - 1
    assert len(tray.shown) == 1


def services_missed(window) -> int:
    return window.services.calls.missed_count()


@pytest.fixture
def debug_log():
    """Logging as `omidesk --debug` sets it up (the levels of its noisy loggers restored
    after)."""
    from omidesk.infra import logs

    names = ("", "httpx", "httpcore", "hpack", "keyring", "asyncio", "qasync")
    levels = {name: logging.getLogger(name).level for name in names}
    logs.setup(None, debug=True)
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def test_the_recording_opens_in_the_browser_and_no_log_line_holds_its_url(
    window, qtbot, monkeypatch, caplog, debug_log
) -> None:
    caplog.set_level(logging.DEBUG)
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    synced(window, qtbot)
    recents = window.recents
    answered = next(
        row for row in rows(window) if recents.model.record_at(row).recording_url is not None
    )
    url = recents.model.record_at(answered).recording_url
    assert cell(window, answered, RecentsModel.OUTCOME, Qt.ItemDataRole.DecorationRole)
    recents.table.selectRow(answered)
    qtbot.mouseClick(recents.details.recording_button, Qt.MouseButton.LeftButton)
    assert opened == [url]
    # The context menu offers it too.
    recents.show_menu_for_selection()
    assert recents.recording_action.isEnabled()
    recents.menu.close()
    recents.recording_action.trigger()
    assert opened == [url, url]
    # Its key grants access by itself: no log line may hold it.
    assert url.split("key=")[1] not in caplog.text
    assert all(url not in record.getMessage() for record in caplog.records)


def test_omicalls_name_shows_for_a_number_without_a_local_contact(
    window, qtbot, configured: Sandbox
) -> None:
    window.dial_field.setText("0812 987 654")
    qtbot.waitUntil(lambda: window.hint.text().endswith("— Vũ Ngọc Ánh"))
    assert window.hint.text() == "✓ 0812 987 654 — Vũ Ngọc Ánh"
    with qtbot.waitSignal(window.controller.finished):
        qtbot.keyClick(window.dial_field, Qt.Key.Key_Return)
    (row,) = rows(window)
    qtbot.waitUntil(lambda: cell(window, row, RecentsModel.CONTACT) == "Vũ Ngọc Ánh")
    # One lookup for the number, however many views asked.
    assert len(configured.crm.requests()) == 1


def test_a_malformed_history_item_is_skipped_and_the_window_carries_on(
    window, qtbot, configured: Sandbox, caplog
) -> None:
    configured.history.inject("malformed")
    synced(window, qtbot)
    assert window.isVisible()
    assert len(rows(window)) >= MISSED
    assert "skipped" in caplog.text


def test_a_rate_limit_is_said_quietly_and_backs_off(window, qtbot, configured: Sandbox) -> None:
    configured.history.inject("rate_limit", times=5)
    recents = window.recents
    window.focus_recents()
    with qtbot.waitSignal(window.outcomes.refreshingChanged):
        qtbot.keyClick(recents.table, Qt.Key.Key_F5)
    window.start_outcomes()
    qtbot.waitUntil(recents.note.isVisible)
    assert "OMICall asked OmiDesk to ask less often." in recents.note.text()
    assert not [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    # Backed off: the sync asked once and waits, rather than asking again and again.
    searches = len(configured.history.searches())
    qtbot.wait(300)
    assert len(configured.history.searches()) == searches


def test_search_omicall_when_few_contacts_match_then_save_and_call(
    window, qtbot, configured: Sandbox
) -> None:
    contacts = window.contacts
    search = contacts.omicall
    contacts.search.setText("khoi")
    contacts.apply_search()
    assert contacts.model.rowCount() == 0
    assert search.isVisible()
    assert search.offer.text() == "Search OMICall for “khoi”"
    qtbot.mouseClick(search.offer, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(search.found.isVisible)
    assert [search.results.item(row).text() for row in range(search.results.count())] == [
        "Phan Minh Khôi · 0772345678 · FPT Telecom"
    ]
    # Saved as a local contact: the list shows it, and the offer goes (enough matches? one
    # is fewer than three: it stays, saying it is saved).
    qtbot.mouseClick(search.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: contacts.model.rowCount() == 1)
    assert contacts.selected_contact().name == "Phan Minh Khôi"
    assert search.status.text() == "Phan Minh Khôi saved to your contacts."
    # Saved twice is saved once.
    qtbot.mouseClick(search.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "already" in search.status.text())
    assert window.services.contacts.count() == 1
    # Call rings the agent's phone for that customer.
    with qtbot.waitSignal(window.controller.finished):
        qtbot.mouseClick(search.call_button, Qt.MouseButton.LeftButton)
    (placed,) = configured.click2calls()
    assert placed.json["phone_number"] == "0772345678"
