"""Ctrl+C in the terminal that started the window (or `dev.py demo`) quits cleanly: no
traceback, the demo's database and server closed as by the Quit menu."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Starts processes and sends them signals.
pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(sys.platform == "win32", reason="Ctrl+C is SIGINT on Unix"),
]


def _interrupted(command: list[str], ready: str, home: Path) -> tuple[int, str]:
    """Runs `command` in a session of its own, waits for the line `ready` on its output,
    then sends its process group SIGINT, as a terminal does on Ctrl+C."""
    environment = dict(os.environ)
    environment.update(
        OMIDESK_HOME=str(home), OMIDESK_BENCH="1", QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT)
    )
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=environment,
        cwd=ROOT,
        start_new_session=True,
        # Run from a shell script with `&`, the tests would pass SIGINT on ignored: the
        # child gets the default, as a terminal's foreground process has. (One call, no
        # lock taken: safe in the forked child.)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509
    )
    assert process.stdout is not None
    seen: list[str] = []
    for line in process.stdout:
        seen.append(line)
        if ready in line:
            break
    os.killpg(process.pid, signal.SIGINT)
    try:
        rest, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("still running 30 s after Ctrl+C:\n" + "".join(seen))
    return process.returncode, "".join(seen) + rest


def test_ctrl_c_quits_the_window_cleanly(tmp_path: Path) -> None:
    code, output = _interrupted(
        [sys.executable, "-m", "omidesk", "--demo"], "rss-kib", tmp_path / "home"
    )
    assert "Traceback" not in output
    assert code == 0, output


def test_ctrl_c_on_dev_py_prints_no_traceback(tmp_path: Path) -> None:
    # dev.py's own waiting for the app: the child stands for `omidesk --demo`, which quits
    # cleanly on Ctrl+C (the test above).
    child = (
        "import signal, sys, time; signal.signal(signal.SIGINT, lambda *_: sys.exit(0));"
        " print('ready', flush=True); time.sleep(60)"
    )
    script = textwrap.dedent(
        f"""
        import importlib.util, sys
        spec = importlib.util.spec_from_file_location("dev", {str(ROOT / "packaging/dev.py")!r})
        dev = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(dev)
        sys.exit(dev.run_child([sys.executable, "-c", {child!r}]))
        """
    )
    code, output = _interrupted([sys.executable, "-c", script], "ready", tmp_path / "home")
    assert "Traceback" not in output
    assert "KeyboardInterrupt" not in output
    assert code == 130
