"""The Companies window, its New company and Top up dialogs, with real widgets (offscreen)
over the real services, the sandbox over HTTP and a real SQLite ledger."""

from __future__ import annotations

import csv
import gc

import httpx
import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from omidesk.sandbox import partner as fake
from omidesk.ui import i18n
from omidesk.ui.partner.companies_model import CompaniesModel
from omidesk.ui.partner.companies_window import COMPANIES_PAGE, KEY_PAGE, CompaniesWindow
from omidesk.ui.partner.new_company import NewCompanyDialog
from omidesk.ui.partner.top_up import CONFIRM, FORM, RESULT, TopUpDialog

# The Companies window against the sandbox.
pytestmark = pytest.mark.integration

DESCRIPTION = "Nạp tiền tháng 12 cho khách hàng theo hợp đồng đại lý số 2026-12-001"
PHO = "chu@phohanoi.vn"


@pytest.fixture(autouse=True)
def deleted_on_the_qt_thread():
    """The windows and dialogs of a test are deleted here, on the Qt thread, and what they
    leave in reference cycles collected here too: a later garbage collection that a sandbox
    thread happens to run would otherwise destroy them there (Qt warns of timers stopped
    from another thread)."""
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()


def open_window(services, qtbot) -> CompaniesWindow:
    window = CompaniesWindow(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.start()
    return window


def loaded(window: CompaniesWindow, qtbot, count: int = 12) -> None:
    qtbot.waitUntil(
        lambda: window.load_task is None and window.model.rowCount() == count, timeout=10_000
    )


@pytest.fixture
def companies(services, qtbot):
    services.partner.keystore.set(fake.PARTNER_API_KEY)
    win = open_window(services, qtbot)
    loaded(win, qtbot)
    yield win
    i18n.install("en")


def row_of(window: CompaniesWindow, email: str) -> int:
    for row in range(window.proxy.rowCount()):
        if window.proxy.index(row, CompaniesModel.EMAIL).data() == email:
            return row
    raise AssertionError(email)


def cell(window: CompaniesWindow, email: str, column: int, role=Qt.ItemDataRole.DisplayRole):
    return window.proxy.index(row_of(window, email), column).data(role)


def select(window: CompaniesWindow, qtbot, email: str) -> None:
    window.table.setFocus()
    window.table.selectRow(row_of(window, email))
    qtbot.waitUntil(lambda: window.details.details is not None, timeout=10_000)


# --- the table --------------------------------------------------------------------------------


def test_the_table_lists_every_page_with_the_documented_columns(companies, configured):
    headers = [
        companies.proxy.headerData(c, Qt.Orientation.Horizontal)
        for c in range(CompaniesModel.COUNT)
    ]
    assert headers == ["Company", "E-mail", "Status", "Balance", "Package", "Expires", "Hotlines"]
    assert len(configured.partner_api.requests(fake.LIST)) == 3
    assert cell(companies, PHO, CompaniesModel.NAME) == "Công ty TNHH Phở Hà Nội"
    assert cell(companies, PHO, CompaniesModel.BALANCE) == "3.007.855 ₫"
    assert cell(companies, PHO, CompaniesModel.STATUS) == "Activated"
    assert cell(companies, PHO, CompaniesModel.HOTLINES) == "2"
    assert companies.status.text() == "12 companies"


def test_expiry_within_seven_days_is_tinted_and_marked(companies):
    soon = "admin@nucuoiviet.vn"  # 3 days left
    assert "⚠ in 3 d" in cell(companies, soon, CompaniesModel.EXPIRES)
    tint = cell(companies, soon, CompaniesModel.EXPIRES, Qt.ItemDataRole.BackgroundRole)
    assert isinstance(tint, QColor)
    expired = "lienhe@binhminh.edu.vn"
    assert "⚠ expired" in cell(companies, expired, CompaniesModel.EXPIRES)
    red = cell(companies, expired, CompaniesModel.EXPIRES, Qt.ItemDataRole.BackgroundRole)
    assert isinstance(red, QColor) and red != tint
    assert cell(companies, PHO, CompaniesModel.EXPIRES, Qt.ItemDataRole.BackgroundRole) is None
    assert "⚠" not in cell(companies, PHO, CompaniesModel.EXPIRES)


def test_the_warning_tint_follows_a_dark_palette(companies, qapp):
    soon = "admin@nucuoiviet.vn"
    light = cell(companies, soon, CompaniesModel.EXPIRES, Qt.ItemDataRole.BackgroundRole)
    original = qapp.palette()
    dark = QPalette(original)
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#f0f0f0"))
    QGuiApplication.setPalette(dark)
    try:
        tint = cell(companies, soon, CompaniesModel.EXPIRES, Qt.ItemDataRole.BackgroundRole)
    finally:
        QGuiApplication.setPalette(original)
    assert tint.lightness() < 128 < light.lightness()  # dark text stays readable on it
    assert tint.red() > tint.blue()  # still amber


def test_search_filters_without_marks_and_says_how_many(companies, qtbot):
    qtbot.keyClicks(companies.search, "pho ha noi")
    qtbot.waitUntil(lambda: companies.proxy.rowCount() == 1)
    assert companies.proxy.index(0, CompaniesModel.EMAIL).data() == PHO
    assert companies.status.text() == "1 of 12 companies"
    qtbot.keyClick(companies.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: companies.proxy.rowCount() == 12)


def test_the_details_pane_shows_hotlines_and_masks_the_key(companies, qtbot, configured):
    company = configured.partner_api.company(PHO)
    select(companies, qtbot, PHO)
    pane = companies.details
    assert pane.title.text() == "Công ty TNHH Phở Hà Nội"
    assert pane.values["api_key"].text() == "••••" + company.api_key[-4:]
    assert company.api_key not in pane.values["api_key"].text()
    assert pane.hotlines.rowCount() == len(company.hotlines)
    assert pane.hotlines.item(0, 0).text() == company.hotlines[0][0]
    assert pane.values["balance"].text() == "3.007.855 ₫"
    pane.show_key.click()
    assert pane.values["api_key"].text() == company.api_key
    pane.show_key.click()
    assert pane.values["api_key"].text() == "••••" + company.api_key[-4:]
    # Another company hides the key again.
    select(companies, qtbot, "hotro@antam.vn")
    assert not pane.show_key.isChecked()


# --- Top up ---------------------------------------------------------------------------------


def open_top_up(companies, qtbot, email: str | None = PHO) -> TopUpDialog:
    if email is not None:
        select(companies, qtbot, email)
    companies.top_up()
    dialog = companies.dialog
    assert isinstance(dialog, TopUpDialog)
    qtbot.waitExposed(dialog)
    return dialog


def fill(dialog: TopUpDialog, qtbot, amount: str, description: str = DESCRIPTION) -> None:
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, amount)
    dialog.description.setPlainText(description)


def test_a_top_up_is_confirmed_then_sent_once(companies, qtbot, configured):
    dialog = open_top_up(companies, qtbot)
    assert dialog.email.text() == PHO
    assert dialog.company.text() == "Công ty TNHH Phở Hà Nội"
    fill(dialog, qtbot, "1.500.000")
    assert dialog.amount_hint.text() == "= 1.500.000 ₫"
    dialog.service_wallet.click()
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == CONFIRM, timeout=10_000)
    question = dialog.question.accessibleName()
    assert "Công ty TNHH Phở Hà Nội" in question and PHO in question
    assert "1.500.000 ₫" in question and "service wallet (SPK)" in question
    assert "Balance now: 3.007.855 ₫." in question
    assert dialog.back_button.isDefault()  # Enter alone does not move money
    assert configured.partner_api.requests(fake.UPDATE_BALANCE) == []
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == RESULT, timeout=10_000)
    assert dialog.result_label.text().startswith("✓ Done: 1.500.000 ₫ topped up")
    assert "3.007.855 ₫ → 4.507.855 ₫" in dialog.result_detail.text()
    assert configured.partner_api.credited == [(PHO, 1_500_000, "service")]
    assert companies.ledger.table.rowCount() == 1
    assert companies.ledger.table.item(0, 6).text() == "done"
    qtbot.waitUntil(lambda: cell(companies, PHO, CompaniesModel.BALANCE) == "4.507.855 ₫")


def test_the_top_up_dialogs_checks_send_nothing(companies, qtbot, configured):
    dialog = open_top_up(companies, qtbot)
    configured.clear()
    fill(dialog, qtbot, "5000", "quá ngắn")
    assert "below the smallest top-up" in dialog.amount_hint.text()
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == FORM
    assert dialog.errors["amount"].isVisible()
    assert "10.000 ₫" in dialog.errors["amount"].text()
    assert dialog.errors["description"].isVisible()
    assert "8 characters" in dialog.errors["description"].text()
    assert dialog.counter.text() == "8 characters (at least 50)"
    dialog.description.setPlainText(" x ")  # as the agent sees it counted: one character
    assert dialog.counter.text() == "1 character (at least 50)"
    assert configured.requests == []


def test_going_back_from_the_confirmation_sends_nothing(companies, qtbot, configured):
    dialog = open_top_up(companies, qtbot)
    fill(dialog, qtbot, "20000")
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == CONFIRM, timeout=10_000)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # the default button: Back
    assert dialog.pages.currentIndex() == FORM
    dialog.close_button.click()
    assert configured.partner_api.requests(fake.UPDATE_BALANCE) == []


def test_a_lost_answer_shows_unknown_and_is_never_resent(companies, qtbot, configured):
    dialog = open_top_up(companies, qtbot)
    fill(dialog, qtbot, str(fake.NO_ANSWER_AMOUNT))
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == CONFIRM, timeout=10_000)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert not dialog.close_button.isEnabled()  # stays until it is known how it ended
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    companies.close()
    assert dialog.isVisible() and companies.isVisible()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == RESULT, timeout=15_000)
    assert "is unknown" in dialog.result_label.text()
    assert "Check the balance before trying again" in dialog.result_detail.text()
    assert len(configured.partner_api.requests(fake.UPDATE_BALANCE)) == 1
    assert companies.ledger.table.item(0, 6).text().startswith("unknown — check the balance")
    # The next top-up to this company recalls it before anything is sent.
    dialog.next_button.click()
    again = open_top_up(companies, qtbot)
    fill(again, qtbot, "20000")
    qtbot.mouseClick(again.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: again.pages.currentIndex() == CONFIRM, timeout=10_000)
    assert again.warning.isVisible()
    assert "no known outcome" in again.warning.text()
    assert len(configured.partner_api.requests(fake.UPDATE_BALANCE)) == 1


# --- New company ----------------------------------------------------------------------------


def open_new(companies, qtbot) -> NewCompanyDialog:
    companies.new_company()
    dialog = companies.dialog
    assert isinstance(dialog, NewCompanyDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_the_new_company_dialogs_checks_send_nothing(companies, qtbot, configured):
    dialog = open_new(companies, qtbot)
    configured.clear()
    qtbot.keyClicks(dialog.inputs["email"], "moi@congty")
    qtbot.keyClicks(dialog.inputs["password"], "matkhau")
    dialog.inputs["owner_name"].setText("Trần Thị Bình")  # QTest types ASCII only
    qtbot.keyClicks(dialog.inputs["phone"], "12")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    for name in ("email", "password", "full_name", "phone"):
        assert dialog.errors[name].isVisible(), name
    assert not dialog.errors["owner_name"].isVisible()
    assert "upper-case" in dialog.errors["password"].text()
    assert dialog.focusWidget() is dialog.inputs["email"]  # the first field with a problem
    assert configured.requests == []


def test_a_new_company_is_created_activated_and_selected(companies, qtbot, configured):
    configured.partner_api.activation_s = 0.3
    dialog = open_new(companies, qtbot)
    values = {
        "email": "moi@congty.vn",
        "password": "Matkhau#2026",
        "full_name": "Công ty Mới",
        "owner_name": "Trần Thị Bình",
        "phone": "0901 234 567",
    }
    for name, text in values.items():
        dialog.inputs[name].setText(text)  # QTest types ASCII only
    with qtbot.waitSignal(dialog.created, timeout=10_000) as created:
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    company = configured.partner_api.company("moi@congty.vn")
    assert created.args == [company.id]
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20_000)
    assert dialog.status.text() == f"Company moi@congty.vn created (id {company.id}) and activated."
    assert len(configured.partner_api.requests(fake.ADD)) == 1
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)  # now "Close"
    qtbot.waitUntil(lambda: companies.model.rowCount() == 13, timeout=10_000)
    qtbot.waitUntil(lambda: companies.selected() is not None, timeout=10_000)
    assert companies.selected().email == "moi@congty.vn"


# --- the key, a company's key, export, the main companies ---------------------------------


def test_without_a_partner_key_the_window_asks_for_it(services, qtbot, configured):
    win = open_window(services, qtbot)
    assert win.pages.currentIndex() == KEY_PAGE
    assert configured.requests == []
    qtbot.keyClicks(win.key_field, fake.PARTNER_API_KEY)
    qtbot.mouseClick(win.key_save, Qt.MouseButton.LeftButton)
    assert services.partner.keystore.get() == fake.PARTNER_API_KEY
    assert win.pages.currentIndex() == COMPANIES_PAGE
    loaded(win, qtbot)


def test_a_company_key_is_warned_of(services, qtbot, configured):
    services.partner.keystore.set(configured.api_key)
    win = open_window(services, qtbot)
    qtbot.waitUntil(lambda: win.load_task is None, timeout=10_000)
    assert win.banner.isVisible()
    assert "not as a partner" in win.banner.text()
    assert "partner_invalid" in win.status.text()
    assert win.model.rowCount() == 0


def test_export_writes_the_rows_shown_with_formulas_neutralised(
    companies, qtbot, configured, tmp_path
):
    body = {
        "email": "formula@congty.vn",
        "password": "Matkhau#2026",
        "fullName": '=HYPERLINK("http://evil.example","Bấm")',
        "ownerName": "Kẻ xấu",
        "phone": "0901234567",
    }
    token = httpx.get(
        configured.base_url + "/api/auth", params={"apiKey": fake.PARTNER_API_KEY}
    ).json()["payload"]["access_token"]
    httpx.post(
        configured.base_url + fake.ADD, json=body, headers={"Authorization": f"Bearer {token}"}
    )
    companies.load()
    loaded(companies, qtbot, 13)
    qtbot.keyClicks(companies.search, "congty.vn")
    qtbot.waitUntil(lambda: companies.proxy.rowCount() == 1)
    path = tmp_path / "companies.csv"
    assert companies.export_to(path) == 1
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:3] == ["id", "full_name", "email"]
    assert rows[1][1] == "'" + body["fullName"]
    assert rows[1][2] == "formula@congty.vn"
    assert companies.status.text() == f"Exported 1 company to {path}."


def test_the_menu_offers_the_companies_once_a_partner_key_is_set(window, qtbot, services):
    main = window  # the main window (conftest)
    main._update_partner_menu()
    assert not main.companies_action.isVisible()
    services.partner.keystore.set(fake.PARTNER_API_KEY)
    main.app_menu.aboutToShow.emit()
    assert main.companies_action.isVisible()
    main.companies_action.trigger()
    companies = main.companies
    assert isinstance(companies, CompaniesWindow) and companies.isVisible()
    main.open_companies()
    assert main.companies is companies  # one window, raised again
    loaded(companies, qtbot)
    companies.close()


def test_vietnamese(companies, qtbot):
    i18n.install("vi")
    assert companies.proxy.headerData(0, Qt.Orientation.Horizontal) == "Doanh nghiệp"
    qtbot.waitUntil(lambda: companies.tabs.tabText(1) == "&Lịch sử nạp")
    assert companies.status.text() == "12 doanh nghiệp"


def test_omidesk_partner_opens_the_companies_window_in_the_running_omidesk(window, qtbot, services):
    from omidesk.launch import request_for
    from omidesk.ui.external import ExternalRequests

    assert request_for(["partner"]) == {"cmd": "partner"}
    assert request_for(["--demo", "partner"]) == {"cmd": "partner"}
    assert request_for(["partner", "tenants"]) is None  # a command, not the window
    assert window.controller is not None
    external = ExternalRequests(services, window, window.controller, window)
    external.handle({"cmd": "partner"})
    companies = window.companies
    assert isinstance(companies, CompaniesWindow) and companies.isVisible()
    assert companies.pages.currentIndex() == KEY_PAGE  # no partner key yet: it asks for one
    companies.close()
