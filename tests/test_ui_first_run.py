"""A window not yet set up says so: a banner until it is, and the not-configured result
offers to open the settings (real widgets offscreen, nothing sent anywhere)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from omidesk.infra.paths import default_paths
from omidesk.ui.main_window import MainWindow
from omidesk.ui.settings_dialog import SettingsDialog
from omidesk.ui.settings_rows import mnemonic
from omidesk.ui.theme import error_style
from tests.conftest import EXTENSION, HOTLINE, delete_now, shut_down
from tests.test_ui_settings import SECOND_HOTLINE


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


# --- the first run, three steps ---------------------------------------------------------------


@pytest.fixture
def new_services(qloop, qtbot):
    """An agent's services before anything was set up: no settings file, no key."""
    from omidesk.services import build

    services = build(default_paths())
    yield services
    shut_down(qtbot, services)


def first_run_dialog(qtbot, services) -> SettingsDialog:
    dialog = SettingsDialog(services, first_run=True)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    # A window manager gives a new dialog the focus; the offscreen platform waits to be asked.
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def shown_rows(dialog: SettingsDialog) -> list[str]:
    return [key for key, row in dialog.account.rows.items() if row.box.isVisible()]


def test_three_steps_end_in_a_configured_profile(qtbot, new_services, sandbox) -> None:
    services = new_services
    assert not services.configured()
    dialog = first_run_dialog(qtbot, services)
    next_button = dialog.save_button

    # 1: the server, with "Try the demo" beside Next, as large.
    assert dialog.step_title.text() == "Step 1 of 3: the OMICall server"
    assert shown_rows(dialog) == ["base_url"]
    assert dialog.demo_button.isVisible() and not dialog.back_button.isVisible()
    assert dialog.demo_button.size() == next_button.size()
    assert next_button.text().replace("&", "") == "Next"
    assert not dialog.tabs.tabBar().isVisible()
    dialog.account.server.setCurrentIndex(dialog.account.server.findData("custom"))
    qtbot.keyClicks(dialog.account.url, sandbox.base_url)
    qtbot.keyClick(dialog.account.url, Qt.Key.Key_Return)  # Enter is Next

    # 2: the API key; Next without one says what to do and stays.
    assert dialog.step_title.text() == "Step 2 of 3: your company's API key"
    assert shown_rows(dialog) == ["api_key"]
    assert dialog.account.api_key.hasFocus()
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert dialog.rows["api_key"].error.isVisible()
    assert "API key" in dialog.rows["api_key"].error.text()
    assert dialog.step_title.text().startswith("Step 2 of 3")
    qtbot.keyClicks(dialog.account.api_key, sandbox.api_key)
    qtbot.keyClick(dialog.account.api_key, Qt.Key.Key_Return)  # Enter is Next

    # 3: the extension; Next signs in with what was typed, and OMICall's hotlines follow.
    assert dialog.step_title.text() == "Step 3 of 3: your extension"
    assert shown_rows(dialog) == ["extension"]
    qtbot.keyClicks(dialog.rows["extension"].field, "102")
    qtbot.keyClick(dialog.rows["extension"].field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shown_rows(dialog) == ["hotline"], timeout=5000)
    assert dialog.step_title.text() == "Signed in. Last: the hotline to call out on"
    hotlines = [dialog.account.hotline.itemText(i) for i in range(dialog.account.hotline.count())]
    assert hotlines == [HOTLINE, SECOND_HOTLINE]
    listed = [r for r in sandbox.requests if r.path == "/api/call_center/hotline/list"]
    assert [r.query["extension"] for r in listed] == ["102"]
    assert not default_paths().settings_file.exists()  # nothing saved before the end

    dialog.account.hotline.setCurrentIndex(1)
    assert next_button.text().replace("&", "") == "Save"
    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(dialog.account.hotline, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert services.configured()
    settings = services.settings
    assert (settings.base_url, settings.extension, settings.hotline) == (
        sandbox.base_url,
        "102",
        SECOND_HOTLINE,
    )
    assert services.api_key() == sandbox.api_key


def test_back_keeps_what_was_typed_and_a_wrong_key_is_said_at_sign_in(
    qtbot, new_services, sandbox
) -> None:
    dialog = first_run_dialog(qtbot, new_services)
    dialog.account.server.setCurrentIndex(dialog.account.server.findData("custom"))
    qtbot.keyClicks(dialog.account.url, sandbox.base_url)
    dialog.save_button.click()
    qtbot.keyClicks(dialog.account.api_key, "not-the-right-key")
    dialog.save_button.click()
    qtbot.keyClicks(dialog.rows["extension"].field, EXTENSION)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.account.testing, timeout=5000)
    # Refused: said on the same step, nothing saved, the hotline step not reached.
    assert dialog.step_title.text() == "Step 3 of 3: your extension"
    assert dialog.account.test_result.isVisible()
    assert dialog.account.test_result.styleSheet() == error_style()
    qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
    assert shown_rows(dialog) == ["api_key"]
    assert dialog.account.api_key.text() == "not-the-right-key"
    assert not default_paths().settings_file.exists()


def test_try_the_demo_is_a_choice_of_the_first_page(qtbot, new_services) -> None:
    dialog = first_run_dialog(qtbot, new_services)
    assert dialog.demo_button.isVisible()
    with qtbot.waitSignal(dialog.demoRequested):
        qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    dialog.save_button.click()  # production is a valid server: on to the key
    assert not dialog.demo_button.isVisible()


def test_each_step_is_walked_by_tab_with_access_keys(qtbot, new_services, sandbox) -> None:
    from tests.test_ui_settings import tab_walk

    dialog = first_run_dialog(qtbot, new_services)
    account = dialog.account
    end = [dialog.save_button, dialog.cancel_button]
    assert tab_walk(dialog, account.server) == [
        account.server,
        account.url,
        *end,
        dialog.demo_button,
    ]
    assert mnemonic(dialog.demo_button.text()) != mnemonic(dialog.save_button.text())
    dialog.save_button.click()
    walk = tab_walk(dialog, account.api_key)
    assert walk == [
        account.api_key,
        account.show_key,
        dialog.save_button,
        dialog.back_button,
        dialog.cancel_button,
    ]
    keys = [mnemonic(w.text()) for w in (account.show_key, dialog.save_button, dialog.back_button)]
    assert None not in keys and len(set(keys)) == len(keys)
