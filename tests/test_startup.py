"""Start-up budget and logs as a real process: what loads before the first paint, what the
command line loads, where the log is, and that a debug session's log holds no secret."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from omidesk.infra.paths import default_paths
from omidesk.sandbox.server import Sandbox
from tests.conftest import ROOT, run_cli

# Starts `omidesk` as a process.
pytestmark = pytest.mark.integration


@pytest.mark.slow
def test_nothing_heavy_loads_before_the_first_paint() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OMIDESK_BENCH="1")
    result = subprocess.run(
        [sys.executable, "-m", "omidesk", "--demo", "--quit-after", "1"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    painted = next(line for line in result.stdout.splitlines() if line.startswith("first-paint"))
    assert painted == "first-paint", f"loaded before the first paint: {painted}"
    assert any(line.startswith("rss-kib ") for line in result.stdout.splitlines())


def test_the_command_line_imports_no_qt() -> None:
    probe = (
        "import sys\n"
        "from omidesk.launch import main\n"
        "code = main(['history', '--json'])\n"
        "print('qt' if any(m.startswith('PySide6') for m in sys.modules) else 'no-qt')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.stdout.strip().splitlines()[-1] == "no-qt", result.stderr


def test_log_path_says_where_the_log_is() -> None:
    result = run_cli("--log-path")
    assert result.code == 0
    assert result.out.strip() == str(default_paths().log_file)


def test_a_debug_session_logs_what_happened_but_no_key_or_token(configured: Sandbox) -> None:
    result = run_cli("--debug", "call", "0901234567")
    assert result.code == 0, result.err
    (post,) = configured.click2calls()
    token = post.headers["authorization"].removeprefix("Bearer ")
    log = default_paths().log_file.read_text(encoding="utf-8")
    assert "POST /api/click2call -> HTTP 200" in log
    assert " DEBUG " in log or " INFO " in log
    assert configured.api_key not in log
    assert token not in log
