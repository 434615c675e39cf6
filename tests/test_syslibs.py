"""Before Qt aborts: a missing display is said as such, not blamed on a library that is
installed (Qt's own abort names libxcb-cursor0 whatever the cause)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from omidesk.desktop import syslibs
from tests.conftest import ROOT


def test_no_display_variable_is_named(tmp_path: Path) -> None:
    problem = syslibs.display_problem("xcb", {}, x11_sockets=tmp_path)
    assert problem is not None
    assert "no graphical display" in problem
    assert "DISPLAY" in problem
    assert "không tìm thấy màn hình" in problem
    assert "xcb-cursor" not in problem


def test_a_local_display_without_its_socket_is_named(tmp_path: Path) -> None:
    problem = syslibs.display_problem("xcb", {"DISPLAY": ":7"}, x11_sockets=tmp_path)
    assert problem is not None
    assert ":7" in problem


@pytest.mark.parametrize("display", [":7", ":7.0", "unix:7"])
def test_a_running_local_display_is_fine(tmp_path: Path, display: str) -> None:
    (tmp_path / "X7").touch()
    assert syslibs.display_problem("xcb", {"DISPLAY": display}, x11_sockets=tmp_path) is None


def test_a_remote_display_is_left_to_qt(tmp_path: Path) -> None:
    # An X server on another machine (ssh -X forwards as localhost:10.0): nothing to look at.
    remote = {"DISPLAY": "localhost:10.0"}
    assert syslibs.display_problem("xcb", remote, x11_sockets=tmp_path) is None


def test_wayland_without_its_socket_is_named(tmp_path: Path) -> None:
    environ = {"WAYLAND_DISPLAY": "wayland-0", "XDG_RUNTIME_DIR": str(tmp_path)}
    assert syslibs.display_problem("wayland", environ) is not None
    (tmp_path / "wayland-0").touch()
    assert syslibs.display_problem("wayland", environ) is None


@pytest.mark.parametrize("platform", ["offscreen", "minimal", "windows", "cocoa"])
def test_platforms_without_a_display_server_need_none(platform: str, tmp_path: Path) -> None:
    assert syslibs.display_problem(platform, {}, x11_sockets=tmp_path) is None


@pytest.mark.integration
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 and Wayland are Linux's")
def test_the_window_without_a_display_says_so_and_exits(tmp_path: Path) -> None:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    environment["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-m", "omidesk", "--demo"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "no graphical display" in result.stderr
    assert "xcb-cursor" not in result.stderr
    assert "Traceback" not in result.stderr
