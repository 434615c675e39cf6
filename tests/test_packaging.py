"""Packaging: the wheel's contents, the freedesktop templates, the icon renderer, desktop
integration (menu entry, autostart on the three systems), and the installers' registry keys."""

from __future__ import annotations

import configparser
import importlib.util
import os
import plistlib
import re
import shutil
import struct
import subprocess
import sys
import time
import venv
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from omidesk import __version__
from omidesk.desktop import integration, registration
from tests.conftest import ROOT, system_tool
from tests.test_registration import FakeWinreg

# Builds wheels and venvs and runs the desktop validators as processes.
pytestmark = pytest.mark.integration

LINUX = ROOT / "resources" / "linux"
DESKTOP = LINUX / "omidesk.desktop"
AUTOSTART = LINUX / "omidesk-autostart.desktop"
METAINFO = LINUX / "vn.omidesk.OmiDesk.metainfo.xml"
ISS = ROOT / "packaging" / "windows" / "omidesk.iss"
SPEC = ROOT / "packaging" / "pyinstaller" / "omidesk.spec"
COMMAND = ["/opt/omidesk/omidesk"]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


# --- the wheel ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built as `pip wheel` builds it (isolated, setuptools from pyproject)."""
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", out, ROOT],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (found,) = out.glob("omidesk-*.whl")
    return found


@pytest.mark.slow
def test_the_wheel_carries_everything_the_app_reads(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())

    resources = "omidesk/resources"
    for svg in (ROOT / "resources" / "icons").glob("*.svg"):
        assert f"{resources}/icons/{svg.name}" in names
    assert f"{resources}/translations/omidesk_vi.qm" in names
    for template in (DESKTOP, AUTOSTART, METAINFO):
        assert f"{resources}/linux/{template.name}" in names
    # pyproject lists packages by hand: a new subpackage left off it would be missing.
    for source in (ROOT / "omidesk").rglob("*.py"):
        assert source.relative_to(ROOT).as_posix() in names, f"{source} is not in the wheel"
    assert not [name for name in names if "__pycache__" in name or name.startswith("tests/")]


def test_the_wheel_metadata(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    info = f"omidesk-{__version__}.dist-info"
    assert f"Version: {__version__}\n" in archive.read(f"{info}/METADATA").decode()
    entry_points = archive.read(f"{info}/entry_points.txt").decode()
    assert "omidesk = omidesk.launch:main" in entry_points


# --- the freedesktop templates -----------------------------------------------------------------


def desktop_groups(text: str) -> configparser.ConfigParser:
    """A .desktop file read strictly: keys keep their case, a duplicate key is an error."""
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",), strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(text)
    return parser


def test_the_desktop_entry() -> None:
    groups = desktop_groups(DESKTOP.read_text(encoding="utf-8"))
    entry = groups["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "omidesk %u"
    assert entry["Icon"] == integration.ICON_NAME
    assert entry["MimeType"] == "x-scheme-handler/tel;x-scheme-handler/callto;"
    assert entry["MimeType"].split(";")[:-1] == list(registration.MIME_TYPES)
    assert entry["Categories"] == "Office;Telephony;Network;"
    for key in ("GenericName[vi]", "Comment[vi]", "Keywords[vi]"):
        assert entry[key].strip()
    # The window's WM_CLASS class is the application name; Wayland's app id the desktop id.
    app = (ROOT / "omidesk" / "app.py").read_text(encoding="utf-8")
    assert f'setApplicationName("{entry["StartupWMClass"]}")' in app
    assert f'setDesktopFileName("{Path(registration.DESKTOP_ID).stem}")' in app
    assert entry["Actions"] == "dial-clipboard;"
    action = groups["Desktop Action dial-clipboard"]
    assert action["Exec"] == "omidesk dial-clipboard"
    assert action["Name"] and action["Name[vi]"]
    from omidesk.cli import COMMANDS

    assert "dial-clipboard" in COMMANDS


def test_the_autostart_entry() -> None:
    entry = desktop_groups(AUTOSTART.read_text(encoding="utf-8"))["Desktop Entry"]
    assert entry["Exec"] == "omidesk"
    assert entry["X-GNOME-Autostart-enabled"] == "true"
    assert entry["Icon"] == integration.ICON_NAME
    assert "Hidden" not in entry


def test_the_appstream_metainfo() -> None:
    component = ET.parse(METAINFO).getroot()
    assert component.get("type") == "desktop-application"
    assert component.findtext("id") == "vn.omidesk.OmiDesk"
    launchable = component.find("launchable")
    assert launchable is not None
    assert launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP.name
    assert component.findtext("provides/binary") == "omidesk"
    assert {m.text for m in component.iterfind("provides/mediatype")} == set(
        registration.MIME_TYPES
    )
    assert component.find("content_rating") is not None
    paragraphs = component.findall("description/p")
    assert {p.get(XML_LANG) for p in paragraphs} == {None, "vi"}
    # Each release is listed: the newest must be the version being packaged.
    release = component.find("releases/release")
    assert release is not None
    assert release.get("version") == __version__
    # Screenshots only of real, published images (none yet): never a placeholder.
    for image in component.iterfind("screenshots/screenshot/image"):
        assert image.text and image.text.startswith("https://")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(lambda: DESKTOP.read_text(encoding="utf-8"), id="template"),
        pytest.param(lambda: AUTOSTART.read_text(encoding="utf-8"), id="autostart-template"),
        pytest.param(lambda: registration.desktop_entry(COMMAND, menu=True), id="menu"),
        pytest.param(lambda: registration.desktop_entry(COMMAND), id="handler-only"),
        pytest.param(
            lambda: registration.render_template(integration.AUTOSTART_TEMPLATE, COMMAND),
            id="autostart",
        ),
    ],
)
def test_desktop_file_validate(tmp_path: Path, text: Any) -> None:
    path = tmp_path / "omidesk.desktop"
    path.write_text(text(), encoding="utf-8")
    desktop_groups(path.read_text(encoding="utf-8"))  # well-formed everywhere
    validator = system_tool("desktop-file-validate", "desktop-file-utils")
    result = subprocess.run([validator, str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower(), result.stdout


def test_appstreamcli_validate(tmp_path: Path) -> None:
    tool = system_tool("appstreamcli", "appstream")
    result = subprocess.run(
        [tool, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # As installed: the launchable's .desktop file and the icon it names must be found.
    share = tmp_path / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    (share / "metainfo").mkdir()
    shutil.copy(DESKTOP, share / "applications")
    shutil.copy(METAINFO, share / "metainfo")
    integration.render_icons(share / "icons" / "hicolor", sizes=(64, 128))
    result = subprocess.run(
        [tool, "validate-tree", "--no-net", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- icons -------------------------------------------------------------------------------------


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_the_icon_renderer_draws_every_size(tmp_path: Path) -> None:
    written = integration.render_icons(tmp_path / "hicolor")

    assert len(written) == len(integration.ICON_SIZES) + 1
    for size in integration.ICON_SIZES:
        png = tmp_path / "hicolor" / f"{size}x{size}" / "apps" / "omidesk.png"
        assert png_size(png.read_bytes()) == (size, size)
    scalable = tmp_path / "hicolor" / "scalable" / "apps" / "omidesk.svg"
    assert scalable.read_bytes() == (ROOT / "resources" / "icons" / "app.svg").read_bytes()


def icons_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("icons", ROOT / "packaging/linux/icons.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_windows_and_macos_icon_files(tmp_path: Path) -> None:
    icons = icons_script()

    ico = icons.write_ico(tmp_path / "omidesk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, len(icons.ICO_SIZES))
    for index, size in enumerate(icons.ICO_SIZES):
        width, _h, _c, _r, _p, _bpp, length, offset = struct.unpack(
            "<BBBBHHII", ico[6 + 16 * index : 22 + 16 * index]
        )
        assert width == size % 256
        assert png_size(ico[offset : offset + length]) == (size, size)

    icns = icons.write_icns(tmp_path / "omidesk.icns").read_bytes()
    assert icns[:4] == b"icns"
    assert struct.unpack(">I", icns[4:8])[0] == len(icns)
    position, found = 8, {}
    while position < len(icns):
        kind, length = icns[position : position + 4], struct.unpack(">I", icns[position + 4 :][:4])
        found[kind] = png_size(icns[position + 8 : position + length[0]])
        position += length[0]
    assert found == {kind: (size, size) for size, kind in icons.ICNS_TYPES.items()}


# --- desktop integration -----------------------------------------------------------------------


@pytest.fixture
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    folders = {
        "HOME": tmp_path / "user",
        "XDG_DATA_HOME": tmp_path / "user" / "data",
        "XDG_CONFIG_HOME": tmp_path / "user" / "config",
    }
    for name, folder in folders.items():
        folder.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(folder))
    return folders


def test_autostart_on_linux(xdg: dict[str, Path]) -> None:
    autostart = xdg["XDG_CONFIG_HOME"] / "autostart" / "omidesk.desktop"
    assert not integration.autostart_enabled_linux()

    assert integration.set_autostart_linux(True, ["/opt/Omi Desk/omidesk"]) == autostart
    entry = desktop_groups(autostart.read_text(encoding="utf-8"))["Desktop Entry"]
    assert entry["Exec"] == '"/opt/Omi Desk/omidesk"'
    assert entry["X-GNOME-Autostart-enabled"] == "true"
    assert integration.autostart_enabled_linux()
    assert integration.autostart_enabled() == (sys.platform.startswith("linux"))

    assert integration.set_autostart_linux(False) is None
    assert not autostart.exists()
    assert not integration.autostart_enabled_linux()
    assert integration.set_autostart_linux(False) is None  # switching off twice is fine

    # The user can disable an autostart entry in GNOME's or KDE's settings: we read that too.
    integration.set_autostart_linux(True, COMMAND)
    autostart.write_text(autostart.read_text().replace("enabled=true", "enabled=false"))
    assert not integration.autostart_enabled_linux()


def test_the_settings_switch_writes_and_removes_the_autostart_file(xdg: dict[str, Path]) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the XDG autostart folder is Linux's")
    autostart = xdg["XDG_CONFIG_HOME"] / "autostart" / "omidesk.desktop"
    integration.set_autostart(True)
    assert autostart.exists()
    assert integration.autostart_enabled()
    integration.set_autostart(False)
    assert not autostart.exists()
    assert not integration.autostart_enabled()


def test_install_and_uninstall_the_menu_entry(xdg: dict[str, Path]) -> None:
    data = xdg["XDG_DATA_HOME"]
    entry_path = data / "applications" / "omidesk.desktop"

    written = integration.install_desktop_entry(autostart=True, command=COMMAND)

    groups = desktop_groups(entry_path.read_text(encoding="utf-8"))
    assert groups["Desktop Entry"]["Exec"] == "/opt/omidesk/omidesk %u"
    assert "NoDisplay" not in groups["Desktop Entry"]
    assert groups["Desktop Action dial-clipboard"]["Exec"] == "/opt/omidesk/omidesk dial-clipboard"
    for size in integration.ICON_SIZES:
        assert (data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "omidesk.png") in written
    assert integration.autostart_enabled_linux()
    # Installing is not becoming the default handler: that stays the user's explicit choice.
    assert not (xdg["XDG_CONFIG_HOME"] / "mimeapps.list").exists()

    removed = integration.uninstall_desktop_entry()

    assert set(removed) == set(written)
    assert not entry_path.exists()
    assert not list((data / "icons").rglob("*.png"))
    assert not integration.autostart_enabled_linux()


def test_the_menu_entry_and_the_link_handler_share_one_file(xdg: dict[str, Path]) -> None:
    entry_path = xdg["XDG_DATA_HOME"] / "applications" / "omidesk.desktop"
    integration.install_desktop_entry(autostart=False, command=COMMAND, icons=False)

    # register-handler refreshes the command but keeps the installed app in the menu…
    registration.register_linux(command=["/new/omidesk"])
    entry = desktop_groups(entry_path.read_text(encoding="utf-8"))
    assert entry["Desktop Entry"]["Exec"] == "/new/omidesk %u"
    assert "NoDisplay" not in entry["Desktop Entry"]
    assert entry.has_section("Desktop Action dial-clipboard")
    # …and unregister-handler drops only the defaults, not the installed app.
    registration.unregister_linux()
    assert registration.is_menu_entry(entry_path)

    # Uninstalling while OmiDesk is the tel: handler leaves the hidden handler-only entry.
    registration.register_linux(command=COMMAND)
    integration.uninstall_desktop_entry()
    assert entry_path.exists()
    assert not registration.is_menu_entry(entry_path)
    assert registration.status_linux().ok
    registration.unregister_linux()
    assert not entry_path.exists()


class Registry(FakeWinreg):
    """The fake winreg plus QueryValueEx, which reading the Run value needs."""

    def QueryValueEx(self, key: Any, value_name: str) -> tuple[Any, int]:
        found = self._base(key).values.get(value_name.lower())
        if found is None:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        return found[1], found[2]


RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


def test_autostart_on_windows() -> None:
    reg = Registry()
    reg.SetValue(reg.HKEY_CURRENT_USER, RUN_KEY, reg.REG_SZ, "")
    with reg.CreateKey(reg.HKEY_CURRENT_USER, RUN_KEY) as key:
        reg.SetValueEx(key, "Teams", 0, reg.REG_SZ, "teams.exe --autostart")
    assert not integration.autostart_enabled_windows(reg)

    where = integration.set_autostart_windows(True, [r"C:\Omi Desk\omidesk.exe"], reg)

    assert where == rf"HKEY_CURRENT_USER\{RUN_KEY}\OmiDesk"
    assert reg.value(RUN_KEY, "OmiDesk") == r'"C:\Omi Desk\omidesk.exe"'
    assert integration.autostart_enabled_windows(reg)
    assert integration.set_autostart_windows(False, registry=reg) is None
    assert reg.value(RUN_KEY, "OmiDesk") is None
    assert reg.value(RUN_KEY, "Teams") == "teams.exe --autostart"
    assert not integration.autostart_enabled_windows(reg)
    integration.set_autostart_windows(False, registry=reg)  # nothing to remove: fine


def test_autostart_on_macos(xdg: dict[str, Path]) -> None:
    agent = xdg["HOME"] / "Library" / "LaunchAgents" / "vn.omidesk.OmiDesk.plist"
    app = "/Applications/OmiDesk.app/Contents/MacOS/omidesk"
    assert integration.set_autostart_macos(True, [app]) == agent
    loaded = plistlib.loads(agent.read_bytes())
    assert loaded["Label"] == "vn.omidesk.OmiDesk"
    assert loaded["ProgramArguments"] == [app]
    assert loaded["RunAtLoad"] is True
    assert integration.set_autostart_macos(False) is None
    assert not agent.exists()


def test_a_frozen_windows_console_twin_registers_the_windowed_exe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = tmp_path / "omidesk-cli.exe"
    cli.touch()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(cli))
    assert registration.launcher() == [str(cli)]  # no twin beside it: itself
    (tmp_path / "omidesk.exe").touch()
    assert registration.launcher() == [str(tmp_path / "omidesk.exe")]
    monkeypatch.setattr(sys, "executable", str(tmp_path / "omidesk.exe"))
    assert registration.launcher() == [str(tmp_path / "omidesk.exe")]


# --- the installers ----------------------------------------------------------------------------


def iss_sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if re.fullmatch(r"\[[A-Za-z]+\]", stripped):
            current = sections.setdefault(stripped[1:-1], [])
        elif stripped and not stripped.startswith((";", "#")):
            current.append(stripped)
    return sections


def iss_entry(line: str) -> dict[str, str]:
    """`Name: "value"; Name: value` as Inno Setup reads it ("" inside quotes is one quote)."""
    fields: dict[str, str] = {}
    for match in re.finditer(r'(\w+):\s*("(?:[^"]|"")*"|[^;]*)(?:;|$)', line):
        value = match.group(2).strip()
        if value.startswith('"'):
            value = value[1:-1].replace('""', '"')
        fields[match.group(1)] = value
    return fields


def apply_iss_registry(entries: list[dict[str, str]], app: str) -> Registry:
    reg = Registry()
    for entry in entries:
        assert entry["Root"] == "HKCU", entry  # per-user only
        with reg.CreateKey(reg.HKEY_CURRENT_USER, entry["Subkey"]) as key:
            if entry.get("ValueType") == "string":
                data = entry["ValueData"].replace("{app}", app)
                reg.SetValueEx(key, entry["ValueName"], 0, reg.REG_SZ, data)
    return reg


def test_the_windows_installer_writes_what_register_handler_writes() -> None:
    raw = ISS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Inno Setup needs the BOM to read UTF-8"
    sections = iss_sections(raw.decode("utf-8-sig"))
    setup = dict(line.split("=", 1) for line in sections["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["DefaultDirName"] == r"{localappdata}\Programs\OmiDesk"
    assert [iss_entry(line)["Name"] for line in sections["Languages"]] == ["en", "vi"]
    app = r"C:\Users\an\AppData\Local\Programs\OmiDesk"
    exe = [rf"{app}\omidesk.exe"]
    entries = [iss_entry(line) for line in sections["Registry"]]

    links = apply_iss_registry([e for e in entries if e.get("Tasks") == "links"], app)
    expected = Registry()
    registration.register_windows(command=exe, registry=expected)
    assert links.dump() == expected.dump()

    autostart = apply_iss_registry([e for e in entries if e.get("Tasks") == "autostart"], app)
    expected = Registry()
    integration.set_autostart_windows(True, exe, expected)
    assert autostart.dump() == expected.dump()
    assert {e.get("Tasks") for e in entries} == {"links", "autostart"}


def test_the_pyinstaller_spec() -> None:
    text = SPEC.read_text(encoding="utf-8")
    compile(text, str(SPEC), "exec")  # at least valid Python; build.sh runs it for real
    for module in re.findall(r'"(keyring\.backends\.\w+)"', text):
        assert importlib.util.find_spec(module) is not None, f"{module}: no such module"
    assert '"CFBundleURLSchemes": ["tel", "callto"]' in text
    assert "bundle_identifier=APP_ID" in text
    assert 'APP_ID = "vn.omidesk.OmiDesk"' in text
    # The Windows installer starts these two names.
    assert 'executable("omidesk", ' in text
    assert 'executable("omidesk-cli", console=True)' in text


# --- a clean install ----------------------------------------------------------------------------


@pytest.mark.slow
def test_a_clean_venv_with_the_wheel_runs(wheel: Path, tmp_path: Path) -> None:
    """`pip install <wheel>` in an empty virtual environment, then the two commands an IT
    person tries first. Dependencies come from the index (pip's cache makes it quick)."""
    started = time.monotonic()
    target = tmp_path / "venv"
    venv.create(target, with_pip=False, symlinks=os.name != "nt")
    bindir = target / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    # This pip installs into the new environment, which needs no pip of its own.
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", str(wheel)],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    installed = time.monotonic()

    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "OMIDESK_", "VIRTUAL_ENV"))
    }
    env["OMIDESK_HOME"] = str(tmp_path / "home")
    env["QT_QPA_PLATFORM"] = "offscreen"
    omidesk = shutil.which("omidesk", path=str(bindir))
    assert omidesk is not None

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [omidesk, *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,  # not the checkout: only the installed package can be imported
            timeout=120,
            check=False,
        )

    version = run("--version")
    assert version.returncode == 0, version.stdout + version.stderr
    assert version.stdout.strip() == f"omidesk {__version__}"

    window = run("--demo", "--quit-after", "3")
    assert window.returncode == 0, window.stdout + window.stderr
    log = (tmp_path / "home" / "log" / "omidesk.log").read_text(encoding="utf-8")
    for text in (window.stdout, window.stderr, log):
        assert "Traceback" not in text, text
    print(
        f"\nclean venv: install {installed - started:.1f} s, "
        f"runs {time.monotonic() - installed:.1f} s"
    )
