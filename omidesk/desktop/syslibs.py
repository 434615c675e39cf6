"""System libraries Qt needs on Linux: found missing before Qt aborts, named by their package.

Imports no Qt (that is the point: a missing libxcb-cursor0 makes Qt abort the process with
a message few people understand). `python -m omidesk.desktop.syslibs xcb` prints the
apt command and exits 1 when something is missing."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

# Shared-object name → Debian/Ubuntu package that ships it.
DEBIAN_PACKAGES: dict[str, str] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0",
    "libGLdispatch.so.0": "libglvnd0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libpng16.so.16": "libpng16-16",
    "libharfbuzz.so.0": "libharfbuzz0b",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libz.so.1": "zlib1g",
    "libzstd.so.1": "libzstd1",
    "libexpat.so.1": "libexpat1",
}

# Where a local X server (DISPLAY ":N", ":N.S" or "unix:N") listens.
X11_SOCKETS = Path("/tmp/.X11-unix")
_LOCAL_DISPLAY = re.compile(r"^(?:unix)?:(\d+)(?:\.\d+)?$")

_NOT_FOUND = re.compile(r"^\s*(\S+)\s*=>\s*not found", re.MULTILINE)


def qt_files(platform: str) -> list[Path]:
    """Qt's libraries that must load for `platform` (xcb, wayland, offscreen)."""
    import importlib.util  # noqa: PLC0415

    spec = importlib.util.find_spec("PySide6")  # locates the package without importing Qt
    if spec is None or not spec.submodule_search_locations:
        return []
    qt = Path(next(iter(spec.submodule_search_locations))) / "Qt"
    files = [qt / "lib" / "libQt6Gui.so.6", qt / "lib" / "libQt6Widgets.so.6"]
    plugin = qt / "plugins" / "platforms" / f"libq{platform}.so"
    if plugin.exists():
        files.append(plugin)
    return [path for path in files if path.exists()]


def parse_ldd(output: str) -> list[str]:
    """The shared objects ldd could not find, once each, in order."""
    return list(dict.fromkeys(_NOT_FOUND.findall(output)))


def missing(platform: str) -> list[str]:
    """Missing shared objects for `platform`; empty off Linux or where ldd is absent."""
    if not sys.platform.startswith("linux"):
        return []
    import shutil  # noqa: PLC0415 - only when the check really runs (no stamp yet)
    import subprocess  # noqa: PLC0415

    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    found: list[str] = []
    for path in qt_files(platform):
        result = subprocess.run([ldd, str(path)], capture_output=True, text=True, check=False)
        found.extend(parse_ldd(result.stdout))
    return list(dict.fromkeys(found))


def packages(sonames: list[str]) -> list[str]:
    return list(dict.fromkeys(DEBIAN_PACKAGES.get(name, name) for name in sonames))


def advice(platform: str, sonames: list[str]) -> str:
    """The message for the agent or IT: what is missing and the command that fixes it."""
    return (
        f"OmiDesk cannot open its window: Qt's '{platform}' display support needs system "
        f"libraries that are not installed: {', '.join(sonames)}.\n"
        f"On Debian or Ubuntu, install them with:\n"
        f"    sudo apt install {' '.join(packages(sonames))}\n"
        "(OmiDesk không mở được cửa sổ vì thiếu thư viện hệ thống; hãy cài bằng lệnh trên.)"
    )


def display_problem(
    platform: str, environ: Mapping[str, str], *, x11_sockets: Path = X11_SOCKETS
) -> str | None:
    """Why `platform` has no display server to open a window on, or None. Qt aborts in that
    case with a message blaming libxcb-cursor0 (installed or not), so it is said first.
    A remote X display (ssh -X) is left to Qt: nothing here can look at it."""
    if platform == "xcb":
        display = environ.get("DISPLAY", "").strip()
        if not display:
            return _no_display("DISPLAY is not set", "chưa đặt DISPLAY")
        local = _LOCAL_DISPLAY.match(display)
        if local is not None and not (x11_sockets / f"X{local.group(1)}").exists():
            return _no_display(
                f"no X server runs on DISPLAY {display}",
                f"không có máy chủ X nào chạy ở DISPLAY {display}",
            )
    elif platform == "wayland":
        name = environ.get("WAYLAND_DISPLAY", "").strip()
        runtime = environ.get("XDG_RUNTIME_DIR", "").strip()
        if not name:
            return _no_display("WAYLAND_DISPLAY is not set", "chưa đặt WAYLAND_DISPLAY")
        socket = Path(name) if os.path.isabs(name) else Path(runtime or "/nonexistent") / name
        if not socket.exists():
            return _no_display(
                f"no Wayland compositor listens at {socket}",
                f"không có Wayland compositor nào ở {socket}",
            )
    return None


def _no_display(why: str, why_vi: str) -> str:
    return (
        f"OmiDesk cannot open its window: no graphical display was found ({why}).\n"
        "Start it from your desktop session, or use its commands in a terminal, for example "
        "`omidesk call 0901234567` or `omidesk history`.\n"
        f"(OmiDesk không mở được cửa sổ: không tìm thấy màn hình đồ họa ({why_vi}). Hãy chạy "
        "từ phiên làm việc trên màn hình, hoặc dùng lệnh trong terminal, ví dụ "
        "`omidesk call 0901234567` hay `omidesk history`.)"
    )


def platform_in_use() -> str:
    """The Qt platform plugin this process would load."""
    chosen = os.environ.get("QT_QPA_PLATFORM", "").split(":", 1)[0].strip()
    if chosen:
        return chosen
    if os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("DISPLAY"):
        return "wayland"
    return "xcb"


def main(argv: list[str]) -> int:
    platform = argv[0] if argv else platform_in_use()
    no_display = display_problem(platform, os.environ)
    if no_display is not None:
        print(no_display)
        return 1
    absent = missing(platform)
    if absent:
        print(advice(platform, absent))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
