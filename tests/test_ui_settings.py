"""The settings dialog, driven like an agent would: real widgets, real sandbox over HTTP."""

from __future__ import annotations

import os
import stat
from dataclasses import replace

import keyring
import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QDialog, QWidget

from omidesk.domain import settings as settings_mod
from omidesk.domain.catalogue import explain
from omidesk.infra import settings_file
from omidesk.infra.keystore import KeyStore
from omidesk.infra.paths import default_paths
from omidesk.ui.settings_dialog import SettingsDialog
from omidesk.ui.settings_rows import AccessKeys, mnemonic
from omidesk.ui.theme import error_style
from tests.conftest import EXTENSION, HOTLINE, shut_down
from tests.fake_keyring import ForgetfulKeyring

SECOND_HOTLINE = "02873008888"


def open_dialog(qtbot, services, *, first_run: bool = False) -> SettingsDialog:
    dialog = SettingsDialog(services, first_run=first_run)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


def at(dialog: SettingsDialog, key: str) -> QWidget:
    """The field of a setting, on its page brought to the front, as the agent finds it."""
    dialog.tabs.setCurrentWidget(dialog.page_of(key))
    return dialog.rows[key].field


def retype(qtbot, widget: QWidget, text: str) -> None:
    widget.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def click(qtbot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose(combo, data: str) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def file_text() -> str:
    return default_paths().settings_file.read_text(encoding="utf-8")


def test_round_trip_saves_the_file_and_the_key_in_the_keyring(qtbot, services, sandbox):
    dialog = open_dialog(qtbot, services)
    # What the file and keyring hold is shown; the key itself never is.
    assert dialog.account.url.text() == sandbox.base_url
    assert at(dialog, "extension").text() == EXTENSION
    assert dialog.account.hotline.currentText() == HOTLINE
    assert dialog.account.api_key.text() == ""
    assert "keyring" in dialog.account.api_key.placeholderText()
    assert dialog.account.api_key.echoMode() == dialog.account.api_key.EchoMode.Password

    retype(qtbot, at(dialog, "extension"), "102")
    retype(qtbot, dialog.account.hotline.lineEdit(), SECOND_HOTLINE)
    choose(at(dialog, "language"), "vi")
    retype(qtbot, at(dialog, "timeout_s"), "30")
    retype(qtbot, at(dialog, "repeat_window_s"), "60")
    choose(at(dialog, "dial_format"), "e164")
    choose(at(dialog, "external_dial"), "direct")
    click(qtbot, at(dialog, "watch_clipboard"))
    qtbot.keyClicks(at(dialog, "api_key"), "brand-new-key-42")

    with qtbot.waitSignal(dialog.saved, timeout=2000) as blocker:
        click(qtbot, dialog.save_button)

    loaded = settings_file.load(default_paths().settings_file)
    assert loaded.errors == []
    saved = loaded.settings
    assert (saved.extension, saved.hotline, saved.language) == ("102", SECOND_HOTLINE, "vi")
    assert (saved.timeout_s, saved.repeat_window_s) == (30.0, 60.0)
    assert (saved.dial_format, saved.external_dial) == ("e164", "direct")
    assert saved.watch_clipboard is True
    assert saved.start_minimised is False
    assert saved.base_url == sandbox.base_url
    assert KeyStore(default_paths().secret_file).get() == "brand-new-key-42"
    assert not default_paths().secret_file.exists()
    assert "brand-new-key-42" not in file_text()
    assert blocker.args == [services.settings]
    assert services.settings.extension == "102"
    assert services.lang == "vi"
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()


def test_untouched_save_keeps_the_stored_key_and_values(qtbot, services, sandbox):
    before = settings_file.load(default_paths().settings_file).settings
    dialog = open_dialog(qtbot, services)
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        click(qtbot, dialog.save_button)
    assert settings_file.load(default_paths().settings_file).settings == before
    # An empty key field means "keep the stored key".
    assert KeyStore(default_paths().secret_file).get() == sandbox.api_key


def test_invalid_values_are_pointed_at_and_nothing_is_saved(qtbot, services, sandbox):
    before = file_text()
    dialog = open_dialog(qtbot, services)
    choose(dialog.account.server, "custom")
    retype(qtbot, dialog.account.url, "http://omicall.example.com")
    retype(qtbot, at(dialog, "extension"), "abc")
    retype(qtbot, dialog.account.hotline.lineEdit(), "12")
    qtbot.keyClicks(at(dialog, "api_key"), "a-key-never-stored")
    saved: list[object] = []
    dialog.saved.connect(saved.append)

    click(qtbot, dialog.save_button)

    rows = dialog.rows
    assert rows["base_url"].error.isVisible()
    assert "Server address" in rows["base_url"].error.text()
    assert "https://" in rows["base_url"].error.text()
    assert rows["extension"].error.isVisible()
    assert "such as 101" in rows["extension"].error.text()
    assert rows["hotline"].error.isVisible()
    assert "02877788056" in rows["hotline"].error.text()
    assert not rows["language"].error.isVisible()
    assert rows["extension"].error.styleSheet() == error_style()
    assert dialog.focusWidget() is dialog.account.url  # the first invalid field
    assert dialog.isVisible()
    assert saved == []
    assert file_text() == before
    assert KeyStore(default_paths().secret_file).get() == sandbox.api_key
    assert services.settings.extension == EXTENSION

    # Fixing the values clears the red lines and saves.
    retype(qtbot, dialog.account.url, sandbox.base_url)
    retype(qtbot, at(dialog, "extension"), "")
    retype(qtbot, dialog.account.hotline.lineEdit(), "")
    dialog.account.api_key.clear()
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        click(qtbot, dialog.save_button)
    assert not rows["extension"].error.isVisible()
    # Empty extension and hotline may be saved: the window says what is missing.
    after = settings_file.load(default_paths().settings_file).settings
    assert (after.extension, after.hotline) == ("", "")


def test_numbers_out_of_range_cannot_be_typed(qtbot, services):
    dialog = open_dialog(qtbot, services)
    at(dialog, "timeout_s").setValue(500)
    at(dialog, "repeat_window_s").setValue(-5)
    assert at(dialog, "timeout_s").value() == 120.0
    assert at(dialog, "repeat_window_s").value() == 0
    assert at(dialog, "repeat_window_s").text() == "Never ask"


def test_server_choice_shows_its_address(qtbot, services):
    dialog = open_dialog(qtbot, services)
    choose(dialog.account.server, "production")
    assert dialog.account.url.text() == settings_mod.PRODUCTION_URL
    assert dialog.account.url.isReadOnly()
    choose(dialog.account.server, "staging")
    assert dialog.account.url.text() == settings_mod.STAGING_URL
    choose(dialog.account.server, "custom")
    assert not dialog.account.url.isReadOnly()
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        choose(dialog.account.server, "staging")
        click(qtbot, dialog.save_button)
    assert settings_file.load(default_paths().settings_file).settings.base_url == (
        settings_mod.STAGING_URL
    )


def test_show_toggle_reveals_the_typed_key(qtbot, services):
    dialog = open_dialog(qtbot, services)
    click(qtbot, dialog.account.show_key)
    assert dialog.account.api_key.echoMode() == dialog.account.api_key.EchoMode.Normal
    click(qtbot, dialog.account.show_key)
    assert dialog.account.api_key.echoMode() == dialog.account.api_key.EchoMode.Password


def test_connection_test_lists_hotlines_with_the_typed_values(qtbot, services, sandbox):
    before = file_text()
    dialog = open_dialog(qtbot, services)
    retype(qtbot, at(dialog, "extension"), "102")  # typed, not saved: the test uses it
    dialog.account.hotline.clear()
    qtbot.keyClicks(dialog.account.hotline.lineEdit(), SECOND_HOTLINE)

    click(qtbot, dialog.account.test_button)
    # Disabled, with a busy line, until the answer arrives.
    assert not dialog.account.test_button.isEnabled()
    assert dialog.account.busy.isVisible()
    assert "Testing the connection" in dialog.account.test_result.text()
    qtbot.waitUntil(dialog.account.test_button.isEnabled, timeout=5000)

    assert dialog.account.test_result.text() == (
        "Signed in. Extension 102 may call out on: 02877788056, 02873008888"
    )
    assert not dialog.account.busy.isVisible()
    items = [dialog.account.hotline.itemText(i) for i in range(dialog.account.hotline.count())]
    assert items == [HOTLINE, SECOND_HOTLINE]
    assert dialog.account.hotline.currentText() == SECOND_HOTLINE  # the typed choice stays
    listed = [r for r in sandbox.requests if r.path == "/api/call_center/hotline/list"]
    assert [r.query["extension"] for r in listed] == ["102"]
    assert file_text() == before  # a test saves nothing


def test_connection_test_fills_an_empty_hotline(qtbot, services):
    dialog = open_dialog(qtbot, services)
    dialog.account.hotline.clear()
    click(qtbot, dialog.account.test_button)
    qtbot.waitUntil(dialog.account.test_button.isEnabled, timeout=5000)
    assert dialog.account.test_result.text().startswith("Signed in.")
    assert dialog.account.hotline.currentText() == HOTLINE


def test_connection_test_with_a_wrong_key(qtbot, services, sandbox):
    dialog = open_dialog(qtbot, services)
    qtbot.keyClicks(at(dialog, "api_key"), "not-the-right-key")
    click(qtbot, dialog.account.test_button)
    qtbot.waitUntil(dialog.account.test_button.isEnabled, timeout=5000)
    expected = explain("api_key_invalid", "en")
    assert expected.message in dialog.account.test_result.text()
    assert expected.next_step in dialog.account.test_result.text()
    assert dialog.account.test_result.styleSheet() == error_style()
    auth = [r for r in sandbox.requests if r.path == "/api/auth"]
    assert [r.query["apiKey"] for r in auth] == ["not-the-right-key"]
    # A test stores nothing, not even the key typed for it.
    assert KeyStore(default_paths().secret_file).get() == sandbox.api_key


def test_connection_test_against_an_unreachable_server(qtbot, services):
    dialog = open_dialog(qtbot, services)
    choose(dialog.account.server, "custom")
    retype(qtbot, dialog.account.url, "http://127.0.0.1:9")
    click(qtbot, dialog.account.test_button)
    qtbot.waitUntil(dialog.account.test_button.isEnabled, timeout=10_000)
    expected = explain("cannot_connect", "en", host="127.0.0.1:9", reason="refused")
    assert expected.message in dialog.account.test_result.text()
    assert expected.next_step in dialog.account.test_result.text()


def test_connection_test_refuses_a_bad_address_without_a_request(qtbot, services, sandbox):
    dialog = open_dialog(qtbot, services)
    sent = len(sandbox.requests)
    choose(dialog.account.server, "custom")
    retype(qtbot, dialog.account.url, "http://omicall.example.com")
    click(qtbot, dialog.account.test_button)
    assert dialog.account.test_button.isEnabled()
    assert "https://" in dialog.account.test_result.text()
    assert "https://" in dialog.rows["base_url"].error.text()
    assert len(sandbox.requests) == sent


def test_closing_during_a_test_stops_it(qtbot, services):
    dialog = open_dialog(qtbot, services)
    click(qtbot, dialog.account.test_button)
    assert dialog.account.testing
    click(qtbot, dialog.cancel_button)
    assert dialog.result() == QDialog.DialogCode.Rejected
    qtbot.waitUntil(lambda: not dialog.account.testing, timeout=5000)
    assert "Testing" in dialog.account.test_result.text()  # no late result drawn after closing


def test_environment_values_are_read_only_and_named(qtbot, configured, qloop, monkeypatch):
    from omidesk.services import build

    monkeypatch.setenv("OMIDESK_EXTENSION", "103")
    monkeypatch.setenv("OMIDESK_API_KEY", configured.api_key)
    services = build(default_paths())
    try:
        dialog = open_dialog(qtbot, services)
        assert at(dialog, "extension").text() == "103"
        assert at(dialog, "extension").isReadOnly()
        note = dialog.rows["extension"].note
        assert note.isVisible()
        assert "OMIDESK_EXTENSION" in note.text()
        assert dialog.account.api_key.isReadOnly()
        assert "OMIDESK_API_KEY" in dialog.account.api_key.placeholderText()
        assert "OMIDESK_API_KEY" in dialog.rows["api_key"].note.text()
        assert not dialog.rows["hotline"].note.isVisible()

        with qtbot.waitSignal(dialog.saved, timeout=2000):
            click(qtbot, dialog.save_button)
        # The file keeps its own extension; the variable still wins.
        assert settings_file.load(default_paths().settings_file, {}).settings.extension == (
            EXTENSION
        )
        assert services.settings.extension == "103"
    finally:
        shut_down(qtbot, services)


def test_demo_locks_server_and_key(qtbot, qloop):
    from omidesk.services import build

    services = build(default_paths(), demo=True)
    try:
        dialog = open_dialog(qtbot, services)
        assert not dialog.account.server.isEnabled()
        assert not dialog.account.url.isEnabled()
        assert not dialog.account.api_key.isEnabled()
        assert not dialog.rows["autocall_base_url"].field.isEnabled()
        assert dialog.demo_note.isVisible()
        assert "simulator" in dialog.demo_note.text()
        # Testing the connection goes to the built-in simulator.
        click(qtbot, dialog.account.test_button)
        qtbot.waitUntil(dialog.account.test_button.isEnabled, timeout=5000)
        assert dialog.account.test_result.text().startswith(
            "Signed in. Extension 101 may call out on:"
        )
        with qtbot.waitSignal(dialog.saved, timeout=2000):
            click(qtbot, dialog.save_button)
        on_file = settings_file.load(services.paths.settings_file).settings
        assert on_file.base_url == settings_mod.PRODUCTION_URL  # not the sandbox's
        assert services.settings.base_url == services.sandbox.base_url
        assert on_file.autocall_base_url == settings_mod.AUTOCALL_URL
        assert services.settings.autocall_base_url == services.sandbox.base_url
    finally:
        shut_down(qtbot, services)


def test_first_run_offers_the_demo(qtbot, services):
    dialog = open_dialog(qtbot, services, first_run=True)
    assert dialog.intro.isVisible()
    assert dialog.intro.text().startswith("OmiDesk needs your company's OMICall API key")
    assert dialog.windowTitle() == "Welcome to OmiDesk"
    assert dialog.demo_button.isVisible()
    with qtbot.waitSignal(dialog.demoRequested, timeout=2000):
        click(qtbot, dialog.demo_button)


def test_no_intro_nor_demo_button_after_the_first_run(qtbot, services):
    dialog = open_dialog(qtbot, services)
    assert not dialog.intro.isVisible()
    assert not dialog.demo_button.isVisible()


def test_key_kept_in_a_file_is_said_before_closing(qtbot, services):
    keyring.set_keyring(ForgetfulKeyring())  # the home fixture puts the fake one back
    dialog = open_dialog(qtbot, services)
    assert "Paste" in dialog.account.api_key.placeholderText()
    qtbot.keyClicks(at(dialog, "api_key"), "key-without-keyring")

    with qtbot.waitSignal(dialog.saved, timeout=2000):
        click(qtbot, dialog.save_button)

    secret = default_paths().secret_file
    assert secret.read_text(encoding="utf-8").strip() == "key-without-keyring"
    assert stat.S_IMODE(os.stat(secret).st_mode) == 0o600
    warning = explain("key_in_file", "en", path=str(secret)).message
    assert warning in dialog.notice.text()
    assert dialog.notice.isVisible()
    assert dialog.notice.isEnabled()  # readable, while the saved form is greyed out
    assert dialog.isVisible()  # kept open once, so the agent reads it
    assert dialog.save_button.text() == "&Close"
    assert dialog.account.api_key.text() == ""
    click(qtbot, dialog.save_button)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_key_already_in_a_file_is_warned_about_on_opening(qtbot, services):
    keyring.set_keyring(ForgetfulKeyring())
    KeyStore(default_paths().secret_file).set("key-in-a-file")
    dialog = open_dialog(qtbot, services)
    warning = explain("key_in_file", "en", path=str(default_paths().secret_file)).message
    assert warning in dialog.rows["api_key"].note.text()
    assert "file" in dialog.account.api_key.placeholderText()
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        click(qtbot, dialog.save_button)
    assert not dialog.isVisible()  # already said on opening: Save closes


def test_unwritable_settings_keep_what_was_typed(qtbot, services, sandbox, monkeypatch):
    before = file_text()

    def read_only(*args, **kwargs):
        # What a read-only config directory does (the tests may run as root, so chmod won't).
        raise PermissionError(13, "Permission denied")

    import tempfile

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    dialog = open_dialog(qtbot, services)
    retype(qtbot, at(dialog, "extension"), "102")
    qtbot.keyClicks(at(dialog, "api_key"), "key-typed-before-failure")
    saved: list[object] = []
    dialog.saved.connect(saved.append)

    click(qtbot, dialog.save_button)

    assert dialog.problem.isVisible()
    expected = explain("store_read_only", "en", path=str(default_paths().settings_file))
    assert expected.message in dialog.problem.text()
    assert "Permission denied" in dialog.problem.text()
    assert dialog.isVisible()
    assert saved == []
    assert at(dialog, "extension").text() == "102"
    assert dialog.account.api_key.text() == "key-typed-before-failure"
    assert file_text() == before
    # Nothing half-way: the key stored first was put back.
    assert KeyStore(default_paths().secret_file).get() == sandbox.api_key


def test_errors_speak_the_agents_language(qtbot, services):
    services.save_settings(replace(services.loaded.file_values, language="vi"))
    dialog = open_dialog(qtbot, services)
    retype(qtbot, at(dialog, "extension"), "abc")
    click(qtbot, dialog.save_button)
    assert dialog.rows["extension"].error.text().startswith("Máy lẻ:")


def test_language_switch_keeps_what_was_typed(qtbot, services):
    dialog = open_dialog(qtbot, services)
    retype(qtbot, at(dialog, "extension"), "abc")
    click(qtbot, dialog.save_button)
    qtbot.keyClicks(at(dialog, "api_key"), "half-typed")
    QCoreApplication.sendEvent(dialog, QEvent(QEvent.Type.LanguageChange))
    assert at(dialog, "extension").text() == "abc"
    assert dialog.account.api_key.text() == "half-typed"
    assert dialog.rows["extension"].error.isVisible()
    assert dialog.save_button.text() == "&Save"


PAGES = {
    "Account": ["base_url", "api_key", "extension", "hotline", "autocall_base_url"],
    "Calling": ["dial_format", "timeout_s", "repeat_window_s"],
    "Links & clipboard": ["external_dial", "watch_clipboard", "hotkey"],
    "Appearance": ["language", "theme", "start_minimised", "autostart"],
}


def plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def test_the_settings_are_on_four_pages(qtbot, services):
    dialog = open_dialog(qtbot, services)
    titles = [plain(dialog.tabs.tabText(i)) for i in range(dialog.tabs.count())]
    assert titles == list(PAGES)
    for index, keys in enumerate(PAGES.values()):
        assert list(dialog.pages[index].rows) == keys
    assert dialog.tabs.currentIndex() == 0  # the account first: what a call needs


def tab_walk(dialog: SettingsDialog, start: QWidget) -> list[QWidget]:
    """What Tab visits from `start`, once round: the controls an agent reaches."""
    order: list[QWidget] = []
    widget = start
    while widget not in order:
        order.append(widget)
        widget = widget.nextInFocusChain()
    inner = (QAbstractSpinBox, QComboBox)  # the line edit inside one is not a stop of its own
    return [
        w
        for w in order
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.isVisible()
        and w.isEnabled()
        and w.focusProxy() is None  # the tab widget hands its focus to its tab bar
        and not isinstance(w.parentWidget(), inner)
    ]


def test_every_control_is_named_and_reachable_by_tab(qtbot, services):
    dialog = open_dialog(qtbot, services)
    account = dialog.account
    buttons = [dialog.save_button, dialog.cancel_button]
    expected = {
        0: [account.server, account.url, account.api_key, account.show_key, account.hotline],
        1: [dialog.rows[key].field for key in PAGES["Calling"]],
        2: [dialog.rows[key].field for key in PAGES["Links & clipboard"]],
        3: [dialog.rows[key].field for key in PAGES["Appearance"]],
    }
    expected[0][4:4] = [account.rows["extension"].field]
    expected[0].append(account.rows["autocall_base_url"].field)
    expected[0].append(account.test_button)
    for index, controls in expected.items():
        dialog.tabs.setCurrentIndex(index)
        for control in controls + buttons:
            assert control.accessibleName(), control
        # Tab walks the page's fields in the order they are shown, then the buttons.
        tab_bar = dialog.tabs.tabBar()
        assert tab_walk(dialog, tab_bar) == [tab_bar, *controls, *buttons]
    for key, row in dialog.rows.items():
        if row.label is not None:
            assert row.label.buddy() is row.field, key


def test_ctrl_tab_goes_from_page_to_page(qtbot, services):
    dialog = open_dialog(qtbot, services)
    dialog.account.server.setFocus()
    qtbot.keyClick(dialog.account.server, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert dialog.tabs.currentIndex() == 1


def test_access_keys_go_to_free_ascii_letters_first_of_a_word():
    keys = AccessKeys(["s"])
    assert keys.mark("Save") == "S&ave"  # S taken: the next free letter
    assert keys.mark("Links & clipboard") == "&Links && clipboard"
    assert keys.mark("Địa chỉ máy chủ") == "Địa &chỉ máy chủ"  # Đ cannot be typed with Alt
    assert keys.mark("Calling") == "Call&ing"  # c, a and l are taken
    assert AccessKeys("abcdefghijklmnopqrstuvwxyz0123456789").mark("A & B") == "A && B"
    assert mnemonic("Links && c&lipboard") == "l"
    assert mnemonic("Links && clipboard") is None


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_no_two_visible_controls_share_an_access_key(qtbot, services, lang):
    from omidesk.ui import i18n

    if lang == "vi":
        services.save_settings(replace(services.loaded.file_values, language="vi"))
        i18n.install("vi")
    try:
        dialog = open_dialog(qtbot, services)
        shared = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
        shared += [dialog.save_button.text()]
        for page in dialog.pages:
            texts = shared + [
                row.label.text() if row.label is not None else row.field.text()
                for row in page.rows.values()
            ]
            if page is dialog.account:
                texts += [dialog.account.show_key.text(), dialog.account.test_button.text()]
            keys = [mnemonic(text) for text in texts]
            assert None not in keys[: len(shared)], texts
            found = [key for key in keys if key]
            assert len(found) == len(set(found)), texts
            assert len(found) >= len(texts) - 1, texts  # a key for (nearly) every control
    finally:
        i18n.install("en")


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_each_row_says_what_its_declaration_says(qtbot, services, lang):
    """Label, help line, choices and unit come from the declarations, in the agent's words."""
    services.save_settings(replace(services.loaded.file_values, language=lang))
    dialog = open_dialog(qtbot, services)
    for key, row in dialog.rows.items():
        setting = row.setting
        shown = row.label.text() if row.label is not None else row.field.text()
        assert plain(shown).rstrip(":") == setting.label(lang), key
        if setting.widget != "server":  # the server's list is "Server", its line the address
            assert row.field.accessibleName() == setting.label(lang), key
        if setting.help is not None:
            assert row.help.text() == setting.help(lang), key
            assert not row.help.isHidden(), key
        else:
            assert row.help.isHidden(), key
        if setting.choices and not row.field.isEditable():
            items = [row.field.itemText(i) for i in range(row.field.count())]
            assert items == [choice.label(lang) for choice in setting.choices], key
    assert dialog.rows["timeout_s"].field.suffix() == settings_mod.TIMEOUT.unit(lang)


def test_an_error_on_another_page_brings_that_page_forward(qtbot, services):
    before = file_text()
    dialog = open_dialog(qtbot, services)
    hotkey = at(dialog, "hotkey")
    hotkey.setKeySequence(QKeySequence("Shift+A"))  # no Ctrl, Alt or Meta: not desktop-wide
    dialog.tabs.setCurrentIndex(0)
    click(qtbot, dialog.save_button)
    assert dialog.tabs.currentWidget() is dialog.page_of("hotkey")
    assert dialog.focusWidget() is hotkey
    assert dialog.rows["hotkey"].error.isVisible()
    assert "Ctrl+Alt+D" in dialog.rows["hotkey"].error.text()
    assert dialog.isVisible()
    assert file_text() == before


def test_start_with_the_desktop_writes_the_autostart_entry(qtbot, services, tmp_path) -> None:
    """The switch is kept in the settings and mirrored in the desktop's own start-up list."""
    import os
    from pathlib import Path

    from omidesk.ui.settings_dialog import SettingsDialog

    autostart = Path(os.environ["XDG_CONFIG_HOME"]) / "autostart" / "omidesk.desktop"
    dialog = SettingsDialog(services)
    qtbot.addWidget(dialog)
    dialog.open()
    at(dialog, "autostart").setChecked(True)
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    assert services.settings.autostart
    text = autostart.read_text(encoding="utf-8")
    assert "--minimised" in text
    again = SettingsDialog(services)
    qtbot.addWidget(again)
    again.open()
    assert at(again, "autostart").isChecked()
    at(again, "autostart").setChecked(False)
    with qtbot.waitSignal(again.saved):
        again.save()
    assert not autostart.exists()


def test_vietnamese_numbers_take_a_decimal_comma_and_the_shortcut_its_words(qtbot, services):
    """The Vietnamese dialog says "2,0 giây", not "2.0 giây", and reads "2,5" back; the
    shortcut recorder asks in Vietnamese, not with Qt's own "Press shortcut"."""
    from PySide6.QtWidgets import QLineEdit

    from omidesk.ui import i18n

    services.save_settings(replace(services.loaded.file_values, language="vi"))
    i18n.install("vi")
    try:
        dialog = open_dialog(qtbot, services)
        timeout = at(dialog, "timeout_s")
        assert timeout.text() == "2,0 giây"  # the configured profile's 2 s
        retype(qtbot, timeout, "2,5")
        assert timeout.value() == 2.5
        hotkey = at(dialog, "hotkey").findChild(QLineEdit)
        assert hotkey.placeholderText() == settings_mod.HOTKEY.placeholder("vi")
        assert "Press" not in hotkey.placeholderText()
    finally:
        i18n.install("en")
    services.save_settings(replace(services.loaded.file_values, language="en"))
    english = open_dialog(qtbot, services)
    assert at(english, "timeout_s").text() == "2.0 s"
