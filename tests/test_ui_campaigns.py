"""The Campaigns tab with real widgets (offscreen) over the real store, clients and sandbox:
results with filters and names, the Push dialog's checks and confirmation, call-backs one
at a time through the window's dial controller."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from omidesk.domain.autocall.campaigns import Campaign
from omidesk.domain.contacts import Contact, Phone
from omidesk.domain.settings import Settings
from omidesk.infra import settings_file
from omidesk.infra.keystore import AUTOCALL_SECRET, KeyStore
from omidesk.infra.paths import default_paths
from omidesk.sandbox.autocall import DEFAULT_SECRET
from omidesk.ui import i18n
from omidesk.ui.campaigns.calls_model import CampaignCallsModel
from omidesk.ui.campaigns.push_dialog import PushDialog
from omidesk.ui.campaigns.queue_dialog import QueueDialog
from omidesk.ui.campaigns.source_page import NUMBERS
from omidesk.ui.campaigns.view import KEY, CampaignsView
from tests.conftest import EXTENSION, HOTLINE, finish

pytestmark = pytest.mark.integration


@pytest.fixture
def campaign_window(configured, qloop, qtbot, tmp_path):
    """The main window, its AutoCall pointed at the sandbox, campaign 1001 named."""
    import gc

    from omidesk.services import build
    from omidesk.ui import tasks
    from omidesk.ui.dial_controller import DialController
    from omidesk.ui.main_window import MainWindow

    # Cycles of Qt objects earlier tests left are collected here, on the Qt thread, not by
    # whichever sandbox thread happens to allocate once this test's requests start.
    gc.collect()
    paths = default_paths()
    settings = Settings(
        base_url=configured.base_url,
        extension=EXTENSION,
        hotline=HOTLINE,
        timeout_s=2.0,
        autocall_base_url=configured.base_url,
    )
    settings_file.save(paths.settings_file, settings)
    KeyStore(paths.autocall_secret_file, entry=AUTOCALL_SECRET).set(DEFAULT_SECRET)
    services = build(paths)
    services.autocall_store.save_campaign(Campaign("1001", "Nhắc thanh toán tháng 6"))
    services.contacts.add(Contact("Nguyễn Văn An", (Phone.parse("0901 234 567"),)))
    window = MainWindow(state_file=str(tmp_path / "window.ini"))
    qtbot.addWidget(window)
    window.attach(services, DialController(services, window))
    window.show()
    qtbot.waitExposed(window)
    yield window
    for task in tasks.pending():
        task.cancel()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, PushDialog | QueueDialog):
            widget.deleteLater()
    finish(qtbot, services.aclose())
    i18n.install("en")


def opened(window) -> CampaignsView:
    window.focus_campaigns()
    view = window.campaigns
    assert view is not None
    return view


def texts(view: CampaignsView, column: int) -> list[str]:
    model = view.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_the_tab_reads_the_campaign_s_calls_with_contact_names(campaign_window, qtbot):
    view = opened(campaign_window)
    assert view.campaign.currentText() == "1001 — Nhắc thanh toán tháng 6"
    qtbot.waitUntil(lambda: view.model.rowCount() == 30)
    contacts = texts(view, CampaignCallsModel.CONTACT)
    assert "Nguyễn Văn An" in contacts  # a sample contact's number, joined locally
    results = texts(view, CampaignCallsModel.RESULT)
    assert any(text.startswith("Answered, 0:") for text in results)
    assert any(text == "Failed: USER_BUSY" for text in results)
    assert "Calls: 30" in view.status.text()
    tab = campaign_window.tabs
    assert tab.tabText(campaign_window.campaigns_tab.index()) == "Campaigns"
    assert campaign_window.campaigns_tab.page.widget() is view  # in its scroll area


@pytest.mark.parametrize(("zone", "hours"), [("UTC", -7), ("Asia/Ho_Chi_Minh", 0)])
def test_times_are_on_this_computer_s_clock(campaign_window, qtbot, monkeypatch, zone, hours):
    """AutoCall gives Vietnam's time; the table shows the agent's clock, as Recent calls
    and the status line do."""
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        view = opened(campaign_window)
        qtbot.waitUntil(lambda: view.model.rowCount() == 30)
        call = view.model.call_at(0)
        assert call.called_at is not None
        vietnam = call.called_at.replace(tzinfo=None)  # as AutoCall wrote it
        shown = (vietnam + timedelta(hours=hours)).strftime("%d/%m/%Y %H:%M")
        assert texts(view, CampaignCallsModel.TIME)[0] == shown
    finally:
        monkeypatch.undo()
        time.tzset()


def test_filters_show_who_answered_pressed_a_key_or_failed(campaign_window, qtbot):
    view = opened(campaign_window)
    qtbot.waitUntil(lambda: view.model.rowCount() == 30)
    view.filter.setCurrentIndex(view.filter.findData(KEY))
    view.key.setCurrentIndex(view.key.findData("2"))
    assert view.key.isVisible()
    assert texts(view, CampaignCallsModel.KEYS) == ["2"] * 3
    view.filter.setCurrentIndex(view.filter.findData("failed"))
    assert len(texts(view, CampaignCallsModel.RESULT)) == 11
    assert all(text.startswith("Failed") for text in texts(view, CampaignCallsModel.RESULT))
    view.filter.setCurrentIndex(view.filter.findData("answered"))
    assert view.model.rowCount() == 19
    assert "(19)" in view.queue_button.text()


def checked_numbers(campaign_window, qtbot, numbers: str) -> PushDialog:
    """The Push dialog opened from the Campaigns view, `numbers` typed and checked."""
    view = opened(campaign_window)
    view.open_push()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PushDialog))
    qtbot.waitExposed(dialog)
    dialog.source.radios[NUMBERS].click()
    qtbot.keyClicks(dialog.source.numbers, numbers)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.step == "check")
    return dialog


def test_one_contact_is_asked_about_in_the_singular(campaign_window, qtbot, configured):
    dialog = checked_numbers(campaign_window, qtbot, "0941 000 009")
    confirm = dialog.check.confirm.text()
    assert "Push 1 contact into campaign 1001 “Nhắc thanh toán tháng 6”" in confirm
    assert "AutoCall starts calling it at once" in confirm
    assert dialog.push_button.text() == "&Push 1 contact"
    assert configured.autocall.imports() == []
    dialog.close()


def test_push_dialog_checks_then_confirms_then_reports(campaign_window, qtbot, configured):
    view = opened(campaign_window)
    view.open_push()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PushDialog))
    qtbot.waitExposed(dialog)
    source = dialog.source
    source.radios[NUMBERS].click()
    assert dialog.focusWidget() is source.numbers  # chosen: on to its field, ready to type
    qtbot.keyClicks(source.numbers, "0941 000 001, 090 12, 0941000001, 0900 000 002")
    assert dialog.check_button.isEnabled()
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.step == "check")
    summary = dialog.check.summary.text()
    assert "Contacts to push: <b>2</b> of 4." in summary
    assert "Not valid, not sent: 1" in summary
    assert "Duplicate numbers dropped (the first of each kept): 1." in summary
    confirm = dialog.check.confirm.text()
    assert "Push 2 contacts into campaign 1001 “Nhắc thanh toán tháng 6”" in confirm
    assert "AutoCall starts calling them at once" in confirm
    assert dialog.push_button.text() == "&Push 2 contacts"
    assert configured.autocall.imports() == []  # nothing sent before the confirmation
    qtbot.mouseClick(dialog.push_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.step == "report")
    assert [c["phone_number"] for c in configured.autocall.imports()[0].json["contacts"]] == [
        "0941000001",
        "0900000002",
    ]
    report = dialog.report_text.text()
    assert "Added by AutoCall: 1" in report
    assert "Skipped by AutoCall (1): 0900000002" in report
    assert "Pushed in part." in dialog.report_title.text()


def test_a_push_to_a_stopped_campaign_says_why(campaign_window, qtbot, configured):
    view = opened(campaign_window)
    view.services.autocall_store.save_campaign(Campaign("1002", "Khảo sát"))
    view.reload_campaigns(select="1002")
    view.open_push()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PushDialog))
    dialog.source.radios[NUMBERS].click()
    qtbot.keyClicks(dialog.source.numbers, "0942000001")
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.step == "check")
    qtbot.mouseClick(dialog.push_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.step == "report")
    assert "Nothing was added." in dialog.report_title.text()
    assert "Campaign 1002 is stopped" in dialog.report_text.text()


def test_call_back_a_row_places_one_click2call_and_records_it(campaign_window, qtbot, configured):
    view = opened(campaign_window)
    qtbot.waitUntil(lambda: view.model.rowCount() == 30)
    row = texts(view, CampaignCallsModel.CONTACT).index("Nguyễn Văn An")
    view.table.setFocus()
    view.table.selectRow(row)
    configured.clear()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: view.model.index(row, CampaignCallsModel.CALLBACK).data() == "Called back"
    )
    calls = configured.click2calls()
    assert [c.json["phone_number"] for c in calls] == ["0901234567"]
    assert campaign_window.status.state != "calling"  # the window showed it as its own call


def test_the_queue_calls_one_person_at_a_time(campaign_window, qtbot, configured):
    view = opened(campaign_window)
    qtbot.waitUntil(lambda: view.model.rowCount() == 30)
    view.filter.setCurrentIndex(view.filter.findData(KEY))
    view.key.setCurrentIndex(view.key.findData("1"))
    configured.clear()
    view.open_queue()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QueueDialog))
    qtbot.waitExposed(dialog)
    assert len(dialog.queue.entries) == 10
    assert "1 of 10 — 10 left" in dialog.position.text()
    first = dialog.queue.current
    qtbot.keyClick(dialog.call_button, Qt.Key.Key_Return)
    # While it is being placed, nothing calls a second person.
    dialog.call_back()
    qtbot.waitUntil(dialog.call_button.isEnabled)
    assert [c.json["phone_number"] for c in configured.click2calls()] == [first.callee_id]
    assert "ringing" in dialog.outcome.text()
    assert dialog.queue.current == first  # the agent moves on, not the queue
    assert dialog.next_button.isDefault()  # Enter now moves on; it does not call again
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    second = dialog.queue.current
    qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.queue.outcomes.get(second.call_id) == "skipped")
    assert "3 of 10 — 8 left" in dialog.position.text()
    assert len(configured.click2calls()) == 1


def test_no_secret_key_is_said_and_nothing_is_sent(campaign_window, qtbot, configured):
    view = opened(campaign_window)
    qtbot.waitUntil(lambda: view.model.rowCount() == 30)
    KeyStore(default_paths().autocall_secret_file, entry=AUTOCALL_SECRET).delete()
    configured.clear()
    view.sync()
    assert view.notice.isVisible()
    assert "AutoCall's secret key is not set" in view.notice.text()
    assert configured.requests == []
    assert view.model.rowCount() == 30  # what was read before is still shown


def test_the_tab_speaks_vietnamese(campaign_window, qtbot):
    view = opened(campaign_window)
    qtbot.waitUntil(lambda: view.model.rowCount() == 30)
    campaign_window.set_language("vi")
    tab = campaign_window.tabs
    # Qt delivers LanguageChange as an event: the texts change on the next turn of the loop.
    page = campaign_window.campaigns_tab
    qtbot.waitUntil(lambda: tab.tabText(page.index()) == "Chiến dịch")
    assert view.push_button.text() == "Đẩ&y khách hàng…"
    assert view.model.headerData(CampaignCallsModel.RESULT, Qt.Orientation.Horizontal) == "Kết quả"
    assert any(t.startswith("Đã nghe máy") for t in texts(view, CampaignCallsModel.RESULT))


def test_the_tab_is_built_when_first_shown_by_shortcut_or_click(campaign_window, qtbot):
    # An agent's start has no Campaigns page yet: only the tab, named.
    tab = campaign_window.tabs
    assert campaign_window.campaigns is None
    index = next(i for i in range(tab.count()) if tab.tabText(i) == "Campaigns")
    # A click on the tab builds it, in the same place and under the same name.
    tab.setCurrentIndex(index)
    view = campaign_window.campaigns
    assert view is not None
    assert tab.indexOf(campaign_window.campaigns_tab.page) == index  # the view's scroll area
    assert view.isVisibleTo(campaign_window.campaigns_tab.page)
    assert tab.tabText(index) == "Campaigns"
    qtbot.waitUntil(lambda: view.model.rowCount() == 30)
    # Ctrl+M from elsewhere comes back to the same page, its campaign list focused.
    tab.setCurrentIndex(0)
    campaign_window.campaigns_action.trigger()  # Ctrl+M
    assert tab.currentIndex() == index
    assert campaign_window.focusWidget() is view.campaign


def test_the_push_action_builds_the_tab_first(campaign_window, qtbot):
    assert campaign_window.campaigns is None
    campaign_window.push_action.trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PushDialog))
    qtbot.waitUntil(dialog.isVisible)
    assert campaign_window.campaigns is not None


def tooltip_shown(table, index) -> str:
    """The tooltip a pointer resting on the cell shows (Qt's help event, as a hover sends)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    QToolTip.hideText()
    viewport = table.viewport()
    table.scrollTo(index)
    place = table.visualRect(index).center()
    event = QHelpEvent(QEvent.Type.ToolTip, place, viewport.mapToGlobal(place))
    QApplication.sendEvent(viewport, event)
    return QToolTip.text()


def test_numbers_are_grouped_and_a_cut_cause_is_whole_in_its_tooltip(campaign_window, qtbot):
    view = opened(campaign_window)
    qtbot.waitUntil(lambda: view.model.rowCount() == 30)
    numbers = texts(view, CampaignCallsModel.NUMBER)
    # Grouped as the contact list groups them (the sandbox's callee_id is "0901234567").
    assert "0901 234 567" in numbers
    assert "0971 234 585" in numbers
    assert not any(" " not in number for number in numbers)
    results = texts(view, CampaignCallsModel.RESULT)
    row = results.index("Failed: UNALLOCATED_NUMBER")
    index = view.model.index(row, CampaignCallsModel.RESULT)
    # The cell is too narrow for the cause: what the agent reads there is cut...
    metrics = view.table.fontMetrics()
    assert metrics.horizontalAdvance(results[row]) > view.table.columnWidth(
        CampaignCallsModel.RESULT
    )
    # ... and a pointer resting on it shows the whole of it.
    assert tooltip_shown(view.table, index) == "Failed: UNALLOCATED_NUMBER"
    keys = texts(view, CampaignCallsModel.KEYS)
    pressed = next(r for r, text in enumerate(keys) if text)
    key_index = view.model.index(pressed, CampaignCallsModel.KEYS)
    # The keys' cell shows the keys; its tooltip what AutoCall said (with the seconds).
    assert "(" in tooltip_shown(view.table, key_index)
    campaign_window.set_language("vi")
    qtbot.waitUntil(lambda: view.model.headerData(3, Qt.Orientation.Horizontal) == "Kết quả")
    assert tooltip_shown(view.table, index) == "Lỗi: UNALLOCATED_NUMBER"


def test_the_checks_show_numbers_grouped_and_each_reason_whole(campaign_window, qtbot):
    dialog = checked_numbers(campaign_window, qtbot, "0941000001, 090 12, 01689123456")
    page = dialog.check
    shown = [page.to_send.item(row, 0).text() for row in range(page.to_send.rowCount())]
    assert shown == ["0941 000 001", "0389 123 456 ← 01689123456"]
    assert page.kept_back.rowCount() == 1
    reason = page.kept_back.item(0, 2)
    page.tabs.setCurrentIndex(1)
    page.kept_back.setColumnWidth(2, 40)  # a narrow window: the reason is cut
    assert reason.text() == "09012 is too short for a phone number."
    assert tooltip_shown(page.kept_back, page.kept_back.indexFromItem(reason)) == reason.text()


def test_the_queue_shows_numbers_grouped_and_why_a_call_failed(campaign_window, qtbot):
    view = opened(campaign_window)
    qtbot.waitUntil(lambda: view.model.rowCount() == 30)
    view.filter.setCurrentIndex(view.filter.findData("failed"))
    view.open_queue()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QueueDialog))
    qtbot.waitExposed(dialog)
    first = dialog.queue.current
    assert first is not None and first.note
    grouped = f"{first.callee_id[:4]} {first.callee_id[4:7]} {first.callee_id[7:]}"
    assert grouped in dialog.heading.text()
    assert dialog.list.item(0).text().startswith(first.contact or grouped)
    assert f"Failed: {first.note}" in dialog.details.text()


def test_a_plain_list_is_checked_then_pushed_and_a_cut_file_said(
    campaign_window, qtbot, configured, tmp_path
):
    view = opened(campaign_window)
    plain = tmp_path / "khach.csv"
    plain.write_text("Họ tên,SĐT\nAn,0943000001\nBình,0943 000 002\nAn,0943000001\nChi,12\n")
    view.open_push()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PushDialog))
    qtbot.waitExposed(dialog)
    dialog.source.set_path(plain)  # what the file chooser does with the file picked
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.step == "check")
    page = dialog.check
    assert "Contacts to push: <b>2</b> of 4." in page.summary.text()
    assert [page.to_send.item(row, 0).text() for row in range(2)] == [
        "0943 000 001",
        "0943 000 002",
    ]
    qtbot.mouseClick(dialog.push_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.step == "report")
    sent = configured.autocall.imports()[0].json["contacts"]
    assert sent == [
        {"phone_number": "0943000001", "ho_ten": "An"},
        {"phone_number": "0943000002", "ho_ten": "Bình"},
    ]
    # A file the reader gives up on past its first rows: said, nothing sent.
    cut = tmp_path / "cut.csv"
    with cut.open("w", encoding="utf-8") as file:
        file.write("Họ tên,SĐT\n")
        file.writelines(f"Khách {n},0944{n:06d}\n" for n in range(300))
        file.writelines(f'Khách lỗi,"{"x" * 132_000}"\n' for _ in range(110))
    dialog.back()
    dialog.source.set_path(cut)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.error.isVisible)
    assert "is not a contacts file: it is not text" in dialog.error.text()
    assert dialog.step == "source"
    assert len(configured.autocall.imports()) == 1
