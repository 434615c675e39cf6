"""The desktop-wide hotkey: shortcut text, settings validation, and grabbing it for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest

from omidesk.desktop.hotkey import GlobalHotkey
from omidesk.domain.settings import validate
from omidesk.domain.shortcuts import parse


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Ctrl+Alt+D", "Ctrl+Alt+D"),
        ("ctrl+alt+d", "Ctrl+Alt+D"),
        ("Alt+Ctrl+D", "Ctrl+Alt+D"),
        ("Meta+1", "Meta+1"),
        ("Super+F9", "Meta+F9"),
        ("Control+Shift+K", "Ctrl+Shift+K"),
        ("D", None),  # would steal ordinary typing
        ("Shift+D", None),
        ("Ctrl+Alt+", None),
        ("Ctrl+Alt+Đ", None),
        ("Ctrl+F13", None),
        ("", None),
    ],
)
def test_shortcut_text(text: str, shown: str | None) -> None:
    shortcut = parse(text)
    assert (str(shortcut) if shortcut else None) == shown


def test_settings_keep_a_clean_shortcut_and_reject_a_bad_one() -> None:
    settings, errors = validate({"hotkey": "alt+ctrl+d"})
    assert (settings.hotkey, errors) == ("Ctrl+Alt+D", [])
    _, errors = validate({"hotkey": "D"})
    assert errors and "Ctrl+Alt+D" in errors[0].text("en")
    assert validate({"hotkey": ""})[0].hotkey == ""


def test_empty_turns_it_off_and_nonsense_is_invalid(qapp) -> None:
    hotkey = GlobalHotkey(lambda: None)
    assert hotkey.set("").active
    result = hotkey.set("Shift+D")
    assert (result.active, result.code) == (False, "hotkey_invalid")


def test_grab_on_a_real_x_server_or_say_why_not(qapp, tmp_path, monkeypatch) -> None:
    """With an X server the key is grabbed and a second grab is a reported conflict; without
    one (Wayland, no display) the result says the desktop does not allow it."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        monkeypatch.delenv("DISPLAY", raising=False)
        result = GlobalHotkey(lambda: None).set("Ctrl+Alt+D")
        assert (result.active, result.code) == (False, "hotkey_unsupported")
        monkeypatch.setenv("XDG_SESSION_TYPE", "wayland")
        monkeypatch.setenv("DISPLAY", ":0")
        result = GlobalHotkey(lambda: None).set("Ctrl+Alt+D")
        assert (result.active, result.code) == (False, "hotkey_unsupported")
        return
    display = ":97"
    server = subprocess.Popen(
        [xvfb, display, "-nolisten", "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 10
        while not os.path.exists(f"/tmp/.X11-unix/X{display[1:]}"):
            assert time.monotonic() < deadline, "Xvfb did not start"
            time.sleep(0.05)
        monkeypatch.setenv("DISPLAY", display)
        monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
        monkeypatch.setenv("XDG_SESSION_TYPE", "x11")
        first = GlobalHotkey(lambda: None)
        second = GlobalHotkey(lambda: None)
        assert first.set("Ctrl+Alt+D").active
        taken = second.set("Ctrl+Alt+D")
        assert (taken.active, taken.code) == (False, "hotkey_taken")
        assert taken.params == {"keys": "Ctrl+Alt+D"}
        assert second.set("Ctrl+Alt+K").active  # another key is free
        first.clear()
        assert second.set("Ctrl+Alt+D").active  # released keys can be taken again
        second.clear()
    finally:
        server.terminate()
        server.wait(timeout=10)
