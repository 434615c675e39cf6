"""Desktop integration for this user: the application's menu entry and icons, and starting with
the desktop (XDG autostart on Linux, the HKCU Run key on Windows, a LaunchAgent on macOS).

No Qt at import time: only render_icons loads QtSvg/QtGui, when it is called. The .desktop
entries come from the packaged templates (resources/linux) through registration.py, which owns
the user's omidesk.desktop and the tel:/callto: defaults."""

from __future__ import annotations

import contextlib
import plistlib
import shutil
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from omidesk.desktop import registration
from omidesk.infra import assets

ICON_NAME = "omidesk"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
AUTOSTART_TEMPLATE = "omidesk-autostart.desktop"
# The same value the Windows installer's "start with Windows" task writes (omidesk.iss), so the
# settings switch sees and undoes the installer's choice.
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE = "OmiDesk"
LAUNCH_AGENT = "vn.omidesk.OmiDesk"


# --- icons -------------------------------------------------------------------------------------


def render_icons(
    target: Path, svg: Path | None = None, sizes: Iterable[int] = ICON_SIZES
) -> list[Path]:
    """Renders the app icon into a hicolor tree under `target`: <n>x<n>/apps/omidesk.png for
    each size, plus scalable/apps/omidesk.svg. Needs no QGuiApplication (raster only)."""
    from PySide6.QtCore import Qt  # noqa: PLC0415 - Qt only for the one step that draws
    from PySide6.QtGui import QImage, QPainter  # noqa: PLC0415
    from PySide6.QtSvg import QSvgRenderer  # noqa: PLC0415

    source = svg or assets.path("icons", "app.svg")
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise ValueError(f"{source}: not an SVG Qt can draw")
    written: list[Path] = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = target / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        # The format from the .png suffix: PySide6's stub types `format` as bytes, while
        # at run time only a str passes.
        if not image.save(str(path)):
            raise OSError(f"could not write {path}")
        written.append(path)
    scalable = target / "scalable" / "apps" / f"{ICON_NAME}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, scalable)
    written.append(scalable)
    return written


def icons_dir() -> Path:
    return registration.data_home() / "icons" / "hicolor"


# --- the menu entry (Linux) --------------------------------------------------------------------


def install_desktop_entry(
    autostart: bool, command: Sequence[str] | None = None, *, icons: bool = True
) -> list[Path]:
    """Installs OmiDesk in this user's application menu: omidesk.desktop (with the actions and
    the tel:/callto: types; not the default handler: that is `omidesk register-handler`), the
    hicolor icons, and the autostart entry when `autostart` (removed when not: the switch's
    state). Returns the files written."""
    command = list(command or registration.launcher())
    entry = registration.desktop_file()
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(registration.desktop_entry(command, menu=True), encoding="utf-8")
    written = [entry]
    if icons:
        written.extend(render_icons(icons_dir()))
        # GTK reads a stale icon-theme.cache first where one exists: a newer folder mtime
        # tells it to look again.
        icons_dir().touch()
    started = set_autostart_linux(autostart, command)
    if started is not None:
        written.append(started)
    registration.refresh_database(entry.parent)
    return written


def uninstall_desktop_entry() -> list[Path]:
    """Undoes install_desktop_entry. While OmiDesk is still the default for tel:/callto: links
    (register-handler), the entry becomes the hidden handler-only one so links keep working."""
    removed: list[Path] = []
    entry = registration.desktop_file()
    if registration.is_menu_entry(entry):
        if registration.DESKTOP_ID in registration.default_handlers().values():
            entry.write_text(
                registration.desktop_entry(registration.launcher(), menu=False), encoding="utf-8"
            )
        else:
            entry.unlink()
            removed.append(entry)
    for size in ICON_SIZES:
        removed.extend(_unlink(icons_dir() / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"))
    removed.extend(_unlink(icons_dir() / "scalable" / "apps" / f"{ICON_NAME}.svg"))
    removed.extend(_unlink(autostart_file()))
    registration.refresh_database(entry.parent)
    return removed


def _unlink(path: Path) -> list[Path]:
    try:
        path.unlink()
    except FileNotFoundError:
        return []
    return [path]


# --- starting with the desktop -----------------------------------------------------------------


def set_autostart(enabled: bool, command: Sequence[str] | None = None) -> Path | str | None:
    """The settings' "start with the desktop" switch. Returns where it is recorded (a file or a
    registry value), or None when it was switched off. Whether the window then starts hidden
    in the tray is the start_minimised setting."""
    if sys.platform == "win32":
        return set_autostart_windows(enabled, command)
    if sys.platform == "darwin":
        return set_autostart_macos(enabled, command)
    return set_autostart_linux(enabled, command)


def autostart_enabled() -> bool:
    """The switch's current state, read from where set_autostart (or the installer) wrote it."""
    if sys.platform == "win32":
        return autostart_enabled_windows()
    if sys.platform == "darwin":
        return launch_agent_file().exists()
    return autostart_enabled_linux()


def autostart_file() -> Path:
    return registration.config_home() / "autostart" / registration.DESKTOP_ID


def set_autostart_linux(enabled: bool, command: Sequence[str] | None = None) -> Path | None:
    path = autostart_file()
    if not enabled:
        _unlink(path)
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    text = registration.render_template(AUTOSTART_TEMPLATE, command or registration.launcher())
    path.write_text(text, encoding="utf-8")
    return path


def autostart_enabled_linux() -> bool:
    """XDG autostart: the file exists and neither Hidden=true nor a GNOME switch turns it off."""
    try:
        text = autostart_file().read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        return False
    lines = {line.strip() for line in text.splitlines()}
    return "Hidden=true" not in lines and "X-GNOME-Autostart-enabled=false" not in lines


def _run_line(command: Sequence[str]) -> str:
    return " ".join(f'"{part}"' for part in command)


def set_autostart_windows(
    enabled: bool, command: Sequence[str] | None = None, registry: Any = None
) -> str | None:
    reg = registry or _winreg()
    with reg.CreateKey(reg.HKEY_CURRENT_USER, RUN_KEY) as key:
        if enabled:
            line = _run_line(command or registration.launcher())
            reg.SetValueEx(key, RUN_VALUE, 0, reg.REG_SZ, line)
            return rf"HKEY_CURRENT_USER\{RUN_KEY}\{RUN_VALUE}"
        with contextlib.suppress(OSError):
            reg.DeleteValue(key, RUN_VALUE)
    return None


def autostart_enabled_windows(registry: Any = None) -> bool:
    reg = registry or _winreg()
    try:
        with reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY) as key:
            value, _kind = reg.QueryValueEx(key, RUN_VALUE)
    except OSError:
        return False
    return bool(value)


def _winreg() -> Any:
    import winreg  # noqa: PLC0415 - Windows only

    return winreg


def launch_agent_file() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT}.plist"


def set_autostart_macos(enabled: bool, command: Sequence[str] | None = None) -> Path | None:
    path = launch_agent_file()
    if not enabled:
        _unlink(path)
        return None
    agent = {
        "Label": LAUNCH_AGENT,
        "ProgramArguments": list(command or registration.launcher()),
        "RunAtLoad": True,
        # An app the user works with, not a daemon: launchd must not throttle or restart it.
        "ProcessType": "Interactive",
        "KeepAlive": False,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(plistlib.dumps(agent))
    return path
