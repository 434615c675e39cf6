"""Numbers from outside the window: the confirm window, direct dialling, the tray menu."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from omidesk.domain.contacts import Contact, Phone
from omidesk.sandbox.server import Sandbox
from omidesk.ui.external import ExternalRequests
from omidesk.ui.tray import Tray


@pytest.fixture
def external(services, window):
    return ExternalRequests(services, window, window.controller, window)


def set_external_dial(services, mode: str) -> None:
    services.save_settings(replace(services.settings, external_dial=mode))


def confirm_window(external: ExternalRequests, qtbot):
    qtbot.waitUntil(lambda: external.confirm is not None and external.confirm.isVisible())
    return external.confirm


def test_link_asks_first_and_enter_calls(qtbot, external, window, configured: Sandbox) -> None:
    external.handle({"cmd": "link", "uri": "tel:+84-90-123-4567"})
    confirm = confirm_window(external, qtbot)
    assert confirm.number.text() == "0901 234 567"
    assert "02877788056" in confirm.hotline.text()
    assert configured.click2calls() == []  # nothing before the agent confirms
    with qtbot.waitSignal(window.controller.finished):
        qtbot.keyClick(confirm.call, Qt.Key.Key_Return)
    (post,) = configured.click2calls()
    assert post.json["phone_number"] == "0901234567"
    assert window.status.state == "accepted"


def test_ctrl_enter_calls_too(qtbot, external, window, configured: Sandbox) -> None:
    external.handle({"cmd": "link", "uri": "tel:+84-90-123-4567"})
    confirm = confirm_window(external, qtbot)
    confirm.activateWindow()
    qtbot.waitUntil(confirm.isActiveWindow)
    with qtbot.waitSignal(window.controller.finished):
        qtbot.keyClick(confirm, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    (post,) = configured.click2calls()
    assert post.json["phone_number"] == "0901234567"


def test_escape_cancels(qtbot, external, configured: Sandbox) -> None:
    external.handle({"cmd": "link", "uri": "callto://0901234567"})
    confirm = confirm_window(external, qtbot)
    qtbot.keyClick(confirm, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not confirm.isVisible())
    qtbot.wait(50)
    assert configured.click2calls() == []


def test_confirm_window_names_a_known_contact(qtbot, services, external) -> None:
    services.contacts.add(Contact(name="Đặng Thị Hương", phones=(Phone.parse("0901234567"),)))
    external.handle({"cmd": "link", "uri": "tel:0901234567"})
    confirm = confirm_window(external, qtbot)
    assert confirm.contact.text() == "Đặng Thị Hương"


def test_confirm_window_says_when_nobody_has_the_number(qtbot, external) -> None:
    external.handle({"cmd": "link", "uri": "tel:0933333333"})
    confirm = confirm_window(external, qtbot)
    assert confirm.contact.text() == "Not in your contacts"
    assert confirm.contact.isVisible()


def test_direct_mode_dials_at_once(qtbot, services, external, window, configured: Sandbox) -> None:
    set_external_dial(services, "direct")
    with qtbot.waitSignal(window.controller.finished):
        external.handle({"cmd": "link", "uri": "tel:+84901234567"})
    assert len(configured.click2calls()) == 1
    assert external.confirm is None


@pytest.mark.parametrize(
    ("uri", "words"),
    [
        ("tel:abc", "not a valid phone link"),
        ("tel:", "holds no number"),
        ("tel:7042;phone-context=example.com", "without its country"),
        ("tel:12", "too short"),
    ],
)
def test_garbage_links_say_why(qtbot, external, configured: Sandbox, uri: str, words: str) -> None:
    external.handle({"cmd": "link", "uri": uri})
    confirm = confirm_window(external, qtbot)
    assert words in confirm.contact.text()
    assert not confirm.call.isVisible()
    assert configured.click2calls() == []


def test_old_number_in_a_link_says_it_was_renumbered(qtbot, external) -> None:
    external.handle({"cmd": "link", "uri": "tel:01651234567"})
    confirm = confirm_window(external, qtbot)
    assert confirm.number.text() == "0351 234 567"
    assert "old 11-digit number" in confirm.note.text()


def test_clipboard_with_several_numbers_lets_the_agent_choose(
    qtbot, external, window, configured: Sandbox
) -> None:
    QGuiApplication.clipboard().setText("Nam 0901 234 567, Hoa 0912 345 678")
    external.handle({"cmd": "dial-clipboard", "mode": "clipboard"})
    confirm = confirm_window(external, qtbot)
    assert confirm.choice.count() == 2
    confirm.choice.setCurrentIndex(1)
    with qtbot.waitSignal(window.controller.finished):
        qtbot.mouseClick(confirm.call, Qt.MouseButton.LeftButton)
    assert configured.click2calls()[0].json["phone_number"] == "0912345678"


def test_clipboard_without_a_number_says_so(qtbot, external, configured: Sandbox) -> None:
    QGuiApplication.clipboard().setText("hello world")
    external.handle({"cmd": "dial-clipboard", "mode": "clipboard"})
    confirm = confirm_window(external, qtbot)
    assert "holds no phone number" in confirm.contact.text()


def test_show_request_raises_the_window(qtbot, external, window) -> None:
    window.hide()
    external.handle({"cmd": "show"})
    qtbot.waitUntil(window.isVisible)


# --- the tray menu (offscreen: the menu is built even where no tray is shown) ---------


@pytest.fixture
def tray(services, window, external):
    return Tray(services, window, window.controller, external, window)


def test_tray_menu_offers_the_clipboard_number(tray) -> None:
    QGuiApplication.clipboard().setText("Gọi cho anh Nam: 0901 234 567")
    tray.rebuild()
    assert tray.actions_text()[0] == "Call 0901 234 567"
    QGuiApplication.clipboard().setText("nothing to call here")
    tray.rebuild()
    assert not tray.actions_text()[0].startswith("Call ")


def test_tray_offers_the_clipboard_number_with_its_name(services, tray) -> None:
    services.contacts.add(Contact(name="Nguyễn Văn An", phones=(Phone.parse("0901234567"),)))
    QGuiApplication.clipboard().setText("0901 234 567")
    tray.rebuild()
    assert tray.actions_text()[0] == "Call Nguyễn Văn An — 0901 234 567"


def test_tray_menu_lists_favourites_and_recent_calls(
    qtbot, services, tray, window, configured
) -> None:
    services.contacts.add(
        Contact(name="Trần Thị Bích Ngọc", phones=(Phone.parse("0912345678"),), favorite=True)
    )
    for number in ("0901234567", "0900000001"):
        with qtbot.waitSignal(window.controller.finished):
            window.dial_external(number, "window")
    tray.rebuild()
    lines = tray.actions_text()
    assert "Favourites" in lines
    assert "  Trần Thị Bích Ngọc — 0912 345 678" in lines
    recent = lines.index("Recent calls")
    assert lines[recent + 1 : recent + 3] == ["  0900000001", "  0901234567"]
    assert "Hide window" in lines and "Settings…" in lines and "Quit OmiDesk" in lines


def test_tray_recent_call_redials(qtbot, services, tray, window, configured: Sandbox) -> None:
    with qtbot.waitSignal(window.controller.finished):
        window.dial_external("0900000001", "window")
    tray.rebuild()
    recents = next(a for a in tray.menu.actions() if a.text() == "Recent calls").menu()
    with qtbot.waitSignal(window.controller.finished):
        recents.actions()[0].trigger()
    assert len(configured.click2calls()) == 2
    assert configured.click2calls()[1].json["phone_number"] == "0900000001"


def test_tray_tooltip_shows_the_last_result(qtbot, tray, window) -> None:
    with qtbot.waitSignal(window.controller.finished):
        window.dial_external("0900000001", "window")
    assert "The line is busy." in tray.icon.toolTip()


def test_clipboard_watching_offers_and_click_opens_confirm(qtbot, services, tray, external) -> None:
    services.save_settings(replace(services.settings, watch_clipboard=True))
    QGuiApplication.clipboard().setText("KH mới: 0935 678 901")
    qtbot.waitUntil(lambda: tray.offered == "+84935678901")
    tray.icon.messageClicked.emit()  # what the desktop does when the agent clicks it
    confirm = confirm_window(external, qtbot)
    assert confirm.number.text() == "0935 678 901"


def test_clipboard_watching_is_off_by_default(qtbot, tray) -> None:
    QGuiApplication.clipboard().setText("0935 678 901")
    qtbot.wait(50)
    assert tray.offered is None


def test_macos_open_url_event_reaches_the_link_handler(qapp, qloop) -> None:
    """macOS delivers a clicked tel: link to the running app as a FileOpen event."""
    import asyncio

    from PySide6.QtCore import QCoreApplication, QUrl
    from PySide6.QtGui import QFileOpenEvent

    from omidesk.ui.app_events import AppEvents

    links: list[str] = []
    quitting = asyncio.Event()
    events = AppEvents(qapp, quitting, links.append)
    try:
        QCoreApplication.sendEvent(qapp, QFileOpenEvent(QUrl("tel:+84901234567")))
        QCoreApplication.sendEvent(qapp, QFileOpenEvent(QUrl("file:///tmp/x.txt")))
        assert links == ["tel:+84901234567"]
        assert not quitting.is_set()
    finally:
        qapp.removeEventFilter(events)
        events.deleteLater()
