"""tel:/callto: handler registration in a temporary home (Linux files, a fake Windows registry)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from omidesk.desktop import registration
from tests.conftest import run_cli, system_tool

# Writes real desktop files and runs `omidesk` and the validators as processes.
pytestmark = pytest.mark.integration

COMMAND = ["/opt/omidesk/bin/omidesk"]
WINDOWS_COMMAND = [r"C:\OmiDesk\omidesk.exe"]
WINDOWS_LINE = '"C:\\OmiDesk\\omidesk.exe" "%1"'
SKYPE_LINE = '"C:\\Program Files\\Skype\\Skype.exe" /uri:"%1"'
OTHER_APPS = """\
# kept as written
[Default Applications]
x-scheme-handler/http=firefox.desktop;
x-scheme-handler/mailto=thunderbird.desktop;

[Added Associations]
x-scheme-handler/http=firefox.desktop;
x-scheme-handler/tel=skype.desktop;
"""


@pytest.fixture
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A temporary home: the user's applications folder and mimeapps.list live under it."""
    folders = {
        "HOME": tmp_path / "user",
        "XDG_DATA_HOME": tmp_path / "user" / "data",
        "XDG_CONFIG_HOME": tmp_path / "user" / "config",
    }
    for name, folder in folders.items():
        folder.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(folder))
    return folders


def desktop_path(xdg: dict[str, Path]) -> Path:
    return xdg["XDG_DATA_HOME"] / "applications" / "omidesk.desktop"


def mimeapps_path(xdg: dict[str, Path]) -> Path:
    return xdg["XDG_CONFIG_HOME"] / "mimeapps.list"


def sections(path: Path) -> dict[str, dict[str, str]]:
    """mimeapps.list read the way desktops read it: section → key → value."""
    result: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            current = result.setdefault(line[1:-1], {})
        elif "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            assert key.strip() not in current, f"duplicate {key} in {path}"
            current[key.strip()] = value.strip()
    return result


def validate(path: Path) -> None:
    """desktop-file-validate's verdict on the entry (a visible skip where it is missing)."""
    validator = system_tool("desktop-file-validate", "desktop-file-utils")
    result = subprocess.run([validator, str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower(), result.stdout


def entry(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line and not line.startswith("#"))


# --- Linux -----------------------------------------------------------------------------------


def test_register_writes_the_desktop_entry_and_the_defaults(xdg: dict[str, Path]) -> None:
    report = registration.register_linux(command=COMMAND)

    assert report.ok
    assert report.render("en") == [
        f"Wrote {desktop_path(xdg)}",
        f"OmiDesk now opens tel: and callto: links (defaults in {mimeapps_path(xdg)}).",
    ]
    written = entry(desktop_path(xdg))
    assert written["Type"] == "Application"
    assert written["MimeType"] == "x-scheme-handler/tel;x-scheme-handler/callto;"
    assert written["Exec"] == "/opt/omidesk/bin/omidesk %u"
    assert written["Name"] == "OmiDesk"
    assert written["NoDisplay"] == "true"
    validate(desktop_path(xdg))
    defaults = sections(mimeapps_path(xdg))["Default Applications"]
    assert defaults == {
        "x-scheme-handler/tel": "omidesk.desktop;",
        "x-scheme-handler/callto": "omidesk.desktop;",
    }

    status = registration.status_linux()
    assert status.ok
    assert status.render("en") == [
        "tel: omidesk.desktop",
        "callto: omidesk.desktop",
        "OmiDesk handles both.",
    ]
    assert registration.default_handlers() == {
        "x-scheme-handler/tel": "omidesk.desktop",
        "x-scheme-handler/callto": "omidesk.desktop",
    }


def test_registering_twice_leaves_one_entry_each(xdg: dict[str, Path]) -> None:
    mimeapps_path(xdg).write_text(OTHER_APPS, encoding="utf-8")
    registration.register_linux(command=COMMAND)
    once = mimeapps_path(xdg).read_text(encoding="utf-8")
    registration.register_linux(command=COMMAND)
    assert mimeapps_path(xdg).read_text(encoding="utf-8") == once


def test_register_keeps_every_other_apps_entry(xdg: dict[str, Path]) -> None:
    mimeapps_path(xdg).write_text(OTHER_APPS, encoding="utf-8")

    registration.register_linux(command=COMMAND)

    text = mimeapps_path(xdg).read_text(encoding="utf-8")
    assert "# kept as written" in text
    found = sections(mimeapps_path(xdg))
    assert found["Default Applications"] == {
        "x-scheme-handler/http": "firefox.desktop;",
        "x-scheme-handler/mailto": "thunderbird.desktop;",
        "x-scheme-handler/tel": "omidesk.desktop;",
        "x-scheme-handler/callto": "omidesk.desktop;",
    }
    # Ours first among the added ones; Skype is still offered for tel: links.
    assert found["Added Associations"] == {
        "x-scheme-handler/http": "firefox.desktop;",
        "x-scheme-handler/tel": "omidesk.desktop;skype.desktop;",
        "x-scheme-handler/callto": "omidesk.desktop;",
    }


def test_unregister_removes_only_what_is_ours(xdg: dict[str, Path]) -> None:
    mimeapps_path(xdg).write_text(OTHER_APPS, encoding="utf-8")
    before = sections(mimeapps_path(xdg))
    registration.register_linux(command=COMMAND)

    report = registration.unregister_linux()

    assert report.ok
    assert report.render("en") == [
        f"Removed {desktop_path(xdg)}",
        f"Removed OmiDesk from {mimeapps_path(xdg)}",
    ]
    assert not desktop_path(xdg).exists()
    assert sections(mimeapps_path(xdg)) == before  # Skype's and Firefox's entries are back
    assert "omidesk" not in mimeapps_path(xdg).read_text(encoding="utf-8")
    assert "# kept as written" in mimeapps_path(xdg).read_text(encoding="utf-8")

    status = registration.status_linux()
    assert not status.ok
    assert status.render("en")[-1] == (
        "Run `omidesk register-handler` to make OmiDesk the handler."
    )


def test_unregister_when_not_registered(xdg: dict[str, Path]) -> None:
    report = registration.unregister_linux()
    assert report.ok
    assert report.render("en") == ["OmiDesk was not registered."]
    assert not mimeapps_path(xdg).exists()  # nothing written for nothing

    mimeapps_path(xdg).write_text(OTHER_APPS, encoding="utf-8")
    assert registration.unregister_linux().render("en") == ["OmiDesk was not registered."]
    assert mimeapps_path(xdg).read_text(encoding="utf-8") == OTHER_APPS


def test_another_default_for_tel_is_replaced_only_on_register(xdg: dict[str, Path]) -> None:
    mimeapps_path(xdg).write_text(
        "[Default Applications]\nx-scheme-handler/tel=skype.desktop;\n", encoding="utf-8"
    )
    assert registration.default_handlers()["x-scheme-handler/tel"] == "skype.desktop"
    status = registration.status_linux()
    assert not status.ok
    assert status.render("en")[0] == "tel: skype.desktop"

    registration.register_linux(command=COMMAND)
    assert registration.default_handlers()["x-scheme-handler/tel"] == "omidesk.desktop"
    # Unregistering drops our default; it does not write Skype's back (see the report).
    registration.unregister_linux()
    assert registration.default_handlers()["x-scheme-handler/tel"] != "omidesk.desktop"


@pytest.mark.parametrize(
    ("command", "exec_line"),
    [
        (["/opt/Omi Desk/bin/omidesk"], '"/opt/Omi Desk/bin/omidesk" %u'),
        (["/usr/bin/python3", "-m", "omidesk"], "/usr/bin/python3 -m omidesk %u"),
        (
            ["/home/an/My Apps/python3", "-m", "omidesk"],
            '"/home/an/My Apps/python3" -m omidesk %u',
        ),
        (["/opt/x;y/omidesk"], '"/opt/x;y/omidesk" %u'),
    ],
)
def test_exec_quoting(xdg: dict[str, Path], command: list[str], exec_line: str) -> None:
    registration.register_linux(command=command)
    assert entry(desktop_path(xdg))["Exec"] == exec_line
    validate(desktop_path(xdg))


# Desktop Entry spec, Exec key: a literal % is %%; inside a quoted argument ", `, $ and \ take
# a backslash, and the string escape (\\ for \) is applied on top, so a literal $ is written
# \\$ and a literal \ four times.
@pytest.mark.parametrize(
    ("command", "exec_line"),
    [
        (["/opt/100%/omidesk"], "/opt/100%%/omidesk %u"),
        (["/opt/a\\b c/omidesk"], '"/opt/a\\\\\\\\b c/omidesk" %u'),
        (["/opt/$HOME/omidesk"], '"/opt/\\\\$HOME/omidesk" %u'),
        (['/opt/say "hi"/omidesk'], '"/opt/say \\\\"hi\\\\"/omidesk" %u'),
    ],
)
def test_exec_escaping_per_spec(xdg: dict[str, Path], command: list[str], exec_line: str) -> None:
    registration.register_linux(command=command)
    assert entry(desktop_path(xdg))["Exec"] == exec_line


# --- the command line ------------------------------------------------------------------------


def test_the_commands(xdg: dict[str, Path]) -> None:
    mimeapps_path(xdg).write_text(OTHER_APPS, encoding="utf-8")

    status = run_cli("register-handler", "--status")
    assert status.code == 4, status.out + status.err
    assert status.out.splitlines()[0].startswith("tel: ")
    assert status.out.splitlines()[-1] == (
        "Run `omidesk register-handler` to make OmiDesk the handler."
    )

    registered = run_cli("register-handler")
    assert registered.code == 0, registered.out + registered.err
    assert registered.out.splitlines() == [
        f"Wrote {desktop_path(xdg)}",
        f"OmiDesk now opens tel: and callto: links (defaults in {mimeapps_path(xdg)}).",
    ]
    assert registered.err == ""
    written = entry(desktop_path(xdg))
    assert written["Exec"].endswith(" %u")
    assert "omidesk" in written["Exec"]
    assert written["MimeType"] == "x-scheme-handler/tel;x-scheme-handler/callto;"

    status = run_cli("register-handler", "--status")
    assert status.code == 0, status.out + status.err
    assert status.out.splitlines() == [
        "tel: omidesk.desktop",
        "callto: omidesk.desktop",
        "OmiDesk handles both.",
    ]

    removed = run_cli("unregister-handler")
    assert removed.code == 0, removed.out + removed.err
    assert removed.out.splitlines() == [
        f"Removed {desktop_path(xdg)}",
        f"Removed OmiDesk from {mimeapps_path(xdg)}",
    ]
    assert not desktop_path(xdg).exists()
    assert sections(mimeapps_path(xdg)) == sections_of(OTHER_APPS, xdg)

    again = run_cli("unregister-handler")
    assert again.code == 0
    assert again.out.splitlines() == ["OmiDesk was not registered."]


def test_the_commands_speak_vietnamese(xdg: dict[str, Path]) -> None:
    result = run_cli("unregister-handler", LANG="vi_VN.UTF-8")
    assert result.code == 0
    assert result.out.splitlines() == ["OmiDesk chưa được đăng ký."]


def sections_of(text: str, xdg: dict[str, Path]) -> dict[str, dict[str, str]]:
    scratch = xdg["HOME"] / "expected.list"
    scratch.write_text(text, encoding="utf-8")
    return sections(scratch)


# --- Windows, on a fake registry -------------------------------------------------------------


class _Key:
    def __init__(self, name: str) -> None:
        self.name = name
        self.values: dict[str, tuple[str, Any, int]] = {}  # folded name → (name, data, type)
        self.subkeys: dict[str, _Key] = {}  # folded name → key


class _Handle:
    def __init__(self, key: _Key, access: int) -> None:
        self.key = key
        self.access = access
        self.closed = False

    def Close(self) -> None:
        self.closed = True

    def __enter__(self) -> _Handle:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.Close()


def _missing() -> OSError:
    return FileNotFoundError(2, "The system cannot find the file specified")


def _denied() -> OSError:
    return PermissionError(13, "Access is denied")


class FakeWinreg:
    """The part of `winreg` that registration.py uses, in memory and with its rules: key and
    value names are case-insensitive, a missing key or value raises OSError, a key with
    subkeys cannot be deleted, a key's unset default value reads as "", handles are context
    managers and writing needs KEY_SET_VALUE."""

    HKEY_CURRENT_USER = 0x80000001
    REG_SZ = 1
    KEY_SET_VALUE = 0x0002
    KEY_READ = 0x20019
    KEY_WRITE = 0x20006
    KEY_ALL_ACCESS = 0xF003F

    def __init__(self) -> None:
        self.hkcu = _Key("HKEY_CURRENT_USER")

    # winreg's API (only what registration.py calls) ---------------------------------------

    def CreateKey(self, key: Any, sub_key: str) -> _Handle:
        return _Handle(self._walk(key, sub_key, create=True), self.KEY_ALL_ACCESS)

    def OpenKey(self, key: Any, sub_key: str, reserved: int = 0, access: int = KEY_READ) -> _Handle:
        return _Handle(self._walk(key, sub_key), access)

    def SetValue(self, key: Any, sub_key: str, type: int, value: str) -> None:
        if type != self.REG_SZ:
            raise TypeError("type must be winreg.REG_SZ")
        self._writable(key)
        target = self._walk(key, sub_key, create=True)
        target.values[""] = ("", value, type)

    def SetValueEx(self, key: Any, value_name: str, reserved: int, type: int, value: Any) -> None:
        self._writable(key)
        self._base(key).values[value_name.lower()] = (value_name, value, type)

    def QueryValue(self, key: Any, sub_key: str | None) -> str:
        target = self._walk(key, sub_key or "")
        return str(target.values.get("", ("", "", self.REG_SZ))[1])

    def EnumKey(self, key: Any, index: int) -> str:
        subkeys = list(self._base(key).subkeys.values())
        if index >= len(subkeys):
            raise OSError(259, "No more data is available")
        return subkeys[index].name

    def DeleteKey(self, key: Any, sub_key: str) -> None:
        *parents, name = sub_key.split("\\")
        parent = self._walk(key, "\\".join(parents))
        target = parent.subkeys.get(name.lower())
        if target is None:
            raise _missing()
        if target.subkeys:
            raise _denied()
        del parent.subkeys[name.lower()]

    def DeleteValue(self, key: Any, value: str) -> None:
        self._writable(key)
        if self._base(key).values.pop(value.lower(), None) is None:
            raise _missing()

    # for the tests -----------------------------------------------------------------------

    def value(self, path: str, name: str = "") -> Any:
        """The data of a value, or None when the key or the value does not exist."""
        try:
            key = self._walk(self.HKEY_CURRENT_USER, path)
        except OSError:
            return None
        found = key.values.get(name.lower())
        return None if found is None else found[1]

    def exists(self, path: str) -> bool:
        try:
            self._walk(self.HKEY_CURRENT_USER, path)
        except OSError:
            return False
        return True

    def dump(self) -> dict[str, dict[str, Any]]:
        """Every key path → its values, to compare whole trees."""
        found: dict[str, dict[str, Any]] = {}

        def visit(key: _Key, path: str) -> None:
            found[path] = {name: data for name, data, _ in key.values.values()}
            for child in key.subkeys.values():
                visit(child, f"{path}\\{child.name}" if path else child.name)

        visit(self.hkcu, "")
        return found

    # inside -------------------------------------------------------------------------------

    def _base(self, key: Any) -> _Key:
        if key == self.HKEY_CURRENT_USER:
            return self.hkcu
        if not isinstance(key, _Handle):
            raise TypeError("not a registry key")
        if key.closed:
            raise OSError(6, "The handle is invalid")
        return key.key

    def _writable(self, key: Any) -> None:
        if isinstance(key, _Handle) and not key.access & self.KEY_SET_VALUE:
            raise _denied()

    def _walk(self, key: Any, sub_key: str, *, create: bool = False) -> _Key:
        current = self._base(key)
        for part in filter(None, sub_key.split("\\")):
            child = current.subkeys.get(part.lower())
            if child is None:
                if not create:
                    raise _missing()
                child = current.subkeys[part.lower()] = _Key(part)
            current = child
        return current


def test_the_fake_registry_behaves_like_winreg() -> None:
    reg = FakeWinreg()
    hkcu = reg.HKEY_CURRENT_USER
    with pytest.raises(OSError):
        reg.OpenKey(hkcu, r"Software\Nothing")
    reg.SetValue(hkcu, r"Software\A\B", reg.REG_SZ, "b")
    assert reg.QueryValue(hkcu, r"software\a\b") == "b"
    assert reg.QueryValue(hkcu, r"Software\A") == ""
    with reg.OpenKey(hkcu, r"Software\A") as key:
        assert reg.EnumKey(key, 0) == "B"
        with pytest.raises(OSError):
            reg.EnumKey(key, 1)
        with pytest.raises(OSError):
            reg.SetValueEx(key, "x", 0, reg.REG_SZ, "read-only handle")
    with pytest.raises(OSError):
        reg.EnumKey(key, 0)  # closed
    with pytest.raises(OSError):
        reg.DeleteKey(hkcu, r"Software\A")  # has a subkey
    reg.DeleteKey(hkcu, r"Software\A\B")
    reg.DeleteKey(hkcu, r"Software\A")
    with pytest.raises(OSError):
        reg.DeleteKey(hkcu, r"Software\A")
    with reg.CreateKey(hkcu, r"Software\C") as key:
        reg.SetValueEx(key, "Name", 0, reg.REG_SZ, "c")
        reg.DeleteValue(key, "name")
        with pytest.raises(OSError):
            reg.DeleteValue(key, "name")


def with_other_apps() -> FakeWinreg:
    """A registry where other apps already live: a browser for http, a registered app."""
    reg = FakeWinreg()
    hkcu = reg.HKEY_CURRENT_USER
    reg.SetValue(hkcu, r"Software\Classes\http\shell\open\command", reg.REG_SZ, "firefox %1")
    with reg.CreateKey(hkcu, r"Software\RegisteredApplications") as key:
        reg.SetValueEx(key, "Firefox", 0, reg.REG_SZ, r"Software\Clients\Firefox\Capabilities")
    return reg


def skype_owns_tel(reg: FakeWinreg) -> None:
    hkcu = reg.HKEY_CURRENT_USER
    reg.SetValue(hkcu, r"Software\Classes\tel", reg.REG_SZ, "URL:Skype tel")
    with reg.CreateKey(hkcu, r"Software\Classes\tel") as key:
        reg.SetValueEx(key, "URL Protocol", 0, reg.REG_SZ, "")
    reg.SetValue(hkcu, r"Software\Classes\tel\DefaultIcon", reg.REG_SZ, "skype.exe,1")
    reg.SetValue(hkcu, r"Software\Classes\tel\shell\open\command", reg.REG_SZ, SKYPE_LINE)


def test_register_windows_writes_the_per_user_classes() -> None:
    reg = with_other_apps()

    report = registration.register_windows(command=WINDOWS_COMMAND, registry=reg)

    assert report.ok
    assert report.render("en")[0] == (
        "Registered tel: and callto: under HKEY_CURRENT_USER\\Software\\Classes."
    )
    for scheme in ("tel", "callto"):
        base = rf"Software\Classes\{scheme}"
        assert reg.value(base) == f"URL:{scheme} protocol"
        assert reg.value(base, "URL Protocol") == ""
        assert reg.value(rf"{base}\shell\open\command") == WINDOWS_LINE
        assert reg.value(rf"Software\Classes\OmiDesk.{scheme}\shell\open\command") == WINDOWS_LINE
        assert reg.value(r"Software\OmiDesk\Capabilities\URLAssociations", scheme) == (
            f"OmiDesk.{scheme}"
        )
    assert reg.value(r"Software\OmiDesk\Capabilities", "ApplicationName") == "OmiDesk"
    assert reg.value(r"Software\OmiDesk\Capabilities", "ApplicationDescription")
    assert reg.value(r"Software\RegisteredApplications", "OmiDesk") == (
        r"Software\OmiDesk\Capabilities"
    )
    assert reg.value(r"Software\RegisteredApplications", "Firefox")
    assert reg.value(r"Software\Classes\http\shell\open\command") == "firefox %1"

    status = registration.status_windows(registry=reg)
    assert status.ok
    assert status.render("en") == [
        f"tel: {WINDOWS_LINE}",
        f"callto: {WINDOWS_LINE}",
        "OmiDesk handles both.",
    ]


def test_unregister_windows_removes_ours_only() -> None:
    reg = with_other_apps()
    before = reg.dump()
    registration.register_windows(command=WINDOWS_COMMAND, registry=reg)

    report = registration.unregister_windows(command=WINDOWS_COMMAND, registry=reg)

    assert report.ok
    assert report.render("en") == ["Removed OmiDesk's tel, callto registration."]
    assert reg.dump() == before  # the browser and the other registered app are untouched
    status = registration.status_windows(registry=reg)
    assert not status.ok
    assert status.render("en") == [
        "tel: —",
        "callto: —",
        "Run `omidesk register-handler` to make OmiDesk the handler.",
    ]

    again = registration.unregister_windows(command=WINDOWS_COMMAND, registry=reg)
    assert again.render("en") == [
        "OmiDesk was not the registered handler; nothing of another app was touched."
    ]
    assert reg.dump() == before


def test_unregister_windows_leaves_another_apps_tel_alone() -> None:
    reg = with_other_apps()
    skype_owns_tel(reg)
    before = reg.dump()
    status = registration.status_windows(registry=reg)
    assert not status.ok
    assert status.render("en")[0] == f"tel: {SKYPE_LINE}"

    report = registration.unregister_windows(command=WINDOWS_COMMAND, registry=reg)

    assert report.render("en") == [
        "OmiDesk was not the registered handler; nothing of another app was touched."
    ]
    assert reg.dump() == before


def test_another_app_taking_tel_back_keeps_it_after_our_unregister() -> None:
    reg = with_other_apps()
    registration.register_windows(command=WINDOWS_COMMAND, registry=reg)
    skype_owns_tel(reg)  # Skype re-registered itself afterwards

    report = registration.unregister_windows(command=WINDOWS_COMMAND, registry=reg)

    assert report.render("en") == ["Removed OmiDesk's callto registration."]
    assert reg.value(r"Software\Classes\tel\shell\open\command") == SKYPE_LINE
    assert reg.value(r"Software\Classes\tel\DefaultIcon") == "skype.exe,1"
    assert not reg.exists(r"Software\Classes\callto")
    assert not reg.exists(r"Software\Classes\OmiDesk.tel")
    assert not reg.exists(r"Software\OmiDesk")
    assert reg.value(r"Software\RegisteredApplications", "OmiDesk") is None
    assert reg.value(r"Software\RegisteredApplications", "Firefox")


def test_unregister_gives_the_default_back_to_the_app_it_replaced(xdg) -> None:
    mimeapps = xdg["XDG_CONFIG_HOME"] / "mimeapps.list"
    mimeapps.parent.mkdir(parents=True, exist_ok=True)
    mimeapps.write_text(
        "[Default Applications]\nx-scheme-handler/tel=skype.desktop;\n"
        "x-scheme-handler/mailto=thunderbird.desktop;\n",
        encoding="utf-8",
    )
    registration.register_linux(command=["/opt/omidesk/bin/omidesk"])
    assert registration.default_handlers()["x-scheme-handler/tel"] == "omidesk.desktop"
    registration.unregister_linux()
    handlers = registration.default_handlers()
    assert handlers["x-scheme-handler/tel"] == "skype.desktop"
    assert handlers["x-scheme-handler/callto"] is None
    assert "x-scheme-handler/mailto=thunderbird.desktop;" in mimeapps.read_text(encoding="utf-8")
