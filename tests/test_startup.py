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
def test_nothing_heavy_loads_before_the_first_paint_nor_rare_parts_by_idle() -> None:
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
    idle = next(line for line in result.stdout.splitlines() if line.startswith("rss-kib "))
    assert "loaded:" not in idle, f"loaded at start, not on first use: {idle}"
    assert "gc-off" not in idle, "no collector on the Qt thread once the window is up"
    # The breakdown's milestones are printed only when the benchmark asks for them.
    assert "milestone " not in result.stderr


@pytest.mark.slow
def test_the_breakdown_gets_every_start_up_step_in_order() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OMIDESK_BENCH="1", OMIDESK_MILESTONES="1")
    result = subprocess.run(
        [sys.executable, "-m", "omidesk", "--demo", "--quit-after", "1.5"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    steps = [line.split() for line in result.stderr.splitlines() if line.startswith("milestone ")]
    names = [step[1] for step in steps]
    for expected in ("python_and_launch", "first_paint", "build_the_services", "idle"):
        assert expected in names, names
    assert names.index("first_paint") < names.index("build_the_services") < names.index("idle")
    times = [float(step[2]) for step in steps]
    assert times == sorted(times)
    assert all(int(step[4]) > 0 for step in steps)  # the resident memory by then


@pytest.mark.slow
def test_an_agent_whose_key_is_not_in_the_keyring_starts_without_loading_it(
    sandbox: Sandbox,
) -> None:
    # The key from the environment (or the fallback file where no keyring works): the
    # keyring and its backends (~12 MiB, child processes on Linux) are for first need only.
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        OMIDESK_BENCH="1",
        OMIDESK_BASE_URL=sandbox.base_url,
        OMIDESK_API_KEY=sandbox.api_key,
        OMIDESK_EXTENSION="101",
        OMIDESK_HOTLINE=sandbox.hotlines[0],
    )
    result = subprocess.run(
        [sys.executable, "-m", "omidesk", "--quit-after", "1.5"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    idle = next(line for line in result.stdout.splitlines() if line.startswith("rss-kib "))
    assert "loaded:" not in idle, f"loaded at start, not on first use: {idle}"


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


# What `omidesk call` never uses: other command groups' modules, their help texts, the
# contact files and how calls ended (the history's). Each is milliseconds of a command
# whose whole point is to be quick.
NOT_FOR_A_CALL = (
    "omidesk.autocall",
    "omidesk.domain.autocall",
    "omidesk.store.autocall",
    "omidesk.routing",
    "omidesk.domain.owners",
    "omidesk.domain.call_results",
    "omidesk.domain.routing_texts",
    "omidesk.domain.partner_texts",
    "omidesk.domain.tenants",
    "omidesk.omicall.partner",
    "omidesk.domain.contact_files",
    "omidesk.infra.contact_files",
    "omidesk.usecases.recover",
)


def test_a_call_loads_no_other_command_groups_modules(configured: Sandbox) -> None:
    probe = (
        "import sys\n"
        "from omidesk.launch import main\n"
        "code = main(['call', '0901234567', '--json'])\n"
        f"unused = {NOT_FOR_A_CALL!r}\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(unused))\n"
        "print(code, 'loaded:', ' '.join(loaded))\n"
    )
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="tests.fake_keyring.FileKeyring")
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    # The call was placed: the modules below were not needed for it.
    assert len(configured.click2calls()) == 1, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == "0 loaded:", result.stderr


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
