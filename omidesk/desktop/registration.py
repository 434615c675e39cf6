"""Registers OmiDesk as the handler of tel: and callto: links for this user, says who
handles them now, and removes only its own registration. No Qt.

Linux: a .desktop entry in the user's applications folder declaring the two schemes, and
the defaults in the user's mimeapps.list (what `xdg-mime default` writes). The entry is the
packaged resources/linux/omidesk.desktop: hidden from menus when only registered as a handler,
visible when desktop integration (integration.py) installed it as an application. Windows: the
per-user HKCU\\Software\\Classes\\tel and \\callto keys, plus an entry under
RegisteredApplications so Windows 10/11 lists OmiDesk in Settings > Default apps.
macOS: the app bundle declares the schemes (CFBundleURLTypes); nothing to write."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from omidesk.domain import messages as txt
from omidesk.domain.i18n import Text
from omidesk.infra import assets

SCHEMES = ("tel", "callto")
DESKTOP_ID = "omidesk.desktop"
MIME_TYPES = tuple(f"x-scheme-handler/{scheme}" for scheme in SCHEMES)


@dataclass(frozen=True, slots=True)
class Report:
    """What a registration step did or found, worded later in the agent's language."""

    ok: bool
    lines: tuple[tuple[Text, dict[str, str]], ...]

    def render(self, lang: str) -> list[str]:
        return [text(lang, **params) for text, params in self.lines]


def launcher() -> list[str]:
    """The command that starts this OmiDesk, for a link handler to run."""
    if getattr(sys, "frozen", False):  # a PyInstaller bundle: the executable itself
        executable = Path(sys.executable)
        # On Windows the bundle has a console twin for terminals (omidesk-cli.exe): links and
        # autostart must start the windowed omidesk.exe, or a console window opens with it.
        windowed = executable.with_name(executable.name.replace("omidesk-cli", "omidesk"))
        return [str(windowed if windowed.exists() else executable)]
    # The script installed with this interpreter first: another omidesk earlier on the PATH
    # (a pipx one, an old virtual environment) is not the OmiDesk that is running.
    beside = Path(sysconfig.get_path("scripts")) / ("omidesk.exe" if os.name == "nt" else "omidesk")
    if beside.is_file():
        return [str(beside)]
    script = shutil.which("omidesk")
    if script:
        return [os.path.abspath(script)]
    return [sys.executable, "-m", "omidesk"]


# --- Linux / freedesktop -----------------------------------------------------------------


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def config_home() -> Path:
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")


def desktop_file() -> Path:
    return data_home() / "applications" / DESKTOP_ID


def mimeapps_file() -> Path:
    return config_home() / "mimeapps.list"


def _quote(argument: str) -> str:
    """One argument of an Exec line, per the Desktop Entry spec: a literal % is %%; an
    argument with reserved characters is quoted, with ", `, $ and \\ backslash-escaped
    inside the quotes; then the general string escape doubles every backslash."""
    argument = argument.replace("%", "%%")
    if any(ch in argument for ch in " \t\n\"'\\><~|&;$*?#()`"):
        inner = argument.replace("\\", "\\\\")
        for special in ('"', "`", "$"):
            inner = inner.replace(special, "\\" + special)
        argument = f'"{inner}"'
    return argument.replace("\\", "\\\\")


def render_template(name: str, command: Sequence[str], *, menu: bool = True) -> str:
    """The packaged entry `name` (resources/linux) with every `Exec=omidesk …` starting
    `command` instead. `menu=False` keeps only the main group, without Actions, and hides it
    from menus (NoDisplay): a link handler the user did not ask to see as an application."""
    program = " ".join(_quote(part) for part in command)
    out: list[str] = []
    group = ""
    for line in assets.path("linux", name).read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            continue  # the template's comments explain the template, not the user's copy
        if stripped.startswith("[") and stripped.endswith("]"):
            group = stripped[1:-1]
        if not menu and (group != "Desktop Entry" or line.startswith("Actions=")):
            continue
        if line.startswith("Exec="):
            arguments = line.removeprefix("Exec=").split(" ", 1)[1:]
            out.append(" ".join(["Exec=" + program, *arguments]))
        else:
            out.append(line)
    text = "\n".join(out).strip("\n") + "\n"
    if not menu:
        text += "NoDisplay=true\n"
    return text


def desktop_entry(command: Sequence[str], *, menu: bool = False) -> str:
    return render_template(DESKTOP_ID, command, menu=menu)


def is_menu_entry(path: Path) -> bool:
    """Whether `path` is the application's menu entry (installed by desktop integration)
    rather than the hidden handler-only entry that register-handler writes by itself."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (FileNotFoundError, UnicodeDecodeError):
        return False
    return "NoDisplay=true" not in (line.strip() for line in lines)


def _read_sections(path: Path) -> list[tuple[str, list[str]]]:
    """mimeapps.list as (section, lines) in order, so unrelated lines survive untouched."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return sections
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            sections.append((stripped[1:-1], []))
        else:
            sections[-1][1].append(line)
    return sections


def _write_sections(path: Path, sections: list[tuple[str, list[str]]]) -> None:
    out: list[str] = []
    for name, lines in sections:
        if name:
            out.append(f"[{name}]")
        out.extend(lines)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".omidesk-tmp")
    temp.write_text("\n".join(out).strip("\n") + "\n", encoding="utf-8")
    os.replace(temp, path)


def _section(sections: list[tuple[str, list[str]]], name: str) -> list[str]:
    for section, lines in sections:
        if section == name:
            return lines
    added: list[str] = []
    sections.append((name, added))
    return added


def _key(line: str) -> str:
    return line.split("=", 1)[0].strip() if "=" in line else ""


def default_handlers() -> dict[str, str | None]:
    """mime type → the desktop id handling it by default for this user (None: nobody)."""
    handlers: dict[str, str | None] = dict.fromkeys(MIME_TYPES)
    for name, lines in _read_sections(mimeapps_file()):
        if name != "Default Applications":
            continue
        for line in lines:
            if _key(line) in handlers:
                handlers[_key(line)] = line.split("=", 1)[1].strip().split(";")[0] or None
    if all(value is None for value in handlers.values()) and shutil.which("xdg-mime"):
        for mime in MIME_TYPES:
            answer = subprocess.run(
                ["xdg-mime", "query", "default", mime], capture_output=True, text=True, check=False
            )
            handlers[mime] = answer.stdout.strip() or None
    return handlers


def register_linux(command: Sequence[str] | None = None) -> Report:
    path = desktop_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Installed as an application already: stay in the menu, only refresh the command.
    menu = is_menu_entry(path)
    path.write_text(desktop_entry(command or launcher(), menu=menu), encoding="utf-8")
    sections = _read_sections(mimeapps_file())
    defaults = _section(sections, "Default Applications")
    replaced = {
        _key(line): line.split("=", 1)[1].strip()
        for line in defaults
        if _key(line) in MIME_TYPES and DESKTOP_ID not in line.split("=", 1)[1]
    }
    if replaced:
        # Becoming the default was asked for; giving it back on unregister is polite.
        _previous_file().parent.mkdir(parents=True, exist_ok=True)
        _previous_file().write_text(json.dumps(replaced), encoding="utf-8")
    defaults[:] = [line for line in defaults if _key(line) not in MIME_TYPES]
    defaults.extend(f"{mime}={DESKTOP_ID};" for mime in MIME_TYPES)
    added = _section(sections, "Added Associations")
    for mime in MIME_TYPES:
        for index, line in enumerate(added):
            if _key(line) == mime:
                apps = [app for app in line.split("=", 1)[1].split(";") if app]
                if DESKTOP_ID not in apps:
                    added[index] = f"{mime}={';'.join([DESKTOP_ID, *apps])};"
                break
        else:
            added.append(f"{mime}={DESKTOP_ID};")
    _write_sections(mimeapps_file(), sections)
    refresh_database(path.parent)
    return Report(
        True,
        (
            (txt.REG_WROTE, {"path": str(path)}),
            (txt.REG_LINUX_DONE, {"path": str(mimeapps_file())}),
        ),
    )


def unregister_linux() -> Report:
    lines: list[tuple[Text, dict[str, str]]] = []
    path = desktop_file()
    # The menu entry of an installed OmiDesk stays: without the defaults below it is one
    # candidate for tel: links among others, like any installed app declaring the scheme.
    if path.exists() and not is_menu_entry(path):
        path.unlink()
        lines.append((txt.REG_REMOVED, {"path": str(path)}))
    sections = _read_sections(mimeapps_file())
    changed = False
    for _name, entries in sections:
        for index, line in enumerate(list(entries)):
            if _key(line) not in MIME_TYPES:
                continue
            apps = [app for app in line.split("=", 1)[1].split(";") if app]
            if DESKTOP_ID not in apps:
                continue  # another app's registration: not ours to touch
            remaining = [app for app in apps if app != DESKTOP_ID]
            entries[index] = f"{_key(line)}={';'.join(remaining)};" if remaining else ""
            changed = True
        entries[:] = [entry for entry in entries if entry != ""]
    previous = _read_previous()
    if changed and previous:
        # Give the defaults back to the apps OmiDesk replaced, unless set meanwhile.
        defaults = _section(sections, "Default Applications")
        taken = {_key(line) for line in defaults}
        defaults.extend(f"{mime}={value}" for mime, value in previous.items() if mime not in taken)
    with contextlib.suppress(FileNotFoundError):
        _previous_file().unlink()
    if changed:
        _write_sections(mimeapps_file(), sections)
        lines.append((txt.REG_REMOVED_DEFAULTS, {"path": str(mimeapps_file())}))
    refresh_database(path.parent)
    return Report(True, tuple(lines) or ((txt.REG_NOT_REGISTERED, {}),))


def _previous_file() -> Path:
    return config_home() / "omidesk" / "replaced-link-handlers.json"


def _read_previous() -> dict[str, str]:
    try:
        data = json.loads(_previous_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items() if str(k) in MIME_TYPES}


def status_linux() -> Report:
    handlers = default_handlers()
    lines = [_handler_line(mime.split("/")[1], handlers[mime]) for mime in MIME_TYPES]
    ours = all(handlers[mime] == DESKTOP_ID for mime in MIME_TYPES)
    lines.append((txt.REG_OURS if ours else txt.REG_NOT_OURS, {}))
    return Report(ours, tuple(lines))


def _handler_line(scheme: str, handler: str | None) -> tuple[Text, dict[str, str]]:
    if handler:
        return txt.REG_HANDLER, {"scheme": scheme, "handler": handler}
    return txt.REG_HANDLER, {"scheme": scheme, "handler": "—"}


def refresh_database(folder: Path) -> None:
    tool = shutil.which("update-desktop-database")
    if tool:
        subprocess.run([tool, str(folder)], capture_output=True, check=False)


# --- Windows -----------------------------------------------------------------------------

APP_KEY = r"Software\OmiDesk"


def _windows_command(command: Sequence[str]) -> str:
    return " ".join(f'"{part}"' for part in command) + ' "%1"'


def register_windows(command: Sequence[str] | None = None, registry: Any = None) -> Report:
    reg = registry or _winreg()
    line = _windows_command(command or launcher())
    hkcu = reg.HKEY_CURRENT_USER
    for scheme in SCHEMES:
        base = rf"Software\Classes\{scheme}"
        reg.SetValue(hkcu, base, reg.REG_SZ, f"URL:{scheme} protocol")
        with reg.CreateKey(hkcu, base) as key:
            reg.SetValueEx(key, "URL Protocol", 0, reg.REG_SZ, "")
        reg.SetValue(hkcu, rf"{base}\shell\open\command", reg.REG_SZ, line)
        reg.SetValue(
            hkcu, rf"Software\Classes\OmiDesk.{scheme}\shell\open\command", reg.REG_SZ, line
        )
    with reg.CreateKey(hkcu, rf"{APP_KEY}\Capabilities") as key:
        reg.SetValueEx(key, "ApplicationName", 0, reg.REG_SZ, "OmiDesk")
        reg.SetValueEx(key, "ApplicationDescription", 0, reg.REG_SZ, "Click-to-call for OMICall")
    with reg.CreateKey(hkcu, rf"{APP_KEY}\Capabilities\URLAssociations") as key:
        for scheme in SCHEMES:
            reg.SetValueEx(key, scheme, 0, reg.REG_SZ, f"OmiDesk.{scheme}")
    with reg.CreateKey(hkcu, r"Software\RegisteredApplications") as key:
        reg.SetValueEx(key, "OmiDesk", 0, reg.REG_SZ, rf"{APP_KEY}\Capabilities")
    return Report(True, ((txt.REG_WINDOWS_DONE, {}), (txt.REG_WINDOWS_CHOOSE, {})))


def _ours(reg: Any, scheme: str, command: Sequence[str] | None) -> bool:
    try:
        value = reg.QueryValue(
            reg.HKEY_CURRENT_USER, rf"Software\Classes\{scheme}\shell\open\command"
        )
    except OSError:
        return False
    return "omidesk" in value.lower() or value == _windows_command(command or launcher())


def unregister_windows(command: Sequence[str] | None = None, registry: Any = None) -> Report:
    reg = registry or _winreg()
    hkcu = reg.HKEY_CURRENT_USER
    removed: list[str] = []
    for scheme in SCHEMES:
        if _ours(reg, scheme, command):
            _delete_tree(reg, hkcu, rf"Software\Classes\{scheme}")
            removed.append(scheme)
        _delete_tree(reg, hkcu, rf"Software\Classes\OmiDesk.{scheme}")
    _delete_tree(reg, hkcu, APP_KEY)
    with (
        contextlib.suppress(OSError),
        reg.OpenKey(hkcu, r"Software\RegisteredApplications", 0, reg.KEY_SET_VALUE) as key,
    ):
        reg.DeleteValue(key, "OmiDesk")
    if removed:
        return Report(True, ((txt.REG_WINDOWS_REMOVED, {"schemes": ", ".join(removed)}),))
    return Report(True, ((txt.REG_WINDOWS_UNTOUCHED, {}),))


def status_windows(registry: Any = None) -> Report:
    reg = registry or _winreg()
    lines = []
    ours = True
    for scheme in SCHEMES:
        try:
            value = reg.QueryValue(
                reg.HKEY_CURRENT_USER, rf"Software\Classes\{scheme}\shell\open\command"
            )
        except OSError:
            value = ""
        lines.append(_handler_line(scheme, value or None))
        ours = ours and "omidesk" in value.lower()
    lines.append((txt.REG_OURS if ours else txt.REG_NOT_OURS, {}))
    return Report(ours, tuple(lines))


def _delete_tree(reg: Any, root: Any, path: str) -> None:
    try:
        with reg.OpenKey(root, path, 0, reg.KEY_READ) as key:
            children = []
            index = 0
            while True:
                try:
                    children.append(reg.EnumKey(key, index))
                except OSError:
                    break
                index += 1
    except OSError:
        return
    for child in children:
        _delete_tree(reg, root, rf"{path}\{child}")
    with contextlib.suppress(OSError):
        reg.DeleteKey(root, path)


def _winreg() -> Any:
    import winreg  # noqa: PLC0415 - Windows only

    return winreg


# --- the platform's own ----------------------------------------------------------------

MAC_NOTE: tuple[tuple[Text, dict[str, str]], ...] = ((txt.REG_MAC, {}),)


def register() -> Report:
    if sys.platform == "win32":
        return register_windows()
    if sys.platform == "darwin":
        return Report(True, MAC_NOTE)
    return register_linux()


def unregister() -> Report:
    if sys.platform == "win32":
        return unregister_windows()
    if sys.platform == "darwin":
        return Report(True, MAC_NOTE)
    return unregister_linux()


def status() -> Report:
    if sys.platform == "win32":
        return status_windows()
    if sys.platform == "darwin":
        return Report(False, MAC_NOTE)
    return status_linux()
